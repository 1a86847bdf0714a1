"""Reading a group's `as_lines:`: a new list's names typed as lines, one entry a line.

The key changes how the wizard asks, never what an answers file holds: each line is one
entry's first field (and, after a colon, the field its `split_at_colon` names), and the
entries' other fields are asked as they are once any list is made. See "A list entered
as lines" in docs/question-trees.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sharewiz.model.tree import Question
from sharewiz.model.yamlio import MarkedDict, line_of

if TYPE_CHECKING:
    from sharewiz.model.question_parser import QuestionParser


def parse_as_lines(
    parser: QuestionParser,
    data: MarkedDict,
    file: Path,
    question: tuple[str, str, tuple[Question, ...]],
    *,
    in_group: bool,
) -> str | None:
    """The `as_lines:` prompt of a group (id, type, fields), or None; a TreeError if wrong.

    Refused unless the group is a list (or a list inside an entry, without `across: more`)
    whose first field is a text asked of every entry (a line holds nothing else), made
    from empty by the officer: not a list
    started one entry per party (`one_entry_per`) or offering its first entry from the
    organisation profile (`profile`), which would ask its first field another way.
    """
    if data.get("as_lines") is None:
        return None
    qid, qtype, fields = question
    line = line_of(data, "as_lines", data.line)
    prompt = parser.text(data, "as_lines", file, f"question {qid!r}")
    if qtype != "group":
        raise parser.fail(
            file, line, f"'as_lines' is for a list (a group), not {qid!r}",
            hint="put it on a group whose entries are named by a text field, e.g. sources",
        )  # fmt: skip
    if in_group and data.get("across") is not None:
        raise parser.fail(
            file, line, f"'as_lines' of {qid!r} replaces its 'across: more' (each entry's "
            "list typed as lines, no rounds of another)",
            hint="keep one of them",
        )  # fmt: skip
    first = fields[0]
    if first.type != "text" or first.when or first.choices_expr:
        raise parser.fail(
            file, line, f"'as_lines' of {qid!r} needs a first field that is text, asked of "
            f"every entry (its first field {first.id!r} is {first.type}"
            + (", asked only when its condition holds)" if first.when else ")"),
            hint="put the field that names an entry first, as a text question without 'when'",
        )  # fmt: skip
    other = "one_entry_per" if data.get("one_entry_per") is not None else next(
        (f"profile ({f.id!r})" for f in fields if f.profile), None)  # fmt: skip
    if other:
        raise parser.fail(
            file, line, f"'as_lines' of {qid!r} cannot go with its {other}: the list's "
            "first entries are made another way",
            hint="keep one of them: a list of parties is best offered from the profile",
        )  # fmt: skip
    return prompt


__all__ = ["parse_as_lines"]
