"""A contact's name (or role) and email address in one answer (`with_email:`).

"Operational contact (name or role)" then "Contact email address" is two prompts for what
an officer says in one breath: "Head of Midwifery, maternity@trust.nhs.uk". A text
question with `with_email: contact_email` takes an email address typed in its answer as
the answer to that later email question, checked as that question would check it, and
the rest as its own answer; the email question is then not asked, and the screen says in
one line what it took. With no address in the answer, the email question is asked as
usual. The answers file is the same as when the two are asked one by one.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Any

from sharewiz.cli.asking.layout import columns
from sharewiz.cli.console import print_prose
from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.tree import Question

# An address as people type one beside a name: bare, or in angle brackets or parentheses
_ADDRESS = re.compile(r"<?([^\s<>(),;@]+@[^\s<>(),;@]+)>?")
# what is left around the place the address was: commas, "email:", brackets, dashes
_LEFT_OVER = re.compile(r"[\s,;:(\[<–-]*(?:e-?mail(?: address)?)?[\s,;:()\[\]<>–-]*$", re.I)


def hint(question: Question, email: Question) -> str:
    """The form, shown under the question, with the two questions' examples; wrapped at
    words to the screen (an address is long), its lines after the first indented."""
    text = f'(the email address may follow a comma: "{question.example}, {email.example}")'
    return "\n  ".join(textwrap.wrap(text, columns() - 4)) + "\n"  # the answer below it


def split_email(text: str) -> tuple[str, str | None]:
    """ "Head of Midwifery, maternity@trust.nhs.uk" -> the name and the address (None:
    no address typed).

    Raises:
        InvalidAnswer: two addresses, or an address with no name or role beside it.
    """
    found = _ADDRESS.findall(text)
    if not found:
        return text.strip(), None
    if len(found) > 1:
        raise InvalidAnswer(f"Give one email address: there are {len(found)} "
                            f"({', '.join(found)}).")  # fmt: skip
    before, _, after = _ADDRESS.split(text, maxsplit=1)
    parts = [_LEFT_OVER.sub("", before).strip(), after.strip(" ,;:()[]<>–-").strip()]
    name = " ".join(" ".join(p for p in parts if p).split())
    if not name:
        raise InvalidAnswer("Give the name or role too, then the email address after a comma.")
    return name, found[0]


def checker(question: Question, email: Question) -> Callable[[str], str | None]:
    """Why an answer is refused (the name, or the address, as each question would refuse
    it), or None: for the prompt, so the answer is kept on screen to correct."""

    def check(text: str) -> str | None:
        try:
            name, address = split_email(text)
            coerce(question, name)
        except InvalidAnswer as exc:
            return str(exc)
        try:
            coerce(email, address)
        except InvalidAnswer as exc:
            return f"The email address: {exc}"
        return None

    return check


def answer_parts(question: Question, email: Question | None, value: Any) -> dict[str, Any]:
    """The answers a typed answer gives: its own, and the email question's where it holds
    an address (said in one line); the value as it is otherwise."""
    if email is None or not isinstance(value, str):
        return {question.id: value}
    name, address = split_email(value)  # checked at the prompt
    if address is None:
        return {question.id: value}
    typed = coerce(email, address)
    print_prose(f"{email.prompt}: {typed} (from your answer; change it from the review)",
                style="dim", indent=2)  # fmt: skip
    return {question.id: coerce(question, name), email.id: typed}


def take_email(
    question: Question, fields: tuple[Question, ...], entry: dict[str, Any]
) -> list[str]:
    """An entry's answer holding an address split into it and the entry's email field
    (`with_email`); the id of the field it answered (or none)."""
    parts = answer_parts(question, email_of(question, fields), entry.get(question.id))
    entry.update(parts)
    return [key for key in parts if key != question.id]


def email_of(question: Question, questions: tuple[Question, ...]) -> Question | None:
    """The email question `question`'s `with_email:` names among `questions`, if any."""
    if not question.with_email:
        return None
    return next((q for q in questions if q.id == question.with_email), None)
