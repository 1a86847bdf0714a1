"""Typing answers: each raw value checked and converted by its question.

An answers file is read with every scalar as text (so `NO`, `off` or `2026-01-01` stay
what the user typed); `coerce` then types each value by its question, or says in plain
words why it does not fit. The whole path an answers file takes (read, migrate, type,
validate) is `sharewiz.model.reading`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from sharewiz.model.tree import Question

_WHITESPACE = re.compile(r"\s")
# Characters Word and XML cannot hold (C0 controls but tab and newline, DEL and C1
# controls, surrogates, non-characters): NUL, an ANSI escape or a bell in an answer
# would crash the DOCX writer or corrupt a terminal, so typing refuses them.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
MAX_ANSWER_CHARS = 100_000  # about 30 pages: far beyond any real answer
PATTERN_SECONDS = 0.5  # a tree's `pattern:` gets this long per answer (catastrophic backtracking)
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}

Answers = dict[str, Any]


class InvalidAnswer(ValueError):
    """A value does not fit its question; the message says why, in plain words.

    A repeating group reports every entry's problems at once: `entries` holds
    (entry number from 1, inner question id or "", message) for each.
    """

    def __init__(
        self,
        message: str,
        entries: Sequence[tuple[int, str, str]] = (),
        *,
        partial: list[dict[str, Any]] | None = None,
    ) -> None:
        """The first (or only) problem as the message; a group's every problem in `entries`.

        `partial` is a group's entries typed as far as they go (a value at fault is None),
        so checks across answers can still run over the rest of each entry.
        """
        super().__init__(message)
        self.entries = tuple(entries)
        self.partial = partial


# -- typing one value ---------------------------------------------------------------


def coerce(question: Question, raw: Any) -> Any:
    """Type and validate one raw answer; InvalidAnswer says what is wrong."""
    if raw is None or (isinstance(raw, str) and not raw.strip() and question.type != "group"):
        return None
    if question.type not in ("group", "multi") and isinstance(raw, (dict, list)):
        raise InvalidAnswer(f"expected {_describe(question)}, not a {type(raw).__name__}")
    if not isinstance(raw, _READ_TYPES):
        # YAML's own tags (`!!set`, `!!binary`, `!!omap`) make values no question takes:
        # written out, a set would read "{'a', 'b'}" in a document, in any order
        raise InvalidAnswer(f"expected {_describe(question)}, not a YAML {_yaml_kind(raw)}")
    return _COERCERS[question.type](question, raw)


# What an answers file, a CSV cell, `--set` or the wizard can give: text, a typed scalar
# of YAML's core schema, or a list or mapping (of a group or a multiple choice)
_READ_TYPES = (str, bool, int, float, dt.date, list, dict)


def _yaml_kind(raw: object) -> str:
    if isinstance(raw, (set, frozenset)):
        return "set (!!set)"
    if isinstance(raw, bytes):
        return "binary value (!!binary)"
    return f"{type(raw).__name__} value"


def _coerce_yes_no(_question: Question, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip()
    if text.lower() in _YES:
        return True
    if text.lower() in _NO:
        return False
    raise InvalidAnswer(f"answer yes or no, not {text!r}")


def _coerce_text(question: Question, raw: Any) -> str:
    if question.type == "long_text":
        # Windows line ends (a CSV cell from Excel) become plain newlines.
        text = str(raw).replace("\r\n", "\n").replace("\r", "\n").strip("\n").rstrip()
    else:
        text = " ".join(str(raw).split())  # one line: a newline would break the document
    bad = _UNWRITABLE.search(text)
    if bad:
        raise InvalidAnswer(
            f"contains the character U+{ord(bad.group()):04X}, which a document cannot hold"
            " (a control character or non-character); delete it"
        )
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidAnswer(f"{len(text):,} characters is over the limit of {MAX_ANSWER_CHARS:,}")
    if question.type == "email" and not _is_email(text):
        raise InvalidAnswer(f"{text!r} is not an email address (name@example.org)")
    if question.type == "url":
        # www.example.gov.uk: people rarely type the scheme
        url = text if "://" in text else "https://" + text
        if not _URL.match(url):
            raise InvalidAnswer(f"{text!r} is not a web address (e.g. www.example.gov.uk/privacy)")
        text = url
    _check_length(question, text)
    if question.pattern and not _matches(question.pattern, question.where, text):
        raise InvalidAnswer(
            question.pattern_message or f"{text!r} does not match {question.pattern}"
        )
    return text


def _is_email(text: str) -> bool:
    """`name@domain.tld`: one @, no spaces, a dot inside the domain. Linear in the text.

    The regex this replaces (`[^@\\s]+@[^@\\s]+\\.[^@\\s]+$`) backtracked quadratically: a
    100 KB answer took a minute.
    """
    local, _, domain = text.partition("@")
    return (
        bool(local) and "@" not in domain and "." in domain[1:-1] and not _WHITESPACE.search(text)
    )


def _matches(pattern: str, where: str, text: str) -> bool:
    """A tree's own `pattern:`, run by the `regex` module with a timeout.

    Patterns come from tree authors; one like `^(a+)+$` backtracks exponentially, and
    Python's `re` cannot be stopped. A pattern that times out fails the answer.
    """
    import regex

    try:
        return regex.fullmatch(pattern, text, timeout=PATTERN_SECONDS) is not None
    except TimeoutError as exc:
        raise InvalidAnswer(
            f"the pattern {pattern} (at {where}) took over"
            f" {PATTERN_SECONDS:g} s on this answer; the tree's author should simplify it"
        ) from exc


def _describe(question: Question) -> str:
    from sharewiz.model.tree import QUESTION_TYPES

    return QUESTION_TYPES[question.type]


def _check_length(question: Question, text: str) -> None:
    if question.min is not None and len(text) < question.min:
        raise InvalidAnswer(f"use at least {int(question.min)} characters")
    if question.max is not None and len(text) > question.max:
        raise InvalidAnswer(f"use at most {int(question.max)} characters")


def _coerce_number(question: Question, raw: Any) -> int | float:
    text = str(raw).strip()
    if isinstance(raw, bool):
        raise InvalidAnswer("expected a number")
    try:
        number: int | float = int(text) if re.fullmatch(r"[-+]?\d+", text) else float(text)
    except ValueError:
        raise InvalidAnswer(f"{text!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise InvalidAnswer(f"{text!r} is not a number")
    if question.min is not None and number < question.min:
        raise InvalidAnswer(f"must be at least {_num(question.min)}")
    if question.max is not None and number > question.max:
        raise InvalidAnswer(f"must be at most {_num(question.max)}")
    return number


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
# Full names and three-letter forms ("sept" too); fixed English, whatever the locale.
_MONTHS = {
    **{name: n for n, name in enumerate(_MONTH_NAMES.split(), 1)},
    **{name[:3]: n for n, name in enumerate(_MONTH_NAMES.split(), 1)},
    "sept": 9,
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_DAY_NAME_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", re.IGNORECASE)


def _coerce_date(_question: Question, raw: Any) -> str:
    """A date as YYYY-MM-DD, DD/MM/YYYY (UK order) or "4 December 2026"; stored as ISO."""
    text = raw.isoformat()[:10] if isinstance(raw, dt.date) else " ".join(str(raw).split())
    parts: tuple[int, int, int] | None = None
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        year, month, day = (int(p) for p in text.split("-"))
        parts = (year, month, day)
    elif match := _DAY_MONTH_YEAR.fullmatch(text):
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif (match := _DAY_NAME_YEAR.fullmatch(text)) and match[2].lower() in _MONTHS:
        parts = (int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
    if parts is None:
        raise InvalidAnswer(
            f"{text!r} is not a date: write it as 4/12/2026, 4 December 2026 or 2026-12-04"
        )
    try:
        date = dt.date(*parts)
    except ValueError:
        raise InvalidAnswer(f"{text!r} is not a real date") from None
    if not FIRST_DATE <= date <= LAST_DATE:
        # dates are moved on by months and years (a review three years on, a calendar's
        # next day): a year near 9999 has no date after it
        raise InvalidAnswer(
            f"{text!r} is outside the dates sharewiz takes"
            f" ({FIRST_DATE.year} to {LAST_DATE.year}): check the year"
        )
    return date.isoformat()


def _match_choice(question: Question, raw: Any) -> str:
    text = str(raw).strip()
    if question.choices_expr:
        return " ".join(text.split())  # its choices depend on other answers: checked later
    for choice in question.choices:
        if text == choice.value or text.lower() in (choice.value.lower(), choice.label.lower()):
            return choice.value
    options = ", ".join(question.choice_values())
    raise InvalidAnswer(f"{text!r} is not one of the choices: {options}")


def _coerce_multi(question: Question, raw: Any) -> list[str]:
    if isinstance(raw, str):
        items: list[Any] = [part for part in re.split(r"[;,]", raw) if part.strip()]
    elif isinstance(raw, list):
        items = raw
    else:
        raise InvalidAnswer("expected a list of choices")
    values: list[str] = []
    wrong: list[str] = []  # every item that is not a choice, reported together
    message = ""
    for item in items:
        if isinstance(item, (dict, list)) or item is None:
            raise InvalidAnswer("each item must be one of the choices")
        try:
            value = _match_choice(question, str(item).strip())
        except InvalidAnswer as exc:
            wrong.append(str(item).strip())
            message = str(exc)
            continue
        if value not in values:
            values.append(value)
    if len(wrong) == 1:
        raise InvalidAnswer(message)
    if wrong:
        options = ", ".join(question.choice_values())
        raise InvalidAnswer(f"{', '.join(map(repr, wrong))} are not among the choices: {options}")
    count = len(values)
    if question.min is not None and count < question.min:
        raise InvalidAnswer(f"choose at least {_num(question.min)}")
    if question.max is not None and count > question.max:
        raise InvalidAnswer(f"choose at most {_num(question.max)}")
    return values


def _coerce_group(question: Question, raw: Any) -> list[dict[str, Any]]:
    """A list of entries, each typed by the inner questions; every problem at once."""
    if raw is None or raw == "":
        raw = []
    if not isinstance(raw, list):
        raise InvalidAnswer(f"expected a list of {question.item_name} entries")
    entries: list[dict[str, Any]] = []
    problems: list[tuple[int, str, str]] = []
    known = {q.id for q in question.questions}
    for number, item in enumerate(raw, 1):
        name = f"{question.item_name} {number}"
        if not isinstance(item, dict):
            problems.append((number, "", f"{name} must be a mapping of answers"))
            continue
        unknown = set(item) - known
        if unknown:
            problems.append((number, "", f"{name}: unknown key(s) {', '.join(sorted(unknown))}"))
        entry: dict[str, Any] = {}
        for inner in question.questions:
            try:
                entry[inner.id] = coerce(inner, item.get(inner.id))
            except InvalidAnswer as exc:
                entry[inner.id] = None
                # an inner group's own entries: each of its problems, not only the first
                for _, _, message in exc.entries or [(0, "", str(exc))]:
                    problems.append((number, inner.id, f"{name}, {inner.id}: {message}"))
        entries.append(entry)
    count = _count_problem(question, len(raw))
    if count:
        problems.append((0, "", count))
    if problems:
        raise InvalidAnswer(problems[0][2], problems, partial=entries)
    return entries


def _count_problem(question: Question, count: int) -> str | None:
    if question.min is not None and count < question.min:
        return f"needs at least {_num(question.min)} {question.item_name} entries"
    if question.max is not None and count > question.max:
        return f"allows at most {_num(question.max)} {question.item_name} entries"
    return None


def how_to_answer(question: Question) -> str:
    """What an answer to `question` must be: the fix for a value that does not fit."""
    if question.type in ("choice", "multi"):
        if question.choices_expr:
            return "use a name the other answers give, spelt the same way"
        some = "one" if question.type == "choice" else "any"
        return f"use {some} of: {', '.join(question.choice_values())}"
    if question.type == "group":
        inner = ", ".join(q.id for q in question.questions)
        counted = _bounds(question, f"{question.item_name} entries")
        return f"give a list of {question.item_name} entries{counted}, each with: {inner}"
    fixes = {
        "yes_no": "answer yes or no",
        "date": "write the date as 2026-12-04, 4/12/2026 or 4 December 2026",
        "email": "give an email address, such as name@example.org",
        "url": "give a web address, such as www.example.gov.uk/privacy",
        "number": "give a number" + _bounds(question, ""),
    }
    if question.type in fixes:
        return fixes[question.type]
    text = "one line of text" if question.type == "text" else "text"
    return question.pattern_message or f"give {text}{_bounds(question, 'characters')}"


def _bounds(question: Question, unit: str) -> str:
    """` from 2 to 10 characters`, ` of at least 1 …`, or "" when there is no limit."""
    unit = f" {unit}" if unit else ""
    if question.min is not None and question.max is not None:
        return f" of {_num(question.min)} to {_num(question.max)}{unit}"
    if question.min is not None:
        return f" of at least {_num(question.min)}{unit}"
    if question.max is not None:
        return f" of at most {_num(question.max)}{unit}"
    return ""


_COERCERS: dict[str, Callable[[Question, Any], Any]] = {
    "text": _coerce_text,
    "long_text": _coerce_text,
    "email": _coerce_text,
    "url": _coerce_text,
    "yes_no": _coerce_yes_no,
    "number": _coerce_number,
    "date": _coerce_date,
    "choice": _match_choice,
    "multi": _coerce_multi,
    "group": _coerce_group,
}
