"""The scripting interface (issue 15): --quiet, `-` for standard input, status --out-of-date,
update over many folders, --json on update and due, and `sharewiz.api.update`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sharewiz import api
from sharewiz.cli.app import app
from sharewiz.errors import ExitCode, NotATerminalError

ROOT = Path(__file__).resolve().parents[1]
COUNCIL = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
SCHOOL = ROOT / "examples" / "privacy-notice-school-pupils.yaml"
PHONE = "- Telephone: 01632 960000"
runner = CliRunner()


def run(*args: str | Path, stdin: str | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], input=stdin)


def rendered(folder: Path, answers: Path = COUNCIL) -> Path:
    result = run("render", answers, "--out", folder, "--format", "md")
    assert result.exit_code == 0, result.output
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- --quiet ----------------------------------------------------------------------------------


def test_quiet_render_prints_nothing_and_still_writes(tmp_path: Path) -> None:
    loud = run("render", COUNCIL, "--out", tmp_path / "loud", "-f", "md")
    assert "Wrote" in loud.stdout and "advice" in loud.stdout  # the findings' summary
    quiet = run("render", COUNCIL, "--out", tmp_path / "quiet", "-f", "md", "--quiet")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout == "" and quiet.stderr == ""
    assert (tmp_path / "quiet" / "privacy-notice.md").read_bytes() == (
        tmp_path / "loud" / "privacy-notice.md"
    ).read_bytes()


def test_quiet_batch_prints_no_progress_but_failures_still_show(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: privacy-notice\nanswers: [\n", encoding="utf-8")
    result = run("render", COUNCIL, bad, "--out", tmp_path / "sets", "-f", "md", "-q", "-j", "1")
    assert result.exit_code == ExitCode.PARTIAL
    assert result.stdout == ""
    assert "failed" in result.stderr and "bad.yaml" in result.stderr


def test_quiet_update_prints_nothing_but_a_conflict_is_still_exit_4(tmp_path: Path) -> None:
    folder = rendered(tmp_path / "notice")
    edit(folder / "privacy-notice.md", PHONE, "- Telephone: 01632 960000 (9am to 5pm)")
    result = run("update", folder, "--set", "controller_phone=01632 960999", "--quiet")
    assert result.exit_code == ExitCode.CONFLICT
    assert result.stdout == ""
    assert "conflict" in result.stderr  # warnings are not progress: they still show


def test_quiet_export_writes_the_file_without_saying_so(tmp_path: Path) -> None:
    rendered(tmp_path / "notice")
    target = tmp_path / "ropa.csv"
    result = run("export", "ropa", tmp_path, "--csv", target, "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and target.read_text(encoding="utf-8-sig").startswith("Controller")


def test_quiet_init_templates_copies_without_listing(tmp_path: Path) -> None:
    result = run("init-templates", tmp_path / "custom", "privacy-notice", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert any((tmp_path / "custom" / "templates").rglob("*.md.j2"))


# -- `-` for standard input --------------------------------------------------------------------


def test_render_reads_answers_from_stdin(tmp_path: Path) -> None:
    text = COUNCIL.read_text(encoding="utf-8")
    result = run("render", "-", "--out", tmp_path / "out", "-f", "md", stdin=text)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "privacy-notice.md").is_file()
    # the set keeps its own copy of the answers: it can be updated later
    assert "Adult social care" in (tmp_path / "out" / "answers.yaml").read_text(encoding="utf-8")
    assert run("update", tmp_path / "out", "--set", "controller_phone=01632 960999").exit_code == 0


def test_render_from_stdin_needs_an_out_folder(tmp_path: Path) -> None:
    result = run("render", "-", "-f", "md", stdin=COUNCIL.read_text(encoding="utf-8"))
    assert result.exit_code == ExitCode.USAGE
    assert "give --out" in result.output


def test_a_bad_file_on_stdin_is_named_stdin_with_its_line(tmp_path: Path) -> None:
    bad = "kind: privacy-notice\nanswers: [\n"
    result = run("check", "-", "--json", stdin=bad)
    assert result.exit_code == ExitCode.USER_ERROR
    error = json.loads(result.stdout)["error"]
    assert (error["file"], error["line"]) == ("<stdin>", 3)
    assert "sharewiz-stdin" not in result.output  # never the temporary file
    text = run("render", "-", "--out", tmp_path / "out", stdin=bad)
    assert text.stderr.startswith("error: <stdin>:3:")


def test_check_reads_answers_from_stdin(tmp_path: Path) -> None:
    result = run("check", "-", "--json", stdin=COUNCIL.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["file"] == "<stdin>" and document["kind"] == "privacy-notice"
    assert run("check", "-", stdin=COUNCIL.read_text(encoding="utf-8")).stdout.startswith(
        "<stdin> (Privacy notice"
    )


def test_rows_from_stdin_are_read_once_for_the_whole_batch(tmp_path: Path) -> None:
    rows = "service_name,controller_phone\nDay centres,01632 960001\nHome care,01632 960002\n"
    result = run(
        "render", COUNCIL, "--rows", "-", "--name", "{{ service_name }}", "--out", tmp_path,
        "-f", "md", "-j", "1", "--json", stdin=rows,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["total"] == 2 and document["written"] == 2
    assert (tmp_path / "day-centres" / "privacy-notice.md").is_file()
    assert "01632 960002" in (tmp_path / "home-care" / "privacy-notice.md").read_text(
        encoding="utf-8"
    )


def test_a_failed_row_from_stdin_is_named_stdin(tmp_path: Path) -> None:
    # the batch's progress lines named the temporary file standard input was kept in
    rows = "service_name,controller_phone\nDay centres,01632 960001\nDay centres,01632 9\n"
    result = run("render", COUNCIL, "--rows", "-", "--name", "{{ service_name }}",
                 "--out", tmp_path, "-f", "md", "-j", "1", stdin=rows)  # fmt: skip
    assert result.exit_code == ExitCode.PARTIAL, result.output
    assert (
        "failed     <stdin>:row 3: folder name 'day-centres' is already used by <stdin>:row 2"
        in (result.output)
    )
    assert "sharewiz-stdin-" not in result.output


def test_stdin_cannot_be_both_the_answers_and_the_rows(tmp_path: Path) -> None:
    result = run("render", "-", "--rows", "-", "--out", tmp_path, stdin="x")
    assert result.exit_code == ExitCode.USAGE
    assert "standard input is read once" in result.output


def test_new_does_not_take_answers_from_stdin() -> None:
    result = run("new", "--answers", "-", stdin=COUNCIL.read_text(encoding="utf-8"))
    assert result.exit_code == ExitCode.USAGE
    assert "sharewiz render -" in result.output


# -- status --out-of-date ----------------------------------------------------------------------


def test_status_out_of_date_is_a_cruft_check(tmp_path: Path) -> None:
    folder = rendered(tmp_path / "notice")
    fresh = run("status", tmp_path, "--out-of-date")
    assert fresh.exit_code == 0, fresh.output
    assert "All 1 set(s) up to date." in fresh.stdout
    # a hand edit needs attention, but a render would not change it: not out of date
    edit(folder / "privacy-notice.md", "## Automated decisions\n", "## Automated decisions\n\nX\n")
    assert run("status", tmp_path).exit_code == 1
    assert run("status", tmp_path, "--out-of-date").exit_code == 0
    # an answer changed in answers.yaml: out of date until `update` renders it
    edit(folder / "answers.yaml", "01632 960000", "01632 960999")
    stale = run("status", tmp_path, "--out-of-date")
    assert stale.exit_code == 1
    assert "notice: out of date: answers.yaml changed since it was rendered" in stale.stdout
    document = json.loads(run("status", tmp_path, "--out-of-date", "--json").stdout)
    assert document["out_of_date"] == 1
    assert document["sets"][0]["out_of_date"] == ["answers.yaml changed since it was rendered"]
    assert run("update", folder).exit_code == 0
    assert run("status", tmp_path, "--out-of-date").exit_code == 0


def test_status_out_of_date_sees_changed_templates(tmp_path: Path) -> None:
    rendered(tmp_path / "notice")
    custom = tmp_path / "custom"
    assert run("init-templates", custom, "privacy-notice").exit_code == 0
    template = next((custom / "templates").rglob("*.md.j2"))
    template.write_text(template.read_text(encoding="utf-8") + "\nExtra.\n", encoding="utf-8")
    result = run("status", tmp_path / "notice", "--out-of-date", "--templates", custom)
    assert result.exit_code == 1
    assert "templates changed" in result.stdout


# -- update over many folders, --json ----------------------------------------------------------


def test_update_many_folders_exits_with_the_worst(tmp_path: Path) -> None:
    one, two = rendered(tmp_path / "one"), rendered(tmp_path / "two", SCHOOL)
    not_a_set = tmp_path / "empty"
    not_a_set.mkdir()
    edit(one / "privacy-notice.md", PHONE, "- Telephone: 01632 960000 (9am to 5pm)")
    result = run("update", one, not_a_set, two, "--set", "controller_phone=01632 960999")
    assert result.exit_code == ExitCode.USER_ERROR  # worse than the conflict in `one`
    assert "<<<<<<< your edits" in (one / "privacy-notice.md").read_text(encoding="utf-8")
    assert f"error: {not_a_set}: no answers.yaml here" in result.stderr
    # the folder after the failing one was still updated
    assert "01632 960999" in (two / "privacy-notice.md").read_text(encoding="utf-8")
    only_conflict = run("update", one, two, "--set", "review_date=2028-02-01")
    assert only_conflict.exit_code == ExitCode.CONFLICT  # `one` still has its markers
    assert "review_date: 2028-02-01" in (two / "answers.yaml").read_text(encoding="utf-8")


def test_update_json_lists_each_folder_and_its_conflicts(tmp_path: Path) -> None:
    one, two = rendered(tmp_path / "one"), rendered(tmp_path / "two")
    edit(one / "privacy-notice.md", PHONE, "- Telephone: 01632 960000 (9am to 5pm)")
    result = run("update", one, two, tmp_path / "none", "--set", "controller_phone=01632 960999",
                 "--json")  # fmt: skip
    assert result.exit_code == ExitCode.USER_ERROR
    document = json.loads(result.stdout)
    assert document["total"] == 3 and document["exit_code"] == 1
    first, second, third = document["sets"]
    assert first["dir"] == str(one) and first["exit_code"] == 4
    assert [c["file"] for c in first["conflicts"]] == [str(one / "privacy-notice.md")]
    assert second["exit_code"] == 0 and second["conflicts"] == []
    assert second["version"] == "1.1" and second["changes"]
    statuses = {Path(f["file"]).name: f["status"] for f in second["files"]}
    assert statuses["privacy-notice.md"] != "unchanged"
    assert third["error"]["exit_code"] == 1 and "no answers.yaml" in third["error"]["message"]


def test_update_json_of_one_folder_that_fails_is_the_error_document(tmp_path: Path) -> None:
    result = run("update", tmp_path, "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["code"] == "user-error"


def test_update_dry_run_json_writes_nothing(tmp_path: Path) -> None:
    folder = rendered(tmp_path / "notice")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = run("update", folder, "--set", "controller_phone=01632 960999", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)["sets"][0]
    assert entry["dry_run"] is True and entry["rendered"] is True
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_update_dependants_json(tmp_path: Path) -> None:
    result = run("update", "--dependants", tmp_path, "--json")
    assert result.exit_code == 1  # no protocol set there
    assert "no protocol set here" in json.loads(result.stdout)["error"]["message"]


# -- due --json --------------------------------------------------------------------------------


def test_due_json_lists_reviews_and_exits_1_when_one_is_overdue(tmp_path: Path) -> None:
    rendered(tmp_path / "notice")
    result = run("due", tmp_path, "--json", "--today", "2027-05-01")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["overdue"] == 1 and document["exit_code"] == 1
    (review,) = document["reviews"]
    assert review["review_date"] == "2027-04-01" and review["days_left"] == -30
    calm = json.loads(run("due", tmp_path, "--json", "--today", "2026-01-01").stdout)
    assert calm == {"reviews": [], "overdue": 0, "exit_code": 0}
    both = run("due", tmp_path, "--json", "--ics", "-")
    assert both.exit_code == ExitCode.USAGE


# -- the library: api.update and api.worst -----------------------------------------------------


def test_api_update_applies_a_change_and_merges_a_hand_edit(tmp_path: Path) -> None:
    folder = rendered(tmp_path / "notice")
    edit(
        folder / "privacy-notice.md",
        "## Automated decisions\n",
        "## Automated decisions\n\nKept.\n",
    )
    report = api.update(folder, overrides={"controller_phone": "01632 960999"})
    assert report.exit_code == ExitCode.OK and report.plan is not None
    text = (folder / "privacy-notice.md").read_text(encoding="utf-8")
    assert "Kept." in text and "01632 960999" in text
    assert report.to_json()["version"] == "1.1"
    again = api.update(folder)
    assert again.plan is not None and again.plan.changed == []


def test_api_update_dry_run_plans_and_writes_nothing(tmp_path: Path) -> None:
    folder = rendered(tmp_path / "notice")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    report = api.update(folder, overrides=[("controller_phone", "01632 960999")], dry_run=True)
    assert report.plan is not None and report.plan.changed
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_api_update_asks_through_the_function_given(tmp_path: Path) -> None:
    folder = rendered(tmp_path / "notice")
    with pytest.raises(NotATerminalError, match="need an answer: controller_phone"):
        api.update(folder, ask=["controller_phone"])
    asked: list[list[str]] = []

    def answer(_folder: Path, answered: api.Answered) -> dict[str, object]:
        asked.append(list(answered.to_ask))
        return {**answered.answers, "controller_phone": "01632 960123"}

    report = api.update(folder, ask=["controller_phone"], answer_again=answer)
    assert asked == [["controller_phone"]] and report.asked == ["controller_phone"]
    assert "01632 960123" in (folder / "privacy-notice.md").read_text(encoding="utf-8")
    stopped = api.update(folder, ask=["controller_phone"], answer_again=lambda _f, _a: None)
    assert stopped.plan is None and stopped.exit_code == ExitCode.OK


def test_worst_exit_code_ranks_bugs_then_usage_then_input_then_conflicts() -> None:
    assert api.worst([]) == ExitCode.OK
    assert api.worst([0, 7, 4]) == ExitCode.CONFLICT
    assert api.worst([4, 1, 0]) == ExitCode.USER_ERROR
    assert api.worst([1, 2]) == ExitCode.USAGE
    assert api.worst([2, 70, 1]) == ExitCode.INTERNAL


def test_api_due_to_json_counts_overdue(tmp_path: Path) -> None:
    rendered(tmp_path / "notice")
    report = api.due([tmp_path], today=dt.date(2027, 3, 1), within_days=60)
    assert report.to_json()["reviews"][0]["days_left"] == 31
    assert report.exit_code == ExitCode.OK


# -- every problem at once ---------------------------------------------------------------------

DSA = ROOT / "examples" / "dsa-supporting-families.yaml"
POLICE_ENTRY = """    - party: Northshire Police
      basis: public_task
      legal_source: the force's functions"""


def three_problems_in_one_entry(tmp_path: Path) -> Path:
    """A DSA whose second lawful-basis entry has a party, a basis and gateways at fault."""
    path = tmp_path / "dsa.yaml"
    path.write_text(DSA.read_text(encoding="utf-8"), encoding="utf-8")
    edit(path, POLICE_ENTRY, POLICE_ENTRY.replace("Police", "Polise").replace("public_", "publik_"))
    edit(path, "gateways: [crime_disorder_s115, children_act_2004_s10]", "gateways: [s115, s10]")
    return path


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize("command", ["check", "render"])
def test_every_problem_in_a_group_entry_is_reported_at_once(tmp_path: Path, command: str) -> None:
    path = three_problems_in_one_entry(tmp_path)
    extra = ["--out", str(tmp_path / "out"), "-f", "md"] if command == "render" else []
    result = run(command, path, *extra)
    assert result.exit_code == ExitCode.USER_ERROR
    assert "3 answer(s) do not fit" in result.stderr
    for text in ("Polise", "publik_task", "s115"):
        assert f"dsa.yaml:{line_of(path, text)}: party_bases: lawful basis 2, " in result.stderr
    assert "'s115', 's10' are not among the choices" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["check", "render"])
def test_json_error_lists_each_problem_with_its_line_and_fix(tmp_path: Path, command: str) -> None:
    path = three_problems_in_one_entry(tmp_path)
    edit(path, "involves_children: yes", "involves_children: perhaps")  # one outside it too
    extra = ["--out", str(tmp_path / "out"), "-f", "md"] if command == "render" else []
    result = run(command, path, *extra, "--json")
    assert result.exit_code == ExitCode.USER_ERROR
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "answers-error"
    problems = {(p["question"], p["line"]): p for p in error["problems"]}
    assert set(problems) == {
        ("involves_children", line_of(path, "involves_children:")),
        ("party_bases", line_of(path, "Polise")),
        ("party_bases", line_of(path, "publik_task")),
        ("party_bases", line_of(path, "s115")),
    }
    assert all(p["file"] == str(path) for p in error["problems"])
    # keyed by the inner question a group entry's message names ("lawful basis 2, party: ")
    inner = re.compile(r", (\w+): ")
    fixes = {
        (m[1] if (m := inner.search(p["message"])) else p["question"]): p["fix"]
        for p in error["problems"]
    }
    assert fixes["involves_children"] == "answer yes or no"
    assert fixes["party"] == "use a name the other answers give, spelt the same way"
    assert fixes["basis"].startswith("use one of: consent, contract, legal_obligation")
    assert fixes["gateways"].startswith("use any of: crime_disorder_s115")


def test_missing_answers_are_problems_of_the_json_error(tmp_path: Path) -> None:
    path = tmp_path / "pn.yaml"
    text = COUNCIL.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(
            line
            for line in text.splitlines()
            if not line.startswith(("  controller_name:", "  service_name:"))
        ),
        encoding="utf-8",
    )
    result = run("render", path, "--out", tmp_path / "out", "-f", "md", "--json")
    assert result.exit_code == ExitCode.USER_ERROR
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "missing-answers-error"
    assert sorted(p["question"] for p in error["problems"]) == ["controller_name", "service_name"]
    assert all(p["fix"] == f"add {p['question']} to the answers file" for p in error["problems"])


def test_an_error_about_one_thing_has_an_empty_problems_list(tmp_path: Path) -> None:
    result = run("check", tmp_path / "missing.yaml", "--json")
    assert result.exit_code == ExitCode.USER_ERROR
    assert json.loads(result.stdout)["error"]["problems"] == []


def test_the_documented_problems_have_the_real_shape(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "scripting.md").read_text(encoding="utf-8")
    blocks = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", doc, re.S)]
    documented = next(b["error"] for b in blocks if b.get("error", {}).get("problems"))
    result = run("check", three_problems_in_one_entry(tmp_path), "--json")
    error = json.loads(result.stdout)["error"]
    assert set(error) == set(documented)
    assert {frozenset(p) for p in error["problems"]} == {frozenset(documented["problems"][0])}


# -- status and diff JSON -----------------------------------------------------------------------


def test_status_json_gives_each_set_and_the_whole_its_exit_code(tmp_path: Path) -> None:
    clean, hand = rendered(tmp_path / "clean"), rendered(tmp_path / "hand")
    edit(hand / "privacy-notice.md", PHONE, "- Telephone: 0800 000 000")  # needs attention
    result = run("status", clean, hand, "--json", "--today", "2026-12-01")
    document = json.loads(result.stdout)
    codes = {Path(s["dir"]).name: s["exit_code"] for s in document["sets"]}
    assert codes == {"clean": 0, "hand": 1}
    assert document["exit_code"] == result.exit_code == ExitCode.USER_ERROR
    alone = run("status", clean, "--json", "--today", "2026-12-01")
    assert json.loads(alone.stdout)["exit_code"] == alone.exit_code == 0


def test_status_out_of_date_json_exit_codes_count_only_what_a_render_changes(
    tmp_path: Path,
) -> None:
    hand, stale = rendered(tmp_path / "hand"), rendered(tmp_path / "stale")
    edit(hand / "privacy-notice.md", PHONE, "- Telephone: 0800 000 000")  # not out of date
    edit(stale / "answers.yaml", "01632 960000", "01632 960999")  # a render would change it
    result = run("status", hand, stale, "--json", "--out-of-date", "--today", "2026-12-01")
    document = json.loads(result.stdout)
    codes = {Path(s["dir"]).name: s["exit_code"] for s in document["sets"]}
    assert codes == {"hand": 0, "stale": 1}
    assert document["exit_code"] == result.exit_code == ExitCode.USER_ERROR
    edit(stale / "answers.yaml", "01632 960999", "01632 960000")
    settled = run("status", hand, stale, "--json", "--out-of-date", "--today", "2026-12-01")
    assert json.loads(settled.stdout)["exit_code"] == settled.exit_code == 0


def test_diff_json_lists_each_answer_and_file_that_would_change(tmp_path: Path) -> None:
    folder = rendered(tmp_path / "out")
    same = run("diff", folder, "--json", "--exit-code")
    assert same.exit_code == 0
    assert json.loads(same.stdout) == {
        "dir": str(folder), "changed": False, "answers": [], "files": [], "notes": [],
        "exit_code": 0,
    }  # fmt: skip
    edit(folder / "answers.yaml", "controller_phone: 01632 960000", "controller_phone: 01632 9")
    result = run("diff", folder, "--json", "--exit-code")
    document = json.loads(result.stdout)
    assert result.exit_code == document["exit_code"] == 1 and document["changed"] is True
    phone = next(a for a in document["answers"] if a["question"] == "controller_phone")
    assert phone == {"question": "controller_phone", "change": "changed",
                     "before": "01632 960000", "after": "01632 9"}  # fmt: skip
    notice = next(f for f in document["files"] if f["file"] == str(folder / "privacy-notice.md"))
    assert f"-{PHONE}\n+- Telephone: 01632 9\n" in notice["diff"]
    without = run("diff", folder, "--json")  # without --exit-code a change still exits 0
    assert without.exit_code == json.loads(without.stdout)["exit_code"] == 0


def test_api_diff_returns_migration_notes_when_required_answers_are_missing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    old = ROOT / "tests" / "migrations" / "dsa-supporting-families.v1.yaml"
    (folder / "answers.yaml").write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
    report = api.diff(folder)
    assert "flows.from_party: renamed to flows.from_parties" in report.notes
    assert report.missing is not None and report.exit_code == ExitCode.USER_ERROR
    assert {p["question"] for p in report.missing.problems} == {"flows", "party_bases"}
    assert not report.changed  # nothing compared
    result = run("diff", folder, "--json")
    assert "warning: flows.from_party: renamed to flows.from_parties" in result.stderr
    assert json.loads(result.stdout)["error"]["code"] == "missing-answers-error"
    assert result.exit_code == ExitCode.USER_ERROR


# -- --quiet on new, preview, validate ------------------------------------------------------------


def test_quiet_preview_writes_without_listing(tmp_path: Path) -> None:
    loud = run("preview", "notice", "-o", tmp_path / "loud")
    assert "Preview of" in loud.stdout
    quiet = run("preview", "notice", "-o", tmp_path / "quiet", "--quiet")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert sorted(p.name for p in (tmp_path / "quiet").iterdir()) == sorted(
        p.name for p in (tmp_path / "loud").iterdir()
    )


def test_quiet_preview_stdout_still_prints_every_document() -> None:
    loud, quiet = run("preview", "dsa", "--stdout"), run("preview", "dsa", "--stdout", "-q")
    assert quiet.exit_code == 0 and quiet.stdout == loud.stdout
    assert "<!-- page-break -->" in quiet.stdout


def test_quiet_validate_prints_only_problems(tmp_path: Path) -> None:
    clean = run("validate", "--quiet")
    assert clean.exit_code == 0 and clean.stdout == ""
    assert "error(s)" in run("validate").stdout  # the summary --quiet drops
    tree = tmp_path / "questions" / "bad.yaml"
    tree.parent.mkdir()
    tree.write_text("id: bad\nversion: 1\ntitle: Bad\nsections: [\n", encoding="utf-8")
    broken = run("validate", tmp_path, "--quiet")
    assert broken.exit_code == ExitCode.USER_ERROR
    assert "bad.yaml:" in broken.stdout and "error(s)" not in broken.stdout


def test_quiet_new_still_asks_but_reports_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHAREWIZ_FORCE_TTY", "1")
    from sharewiz.cli.asking import Wizard
    from sharewiz.cli.console import print_info

    asked: list[str] = []

    def run_wizard(wizard: Wizard) -> dict[str, object]:
        print_info("Section 1 of 9: The service")  # what the wizard shows is never quiet
        asked.append("asked")
        return dict(wizard.answers)

    monkeypatch.setattr(Wizard, "run", run_wizard)
    args = ["new", "--answers", COUNCIL, "-f", "md"]
    loud = run(*args, "-o", tmp_path / "loud")
    assert loud.exit_code == 0, loud.output
    assert "Answers are saved as you go" in loud.stdout and "privacy-notice.md" in loud.stdout
    quiet = run(*args, "-o", tmp_path / "quiet", "--quiet")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout == "Section 1 of 9: The service\n" and asked == ["asked", "asked"]
    assert (tmp_path / "quiet" / "privacy-notice.md").read_bytes() == (
        tmp_path / "loud" / "privacy-notice.md"
    ).read_bytes()


def documented(command: str) -> dict[str, object]:
    """The JSON example that follows the first "`COMMAND --json`" in docs/scripting.md."""
    doc = (ROOT / "docs" / "scripting.md").read_text(encoding="utf-8")
    after = doc[doc.index(f"`{command} --json`") :]
    block = re.search(r"```json\n(.*?)```", after, re.S)
    assert block is not None
    document: dict[str, object] = json.loads(block[1])
    return document


def test_the_documented_status_and_diff_json_have_the_real_shape(tmp_path: Path) -> None:
    folder = rendered(tmp_path / "out")
    edit(folder / "answers.yaml", "01632 960000", "01632 960999")
    for command in ("status", "diff"):
        real = json.loads(run(command, folder, "--json").stdout)
        shown = documented(command)
        assert set(real) == set(shown), command
        for key in ("sets", "answers", "files"):
            if key in real:
                assert set(real[key][0]) == set(shown[key][0]), (command, key)  # type: ignore[index]
