"""A contact's name and email address in one answer (`with_email:`): split, refused, asked.

The splitting and checking are tested directly; the wizard's use of them with the prompt
replaced by what the officer typed. The pty test (tests/test_with_email_pty.py) types
them for real, stops the wizard and resumes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers import build_file_tree
from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.with_email import checker, split_email
from sharewiz.errors import TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.answers import InvalidAnswer
from sharewiz.model.tree import QuestionTree
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import load_kind

# -- splitting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "parts"),
    [
        ("Head of Midwifery, maternity@trust.nhs.uk", ("Head of Midwifery", "maternity@trust.nhs.uk")),
        ("Jane Smith <jane.smith@council.gov.uk>", ("Jane Smith", "jane.smith@council.gov.uk")),
        ("Head of Midwifery (maternity@trust.nhs.uk)", ("Head of Midwifery", "maternity@trust.nhs.uk")),
        ("IG Team, email: ig@council.gov.uk", ("IG Team", "ig@council.gov.uk")),
        ("Contract Manager, Children's Services, cm@x.org", ("Contract Manager, Children's Services", "cm@x.org")),
        ("  Information Governance Manager  ", ("Information Governance Manager", None)),
        ("Team @ County Hall", ("Team @ County Hall", None)),  # no address: kept whole
    ],
)  # fmt: skip
def test_an_address_typed_beside_the_name_is_split_from_it(
    typed: str, parts: tuple[str, str | None]
) -> None:
    assert split_email(typed) == parts


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("IG, a@b.org, c@d.org", "Give one email address: there are 2 (a@b.org, c@d.org)."),
        ("maternity@trust.nhs.uk", "Give the name or role too, then the email address after a comma."),
        ("<maternity@trust.nhs.uk>", "Give the name or role too"),
    ],
)  # fmt: skip
def test_two_addresses_or_an_address_alone_are_refused(typed: str, message: str) -> None:
    with pytest.raises(InvalidAnswer) as info:
        split_email(typed)
    assert str(info.value).startswith(message)


def test_the_prompt_refuses_an_address_the_email_question_would_refuse() -> None:
    parties = load_kind("data-sharing-agreement", tree_dirs=()).question("parties")
    name, email = (next(q for q in parties.questions if q.id == i) for i in
                   ("contact_name", "contact_email"))  # fmt: skip
    check = checker(name, email)
    assert check("Head of Midwifery, maternity@trust.nhs.uk") is None
    assert check("Head of Midwifery") is None  # the email question is then asked
    assert check("Head of Midwifery, maternity@trust") == (
        "The email address: 'maternity@trust' is not an email address (name@example.org)"
    )
    # the name refused as the name question would refuse it (a character no document holds)
    assert str(check("Head of\x07 Midwifery, a@b.org")).startswith("contains the character U+0007")


# -- the tree ---------------------------------------------------------------------------------

TREE = """
id: demo
version: 1
title: Demo
description: A demo tree.
documents:
  - id: demo
    template: demo/doc.md.j2
    title: Demo
sections:
  - id: one
    title: One
    questions:
      - id: contact
        type: text
        prompt: Who is the contact?
        help: A role.
        example: IG Manager
        with_email: contact_email
      - id: contact_email
        type: email
        prompt: Their email address
        help: A mailbox.
        example: ig@council.example.gov.uk
      - id: teams
        type: group
        prompt: Which teams?
        help: Each team.
        item_name: team
        questions:
          - id: name
            type: text
            prompt: Team
            help: A team.
          - id: lead
            type: text
            prompt: Team lead
            help: A role.
            example: Head of Service
            with_email: lead_email
          - id: lead_email
            type: email
            prompt: Team lead's email
            help: A mailbox.
            example: lead@council.example.gov.uk
      - id: notes
        type: text
        prompt: Anything else?
        help: Optional.
        required: false
"""


def load(tmp_path: Path, old: str = "", new: str = "") -> QuestionTree:
    text = TREE.replace(old, new, 1)
    assert text != TREE or not old, "the replacement must change the tree"
    build_file_tree(tmp_path, {"demo.yaml": text})
    return load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())


def test_a_text_question_names_its_email_question(tmp_path: Path) -> None:
    tree = load(tmp_path)
    assert tree.question("contact").with_email == "contact_email"
    assert tree.question("teams").questions[1].with_email == "lead_email"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("        with_email: contact_email\n", "        with_email: notes\n",
         "'with_email' of 'contact' must be on a text question and name a later email "
         "question of the same section (section 'one')"),
        ("            with_email: lead_email\n", "            with_email: contact_email\n",
         "'with_email' of 'lead' must be on a text question and name a later email question "
         "of the same group (group 'teams')"),
        ("        type: text\n        prompt: Who", "        type: long_text\n        prompt: Who",
         "'with_email' of 'contact' must be on a text question"),
        ("        example: ig@council.example.gov.uk\n",
         "        example: ig@council.example.gov.uk\n        when: contact\n",
         "'with_email' of 'contact' names 'contact_email', asked under another condition"),
        ("        example: IG Manager\n", "", "'with_email' of 'contact' needs an 'example'"),
        ("        with_email: contact_email\n", "        with_email: [contact_email]\n",
         "'with_email' of question 'contact' must be text"),
    ],
)  # fmt: skip
def test_a_with_email_that_names_no_email_question_asked_with_it_is_refused_at_load(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(TreeError) as info:
        load(tmp_path, old, new)
    assert info.value.message.startswith(f"{tmp_path / 'demo.yaml'}:"), info.value.message
    assert message in info.value.message, info.value.message


# -- in the wizard ------------------------------------------------------------------------------


def run_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: dict[str, list[str]]
) -> tuple[Wizard, list[str], list[dict[str, Any]]]:
    """The demo tree's wizard with `typed[id]` the answers typed at each prompt, in turn."""
    tree = load(tmp_path)
    saves: list[dict[str, Any]] = []
    wizard = Wizard(tree, {}, on_answer=lambda a: saves.append(dict(a)))
    asked: list[str] = []

    def ask_answer(question: Any, default: Any, *, cancel: Any = None, also: Any = None) -> Any:
        asked.append(question.id)
        answer = typed[question.id].pop(0)
        if also is not None:  # the hint shows the form with the two examples
            email = (
                wizard.tree.question("contact_email").example
                if question.id == "contact"
                else "lead@council.example.gov.uk"
            )
            assert " ".join(also[0].split()) == (
                f'(the email address may follow a comma: "{question.example}, {email}")'
            )
            assert also[1](answer) is None  # what the prompt would have refused
        return "\x00cancel" if cancel and not answer else (answer or None)

    monkeypatch.setattr("sharewiz.cli.asking.wizard.ask_answer", ask_answer)
    monkeypatch.setattr("sharewiz.cli.asking.groups.confirm", lambda *_a, **_k: False)
    wizard.ask_missing()
    return wizard, asked, saves


def test_an_address_in_the_answer_answers_the_email_question_unasked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed = {"contact": ["IG Manager, ig@council.gov.uk"], "name": ["Social care", ""],
             "lead": ["Head of Service <hos@council.gov.uk>"], "notes": [""]}  # fmt: skip
    wizard, asked, saves = run_with(tmp_path, monkeypatch, typed)
    assert asked == ["contact", "name", "lead", "name", "notes"]
    assert wizard.answers["contact"] == "IG Manager"
    assert wizard.answers["contact_email"] == "ig@council.gov.uk"
    assert wizard.answers["teams"] == [
        {"name": "Social care", "lead": "Head of Service", "lead_email": "hos@council.gov.uk"}
    ]
    # saved as it was answered: the name and the address in the same save
    assert {"contact": "IG Manager", "contact_email": "ig@council.gov.uk"}.items() <= next(
        s for s in saves if "contact_email" in s).items()  # fmt: skip
    shown = " ".join(capsys.readouterr().out.split())
    assert (
        "Their email address: ig@council.gov.uk (from your answer; change it from the review)"
        in shown
    )
    assert "Team lead's email: hos@council.gov.uk (from your answer" in shown


def test_without_an_address_the_email_question_is_asked_as_usual(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = {"contact": ["IG Manager"], "contact_email": ["ig@council.gov.uk"],
             "name": ["Social care", ""], "lead": ["Head of Service"],
             "lead_email": ["hos@council.gov.uk"], "notes": [""]}  # fmt: skip
    wizard, asked, _saves = run_with(tmp_path, monkeypatch, typed)
    assert asked == ["contact", "contact_email", "name", "lead", "lead_email", "name", "notes"]
    assert (wizard.answers["contact"], wizard.answers["contact_email"]) == (
        "IG Manager", "ig@council.gov.uk")  # fmt: skip


def test_the_review_changes_the_email_on_its_own_or_with_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = {"contact": ["IG Manager, ig@council.gov.uk", "DPO", "DPO, dpo@council.gov.uk"],
             "contact_email": ["new@council.gov.uk"], "name": ["Social care", ""],
             "lead": ["Head of Service, hos@council.gov.uk"], "notes": [""]}  # fmt: skip
    wizard, asked, _saves = run_with(tmp_path, monkeypatch, typed)
    wizard.change("contact_email")  # the email question, asked on its own from the review
    assert wizard.answers["contact_email"] == "new@council.gov.uk"
    wizard.change("contact")  # the name alone: the address stays
    assert (wizard.answers["contact"], wizard.answers["contact_email"]) == (
        "DPO", "new@council.gov.uk")  # fmt: skip
    wizard.change("contact")  # with an address: both change
    assert (wizard.answers["contact"], wizard.answers["contact_email"]) == (
        "DPO", "dpo@council.gov.uk")  # fmt: skip
    assert asked[-3:] == ["contact_email", "contact", "contact"]
