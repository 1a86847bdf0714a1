"""Classes: a hostile reference DOCX, and text Word cannot hold (issue 18, items 4 and 5)."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from hostile_helpers import DPIA_EXAMPLE, assert_clean_error, corrupt_member, run
from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.tree import Question
from sharewiz.render.docx.writer import render_docx
from sharewiz.render.meta import DocMeta

pytestmark = pytest.mark.timeout(60)


def zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/bomb.xml", b"\0" * (300 * 1024 * 1024))
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


REFERENCES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "dev_zero": (lambda _: Path("/dev/zero"), "not a regular file"),
    "dev_urandom": (lambda _: Path("/dev/urandom"), "not a regular file"),
    "fifo": (fifo, "not a regular file"),
    "corrupt_member": (corrupt_member, "damaged"),
    "zip_bomb": (zip_bomb, "not a plain Word document"),
    "random_bytes": (lambda p: (p.write_bytes(os.urandom(4096)), p)[1], "not a zip archive"),
}


@pytest.mark.parametrize(("make", "expected"), REFERENCES.values(), ids=REFERENCES.keys())
def test_a_hostile_reference_docx_is_a_clear_error(
    make: Callable[[Path], Path], expected: str, tmp_path: Path
) -> None:
    reference = make(tmp_path / "reference.docx")
    out = tmp_path / "out"
    result = run(
        "render", DPIA_EXAMPLE, "--format", "docx", "--reference-docx", reference, "--out", out
    )
    assert_clean_error(result, str(reference), expected)
    assert not list(out.glob("*.docx"))


def test_a_long_service_name_fits_the_core_properties() -> None:
    name = "Northshire " + "Integrated Care and Support Partnership " * 6
    meta = DocMeta(title=name, subject=name, author=name, version="1.0", date="2026-01-01")
    data = render_docx("# Title\n\nText.\n", meta)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert name[:200] in core


@pytest.mark.parametrize("char", ["\x00", "\x1b[31m", "\x07", "\uffff", "\ud800"])
@pytest.mark.parametrize("kind", ["text", "long_text"])
def test_text_word_cannot_hold_is_refused_at_typing(char: str, kind: str) -> None:
    question = Question(id="controller_name", type=kind, prompt="Name", help="")
    with pytest.raises(InvalidAnswer, match="U\\+"):
        coerce(question, f"Acme{char} Ltd")
    assert coerce(question, "Acme\tLtd") in ("Acme Ltd", "Acme\tLtd")


def test_a_control_character_names_the_answers_file_and_line(tmp_path: Path) -> None:
    text = DPIA_EXAMPLE.read_text(encoding="utf-8").replace(
        "project_lead: Sam Okafor", 'project_lead: "Sam\\0 Okafor'
    )
    text = text.replace("Sam\\0 Okafor, Early Help Service Manager", 'Sam\\0 Okafor"')
    answers = tmp_path / "answers.yaml"
    answers.write_text(text, encoding="utf-8")
    result = run("render", answers, "--out", tmp_path / "out")
    assert_clean_error(result, "answers.yaml:10", "U+0000")


@pytest.mark.parametrize("spelling", ["Null", "NULL", "~"])
def test_null_spellings_are_text_in_answers(spelling: str, tmp_path: Path) -> None:
    text = DPIA_EXAMPLE.read_text(encoding="utf-8").replace(
        "organisation_name: Northshire County Council", f"organisation_name: {spelling}"
    )
    answers = tmp_path / "answers.yaml"
    answers.write_text(text, encoding="utf-8")
    result = run("render", answers, "--format", "md", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    printed = "\\~" if spelling == "~" else spelling  # escaped for Markdown, as any text
    markdown = (tmp_path / "out" / "dpia-screening.md").read_text(encoding="utf-8")
    assert f"| Controller | {printed} |" in markdown
