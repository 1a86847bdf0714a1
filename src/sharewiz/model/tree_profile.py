"""Reading a question's `profile:`: the organisation profile's answer it takes.

A top-level question whose tree names it otherwise (a disclosure's `discloser_name`)
names the question the profile answers (`controller_name`), whose value it is offered
and saved as. A party's name, kind, address and ICO number name the top-level question
the profile answers for them, so party 1, the officer's own organisation, can be offered
from the profile. A list takes only the profile's signatories, lines read as the
list's typed lines are: a list inside the entry (party 1's signatories), or a top-level
list (a processor contract's controller signatories). See `profile` in
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
) -> str | None:
    """The `profile:` of a question (id, type, inner fields), or None: a question id the
    profile answers.

    The profile's lines of signatories ("name: job title") go only on a list typed as
    lines whose first field takes the text after a colon (a party's signatories, a
    processor contract's controller's), whose own fields then take nothing from the
    profile; a list takes nothing else from the profile.
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
    if name not in known:
        raise parser.fail(
            file, line, f"'profile' of {qid!r} must name a question the organisation profile answers",
            hint=f"use one of: {', '.join(known)}",
        )  # fmt: skip
    if (qtype == "group") != (name in as_lines):
        listed = ", ".join(as_lines)
        raise parser.fail(
            file, line,
            f"'profile' of {qid!r} names {name!r}, which the profile holds as "
            + ("lines of signatories: it goes on a list" if name in as_lines
               else f"one answer, but {qid!r} is a list"),
            hint=f"a list takes only {listed} from the profile; any other question one of the others",
        )  # fmt: skip
    if qtype == "group" and (data.get("as_lines") is None or not inner[0].split_at_colon):
        raise parser.fail(
            file, line,
            f"'profile' of {qid!r} gives its entries as lines (\"{SIGNATORY_EXAMPLE}\"), so the "
            "list is typed as lines and its first field takes the text after a colon",
            hint="add as_lines to the list and split_at_colon to its first field",
        )  # fmt: skip
    if qtype == "group" and (field := next((q for q in inner if q.profile), None)):
        raise parser.fail(
            file, line,
            f"'profile' of {qid!r} gives the whole list, so its field {field.id!r} cannot take "
            f"{field.profile!r} from the profile too",
            hint=f"remove 'profile' from {field.id!r}",
        )  # fmt: skip
    return str(name)
