"""End to end (issue 15, "Done when"): a batch of 40 agreements under a protocol, hand
edits in five of them (Markdown and Word), then a base change, a CSV change, an
`update --set` on one set and a protocol change with `--dependants`. Every hand edit
survives or sits beside its file as a conflict, and `status --json` lists exactly the
conflicts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docx_helpers import dump
from sharewiz.cli.app import app

runner = CliRunner()
CONTACT = "Supporting Families Team, Northshire County Council"


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [*map(str, args)])
    return result.exit_code, result.output


def write_rows(path: Path, references: dict[int, str] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["agreement_title", "agreement_reference"])
        for n in range(1, 41):
            writer.writerow([f"Agreement {n}", (references or {}).get(n, f"REF-{n}")])
    return path


def batch(root: Path) -> tuple[int, dict[str, object]]:
    code, output = run(
        "render", root / "base.yaml", "--rows", root / "rows.csv", "--out", root / "out",
        "--format", "md,docx", "--jobs", "1", "--json",
    )  # fmt: skip
    return code, json.loads(output)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_forty_sets_keep_every_hand_edit(
    tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docx import Document

    examples = repo_root / "examples"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "protocol").mkdir()
    protocol = (examples / "protocol-northshire-partnership.yaml").read_text()
    (tmp_path / "protocol" / "answers.yaml").write_text(protocol)
    assert run("render", "protocol/answers.yaml", "--format", "md")[0] == 0
    base = (examples / "dsa-supporting-families.yaml").read_text()
    base = base.replace(
        '  protocol_name: Northshire Information Sharing Protocol\n  protocol_version: "2.0"\n',
        "  protocol_dir: ../../protocol\n",
    )
    (tmp_path / "base.yaml").write_text(base)
    write_rows(tmp_path / "rows.csv")
    code, summary = batch(tmp_path)
    assert code == 0 and summary["written"] == 40, summary
    out = tmp_path / "out"

    def md(n: int) -> Path:
        return out / f"agreement-{n}" / "data-sharing-agreement.md"

    # five sets edited by hand: three Markdown edits elsewhere, one where the base will
    # change (a conflict), and one Word file edited in Word
    replace_in(md(1), "## Security\n", "## Security\n\nClause one, negotiated.\n")
    md(2).write_text(md(2).read_text(encoding="utf-8") + "\nClosing line two.\n")
    replace_in(md(3), f"contact {CONTACT} (", f"contact {CONTACT} (weekdays only) (")
    word = out / "agreement-4" / "data-sharing-agreement.docx"
    document = Document(str(word))
    document.add_paragraph("Signed in Word by agreement four.")
    document.save(str(word))
    edited_word = word.read_bytes()
    replace_in(md(5), "## Accuracy\n", "## Accuracy\n\nClause five, negotiated.\n")

    # the base changes: the contact point moves
    replace_in(tmp_path / "base.yaml", f"contact_point_name: {CONTACT}", "contact_point_name: Hub")
    code, summary = batch(tmp_path)
    assert code == 4, summary
    conflicted = {s["output"].rsplit("/", 1)[1]: s["conflicts"] for s in summary["sets"]
                  if s["status"] == "conflict"}  # fmt: skip
    assert sorted(conflicted) == ["agreement-3", "agreement-4"]
    # the CSV changes one row's reference
    write_rows(tmp_path / "rows.csv", {6: "REF-6-B"})
    code, summary = batch(tmp_path)
    assert code == 4 and "REF-6-B" in md(6).read_text(encoding="utf-8")
    # one set changes its own answer; the next batch keeps it
    code, output = run("update", out / "agreement-7", "--set", "volume=about 100 records")
    assert code == 0, output
    code, summary = batch(tmp_path)
    assert code == 4
    assert "bout 100 records" in md(7).read_text(encoding="utf-8")
    # the protocol changes, and every agreement under it is updated
    (tmp_path / "protocol" / "answers.yaml").write_text(
        protocol.replace("breach_notify_hours: 24", "breach_notify_hours: 12")
    )
    assert run("update", "protocol")[0] == 0
    code, output = run("update", "--dependants", "protocol", "--search", "out")
    assert code == 4, output

    # every hand edit survives, or sits beside its file as a conflict
    one = md(1).read_text(encoding="utf-8")
    assert "Clause one, negotiated." in one and "Hub" in one
    assert "Clause one, negotiated." in "\n".join(
        dump((out / "agreement-1" / "data-sharing-agreement.docx").read_bytes())
    )
    assert md(2).read_text(encoding="utf-8").endswith("Closing line two.\n")
    three = md(3).read_text(encoding="utf-8")
    assert "<<<<<<< your edits" in three and "(weekdays only)" in three
    assert word.read_bytes() == edited_word
    assert (out / "agreement-4" / "data-sharing-agreement.new.docx").is_file()
    assert "Clause five, negotiated." in md(5).read_text(encoding="utf-8")
    assert "bout 100 records" in md(7).read_text(encoding="utf-8")
    assert "REF-6-B" in md(6).read_text(encoding="utf-8")
    for n in (1, 2, 5, 7, 20):
        assert "(version 3.0" in md(n).read_text(encoding="utf-8"), n
        state = json.loads((out / f"agreement-{n}" / ".sharewiz" / "state.json").read_text())
        versions = [tuple(map(int, h["version"].split("."))) for h in state["history"]]
        assert versions == sorted(set(versions)), (n, versions)  # no version goes back

    # status --json lists exactly the conflicts
    code, output = run("status", "out", "--json")
    listed = sorted(
        (Path(row["dir"]).name, conflict["file"], conflict["kind"])
        for row in json.loads(output)["sets"]
        for conflict in row["conflicts"]
    )
    assert listed == [
        ("agreement-3", "data-sharing-agreement.md", "conflict markers"),
        ("agreement-4", "data-sharing-agreement.docx", "new version beside it"),
    ]
