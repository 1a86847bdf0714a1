"""Defaults the wizard offers in one yes/no (`together`) or takes unasked (`take_default`).

A run of questions whose defaults are usually right (a document's version and dates, an
agreement's standard terms) is listed in words and taken
with one yes; an answer that is nearly always its default (no exception to the usual
rule for a kind of organisation; a signatory's role named by their job title) is taken
unasked and said in one line, and changed from the review.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sharewiz.cli.asking.prompts import confirm
from sharewiz.cli.asking.review import display_value
from sharewiz.cli.console import print_prose
from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.conditions import default_for
from sharewiz.model.tree import Question


def offer_together(run: list[Question], context: Mapping[str, Any]) -> dict[str, Any] | None:
    """List the defaults of `run` (a run of `together` questions) and ask one yes/no.

    Each default may follow from the one before (a review date a year after the
    document's date; the items the parties picked just before supply). Returns the
    values taken, `{}` if the officer said no, or None if not offered: fewer than two
    questions, or a required one without a default that fits.
    """
    values: dict[str, Any] = {}
    for question in run:
        try:
            values[question.id] = coerce(question, default_for(question, {**context, **values}))
        except InvalidAnswer:
            return None  # a default that does not fit: asked, as any other question
    if len(run) < 2 or any(values[q.id] in (None, "", []) for q in run if q.required):
        return None
    for question in run:  # in words: a choice's label, Yes or No, never an id
        print_prose(f"{question.prompt}: {display_value(question, values[question.id])}",
                    indent=2)  # fmt: skip
    if not confirm("Use these? (No: you are asked each one)", default=True):
        return {}
    return values


def take_default(question: Question, context: Mapping[str, Any], current: Any) -> bool:
    """Whether `question` is answered by its default unasked (`take_default`), as is
    usual for it; the officer is told in one line. Never where it has an answer already
    (`current`): a question changed from the review, or re-asked by `update`."""
    if current is not None or question.type == "group":
        return False
    default = default_for(question, context)
    if not question.takes(default):
        return False
    print_prose(f"{question.prompt} {display_value(question, default)} (the usual answer; "
                "change it from the review)", style="dim", indent=2)  # fmt: skip
    return True
