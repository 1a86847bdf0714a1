"""Helpers for the hostile-input suite: each test feeds sharewiz one kind of bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from typer.testing import CliRunner, Result

from sharewiz.cli.app import app
from sharewiz.render.docx.writer import default_reference_path

ROOT = Path(__file__).resolve().parent.parent.parent
DPIA_EXAMPLE = ROOT / "examples" / "dpia-screening-supporting-families.yaml"


def run(*args: str) -> Result:
    """Run the CLI in-process, as a user would, never raising."""
    return CliRunner().invoke(app, [str(a) for a in args])


def assert_clean_error(result: Result, *expected: str) -> None:
    """Exit 1 with an `error:` line holding every expected text, a `hint:`, no traceback."""
    output = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "error:" in output and "hint:" in output, result.output
    assert "Traceback" not in result.output and "internal error" not in output, result.output
    for text in expected:
        assert text in output, result.output


class CustomTemplate:
    """A custom templates folder whose DPIA screening template the test writes."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = tmp_path / "custom"
        self.out = tmp_path / "out"
        self.path = self.root / "dpia-screening" / "screening.md.j2"
        self.path.parent.mkdir(parents=True)

    def render(self, source: str) -> Result:
        self.path.write_text(source, encoding="utf-8")
        return run(
            "render", DPIA_EXAMPLE, "--format", "md", "--out", self.out, "--templates", self.root
        )


def visitor_answers(path: Path, site_name: str) -> Path:
    """An answers file for the `visitor` kind."""
    import json

    path.write_text(
        f"kind: visitor\ntree_version: 1\nanswers:\n  site_name: {json.dumps(site_name)}\n",
        encoding="utf-8",
    )
    return path


def corrupt_member(path: Path) -> Path:
    """The built-in reference DOCX with zeroes inside its compressed styles: a bad member."""
    data = bytearray(default_reference_path().read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/styles.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[start : start + 20] = bytes(20)
    path.write_bytes(bytes(data))
    return path
