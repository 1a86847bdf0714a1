"""The protocol an agreement sits under, offered from the organisation profile.

A council's agreements usually sit under one county-wide protocol: its name and version
are profile keys (`protocol_name`, `protocol_version`), offered with the profile's other
answers in its one yes/no and offered for saving when typed. They are never put beneath
an answers file when it is read or rendered (an agreement may sit under none), and a new
protocol, whose own title is `protocol_name`, is offered its name, never given it unasked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.profile_offer import profile_offer
from sharewiz.model.profile import BY_KEY
from sharewiz.model.settings import fill_defaults
from sharewiz.sets.build import read_answers

ROOT = Path(__file__).resolve().parent.parent
TWO_PARTY = ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml"
PROTOCOL = ROOT / "examples" / "protocol-northshire-partnership.yaml"
COUNTY = {"protocol_name": "Northshire Information Sharing Protocol", "protocol_version": "2.0"}


def wizard_for(path: Path, *missing: str) -> Wizard:
    """The example's wizard with the `missing` answers still to give."""
    tree, _file, answers = read_answers(path)
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id not in missing}
    return Wizard(tree, start, on_answer=lambda _answers: None)


def answering(wizard: Wizard, monkeypatch: pytest.MonkeyPatch, take: bool) -> list[str]:
    """The profile's one yes/no answered `take`; each question asked answered "typed"."""
    asked: list[str] = []
    monkeypatch.setattr(wizard, "ask", lambda q, *_a, **_k: asked.append(q.id) or "typed")
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm", lambda *_a, **_k: take)
    return asked


def test_the_protocol_keys_answer_the_agreements_protocol_questions() -> None:
    assert BY_KEY["protocol_name"].question == "protocol_name"
    assert BY_KEY["protocol_version"].question == "protocol_version"
    assert BY_KEY["protocol_name"].offered_only and BY_KEY["protocol_version"].offered_only


def test_an_agreement_is_offered_the_protocol_in_the_profiles_one_yes_no(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard = wizard_for(TWO_PARTY, "protocol_name", "protocol_version")
    wizard.profile = profile_offer(COUNTY)
    asked = answering(wizard, monkeypatch, take=True)
    wizard.ask_missing()
    assert asked == []
    assert {k: wizard.answers[k] for k in COUNTY} == COUNTY
    said = " ".join(capsys.readouterr().out.split())
    assert "Your organisation profile has these answers:" in said
    assert (
        "Which overarching information sharing protocol does this agreement sit under?: "
        "Northshire Information Sharing Protocol" in said
    )  # listed without its "(optional)"
    assert "Version of that protocol: 2.0" in said


def test_an_agreement_not_taking_the_profile_is_asked_the_protocol(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = wizard_for(TWO_PARTY, "protocol_name", "protocol_version")
    wizard.profile = profile_offer(COUNTY)
    asked = answering(wizard, monkeypatch, take=False)
    wizard.ask_missing()
    assert asked == ["protocol_name", "protocol_version"]


def test_a_new_protocol_is_offered_its_name_never_given_it_unasked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    offers: list[str] = []
    wizard = wizard_for(PROTOCOL, "protocol_name")
    wizard.profile = profile_offer(COUNTY)
    asked = answering(wizard, monkeypatch, take=False)
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm",
                        lambda message, **_k: offers.append(message) or False)  # fmt: skip
    wizard.ask_missing()
    assert asked == ["protocol_name"] and wizard.answers["protocol_name"] == "typed"
    assert len(offers) == 1 and offers[0].startswith("Use them?")  # listed, then asked
    assert "Northshire Information Sharing Protocol" in capsys.readouterr().out


def test_a_typed_protocol_is_offered_for_saving_to_the_profile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = wizard_for(TWO_PARTY)
    offer = profile_offer({})
    saved: dict[str, Any] = {}
    offer.save = lambda key, value: saved.setdefault(key, value)
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm", lambda *_a, **_k: True)
    questions = [wizard.tree.question(k) for k in COUNTY]
    offer.offer_saving(questions, wizard.answers)
    assert saved == COUNTY


def test_a_render_never_fills_the_protocol_from_the_profile() -> None:
    tree, _file, answers = read_answers(TWO_PARTY)
    defaults = {**COUNTY, "contact_point_name": "IG Team"}
    # an agreement under no protocol stays under none; the other keys lie beneath as before
    mine = {**answers, "protocol_name": None, "protocol_version": None, "contact_point_name": None}
    filled = fill_defaults(tree, mine, defaults)
    assert filled["protocol_name"] is None and filled["protocol_version"] is None
    assert filled["contact_point_name"] == "IG Team"
    protocol, _file, answers = read_answers(PROTOCOL)
    assert (
        fill_defaults(protocol, {**answers, "protocol_name": None}, defaults)["protocol_name"]
        is None
    )
