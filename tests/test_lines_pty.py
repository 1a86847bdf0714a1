"""A new list typed as lines (`as_lines:`), in the real wizard in a pseudo-terminal.

The tree is written inline: a list of sources typed a line each, what each gives after a
colon, whether each is a public register ticked across the list. The tests type the
lines as a person would, stop the wizard with Ctrl-C, resume it, and reopen the list
from the review.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from helpers import build_file_tree, saved, stopped

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

ROOT = Path(__file__).resolve().parent.parent
DOWN, CTRL_C = "\x1b[B", "\x03"
LINES = 'Sources, what each gives after a colon ("Schools: attendance")'
TREE = f"""
id: sources
version: 1
title: Sources record
description: Where information comes from, to exercise lists typed as lines.
documents:
  - id: sources
    template: sources/sources.md.j2
    title: Sources
sections:
  - id: main
    title: Sources
    questions:
      - id: sources
        type: group
        prompt: Who do you receive the information from?
        help: Name each organisation that sends you information.
        citation: UK GDPR Art 14(2)(f)
        item_name: source
        item_label: "{{{{ name }}}}"
        min: 2
        max: 4
        as_lines: '{LINES}'
        questions:
          - id: name
            type: text
            prompt: Source
            help: An organisation or a type of source.
            split_at_colon: what
          - id: what
            type: text
            prompt: What do they give you?
            help: Briefly, e.g. "attendance".
          - id: public
            type: yes_no
            prompt: Is it a public register?
            help: Such as the electoral register.
            default: false
            across:
              ticks:
                - value: yes
                  prompt: Which of these are public registers?
              otherwise: no
      - id: notes
        type: text
        prompt: Anything else?
        help: Optional.
        required: false
"""


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    template = "{% for s in sources %}- {{ s.name }}: {{ s.what }}\n{% endfor %}"
    return build_file_tree(
        tmp_path / "custom",
        {"questions/sources.yaml": TREE, "templates/sources/sources.md.j2": template},
    )


def test_a_list_typed_as_lines_survives_ctrl_c_and_reopens_on_its_menu(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "set"
    tui = spawn("new", "sources", "--templates", str(custom), "--out", str(out), "--format", "md")
    tui.expect("Who do you receive the information from")
    tui.expect("one per line; press Enter on an empty line to finish")
    stopped(tui)  # during the lines: only they are lost, and nothing was saved
    assert "sources" not in saved(out)

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("one per line; press Enter on an empty line to finish")  # the lines again
    tui.send("  Schools: attendance  \r\r")  # one line is too few: said, the line kept
    tui.expect("Type at least 2 sources, one per line; there is 1.")
    tui.send("\rSchools\r\r")  # a name twice: refused, naming the line
    tui.expect(r"Line 2 \(Schools\) repeats line 1")
    tui.send("\x7f" * len("Schools") + "GP practices\r\r")
    tui.expect("Source 2: GP practices")  # a line without a colon: its field asked alone
    tui.expect("What do they give you")
    stopped(tui)  # after the lines: every entry was saved at once
    assert saved(out)["sources"] == [
        {"name": "Schools", "what": "attendance"},  # trimmed, split at the colon
        {"name": "GP practices"},
    ]

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("What do they give you")  # the next field, not the lines again
    tui.send("referrals\r")
    tui.expect("Which of these are public registers")  # the rest as after any list
    stopped(tui)  # at a tick list across the entries: read back, none of them is answered

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("Which of these are public registers")  # asked again, not skipped
    tui.send("\r")  # none ticked
    tui.expect("Anything else")
    tui.send("\r")
    tui.expect("What next")
    tui.send(DOWN + "\r")  # See or change section 1
    tui.expect("Which answer do you want to change")
    tui.send("\r")  # the sources
    tui.expect("Add a source")  # a list with entries opens on its menu, not the lines
    tui.expect("2. GP practices")
    tui.send(DOWN + "\r")  # Done
    tui.expect("What next")
    tui.send("\r")  # Write the documents
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 0
    assert saved(out)["sources"] == [
        {"name": "Schools", "what": "attendance", "public": "false"},
        {"name": "GP practices", "what": "referrals", "public": "false"},
    ]
    assert (out / "sources.md").read_text() == "- Schools: attendance\n- GP practices: referrals\n"
