"""A tick list's "another, not listed" row (`other:`): its follow-up asked only when ticked.

A flow's statutory gateways are ticked from the knowledge base; one not listed is named
in a later optional text field ("Another Act and section that allows it"). Asked after
every flow's list, that field is a prompt nearly always left empty. With `other:
other_gateway` on the list, the wizard adds a last row "Another, not listed here", and
asks the text field only when that row is ticked; left unticked, the text field is left
empty unasked. The row is never saved: the list's answer holds only real choices, and
the text field keeps its own answer, so answers files read as before. See
docs/question-trees.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sharewiz.model.tree import Choice, Question

OTHER = "\x00other"
OTHER_LABEL = "Another, not listed here (you name it next"


def with_other_row(
    question: Question, context: Mapping[str, Any], default: Any
) -> tuple[Question, Any]:
    """The question with its "another" row, and the default with that row ticked where
    the entry names another already (`context`: the entry's answers so far)."""
    if not question.other or question.type != "multi" or not question.choices:
        return question, default
    named = context.get(question.other)
    row = Choice(OTHER, f"{OTHER_LABEL}{': ' + named if named else ''})")
    question = replace(question, choices=(*question.choices, row))
    if named:
        default = [*(default or []), OTHER]
    return question, default


def settle_other(field: Question, entry: dict[str, Any]) -> list[str]:
    """After `field` is answered in `entry`: take its "another" row out of the answer.

    Returns the text field to leave unasked (emptied, as the row was not ticked), or [].
    """
    if not field.other:
        return []
    values = entry.get(field.id)
    if isinstance(values, list) and OTHER in values:
        entry[field.id] = [v for v in values if v != OTHER]
        return []
    entry[field.other] = None
    return [field.other]
