"""Issue 13: documents that do not pass their checks are drafts, visibly, in every format.

Through the CLI: a set with an error-level finding renders with exit 7 (`DRAFT`), status `draft`
and a "Draft: does not pass N checks" banner in the Markdown, in the DOCX body and page
header, and in the HTML; the same set with the answers fixed has no banner and exits 0.
`check` refuses missing answers as `render` does, with the same message and exit code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
from typer.testing import CliRunner

from law_helpers import cli_app, with_answers, write

COUNCIL_PN = "privacy-notice-council-adult-social-care"
BANNER = "Draft: does not pass 1 check (LB-PUBLIC-AUTHORITY-LI)"


def _on_legitimate_interests() -> dict[str, Any]:
    """A council notice relying on legitimate interests for its statutory work: an error."""
    return with_answers(
        COUNCIL_PN,
        purposes=[
            {
                "description": "to assess needs",
                "basis": "legitimate_interests",
                "legitimate_interest": "helping people",
            }
        ],
    )


def _render(doc: dict[str, Any], folder: Path, *extra: str) -> Any:
    path = write(doc, folder)
    args = ["render", str(path), "-o", str(folder / "out"), "-f", "md,docx,html", *extra]
    return CliRunner().invoke(cli_app(), args)


def _docx_text(path: Path) -> tuple[str, str]:
    """(body text, first page header text) of a DOCX, read back with python-docx."""
    document = docx.Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    return body, header


def test_a_set_with_an_error_is_a_draft_in_every_format(tmp_path: Path) -> None:
    result = _render(_on_legitimate_interests(), tmp_path)
    assert result.exit_code == 7, result.output
    assert "The documents are marked as drafts until these errors are fixed." in result.output
    out = tmp_path / "out"
    for name in ("privacy-notice", "privacy-notice-summary"):
        markdown = (out / f"{name}.md").read_text(encoding="utf-8")
        title, blank, banner = markdown.splitlines()[:3]
        assert title.startswith("# ") and not blank
        assert banner.startswith(f"> **{BANNER}.**")  # under the title: the title page
        body, header = _docx_text(out / f"{name}.docx")
        assert BANNER in body
        assert header.splitlines()[0] == BANNER  # the running header of every page
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        assert f'<header class="draft-banner" role="note">{BANNER}</header>' in html
        assert f"<strong>{BANNER}.</strong>" in html


def test_fixed_answers_lose_the_banner_and_exit_zero(tmp_path: Path) -> None:
    assert _render(_on_legitimate_interests(), tmp_path).exit_code == 7
    result = _render(with_answers(COUNCIL_PN), tmp_path, "--force")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert "Draft" not in (out / "privacy-notice.md").read_text(encoding="utf-8")
    body, header = _docx_text(out / "privacy-notice.docx")
    assert "Draft" not in body and "Draft" not in header
    assert "draft-banner" not in (out / "privacy-notice.html").read_text(encoding="utf-8")


def test_render_json_reports_the_set_as_draft(tmp_path: Path) -> None:
    result = _render(_on_legitimate_interests(), tmp_path, "--json")
    assert result.exit_code == 7
    report = json.loads(result.stdout)
    assert report["exit_code"] == 7 and report["draft"] == 1 and report["written"] == 0
    entry = report["sets"][0]
    assert entry["status"] == "draft"
    assert [f["rule"] for f in entry["findings"] if f["severity"] == "error"] == [
        "LB-PUBLIC-AUTHORITY-LI"
    ]


def test_a_batch_reports_drafts_apart_and_exits_six(tmp_path: Path) -> None:
    bad = write(_on_legitimate_interests(), tmp_path / "in", "bad")
    good = write(with_answers(COUNCIL_PN), tmp_path / "in", "good")
    args = ["render", str(bad), str(good), "-o", str(tmp_path / "out"), "-f", "md", "--json"]
    result = CliRunner().invoke(cli_app(), [*args, "--jobs", "1"])
    assert result.exit_code == 7, result.output
    report = json.loads(result.stdout)
    assert (report["written"], report["draft"], report["failed"]) == (1, 1, 0)
    statuses = {Path(s["input"]).stem: s["status"] for s in report["sets"]}
    assert statuses == {"bad": "draft", "good": "written"}
    again = CliRunner().invoke(cli_app(), [*args[:-1], "--jobs", "1"])
    assert again.exit_code == 7  # an unchanged draft is still a draft
    assert "1 unchanged, 1 draft, 0 failed" in again.output


def test_check_refuses_missing_answers_as_render_does(tmp_path: Path) -> None:
    doc = with_answers(COUNCIL_PN, controller_name=...)
    path = write(doc, tmp_path)
    check = CliRunner().invoke(cli_app(), ["check", str(path)])
    render = CliRunner().invoke(cli_app(), ["render", str(path), "-o", str(tmp_path / "out")])
    assert check.exit_code == render.exit_code == 1
    message = f"error: {path}: 1 required answer(s) missing:\n  controller_name:"
    assert message in check.output and message in render.output
    report = CliRunner().invoke(cli_app(), ["check", str(path), "--json"])
    assert report.exit_code == 1
    assert json.loads(report.stdout)["missing"] == ["controller_name"]
