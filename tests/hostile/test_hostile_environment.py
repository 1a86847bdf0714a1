"""Every command survives its environment: full disks, bad state files, unwritable homes."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from helpers import deny_writes
from hostile_helpers import DPIA_EXAMPLE, assert_clean_error, run


@pytest.fixture
def rendered(tmp_path: Path) -> Path:
    """A DPIA screening set rendered as Markdown."""
    out = tmp_path / "set"
    result = run("render", DPIA_EXAMPLE, "--format", "md", "--out", out)
    assert result.exit_code == 0, result.output
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_full_disk_during_update_is_one_error_and_leaves_the_set_whole(
    rendered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(rendered)
    real_write = os.write
    calls: list[int] = []

    def full(fd: int, data: bytes) -> int:
        calls.append(fd)
        if len(calls) == 1:  # the lock file: the disk fills while the documents are written
            return real_write(fd, data)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    result = run("update", rendered, "--set", "project_name=Renamed project")
    monkeypatch.undo()
    assert len(calls) > 1, "the update never reached its document writes"
    assert_clean_error(result, str(rendered), "No space left on device", "disk space")
    assert result.output.count("error:") == 1, result.output
    assert snapshot(rendered) == before


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": 1, "kind": "dpia-screening", "answers": 5}',
        b'{"format": 1, "tree_version": "three", "files": [1, 2]}',
        b'{"format": "x"}',
        bytes(range(256)) * 4,
    ],
    ids=["answers-not-mapping", "wrong-types", "format-not-number", "binary"],
)
@pytest.mark.parametrize("command", ["update", "diff", "status"])
def test_a_damaged_state_file_is_a_clear_error(
    content: bytes, command: str, rendered: Path
) -> None:
    state = rendered / ".sharewiz" / "state.json"
    state.write_bytes(content)
    args = [command, rendered] + (["--set", "project_name=Renamed"] if command == "update" else [])
    result = run(*args)
    text = " ".join(result.output.split())
    assert "Traceback" not in text and "internal error" not in text, result.output
    assert "state.json" in text and "cannot read sharewiz's record" in text, result.output
    if command != "status":  # status lists the problem beside the set and carries on
        assert_clean_error(result, str(state), "delete")


@pytest.mark.parametrize("where", ["the-folder-itself", "a-new-folder-inside"])
def test_init_templates_into_a_read_only_folder_copies_nothing(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    target = locked if where == "the-folder-itself" else locked / "custom"
    deny_writes(locked, monkeypatch)
    result = run("init-templates", target)
    assert_clean_error(
        result,
        f"cannot write {target}: Permission denied",
        f"hint: make {locked} writable, or give init-templates another folder",
    )
    monkeypatch.undo()
    assert list(locked.iterdir()) == []


def test_init_templates_where_a_file_stands_names_the_file(tmp_path: Path) -> None:
    blocking = tmp_path / "custom"
    blocking.write_text("a file, not a folder\n", encoding="utf-8")
    result = run("init-templates", blocking / "templates")
    assert_clean_error(result, f"hint: {blocking} is a file where a folder should be: move it")
    assert blocking.read_text(encoding="utf-8") == "a file, not a folder\n"


@pytest.fixture
def wizard_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`new` at a (pretend) terminal; a list recording each time its wizard starts asking."""
    started: list[str] = []
    monkeypatch.setenv("SHAREWIZ_FORCE_TTY", "1")
    monkeypatch.setattr(
        "sharewiz.cli.asking.wizard.Wizard.run", lambda wizard: started.append("asked")
    )
    return started


@pytest.mark.parametrize("where", ["new-folder-inside", "the-folder-itself"])
def test_new_into_a_read_only_folder_stops_before_the_first_question(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wizard_runs: list[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    out = locked / "screening" if where == "new-folder-inside" else locked
    deny_writes(locked, monkeypatch)
    result = run("new", "dpia-screening", "--out", out)
    assert_clean_error(
        result,
        f"error: cannot write {out}: Permission denied",
        f"hint: answers are saved in {out / 'answers.yaml'} as you give them, so nothing was asked",
        f"make {locked} writable, or write somewhere else (--out)",
    )
    assert wizard_runs == [], "a question was asked whose answer could not be kept"
    monkeypatch.undo()
    assert list(locked.iterdir()) == []


def test_new_resume_in_a_folder_now_read_only_asks_nothing(
    rendered: Path, monkeypatch: pytest.MonkeyPatch, wizard_runs: list[str]
) -> None:
    before = snapshot(rendered)
    deny_writes(rendered, monkeypatch)
    result = run("new", "--resume", rendered)
    assert_clean_error(result, f"cannot write {rendered}: Permission denied", "nothing was asked")
    assert wizard_runs == []
    monkeypatch.undo()
    assert snapshot(rendered) == before


def test_new_keeps_the_answers_given_when_its_folder_stops_taking_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "screening"
    monkeypatch.setenv("SHAREWIZ_FORCE_TTY", "1")

    def answer_twice(wizard: Any) -> None:
        wizard.on_answer({"project_name": "Family hub data matching"})
        deny_writes(out, monkeypatch)  # the share goes read-only between two answers
        wizard.on_answer(
            {
                "project_name": "Family hub data matching",
                "controller_name": "Northshire County Council",
            }
        )

    monkeypatch.setattr("sharewiz.cli.asking.wizard.Wizard.run", answer_twice)
    result = run("new", "dpia-screening", "--out", out)
    answers = out / "answers.yaml"
    assert_clean_error(
        result,
        f"cannot write {answers}: Permission denied",
        f"the answers given before this one are saved in {answers}",
        f"continue with `sharewiz new --resume {out}`",
    )
    monkeypatch.undo()
    saved = answers.read_text(encoding="utf-8")
    assert "project_name: Family hub data matching" in saved and "controller_name" not in saved


def test_ctrl_c_between_two_prompts_still_says_how_to_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C before the next prompt reads keys arrives as a bare KeyboardInterrupt."""
    out = tmp_path / "screening"
    monkeypatch.setenv("SHAREWIZ_FORCE_TTY", "1")

    def answer_then_ctrl_c(wizard: Any) -> None:
        wizard.on_answer({"project_name": "Family hub data matching"})
        raise KeyboardInterrupt

    monkeypatch.setattr("sharewiz.cli.asking.wizard.Wizard.run", answer_then_ctrl_c)
    result = run("new", "dpia-screening", "--out", out)
    assert result.exit_code == 130, result.output
    text = " ".join(result.output.split())
    assert "you stopped the wizard before the end" in text
    assert f"continue with: sharewiz new --resume {out}" in text
    assert "project_name: Family hub data matching" in (out / "answers.yaml").read_text("utf-8")


@pytest.mark.parametrize("below", ["", "sub"])
@pytest.mark.parametrize("formats", ["md", "docx,html"])
def test_a_file_given_as_the_set_folder_names_the_file(
    below: str, formats: str, tmp_path: Path
) -> None:
    # render said "cannot read sharewiz's record ... delete afile/.sharewiz/state.json"
    # (or, after a first fix, hit an internal error), and update crashed
    blocking = tmp_path / "afile"
    blocking.write_text("a file, not a folder\n", encoding="utf-8")
    out = blocking / below if below else blocking
    example = DPIA_EXAMPLE.parent / "privacy-notice-council-adult-social-care.yaml"
    result = run("render", example, "--out", out, "--format", formats)
    assert_clean_error(result, f"hint: {blocking} is a file where a folder should be: move it")
    for args in (("update", out), ("update", out, "--dry-run"), ("diff", out)):
        assert_clean_error(run(*args), f"{out}: no answers.yaml here")
    assert blocking.read_text(encoding="utf-8") == "a file, not a folder\n"
