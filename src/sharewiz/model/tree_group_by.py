"""Reading a group's `group_by:`: a `covers:` list made from one grid.

Where each choice of the covered field (a notice's special category items) needs one
answer of another field (its Art 9(2) condition), the wizard shows a row per choice and
makes an entry for each answer given, holding the rows given it. The answers file keeps
its shape. See "A list made from one grid" in docs/question-trees.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sharewiz.model.tree import GroupBy, Question
from sharewiz.model.yamlio import MarkedDict, line_of

if TYPE_CHECKING:
    from sharewiz.model.question_parser import QuestionParser

_HINT = 'e.g. group_by: {field: art9_condition, grid: "Which condition does each rest on?"}'


def parse_group_by(
    parser: QuestionParser,
    data: MarkedDict,
    file: Path,
    question: tuple[str, str, tuple[Question, ...]],
) -> GroupBy | None:
    """The `group_by:` of a group (id, type, fields), or None; a TreeError if wrong.

    Refused unless the group has `covers:` (whose field, asked of every entry, gives the
    rows) and `field` names another of its required choice fields asked of every entry;
    not with `one_entry_per` or `as_lines`, which make a new list another way.
    """
    spec = data.get("group_by")
    if spec is None:
        return None
    qid, qtype, fields = question
    line = line_of(data, "group_by", data.line)
    what = f"'group_by' of {qid!r}"
    if qtype != "group" or data.get("covers") is None:
        raise parser.fail(
            file, line, f"{what} is for a list (a group) with 'covers': its rows are the "
            "choices of the covered field", hint=f"add covers: items to the group; {_HINT}",
        )  # fmt: skip
    for other in ("one_entry_per", "as_lines"):
        if data.get(other) is not None:
            raise parser.fail(file, line, f"{what} cannot go with its {other}: a new list is "
                              "made one way", hint="keep one of them")  # fmt: skip
    spec = parser.mapping(spec, file, line, what)
    parser.check_keys(spec, {"field", "grid"}, file, what)
    name = parser.text(spec, "field", file, what)
    prompt = parser.text(spec, "grid", file, what)
    by = next((q for q in fields if q.id == name), None)
    covered = next((q for q in fields if q.id == data.get("covers")), None)
    if by is None or by.type != "choice" or not by.required or by.when or by is covered:
        raise parser.fail(
            file, line_of(spec, "field", line), f"{what}: 'field' must name another of its "
            f"required choice fields, asked of every entry (not {name!r})", hint=_HINT,
        )  # fmt: skip
    if covered is not None and covered.when:
        raise parser.fail(
            file, line, f"{what}: the covered field {covered.id!r} is asked only when its "
            "condition holds, so its choices cannot be the rows", hint="remove its 'when'",
        )  # fmt: skip
    return GroupBy(field=name, grid=prompt)


__all__ = ["parse_group_by"]
