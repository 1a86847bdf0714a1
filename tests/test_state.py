"""The one record of a set, `.sharewiz/state.json`: what is in it, who reads it, migration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from portfolio_helpers import build_portfolio
from sharewiz.cli.app import app
from sharewiz.errors import UserError
from sharewiz.sets.build import load_kind, read_answers
from sharewiz.sets.state import read_state, state_path
from sharewiz.sets.versions import prepare_render, templates_hash

ROOT = Path(__file__).resolve().parents[1]
COUNCIL = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
# A set as sharewiz 0.1 (commit 89cf123) rendered it: manifest.json, record.json and
# history.yaml in `.sharewiz/` (stored here as `sharewiz-folder/`).
OLD_SET = ROOT / "tests" / "data" / "layout-0.1"
OLD_FILES = ("manifest.json", "record.json", "history.yaml")
# a changed answer, and one for each question added to the tree since 0.1 that applies
# (which the old manifest's question ids show to be new, so update would otherwise ask it)
UPDATE_OLD = (
    "--set", "audience=people referred by agencies", "--set", "controller_type=charity",
    "--set", "public_authority_override=no",
    # version 4 of the notice asks what kind of data each category is, and which items
    # the Art 9 condition (moved from the single answer into one entry) covers
    "--set", "data_categories.0.category=personal", "--set", "data_categories.1.category=personal",
    "--set", "data_categories.2.category=personal",
    "--set", "data_categories.3.category=special_category",
    "--set", "data_categories.3.special_category_type=health",
    "--set", "special_conditions.0.items=Dietary needs",
    # version 5 asks whether the information received is used to contact people (Art
    # 14(3)(b)); version 6 which Art 14(5) exceptions each source's information falls
    # under (none here)
    "--set", "contact_from_received=yes", "--set", "sources.0.art14_exemptions=",
    "--set", "sources.1.art14_exemptions=",
    # version 7 whether the information is also used for research, archiving or statistics
    "--set", "research_purposes=no",
)  # fmt: skip
# what status and diff report of the old set until then: it needs those answers
NEWLY_REQUIRED = "1 answer(s) missing for version 7 of the questions: data_categories"
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [*map(str, args)])
    return result.exit_code, result.output


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    out = tmp_path / "notice"
    code, output = run("render", COUNCIL, "--out", out, "--format", "md,docx")
    assert code == 0, output
    return out


def add_by_hand(markdown: Path) -> None:
    """A paragraph a person adds under the first section heading, away from answers."""
    text = markdown.read_text(encoding="utf-8")
    heading = next(line for line in text.splitlines() if line.startswith("## "))
    markdown.write_text(text.replace(heading, f"{heading}\n\nAdded by hand.", 1), "utf-8")


def old_set(where: Path) -> Path:
    """A copy of the set rendered by sharewiz 0.1, in its old layout."""
    shutil.copytree(OLD_SET, where)
    (where / "sharewiz-folder").rename(where / ".sharewiz")
    assert all((where / ".sharewiz" / name).is_file() for name in OLD_FILES)
    return where


# -- one file -----------------------------------------------------------------------------


def test_a_render_leaves_one_state_file_holding_the_merge_bases(notice: Path) -> None:
    assert sorted(p.name for p in (notice / ".sharewiz").iterdir()) == ["state.json"]
    assert (notice / "answers.yaml").is_file()
    state = json.loads(state_path(notice).read_text(encoding="utf-8"))
    assert state["format"] == 1 and state["kind"] == "privacy-notice"
    assert set(state["files"]) == {
        "answers.yaml",
        "privacy-notice.md",
        "privacy-notice.docx",
        "privacy-notice-summary.md",
        "privacy-notice-summary.docx",
    }
    assert state["formats"] == ["md", "docx"]
    assert [entry["version"] for entry in state["history"]] == ["1.0"]
    assert state["answers"]["controller_name"] == "Northshire County Council"
    # each document's Markdown as rendered, a line a JSON string (git diffs line by line)
    assert sorted(state["bases"]) == ["privacy-notice-summary.md", "privacy-notice.md"]
    for name, lines in state["bases"].items():
        assert "\n".join(lines) == (notice / name).read_text(encoding="utf-8")
    assert '\n   "## ' in state_path(notice).read_text(encoding="utf-8")


def test_state_json_is_the_same_bytes_when_nothing_changed(notice: Path) -> None:
    before = state_path(notice).read_bytes()
    code, output = run("render", COUNCIL, "--out", notice, "--format", "md,docx")
    assert code == 0, output
    assert state_path(notice).read_bytes() == before
    assert list(json.loads(before)) == sorted(json.loads(before))  # stable key order


def test_state_json_holds_no_absolute_path(tmp_path: Path) -> None:
    portfolio = build_portfolio(tmp_path, ROOT / "examples")
    text = state_path(portfolio / "agreement").read_text(encoding="utf-8")
    for absolute in {str(tmp_path), str(tmp_path.resolve())}:
        assert absolute not in text
    assert json.loads(text)["protocol"]["dir"] == "../protocol"


# -- every command reads the same record ---------------------------------------------------


def test_diff_status_and_versioning_read_the_same_record(notice: Path) -> None:
    path = state_path(notice)
    state = json.loads(path.read_text(encoding="utf-8"))
    state["answers"]["retention_period"] = "We keep records for 3 years."
    state["version"] = "7.0"
    path.write_text(json.dumps(state), encoding="utf-8")

    code, output = run("diff", notice)
    assert code == 0, output
    assert 'answer changed: retention_period: "We keep records for 3 years."' in output

    code, output = run("status", notice, "--json")
    [row] = json.loads(output)["sets"]
    assert row["version"] == "7.0"

    tree, _file, answers = read_answers(notice / "answers.yaml")
    plan = prepare_render(tree, answers, notice)
    assert [change.question_id for change in plan.changes] == ["retention_period"]


def test_a_hand_edit_merged_by_update_stays_visible_to_status(notice: Path) -> None:
    markdown = notice / "privacy-notice.md"
    add_by_hand(markdown)
    code, output = run("update", notice, "--set", "controller_phone=01632 960999")
    assert code == 0 and "your edits kept" in output, output
    assert "Added by hand." in markdown.read_text(encoding="utf-8")

    code, output = run("status", notice, "--json")
    [row] = json.loads(output)["sets"]
    assert "edited by hand since sharewiz wrote it: privacy-notice.md" in row["problems"]

    # once the file holds exactly what sharewiz rendered, the edit is gone from status
    state = read_state(notice)
    assert state is not None
    markdown.write_text(state.bases["privacy-notice.md"], encoding="utf-8")
    code, output = run("status", notice, "--json")
    [row] = json.loads(output)["sets"]
    assert not any("edited by hand" in problem for problem in row["problems"])


def test_the_templates_hash_is_of_the_kinds_own_templates(tmp_path: Path) -> None:
    custom = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", custom)
    names = [d.template for d in load_kind("privacy-notice").documents]
    before = templates_hash(names, [custom])
    # another kind's template, and a partial the notice does not include
    (custom / "data-sharing-agreement" / "agreement.md.j2").write_text("changed\n")
    (custom / "_partials" / "parties.md.j2").write_text("changed\n")
    assert templates_hash(names, [custom]) == before
    # a partial the notice includes (through notice.base.md.j2)
    partial = custom / "_partials" / "version-history.md.j2"
    partial.write_text(partial.read_text(encoding="utf-8") + "\n")
    assert templates_hash(names, [custom]) != before


# -- the layout before state.json -----------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [("status",), ("diff",), ("update", *UPDATE_OLD)],
)
def test_an_old_folder_works_and_is_migrated_on_first_touch(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    folder = old_set(tmp_path / "notice")
    code, output = run(command[0], folder, *command[1:])
    if command[0] == "update":
        assert code == 0, output
    else:  # the old answers lack what version 4 asks: reported, the folder still migrated
        assert code == 1 and "data_categories" in output, output
    assert sorted(p.name for p in (folder / ".sharewiz").iterdir()) == ["state.json"]
    state = read_state(folder)
    assert state is not None and state.kind == "privacy-notice" and state.formats == ["md"]
    assert state.answers["controller_name"].startswith("Northtown Community Food Bank")
    assert str(tmp_path) not in state_path(folder).read_text(encoding="utf-8")
    versions = [entry.version for entry in state.history]
    if command[0] == "update":
        # each category's kind (asked since version 4) is a change to the categories of
        # information, which is material for a notice (knowledge/portfolio/versioning.yaml)
        assert versions == ["1.2", "2.0"] and state.version == "2.0"
        assert "Changes in version 2.0:" in output
    else:
        assert versions == ["1.2"] and state.version == "1.2"


def test_an_old_folder_keeps_its_hand_edits_through_the_migration(tmp_path: Path) -> None:
    folder = old_set(tmp_path / "notice")
    markdown = folder / "privacy-notice.md"
    add_by_hand(markdown)
    code, output = run("status", folder, "--json")
    assert code == 1
    [row] = json.loads(output)["sets"]
    assert row["problems"] == [
        NEWLY_REQUIRED,
        "edited by hand since sharewiz wrote it: privacy-notice.md",
    ]
    code, output = run("update", folder, *UPDATE_OLD)
    assert code == 0 and "your edits kept" in output, output
    assert "Added by hand." in markdown.read_text(encoding="utf-8")


def _with_base_files(folder: Path) -> dict[str, str]:
    """The set as sharewiz wrote it before state.json held the merge bases: each base a
    file in `.sharewiz/base/`, none in state.json. Returns the bases."""
    state = json.loads(state_path(folder).read_text(encoding="utf-8"))
    bases = {name: "\n".join(lines) for name, lines in state.pop("bases").items()}
    state_path(folder).write_text(json.dumps(state, indent=1, sort_keys=True) + "\n")
    (folder / ".sharewiz" / "base").mkdir()
    for name, text in bases.items():
        (folder / ".sharewiz" / "base" / name).write_text(text, encoding="utf-8")
    return bases


def test_merge_bases_kept_as_files_are_read_then_moved_into_state_json(notice: Path) -> None:
    bases = _with_base_files(notice)
    markdown = notice / "privacy-notice.md"
    add_by_hand(markdown)
    before = state_path(notice).read_bytes()
    code, output = run("diff", notice)  # reads the bases from the files, writes nothing
    assert code == 0 and "Added by hand." not in output, output
    assert state_path(notice).read_bytes() == before
    assert sorted(p.name for p in (notice / ".sharewiz" / "base").iterdir()) == sorted(bases)

    code, output = run("update", notice, "--set", "controller_phone=01632 960999")
    assert code == 0 and "your edits kept" in output, output  # merged from the old base
    text = markdown.read_text(encoding="utf-8")
    assert "Added by hand." in text and "01632 960999" in text
    assert sorted(p.name for p in (notice / ".sharewiz").iterdir()) == ["state.json"]
    state = read_state(notice)
    assert state is not None and sorted(state.bases) == sorted(bases)
    assert "01632 960999" in state.bases["privacy-notice.md"]
    assert "Added by hand." not in state.bases["privacy-notice.md"]


def test_a_base_folder_with_a_file_of_the_person_s_is_not_removed(notice: Path) -> None:
    _with_base_files(notice)
    (notice / ".sharewiz" / "base" / "notes.txt").write_text("mine", encoding="utf-8")
    code, output = run("update", notice, "--set", "controller_phone=01632 960999")
    assert code == 0, output
    assert [p.name for p in (notice / ".sharewiz" / "base").iterdir()] == ["notes.txt"]


def test_an_old_absolute_protocol_folder_becomes_relative(tmp_path: Path) -> None:
    folder = tmp_path / "agreement"
    (folder / ".sharewiz").mkdir(parents=True)
    record = {
        "format": 1,
        "kind": "data-sharing-agreement",
        "version": "1.0",
        "protocol": {"dir": str(tmp_path / "protocol"), "version": "2.0", "hash": "ab" * 32},
    }
    (folder / ".sharewiz" / "record.json").write_text(json.dumps(record), encoding="utf-8")
    state = read_state(folder)
    assert state is not None and state.protocol["dir"] == "../protocol"
    assert not (folder / ".sharewiz" / "record.json").exists()
    assert str(tmp_path) not in state_path(folder).read_text(encoding="utf-8")


def test_a_broken_old_history_is_a_clear_error_and_nothing_is_removed(tmp_path: Path) -> None:
    folder = old_set(tmp_path / "notice")
    (folder / ".sharewiz" / "history.yaml").write_text("history: 3\n", encoding="utf-8")
    with pytest.raises(UserError, match="expected a 'history:' list"):
        read_state(folder)
    assert all((folder / ".sharewiz" / name).is_file() for name in OLD_FILES)
    assert not state_path(folder).exists()


def test_a_state_from_a_newer_sharewiz_is_refused(notice: Path) -> None:
    path = state_path(notice)
    path.write_text(json.dumps({**json.loads(path.read_text()), "format": 99}))
    with pytest.raises(UserError, match="written by a newer sharewiz"):
        read_state(notice)


def test_a_set_from_before_given_was_recorded_joins_a_batch_with_its_edits(
    tmp_path: Path,
) -> None:
    """A set written before the state recorded what a batch `given` it (here in the 0.1
    layout) is rendered again from the batch's file without error, keeping its hand edits."""
    folder = old_set(tmp_path / "food-bank")
    markdown = folder / "privacy-notice.md"
    add_by_hand(markdown)
    given = tmp_path / "food-bank.yaml"  # the batch's file for this set, with a new answer
    text = (folder / "answers.yaml").read_text(encoding="utf-8")
    assert "  audience: " in text
    given.write_text(text.replace("  audience: ", "  audience: people referred, and ", 1))
    args = ("render", given, "--out", folder, "--format", "md", *UPDATE_OLD[2:])
    code, output = run(*args)
    assert code == 0 and "privacy-notice.md  (merged)" in output, output
    text = markdown.read_text(encoding="utf-8")
    assert "Added by hand." in text and "people referred, and " in text
    state = read_state(folder)
    assert state is not None and state.given["audience"].startswith("people referred, and ")
    assert sorted(p.name for p in (folder / ".sharewiz").iterdir()) == ["state.json"]
    # and the next run of the batch, with nothing new, leaves the set as it is
    before = {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    code, output = run(*args)
    assert code == 0, output
    assert {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} == before


def test_a_set_records_its_kinds_templates_and_says_what_new_ones_change(
    tmp_path: Path,
) -> None:
    """Issue 15: per-kind template versions; status and `diff --wording` name them."""
    custom = tmp_path / "custom"
    notice_templates = custom / "templates" / "privacy-notice"
    shutil.copytree(ROOT / "templates" / "privacy-notice", notice_templates)
    (notice_templates / "VERSION").write_text("1.4\n")
    out = tmp_path / "notice"
    code, output = run("render", COUNCIL, "--out", out, "--format", "md", "--templates", custom)
    assert code == 0, output
    state = json.loads(state_path(out).read_text(encoding="utf-8"))
    assert state["templates_version"] == "1.4"
    assert "privacy-notice/notice.base.md.j2" in state["template_files"]
    assert "_partials/version-history.md.j2" in state["template_files"]  # included by it
    assert not any(n.startswith("data-sharing-agreement/") for n in state["template_files"])
    # another kind's templates moving on leaves this set alone
    agreement = custom / "templates" / "data-sharing-agreement"
    agreement.mkdir()
    (agreement / "agreement.md.j2").write_text("Changed.\n")
    code, output = run("status", out, "--json", "--templates", custom)
    [row] = json.loads(output)["sets"]
    assert not any("templates" in problem for problem in row["problems"]), row
    # its own templates move on: status says which versions, diff --wording what wording
    base = notice_templates / "notice.base.md.j2"
    old = "We collect this information directly from you."
    new = "We collect this information from you yourself."
    base.write_text(base.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    (notice_templates / "VERSION").write_text("1.6\n")
    code, output = run("status", out, "--json", "--templates", custom)
    [row] = json.loads(output)["sets"]
    assert (
        "made with privacy-notice templates 1.4, now privacy-notice templates 1.6: render it "
        f"again (`sharewiz diff --wording {out}` shows the wording that changed)"
    ) in row["problems"]
    code, output = run("diff", out, "--wording", "--templates", custom, "--exit-code")
    assert code == 1, output
    assert "Made with privacy-notice templates 1.4; now privacy-notice templates 1.6." in output
    assert "template changed: privacy-notice/notice.base.md.j2" in output
    assert f"-{old}" in output and f"+{new}" in output
    assert "answer" not in output.lower().split("made with")[0]  # wording only
    changed = [line for line in output.splitlines() if line.startswith(("+", "-"))]
    assert len([line for line in changed if not line.startswith(("+++", "---"))]) == 2
    code, output = run("diff", out, "--wording", "--json", "--templates", custom)
    assert code == 2 and "--wording and --json: choose one" in output, output


def test_a_set_written_before_this_wave_updates_and_keeps_its_hand_edits(
    tmp_path: Path,
) -> None:
    """A set as sharewiz wrote it before the state recorded `given`, `inputs` and its
    templates, answered for an older tree (a fixture from tests/migrations), updates and
    joins a batch without error, keeping its hand edits."""
    fixture = ROOT / "tests" / "migrations" / "dsa-supporting-families.v3.yaml"
    folder = tmp_path / "dsa"
    folder.mkdir()
    (folder / "answers.yaml").write_text(fixture.read_text(encoding="utf-8"), encoding="utf-8")
    code, output = run("render", folder / "answers.yaml", "--format", "md")
    assert code == 0, output
    state = json.loads(state_path(folder).read_text(encoding="utf-8"))
    for key in ("given", "inputs", "templates_version", "template_files"):
        state.pop(key, None)  # the records this wave added
    state_path(folder).write_text(json.dumps(state, indent=1, sort_keys=True) + "\n")
    (folder / "answers.yaml").write_text(fixture.read_text(encoding="utf-8"), encoding="utf-8")
    markdown = folder / "data-sharing-agreement.md"
    add_by_hand(markdown)
    code, output = run("update", folder, "--set", "contact_point_name=Family Hub Team")
    assert code == 0 and "your edits kept" in output, output
    text = markdown.read_text(encoding="utf-8")
    assert "Added by hand." in text and "Family Hub Team" in text
    assert "tree_version: 3" not in (folder / "answers.yaml").read_text(encoding="utf-8")
    # rendered again from a batch's file (the old answers, one changed), edits still kept
    given = tmp_path / "dsa.yaml"
    given.write_text(
        fixture.read_text(encoding="utf-8").replace("agreement_reference: NSP-DSA-021",
                                                    "agreement_reference: NSP-DSA-022"),
        encoding="utf-8",
    )  # fmt: skip
    code, output = run("render", given, "--out", folder, "--format", "md")
    assert code == 0, output
    text = markdown.read_text(encoding="utf-8")
    assert "Added by hand." in text and "NSP-DSA-022" in text
    recorded = read_state(folder)
    assert recorded is not None and recorded.given["agreement_reference"] == "NSP-DSA-022"
