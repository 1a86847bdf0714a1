"""Answers tidied for the sentence they go into: the wording filters templates use.

An officer types "NHSmail to a secure mailbox" or "adults leaving hospital."; a document
needs a closed sentence or a phrase inside one, and nouns that agree with their numbers
("1 month's notice", "3 months' notice"). Plain text in, plain text out: escaping is the
caller's (`sharewiz.model.expressions`).
"""

from __future__ import annotations

import re
from typing import Any


def close_paragraphs(text: str) -> str:
    """Text whose every paragraph (lines between blank lines) ends with punctuation."""
    blocks = re.split(r"(\n[ \t]*\n)", text.rstrip())
    for index in range(0, len(blocks), 2):  # the separators sit at the odd indexes
        block = blocks[index].rstrip()
        if block and block[-1] not in ".?!:;,\u2026":
            blocks[index] = block + "."
    return "".join(blocks)


def sentence(value: Any) -> str:
    """An answer that stands as a sentence: a capital first letter and a closing full stop.

    `the system scores each claim` -> `The system scores each claim.`; text already
    ending in `.`, `?` or `!` keeps its own. The result is still escaped on output.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    closed = text if text[-1] in ".?!" else text + "."
    return closed[:1].upper() + closed[1:]


def phrase(value: Any) -> str:
    """An answer set inside a sentence: trimmed, without a closing full stop of its own.

    `adults leaving hospital.` -> `adults leaving hospital`, so "for {{ x | phrase }}."
    never prints two full stops or ends the sentence early; an ellipsis is kept.
    """
    text = "" if value is None else str(value).strip()
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1].rstrip()
    return text


def opening(value: Any) -> str:
    """An answer opening a sentence or a table cell without closing it: `phrase`, its
    first letter capitalised (`to decide who is eligible` -> `To decide who is eligible`).
    """
    text = phrase(value)
    return text[:1].upper() + text[1:]


# Capitalised words that are not ordinary words (peoples, faiths, languages): never lowered.
_PROPER_ADJECTIVES = frozenset(
    "british english welsh scottish irish european asian african black muslim jewish "
    "christian hindu sikh buddhist gypsy roma traveller travellers ukrainian afghan "
    "syrian polish romanian deaf".split()
)


def mid_sentence(value: Any) -> str:
    """A phrase continuing a sentence: `phrase`, its first word lowered where the officer
    began it as a sentence ("Tenants who ask for help." -> "tenants who ask for help").

    Lowered only when the first word is an ordinary capitalised word ("Tenants",
    "Long-term", "Offender's"), alone or followed by a lower-case one; a name ("Riverside
    Homes tenants"), an acronym ("NHS patients") or a people or faith ("Muslim families")
    keeps its capital.
    """
    text = phrase(value)
    words = text.split(maxsplit=2)
    if not words:
        return text
    first, following = words[0].rstrip(",;:"), words[1:2]
    rest = first[1:]  # "A parent or carer": one letter is a word too, but not "I"
    # "Long-term", "Offender's": a hyphen or an apostrophe inside leaves the word ordinary
    letters = first.replace("-", "").replace("'", "").replace("\u2019", "")
    ordinary = letters.isalpha() and first[0].isupper() and (rest.islower() or first == "A")
    if not ordinary or first.lower() in _PROPER_ADJECTIVES:
        return text
    if following and not following[0][0].islower():
        return text  # "Riverside Homes tenants": a name
    return text[0].lower() + text[1:]


def service_phrase(value: Any) -> str:
    """A service's name continuing "in its ...": `mid_sentence`, with "service" added unless
    the name ends with it (`Adult social care assessments` -> `adult social care
    assessments service`; `Warm Homes Service` stays as it is)."""
    text = mid_sentence(value)
    return text if text.lower().endswith(("service", "services")) else f"{text} service"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`plural(2, 'party')` -> `parties`-style helper for prose."""
    if count == 1:
        return singular
    return plural_form or singular + "s"


def count_noun(count: Any, singular: str, plural_form: str | None = None) -> str:
    """A number with its noun agreeing: `1 | count_noun('month')` -> `1 month`, `3` -> `3 months`."""
    number = int(count)
    return f"{number} {plural(number, singular, plural_form)}"


def possessive(value: Any) -> str:
    """The possessive of a noun phrase: `1 month` -> `1 month's`, `3 months` -> `3 months'`.

    For periods before a noun ("3 months' notice"). A phrase that starts with a count
    is plural unless the count is 1; otherwise a last word ending in a single s is taken
    as a plural. A plural takes only the apostrophe, anything else takes 's.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    words = text.split()
    if words[0].isdigit() and len(words) > 1:
        plural_noun = int(words[0]) != 1
    else:
        plural_noun = words[-1].endswith("s") and not words[-1].endswith("ss")
    return text + ("'" if plural_noun else "'s")
