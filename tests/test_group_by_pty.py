"""A `covers:` list made from grids (`group_by:`), in a real pty.

The tree is written inline: special category items typed as lines, then a screen with a
row per item, each given its Art 9(2) condition; the items given the same condition make
one entry. A second screen gives each item whose condition needs one its Schedule 1
Part 2 condition, splitting an entry whose items are given different ones; one such item
alone is asked as usual. The tests press the keys an officer would, are refused at rows
not chosen, stop with Ctrl-C at each screen and after them, and resume.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from helpers import build_file_tree, saved, stopped

pytest.importorskip("pyte")  # the screen as a terminal shows it (a dev dependency)
from test_grid_pty import DOWN, PTY_SIZE, RIGHT, Seen  # noqa: E402 - needs pyte

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

TREE = """
id: conditions
version: 1
title: Conditions record
description: Special category items and their conditions, to exercise a list made from a grid.
documents:
  - id: conditions
    template: conditions/conditions.md.j2
    title: Conditions
sections:
  - id: main
    title: Conditions
    questions:
      - id: items
        type: group
        prompt: Which special category information do you use?
        help: One entry per item.
        item_name: item
        item_label: "{{ name }}"
        min: 1
        as_lines: Special category information
        questions:
          - id: name
            type: text
            prompt: Item
            help: An item of special category information.
      - id: conditions
        type: group
        prompt: Which Art 9(2) conditions do you rely on?
        help: Each item needs a condition.
        citation: UK GDPR Art 9(2)
        item_name: condition
        item_label: "{{ covered }}"
        min: 1
        covers: covered
        group_by:
          - {field: condition, grid: Which condition lets you use each of these?}
          - {field: part2, grid: Which Part 2 condition do you meet for each of these?}
        questions:
          - id: covered
            type: multi
            prompt: For which information?
            help: Pick the items this condition covers.
            choices_expr: "items | map(attribute='name') | list"
          - id: condition
            type: choice
            prompt: Which Art 9(2) condition?
            help: The condition in Art 9(2) that lets you use the information.
            citation: UK GDPR Art 9(2)
            choices:
              - {value: explicit_consent, label: Explicit consent, citation: UK GDPR Art 9(2)(a)}
              - value: substantial_public_interest
                label: Substantial public interest
                citation: UK GDPR Art 9(2)(g)
          - id: part2
            type: choice
            prompt: Which Part 2 condition do you meet?
            help: Condition (g) needs one (DPA 2018 s10(3)).
            citation: DPA 2018 s10(3)
            when: condition == 'substantial_public_interest'
            choices:
              - {value: statutory, label: Statutory and government purposes}
              - {value: safeguarding, label: Safeguarding of children and individuals at risk}
"""
TEMPLATE = """{% for c in conditions %}
- {{ c.covered | join(', ') }}: {{ c.condition }}{{ " (" ~ c.part2 ~ ")" if c.part2 }}
{% endfor %}"""


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    return build_file_tree(
        tmp_path / "custom",
        {"questions/conditions.yaml": TREE, "templates/conditions/conditions.md.j2": TEMPLATE},
    )


def _start(spawn: Callable[..., pexpect.spawn], custom: Path, out: Path, lines: str) -> Seen:
    tui = spawn(
        "new", "conditions", "--templates", str(custom), "--out", str(out), "--format", "md"
    )
    tui.expect("one per line")
    tui.send(lines)
    return Seen(tui, PTY_SIZE)


def test_items_given_the_same_answers_make_one_entry_and_different_ones_split_it(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "set"
    seen = _start(spawn, custom, out, "Medical conditions\rEthnicity\rFingerprints\rAllergies\r\r")
    seen.expect(r"Which condition lets you use each of these\? .*Enter when done; \? for help")
    seen.expect(r"Medical conditions: not chosen yet \(← or → to choose\)")  # nothing assumed
    seen.tui.send("\r")  # refused: no row has a condition yet
    seen.expect(r"Choose for each row first \(← or →\): Medical conditions")
    # medical conditions, ethnicity and allergies: (g); fingerprints: (a), its law shown
    seen.tui.send(RIGHT + RIGHT + DOWN + RIGHT + RIGHT + DOWN + RIGHT)
    seen.expect(r"Fingerprints: Explicit consent \(UK GDPR Art 9\(2\)\(a\)\)")
    seen.tui.send(DOWN + RIGHT + RIGHT + "\r")
    seen.expect(r"Which Part 2 condition do you meet for each of these\?")  # the (g) items
    seen.expect(r"Medical conditions: not chosen yet")
    assert "Fingerprints  " not in seen.text().split("Which Part 2")[-1]
    stopped(seen.tui)  # the first screen's entries were saved when it was accepted
    assert saved(out)["conditions"] == [
        {"covered": ["Medical conditions", "Ethnicity", "Allergies"],
         "condition": "substantial_public_interest"},
        {"covered": ["Fingerprints"], "condition": "explicit_consent"},
    ]  # fmt: skip

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    seen = Seen(tui, PTY_SIZE)
    seen.expect(r"Which Part 2 condition do you meet for each of these\?")  # the same screen
    seen.expect(r"Medical conditions: not chosen yet")
    # medical conditions and allergies: statutory; ethnicity: safeguarding
    tui.send(RIGHT + DOWN + RIGHT + RIGHT + DOWN + RIGHT + "\r")
    seen.expect("What next")
    tui.send("\r")  # Write the documents
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 0
    assert (out / "conditions.md").read_text(encoding="utf-8") == (
        "- Medical conditions, Allergies: substantial\\_public\\_interest (statutory)\n"
        "- Ethnicity: substantial\\_public\\_interest (safeguarding)\n"
        "- Fingerprints: explicit\\_consent\n"
    )


def test_ctrl_c_at_the_grid_keeps_nothing_of_it_and_resume_shows_it_again(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "set"
    seen = _start(spawn, custom, out, "Medical conditions\rEthnicity\r\r")
    seen.expect(r"Medical conditions: not chosen yet")
    seen.tui.send(RIGHT)  # a choice made, not yet accepted with Enter
    seen.expect(r"Medical conditions: Explicit consent")
    stopped(seen.tui)
    assert "conditions" not in saved(out)  # nothing of the grid is assumed
    assert [i["name"] for i in saved(out)["items"]] == ["Medical conditions", "Ethnicity"]  # type: ignore[index, union-attr]

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    seen = Seen(tui, PTY_SIZE)
    seen.expect(r"Which condition lets you use each of these\?")
    seen.expect(r"Medical conditions: not chosen yet")
    tui.send(RIGHT + RIGHT + DOWN + RIGHT + "\r")  # (g) and (a): one item needs Part 2
    seen.expect(r"2 conditions: items given the same answers share one")
    seen.expect(r"Condition 1: Medical conditions")
    seen.expect(r"Which Part 2 condition do you meet\? \(arrow keys")  # asked as usual
    tui.send("\r")
    seen.expect("What next")
    stopped(tui)
    assert saved(out)["conditions"] == [
        {"covered": ["Medical conditions"], "condition": "substantial_public_interest",
         "part2": "statutory"},
        {"covered": ["Ethnicity"], "condition": "explicit_consent"},
    ]  # fmt: skip


def test_one_item_is_asked_its_condition_as_usual_without_a_grid(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "set"
    seen = _start(spawn, custom, out, "Medical conditions\r\r")
    seen.expect(r"For which information\? Medical conditions \(the only choice")
    seen.expect(r"Which Art 9\(2\) condition\? \(arrow keys")
    assert "each of these" not in seen.text()
    stopped(seen.tui)


def test_a_list_removed_by_hand_after_ctrl_c_is_asked_afresh(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    from ruamel.yaml import YAML

    out = tmp_path / "set"
    seen = _start(spawn, custom, out, "Medical conditions\rEthnicity\r\r")
    seen.expect(r"Medical conditions: not chosen yet")
    seen.tui.send(RIGHT + RIGHT + DOWN + RIGHT + RIGHT + "\r")  # both (g): the second screen
    seen.expect(r"Which Part 2 condition do you meet for each of these\?")
    stopped(seen.tui)  # the run stopped while the list was being completed
    yaml = YAML()
    path = out / "answers.yaml"
    document = yaml.load(path)
    del document["answers"]["conditions"]  # the officer removes the list by hand
    yaml.dump(document, path)

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    seen = Seen(tui, PTY_SIZE)
    seen.expect(r"Which condition lets you use each of these\?")  # asked afresh, not skipped
    seen.expect(r"Medical conditions: not chosen yet")
    stopped(tui)
    assert "conditions" not in saved(out)  # never saved as an empty list
