"""Fewer prompts, nothing the law needs lost (issue 16's prompt goals).

Party 1 is the officer's own organisation, taken from the profile in one yes/no; the
agreement's standard terms are shown in words and taken in one yes/no; an answer that is nearly always its default (no exception to a
kind's public authority status, a signatory's role named by their job title) is taken
unasked, said in one line, and changed from the review. The prompts are replaced by scripts, so each test says what the
officer answered and checks what the wizard asked and saved.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.profile_offer import ProfileOffer
from sharewiz.cli.asking.prompts import CANCEL
from sharewiz.cli.asking.shortcuts import DIFFERS
from sharewiz.model.conditions import expression_context
from sharewiz.sets.build import read_answers
from wizard_script import Grids

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
    name is answered by `party`, a signatory's by `name` (and `job_title`, typed as lines)."""
    asked: list[str] = []
    parties = wizard.tree.question_at("parties")
    party_name = parties.questions[0] if parties is not None else None

    def ask(question: Any, context: Any, **_: Any) -> Any:
        asked.append(question.id)
        given = answers.get("party" if question is party_name else question.id)
        return given() if callable(given) else given

    monkeypatch.setattr(wizard, "ask", ask)
    monkeypatch.setattr("sharewiz.cli.asking.across.tick", lambda *_a, **_k: [])
    # one pick for all (a basis): "It differs"; a grid (a role, a law, and those that
    # differ): each row where it starts, or its first choice
    monkeypatch.setattr("sharewiz.cli.asking.shortcuts.select", lambda *_a, **_k: DIFFERS)
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", Grids())
    # the parties' names are typed as lines (each `party` answer a line, until CANCEL),
    # and a party's signatories: "name: job title"
    line = ": ".join(str(answers[k]) for k in ("name", "job_title") if answers.get(k))
    names = parties.as_lines if parties is not None else None

    def lines(message: str, *_a: Any, **_k: Any) -> str:
        if message == names and callable(answers.get("party")):
            return "\n".join(iter(answers["party"], CANCEL))
        return line

    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", lines)
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
    monkeypatch.setattr("sharewiz.cli.asking.defaults.confirm",
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


def test_no_exception_to_the_kinds_rule_is_taken_unasked_and_changed_from_the_review(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tree, _file, answers = read_answers(
        ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    start = {q.id: answers.get(q.id) for q in tree.questions()}
    start.pop("public_authority_override")
    start.pop("public_authority_reason")
    wizard = Wizard(tree, start, on_answer=lambda _answers: None)
    asked = scripted(wizard, monkeypatch, {"public_authority_override": True,
                                           "public_authority_reason": "A designated body."})  # fmt: skip
    wizard.ask_missing()
    assert asked == [] and wizard.answers["public_authority_override"] is False
    assert "(the usual answer; change it from the review)" in capsys.readouterr().out
    wizard.change("public_authority_override")  # from the review: asked, then its follow-up
    assert asked == ["public_authority_override", "public_authority_reason"]


def test_a_signatory_role_the_job_title_names_is_taken_and_any_other_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = agreement("parties")
    titles = iter(["Medical Director and Caldicott Guardian", "Director of Resources", "SIRO"])
    asked = scripted(wizard, monkeypatch, {"name": "Jo Bloggs", "job_title": lambda: next(titles),
                                           "role": "siro"})  # fmt: skip
    from sharewiz.cli.asking.groups import GroupEditor

    editor = GroupEditor(wizard, wizard.tree.question("parties"), {})
    signatories = next(q for q in editor.group.questions if q.id == "signatories")
    monkeypatch.setattr("sharewiz.cli.asking.groups.confirm", lambda *_a, **_k: False)
    first = editor.ask_inner_group(signatories, {}, None)
    second = editor.ask_inner_group(signatories, {}, None)
    assert first[0]["role"] == "caldicott_guardian" and second[0]["role"] == "siro"
    assert asked == ["name", "job_title", "name", "job_title", "role"]  # only the second's
    asked.clear()
    editor.ask_inner_group(signatories, {}, first)  # changed from the review: each asked
    assert asked == ["name", "job_title", "role"]


def test_a_category_and_its_examples_are_one_answer_split_at_the_colon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree, _file, answers = read_answers(
        ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id != "data_categories"}
    wizard = Wizard(tree, start, on_answer=lambda _answers: None)
    names = iter(["Contact details: name, address, telephone", "Health", "Photographs:", CANCEL])
    asked = scripted(wizard, monkeypatch, {"name": lambda: next(names), "examples": None,
                                           "category": "personal"})  # fmt: skip
    # entry by entry, as a list without `as_lines` is made (or an entry added from the review)
    group = replace(tree.question("data_categories"), as_lines=None)
    wizard.edit_group(group, expression_context(tree, start))
    entries = wizard.answers["data_categories"]
    assert [(e["name"], e.get("examples")) for e in entries] == [
        ("Contact details", "name, address, telephone"),
        ("Health", None),  # no colon: the examples are asked
        ("Photographs", None),  # a colon with nothing after it: nothing more to ask
    ]
    assert asked.count("examples") == 1


def test_the_profile_offer_of_a_notice_shows_choices_in_words(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the whole-document offer listed the kind as its id ("local_authority"); the review,
    # the party offer and this one all say it in words
    notice = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
    tree, _file, answers = read_answers(notice)
    offer = ProfileOffer(values=MINE, keys={}, save=lambda _key, _value: None)
    start = {k: v for k, v in answers.items() if k not in MINE}
    wizard = Wizard(tree, start, on_answer=lambda _answers: None, profile=offer)
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(wizard, "ask", lambda question, *_a, **_k: None)
    wizard.ask_missing()
    shown = " ".join(capsys.readouterr().out.split())
    assert "What kind of organisation is it?: Local authority" in shown, shown
    assert ": local_authority" not in shown
    assert wizard.answers["controller_type"] == "local_authority"
