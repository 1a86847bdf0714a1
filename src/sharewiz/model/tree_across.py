"""Reading the keys that let the wizard ask a group's fields in fewer prompts.

`across:` (on a group's choice, multi, yes_no or text field; `which:` on any optional
one), `one_entry_per:` and `covers:` (on a group), `profile:` (on a group's field) and
`take_default:` change how the wizard asks, never what an answers file holds; see
docs/question-trees.md.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from sharewiz.model.tree import Across, Choice, Question
from sharewiz.model.yamlio import MarkedDict, MarkedList, line_of

if TYPE_CHECKING:
    from sharewiz.model.question_parser import QuestionParser

_ACROSS_TYPES = ("choice", "multi", "yes_no", "text", "group")
_YES, _NO = ("yes", "true", "y"), ("no", "false", "n")


def parse_across(
    parser: QuestionParser,
    data: MarkedDict,
    file: Path,
    question: tuple[str, str, tuple[Choice, ...]],
    *,
    in_group: bool,
) -> Across | None:
    """The `across:` of a question (id, type, choices), or None; a TreeError if it is wrong."""
    spec = data.get("across")
    if spec is None:
        return None
    qid, qtype, choices = question
    line = line_of(data, "across", data.line)
    which = isinstance(spec, dict) and "which" in spec and qtype != "group"  # any optional type
    if not in_group or (qtype not in _ACROSS_TYPES and not which):
        raise parser.fail(
            file, line, f"'across' applies to a group's choice, multi, yes_no or text field "
            f"({qid!r})",
            hint="put it on a field inside a group's questions, or remove it",
        )  # fmt: skip
    spec = parser.mapping(spec, file, line, f"'across' of {qid!r}")
    parser.check_keys(spec, {"ticks", "each", "grid", "otherwise", "more", "same", "which",
                             "lines"}, file, f"'across' of {qid!r}")  # fmt: skip
    if spec.keys() & {"which", "lines"}:  # keys that stand alone in `across`
        return _alone(parser, data, spec, file, (qid, qtype))
    if "same" in spec:
        return Across(same=_same(parser, spec, file, qid, qtype))  # one pick, or a grid
    if (qtype == "group") != ("more" in spec):
        raise parser.fail(
            file, spec.line, f"'more' is for a group inside a group's entry ({qid!r})",
            hint="e.g. more: \"Which of these have another signatory?\"",
        )  # fmt: skip
    if qtype == "group":
        return Across(more=parser.text(spec, "more", file, f"'across' of {qid!r}"))
    # one way per type: a choice field's grid, a yes/no's tick list, a list per choice
    way = {"choice": "grid", "yes_no": "ticks"}.get(qtype, "each")
    if way not in spec or len({"grid", "ticks", "each"} & set(spec)) != 1:
        raise parser.fail(
            file, spec.line, f"'across' of {qid!r} (a {qtype} field) needs '{way}'",
            hint=_WAYS[way],
        )  # fmt: skip
    if way == "grid":
        grid = parser.text(spec, "grid", file, f"'across' of {qid!r}")
        if "otherwise" not in spec:
            return Across(grid=grid)  # each row starts not chosen (or at its default)
        otherwise = _value(parser, spec["otherwise"], file, line_of(spec, "otherwise"),
                           (qid, qtype, choices))  # fmt: skip
        return Across(grid=grid, otherwise=otherwise)
    if way == "each":
        each = parser.text(spec, "each", file, f"'across' of {qid!r}")
        names = qtype != "text" or data.get("choices_expr") is not None
        if "{choice}" not in each or not names or "otherwise" in spec:
            raise parser.fail(
                file, line_of(spec, "each"), f"'each' of {qid!r} must name {{choice}}, "
                "on a multi field (or a text field picking names by choices_expr)",
                hint=_WAYS["each"],
            )  # fmt: skip
        return Across(each=each)
    items = spec.get("ticks")
    if not isinstance(items, MarkedList) or len(items) != 1 or "otherwise" not in spec:
        raise parser.fail(
            file, line_of(spec, "ticks"), f"'ticks' of {qid!r} must be one tick list, "
            "with 'otherwise' (the value of the entries left unticked)",
            hint=_WAYS["ticks"],
        )  # fmt: skip
    item = parser.mapping(items[0], file, items.line, f"the tick list of {qid!r}")
    parser.check_keys(item, {"value", "prompt"}, file, f"the tick list of {qid!r}")
    value = _value(parser, item.get("value"), file, item.line, (qid, qtype, choices))
    prompt = parser.text(item, "prompt", file, f"the tick list of {qid!r}")
    otherwise = _value(parser, spec["otherwise"], file, line_of(spec, "otherwise"),
                       (qid, qtype, choices))  # fmt: skip
    return Across(ticks=((value, prompt),), otherwise=otherwise)


_WAYS = {
    "grid": 'a choice field: grid: "What kind of data is each of these?" (and, if any '
    "value is right for an entry not chosen, otherwise: personal)",
    "ticks": 'a yes/no field: ticks: [{value: yes, prompt: "Which of these ...?"}] '
    "with otherwise: no",
    "each": 'a multi field: each: "Which of these come from {choice}?"',
}


def _same(parser: QuestionParser, spec: MarkedDict, file: Path, qid: str, qtype: str) -> str:
    """The `same:` prompt of an `across:`: a choice field's one pick list for all, alone
    (a grid is one screen for all of them already)."""
    if qtype != "choice" or set(spec) != {"same"}:
        raise parser.fail(
            file, line_of(spec, "same"), f"'same' of {qid!r} is for a choice field, alone "
            "in 'across' (with a grid there is one screen for all of them already)",
            hint="e.g. same: \"Must people give each of these?\"",
        )  # fmt: skip
    return parser.text(spec, "same", file, f"'across' of {qid!r}")


def _which(
    parser: QuestionParser, data: MarkedDict, spec: MarkedDict, file: Path,
    question: tuple[str, str],
) -> str:  # fmt: skip
    """The `which:` prompt of an `across:`: an optional field asked only of the entries
    ticked, the others left empty unasked.

    Refused beside another key of `across`, on a required field (an entry left unticked
    would lack it), on a yes/no (its ticks are `ticks:`) and on a field with a default (an
    empty answer would not be what an unticked entry means).
    """
    qid, qtype = question
    line = line_of(spec, "which")
    wrong = (
        "must be alone in 'across'" if set(spec) != {"which"}
        else "must be on an optional field (required: false)"
        if data.get("required", True) is not False
        else "must not be on a yes/no field (tick its yes entries with 'ticks')"
        if qtype == "yes_no"
        else "must not be on a list inside an entry" if qtype == "group"
        else "must be on a field without a default" if any(
            data.get(k) is not None for k in ("default", "default_from", "take_default"))
        else ""
    )  # fmt: skip
    if wrong:
        raise parser.fail(
            file, line, f"'which' of {qid!r} {wrong}: the entries left unticked are "
            "left empty",
            hint='e.g. which: "Which of these will you say where it comes from?"',
        )  # fmt: skip
    return parser.text(spec, "which", file, f"'across' of {qid!r}")


def _alone(
    parser: QuestionParser, data: MarkedDict, spec: MarkedDict, file: Path,
    question: tuple[str, str],
) -> Across:  # fmt: skip
    """An `across:` of `lines` or `which`, each alone in it."""
    if "lines" in spec:
        return Across(lines=_lines(parser, data, spec, file, question))
    return Across(which=_which(parser, data, spec, file, question))


def _lines(
    parser: QuestionParser, data: MarkedDict, spec: MarkedDict, file: Path,
    question: tuple[str, str],
) -> str:  # fmt: skip
    """The `lines:` prompt of an `across:`: a required text field asked of the entries that
    need it in one prompt, a line each, in order.

    Refused beside another key of `across`, on any other type (a line holds one line of
    text), on an optional field (an empty line ends the prompt, so an entry could not be
    left empty) and on a field with a default or taken another way.
    """
    qid, qtype = question
    line = line_of(spec, "lines")
    wrong = (
        "must be alone in 'across'" if set(spec) != {"lines"}
        else "must be on a text field (one line each)" if qtype != "text"
        else "must be on a required field (an empty line ends the prompt)"
        if data.get("required", True) is False
        else "must be on a field without a default, profile value or email beside it" if any(
            data.get(k) is not None for k in (
                "default", "default_from", "take_default", "profile", "with_email"))
        else ""
    )  # fmt: skip
    if wrong:
        raise parser.fail(
            file, line, f"'lines' of {qid!r} {wrong}",
            hint='e.g. lines: "Which law gives you each of these tasks or obligations?"',
        )  # fmt: skip
    return parser.text(spec, "lines", file, f"'across' of {qid!r}")


def _value(
    parser: QuestionParser, raw: Any, file: Path, line: int, question: tuple[str, str, Any]
) -> Any:
    """A tick list's value, typed as the field's answers are."""
    qid, qtype, choices = question
    if qtype == "yes_no":
        word = str(raw).lower()
        if isinstance(raw, bool) or word in _YES + _NO:
            return raw if isinstance(raw, bool) else word in _YES
        raise parser.fail(file, line, f"a value of {qid!r} must be yes or no",
                          hint="write value: yes, or value: no")  # fmt: skip
    value = "" if raw is None else str(raw)
    if choices and value not in [c.value for c in choices]:
        raise parser.fail(
            file, line, f"{value!r} is not a choice of {qid!r}",
            hint=f"use one of: {', '.join(c.value for c in choices)}",
        )  # fmt: skip
    if not value:
        raise parser.fail(file, line, f"a value of {qid!r} is empty", hint="name a choice")
    return value


def parse_one_entry_per(
    parser: QuestionParser, data: MarkedDict, file: Path, qid: str, inner: tuple[Question, ...]
) -> str | None:
    """The `one_entry_per:` field of a group, or None: a choice field with computed choices.

    Also checks the keys by which its fields name one another (`check_named_fields`).
    """
    check_named_fields(parser, file, inner)
    return _group_field(
        parser, data, file, inner, "one_entry_per",
        lambda q: q.type == "choice" and bool(q.choices_expr),
        f"'one_entry_per' of {qid!r} must name one of its choice fields with choices_expr",
        "e.g. one_entry_per: party, where `party` offers the parties' names",
    )  # fmt: skip


def parse_covers(
    parser: QuestionParser, data: MarkedDict, file: Path, qid: str, inner: tuple[Question, ...]
) -> str | None:
    """The `covers:` field of a group, or None: a multi field whose choices the list covers."""
    return _group_field(
        parser, data, file, inner, "covers", lambda q: q.type == "multi" and q.required,
        f"'covers' of {qid!r} must name one of its required multi fields",
        "e.g. covers: items, where `items` offers the items each entry is for",
    )  # fmt: skip


def _group_field(
    parser: QuestionParser,
    data: MarkedDict,
    file: Path,
    inner: tuple[Question, ...],
    key: str,
    fits: Callable[[Question], bool],
    message: str,
    hint: str,
) -> str | None:
    """The field of a group that `key` names (None when absent), refused unless it `fits`."""
    name = data.get(key)
    if name is None:
        return None
    field = next((q for q in inner if q.id == name), None)
    if field is None or not fits(field):
        raise parser.fail(file, line_of(data, key, data.line), message, hint=hint)
    return str(name)


def parse_choices_when(
    parser: QuestionParser, data: MarkedDict, file: Path, qid: str
) -> str | None:
    """The `choices_when:` of a choice or multi question: which choices the wizard offers.

    Its names are checked with the tree's other expressions, `choice` (each value) apart.
    """
    from jinja2 import TemplateSyntaxError

    from sharewiz.model.expressions import expression_names

    source = data.get("choices_when")
    if source is None:
        return None
    line = line_of(data, "choices_when", data.line)
    if data.get("type") not in ("choice", "multi"):
        raise parser.fail(
            file, line, f"'choices_when' of {qid!r} is for a choice or multi question",
            hint="e.g. choices_when: \"choice not in (from_parties or [])\"",
        )  # fmt: skip
    try:
        used = expression_names(str(source))
    except TemplateSyntaxError as exc:
        raise parser.fail(file, line, f"bad expression {source!r}: {exc.message}",
                          hint="e.g. choices_when: \"choice != 'other'\"") from exc  # fmt: skip
    parser.pending_refs.append((str(source), used - {"choice"}, str(file), line))
    return str(source)


def parse_take_default(
    parser: QuestionParser, data: MarkedDict, file: Path, question: tuple[str, str, Any]
) -> bool | tuple[Any, ...]:
    """The `take_default:` of a question: yes/no, or the choice values taken unasked."""
    qid, qtype, choices = question
    spec = data.get("take_default")
    if spec is None or spec is False:
        return False
    line = line_of(data, "take_default", data.line)
    if data.get("default") is None and data.get("default_from") is None:
        raise parser.fail(file, line, f"'take_default' of {qid!r} needs a default or default_from",
                          hint="say the value taken, e.g. default: false")  # fmt: skip
    if spec is True:
        return True
    values = [c.value for c in choices]
    if not isinstance(spec, list) or qtype != "choice" or any(v not in values for v in spec):
        raise parser.fail(
            file, line, f"'take_default' of {qid!r} must be true, or a list of its choices",
            hint=f"e.g. take_default: [{', '.join(values[:2]) or 'a, b'}]",
        )  # fmt: skip
    return tuple(spec)


def check_named_fields(parser: QuestionParser, file: Path, inner: tuple[Question, ...]) -> None:
    """Refuse a group field's `split_at_colon:`, `empty_when_alone:`, `other:` or
    `empty_together:` that is wrong.

    `split_at_colon` is on a text field and names a later text field of the group;
    `empty_when_alone` is on an optional multi field and names an earlier choice field of
    the group (`party`); `other` is on a multi field and names a later optional text field;
    `empty_together` is shared by two or more optional fields next to each other, none
    with a default or a `when`.
    """
    for number, field in enumerate(inner):
        later = inner[number + 1 :]
        refuse = partial(_refuse_unless, parser, file, field)
        refuse("split_at_colon", field.type == "text",
               [q.id for q in later if q.type in ("text", "long_text")],
               "be on a text field and name a later text field of the same group",
               "examples")  # fmt: skip
        refuse("empty_when_alone", field.type == "multi" and not field.required,
               [q.id for q in inner[:number] if q.type == "choice"],
               "be on an optional multi field and name an earlier choice field of the same "
               "group", "party")  # fmt: skip
        refuse("other", field.type == "multi",
               [q.id for q in later if q.type == "text" and not q.required],
               "be on a multi field and name a later optional text field of the same group",
               "other_" + field.id)  # fmt: skip
        neighbours = inner[max(0, number - 1) : number] + inner[number + 1 : number + 2]
        paired = any(q.empty_together == field.empty_together for q in neighbours)
        if field.empty_together and (
            field.required or field.when or field.default is not None or field.default_from
            or field.take_default or not paired
        ):  # fmt: skip
            raise parser.fail(
                file, field.line, f"'empty_together' of {field.id!r} names a run of optional "
                "fields next to each other, at least two, each without a default or a 'when'",
                hint="give the same name to the next optional field, or remove it",
            )  # fmt: skip


def _refuse_unless(
    parser: QuestionParser, file: Path, field: Question, key: str,
    fits: bool, candidates: list[str], rule: str, example: str,
) -> None:  # fmt: skip
    """Refuse `field`'s `key` (naming another field) unless the field `fits` it and the
    name is one of `candidates`; the hint names the first candidate, or `example`."""
    name = getattr(field, key)
    if name and (not fits or name not in candidates):
        raise parser.fail(file, field.line, f"{key!r} of {field.id!r} must {rule}",
                          hint=f"e.g. {key}: {candidates[0] if candidates else example}")  # fmt: skip


class FieldKeys(TypedDict):
    """A group field's keys that name other fields of its group, or a run of them."""

    empty_when_alone: str | None
    other: str | None
    empty_together: str | None
    with_email: str | None  # a top-level question's too (tree_with_email.py checks it)


def parse_field_keys(
    parser: QuestionParser, data: MarkedDict, file: Path, qid: str, *, in_group: bool
) -> FieldKeys:
    """A field's `empty_when_alone:`, `other:`, `empty_together:` and `with_email:` (None
    where absent).

    The first three are refused on a top-level question; what they name is checked with the group's fields
    (`check_named_fields`).
    """
    found: dict[str, str | None] = {"with_email": parser.text(
        data, "with_email", file, f"question {qid!r}", required=False) or None}  # fmt: skip
    for key in ("empty_when_alone", "other", "empty_together"):
        name = data.get(key)
        if name is not None and (not in_group or not isinstance(name, str)):
            raise parser.fail(
                file, line_of(data, key, data.line), f"{key!r} of {qid!r} is for a group's "
                "field, naming another field of the group (or, for 'empty_together', a run)",
                hint="put it on a field inside a group's questions, or remove it",
            )  # fmt: skip
        found[key] = name
    return FieldKeys(empty_when_alone=found["empty_when_alone"], other=found["other"],
                     empty_together=found["empty_together"], with_email=found["with_email"])  # fmt: skip
