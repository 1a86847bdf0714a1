"""The help a prompt shows on `?`: a question's meaning, its law and what each choice means.

Plain text, kept apart from the prompts themselves (`prompts.py`, the one module that
imports questionary), so every way of asking shows a question's help the same way.
"""

from __future__ import annotations

from sharewiz.model.tree import Question


def help_for(question: Question) -> str:
    """The help shown for `?`: what the question means, the law, what each choice means."""
    text = question.help
    if question.citation:
        text += f"\nLaw: {question.citation}"
    if question.choices and question.type in ("choice", "multi"):
        lines = [
            f"  - {c.label}: {c.help}" + (f" ({c.citation})" if c.citation else "")
            for c in question.choices
            if c.help
        ]
        if lines:
            text += "\nChoices:\n" + "\n".join(lines)
    return text
