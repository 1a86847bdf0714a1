"""Reading a group's `group_by:`: a `covers:` list made from grids.

Where each choice of the covered field (a notice's special category items) needs one
answer of another field (its Art 9(2) condition, then the Schedule 1 condition that
condition needs), the wizard shows a screen per field with a row per choice, and makes
an entry for each set of answers given, holding the rows given it. The answers file
keeps its shape. See "A list made from grids" in docs/question-trees.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sharewiz.model.tree import GroupBy, Question
from sharewiz.model.yamlio import MarkedDict, MarkedList, line_of

if TYPE_CHECKING:
    from sharewiz.model.question_parser import QuestionParser

_HINT = 'e.g. group_by: [{field: art9_condition, grid: "Which condition does each rest on?"}]'


def parse_group_by(
    parser: QuestionParser,
    data: MarkedDict,
    file: Path,
    question: tuple[str, str, tuple[Question, ...]],
) -> tuple[GroupBy, ...]:
    """The `group_by:` screens of a group (id, type, fields), in order; a TreeError if wrong.

    Refused unless the group has `covers:` (whose field, asked of every entry, gives the
    rows), and each screen's `field` names another of its choice fields: the first one
    required and asked of every entry, a later one asked where its `when` holds, reading
    of the entry only the covered field and the fields of the screens before it (a row's
    answers when it is shown). Not with `one_entry_per` or `as_lines`, which make a new
    list another way.
    """
    spec = data.get("group_by")
    if spec is None:
        return ()
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
    if not isinstance(spec, MarkedList) or not spec:
        raise parser.fail(file, line, f"{what} must be a list of screens", hint=_HINT)
    covered = next(q for q in fields if q.id == data.get("covers"))  # checked by `covers`
    if covered.when:
        raise parser.fail(
            file, line, f"{what}: the covered field {covered.id!r} is asked only when its "
            "condition holds, so its choices cannot be the rows", hint="remove its 'when'",
        )  # fmt: skip
    screens: list[GroupBy] = []
    known = {covered.id}  # what a row has answered when a screen is shown
    for item in spec:
        screen = parser.mapping(item, file, line, what)
        parser.check_keys(screen, {"field", "grid"}, file, what)
        name = parser.text(screen, "field", file, what)
        prompt = parser.text(screen, "grid", file, what)
        field = next((q for q in fields if q.id == name), None)
        ids = {q.id for q in fields}
        _check_field(parser, (file, line_of(screen, "field", line)), what, field, (known, ids),
                     first=not screens)  # fmt: skip
        known.add(name)
        screens.append(GroupBy(field=name, grid=prompt))
    return tuple(screens)


def _check_field(
    parser: QuestionParser,
    where: tuple[Path, int],
    what: str,
    field: Question | None,
    names: tuple[set[str], set[str]],
    *,
    first: bool,
) -> None:
    """Refuse a screen's field that is not a choice field of the group asked as it must be.

    `names`: the fields a row has answered when the screen is shown, and all the group's.
    """
    from sharewiz.model.expressions import expression_names

    file, line = where
    known, ids = names
    name = field.id if field is not None else None
    if field is None or field.type != "choice" or field.id in known:
        raise parser.fail(file, line, f"{what}: 'field' must name another of its choice "
                          f"fields (not {name!r})", hint=_HINT)  # fmt: skip
    if first and (field.when or not field.required):
        raise parser.fail(
            file, line, f"{what}: the first screen's field {name!r} must be required and "
            "asked of every entry (no 'when')", hint=_HINT,
        )  # fmt: skip
    if field.when:
        unknown = (expression_names(field.when) - known) & ids
        if unknown:
            raise parser.fail(
                file, line, f"{what}: the condition of {name!r} reads "
                f"{', '.join(sorted(unknown))}, not answered when its screen is shown",
                hint="read only the covered field and earlier screens' fields",
            )  # fmt: skip
