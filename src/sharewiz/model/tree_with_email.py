"""Checking a text question's `with_email:`: a contact's name and email address in one answer.

The key changes how the wizard asks, never what an answers file holds: an email address
typed in the text question's answer ("Head of Midwifery, maternity@trust.nhs.uk") answers
the email question it names, which is then not asked. See "A name and its email address
in one answer" in docs/question-trees.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from sharewiz.errors import TreeError
from sharewiz.model.tree import Question, QuestionTree


def check_with_email(tree: QuestionTree) -> None:
    """Refuse a `with_email:` that does not name a later email question asked with it.

    The key is on a text question with an `example`, and names a later `email` question
    with an `example` (the two make the example the wizard shows) and the same `when`:
    of the same group for a group's field, of the same section for a top-level question.
    """
    for section in tree.sections:
        _check(section.questions, f"section {section.id!r}")
        for question in section.questions:
            _check(question.questions, f"group {question.id!r}")
            for inner in question.questions:
                _check(inner.questions, f"group {question.id}.{inner.id}")


def _check(questions: Sequence[Question], scope: str) -> None:
    for number, question in enumerate(questions):
        name = question.with_email
        if not name:
            continue
        later = {q.id: q for q in questions[number + 1 :]}
        target = later.get(name)
        if question.type != "text" or target is None or target.type != "email":
            emails = [q.id for q in later.values() if q.type == "email"]
            raise TreeError(
                f"{question.where}: 'with_email' of {question.id!r} must be on a text "
                f"question and name a later email question of the same {scope.split()[0]} "
                f"({scope})",
                hint=f"e.g. with_email: {emails[0] if emails else 'contact_email'}",
            )
        if target.when != question.when:
            raise TreeError(
                f"{question.where}: 'with_email' of {question.id!r} names {name!r}, asked "
                "under another condition: an address typed in one would answer a question "
                "that may not apply",
                hint="give both the same 'when', or remove 'with_email'",
            )
        if question.example in (None, "") or target.example in (None, ""):
            raise TreeError(
                f"{question.where}: 'with_email' of {question.id!r} needs an 'example' on it "
                f"and on {name!r}: the wizard shows the form with them",
                hint="e.g. example: Head of Midwifery",
            )


__all__ = ["check_with_email"]
