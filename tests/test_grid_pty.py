"""A choice asked of a list's entries on one screen (`across: {grid}`), in a real pty.

The tree is written inline: categories typed as lines, each one's kind on a grid (rows
starting at "personal", the tree's `otherwise`), then, for the special ones, which special
category, on a grid whose rows start not chosen. The tests press the keys an officer
would, are refused at an unchosen row, ask for help, stop with Ctrl-C and resume.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from helpers import build_file_tree, saved, stopped

pyte = pytest.importorskip("pyte")  # the screen as a terminal shows it (a dev dependency)
from wizard_driver import PtyScreen  # noqa: E402 - needs pyte

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

PTY_SIZE = (24, 80)
UP, DOWN, RIGHT, LEFT = "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D"
TREE = """
id: categories
version: 1
title: Categories record
description: Categories of information, to exercise a choice asked on one screen.
documents:
  - id: categories
    template: categories/categories.md.j2
    title: Categories
sections:
  - id: main
    title: Categories
    questions:
      - id: data_categories
        type: group
        prompt: What information do you hold?
        help: One entry per category.
        item_name: category
        item_label: "{{ name }}"
        min: 2
        as_lines: Categories of information
        questions:
          - id: name
            type: text
            prompt: Category
            help: A category of information.
          - id: category
            type: choice
            prompt: What kind of data is it?
            help: Special category data needs an Art 9(2) condition.
            citation: UK GDPR Art 9(1), Art 10
            choices:
              - value: personal
                label: Personal data (neither of the others)
              - value: special_category
                label: Special category data
                citation: UK GDPR Art 9(1)
              - value: criminal_offence
                label: Criminal offence data
                citation: UK GDPR Art 10
            across:
              grid: What kind of data is each of these categories?
              otherwise: personal
          - id: special_category_type
            type: choice
            prompt: Which special category?
            help: Choose the category this information falls into.
            citation: UK GDPR Art 9(1)
            when: category == 'special_category'
            choices:
              - value: health
                label: Data concerning health
              - value: ethnic_origin
                label: Racial or ethnic origin
              - value: biometric
                label: Biometric data used to identify people
            across:
              grid: Which special category is each of these?
"""
TEMPLATE = """{% for c in data_categories %}- {{ c.name }}: {{ c.category }}\
{% if c.special_category_type %} ({{ c.special_category_type }}){% endif %}
{% endfor %}"""
LINES = [
    "Names and addresses of pupils and their parents or carers with emergency numbers",
    "Medical conditions and medication",
    "Ethnicity",
    "Exclusions involving the police",
]


class Seen:
    """What the terminal shows: prompt_toolkit redraws only the cells that change, so the
    screen is kept as a terminal keeps it (pyte) and searched as text."""

    def __init__(self, tui: pexpect.spawn, size: tuple[int, int]) -> None:
        self.tui = tui
        self.screen = PtyScreen(size[1], size[0], tui)
        self.stream = pyte.Stream(self.screen)

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def expect(self, pattern: str, timeout: float = 20) -> None:
        """Wait until `pattern` (a regular expression) is on the screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.stream.feed(self.tui.read_nonblocking(65536, timeout=0.1))
            except pexpect.TIMEOUT:
                pass
            if re.search(pattern, " ".join(self.text().split())):  # wrapped lines joined
                return
        raise AssertionError(f"{pattern!r} not on the screen:\n{self.text()}")


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    return build_file_tree(
        tmp_path / "custom",
        {"questions/categories.yaml": TREE, "templates/categories/categories.md.j2": TEMPLATE},
    )


def test_a_grid_is_answered_refused_helped_and_resumed_at_the_same_screen(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "set"
    tui = spawn(
        "new", "categories", "--templates", str(custom), "--out", str(out), "--format", "md"
    )
    tui.expect("one per line")
    tui.send("".join(line + "\r" for line in LINES) + "\r")
    seen = Seen(tui, PTY_SIZE)
    seen.expect(r"What kind of data is each of these categories\? .*Enter when done; \? for help")
    # each row starts at the tree's `otherwise`; the long label is cut in the table ("…")
    # and shown whole, with its choice, under it
    seen.expect(r" » Names and addresses of pupil… +Personal data \(neither of the others\)")
    seen.expect(r"with emergency numbers: Personal data \(neither of the others\)")
    tui.send(DOWN + RIGHT)  # medical conditions: special category, its law under the table
    seen.expect(r"Medical conditions and medication: Special category data \(UK GDPR Art 9\(1\)\)")
    tui.send(DOWN + " ")  # ethnicity: Space changes it too
    seen.expect(r"Ethnicity: Special category data \(UK GDPR Art 9\(1\)\)")
    tui.send(DOWN + LEFT)  # exclusions: back round to criminal offence data
    seen.expect(r"Exclusions involving the police: Criminal offence data \(UK GDPR Art 10\)")
    tui.send("?")  # the field's help and law, then the grid again as it was
    seen.expect(r"Law: UK GDPR Art 9\(1\), Art 10")
    seen.expect(r"Exclusions involving the police: Criminal offence data \(UK GDPR Art 10\)")
    tui.send("\r")
    seen.expect("Which special category is each of these")  # only the two special ones
    seen.expect(r"Medical conditions and medication: not chosen yet \(← or → to choose\)")
    assert "Names and addresses" not in seen.text().split("Which special category")[-1]
    stopped(tui)  # the kinds were saved when the first grid was accepted
    kinds = [c.get("category") for c in saved(out)["data_categories"]]  # type: ignore[union-attr]
    assert kinds == ["personal", "special_category", "special_category", "criminal_offence"]

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    seen = Seen(tui, PTY_SIZE)
    seen.expect("Which special category is each of these")  # the same screen, nothing assumed
    seen.expect(r"Medical conditions and medication: not chosen yet \(← or → to choose\)")
    tui.send(RIGHT + "\r")  # Enter with a row not chosen: refused, naming it
    seen.expect(r"Choose for each row first \(← or →\): Ethnicity\.")
    seen.expect(r"Ethnicity: not chosen yet")  # the refused row is highlighted
    tui.send(RIGHT + RIGHT + "\r")
    seen.expect("What next")
    tui.send("\r")  # Write the documents
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 0
    entries = saved(out)["data_categories"]
    assert [(c["category"], c.get("special_category_type")) for c in entries] == [  # type: ignore[union-attr]
        ("personal", None), ("special_category", "health"),
        ("special_category", "ethnic_origin"), ("criminal_offence", None),
    ]  # fmt: skip


def test_a_grid_taller_than_the_screen_scrolls_and_reads_at_150_columns(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "set"
    tui = spawn("new", "categories", "--templates", str(custom), "--out", str(out),
                "--format", "md", size=(24, 150))  # fmt: skip
    tui.expect("one per line")
    names = [f"Category number {n} with a long descriptive name" for n in range(1, 31)]
    tui.send("".join(name + "\r" for name in names) + "\r")
    seen = Seen(tui, (24, 150))
    seen.expect(r"Rows 1-\d+ of 30: ↓ for more")
    tui.send(DOWN * 29 + RIGHT)  # the last row, scrolled into view
    seen.expect(r"Category number 30 with a long descriptive name: Special category data")
    seen.expect(r"Rows \d+-30 of 30: ↑ for earlier")
    tui.send(UP * 29 + "\r")
    seen.expect(r"Which special category\? \(arrow keys")  # one entry: asked as usual
    stopped(tui)
    kinds = [c.get("category") for c in saved(out)["data_categories"]]  # type: ignore[union-attr]
    assert kinds == ["personal"] * 29 + ["special_category"]


SAME_TREE = """
id: purposes
version: 1
title: Purposes record
description: Purposes, to exercise one answer for all or a grid when they differ.
documents:
  - id: purposes
    template: purposes/purposes.md.j2
    title: Purposes
sections:
  - id: main
    title: Purposes
    questions:
      - id: purposes
        type: group
        prompt: What do you use the information for?
        help: One entry per purpose.
        item_name: purpose
        item_label: "{{ name }}"
        min: 2
        as_lines: Purposes
        questions:
          - id: name
            type: text
            prompt: Purpose
            help: In plain words.
          - id: basis
            type: choice
            prompt: Lawful basis for this purpose
            help: Choose the Art 6(1) basis that fits.
            citation: UK GDPR Art 6(1)
            choices:
              - value: public_task
                label: Public task
                citation: UK GDPR Art 6(1)(e)
              - value: legal_obligation
                label: Legal obligation
                citation: UK GDPR Art 6(1)(c)
            across:
              same: What is the lawful basis of each of these purposes?
"""


def test_it_differs_shows_a_grid_of_those_entries_and_resume_returns_to_it(
    spawn: Callable[..., pexpect.spawn], tmp_path: Path
) -> None:
    custom = build_file_tree(tmp_path / "custom", {
        "questions/purposes.yaml": SAME_TREE,
        "templates/purposes/purposes.md.j2": "{% for p in purposes %}{{ p.basis }} {% endfor %}",
    })  # fmt: skip
    out = tmp_path / "set"
    tui = spawn("new", "purposes", "--templates", str(custom), "--out", str(out), "--format", "md")
    tui.expect("one per line")
    tui.send("To teach\rTo report to the Department\r\r")
    tui.expect("What is the lawful basis of each of these purposes")
    tui.expect("It differs between them")
    tui.send("\r")  # first: Enter by habit asserts nothing
    seen = Seen(tui, PTY_SIZE)
    seen.expect(r"What is the lawful basis of each of these purposes\? .*Enter when done")
    seen.expect(r"To teach: not chosen yet \(← or → to choose\)")
    stopped(tui)  # nothing of the grid is assumed
    assert all(p.get("basis") is None for p in saved(out)["purposes"])  # type: ignore[union-attr]

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    seen = Seen(tui, PTY_SIZE)
    seen.expect(r"To teach: not chosen yet")  # the grid again, not the pick list
    assert "It differs" not in seen.text()
    tui.send(RIGHT + DOWN + LEFT + "\r")
    seen.expect("What next")
    stopped(tui)
    assert [p["basis"] for p in saved(out)["purposes"]] == [  # type: ignore[index, union-attr]
        "public_task", "legal_obligation"]  # fmt: skip
