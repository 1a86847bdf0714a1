"""A yes/no whose answer would be a legal conclusion has no default: the officer types y
or n, then Enter, and the answer is echoed as the word ("Yes", "No"), as an answer taken
by default is, in a real pty."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from helpers import build_file_tree, saved, stopped

pytest.importorskip("pyte")  # the screen as a terminal shows it (a dev dependency)
from test_grid_pty import PTY_SIZE, Seen  # noqa: E402 - needs pyte

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

TREE = """
id: decided
version: 1
title: Decisions record
description: Two yes/no questions without a default, to exercise their echo.
documents:
  - id: decided
    template: decided/decided.md.j2
    title: Decisions
sections:
  - id: main
    title: Decisions
    questions:
      - id: statutory
        type: yes_no
        prompt: Is this part of the functions the law gives you?
        help: A legal conclusion, so no default.
      - id: contact
        type: yes_no
        prompt: Do you use it to contact people?
        help: A legal conclusion, so no default.
      - id: name
        type: text
        prompt: Your name?
        help: Anything.
"""


def test_a_typed_y_or_n_is_echoed_as_yes_or_no(
    spawn: Callable[..., pexpect.spawn], tmp_path: Path
) -> None:
    custom = build_file_tree(tmp_path / "custom", {
        "questions/decided.yaml": TREE,
        "templates/decided/decided.md.j2": "{{ statutory }} {{ contact }}",
    })  # fmt: skip
    out = tmp_path / "set"
    tui = spawn("new", "decided", "--templates", str(custom), "--out", str(out), "--format", "md")
    seen = Seen(tui, PTY_SIZE)
    seen.expect(r"functions the law gives you\? \(y/n, then Enter\)")
    tui.send("\r")  # Enter alone does not answer: no default
    seen.expect("Type y for yes or n for no, then Enter.")
    tui.send("y\r")
    seen.expect(r"Do you use it to contact people\?")
    tui.send("N\r")
    seen.expect(r"Your name\?")
    assert "the law gives you? Yes" in seen.text()
    assert "contact people? No" in seen.text()
    stopped(tui)
    assert saved(out) == {"statutory": "true", "contact": "false"}  # as the file reads
