"""Reading a question's `profile:`: the organisation profile's answer it takes.

A top-level question whose tree names it otherwise (a disclosure's `discloser_name`)
names the question the profile answers (`controller_name`), whose value it is offered
and saved as. A party's name, kind, address and ICO number name the top-level question
the profile answers for them, so party 1, the officer's own organisation, can be offered
from the profile. A list inside the entry takes only the profile's
signatories, lines read as the list's typed lines are. See `profile` in
docs/question-trees.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sharewiz.model.tree import Question
from sharewiz.model.yamlio import MarkedDict, line_of

if TYPE_CHECKING:
    from sharewiz.model.question_parser import QuestionParser


def parse_profile(
    parser: QuestionParser,
    data: MarkedDict,
    file: Path,
    question: tuple[str, str, tuple[Question, ...]],
    *,
    in_group: bool,
) -> str | None:
    """The `profile:` of a group's field (id, type, inner fields), or None: a question id
    the profile answers.

    The profile's lines of signatories ("name: job title") go only on a list inside an
    entry typed as lines whose first field takes the text after a colon (a party's
    signatories); a list takes nothing else from the profile.
    """
    from sharewiz.model.profile import SETTINGS
    from sharewiz.model.profile_values import SIGNATORY_EXAMPLE

    qid, qtype, inner = question
    name = data.get("profile")
    if name is None:
        return None
    line = line_of(data, "profile", data.line)
    known = [s.question for s in SETTINGS if s.question]
    as_lines = [s.question for s in SETTINGS if s.question and s.check == "signatories"]
    top_level = not in_group  # a tree's own name for a profile answer (discloser_name)
    if name not in known or (top_level and (name in as_lines or qtype == "group")):
        offered = [k for k in known if not (top_level and k in as_lines)]
        raise parser.fail(
            file, line,
            f"'profile' of {qid!r} must name a question the organisation profile answers"
            + (" with one value" if top_level else ""),
            hint=f"use one of: {', '.join(offered)}",
        )  # fmt: skip
    if top_level:
        return str(name)
    if (qtype == "group") != (name in as_lines):
        listed = ", ".join(as_lines)
        raise parser.fail(
            file, line,
            f"'profile' of {qid!r} names {name!r}, which the profile holds as "
            + ("lines of signatories: it goes on a list" if name in as_lines
               else f"one answer, but {qid!r} is a list"),
            hint=f"a list takes only {listed} from the profile; a field one of the others",
        )  # fmt: skip
    if qtype == "group" and (data.get("as_lines") is None or not inner[0].split_at_colon):
        raise parser.fail(
            file, line,
            f"'profile' of {qid!r} gives its entries as lines (\"{SIGNATORY_EXAMPLE}\"), so the "
            "list is typed as lines and its first field takes the text after a colon",
            hint="add as_lines to the list and split_at_colon to its first field",
        )  # fmt: skip
    return str(name)
