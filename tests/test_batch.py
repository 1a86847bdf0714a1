"""Batch rendering: many answers files, a base file plus CSV rows, re-runs, --json, locks."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sharewiz.cli.app import app
from sharewiz.sets.lock import locked

ROOT = Path(__file__).resolve().parents[1]
COUNCIL = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
CHARITY = ROOT / "examples" / "privacy-notice-charity-food-bank.yaml"
runner = CliRunner()


def render(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["render", *map(str, args)])
    return result.exit_code, result.output


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def schools(tmp_path: Path, count: int) -> Path:
    return write_csv(
        tmp_path / "schools.csv",
        ["controller_name", "controller_email", "purposes.0.description"],
        [
            [
                f"School {n}",
                f"office{n}@school{n}.example.sch.uk",
                f"To teach the pupils of school {n}",
            ]
            for n in range(1, count + 1)
        ],
    )


def snapshot(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


def test_batch_of_200_sets_from_a_csv(tmp_path: Path) -> None:
    rows = schools(tmp_path, 200)
    out = tmp_path / "out"
    code, output = render(COUNCIL, "--rows", rows, "--out", out, "--format", "md", "--jobs", "2")
    assert code == 0, output
    folders = sorted(p for p in out.iterdir() if p.is_dir() and p.name != ".sharewiz")
    assert len(folders) == 200
    notice = (out / "school-137" / "privacy-notice.md").read_text(encoding="utf-8")
    assert "School 137" in notice and "To teach the pupils of school 137" in notice
    assert "Northshire County Council" not in notice.split("## Who we are")[1].split("##")[0]
    assert "200 set(s)" in output and "200 written" in output
    assert not (out / ".sharewiz" / "lock").exists()


def test_bad_rows_are_reported_and_the_others_written(tmp_path: Path) -> None:
    rows = write_csv(
        tmp_path / "schools.csv",
        ["controller_name", "controller_email", "document_date", "has_dpo"],
        [
            ["Ash School", "a@ash.example.org", "2026-09-01", "yes"],
            ["Birch School", "b@birch.example.org", "2026-13-01", "yes"],
            ["Cedar School", "not an email", "2026-09-01", "yes"],
            ["Damson School", "d@damson.example.org", "2026-09-01", "perhaps"],
            ["Elm School", "e@elm.example.org"],
        ],
    )
    out = tmp_path / "out"
    code, output = render(COUNCIL, "--rows", rows, "--out", out, "--format", "md", "--jobs", "1")
    assert code == 5, output
    assert f"{rows}:row 3, column document_date: '2026-13-01' is not a real date" in output
    assert f"{rows}:row 4, column controller_email:" in output
    assert f"{rows}:row 5, column has_dpo: answer yes or no" in output
    assert f"{rows}:row 6: has 2 cells but the header has 4 columns" in output
    assert (out / "ash-school" / "privacy-notice.md").is_file()
    assert not (out / "birch-school").exists()


def test_every_row_failing_is_a_user_error(tmp_path: Path) -> None:
    rows = write_csv(tmp_path / "r.csv", ["controller_email"], [["nope"]])
    code, output = render(COUNCIL, "--rows", rows, "--out", tmp_path / "out", "--format", "md")
    assert code == 1
    assert "row 2, column controller_email" in output


def test_unknown_column_stops_before_anything_is_written(tmp_path: Path) -> None:
    rows = write_csv(tmp_path / "r.csv", ["controller_name", "retention_months"], [["A", "3"]])
    code, output = render(COUNCIL, "--rows", rows, "--out", tmp_path / "out", "--format", "md")
    assert code == 1
    assert "r.csv:row 1, column retention_months: unknown question id" in output
    assert not any((tmp_path / "out").glob("*/privacy-notice.md"))


def test_group_column_must_be_dotted(tmp_path: Path) -> None:
    rows = write_csv(tmp_path / "r.csv", ["purposes"], [["x"]])
    code, output = render(COUNCIL, "--rows", rows, "--out", tmp_path / "out")
    assert code == 1
    assert "purposes.0.<field>" in output


def test_many_answers_files_each_to_its_own_folder(tmp_path: Path) -> None:
    inputs = tmp_path / "answers"
    inputs.mkdir()
    shutil.copy(COUNCIL, inputs / "council.yaml")
    shutil.copy(CHARITY, inputs / "charity.yaml")
    broken = inputs / "broken.yaml"
    broken.write_text(CHARITY.read_text(encoding="utf-8").replace("has_dpo: no", "has_dpo: maybe"))
    out = tmp_path / "out"
    files = sorted(inputs.glob("*.yaml"))
    code, output = render(*files, "--out", out, "--format", "md,docx")
    assert code == 5, output
    assert (out / "council" / "privacy-notice.docx").is_file()
    assert (out / "charity" / "privacy-notice.md").is_file()
    assert f"{broken}:" in output and "has_dpo: answer yes or no" in output


def test_name_template_and_duplicates(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = render(
        COUNCIL, CHARITY, "--out", out, "--format", "md", "--name", "{{ controller_name }}"
    )
    assert code == 0, output
    assert (out / "northshire-county-council" / "privacy-notice.md").is_file()
    assert (out / "northtown-community-food-bank-registered-charity-1190000").is_dir()
    code, output = render(
        COUNCIL,
        CHARITY,
        "--out",
        tmp_path / "o2",
        "--format",
        "md",
        "--name",
        "{{ kind_of_thing }}",
    )
    assert code == 1
    assert "'kind_of_thing' is undefined" in output
    copy = tmp_path / "copy.yaml"
    shutil.copy(COUNCIL, copy)
    code, output = render(
        COUNCIL, copy, "--out", tmp_path / "o3", "--format", "md", "--name", "{{ controller_name }}"
    )
    assert code == 5
    assert "folder name 'northshire-county-council' is already used by" in output


def test_set_overrides_every_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = render(
        COUNCIL,
        CHARITY,
        "--out",
        out,
        "--format",
        "md",
        "--set",
        "service_name=Meals on wheels",
        "--set",
        "data_categories.0.name=Who you are",
    )
    assert code == 0, output
    for stem in (COUNCIL.stem, CHARITY.stem):
        text = (out / stem / "privacy-notice.md").read_text(encoding="utf-8")
        assert "Meals on wheels" in text and "Who you are" in text
    code, output = render(COUNCIL, CHARITY, "--out", out, "--set", "nonsense=1")
    assert code == 1 and "--set nonsense: unknown question id" in output
    code, output = render(COUNCIL, "--set", "no-equals-sign")
    assert code == 1 and "expected KEY=VALUE" in output


def test_rerun_unchanged_rewrites_nothing(tmp_path: Path) -> None:
    rows = schools(tmp_path, 5)
    out = tmp_path / "out"
    assert render(COUNCIL, "--rows", rows, "--out", out, "--format", "md,docx")[0] == 0
    before = snapshot(out)
    code, output = render(COUNCIL, "--rows", rows, "--out", out, "--format", "md,docx")
    assert code == 0
    assert "5 unchanged" in output and "unchanged  " in output
    assert snapshot(out) == before


def test_a_rerun_with_nothing_new_renders_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A no-op re-run costs reading, not rendering; anything new is rendered again."""
    import sharewiz.render.engine

    rows = schools(tmp_path, 3)
    out = tmp_path / "out"
    args = (COUNCIL, "--rows", rows, "--out", out, "--format", "md,docx", "--jobs", "1")
    assert render(*args)[0] == 0
    before = snapshot(out)

    def no_render(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("rendered a set whose inputs had not changed")

    monkeypatch.setattr(sharewiz.render.engine, "render_set", no_render)
    code, output = render(*args)
    assert code == 0, output
    assert "3 unchanged" in output and snapshot(out) == before
    # a hand edit, another format or another row value is not a no-op: it renders
    notice = out / "school-1" / "privacy-notice.md"
    notice.write_text(notice.read_text(encoding="utf-8") + "Edited.\n", encoding="utf-8")
    code, output = render(*args)
    assert code == 5 and "2 unchanged" in output and "1 failed" in output, output  # the edited
    code, output = render(*args[:-4], "--format", "md", "--jobs", "1")
    assert code == 1 and "3 failed" in output, output
    monkeypatch.undo()
    assert render(*args)[0] == 0
    assert notice.read_text(encoding="utf-8").endswith("Edited.\n")


def test_a_batch_merges_into_edited_sets(tmp_path: Path) -> None:
    """Problem 5: a batch over sets a person edited merges instead of refusing them."""
    rows = schools(tmp_path, 3)
    out = tmp_path / "out"
    assert render(COUNCIL, "--rows", rows, "--out", out, "--format", "md")[0] == 0
    edited = out / "school-2" / "privacy-notice.md"
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nA clause we negotiated.\n", encoding="utf-8"
    )
    code, output = render(
        COUNCIL, "--rows", rows, "--out", out, "--format", "md", "--set", "service_name=New name"
    )
    assert code == 0, output
    text = edited.read_text(encoding="utf-8")
    assert "A clause we negotiated." in text and "New name" in text
    assert "New name" in (out / "school-1" / "privacy-notice.md").read_text(encoding="utf-8")
    code, output = render(
        COUNCIL,
        "--rows",
        rows,
        "--out",
        out,
        "--format",
        "md",
        "--set",
        "service_name=Other name",
        "--force",
    )
    assert code == 0
    assert "A clause we negotiated." not in edited.read_text(encoding="utf-8")
    kept = edited.with_name("privacy-notice.yours.md").read_text(encoding="utf-8")
    assert "A clause we negotiated." in kept  # --force keeps the person's file beside


def test_a_batch_reports_conflicts_per_set_with_exit_4(tmp_path: Path) -> None:
    rows = schools(tmp_path, 3)
    out = tmp_path / "out"
    assert render(COUNCIL, "--rows", rows, "--out", out, "--format", "md")[0] == 0
    edited = out / "school-2" / "privacy-notice.md"
    text = edited.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("# Privacy notice"))
    edited.write_text(text.replace(line, line + " (as agreed)", 1), encoding="utf-8")
    result = runner.invoke(
        app,
        ["render", str(COUNCIL), "--rows", str(rows), "--out", str(out), "--format", "md",
         "--set", "service_name=New name", "--json"],
    )  # fmt: skip
    assert result.exit_code == 4, result.output
    summary = json.loads(result.output)
    assert summary["conflict"] == 1
    [conflicted] = [s for s in summary["sets"] if s["status"] == "conflict"]
    assert conflicted["output"].endswith("school-2")
    assert conflicted["conflicts"][0]["file"].endswith("privacy-notice.md")
    assert "<<<<<<< your edits" in edited.read_text(encoding="utf-8")


def test_json_summary_shape(tmp_path: Path) -> None:
    rows = write_csv(
        tmp_path / "r.csv",
        ["controller_name", "document_date"],
        [["Ash School", "2026-09-01"], ["Birch School", "someday"]],
    )
    result = runner.invoke(
        app,
        [
            "render",
            str(COUNCIL),
            "--rows",
            str(rows),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "md",
            "--json",
        ],
    )
    assert result.exit_code == 5
    data = json.loads(result.stdout)
    assert {"out", "total", "written", "unchanged", "failed", "sets", "exit_code"} <= set(data)
    assert (data["total"], data["written"], data["failed"], data["exit_code"]) == (2, 1, 1, 5)
    ok, bad = data["sets"]
    assert set(ok) == {
        "input", "output", "status", "files", "written", "error", "findings", "conflicts",
        "problems",
    }  # fmt: skip
    assert ok["status"] == "written" and ok["error"] is None
    assert all({"rule", "severity", "message", "citation"} <= set(f) for f in ok["findings"])
    assert ok["input"].endswith("r.csv:row 2") and ok["output"].endswith("ash-school")
    assert any(f.endswith("privacy-notice.md") for f in ok["files"])
    assert bad["status"] == "failed" and "row 3, column document_date" in bad["error"]
    assert bad["findings"] == [] and bad["files"] == [] and ok["problems"] == []
    [problem] = bad["problems"]  # as in the error document of a single set
    assert problem["question"] == "document_date" and problem["line"] is None
    assert problem["where"].endswith("r.csv:row 3, column document_date")


def test_single_file_render_keeps_working(tmp_path: Path) -> None:
    out = tmp_path / "one"
    code, output = render(COUNCIL, "--out", out, "--format", "md,docx")
    assert code == 0 and "Wrote " in output
    code, output = render(COUNCIL, "--out", out, "--format", "md,docx")
    assert code == 0 and "unchanged" in output
    state = json.loads((out / ".sharewiz" / "state.json").read_text(encoding="utf-8"))
    assert state["kind"] == "privacy-notice" and "privacy-notice.docx" in state["files"]
    assert "\n".join(state["bases"]["privacy-notice.md"]) == (out / "privacy-notice.md").read_text(
        encoding="utf-8"
    )
    assert not (out / ".sharewiz" / "base").exists()  # one state file: no copies beside it
    (out / "privacy-notice.md").write_text("mine\n", encoding="utf-8")
    code, output = render(COUNCIL, "--out", out, "--format", "md", "--set", "service_name=X")
    assert code == 4 and "conflict" in output  # merged with the file: nothing lost
    assert "mine" in (out / "privacy-notice.md").read_text(encoding="utf-8")


def test_a_locked_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    rows = schools(tmp_path, 3)
    out = tmp_path / "out"
    with locked(out):
        code, output = render(COUNCIL, "--rows", rows, "--out", out, "--format", "md")
    assert code == 1
    assert "being written by another sharewiz" in output
    assert not any(out.glob("school-*"))


def test_a_stale_lock_is_taken(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".sharewiz").mkdir(parents=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    import socket

    (out / ".sharewiz" / "lock").write_text(
        f"pid={dead.stdout.strip()}\nhost={socket.gethostname()}\n"
    )
    code, output = render(COUNCIL, CHARITY, "--out", out, "--format", "md")
    assert code == 0, output


@pytest.mark.slow
def test_two_batches_at_once_do_not_corrupt_the_folder(tmp_path: Path) -> None:
    rows = schools(tmp_path, 60)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [
        sys.executable,
        "-m",
        "sharewiz",
        "render",
        str(COUNCIL),
        "--rows",
        str(rows),
        "--out",
        str(out),
        "--format",
        "md,docx",
        "--jobs",
        "1",
    ]
    first = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    second = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    results = [(p.wait(timeout=120), *p.communicate()) for p in (first, second)]
    codes = sorted(code for code, _, _ in results)
    assert codes[0] == 0, results
    if codes[1] != 0:  # they overlapped: the second refused clearly, writing nothing
        assert codes[1] == 1
        assert any("being written by another sharewiz" in err for _, _, err in results)
    code, output = render(COUNCIL, "--rows", rows, "--out", out, "--format", "md,docx")
    assert code == 0 and "60 unchanged" in output, output
    assert not (out / ".sharewiz" / "lock").exists()


def test_csv_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    rows = tmp_path / "latin1.csv"
    rows.write_bytes("controller_name\nÉcole\n".encode("latin-1"))
    code, output = render(COUNCIL, "--rows", rows, "--out", tmp_path / "out", "--format", "md")
    assert code == 1
    assert "not UTF-8 text" in output and "CSV UTF-8" in output


def test_rows_keep_the_base_answers_of_a_group_entry(tmp_path: Path) -> None:
    rows = write_csv(
        tmp_path / "r.csv",
        [
            "controller_name",
            "purposes.3.description",
            "purposes.3.basis",
            "purposes.3.legal_source",
        ],
        [
            [
                "Ash School",
                "To run the school library",
                "public_task",
                "Education Act 1996, section 13",
            ]
        ],
    )
    out = tmp_path / "out"
    code, output = render(COUNCIL, "--rows", rows, "--out", out, "--format", "md")
    assert code == 0, output
    text = (out / "ash-school" / "privacy-notice.md").read_text(encoding="utf-8")
    assert "To run the school library" in text
    assert "To work out how much you pay towards your care" in text  # base entries kept


def test_default_row_names_come_from_the_first_text_column(tmp_path: Path) -> None:
    rows = write_csv(
        tmp_path / "r.csv",
        ["has_dpo", "controller_name"],
        [["yes", "Ash School"], ["yes", "Ash School"], ["yes", ""]],
    )
    out = tmp_path / "out"
    code, output = render(COUNCIL, "--rows", rows, "--out", out, "--format", "md", "--jobs", "1")
    assert code == 5, output
    assert (out / "ash-school" / "privacy-notice.md").is_file()
    assert (out / "row-4" / "privacy-notice.md").is_file()
    assert "r.csv:row 3: folder name 'ash-school' is already used by" in output


def test_a_set_changed_with_update_set_stays_in_its_batch(tmp_path: Path) -> None:
    """Problem 5: after `update --set` on a batch set, the next batch run failed it
    ("would overwrite answers.yaml (not written by sharewiz)", exit 5); a base change
    must flow in and the set's own answer stay."""
    rows = schools(tmp_path, 3)
    base = tmp_path / "base.yaml"
    shutil.copy(COUNCIL, base)
    out = tmp_path / "out"
    assert render(base, "--rows", rows, "--out", out, "--format", "md")[0] == 0
    school = out / "school-2"
    result = runner.invoke(app, ["update", str(school), "--set", "service_name=Own service"])
    assert result.exit_code == 0, result.output
    text = base.read_text(encoding="utf-8")
    base.write_text(text.replace("01632 960000", "01632 960777"), encoding="utf-8")
    code, output = render(base, "--rows", rows, "--out", out, "--format", "md", "--json")
    assert code == 0, output
    notice = (school / "privacy-notice.md").read_text(encoding="utf-8")
    assert "Own service" in notice and "01632 960777" in notice
    assert "service_name: Own service" in (school / "answers.yaml").read_text(encoding="utf-8")
    other = (out / "school-1" / "privacy-notice.md").read_text(encoding="utf-8")
    assert "Own service" not in other and "01632 960777" in other
    # and again: nothing new, nothing written
    code, output = render(base, "--rows", rows, "--out", out, "--format", "md")
    assert code == 0 and "3 unchanged" in output, output


def test_a_row_dropped_from_the_csv_leaves_a_folder_and_a_warning(tmp_path: Path) -> None:
    """Problem 11: partners dropped from the CSV left orphan folders with no warning."""
    out = tmp_path / "out"
    assert render(COUNCIL, "--rows", schools(tmp_path, 3), "--out", out, "--format", "md")[0] == 0
    result = runner.invoke(
        app,
        ["render", str(COUNCIL), "--rows", str(schools(tmp_path, 2)), "--out", str(out),
         "--format", "md", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["orphans"] == [str(out / "school-3")]
    assert (out / "school-3" / "privacy-notice.md").is_file()  # left in place
    assert "school-3: made by an earlier run of this batch" in result.stderr


@pytest.fixture
def renamed_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The built-in trees with privacy-notice one version on: a question and three choice
    values renamed (a choice, a group field's choice and a multi)."""
    import re

    import sharewiz.model.tree
    import sharewiz.sets.worker

    questions = tmp_path / "questions"
    shutil.copytree(ROOT / "questions", questions)
    path = questions / "privacy-notice.yaml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^version: (\d+)$", text, re.M)
    assert match
    text = text.replace(
        match.group(0),
        f"version: {int(match.group(1)) + 1}\nrenamed:\n  service_title: service_name\n"
        "renamed_choices:\n  controller_type: {council: local_authority}\n"
        "  purposes.basis: {public_function: public_task}\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(sharewiz.model.tree, "questions_dir", lambda: questions)
    sharewiz.sets.worker._tree.cache_clear()  # trees are loaded once per process
    yield questions
    sharewiz.sets.worker._tree.cache_clear()


def test_csv_columns_and_choice_values_are_migrated_like_answers_files(
    tmp_path: Path, renamed_tree: Path
) -> None:
    """Issue 15: a renamed question in the header, or an old choice value in a cell."""
    rows = write_csv(
        tmp_path / "rows.csv",
        ["controller_name", "service_title", "controller_type", "purposes.1.basis"],
        [["School 1", "Pupil records", "council", "public_function"],
         ["School 2", "Pupil records", "council", "public_function"]],
    )  # fmt: skip
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(COUNCIL), "--rows", str(rows), "--out", str(out),
                                 "--format", "md", "--json", "--jobs", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)  # one JSON document; each warning also on stderr
    assert "warning: " in result.stderr and "column service_title" in result.stderr
    assert summary["written"] == 2
    assert summary["warnings"] == [
        f"{rows}:row 1, column service_title: renamed to service_name; read as service_name",
        f"{rows}:row 2, column controller_type: choice 'council' renamed to "
        "'local_authority'; read as 'local_authority'",
        f"{rows}:row 2, column purposes.1.basis: choice 'public_function' renamed to "
        "'public_task'; read as 'public_task'",
    ]  # each old value once, at its first row
    saved = (out / "school-1" / "answers.yaml").read_text(encoding="utf-8")
    assert "service_name: Pupil records" in saved and "service_title" not in saved
    assert "controller_type: local_authority" in saved and "council\n" not in saved
    assert "basis: public_task" in saved and "public_function" not in saved
    # an answers file with an old value is migrated the same way, and noted
    old = tmp_path / "old.yaml"
    text = COUNCIL.read_text(encoding="utf-8")
    assert "controller_type: local_authority" in text
    old.write_text(text.replace("controller_type: local_authority", "controller_type: council"))
    result = runner.invoke(app, ["render", str(old), "--rows", str(rows), "--out", str(out),
                                 "--format", "md", "--json", "--jobs", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [w for w in json.loads(result.stdout)["warnings"] if w.startswith(str(old))] == [
        f"{old}: controller_type: choice 'council' renamed to 'local_authority'",
    ]


def test_a_renamed_choice_value_is_no_change_to_the_document(renamed_tree: Path) -> None:
    """An old value recorded in a set's state is the same answer: no phantom new version."""
    from sharewiz.sets.build import load_kind
    from sharewiz.sets.changes import summarise_changes

    tree = load_kind("privacy-notice")
    old = {"controller_type": "council", "purposes": [{"basis": "public_function"}]}
    new = {"controller_type": "local_authority", "purposes": [{"basis": "public_task"}]}
    assert summarise_changes(tree, old, new) == []
    assert summarise_changes(tree, old, {**new, "controller_type": "charity"})


def test_an_unchanged_rerun_reports_what_its_checks_gave_without_checking_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-run with nothing changed neither renders nor checks: the findings are those the
    first run recorded, the review-date ones judged again as of the document's date."""
    from sharewiz.law import rules

    rows = write_csv(
        tmp_path / "r.csv",
        ["controller_name", "review_date"],
        [["Ash School", "2027-01-01"], ["Birch School", "2026-01-01"]],  # Birch: overdue
    )
    args = ["render", str(COUNCIL), "--rows", str(rows), "--out", str(tmp_path / "out"),
            "--format", "md", "--json", "--jobs", "1"]  # fmt: skip
    first = json.loads(runner.invoke(app, args).stdout)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("checked again")

    monkeypatch.setattr(rules, "check_answers", refuse)
    again = json.loads(runner.invoke(app, args).stdout)
    assert [s["status"] for s in first["sets"]] == ["written", "written"]
    assert [s["status"] for s in again["sets"]] == ["unchanged", "unchanged"]
    assert [s["findings"] for s in again["sets"]] == [s["findings"] for s in first["sets"]]
    overdue = [[f["rule"] for f in s["findings"] if f["rule"] == "REVIEW-OVERDUE"]
               for s in again["sets"]]  # fmt: skip
    assert overdue == [[], ["REVIEW-OVERDUE"]]


def test_a_rerun_with_nothing_new_starts_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent reports unchanged sets from their state before any worker process is
    started; a set with something new is still rendered, in a worker."""
    import sharewiz.sets.pool

    rows = schools(tmp_path, 4)
    out = tmp_path / "out"
    args = (COUNCIL, "--rows", rows, "--out", out, "--format", "md", "--jobs", "2")
    assert render(*args)[0] == 0

    def no_pool(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("started worker processes for a batch with nothing new")

    with monkeypatch.context() as patched:
        patched.setattr(sharewiz.sets.pool, "ProcessPoolExecutor", no_pool)
        code, output = render(*args)
        assert code == 0 and "4 unchanged" in output, output
        rows.write_text(rows.read_text(encoding="utf-8").replace("School 2,", "School Two,"))
        assert render(*args)[0] == 1  # the changed row needs a worker
    code, output = render(*args)
    assert code == 0 and "1 written" in output and "3 unchanged" in output, output
