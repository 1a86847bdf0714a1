"""The terminal's size, and text laid out to fit it (lists, help, descriptions)."""

from __future__ import annotations

import shutil
import textwrap


def columns() -> int:
    """The terminal's width in columns (80 when it cannot be told)."""
    return max(40, shutil.get_terminal_size((80, 24)).columns)


def screen_rows() -> int:
    """The terminal's height in rows (24 when it cannot be told)."""
    return max(10, shutil.get_terminal_size((80, 24)).lines)


def tall(help_text: str, choices: int) -> bool:
    """Whether the help and a list of `choices` would not fit on the screen together."""
    rows = shutil.get_terminal_size((80, 24)).lines
    width = columns()
    help_rows = sum(1 + len(line) // width for line in help_text.splitlines())
    return choices > 0 and help_rows + choices + 3 > rows


def wrap_description(text: str | None) -> str | None:
    """Descriptions wrap at words to the screen (the list shows them on its last line)."""
    if not text:
        return None
    width = columns() - 16  # "  Description: " takes the first columns
    return "\n                ".join(textwrap.wrap(" ".join(text.split()), width)) or None


def fit_prompt(message: str, instruction: str | None) -> tuple[str, str | None]:
    """A question and its key hint wrapped at words to the screen, never cut mid-word.

    questionary writes `? message instruction` on one line and the terminal breaks it at
    the last column, mid-word ("organisatio / n?"). The message's lines after the first
    are indented under its first word; the hint goes on a line of its own when it would
    not fit after the last line. Text that fits is returned as it was.
    """
    width = columns() - 1  # the last column would wrap the cursor
    hint = instruction or ""
    if 2 + len(message) + 1 + len(hint.rstrip("\n")) <= width and "\n" not in message:
        return message, instruction
    lines = textwrap.wrap(" ".join(message.split()), width - 2) or [""]
    shown = "\n  ".join(lines)
    if hint and len(lines[-1]) + 2 + 1 + len(hint.split("\n")[0]) > width:
        shown += "\n "  # the hint starts the next line under the message (after a space)
    return shown, instruction
