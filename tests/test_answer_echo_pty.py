"""An answer echoed under its question ("? Question Answer") longer than the terminal wraps
at words with its later lines hanging under the answer, never back at the first column,
where they read as a new line of the wizard's; under the question's text where the
question takes more than half the width. So does a tick list's echo (the labels ticked).
In a real pty, 80 columns wide.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from helpers import build_file_tree, stopped

pytest.importorskip("pyte")  # the screen as a terminal shows it (a dev dependency)
from test_grid_pty import Seen  # noqa: E402 - needs pyte

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

PTY_SIZE = (30, 80)
TREE = """
id: echoed
version: 1
title: Echoes
description: Long answers, to exercise their echo.
documents:
  - id: echoed
    template: echoed/echoed.md.j2
    title: Echoes
sections:
  - id: main
    title: Echoes
    questions:
      - id: signs
        type: text
        prompt: Who signs?
        help: Anything.
      - id: purpose
        type: text
        prompt: What do you use the information for, in the words the notice will print them?
        help: Anything.
      - id: kinds
        type: multi
        prompt: Which kinds?
        help: Anything.
        choices:
          - value: one
            label: Contact details such as name, address, telephone number and email
          - value: two
            label: Health and social care records kept by the adult social care team
      - id: last
        type: text
        prompt: Last?
        help: Anything.
"""
SIGNS = ("Priya Raman: Director of Resources; Dr Ade Bello: Caldicott Guardian; "
         "Sam Okoro: Head of Information Governance")  # fmt: skip
PURPOSE = "To assess and meet the care and support needs of adults under the Care Act 2014"


def rows_from(text: str, start: str) -> list[str]:
    """The screen's lines from the one starting `start` to the next question's (its "? "
    or the line of its law, "? for help")."""
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith(start))
    end = next(
        (
            n
            for n in range(first + 1, len(lines))
            if lines[n].startswith("? ") or "? for help" in lines[n]
        ),
        None,
    )
    return [line for line in lines[first:end] if line.strip()]


def test_a_long_answers_echo_hangs_under_the_answer(
    spawn: Callable[..., pexpect.spawn], tmp_path: Path
) -> None:
    custom = build_file_tree(tmp_path / "custom", {
        "questions/echoed.yaml": TREE, "templates/echoed/echoed.md.j2": "{{ signs }}",
    })  # fmt: skip
    tui = spawn("new", "echoed", "--templates", str(custom), "--out", str(tmp_path / "set"),
                "--format", "md")  # fmt: skip
    seen = Seen(tui, PTY_SIZE)
    seen.expect(r"Who signs\?")
    tui.send(SIGNS + "\r")
    seen.expect(r"What do you use the information for")
    tui.send(PURPOSE + "\r")
    seen.expect(r"Which kinds\?")
    tui.send(" \x1b[B \r")  # both ticked
    seen.expect(r"Last\?")
    text = seen.text()
    # the answer starts after "? Who signs? ": its later lines start there too
    signs = rows_from(text, "? Who signs?")
    assert len(signs) > 1 and all(re.match(r" {13}\S", row) for row in signs[1:]), signs
    assert " ".join(" ".join(signs).split()) == f"? Who signs? {SIGNS}"
    # a question of more than half the width: its later lines under the question's text
    purpose = rows_from(text, "? What do you use")
    assert len(purpose) > 1 and all(re.match(r"  \S", row) for row in purpose[1:]), purpose
    assert " ".join(" ".join(purpose).split()).endswith(PURPOSE)
    # a tick list's echo: the labels ticked, hanging under the first
    kinds = rows_from(text, "? Which kinds?")
    assert len(kinds) > 1 and all(re.match(r" {15}\S", row) for row in kinds[1:]), kinds
    assert all(len(row) <= 80 for row in [*signs, *purpose, *kinds])
    stopped(tui)
