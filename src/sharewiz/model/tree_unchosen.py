"""Reading a choice question's `starts_unchosen:`: no choice highlighted to begin with.

A pick list highlights its first choice, so Enter pressed by habit picks it. Where every
choice is a legal ground (an Art 9(2) condition, a Schedule 1 condition, an authority
for criminal offence data), the list starts on "not chosen yet" and Enter alone is
refused until one is chosen, as on a grid. Answers files are unchanged. See
docs/question-trees.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sharewiz.model.yamlio import MarkedDict, line_of

if TYPE_CHECKING:
    from sharewiz.model.question_parser import QuestionParser


def parse_starts_unchosen(
    parser: QuestionParser, data: MarkedDict, file: Path, question: tuple[str, str]
) -> bool:
    """The `starts_unchosen:` of a question (id, type); a TreeError unless it is `true`
    on a choice question with no default, or absent (False)."""
    spec = data.get("starts_unchosen")
    if spec is None or spec is False:
        return False
    qid, qtype = question
    if spec is not True or qtype != "choice" or "default" in data or "default_from" in data:
        raise parser.fail(
            file, line_of(data, "starts_unchosen", data.line),
            f"'starts_unchosen' of {qid!r} is `true` on a choice question with no default",
            hint="remove its default, or remove starts_unchosen",
        )  # fmt: skip
    return True
