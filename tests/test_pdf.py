"""PDF output through LibreOffice, and the typeset pages of every example.

The page checks read each PDF page's text with `pdftotext -layout` (poppler): no page
may hold nothing but the running header and footer, and no page may end with a
heading or a lead-in sentence (one ending with a colon or "as follows.") whose content
is overleaf.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sharewiz.cli.app import app
from sharewiz.render import pdf as pdf_module
from sharewiz.render.blocks import (
    Block,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    parse_markdown,
    plain_text,
)
from sharewiz.sets.build import render_answers_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
runner = CliRunner()
needs_libreoffice = pytest.mark.skipif(
    pdf_module.libreoffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler's pdftotext are not installed",
)


def test_pdf_without_libreoffice_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module, "libreoffice", lambda: None)
    example = ROOT / "examples" / "privacy-notice-charity-food-bank.yaml"
    result = runner.invoke(
        app, ["render", str(example), "--out", str(tmp_path / "o"), "-f", "md,pdf"]
    )
    assert result.exit_code == 6
    assert result.output.startswith(
        "error: PDF output needs LibreOffice, which is not installed\n"
        "hint: install LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui;"
    )
    assert not (tmp_path / "o" / "privacy-notice.md").exists()  # nothing half-written


def _pages(pdf: Path) -> list[list[str]]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return [
        [line.strip() for line in page.splitlines() if line.strip()]
        for page in text.split("\f")[:-1]
    ]


def _body(pages: list[list[str]]) -> list[list[str]]:
    """Each page's lines without the running header (the lines every page starts with)
    and the footer (the "Version ... Page X of Y" line)."""
    header = 0
    if len(pages) > 1:
        while all(len(p) > header and p[header] == pages[0][header] for p in pages):
            header += 1
    bodies = []
    for page in pages:
        lines = page[header:]
        if lines and re.search(r"Page \d+ of \d+$", lines[-1]):
            lines = lines[:-1]
        bodies.append(lines)
    return bodies


def _squash(text: str) -> str:
    return "".join(text.split())


def _lead_ins(blocks: tuple[Block, ...]) -> list[str]:
    """The squashed text of every paragraph, at any depth, that introduces what follows
    (ends with a colon or "as follows."): a page may end inside one, at a colon, but
    not where one ends."""
    found = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = _squash(plain_text(block.inlines))
            if text.endswith(":") or text.endswith("asfollows."):
                found.append(text)
        elif isinstance(block, ListBlock):
            for item in block.items:
                found += _lead_ins(item.blocks)
        elif isinstance(block, Quote):
            found += _lead_ins(block.blocks)
    return found


@pytest.mark.libreoffice
@needs_libreoffice
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_page_of_every_example_is_typeset_properly(example: Path, tmp_path: Path) -> None:
    result = render_answers_file(example, out_dir=tmp_path, formats=["md", "pdf"])
    for document in result.documents:
        pdf = tmp_path / f"{document.id}.pdf"
        blocks = parse_markdown(document.markdown)
        headings = [_squash(plain_text(b.inlines)) for b in blocks if isinstance(b, Heading)]
        lead_ins = _lead_ins(blocks)
        pages = _body(_pages(pdf))
        for number, lines in enumerate(pages, start=1):
            where = f"{pdf.name} page {number} of {len(pages)}"
            assert lines, f"{where} has no body text"
            broken = [line for line in lines if re.search(r"https?://$", line)]
            assert not broken, f"{where} breaks a web address after its scheme: {broken[0]!r}"
            if number == len(pages):
                continue
            squashed = _squash(" ".join(lines))
            stranded = [h for h in headings if squashed.endswith(h)]
            assert not stranded, f"{where} ends with the heading {stranded[0]!r}"
            lead_in = [t for t in lead_ins if squashed.endswith(t) or t.endswith(squashed)]
            assert not lead_in, f"{where} ends with the lead-in {lead_in[0]!r}"


def _what_it_shows(pdf: Path) -> tuple[str, list[str], str]:
    """A PDF's text page by page, its fonts and its metadata (poppler's tools)."""

    def run(*command: str) -> str:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    fonts = sorted(line.split()[0] for line in run("pdffonts", str(pdf)).splitlines()[2:])
    return run("pdftotext", "-layout", str(pdf), "-"), fonts, run("pdfinfo", str(pdf))


@pytest.mark.libreoffice
@needs_libreoffice
def test_pdf_is_tagged_titled_bookmarked_and_reproducible(tmp_path: Path) -> None:
    example = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
    first = render_answers_file(example, out_dir=tmp_path / "a", formats=["pdf"])
    render_answers_file(example, out_dir=tmp_path / "b", formats=["pdf"])
    data = (tmp_path / "a" / "privacy-notice.pdf").read_bytes()
    # the same pages, text, fonts and metadata (LibreOffice may write the embedded fonts
    # in another order from one conversion to the next, so not always the same bytes)
    again = tmp_path / "b" / "privacy-notice.pdf"
    assert _what_it_shows(tmp_path / "a" / "privacy-notice.pdf") == _what_it_shows(again)
    assert len(data) == len(again.read_bytes())
    assert b"/StructTreeRoot" in data and b"/Lang(en-GB)" in data  # tagged, with a language
    assert b"/Outlines" in data and b"/DisplayDocTitle true" in data
    title = first.documents[0].title
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "a" / "privacy-notice.pdf")], capture_output=True, text=True
    ).stdout
    assert f"Title:           {title}" in info
    assert "Tagged:          yes" in info
    assert "CreationDate:    Wed Apr  1 00:00:00 2026 UTC" in info  # the document's date
