"""Previews: render a kind with example answers, so an author sees it without answering.

Each question's example answer is, in order: the tree's `examples:` value, the
question's `example:`, its default (fixed or computed), and otherwise a placeholder
by type (the first choice, yes, `[question_id]` for text, ...). A group gets one
example entry built the same way from its inner questions. Questions whose `when` is
false for these answers are left out, as in a real set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.conditions import default_for, evaluate, expression_context, is_asked
from sharewiz.model.tree import Question, QuestionTree

_PLACEHOLDERS: Mapping[str, Any] = {
    "yes_no": True,
    "date": "2026-04-01",
    "number": 1,
    "email": "name@example.org",
    "url": "https://www.example.org",
}


def example_answers(tree: QuestionTree) -> dict[str, Any]:
    """Example answers for every question that applies, in asking order."""
    answers: dict[str, Any] = {}
    for question in tree.questions():
        context = expression_context(tree, answers)
        if not is_asked(question, tree, context):
            continue
        if question.id in tree.examples:
            value = _typed(question, tree.examples[question.id])
        else:
            value = _example(question, context)
        if value is not None:
            answers[question.id] = value
    return answers


def _typed(question: Question, raw: Any) -> Any:
    try:
        return coerce(question, raw)
    except InvalidAnswer:
        return None


def _example(question: Question, context: Mapping[str, Any]) -> Any:
    if question.type == "group":
        return [_group_entry(question, context)]
    if question.example is not None:
        value = _typed(question, question.example)
        if value is not None:
            return value
    value = default_for(question, context)
    if value is not None:
        return value
    if question.type in ("choice", "multi") and question.choices:
        first = question.choices[0].value
        return first if question.type == "choice" else [first]
    if question.type in _PLACEHOLDERS:
        return _typed(question, _PLACEHOLDERS[question.type])
    return f"[{question.id}]"


def _group_entry(group: Question, context: Mapping[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for inner in group.questions:
        local = {**context, **{q.id: None for q in group.questions}, **entry}
        if inner.when and not evaluate(inner.when, local, inner.where):
            entry[inner.id] = None
            continue
        entry[inner.id] = _example(inner, local)
    return entry


def render_preview(tree: QuestionTree, *, template_dirs: Sequence[Path] = ()) -> list[Any]:
    """The tree's documents rendered from example answers (RenderedDocument list)."""
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.render.engine import render_set

    return render_set(tree, example_answers(tree), kb=load_knowledge(), template_dirs=template_dirs)
