"""The real wizard in a pseudo-terminal on a small tree: nothing lost, form-like prompts.

The tree is written inline (a custom `--templates` folder), so each test drives only
the prompts it is about: a repeating group with a yes/no and a long answer inside, a
text question with a default, and a date.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from helpers import build_file_tree, saved, stopped
from sharewiz.model.yamlio import load_yaml

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

PTY_SIZE = (24, 80)  # rows, columns of the shared `spawn` fixture's screen
ROOT = Path(__file__).resolve().parent.parent
DOWN, CTRL_C = "\x1b[B", "\x03"
TREE = """
id: visits
version: 1
title: Visits record
description: A record of visits, to exercise the wizard.
documents:
  - id: visits
    template: visits/visits.md.j2
    title: Visits
sections:
  - id: main
    title: Visits
    questions:
      - id: site
        type: text
        prompt: Which site is this for?
        help: The building.
        default: County Hall
      - id: hosts
        type: group
        prompt: Who hosts visitors?
        help: One entry per team.
        item_name: host
        item_label: "{{ team }}"
        min: 1
        questions:
          - id: team
            type: text
            prompt: Team name
            help: e.g. Facilities.
          - id: escorts
            type: yes_no
            prompt: Does the team escort visitors?
            help: Yes or no.
            default: true
          - id: directions
            type: long_text
            prompt: Directions to the team
            help: Several lines are fine.
      - id: opened
        type: date
        prompt: When did the site open?
        help: Any date.
      - id: notes
        type: text
        prompt: Anything else?
        help: Optional.
        required: false
"""


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    return build_file_tree(
        tmp_path / "custom",
        {"questions/visits.yaml": TREE, "templates/visits/visits.md.j2": "# {{ site }}\n"},
    )


def not_yet(tui: pexpect.spawn, pattern: str) -> None:
    """The screen does not move on to `pattern` (within a second)."""
    with pytest.raises(pexpect.TIMEOUT):
        tui.expect(pattern, timeout=1)


def test_ctrl_c_at_every_level_of_a_group_loses_nothing_and_resumes_there(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "set"
    new = ("new", "visits", "--templates", str(custom), "--out", str(out), "--format", "md")
    tui = spawn(*new)
    tui.expect("Which site is this for")
    tui.send("\x7f\r")  # Backspace empties the pre-filled answer (not one letter of it)
    tui.expect("This question needs an answer")
    tui.send("County Hall\r")
    tui.expect("Host 1")
    tui.expect("Team name")
    tui.send("Facilities\r")
    tui.expect("Does the team escort visitors")
    stopped(tui)  # inside an entry being added: its first field is kept
    assert saved(out)["hosts"] == [{"team": "Facilities"}]

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("Does the team escort visitors")  # the same question, not "Host 1" again
    tui.send("n")
    not_yet(tui, "Directions")  # yes/no waits for Enter
    tui.send("\r")
    tui.expect("Directions to the team")
    tui.expect("Enter on an empty line to finish")
    tui.send("Ground floor\rturn left\r")
    not_yet(tui, "Host 2")  # one Enter is a new line
    tui.send("\r")  # Enter on the empty line finishes
    tui.expect("Host 2")  # a new list goes on to the next entry, no menu between
    tui.expect("leave empty if there are no more hosts")
    stopped(tui)  # at the first field of a new entry
    assert saved(out)["hosts"] == [
        {"team": "Facilities", "escorts": "false", "directions": "Ground floor\nturn left"}
    ]

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("Host 2")
    tui.expect("Team name")
    tui.send("Reception\r")
    tui.expect("Does the team escort visitors")
    tui.send("\r")
    tui.expect("Directions to the team")
    stopped(tui)  # inside a second entry
    hosts = saved(out)["hosts"]
    assert isinstance(hosts, list) and [h["team"] for h in hosts] == ["Facilities", "Reception"]
    assert hosts[1]["escorts"] == "true"  # read back as the text written

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("Host 2")
    tui.expect("Directions to the team")
    tui.send("Desk\r\r")
    tui.expect("Host 3")
    tui.send("\r")  # an empty first answer: no more hosts
    tui.expect("2 hosts. You can change the list from the review")
    tui.expect("When did the site open")
    tui.send("4/12/2026\r")  # UK order, stored as ISO
    tui.expect("Anything else")
    stopped(tui)  # at a top-level question after the group
    answers = saved(out)
    assert answers["opened"] == "2026-12-04"
    assert len(answers["hosts"]) == 2  # type: ignore[arg-type]
    assert (
        not (out / ".sharewiz" / "wizard.json").exists()
        or "hosts" not in (out / ".sharewiz" / "wizard.json").read_text()
    )

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("Anything else")
    tui.send("\r")
    tui.expect("What next")
    tui.send("\r")  # Write the documents
    tui.expect("Wrote")
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 0
    assert (out / "visits.md").read_text() == "# County Hall\n"


def test_typing_replaces_a_default_and_enter_keeps_it(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "set"
    tui = spawn("new", "visits", "--templates", str(custom), "--out", str(out))
    tui.expect("Which site is this for")
    tui.send("Town Hall\r")  # not "County HallTown Hall"
    tui.expect("Team name")
    stopped(tui)
    assert saved(out)["site"] == "Town Hall"


def test_the_officer_is_asked_what_is_happening_and_given_a_recommendation(
    spawn: Callable[..., pexpect.spawn], tmp_path: Path
) -> None:
    tui = spawn("new", "--out", str(tmp_path / "x"))
    tui.expect("What is happening")
    tui.expect("None of these")  # the whole list is drawn: keys now reach it
    tui.send("?")  # help works on the very first list
    tui.expect("Pick the sentence closest")
    tui.expect("None of these")
    tui.send(DOWN + DOWN + "\r")  # a supplier will handle personal data for us
    tui.expect("Recommended: Processor contract schedule")
    tui.expect("is a processor")
    tui.expect("recommended")
    tui.send("\r")
    tui.expect("Processor contract schedule")
    tui.expect("Section 1 of")
    # Ctrl-C once the question is up: sent while the prompt is still being built, Python
    # may raise it inside a garbage-collection callback, which swallows it.
    tui.expect("Your organisation")
    stopped(tui)
    assert load_yaml(tmp_path / "x" / "answers.yaml", plain=True)["kind"] == "processor-contract"


ROUNDS_TREE = """
id: teams
version: 1
title: Teams record
description: Teams and their members, to exercise rounds of "another member?".
documents:
  - id: teams
    template: teams/teams.md.j2
    title: Teams
sections:
  - id: main
    title: Teams
    questions:
      - id: teams
        type: group
        prompt: Which teams take part?
        help: One entry per team.
        item_name: team
        item_label: "{{ name }}"
        min: 1
        questions:
          - id: name
            type: text
            prompt: Team name
            help: e.g. Facilities.
          - id: members
            type: group
            prompt: Who is in the team?
            help: One entry per person.
            item_name: member
            item_label: "{{ person }}"
            min: 1
            max: 4
            across:
              more: Which of these have another member?
            questions:
              - id: person
                type: text
                prompt: Member's name
                help: A full name.
"""


@pytest.mark.parametrize("where", ["at the round", "inside the round's entry"])
def test_ctrl_c_in_a_round_of_another_member_re_offers_the_round_on_resume(
    spawn: Callable[..., pexpect.spawn], tmp_path: Path, where: str
) -> None:
    custom = build_file_tree(tmp_path / "rounds", {"questions/teams.yaml": ROUNDS_TREE,
                             "templates/teams/teams.md.j2": "# Teams\n"})  # fmt: skip
    out = tmp_path / "set"
    tui = spawn("new", "teams", "--templates", str(custom), "--out", str(out), "--format", "md")
    for name in ("Facilities", "Reception", ""):
        tui.expect("Team name")
        tui.send(f"{name}\r")
    for person in ("Ann", "Bob"):
        tui.expect("Member's name")
        tui.send(f"{person}\r")
    tui.expect("Which of these have another member?")
    if where == "inside the round's entry":
        tui.send(" \r")  # Facilities (the pointer starts on the first) has another
        tui.expect("Member's name")  # stopped before the round's new member is given
    stopped(tui)
    teams = saved(out)["teams"]
    assert [len(t["members"]) for t in teams] == [1, 1]  # type: ignore[index]

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("Which of these have another member?")  # the round is offered again
    tui.send(" \r")  # Facilities has another
    tui.expect("Member's name")
    tui.send("Cat\r")
    tui.expect("Which of these have another member?")
    tui.send("\r")  # none more
    tui.expect("What next")
    tui.send("\r")
    tui.expect(pexpect.EOF)
    tui.close()
    teams = saved(out)["teams"]
    assert [[m["person"] for m in t["members"]] for t in teams] == [["Ann", "Cat"], ["Bob"]]  # type: ignore[index]
