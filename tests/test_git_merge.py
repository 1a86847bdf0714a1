"""Sets in git (issue 15, problem 9): two colleagues change different answers of one set
in two clones; after `git merge`, `sharewiz update` regenerates the derived files and
state from the merged answers, and nothing either of them did is lost."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sharewiz.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
COUNCIL = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
runner = CliRunner()
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd),
    }  # fmt: skip
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=check, capture_output=True, text=True
    )


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [*map(str, args)])
    return result.exit_code, result.output


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path]:
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    code, output = run("render", COUNCIL, "--out", origin / "notice", "--format", "md,docx")
    assert code == 0, output
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "rendered")
    one, two = tmp_path / "one", tmp_path / "two"
    git(tmp_path, "clone", "-q", str(origin), str(one))
    git(tmp_path, "clone", "-q", str(origin), str(two))
    return one, two


def test_one_answer_changes_few_files(clones: tuple[Path, Path]) -> None:
    one, _ = clones
    code, output = run("update", one / "notice", "--set", "controller_phone=01632 960999")
    assert code == 0, output
    changed = git(one, "status", "--porcelain").stdout.split("\n")
    names = sorted(line[3:] for line in changed if line)
    # the answers, the documents that show the phone (each in md and docx), the state,
    # and the merge bases of those documents
    assert "notice/answers.yaml" in names and "notice/.sharewiz/state.json" in names
    assert all(
        name.startswith(("notice/privacy-notice", "notice/.sharewiz/"))
        or name == "notice/answers.yaml"
        for name in names
    ), names
    diff = git(one, "diff", "--", "notice/answers.yaml").stdout
    assert [line for line in diff.splitlines() if line.startswith(("+ ", "- ", "+  ", "-  "))]
    assert "01632 960999" in diff


def test_two_colleagues_merge_in_git_and_update_regenerates(clones: tuple[Path, Path]) -> None:
    one, two = clones
    notice_one = one / "notice" / "privacy-notice.md"
    text = notice_one.read_text(encoding="utf-8")
    notice_one.write_text(
        text.replace("## Automated decisions\n", "## Automated decisions\n\nOne's clause.\n", 1),
        encoding="utf-8",
    )
    code, output = run("update", one / "notice", "--set", "controller_phone=01632 960999")
    assert code == 0, output
    git(one, "commit", "-q", "-am", "phone")
    code, output = run("update", two / "notice", "--set", "service_name=Adult care reviews")
    assert code == 0, output
    git(two, "commit", "-q", "-am", "service name")
    git(one, "pull", "-q", "--no-rebase", str(two), "main", check=False)  # derived files conflict
    conflicted = git(one, "diff", "--name-only", "--diff-filter=U").stdout.split()
    assert "notice/.sharewiz/state.json" in conflicted  # both sides made a version 1.1
    answers = (one / "notice" / "answers.yaml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in answers  # different answers: git merges them
    assert "01632 960999" in answers and "Adult care reviews" in answers
    code, output = run("update", one / "notice")
    assert code == 0, output
    text = notice_one.read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    assert "01632 960999" in text and "Adult care reviews" in text and "One's clause." in text
    state = (one / "notice" / ".sharewiz" / "state.json").read_text(encoding="utf-8")
    assert "<<<<<<<" not in state and "Adult care reviews" in state
    from docx_helpers import dump

    word = "\n".join(dump((one / "notice" / "privacy-notice.docx").read_bytes()))
    assert "Adult care reviews" in word and "01632 960999" in word
    git(one, "add", "-A")
    git(one, "commit", "-q", "-m", "merged and regenerated")
    # a second update after the merge has nothing to do
    code, output = run("update", one / "notice")
    assert code == 0 and "Nothing changed" in output, output
    assert git(one, "status", "--porcelain").stdout == ""
    assert str(one) not in state and str(two) not in state  # no absolute path in the set
