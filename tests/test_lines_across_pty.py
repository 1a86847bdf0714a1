"""A field of a list's entries typed a line each (`across: {lines}`), in the real wizard.

The tree is written inline: a list of sources typed as lines, then how long each is kept,
one line per source, how it is deleted after a colon. The test types the lines as a
person would, is refused a wrong count with the lines kept, stops the wizard with Ctrl-C
in the prompt and after it, and resumes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from helpers import build_file_tree, saved, stopped

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

TREE = """
id: kept
version: 1
title: Retention record
description: How long each source's information is kept, typed a line each.
documents:
  - id: kept
    template: kept/kept.md.j2
    title: Kept
sections:
  - id: main
    title: Kept
    questions:
      - id: sources
        type: group
        prompt: Who do you receive the information from?
        help: Name each organisation that sends you information.
        item_name: source
        item_label: "{{ name }}"
        min: 2
        as_lines: Sources, one a line
        questions:
          - id: name
            type: text
            prompt: Source
            help: An organisation.
          - id: period
            type: text
            prompt: How long is it kept?
            help: A period and what starts it.
            citation: UK GDPR Art 5(1)(e)
            split_at_colon: deletion
            across:
              lines: How long is each source's information kept? How it is deleted may follow a colon.
          - id: deletion
            type: text
            prompt: How is it deleted?
            help: For example "deleted from the case system".
"""


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    template = (
        "{% for s in sources %}- {{ s.name }}: {{ s.period }}, {{ s.deletion }}\n{% endfor %}"
    )
    return build_file_tree(
        tmp_path / "custom",
        {"questions/kept.yaml": TREE, "templates/kept/kept.md.j2": template},
    )


def test_a_field_typed_a_line_per_entry_survives_ctrl_c(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "set"
    tui = spawn("new", "kept", "--templates", str(custom), "--out", str(out), "--format", "md")
    tui.expect("Sources, one a line")
    tui.send("Schools\rGP practices\r\r")
    tui.expect("One line for each of these, in this order:")
    tui.expect("1. Schools")
    tui.expect("2. GP practices")
    tui.expect(r"UK GDPR Art 5\(1\)\(e\) · \? for help")  # its law, as every prompt says
    tui.expect("How long is each source's information kept")
    tui.send("?\r\r")  # `?` alone: the field's help, then the prompt again
    tui.expect("A period and what starts it")
    tui.expect("How long is each source's information kept")
    stopped(tui)  # in the prompt: the sources are kept, no period is saved
    assert saved(out)["sources"] == [{"name": "Schools"}, {"name": "GP practices"}]

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("One line for each of these, in this order:")  # again, nothing assumed
    tui.expect("How long is each source's information kept")
    tui.send("6 years: deleted from the case system\r\r")  # one line for two: refused
    tui.expect(r"Type 2 lines, one for each of them in the order shown; there is 1\.")
    tui.send("\r2. until the child is 25\r\r")  # the line kept: the second added under it
    tui.expect("Source 2: GP practices")  # its line had no colon: how it is deleted, asked
    tui.expect("How is it deleted")
    stopped(tui)  # after the prompt: every period was saved at once
    assert saved(out)["sources"] == [
        {"name": "Schools", "period": "6 years", "deletion": "deleted from the case system"},
        {"name": "GP practices", "period": "until the child is 25"},
    ]

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("How is it deleted")  # the one field left, not the lines again
    tui.send("shredded\r")
    tui.expect("What next")
    tui.send("\r")  # Write the documents
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 0
    assert (out / "kept.md").read_text() == (
        "- Schools: 6 years, deleted from the case system\n"
        "- GP practices: until the child is 25, shredded\n"
    )
