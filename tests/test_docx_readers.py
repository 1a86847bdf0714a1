"""Every example's DOCX opens in readers independent of python-docx, with nothing lost.

python-docx wrote the files, so reading them back with it proves little. docx2python
(its own zip and lxml parsing) must find every heading, table cell and link, and the
header and footer; pandoc (a separate implementation in Haskell), when installed, must
convert each file without a warning and keep every heading.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx2python import docx2python

from sharewiz.render.blocks import Heading, Table, parse_markdown, plain_text
from sharewiz.sets.build import render_answers_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _squash(text: str) -> str:
    return "".join(text.replace("\u2060", "").split())


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_docx2python_reads_every_heading_cell_and_link(example: Path, tmp_path: Path) -> None:
    result = render_answers_file(example, out_dir=tmp_path, formats=["md", "docx"])
    for document in result.documents:
        blocks = parse_markdown(document.markdown)
        with docx2python(tmp_path / f"{document.id}.docx") as read:
            raw = _squash(read.text)  # links read as <a href="...">text</a>
            text = re.sub(r'<ahref="[^"]*">|</a>', "", raw)
            header = _squash(str(read.header))
            footer = _squash(str(read.footer))
        for block in blocks:
            if isinstance(block, Heading):
                assert _squash(plain_text(block.inlines)) in text, document.id
            if isinstance(block, Table):
                for row in (block.header, *block.rows):
                    for cell in row:
                        assert _squash(plain_text(cell)) in text, document.id
        links = {span.href for block in blocks for span in _spans(block) if span.href}
        for href in links:
            assert f'<ahref="{href}">' in raw, f"{document.id}: link {href} lost"
        assert _squash(document.title)[:40] in header
        assert f"Version{document.version}" in footer


def _spans(block: object) -> list:  # type: ignore[type-arg]
    from sharewiz.render.blocks import ListBlock, Paragraph, Quote

    if isinstance(block, Paragraph | Heading):
        return list(block.inlines)
    if isinstance(block, Table):
        return [span for row in (block.header, *block.rows) for cell in row for span in cell]
    if isinstance(block, ListBlock):
        return [span for item in block.items for child in item.blocks for span in _spans(child)]
    if isinstance(block, Quote):
        return [span for child in block.blocks for span in _spans(child)]
    return []


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_pandoc_converts_every_docx_cleanly(example: Path, tmp_path: Path) -> None:
    result = render_answers_file(example, out_dir=tmp_path, formats=["md", "docx"])
    for document in result.documents:
        done = subprocess.run(
            ["pandoc", "--from", "docx", "--to", "plain", "--wrap", "none",
             str(tmp_path / f"{document.id}.docx")],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0 and not done.stderr.strip(), done.stderr
        text = _squash(done.stdout)
        for block in parse_markdown(document.markdown):
            if isinstance(block, Heading):
                assert _squash(plain_text(block.inlines)) in text, document.id
