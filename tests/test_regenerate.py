"""Regeneration that never loses work (issue 15): one update engine for every command.

Each test drives the CLI and fails on the code before the engine: `update --dependants`
re-rendered with `build_set(force=True)`, ignored `--dry-run`, and Word files were built
from the answers rather than the merged Markdown.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docx_helpers import dump
from sharewiz.cli.app import app

runner = CliRunner()
CLAUSE = "A clause the partners negotiated."


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [*map(str, args)])
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def add_clause(path: Path, heading: str = "## Security\n") -> None:
    text = path.read_text(encoding="utf-8")
    assert heading in text
    path.write_text(text.replace(heading, f"{heading}\n{CLAUSE}\n", 1), encoding="utf-8")


@pytest.fixture
def linked(tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real protocol and an agreement under it, rendered as Markdown and Word."""
    examples = repo_root / "examples"
    (tmp_path / "protocol").mkdir()
    (tmp_path / "dsa").mkdir()
    protocol = (examples / "protocol-northshire-partnership.yaml").read_text()
    (tmp_path / "protocol" / "answers.yaml").write_text(protocol)
    dsa = (
        (examples / "dsa-supporting-families.yaml")
        .read_text()
        .replace(
            '  protocol_name: Northshire Information Sharing Protocol\n  protocol_version: "2.0"\n',
            "  protocol_dir: ../protocol\n",
        )
    )
    (tmp_path / "dsa" / "answers.yaml").write_text(dsa)
    monkeypatch.chdir(tmp_path)
    for name in ("protocol", "dsa"):
        code, output = run("render", f"{name}/answers.yaml", "--format", "md,docx")
        assert code == 0, output
    return tmp_path


def change_protocol(root: Path) -> None:
    answers = root / "protocol" / "answers.yaml"
    text = answers.read_text()
    assert "breach_notify_hours: 24" in text
    answers.write_text(text.replace("breach_notify_hours: 24", "breach_notify_hours: 12"))
    code, output = run("update", "protocol")
    assert code == 0, output


def docx_text(path: Path) -> str:
    return "\n".join(dump(path.read_bytes()))


def test_dependants_merge_the_edits_an_earlier_update_kept(linked: Path) -> None:
    """Problem 1: `update --dependants` re-rendered over hand edits an update had merged."""
    agreement = linked / "dsa" / "data-sharing-agreement.md"
    add_clause(agreement)
    code, output = run("update", "dsa", "--set", "contact_point_name=Family Hub Team")
    assert code == 0 and "your edits kept" in output, output
    change_protocol(linked)
    code, output = run("update", "--dependants", "protocol")
    assert code == 0, output
    assert "dsa: version" in output
    text = agreement.read_text(encoding="utf-8")
    assert CLAUSE in text and "Family Hub Team" in text
    assert "12 hours" in text or "12" in text
    # Word follows the merged Markdown (problem 3)
    assert CLAUSE in docx_text(linked / "dsa" / "data-sharing-agreement.docx")
    # status still reports the hand edit
    code, output = run("status", "dsa", "--json")
    [row] = json.loads(output)["sets"]
    assert any("edited by hand" in p and "data-sharing-agreement.md" in p for p in row["problems"])


def test_dependants_dry_run_writes_nothing(linked: Path) -> None:
    """Problem 2: `update --dependants ... --dry-run` wrote 14 files."""
    add_clause(linked / "dsa" / "data-sharing-agreement.md")
    change_protocol(linked)
    before = snapshot(linked)
    code, output = run(
        "update", "--dependants", "protocol", "--dry-run", "--set", "contact_point_name=Hub"
    )
    assert code == 0, output
    assert snapshot(linked) == before
    assert "nothing was written" in output
    assert "+  contact_point_name: Hub" in output  # --set is read on this path too


def test_word_file_follows_a_merge_and_an_edited_one_settles(linked: Path) -> None:
    """Problems 3 and 4: the .docx is made from the merged Markdown; an edited .docx is
    kept with the new one beside it, and once settled later updates write nothing."""
    from docx import Document

    word = linked / "dsa" / "data-sharing-agreement.docx"
    document = Document(str(word))
    document.add_paragraph("Signed copy: schedule agreed on the phone.")
    document.save(str(word))
    edited = word.read_bytes()
    code, output = run("update", "dsa", "--set", "contact_point_name=Family Hub Team")
    assert code == 4, output
    assert word.read_bytes() == edited
    beside = linked / "dsa" / "data-sharing-agreement.new.docx"
    assert "Family Hub Team" in docx_text(beside)
    beside.unlink()  # the person copies what they need into their file and deletes it
    before = snapshot(linked / "dsa")
    code, output = run("update", "dsa")
    assert code == 0 and "Nothing changed" in output, output
    assert snapshot(linked / "dsa") == before


def test_an_edited_word_file_is_settled_with_accept_or_take_new(linked: Path) -> None:
    """Problem 4: `status` shows the open Word file; `--accept` keeps the person's file,
    `--take-new` takes sharewiz's; afterwards an update with nothing new exits 0."""
    word = linked / "dsa" / "data-sharing-agreement.docx"
    word.write_bytes(word.read_bytes() + b"edited in Word")
    edited = word.read_bytes()
    code, output = run("update", "dsa", "--set", "contact_point_name=Family Hub Team")
    assert code == 4, output
    code, output = run("status", "dsa", "--json")
    [row] = json.loads(output)["sets"]
    assert row["conflicts"] == [
        {
            "file": "data-sharing-agreement.docx",
            "kind": "new version beside it",
            "beside": "data-sharing-agreement.new.docx",
        }
    ]
    code, output = run("update", "dsa", "--accept", "data-sharing-agreement.docx")
    assert code == 0, output
    assert word.read_bytes() == edited
    assert not (linked / "dsa" / "data-sharing-agreement.new.docx").exists()
    code, output = run("update", "dsa")
    assert code == 0 and "Nothing changed" in output, output
    # a new change puts a new version beside it again; --take-new takes it
    code, output = run("update", "dsa", "--set", "contact_point_name=Hub")
    assert code == 4, output
    new = (linked / "dsa" / "data-sharing-agreement.new.docx").read_bytes()
    code, output = run("update", "dsa", "--take-new", "data-sharing-agreement.new.docx")
    assert code == 0, output
    assert word.read_bytes() == new
    assert (linked / "dsa" / "data-sharing-agreement.yours.docx").read_bytes() == edited
    code, output = run("update", "dsa")
    assert code == 0 and "Nothing changed" in output, output


def test_settling_a_file_that_is_not_open_names_the_open_ones(linked: Path) -> None:
    """`--accept .` once said the set's folder 'is a folder where a file should be, use
    --out'; a wrong name now says what is open to settle instead."""
    code, output = run("update", "dsa", "--accept", ".")
    assert code == 1 and "'.' is not a file of the set" in output, output
    assert "nothing in dsa is waiting to be settled" in " ".join(output.split()), output
    word = linked / "dsa" / "data-sharing-agreement.docx"
    word.write_bytes(word.read_bytes() + b"edited in Word")
    code, output = run("update", "dsa", "--set", "contact_point_name=Family Hub Team")
    assert code == 4, output
    for wrong in ("..", "data-sharing-agreement.md", "no-such-file.docx"):
        code, output = run("update", "dsa", "--take-new", wrong)
        flat = " ".join(output.split())
        assert code == 1 and "open to settle in dsa: data-sharing-agreement.docx" in flat, output
        assert "Traceback" not in output
    assert (linked / "dsa" / "data-sharing-agreement.new.docx").exists()


def test_status_and_check_report_conflict_markers(linked: Path) -> None:
    """Problem 11: `status` missed files that still hold conflict markers."""
    agreement = linked / "dsa" / "data-sharing-agreement.md"
    text = agreement.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "Supporting Families Team" in line)
    agreement.write_text(text.replace(line, line + " (mornings only)", 1), encoding="utf-8")
    code, output = run("update", "dsa", "--set", "contact_point_name=Family Hub Team")
    assert code == 4 and "conflict at line" in output, output
    code, output = run("status", "dsa", "--json")
    [row] = json.loads(output)["sets"]
    assert row["conflicts"] == [
        {"file": "data-sharing-agreement.md", "kind": "conflict markers", "beside": ""}
    ]
    code, output = run("check", "dsa")
    assert code == 1
    assert "SET-CONFLICT" in output and "still has conflict markers" in output
    code, output = run("update", "dsa", "--take-new", "data-sharing-agreement.md")
    assert code == 0, output
    assert "<<<<<<<" not in agreement.read_text(encoding="utf-8")
    code, output = run("update", "dsa")
    assert code == 0, output


def test_a_line_added_at_the_end_never_conflicts_with_the_history(linked: Path) -> None:
    """Problem 4 of the brief: the version history near the end grows at every version;
    a closing line a person adds after it must merge, every time."""
    agreement = linked / "dsa" / "data-sharing-agreement.md"
    agreement.write_text(
        agreement.read_text(encoding="utf-8") + "\nSigned copies are kept by the Hub.\n",
        encoding="utf-8",
    )
    for name in ("Family Hub Team", "Hub Team", "The Hub"):
        code, output = run("update", "dsa", "--set", f"contact_point_name={name}")
        assert code == 0, output
    text = agreement.read_text(encoding="utf-8")
    assert text.endswith("Signed copies are kept by the Hub.\n")
    assert "<<<<<<<" not in text and "| 1.3 |" in text


def test_a_new_version_carries_its_own_date(linked: Path) -> None:
    """Problem 11: a footer said "Version 1.1 · 1 October 2026" for a version made today."""
    import datetime as dt

    from docx import Document

    code, output = run("update", "dsa", "--set", "contact_point_name=Family Hub Team")
    assert code == 0, output
    today = dt.date.today()
    shown = f"{today.day} {today:%B %Y}"
    version = json.loads((linked / "dsa" / ".sharewiz" / "state.json").read_text())["version"]
    word = Document(str(linked / "dsa" / "data-sharing-agreement.docx"))
    footer = " ".join(p.text for s in word.sections for p in s.footer.paragraphs)
    assert f"Version {version} · {shown}" in footer
    text = (linked / "dsa" / "data-sharing-agreement.md").read_text(encoding="utf-8")
    assert f"| {version} | {shown} |" in text
    answers = (linked / "dsa" / "answers.yaml").read_text(encoding="utf-8")
    assert today.isoformat() not in answers  # the answers file keeps its own answer


def test_dependants_cite_the_protocols_new_version_and_its_date(linked: Path) -> None:
    """A protocol's new version carries its own date; the agreement cites both."""
    from sharewiz.model.expressions import date_long

    agreement = linked / "dsa" / "data-sharing-agreement.md"
    assert "(version 2.0, dated 1 September 2026)" in agreement.read_text(encoding="utf-8")
    change_protocol(linked)  # answers change, the protocol's document date does not
    state = json.loads((linked / "protocol" / ".sharewiz" / "state.json").read_text())
    new = state["history"][-1]
    assert new["version"] == "3.0" and new["date"] != "2026-09-01"
    code, output = run("update", "--dependants", "protocol")
    assert code == 0, output
    assert output.count("3.0") == 1, output  # the new version is said once, not twice
    text = agreement.read_text(encoding="utf-8")
    assert f"(version 3.0, dated {date_long(new['date'])})" in text
    assert "1 September 2026)" not in text
