"""Answers: typing and validating values against a tree, and the answers file.

An answers file is plain YAML a person can edit and keep in git::

    # sharewiz answers ...
    kind: privacy-notice
    tree_version: 1
    sharewiz_version: 0.1.0
    answers:
      controller_name: Northshire County Council
      ...

It is read with every scalar as text (so `NO`, `off` or `2026-01-01` stay what the
user typed) and each value is then typed by its question.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz import __version__
from sharewiz.errors import AnswersError
from sharewiz.model.tree import Question, QuestionTree
from sharewiz.model.yamlio import MarkedDict, dump_yaml, dump_yaml_reused, line_of, load_yaml

HEADER = (
    "# sharewiz answers: edit freely, then run `sharewiz render` or `sharewiz update`.\n"
    "# Keys are question ids; see `sharewiz explain` for the law behind each one.\n"
)
_FILE_KEYS = {"kind", "tree_version", "sharewiz_version", "answers"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}

Answers = dict[str, Any]


@dataclass
class AnswersFile:
    """An answers file: the kind, the tree version it was answered for, and answers."""

    kind: str
    answers: Answers
    tree_version: int = 0
    sharewiz_version: str = __version__
    path: Path | None = None
    lines: Mapping[str, int] = field(default_factory=dict)


class InvalidAnswer(ValueError):
    """A value does not fit its question; the message says why, in plain words."""


# -- typing one value ---------------------------------------------------------------


def coerce(question: Question, raw: Any) -> Any:
    """Type and validate one raw answer; InvalidAnswer says what is wrong."""
    if raw is None or (isinstance(raw, str) and not raw.strip() and question.type != "group"):
        return None
    if question.type not in ("group", "multi") and isinstance(raw, (dict, list)):
        raise InvalidAnswer(f"expected {_describe(question)}, not a {type(raw).__name__}")
    return _COERCERS[question.type](question, raw)


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
        text = str(raw).strip("\n").rstrip()
    else:
        text = " ".join(str(raw).split())  # one line: a newline would break the document
    if question.type == "email" and not _EMAIL.match(text):
        raise InvalidAnswer(f"{text!r} is not an email address (name@example.org)")
    if question.type == "url":
        # www.example.gov.uk: people rarely type the scheme
        url = text if "://" in text else "https://" + text
        if not _URL.match(url):
            raise InvalidAnswer(f"{text!r} is not a web address (e.g. www.example.gov.uk/privacy)")
        text = url
    _check_length(question, text)
    if question.pattern and not re.fullmatch(question.pattern, text):
        raise InvalidAnswer(
            question.pattern_message or f"{text!r} does not match {question.pattern}"
        )
    return text


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
    if isinstance(raw, dt.date):
        return raw.isoformat()
    text = " ".join(str(raw).split())
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
        return dt.date(*parts).isoformat()
    except ValueError:
        raise InvalidAnswer(f"{text!r} is not a real date") from None


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
    for item in items:
        if isinstance(item, (dict, list)) or item is None:
            raise InvalidAnswer("each item must be one of the choices")
        value = _match_choice(question, str(item).strip())
        if value not in values:
            values.append(value)
    count = len(values)
    if question.min is not None and count < question.min:
        raise InvalidAnswer(f"choose at least {_num(question.min)}")
    if question.max is not None and count > question.max:
        raise InvalidAnswer(f"choose at most {_num(question.max)}")
    return values


def _coerce_group(question: Question, raw: Any) -> list[dict[str, Any]]:
    if raw is None or raw == "":
        raw = []
    if not isinstance(raw, list):
        raise InvalidAnswer(f"expected a list of {question.item_name} entries")
    entries = []
    for number, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise InvalidAnswer(f"{question.item_name} {number} must be a mapping of answers")
        unknown = set(item) - {q.id for q in question.questions}
        if unknown:
            raise InvalidAnswer(
                f"{question.item_name} {number}: unknown key(s) {', '.join(sorted(unknown))}"
            )
        entry: dict[str, Any] = {}
        for inner in question.questions:
            try:
                entry[inner.id] = coerce(inner, item.get(inner.id))
            except InvalidAnswer as exc:
                raise InvalidAnswer(f"{question.item_name} {number}, {inner.id}: {exc}") from None
        entries.append(entry)
    _check_count(question, len(entries))
    return entries


def _check_count(question: Question, count: int) -> None:
    if question.min is not None and count < question.min:
        raise InvalidAnswer(f"needs at least {_num(question.min)} {question.item_name} entries")
    if question.max is not None and count > question.max:
        raise InvalidAnswer(f"allows at most {_num(question.max)} {question.item_name} entries")


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


# -- conditions and defaults over a set of answers ------------------------------------


def expression_context(
    tree: QuestionTree, answers: Mapping[str, Any], **extra: Any
) -> dict[str, Any]:
    """Every question id (None until answered) overlaid with the answers."""
    from sharewiz.model.expressions import today

    context: dict[str, Any] = {q.id: None for q in tree.questions()}
    context.update(answers)
    context.setdefault("today", today())
    context.setdefault("kb", tree.kb)
    context.update(extra)
    return context


def evaluate(source: str | None, context: Mapping[str, Any], where: str = "") -> Any:
    """Evaluate a tree expression; a failure names where it was defined."""
    if source is None:
        return True
    from jinja2 import TemplateError as JinjaError

    from sharewiz.model.expressions import compile_expression

    try:
        return compile_expression(source).evaluate(context)
    except JinjaError as exc:
        raise AnswersError(f"{where}: expression {source!r} failed: {exc}") from exc
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise AnswersError(f"{where}: expression {source!r} failed: {exc}") from exc


def is_asked(
    question: Question,
    tree: QuestionTree,
    context: Mapping[str, Any],
    known: dict[str | None, Any] | None = None,
) -> bool:
    """Whether a question applies, given its section's and its own `when`.

    `known` (expression -> value) keeps conditions already evaluated over this same,
    unchanging context: many questions share a section's or a sibling's condition.
    """

    def holds(source: str | None) -> Any:
        if known is None:
            return evaluate(source, context, question.where)
        if source not in known:
            known[source] = evaluate(source, context, question.where)
        return known[source]

    section = tree.section_of(question.id) if question.section else None
    if section is not None and section.when and not holds(section.when):
        return False
    return bool(holds(question.when))


def default_for(question: Question, context: Mapping[str, Any]) -> Any:
    """The static or computed default for a question, typed; None if it has none."""
    value = question.default
    if question.default_from:
        value = evaluate(question.default_from, context, question.where)
    if value is None:
        return None
    try:
        return coerce(question, value)
    except InvalidAnswer:
        return None


def walk(tree: QuestionTree, answers: Mapping[str, Any]) -> Iterator[tuple[Question, bool]]:
    """(question, applies) for every top-level question, conditions evaluated in order."""
    context = expression_context(tree, answers)
    for question in tree.questions():
        yield question, is_asked(question, tree, context)


# The last effective_answers call: rendering a set asks for the same answers' effective
# values more than once (completeness check, template context), each a full pass of
# `when` conditions; a batch pays that per set. Keyed by the tree and a snapshot.
_last_effective: list[Any] = [None, None, None]


def effective_answers(tree: QuestionTree, answers: Mapping[str, Any]) -> Answers:
    """Answers with defaults filled in and questions that do not apply set to None."""
    last_tree, last_answers, last_result = _last_effective
    if last_tree is tree and last_answers == answers:
        return dict(last_result)
    result = _effective(tree, answers)
    _last_effective[:] = [tree, copy.deepcopy(dict(answers)), dict(result)]
    return result


def _effective(tree: QuestionTree, answers: Mapping[str, Any]) -> Answers:
    result: Answers = {}
    context = expression_context(tree, {})
    for question in tree.questions():
        value = _effective_value(question, tree, answers, context)
        # later questions' conditions and defaults see this one (one key, not a re-copy)
        result[question.id] = context[question.id] = value
    return result


def _effective_value(
    question: Question, tree: QuestionTree, answers: Mapping[str, Any], context: Mapping[str, Any]
) -> Any:
    if not is_asked(question, tree, context):
        return [] if question.type in ("group", "multi") else None
    value = answers.get(question.id)
    if value is None:
        value = default_for(question, context)
    if value is None and question.type in ("group", "multi"):
        value = []
    if question.type == "group":
        value = [_entry_with_defaults(question, entry, context) for entry in value]
    return value


def _entry_with_defaults(
    group: Question, entry: Mapping[str, Any], context: Mapping[str, Any]
) -> dict[str, Any]:
    """A group entry with its inner questions' defaults filled where nothing was answered."""
    filled: dict[str, Any] = {inner.id: None for inner in group.questions}
    filled.update(entry)
    for inner in group.questions:
        inner_context = {**context, **filled}
        if filled.get(inner.id) is None and evaluate(inner.when, inner_context, inner.where):
            filled[inner.id] = default_for(inner, inner_context)
    return filled


def offered_choices(question: Question, context: Mapping[str, Any]) -> Question:
    """The question with `choices_expr` evaluated into choices for these answers."""
    if not question.choices_expr:
        return question
    from dataclasses import replace

    from sharewiz.model.tree import Choice

    values = evaluate(question.choices_expr, context, question.where) or []
    choices = tuple(dict.fromkeys(str(v) for v in values if v not in (None, "")))
    if not choices:
        return question  # nothing to offer yet: the wizard asks for text instead
    return replace(question, choices=tuple(Choice(v, v) for v in choices), choices_expr=None)


def _check_offered(question: Question, value: Any, context: Mapping[str, Any]) -> str | None:
    """Why a value is not among a `choices_expr` question's choices, or None."""
    offered = offered_choices(question, context).choice_values()
    values = value if isinstance(value, list) else [value]
    wrong = [v for v in values if v not in (None, "") and v not in offered]
    if not wrong:
        return None
    return f"{', '.join(map(repr, wrong))} is not one of: {', '.join(offered) or '(none yet)'}"


def missing_answers(tree: QuestionTree, answers: Mapping[str, Any]) -> list[Question]:
    """Required questions that apply but have no answer (after defaults)."""
    full = effective_answers(tree, answers)
    missing = []
    context = expression_context(tree, full)
    known: dict[str | None, Any] = {}  # each condition once: the context does not change
    for question in tree.questions():
        if not question.required or not is_asked(question, tree, context, known):
            continue
        value = full.get(question.id)
        if value is None or value == "" or (question.type == "multi" and not value):
            missing.append(question)
        elif question.type == "group":
            missing.extend(_missing_in_group(question, value, context))
    return missing


def _missing_in_group(
    question: Question, entries: list[dict[str, Any]], context: Mapping[str, Any]
) -> list[Question]:
    if question.min is not None and len(entries) < question.min:
        return [question]
    blank = {inner.id: None for inner in question.questions}
    for entry in entries:
        # An inner `when` sees the whole set of answers, then the entry's own answers.
        entry_context = {**context, **blank, **entry}
        for inner in question.questions:
            if (
                inner.required
                and entry.get(inner.id) in (None, "", [])
                and evaluate(inner.when, entry_context, inner.where)
            ):
                return [question]
    return []


# -- the file ---------------------------------------------------------------------------


def parse_answers(raw: Any, tree: QuestionTree, source: str) -> tuple[Answers, list[str]]:
    """Type raw answers by the tree. Returns (answers, problems as `file:line: ...`).

    Unknown keys are problems too, so a misspelt id is never silently ignored.
    """
    answers: Answers = {}
    problems: list[str] = []
    known = {q.id: q for q in tree.questions()}
    for key, value in (raw or {}).items():
        line = line_of(raw, key)
        question = known.get(key)
        if question is None:
            problems.append(f"{source}:{line}: unknown question id {key!r}")
            continue
        try:
            answers[key] = coerce(question, _plain(value))
        except InvalidAnswer as exc:
            problems.append(f"{source}:{line}: {key}: {exc}")
    problems.extend(_offered_problems(tree, answers, raw, source))
    return answers, problems


def _offered_problems(
    tree: QuestionTree, answers: Mapping[str, Any], raw: Any, source: str
) -> list[str]:
    """Answers to `choices_expr` questions must be among the choices the answers offer."""
    problems = []
    context = expression_context(tree, answers)
    for question in tree.questions():
        line = line_of(raw, question.id)
        if question.choices_expr and question.id in answers:
            reason = _check_offered(question, answers[question.id], context)
            if reason:
                problems.append(f"{source}:{line}: {question.id}: {reason}")
        if question.type != "group":
            continue
        raw_entries = raw.get(question.id) if isinstance(raw, Mapping) else None
        for number, entry in enumerate(answers.get(question.id) or [], 1):
            raw_entry = (
                raw_entries[number - 1]
                if isinstance(raw_entries, list) and len(raw_entries) >= number
                else None
            )
            for inner in question.questions:
                if inner.choices_expr and entry.get(inner.id) is not None:
                    reason = _check_offered(inner, entry[inner.id], {**context, **entry})
                    line = (
                        line_of(raw_entry, inner.id, default=line)
                        if raw_entry is not None
                        else line
                    )
                    if reason:
                        problems.append(
                            f"{source}:{line}: {question.id}: {question.item_name} {number}, {inner.id}: {reason}"
                        )
    return problems


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def read_answers_file(path: Path) -> AnswersFile:
    """Read an answers file's envelope; answers stay raw text until typed by a tree."""
    data = load_yaml(path, plain=True, error=AnswersError)
    if data is None:
        data = MarkedDict()
    if not isinstance(data, MarkedDict):
        raise AnswersError(f"{path}:1: an answers file must be a mapping with 'kind' and 'answers'")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise AnswersError(
            f"{path}:{line_of(data, key)}: unknown key {key!r} at the top of the answers file",
            hint="answers go under 'answers:'; the top level holds kind, tree_version, sharewiz_version and answers",
        )
    kind = data.get("kind")
    if not isinstance(kind, str) or not kind:
        raise AnswersError(
            f"{path}:{data.line}: the answers file does not say its 'kind'",
            hint="add e.g. `kind: privacy-notice` (see `sharewiz list`)",
        )
    answers = data.get("answers") or MarkedDict()
    if not isinstance(answers, MarkedDict):
        raise AnswersError(
            f"{path}:{line_of(data, 'answers')}: 'answers' must be a mapping of question id: answer"
        )
    version_text = str(data.get("tree_version") or "0")
    if not version_text.isdigit():
        raise AnswersError(
            f"{path}:{line_of(data, 'tree_version')}: 'tree_version' must be a whole number"
        )
    return AnswersFile(
        kind=kind,
        answers=answers,
        tree_version=int(version_text),
        sharewiz_version=str(data.get("sharewiz_version") or ""),
        path=path,
        lines=dict(answers.key_lines),
    )


def answers_to_yaml(kind: str, tree_version: int, answers: Mapping[str, Any]) -> str:
    """The text of an answers file: header, envelope, answers in tree order."""
    envelope = {"kind": kind, "tree_version": tree_version, "sharewiz_version": __version__}
    if not answers or _shares_containers(answers):  # `{}` or YAML anchors: dump it whole
        # A blank optional answer is kept (as null) so a resumed wizard does not ask again.
        return HEADER + dump_yaml({**envelope, "answers": dict(answers)})
    # The same text, an answer at a time: each answer's lines depend only on itself, and
    # a batch's sets share most answers, so their text is reused rather than re-dumped.
    parts = [HEADER, dump_yaml_reused(envelope), "answers:\n"]
    for key, value in answers.items():
        parts.append(dump_yaml_reused({"answers": {key: value}}).partition("\n")[2])
    return "".join(parts)


def _shares_containers(value: Any) -> bool:
    """Whether one list or mapping appears twice (YAML would write an anchor and alias)."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (dict, list)):
            if id(item) in seen:
                return True
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return False


def write_text_atomic(path: Path, text: str | bytes) -> None:
    """Write a file so a crash or Ctrl-C leaves the old or the new one, never half."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd, tmp = _open_temporary(path)
    except FileNotFoundError:  # make the folder only when missing: a batch writes many files
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _open_temporary(path)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_temporary_numbers = itertools.count()


def _open_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside `path`, created exclusively.

    Its mode is 0666 less the umask, as for any file the user creates: the documents are
    theirs to share, so they get the usual permissions, not mkstemp's private 0600.

    Named by process id and a counter rather than mkstemp's random letters: a batch
    writes eight files per set, and building random names cost more than the writes.
    """
    while True:
        tmp = f"{path.parent}{os.sep}.{path.name}.{os.getpid()}.{next(_temporary_numbers)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:  # left by a crashed process that had this id: next number
            continue


def save_answers(path: Path, kind: str, tree_version: int, answers: Mapping[str, Any]) -> None:
    """Atomically write an answers file."""
    write_text_atomic(path, answers_to_yaml(kind, tree_version, answers))
