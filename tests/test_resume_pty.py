"""`new --resume` after Ctrl-C while a list is still shorter than it must be.

The wizard saves each entry as it is given, so a run stopped after the first party of a
list that needs two leaves a file with one. Resuming read that file as every command
does and refused it ("needs at least 2 party entries"): the run could not go on. A
stopped run's list is unfinished, not wrong: resume takes it as it is and asks the rest,
while `render` still refuses it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from helpers import build_file_tree
from sharewiz.errors import AnswersError
from sharewiz.model.yamlio import load_yaml
from sharewiz.sets.build import read_answers

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

ROOT = Path(__file__).resolve().parent.parent
CTRL_C = "\x03"
TREE = """
id: parties
version: 1
title: Parties record
description: A list that needs two entries, to exercise resuming a stopped run.
documents:
  - id: parties
    template: parties/parties.md.j2
    title: Parties
sections:
  - id: main
    title: Parties
    questions:
      - id: parties
        type: group
        prompt: Who are the parties?
        help: Each organisation.
        citation: UK GDPR Art 26
        item_name: party
        item_label: "{{ name }}"
        min: 2
        questions:
          - id: name
            type: text
            prompt: Party name
            help: Its legal name.
          - id: signatories
            type: group
            prompt: Who signs for it?
            help: Each person who signs.
            item_name: signatory
            min: 1
            as_lines: 'Who signs: each name, a colon, then the job title ("Priya Raman: Director")'
            questions:
              - id: name
                type: text
                prompt: Name
                help: Full name.
                split_at_colon: job_title
              - id: job_title
                type: text
                prompt: Job title
                help: Their job.
          - id: email
            type: email
            prompt: Contact email
            help: An address.
"""


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    template = "{% for p in parties %}- {{ p.name }}\n{% endfor %}"
    return build_file_tree(
        tmp_path / "custom",
        {"questions/parties.yaml": TREE, "templates/parties/parties.md.j2": template},
    )


def test_a_run_stopped_before_a_list_has_enough_entries_resumes(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "set"
    tui = spawn("new", "parties", "--templates", str(custom), "--out", str(out), "--format", "md")
    tui.expect("Party name")
    tui.send("Northshire County Council\r")
    tui.expect("Who signs")
    tui.send("Marcus Reid: Head of Information Governance\r\r")
    tui.expect("Contact email")
    tui.send("ig@northshire.example.gov.uk\r")
    tui.expect("Party 2")
    tui.send(CTRL_C)
    tui.expect("continue with: sharewiz new --resume")
    tui.expect(pexpect.EOF)
    tui.close()
    saved = load_yaml(out / "answers.yaml", plain=True)["answers"]["parties"]
    assert [p["name"] for p in saved] == ["Northshire County Council"]

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("1 answer so far")  # not "needs at least 2 party entries"
    tui.expect("Party 2")
    tui.expect("Party name")
    tui.send("Northshire Police\r")
    tui.expect("Who signs")
    tui.send("Ann Lee: Chief Constable\r\r")
    tui.expect("Contact email")
    tui.send("dp@northshire.police.example.uk\r")
    tui.expect("leave empty if there are no more parties")
    tui.send("\r")
    tui.expect("What next")
    tui.send("\r")  # Write the documents
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 0
    names = [p["name"] for p in load_yaml(out / "answers.yaml", plain=True)["answers"]["parties"]]
    assert names == ["Northshire County Council", "Northshire Police"]


def test_only_a_stopped_run_may_have_too_few_entries(custom: Path, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "kind: parties\nanswers:\n  parties:\n    - name: A\n      email: a@example.org\n"
    )
    _tree, _file, answers = read_answers(path, tree_dirs=(custom / "questions",), unfinished=True)
    assert answers["parties"] == [{"name": "A", "signatories": None, "email": "a@example.org"}]
    with pytest.raises(AnswersError, match="needs at least 2 party entries"):
        read_answers(
            path, tree_dirs=(custom / "questions",)
        )  # render, check, update: still refused
    # an entry that does not fit is refused even in a stopped run
    path.write_text(
        "kind: parties\nanswers:\n  parties:\n    - name: A\n      email: not-an-address\n"
    )
    with pytest.raises(AnswersError, match="email"):
        read_answers(path, tree_dirs=(custom / "questions",), unfinished=True)


def test_a_list_inside_an_entry_left_half_made_is_asked_only_what_it_lacks(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    """Stopped at a signatory's job title (its line had no colon), the resumed run asks
    that job title alone: before, it asked every signatory's name and job title again,
    then "Add another signatory?"."""
    out = tmp_path / "set"
    tui = spawn("new", "parties", "--templates", str(custom), "--out", str(out), "--format", "md")
    tui.expect("Party name")
    tui.send("Northshire County Council\r")
    tui.expect("Who signs")
    tui.send("Marcus Reid\rSarah Bennett: Director of Public Health\r\r")
    tui.expect("Signatory 1")
    tui.expect("Job title")
    tui.send(CTRL_C)
    tui.expect(pexpect.EOF)
    tui.close()

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("Signatory 1")
    tui.expect("Job title")
    tui.send("Head of Information Governance\r")
    index = tui.expect(["Contact email", "Name", "Add another signatory"])
    assert index == 0, "a signatory the run had whole was asked again"
    tui.send("ig@northshire.example.gov.uk\r")
    tui.expect("Party 2")
    tui.send(CTRL_C)
    tui.expect(pexpect.EOF)
    tui.close()
    party = load_yaml(out / "answers.yaml", plain=True)["answers"]["parties"][0]
    assert party["signatories"] == [
        {"name": "Marcus Reid", "job_title": "Head of Information Governance"},
        {"name": "Sarah Bennett", "job_title": "Director of Public Health"},
    ]
