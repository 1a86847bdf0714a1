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
            assert all(i <= signatures for i in clauses), (
                f"{document.id}: a clause after signatures"
            )
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


def test_one_version_number_in_answers_footer_history_and_text(tmp_path: Path) -> None:
    import io
    import zipfile

    from sharewiz.model.answers_file import read_answers_file

    example = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
    out = tmp_path / "set"
    render_answers_file(example, out_dir=out, formats=["md", "docx"])
    # the set's own answers, changed by hand, rendered again
    answers = out / "answers.yaml"
    answers.write_text(answers.read_text().replace("Adult social care", "Adult care"))
    result = render_answers_file(answers, out_dir=out, formats=["md", "docx"])
    document = next(d for d in result.documents if d.id == "privacy-notice")
    assert document.version == "1.1"
    assert str(read_answers_file(answers).answers["document_version"]) == "1.1"
    assert "This is version 1.1 of this notice" in document.markdown
    assert document.markdown.rstrip().splitlines()[-1].startswith("| 1.1 |")
    with zipfile.ZipFile(io.BytesIO((out / "privacy-notice.docx").read_bytes())) as archive:
        footers = [archive.read(n).decode() for n in archive.namelist() if "footer" in n]
    assert any("Version 1.1" in footer for footer in footers)
