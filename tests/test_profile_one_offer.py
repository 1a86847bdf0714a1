"""Party 1 and the profile's other answers in one yes/no.

An agreement's first profile question (the protocol it sits under) lists every answer
the profile gives, party 1 (the officer's own organisation) among them, and one yes
takes them all: the parties list then starts with party 1, said in one line. No asks the
top-level ones each and offers party 1 again, on its own, when its list is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.profile_offer import profile_offer
from sharewiz.cli.asking.prompts import CANCEL
from sharewiz.cli.asking.shortcuts import DIFFERS
from sharewiz.sets.build import read_answers
from wizard_script import Grids

ROOT = Path(__file__).resolve().parent.parent
TWO_PARTY = ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml"
NOTICE = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
COUNCIL = "Northshire County Council"
MINE = {"controller_name": COUNCIL, "controller_type": "local_authority",
        "controller_address": "County Hall\nMarket Street\nNorthtown\nNT1 1AA",
        "ico_registration": "Z1234567", "protocol_name": "Northshire Information Sharing Protocol",
        "protocol_version": "2.0"}  # fmt: skip
ASKED_LATER = ("protocol_name", "protocol_version", "parties")


def agreement(monkeypatch: pytest.MonkeyPatch, take: bool) -> tuple[Wizard, list[str], list[str]]:
    """The two-party agreement from its protocol on, the profile MINE; the profile's
    yes/no answered `take`; the questions asked, and the yes/nos shown."""
    tree, _file, answers = read_answers(TWO_PARTY)
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id not in ASKED_LATER}
    wizard = Wizard(tree, start, on_answer=lambda _answers: None, profile=profile_offer(MINE))
    asked: list[str] = []
    names = iter([*([] if take else [COUNCIL]), "Northshire Police", CANCEL])
    parties = tree.question("parties")
    party_name = parties.questions[0]
    typed = {"protocol_name": "Typed protocol", "protocol_version": "1.0",
             "organisation_type": "police", "address": "Police HQ", "contact_name": "IG",
             "contact_email": "ig@example.org"}  # fmt: skip

    def ask(question: Any, context: Any, **_: Any) -> Any:
        asked.append(question.id)
        return next(names) if question is party_name else typed.get(question.id)

    monkeypatch.setattr(wizard, "ask", ask)
    monkeypatch.setattr("sharewiz.cli.asking.across.tick", lambda *_a, **_k: [])
    monkeypatch.setattr("sharewiz.cli.asking.shortcuts.select", lambda *_a, **_k: DIFFERS)
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", Grids())  # rows as they start
    # the parties' names typed as lines (or one by one), each party's signatories as lines
    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", lambda message, *_a, **_k: (
        "\n".join(iter(lambda: next(names), CANCEL)) if message == parties.as_lines
        else "Jo Bloggs: Director"))  # fmt: skip
    offers: list[str] = []
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm",
                        lambda message, **_: offers.append(message) or take)  # fmt: skip
    wizard.ask_missing()
    return wizard, asked, offers


def test_party_1_is_listed_and_taken_with_the_profiles_other_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard, asked, offers = agreement(monkeypatch, take=True)
    assert offers == ["Use them? (No: you are asked each one, with these as suggestions)"]
    first, second = wizard.answers["parties"]
    assert (first["name"], first["organisation_type"], first["ico_registration"]) == (
        COUNCIL, "local_authority", "Z1234567")  # fmt: skip
    assert second["name"] == "Northshire Police"
    assert wizard.answers["protocol_name"] == MINE["protocol_name"]
    assert "protocol_name" not in asked and asked.count("organisation_type") == 1  # party 2's
    said = " ".join(capsys.readouterr().out.split())
    listed = said[: said.index("Use them?")] if "Use them?" in said else said
    assert (
        "Party 1, your own organisation: Organisation's full legal name: Northshire County"
        in listed
    )
    assert "What kind of organisation is it?: Local authority" in listed
    assert "ICO registration (data protection fee) number: Z1234567" in listed
    assert (
        f"Party 1: {COUNCIL}, your own organisation (from your profile; change it from the review)"
        in said
    )


def test_declining_asks_the_others_and_offers_party_1_again_on_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard, asked, offers = agreement(monkeypatch, take=False)
    assert offers == ["Use them? (No: you are asked each one, with these as suggestions)",
                      "Use your organisation profile for party 1? (No: you are asked each one)"]  # fmt: skip
    assert asked[:2] == ["protocol_name", "protocol_version"]
    assert wizard.answers["protocol_name"] == "Typed protocol"
    assert wizard.answers["parties"][0]["organisation_type"] == "police"  # typed, not taken
    assert asked.count("organisation_type") == 2


def test_a_kind_without_a_list_of_parties_offers_as_before(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tree, _file, answers = read_answers(NOTICE)
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id != "controller_name"}
    wizard = Wizard(tree, start, on_answer=lambda _answers: None, profile=profile_offer(MINE))
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm", lambda *_a, **_k: True)
    wizard.ask_missing()
    assert wizard.answers["controller_name"] == COUNCIL
    assert "your own organisation:" not in capsys.readouterr().out
