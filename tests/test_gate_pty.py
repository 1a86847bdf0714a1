"""The findings gate in the real wizard: findings on the review screen, an explicit
choice to write with errors, and a draft banner on what is written (issue 13)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pexpect
import pytest

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

ROOT = Path(__file__).resolve().parent.parent
DOWN, UP = "\x1b[B", "\x1b[A"


def _start(tmp_path: Path, timeout: float, *args: str) -> pexpect.spawn:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "xterm", "NO_COLOR": "1",
           "SHAREWIZ_HOME": str(tmp_path / "config"),
           "SHAREWIZ_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT / "src")}  # fmt: skip
    return pexpect.spawn(sys.executable, ["-m", "sharewiz", *args], env=env, cwd=str(tmp_path),
                         dimensions=(40, 100), timeout=timeout, encoding="utf-8")  # fmt: skip


def _to_review(tui: pexpect.spawn) -> str:
    """Accept each remaining question's default until the review's "What next?"."""
    seen = ""
    for _ in range(40):
        try:
            tui.expect(r"What next\?", timeout=4)
            return seen + tui.before
        except pexpect.TIMEOUT:
            seen += tui.before
            tui.send("\r")
    raise AssertionError("the review screen never came:\n" + seen[-2000:])


def test_error_findings_are_shown_before_writing_and_need_an_explicit_choice(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # A council relying on legitimate interests for its tasks: an error-level finding.
    example = (ROOT / "examples" / "privacy-notice-charity-food-bank.yaml").read_text()
    (tmp_path / "notice.yaml").write_text(
        example.replace("controller_type: charity", "controller_type: local_authority")
    )
    timeout = float(request.config.getoption("--spawn-timeout"))
    tui = _start(tmp_path, timeout, "new", "--answers", "notice.yaml", "--out", "out")
    screen = _to_review(tui)
    assert re.search(r"The checks found \d+ errors?", screen), screen[-600:]  # summed up...
    tui.expect("Show the findings")
    tui.send(DOWN + "\r")  # ...and listed, with their fixes, one choice away
    tui.expect("Which finding do you want to fix")
    assert "error LB-PUBLIC-AUTHORITY-LI" in tui.before and "Fix:" in tui.before
    tui.expect("back to the review")
    tui.send(UP + "\r")  # the list wraps: up from the first is "(back to the review)"
    tui.expect(r"What next\?")
    assert not (tmp_path / "out" / "privacy-notice.md").exists()

    tui.send("\r")  # "Write the documents"
    tui.expect(r"Write the documents anyway\?")
    tui.send("\r")  # the default is to go back and fix them
    tui.expect(r"What next\?")
    assert not (tmp_path / "out" / "privacy-notice.md").exists()

    tui.send("\r")
    tui.expect(r"Write the documents anyway\?")
    tui.send(DOWN)
    tui.send("\r")  # "Yes, write them with the errors"
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 7  # ExitCode.DRAFT, as `render` reports it
    notice = (tmp_path / "out" / "privacy-notice.md").read_text()
    assert "Draft: does not pass" in notice
