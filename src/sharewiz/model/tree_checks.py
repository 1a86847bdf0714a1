"""Checks of a loaded tree's shape that the wizard's order of asking depends on."""

from __future__ import annotations

from sharewiz.errors import TreeError
from sharewiz.model.expressions import expression_names
from sharewiz.model.tree import Question, QuestionTree


def check_order(tree: QuestionTree) -> None:
    """A condition, default or `choices_when` reads only questions asked before it.

    The wizard asks in order and the effective pass fills answers in the same order, so
    a `when` naming a later question would see it unanswered: the question would count
    as not applying, and its given answer would be dropped as None.
    """
    questions = list(tree.questions())
    later = {q.id for q in questions}
    for question in questions:
        section = tree.section_of(question.id) if question.section else None
        if section is not None and section.questions and section.questions[0] is question:
            _refuse_later(section.when, later, f"section {section.id!r}", question)
        later.discard(question.id)
        for source in (question.when, question.default_from, question.take_from):
            _refuse_later(source, later | {question.id}, repr(question.id), question)
        # the choices offered are narrowed from the answers given when it is asked
        _refuse_later(question.choices_when, later | {question.id},
                      f"{question.id!r} (its choices_when)", question)  # fmt: skip
        for inner in question.questions:  # an entry's fields may read the entries so far
            for source in (inner.when, inner.default_from):
                _refuse_later(source, later, f"{question.id}.{inner.id}", inner)
            _refuse_later(inner.choices_when, later,
                          f"{question.id}.{inner.id} (its choices_when)", inner)  # fmt: skip


def check_together(tree: QuestionTree) -> None:
    """`together` runs are top-level questions: inside a list, a suggested value would
    also fill an older answers file's missing answer when it is read (a guessed entry)."""
    for question in tree.questions():
        for inner in question.questions:
            if inner.together:
                raise TreeError(
                    f"{inner.where}: 'together' is for top-level questions, not the field "
                    f"{question.id}.{inner.id} of a list",
                    hint="remove 'together' here; a usual answer can be 'take_default: true'",
                )


def _refuse_later(source: str | None, later: set[str], owner: str, question: Question) -> None:
    """Raise when `source` names a question in `later` (asked at or after `owner`)."""
    if not source:
        return
    try:
        names = expression_names(source)
    except Exception:  # noqa: BLE001 - a broken expression fails where it is checked
        return
    ahead = sorted(names & later)
    if ahead:
        raise TreeError(
            f"{question.where}: the condition or default of {owner} reads "
            f"{', '.join(ahead)}, asked after it, so it would always read no answer",
            hint="move the question after the ones it reads, or read only earlier answers",
        )


__all__ = ["check_order", "check_together"]
