"""A text field asked of a list's entries in one prompt, a line each (`across: {lines}`).

A notice's five purposes, four of them on public task or a legal obligation, asked "Which
law gives you this task or obligation?" one at a time are four prompts for four short
answers. With `lines:`, once the list is made, the entries that need the field are
listed, numbered, and one multi-line prompt takes one line for each, in that order:

      One line for each of these, in this order:
      1. To teach pupils, support their learning and report on their progress
      2. To send the school census to the Department for Education
    ? Which law gives you each of these tasks or obligations?

Each line is checked as the field's own prompt checks an answer, and an answer typed
after its entry's name and a colon ("2. To send ...: Education Act 1996, s537A") is
read without them. A line answers its entry as a typed answer does, so the text after a
colon still answers the field's `split_at_colon` field ("6 years: deleted from the case
system"). Used where two or more entries need the field; an entry alone, an entry added
or changed from the review, and `update` ask it as usual. The answers file is unchanged.

Ctrl-C in the prompt keeps everything answered before it, and `--resume` asks the
prompt again: the lines are saved together, once they all fit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sharewiz.cli.asking.entry_shortcuts import settled_by
from sharewiz.cli.asking.help_text import help_for
from sharewiz.cli.asking.lines import LINES_HINT
from sharewiz.cli.asking.position import Position
from sharewiz.cli.asking.prompts import ask_lines
from sharewiz.cli.console import print_prose
from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.tree import Question

if TYPE_CHECKING:
    from sharewiz.cli.asking.groups import GroupEditor


def offers_lines(field: Question) -> bool:
    """Whether a field is asked of the entries that need it in one prompt, a line each."""
    return field.across is not None and bool(field.across.lines)


def listed(labels: Sequence[str]) -> list[str]:
    """What is said above the prompt: the entries that need the field, numbered, in the
    order the lines answer them."""
    return ["One line for each of these, in this order:",
            *(f"{n}. {label}" for n, label in enumerate(labels, 1))]  # fmt: skip


def read_answer_lines(field: Question, labels: Sequence[str], text: str) -> list[Any]:
    """One answer per entry from the lines typed, in order; InvalidAnswer naming the fix.

    Blank lines are skipped. A line may start with its entry's number ("2." or "2)") or
    its name and a colon, as the prompt lists them: both are left out of the answer.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) != len(labels):
        raise InvalidAnswer(
            f"Type {len(labels)} lines, one for each of them in the order shown; "
            f"there {'is' if len(lines) == 1 else 'are'} {len(lines)}."
        )
    answers = []
    for number, (line, label) in enumerate(zip(lines, labels, strict=True), 1):
        value = _without_label(line, number, label)
        if not value:
            raise InvalidAnswer(f"Line {number} ({label}) needs an answer after its name.")
        try:
            answers.append(coerce(field, value))
        except InvalidAnswer as exc:
            raise InvalidAnswer(f"Line {number} ({label}): {exc}") from None
    return answers


def _without_label(line: str, number: int, label: str) -> str:
    """The answer in a line, without a leading "2." or "2)" or the entry's name and colon."""
    line = re.sub(rf"^{number}[.)]\s+", "", line)
    if label and line.casefold().startswith(label.casefold()):
        rest = line[len(label) :].lstrip()
        if rest.startswith(":"):
            return rest[1:].strip()
    return line


def ask_lines_across(editor: GroupEditor, field: Question) -> None:
    """Ask `field` of the entries that need it in one prompt, where two or more do."""
    from sharewiz.cli.asking.across import lacking

    assert field.across is not None
    numbers = lacking(editor, field)[0]
    if len(numbers) < 2:
        return  # one entry: asked as usual
    labels = [editor.label(editor.entries[n - 1]) or f"{editor.item} {n}" for n in numbers]

    def check(text: str) -> bool | str:
        try:
            read_answer_lines(field, labels, text)
        except InvalidAnswer as exc:
            return str(exc)
        return True

    editor.wizard.move_to(Position(editor.group.id, completing=True))
    for line in listed(labels):  # above the prompt: its own lines are wrapped as one text
        print_prose(line, indent=2)
    editor.wizard.show_law(field)  # its law, and that `?` shows its help, as every prompt
    text = ask_lines(field.across.lines, check, hint=LINES_HINT, help_text=help_for(field))
    blank = {q.id: None for q in editor.group.questions}
    for number, value in zip(numbers, read_answer_lines(field, labels, text), strict=True):
        entry = editor.entries[number - 1]
        entry[field.id] = value
        settled_by(editor.group, field, entry, {**editor.context, **blank, **entry})
    editor.save()
