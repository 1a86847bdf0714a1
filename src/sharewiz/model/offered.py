"""The choices a question offers from other answers (`choices_expr`): the parties a flow
may name, the kinds of information an Art 9 condition may cover."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sharewiz.model.conditions import evaluate
from sharewiz.model.tree import Choice, Question


def offered_choices(question: Question, context: Mapping[str, Any]) -> Question:
    """The question with `choices_expr` evaluated into choices for these answers."""
    if not question.choices_expr:
        return question
    values = evaluate(question.choices_expr, context, question) or []
    choices = tuple(dict.fromkeys(str(v) for v in values if v not in (None, "")))
    if not choices:
        return question  # nothing to offer yet: the wizard asks for text instead
    return replace(question, choices=tuple(Choice(v, v) for v in choices), choices_expr=None)


def offered_values(question: Question, context: Mapping[str, Any]) -> list[str]:
    """`offered_choices(question, context).choice_values()`, without making the question."""
    if not question.choices_expr:
        return question.choice_values()
    values = evaluate(question.choices_expr, context, question) or []
    return list(dict.fromkeys(str(v) for v in values if v not in (None, ""))) or (
        question.choice_values()  # nothing to offer yet: its own choices, if any
    )


def offered_problem(
    question: Question,
    value: Any,
    context: Mapping[str, Any],
    *,
    offered: list[str] | None = None,
) -> str | None:
    """Why a value is not among a `choices_expr` question's choices, or None.

    A text question's choices are names to pick from, written as words: any text is kept.
    `offered` are the choices the context offers, when the caller has worked them out.
    """
    if question.type == "text":
        return None
    if offered is None:
        offered = offered_values(question, context)
    values = value if isinstance(value, list) else [value]
    wrong = [v for v in values if v not in (None, "") and v not in offered]
    if not wrong:
        return None
    return f"{', '.join(map(repr, wrong))} is not one of: {', '.join(offered) or '(none yet)'}"
