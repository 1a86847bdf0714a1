"""Yes/no questions asked as one tick list (`ask_as_ticks` in the tree).

"Is any of the information sent outside the UK?", "Do you make solely automated
decisions?" and "Do you use it for research?" are independent, and the answer to each
is usually no: one list, "Which of these apply?", asks them at once. Each ticked one is
answered yes and each left unticked no, each under its own id, saved as it is given;
the follow-up questions of a yes come after it in the tree's order, and the review
changes each on its own. See docs/question-trees.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sharewiz.cli.asking.help_text import help_for
from sharewiz.cli.asking.prompts import Option, tick
from sharewiz.model.conditions import default_for, is_asked
from sharewiz.model.tree import Question
from sharewiz.model.tree_ticks import tick_run

if TYPE_CHECKING:
    from sharewiz.cli.asking.wizard import Wizard

TICK_PROMPT = "Which of these apply?"


def ask_as_ticks(wizard: Wizard, first: Question, context: Mapping[str, Any]) -> bool:
    """Ask the tick list that starts at `first`; False where it is asked one by one.

    One by one: fewer than two of its questions still to answer, or one re-asked with
    an earlier answer (`update`, which offers each its old answer).
    """
    section = wizard.tree.section_of(first.id).questions
    run = [q for q in tick_run(section, first)
           if q.id not in wizard.answers and is_asked(q, wizard.tree, context)]  # fmt: skip
    if len(run) < 2 or any(q.id in wizard.defaults for q in run):
        return False
    options = [Option(q.id, q.prompt) for q in run]
    already = [q.id for q in run if default_for(q, context)]  # a yes the answers make likely
    ticked = set(tick(TICK_PROMPT, options, help_text=tick_help(run), ticked=already))
    for question in run:
        wizard.set(question.id, question.id in ticked)
        wizard.asked.add(question.id)
    return True


def tick_help(run: list[Question]) -> str:
    """The list's `?` help: what ticking means, then each question's help and law."""
    parts = ["Tick each that applies; each is a separate answer, and one left unticked "
             "is answered no. You can change each from the review."]  # fmt: skip
    for question in run:
        parts.append(f"\n{question.prompt}\n{help_for(question)}")
    return "\n".join(parts)
