"""Reading a question's `take_from:`: an answer the earlier answers make certain, taken
unasked by the wizard and said in one line (an agreement's overall frequency, when it
has one data flow: that flow's).

The key changes how the wizard asks, never what an answers file holds or how one is
read: it is not a default, so an older file missing the answer is reported as before.
See "An answer the earlier answers make certain" in docs/question-trees.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from sharewiz.model.yamlio import MarkedDict, line_of

if TYPE_CHECKING:
    from sharewiz.model.question_parser import QuestionParser

# shortcuts that decide the same question another way (one yes/no, a tick, the default)
_EXCLUSIVE = ("together", "ask_as_ticks", "take_default")


class TakeFromKeys(TypedDict):
    """The expression giving the certain answer (None: none), and the note saying why."""

    take_from: str | None
    take_from_note: str | None


def parse_take_from(
    parser: QuestionParser, data: MarkedDict, file: Path, question: tuple[str, str], *,
    in_group: bool,
) -> TakeFromKeys:  # fmt: skip
    """The `take_from: {value, note}` of a question (id, type), or a TreeError.

    Refused on a group or a group's field (an entry's suggested value is asked of the
    entry), beside another shortcut for the same question, and unless `value` is an
    expression and `note` one line saying where the answer comes from.
    """
    qid, qtype = question
    spec = data.get("take_from")
    if spec is None:
        return TakeFromKeys(take_from=None, take_from_note=None)
    line = line_of(data, "take_from", data.line)
    if in_group or qtype == "group":
        raise parser.fail(file, line, f"'take_from' of {qid!r} is for a top-level question, "
                          "not a list or a list's field",
                          hint="remove it, or move the question out of the list")  # fmt: skip
    clash = next((key for key in _EXCLUSIVE if data.get(key)), None)
    if clash:
        raise parser.fail(file, line, f"{qid!r} has both 'take_from' and {clash!r}: "
                          "one way to answer it unasked", hint=f"remove {clash!r} or 'take_from'")  # fmt: skip
    note = spec.get("note") if isinstance(spec, dict) else None
    if (
        not isinstance(spec, dict) or set(spec) != {"value", "note"}
        or not isinstance(note, str) or not note.strip() or "\n" in note.strip()
    ):  # fmt: skip
        raise parser.fail(
            file, line, f"'take_from' of {qid!r} needs 'value' (an expression giving the "
            "answer the earlier answers make certain, or none) and 'note' (one line: where "
            "it comes from)",
            hint="e.g. take_from: {value: \"flows[0].interval if flows | length == 1 else "
            "none\", note: taken from the one data flow}",
        )  # fmt: skip
    value = parser.expression(spec["value"], file, line_of(spec, "value", line))
    return TakeFromKeys(take_from=value, take_from_note=note.strip())
