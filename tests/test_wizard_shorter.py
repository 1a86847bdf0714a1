"""Fewer prompts for an agreement, nothing the law needs lost (issue 16's prompt goals).

Party 1 is the officer's own organisation, taken from the profile in one yes/no; the
agreement's standard terms are shown in words and taken in one yes/no; a protocol is
asked about only once one is named. The prompts are replaced by scripts, so each test
says what the officer answered and checks what the wizard asked and saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.profile_offer import ProfileOffer
from sharewiz.cli.asking.prompts import CANCEL
from sharewiz.model.conditions import expression_context
from sharewiz.sets.build import read_answers

ROOT = Path(__file__).resolve().parent.parent
TWO_PARTY = ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml"
MINE = {"controller_name": "Northshire County Council", "controller_type": "local_authority",
        "controller_address": "County Hall\nMarket Street\nNorthtown\nNT1 1AA\n",
        "ico_registration": "Z1234567", "dpo_email": "dpo@northshire.example.gov.uk"}  # fmt: skip
TERMS = ["breach_notify_hours", "onward_sharing", "review_months", "termination_notice_months",
         "on_termination", "governing_law", "responsibility_clause"]  # fmt: skip


def agreement(*missing: str, profile: ProfileOffer | None = None) -> Wizard:
    """The two-party agreement with `missing` not answered yet (optional ones left blank)."""
    tree, _file, answers = read_answers(TWO_PARTY)
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id not in missing}
    return Wizard(tree, start, on_answer=lambda _answers: None, profile=profile)


def scripted(wizard: Wizard, monkeypatch: pytest.MonkeyPatch, answers: dict[str, Any]) -> list[str]:
    """Answer each question from `answers` (a callable gives one answer a time); a party's
    name is answered by `party`, a signatory's by `name`."""
    asked: list[str] = []
    party_name = wizard.tree.question("parties").questions[0]

    def ask(question: Any, context: Any, **_: Any) -> Any:
        asked.append(question.id)
        given = answers.get("party" if question is party_name else question.id)
        return given() if callable(given) else given

    monkeypatch.setattr(wizard, "ask", ask)
    monkeypatch.setattr("sharewiz.cli.asking.across.tick", lambda *_a, **_k: [])
    return asked


@pytest.mark.parametrize("accepted", [True, False])
def test_party_1_is_taken_from_the_profile_in_one_yes_no(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], accepted: bool
) -> None:
    offer = ProfileOffer(values=MINE, keys={}, save=lambda _key, _value: None)
    wizard = agreement("parties", profile=offer)
    names = iter([*([] if accepted else [MINE["controller_name"]]), "Northshire Police", CANCEL])
    asked = scripted(wizard, monkeypatch, {
        "party": lambda: next(names), "name": "Jo Bloggs", "organisation_type": "police", "address": "Police HQ", "ico_registration": None,
        "contact_name": "IG", "contact_email": "ig@example.org", "job_title": "Director"})  # fmt: skip
    offered: list[str] = []
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm",
                        lambda message, **_: offered.append(message) or accepted)  # fmt: skip
    wizard.edit_group(wizard.tree.question("parties"), expression_context(wizard.tree, {}))
    assert offered == ["Use your organisation profile for party 1? (No: you are asked each one)"]
    shown = " ".join(capsys.readouterr().out.split())
    # in words: the kind's label and the address on one line, never an id
    assert "What kind of organisation is it?: Local authority" in shown
    assert "Registered or main postal address: County Hall, Market Street, Northtown" in shown
    first, second = wizard.answers["parties"]
    assert first["name"] == "Northshire County Council" and second["name"] == "Northshire Police"
    if accepted:  # asked only what the profile does not hold: the contact for this sharing
        assert first["organisation_type"] == "local_authority"
        assert first["address"] == MINE["controller_address"].strip()
        assert first["ico_registration"] == "Z1234567"
        assert asked.count("organisation_type") == asked.count("address") == 1  # party 2's
        assert asked.count("contact_name") == 2 and asked.count("ico_registration") == 1
    else:
        assert first["organisation_type"] == "police"  # as typed, not the profile's
        assert asked.count("organisation_type") == asked.count("address") == 2


def test_a_profile_without_the_organisation_name_offers_nothing_for_party_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    offer = ProfileOffer(values={"dpo_email": MINE["dpo_email"]}, keys={}, save=print)
    wizard = agreement("parties", profile=offer)
    names = iter(["Northshire County Council", "Northshire Police", CANCEL])
    scripted(wizard, monkeypatch, {"party": lambda: next(names), "name": "Jo Bloggs"})
    offered: list[str] = []
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm",
                        lambda message, **_: offered.append(message) or True)  # fmt: skip
    wizard.edit_group(wizard.tree.question("parties"), expression_context(wizard.tree, {}))
    assert offered == []


@pytest.mark.parametrize("accepted", [True, False])
def test_the_standard_terms_are_shown_in_words_and_taken_in_one_yes_no(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], accepted: bool
) -> None:
    wizard = agreement(*TERMS)
    asked = scripted(wizard, monkeypatch, {"breach_notify_hours": 48, "onward_sharing": "Never.",
                     "review_months": 6, "termination_notice_months": 1, "on_termination":
                     "Deleted.", "governing_law": "scotland", "responsibility_clause": False})  # fmt: skip
    offered: list[str] = []
    monkeypatch.setattr("sharewiz.cli.asking.wizard.confirm",
                        lambda message, **_: offered.append(message) or accepted)  # fmt: skip
    wizard.ask_missing()
    assert offered == ["Use these? (No: you are asked each one)"]
    shown = " ".join(capsys.readouterr().out.split())
    assert "Which law governs the agreement (or protocol)?: England and Wales" in shown
    assert "Include a clause saying each party answers for its own processing?: Yes" in shown
    assert "england_wales" not in shown and "True" not in shown
    if accepted:
        assert asked == []
        assert [wizard.answers[t] for t in TERMS[2:4]] == [12, 3]
        assert wizard.answers["governing_law"] == "england_wales"  # from party 1's postcode
        assert wizard.answers["responsibility_clause"] is True
        assert wizard.answers["on_termination"].startswith("Data already shared is kept")
    else:
        assert asked == TERMS
        assert wizard.answers["governing_law"] == "scotland"


@pytest.mark.parametrize(("named", "expected"), [
    ("", ["protocol_name"]),
    ("Northshire Information Sharing Protocol", ["protocol_name", "protocol_version",
                                                 "protocol_dir"]),
])  # fmt: skip
def test_a_protocol_is_asked_about_only_once_one_is_named(
    monkeypatch: pytest.MonkeyPatch, named: str, expected: list[str]
) -> None:
    wizard = agreement("protocol_name", "protocol_version", "protocol_dir")
    asked = scripted(wizard, monkeypatch, {"protocol_name": named or None,
                                           "protocol_version": "2.0"})  # fmt: skip
    wizard.ask_missing()
    assert asked == expected
