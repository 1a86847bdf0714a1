"""A contact's name and email address in one answer (`with_email:`), in the real wizard.

The tree is written inline: a top-level contact and its email address, then a list of
teams, each with a lead and the lead's email address. The test types the answers as a
person would (a wrong address first, then a right one), stops the wizard with Ctrl-C
after the answer that held the address, resumes it, and changes the address from the
review.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from helpers import build_file_tree, saved, stopped

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

DOWN, CTRL_C, BACKSPACE = "\x1b[B", "\x03", "\x7f"
TREE = """
id: contacts
version: 1
title: Contacts record
description: Who to contact, to exercise a name and email address in one answer.
documents:
  - id: contacts
    template: contacts/contacts.md.j2
    title: Contacts
sections:
  - id: main
    title: Contacts
    questions:
      - id: contact
        type: text
        prompt: Who is the contact for this record?
        help: A role is enough.
        example: Information Governance Manager
        with_email: contact_email
      - id: contact_email
        type: email
        prompt: The contact's email address
        help: A monitored mailbox.
        example: ig@council.example.gov.uk
      - id: teams
        type: group
        prompt: Which teams take part?
        help: Each team.
        item_name: team
        item_label: "{{ name }}"
        min: 1
        max: 1
        questions:
          - id: name
            type: text
            prompt: Team name
            help: A team.
          - id: lead
            type: text
            prompt: Who leads it?
            help: A role.
            example: Head of Service
            with_email: lead_email
          - id: lead_email
            type: email
            prompt: The lead's email address
            help: A mailbox.
            example: lead@council.example.gov.uk
      - id: notes
        type: text
        prompt: Anything else?
        help: Optional.
        required: false
"""


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    template = ("{{ contact }} <{{ contact_email }}>\n"
                "{% for t in teams %}{{ t.name }}: {{ t.lead }} <{{ t.lead_email }}>\n{% endfor %}")  # fmt: skip
    return build_file_tree(
        tmp_path / "custom",
        {"questions/contacts.yaml": TREE, "templates/contacts/contacts.md.j2": template},
    )


def test_a_name_and_its_address_in_one_answer_survive_ctrl_c_and_the_review(
    spawn: Callable[..., pexpect.spawn], custom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "set"
    tui = spawn("new", "contacts", "--templates", str(custom), "--out", str(out), "--format", "md")
    tui.expect("Who is the contact for this record")
    tui.expect("the email address may follow a comma:")  # the form, with the examples
    tui.expect("Information Governance Manager,")
    bad = "IG Manager, ig@council"
    tui.send(bad + "\r")  # an address the email question would refuse: said, kept to correct
    tui.expect("The email address: 'ig@council' is not an email address")
    tui.send(BACKSPACE * len(bad) + "ig@council.gov.uk\r")  # an address alone: no name
    tui.expect("Give the name or role too")
    tui.send(BACKSPACE * len("ig@council.gov.uk") + "IG Manager (ig@council.gov.uk)\r")
    tui.expect(r"The contact's email address: ig@council.gov.uk \(from your answer")
    tui.expect("Team name")  # the email question is not asked
    stopped(tui)
    assert saved(out)["contact"] == "IG Manager"
    assert saved(out)["contact_email"] == "ig@council.gov.uk"

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("Team name")  # resumed at the next question, not the email
    tui.send("Adult social care\r")
    tui.expect("Who leads it")
    tui.send("Head of Service, hos@council.gov.uk\r")
    tui.expect(r"The lead's email address: hos@council.gov.uk \(from your answer")
    tui.expect("Anything else")  # the list's maximum reached; the lead's email not asked
    stopped(tui)
    assert saved(out)["teams"] == [
        {"name": "Adult social care", "lead": "Head of Service", "lead_email": "hos@council.gov.uk"}
    ]

    tui = spawn("new", "--resume", str(out), "--templates", str(custom))
    tui.expect("Anything else")
    tui.send("\r")
    tui.expect("What next")
    tui.send(DOWN + "\r")  # See or change section 1
    tui.expect("Which answer do you want to change")
    tui.send(DOWN + "\r")  # the contact's email address, on its own
    tui.expect("The contact's email address")
    tui.send(BACKSPACE * 40 + "dpo@council.gov.uk\r")
    tui.expect("What next")
    tui.send("\r")  # Write the documents
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 0
    assert (out / "contacts.md").read_text(encoding="utf-8") == (
        "IG Manager <dpo@council.gov.uk>\nAdult social care: Head of Service <hos@council.gov.uk>\n"
    )
