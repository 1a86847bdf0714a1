"""Signatures close the body, before annexes; the version history is at the end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sharewiz.sets.build import render_answers_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _headings(markdown: str) -> list[tuple[int, str]]:
    return [(len(m[1]), m[2]) for m in re.finditer(r"^(#+) (.+)$", markdown, flags=re.MULTILINE)]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_signatures_close_the_body_and_history_comes_last(example: Path, tmp_path: Path) -> None:
    result = render_answers_file(example, out_dir=tmp_path, formats=["md"])
    for document in result.documents:
        headings = _headings(document.markdown)
        names = [name for _level, name in headings]
        if "Signatures" in names:
            signatures = names.index("Signatures")
            annexes = [i for i, name in enumerate(names) if name.startswith(("Annex", "Schedule"))]
            assert all(i > signatures for i in annexes), (
                f"{document.id}: an annex before signatures"
            )
            clauses = [i for i, (level, _name) in enumerate(headings) if level == 2]
            assert all(i <= signatures for i in clauses), f"{document.id}: a clause after signatures"
        if "Version history" in names:
            history = names.index("Version history")
            later = [name for level, name in headings[history + 1 :] if level <= 2]
            assert not later, f"{document.id}: version history sits before {later[0]!r}"


def test_the_processor_schedule_does_not_force_its_signatures_onto_a_new_page(
    tmp_path: Path,
) -> None:
    example = ROOT / "examples" / "processor-case-management.yaml"
    markdown = render_answers_file(example, out_dir=tmp_path, formats=["md"]).documents[0].markdown
    before = markdown.split("## Signatures")[0].rstrip()
    assert not before.endswith("<!-- page-break -->")
