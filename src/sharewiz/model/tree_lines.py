"""Reading a group's `as_lines:`: a new list's names typed as lines, one entry a line.

The key changes how the wizard asks, never what an answers file holds: each line is one
entry's first field (and, after a colon, the field its `split_at_colon` names), and the
entries' other fields are asked as they are once any list is made. See "A list entered
as lines" in docs/question-trees.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from sharewiz.model.tree import Question
from sharewiz.model.yamlio import MarkedDict, line_of

if TYPE_CHECKING:
    from sharewiz.model.question_parser import QuestionParser


class LinesKeys(TypedDict):
    """A group's lines prompt, and the one used where its colon field is not asked."""

    as_lines: str | None
    as_lines_without_colon: str | None


def parse_as_lines(
    parser: QuestionParser,
    data: MarkedDict,
    file: Path,
    question: tuple[str, str, tuple[Question, ...]],
    *,
    in_group: bool,
) -> LinesKeys:
    """The `as_lines:` prompts of a group (id, type, fields) (None where absent); a
    TreeError if wrong.

    Refused unless the group is a list (or a list inside an entry, without `across: more`)
    whose first field is a text asked of every entry (a line holds nothing else), made
    from empty by the officer: not a list started one entry per party (`one_entry_per`).
    A list offering its first entry from the organisation profile (the parties: `profile`
    on its fields) offers it by its first field, so that field has `profile` too; taken,
    the lines are the other entries. Where the field after the colon has a `when`, two
    prompts (`with_colon`, `without_colon`).
    """
    if data.get("as_lines") is None:
        return LinesKeys(as_lines=None, as_lines_without_colon=None)
    qid, qtype, fields = question
    line = line_of(data, "as_lines", data.line)
    prompt, without = _prompts(parser, data, file, qid, fields)
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
    if data.get("one_entry_per") is not None:
        raise parser.fail(
            file, line, f"'as_lines' of {qid!r} cannot go with its one_entry_per: the list's "
            "first entries are made another way",
            hint="keep one of them",
        )  # fmt: skip
    profiled = next((f.id for f in fields if f.profile), None)
    if profiled and not first.profile:
        raise parser.fail(
            file, line, f"'as_lines' of {qid!r} offers its first entry from the profile "
            f"({profiled!r}) only by its first field {first.id!r}, which has no 'profile'",
            hint="add 'profile: controller_name' to the first field, or remove the other's",
        )  # fmt: skip
    return LinesKeys(as_lines=prompt, as_lines_without_colon=without)


def _prompts(
    parser: QuestionParser, data: MarkedDict, file: Path, qid: str, fields: tuple[Question, ...]
) -> tuple[str, str | None]:
    """The lines prompt, and the one without the colon's part (None where there is none).

    A text: the one prompt. `{with_colon, without_colon}`: where the field after the colon
    has a `when` (asked only for some answers, such as a purpose's wording for children),
    each line is split at its colon only where that field is asked, and the prompt must
    say the colon only then; its `when` may read only answers outside the list, as the
    lines are typed before any entry has one.
    """
    spec = data.get("as_lines")
    what = f"'as_lines' of {qid!r}"
    line = line_of(data, "as_lines", data.line)
    target = next((q for q in fields if fields and q.id == fields[0].split_at_colon), None)
    conditional = target is not None and bool(target.when)
    if not isinstance(spec, dict):
        if target is not None and conditional:
            raise parser.fail(
                file, line, f"{what} must be {{with_colon, without_colon}}: the field after "
                f"the colon ({target.id!r}) is asked only when its condition holds",
                hint="give the prompt saying the colon, and the prompt without it",
            )  # fmt: skip
        return parser.text(data, "as_lines", file, f"question {qid!r}"), None
    spec = parser.mapping(spec, file, line, what)
    parser.check_keys(spec, {"with_colon", "without_colon"}, file, what)
    if not conditional or target is None:
        raise parser.fail(
            file, line, f"{what} has two prompts only where the field after the colon has a "
            "condition ('when')",
            hint="write one prompt: as_lines: 'Things, what each is after a colon'",
        )  # fmt: skip
    from sharewiz.model.expressions import expression_names

    own = expression_names(str(target.when)) & {q.id for q in fields}
    if own:
        raise parser.fail(
            file, line, f"{what}: the condition of {target.id!r} reads {', '.join(sorted(own))} "
            "of the same entry, which the lines do not answer yet",
            hint="split at the colon on answers given before the list (e.g. who the notice is for)",
        )  # fmt: skip
    return (parser.text(spec, "with_colon", file, what),
            parser.text(spec, "without_colon", file, what))  # fmt: skip


__all__ = ["LinesKeys", "parse_as_lines"]
