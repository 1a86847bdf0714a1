"""update and diff: re-rendering after answers change, keeping hand edits."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sharewiz.model.tree
from docx_helpers import dump
from sharewiz.cli.app import app
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.merging import merge

ROOT = Path(__file__).resolve().parents[1]
COUNCIL = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
PHONE = "- Telephone: 01632 960000"
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [*map(str, args)])
    return result.exit_code, result.output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "notice"
    code, output = run("render", COUNCIL, "--out", out, "--format", "md,docx")
    assert code == 0, output
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def docx_bytes(folder: Path) -> bytes:
    return (folder / "privacy-notice.docx").read_bytes()


def test_hand_edit_elsewhere_is_kept(folder: Path) -> None:
    notice = folder / "privacy-notice.md"
    edit(
        notice,
        "## Automated decisions\n",
        "## Automated decisions\n\nA clause the partners negotiated.\n",
    )
    code, output = run("update", folder, "--set", "controller_phone=01632 960999")
    assert code == 0, output
    text = notice.read_text(encoding="utf-8")
    assert "A clause the partners negotiated." in text
    assert "- Telephone: 01632 960999" in text and PHONE not in text
    assert "<<<<<<<" not in text
    assert "merged" in output and "your edits kept" in output
    assert "controller_phone: 01632 960999" in (folder / "answers.yaml").read_text(encoding="utf-8")
    base = json.loads((folder / ".sharewiz" / "state.json").read_text(encoding="utf-8"))
    base = "\n".join(base["bases"]["privacy-notice.md"])  # kept a line a JSON string
    assert "01632 960999" in base and "negotiated" not in base
    # Word follows the merged text (problem 3): partners sign the .docx
    assert any("A clause the partners negotiated." in line for line in dump(docx_bytes(folder)))
    # rendering over the set goes through the same merge: the clause stays
    code, output = run("render", folder / "answers.yaml", "--out", folder, "--format", "md,docx")
    assert code == 0, output
    assert "A clause the partners negotiated." in notice.read_text(encoding="utf-8")


def test_conflicting_edit_gets_markers_and_exit_4(folder: Path) -> None:
    notice = folder / "privacy-notice.md"
    edit(notice, PHONE, "- Telephone: 01632 960000 (9am to 5pm)")
    code, output = run("update", folder, "--set", "controller_phone=01632 960999")
    assert code == 4, output
    lines = notice.read_text(encoding="utf-8").splitlines()
    start = lines.index("<<<<<<< your edits")
    assert f"privacy-notice.md: conflict at line {start + 1}" in output
    assert lines[start + 1 : start + 5] == [
        "- Telephone: 01632 960000 (9am to 5pm)",
        "=======",
        "- Telephone: 01632 960999",
        ">>>>>>> new answers",
    ]
    # running again before resolving leaves the file alone and still says so
    before = notice.read_bytes()
    code, output = run("update", folder)
    assert code == 4 and "still has conflict markers" in output
    assert notice.read_bytes() == before


def test_untouched_files_are_simply_replaced(folder: Path) -> None:
    code, output = run("update", folder, "--set", "controller_phone=01632 960999")
    assert code == 0, output
    assert "updated" in output
    assert "01632 960999" in (folder / "privacy-notice.md").read_text(encoding="utf-8")
    code, output = run("update", folder)
    assert code == 0 and "Nothing changed" in output


def test_edited_docx_is_kept_and_the_new_one_written_beside_it(folder: Path) -> None:
    docx = folder / "privacy-notice.docx"
    docx.write_bytes(docx.read_bytes() + b"edited in Word")
    edited = docx.read_bytes()
    code, output = run("update", folder, "--set", "controller_phone=01632 960999")
    assert code == 4, output
    assert docx.read_bytes() == edited
    beside = folder / "privacy-notice.new.docx"
    assert beside.is_file() and beside.read_bytes()[:2] == b"PK"
    assert "privacy-notice.new.docx" in output
    state = json.loads((folder / ".sharewiz" / "state.json").read_text(encoding="utf-8"))
    # the state records what sharewiz made (now beside), so the next update has nothing new
    assert state["files"]["privacy-notice.docx"] == hashlib.sha256(beside.read_bytes()).hexdigest()


def test_dry_run_shows_a_diff_and_writes_nothing(folder: Path) -> None:
    before = snapshot(folder)
    code, output = run("update", folder, "--set", "controller_phone=01632 960999", "--dry-run")
    assert code == 0, output
    assert f"-{PHONE}" in output and "+- Telephone: 01632 960999" in output
    assert "+  controller_phone: 01632 960999" in output
    assert "would write" in output and "privacy-notice.docx" in output
    assert "nothing was written" in output
    assert snapshot(folder) == before


def git_conflict(path: Path, line: str, theirs: str) -> int:
    """Wrap `line` of `path` in git's conflict markers; return the marker's line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(n for n, text in enumerate(lines) if text.rstrip("\n") == line)
    lines[index : index + 1] = [
        "<<<<<<< HEAD\n",
        lines[index],
        "=======\n",
        theirs + "\n",
        ">>>>>>> colleague\n",
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


@pytest.mark.parametrize(
    ("name", "line", "theirs"),
    [
        ("answers.yaml", "  controller_phone: 01632 960000", "  controller_phone: 01632 960111"),
        ("privacy-notice.md", PHONE, "- Telephone: 01632 960111"),
    ],
)
def test_dry_run_over_git_conflict_markers_names_the_line_and_writes_nothing(
    folder: Path, name: str, line: str, theirs: str
) -> None:
    number = git_conflict(folder / name, line, theirs)
    before = snapshot(folder)
    code, output = run("update", folder, "--set", "controller_phone=01632 960999", "--dry-run")
    assert code == 1, output
    assert f"error: {folder / name}:{number}: still has git conflict markers" in output
    assert "Traceback" not in output and "would write" not in output
    assert snapshot(folder) == before


def test_diff_shows_changed_answers_and_markdown(folder: Path) -> None:
    code, output = run("diff", folder)
    assert code == 0 and "No changes" in output
    edit(
        folder / "answers.yaml", "controller_phone: 01632 960000", "controller_phone: 01632 960999"
    )
    code, output = run("diff", folder)
    assert code == 0
    assert 'answer changed: controller_phone: "01632 960000" -> "01632 960999"' in output
    assert f"-{PHONE}" in output and "+- Telephone: 01632 960999" in output
    assert "(last rendered)" in output


def test_nothing_to_ask_without_a_terminal_proceeds_but_something_to_ask_fails(
    folder: Path,
) -> None:
    edit(folder / "answers.yaml", "  controller_name: Northshire County Council\n", "")
    code, output = run("update", folder)
    assert code == 3
    assert "controller_name" in output and "--set" in output
    code, output = run("update", folder, "--set", "controller_name=Southshire Council")
    assert code == 0, output
    assert "Southshire Council" in (folder / "privacy-notice.md").read_text(encoding="utf-8")


def test_ask_needs_a_terminal_and_a_known_id(folder: Path) -> None:
    code, output = run("update", folder, "--ask", "controller_phone")
    assert code == 3 and "controller_phone" in output
    code, output = run("update", folder, "--ask", "no_such_question")
    assert code == 1 and "unknown question id" in output


def test_an_invalid_answer_is_an_error_without_a_terminal_and_asked_again_at_one(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sharewiz.cli.asking import Wizard

    answers = folder / "answers.yaml"
    edit(answers, "has_dpo: yes", "has_dpo: perhaps")  # the example's own words, copied
    line = answers.read_text(encoding="utf-8").splitlines().index("  has_dpo: perhaps") + 1
    problem = f"{answers}:{line}: has_dpo: answer yes or no, not 'perhaps'"
    code, output = run("update", folder)
    assert code == 1 and problem in output  # the same verdict as render and check
    asked: list[tuple[str, object]] = []

    def fake_ask(self: Wizard, question, context, *, current=None):  # type: ignore[no-untyped-def]
        asked.append((question.id, current))
        return True

    monkeypatch.setenv("SHAREWIZ_FORCE_TTY", "1")
    monkeypatch.setattr(Wizard, "ask", fake_ask)
    monkeypatch.setattr("sharewiz.cli.asking.review.review", lambda wizard: True)
    code, output = run("update", folder)
    assert code == 0, output
    assert f"{problem}: the answer no longer fits; asked again" in output
    assert asked == [("has_dpo", "perhaps")]


def test_unknown_answers_are_reported_never_dropped(folder: Path) -> None:
    edit(folder / "answers.yaml", "answers:\n", "answers:\n  mystery_field: 42\n")
    code, output = run("update", folder)
    assert code == 1
    assert "mystery_field" in output and "rename each" in output


def test_update_needs_a_sharewiz_folder(tmp_path: Path) -> None:
    code, output = run("update", tmp_path)
    assert code == 1 and "no answers.yaml here" in output


@pytest.fixture
def tree_v2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built-in trees with privacy-notice at version 2: one rename, one
    removal and one new question."""
    questions = tmp_path / "questions"
    shutil.copytree(ROOT / "questions", questions)
    path = questions / "privacy-notice.yaml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^version: (\d+)$", text, re.M)
    assert match
    version = int(match.group(1))
    text = text.replace(
        f"version: {version}\n",
        f"version: {version + 1}\nrenamed:\n  service_title: service_name\n",
        1,
    )
    # the tree may already drop answers of its own: old_flag joins them
    if re.search(r"^removed: \[", text, re.M):
        text = re.sub(r"^removed: \[", "removed: [old_flag, ", text, count=1, flags=re.M)
    else:
        text = text.replace("\nrenamed:\n", "\nremoved: [old_flag]\nrenamed:\n", 1)
    text = text.replace(
        "      - include: fragments/document.yaml\n",
        "      - id: service_manager\n"
        "        type: text\n"
        "        required: false\n"
        "        prompt: Who manages the service?\n"
        "        help: The person people can ask about the service.\n"
        "      - include: fragments/document.yaml\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(sharewiz.model.tree, "questions_dir", lambda: questions)
    return questions


def test_older_answers_are_migrated_and_new_questions_asked(folder: Path, tree_v2: Path) -> None:
    answers = folder / "answers.yaml"
    edit(answers, "  service_name:", "  old_flag: yes\n  service_title:")
    code, output = run("update", folder)
    assert code == 3, output  # service_manager is new: it must be asked (or given)
    assert "service_manager" in output
    assert "service_title: renamed to service_name" in output
    assert "old_flag: no longer asked" in output
    code, output = run("update", folder, "--set", "service_manager=Head of Adult Care")
    assert code == 0, output
    saved = answers.read_text(encoding="utf-8")
    version = load_tree(tree_v2 / "privacy-notice.yaml", knowledge=tree_knowledge()).version
    assert f"tree_version: {version}" in saved and "service_name: Adult social care" in saved
    assert "service_title" not in saved and "old_flag" not in saved
    assert "service_manager: Head of Adult Care" in saved
    code, output = run("update", folder)
    assert code == 0 and "Nothing changed" in output


def test_merge_takes_both_sides() -> None:
    base = "a\nb\nc\nd\n"
    clean = merge(base, ours="a\nB\nc\nd\n", theirs="a\nb\nc\nD\n")
    assert clean.text == "a\nB\nc\nD\n" and clean.conflicts == ()
    same = merge(base, ours="a\nB\nc\nd\n", theirs="a\nB\nc\nd\n")
    assert same.text == "a\nB\nc\nd\n" and same.conflicts == ()
    clash = merge(base, ours="a\nB\nc\nd\n", theirs="a\nX\nc\nd\n")
    assert clash.conflicts == (2,)


def test_ask_offers_the_old_answer_and_asks_only_that(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sharewiz.cli.asking import Wizard

    asked: list[tuple[str, object]] = []

    def fake_ask(self: Wizard, question, context, *, current=None):  # type: ignore[no-untyped-def]
        asked.append((question.id, current))
        return "01632 960123"

    monkeypatch.setenv("SHAREWIZ_FORCE_TTY", "1")
    monkeypatch.setattr(Wizard, "ask", fake_ask)
    monkeypatch.setattr("sharewiz.cli.asking.review.review", lambda wizard: True)
    code, output = run("update", folder, "--ask", "controller_phone")
    assert code == 0, output
    assert asked == [("controller_phone", "01632 960000")]
    assert "- Telephone: 01632 960123" in (folder / "privacy-notice.md").read_text(encoding="utf-8")


def test_update_waits_for_no_batch(folder: Path) -> None:
    from sharewiz.sets.lock import locked

    with locked(folder.parent):  # a batch writing into the folder's parent
        code, output = run("update", folder, "--set", "controller_phone=01632 960999")
    assert code == 1 and "being written by another sharewiz" in output
    assert PHONE in (folder / "privacy-notice.md").read_text(encoding="utf-8")


def test_folder_without_a_record_keeps_differing_files(folder: Path) -> None:
    shutil.rmtree(folder / ".sharewiz")
    notice = folder / "privacy-notice.md"
    edit(notice, PHONE, "- Telephone: 01632 960000 (9am to 5pm)")
    code, output = run("update", folder, "--set", "controller_phone=01632 960999")
    assert code == 4, output
    assert "(9am to 5pm)" in notice.read_text(encoding="utf-8")
    assert "01632 960999" in (folder / "privacy-notice.new.md").read_text(encoding="utf-8")


def test_a_document_no_longer_produced_is_left_and_reported(tmp_path: Path) -> None:
    out = tmp_path / "notice"
    code, output = run(
        "render", COUNCIL, "--out", out, "--format", "md", "--set", "audience_includes_children=yes"
    )
    assert code == 0, output
    young = out / "privacy-notice-young-people.md"
    assert young.is_file()
    code, output = run("update", out, "--set", "audience_includes_children=no")
    assert code == 0, output
    assert young.is_file()
    assert (
        "privacy-notice-young-people.md: these answers no longer produce it; left in place"
        in output
    )


def test_a_renamed_question_is_logged_as_renamed_not_added(folder: Path, tree_v2: Path) -> None:
    """Problem 11: renames were logged to partners as "added"."""
    state_file = folder / ".sharewiz" / "state.json"
    state = json.loads(state_file.read_text(encoding="utf-8"))
    # as if rendered when the question was still called service_title
    state["answers"]["service_title"] = state["answers"].pop("service_name")
    state_file.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    code, output = run(
        "update", folder, "--set", "service_manager=Head of Adult Care",
        "--set", "controller_phone=01632 960999",
    )  # fmt: skip
    assert code == 0, output
    assert "Question service_title renamed to service_name" in output
    assert "Service name added" not in output
