"""Defaults the wizard offers in one yes/no (`together`) or takes unasked (`take_default`).

A run of questions whose defaults are usually right (a document's version and dates, an
agreement's standard terms) is listed in words and taken
with one yes; an answer that is nearly always its default (no exception to the usual
rule for a kind of organisation; a signatory's role named by their job title) is taken
unasked and said in one line, and changed from the review. So is an answer the earlier
answers make certain (`take_from`: an agreement's overall frequency, with one data flow),
the line saying where it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sharewiz.cli.asking.prompts import confirm
from sharewiz.cli.asking.review import display_value
from sharewiz.cli.console import print_prose
from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.conditions import default_for, evaluate, expression_context
from sharewiz.model.tree import Question, QuestionTree


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


def take_from(question: Question, context: Mapping[str, Any], current: Any) -> tuple[bool, Any]:
    """`(True, answer)` where the earlier answers make `question`'s answer certain
    (`take_from`), said in one line with the tree's note of where it comes from; else
    `(False, None)`: ask it. Never where it has an answer already (`current`: changed
    from the review, or re-asked by `update`), nor where the expression gives nothing or
    an answer the question would refuse."""
    if current is not None:
        return False, None
    value = certain_answer(question, context)
    if value is None:
        return False, None
    _say_taken(question, value)
    return True, value


def certain_answer(question: Question, context: Mapping[str, Any]) -> Any:
    """The answer `question`'s `take_from` gives for these answers (None: nothing certain)."""
    if not question.take_from:
        return None
    try:
        value = coerce(question, evaluate(question.take_from, context, question.where))
    except InvalidAnswer:
        return None
    return None if value in ("", []) else value


def certain_answers(tree: QuestionTree, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Each `take_from` question's certain answer for `answers` (None where there is none)."""
    context = expression_context(tree, answers)
    return {q.id: certain_answer(q, context) for q in tree.questions() if q.take_from}


def follow_changes(
    tree: QuestionTree, answers: dict[str, Any], before: Mapping[str, Any], changed: str
) -> list[str]:
    """Taken answers that still hold what was taken (`before`: the certain answers before
    the officer changed `changed`) follow the change: the new certain answer, said in one
    line, or none left (a second flow), so the question is asked. An answer the officer
    gave otherwise stays. The ids whose answers changed."""
    moved = []
    for question_id, value in certain_answers(tree, answers).items():
        old = before.get(question_id)
        if question_id == changed or old is None or answers.get(question_id) != old or value == old:
            continue
        if value is None:
            answers.pop(question_id, None)  # nothing certain now: asked next
        else:
            answers[question_id] = value
            _say_taken(tree.question(question_id), value)
        moved.append(question_id)
    return moved


def _say_taken(question: Question, value: Any) -> None:
    print_prose(f"{question.prompt} {display_value(question, value)} "
                f"({question.take_from_note}; change it from the review)", style="dim", indent=2)  # fmt: skip
