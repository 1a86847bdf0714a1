"""The interactive wizard: triage, questions as prompts, repeating groups, the review.

`prompts` is the only module that imports questionary; the others decide what to ask.
"""

from sharewiz.cli.asking.position import Position, read_position, save_position
from sharewiz.cli.asking.wizard import Wizard

__all__ = ["Position", "Wizard", "read_position", "save_position"]
