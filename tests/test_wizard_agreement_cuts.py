"""A two-party agreement in fewer prompts, nothing assumed (issue 16).

Each party's role, law, lawful basis and Art 9 condition is one pick for both where both
agree (`across: {same}`); a party's only lawful basis covers all its items unasked
(`empty_when_alone`); a flow's own dates are left empty with one yes (`empty_together`)
and "another Act" is asked only when its row is ticked (`other`); the way rights
requests are handled follows from what each party said of its own; the single point of
contact and the own organisation's privacy notice come from the profile. The prompts are replaced by scripts, so each test says
what the officer answered and checks what was asked, said and saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers import build_file_tree
from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.across import complete
from sharewiz.cli.asking.groups import GroupEditor
from sharewiz.cli.asking.other_row import OTHER, with_other_row
from sharewiz.cli.asking.profile_offer import ProfileOffer, own_entry_answers, profile_offer
from sharewiz.cli.asking.shortcuts import DIFFERS, sole_choice
from sharewiz.errors import TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.conditions import expression_context
from sharewiz.model.profile import BY_KEY
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import read_answers
from wizard_script import Grids, Script

ROOT = Path(__file__).resolve().parent.parent
TWO_PARTY = ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml"
TRUST, COUNCIL = "Northshire Hospitals NHS Foundation Trust", "Northshire County Council"


def agreement(**changes: Any) -> Wizard:
    """The two-party agreement's wizard, its answers changed by `changes`."""
    tree, _file, answers = read_answers(TWO_PARTY)
    start = {q.id: answers.get(q.id) for q in tree.questions()} | changes
    return Wizard(tree, start, on_answer=lambda _answers: None)


def answering(wizard: Wizard, monkeypatch: pytest.MonkeyPatch, **given: Any) -> list[str]:
    """Answer each question asked with `given[id]`; the ids asked, in order."""
    asked: list[str] = []

    def ask(question: Any, context: Any, **_: Any) -> Any:
        asked.append(question.id)
        return given[question.id]

    monkeypatch.setattr(wizard, "ask", ask)
    return asked


def completing(wizard: Wizard, group: str, *fields: str) -> GroupEditor:
    """The group's entries with `fields` left to ask, once the list is made."""
    for entry in wizard.answers[group]:
        for field in fields:
            entry.pop(field, None)
    editor = GroupEditor(wizard, wizard.tree.question(group), expression_context(
        wizard.tree, wizard.answers))  # fmt: skip
    editor.completing = True
    return editor


@pytest.mark.parametrize(
    ("field", "label", "value"),
    [
        ("basis", "Public task", "public_task"),
        ("art9_condition", "Health or social care", "health_social_care"),
    ],
)  # fmt: skip
def test_two_parties_answering_alike_are_one_pick_and_it_differs_is_one_screen(
    monkeypatch: pytest.MonkeyPatch, field: str, label: str, value: str
) -> None:
    wizard = agreement()
    asked = answering(wizard, monkeypatch, **{field: value})
    same = Script([label])
    monkeypatch.setattr("sharewiz.cli.asking.shortcuts.select", same)
    complete(completing(wizard, "party_bases", field))
    assert [e[field] for e in wizard.answers["party_bases"]] == [value, value]
    assert asked == []  # one pick for both parties
    message, options = same.menus[0]
    assert options[0].value == DIFFERS  # first: Enter by habit asserts nothing
    assert len(same.menus) == 1 and "each of these" in message
    monkeypatch.setattr("sharewiz.cli.asking.shortcuts.select", lambda *_a, **_k: DIFFERS)
    grids = Grids({message: value})
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", grids)
    complete(completing(wizard, "party_bases", field))
    # it differs: both parties on one screen, under the same question, none assumed
    assert asked == [] and [m for m, _rows in grids.asked] == [message]
    assert [v for _label, v in grids.rows(message)] == [None, None]
    assert [e[field] for e in wizard.answers["party_bases"]] == [value, value]
    never = Script([])  # and from then on (an answer taken back): each asked on its own
    monkeypatch.setattr("sharewiz.cli.asking.shortcuts.select", never)
    complete(completing(wizard, "party_bases", field))
    assert asked == [field] * 2 and never.menus == [] and len(grids.asked) == 1


@pytest.mark.parametrize(("field", "value"), [("role", "controller"), ("regime", "uk_gdpr")])
def test_two_parties_role_and_law_are_one_screen(
    monkeypatch: pytest.MonkeyPatch, field: str, value: str
) -> None:
    wizard = agreement()
    asked = answering(wizard, monkeypatch, **{field: value})
    grids = Grids({"": value})
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", grids)
    monkeypatch.setattr("sharewiz.cli.asking.across.tick", lambda *_a, **_k: [])  # signatories
    complete(completing(wizard, "parties", field))
    assert [e[field] for e in wizard.answers["parties"]] == [value, value]
    assert asked == [] and len(grids.asked) == 1 and len(grids.asked[0][1]) == 2


def test_rights_handling_follows_when_every_party_said_the_same_of_its_own_requests(
    capsys: pytest.CaptureFixture[str],
) -> None:
    wizard = agreement()
    question = wizard.tree.question("rights_handling")

    def settled(*routes: str | None) -> Any:
        parties = [
            {**p, "rights_route": r} for p, r in zip(wizard.answers["parties"], routes, strict=True)
        ]
        context = dict(expression_context(wizard.tree, {**wizard.answers, "parties": parties}))
        return sole_choice(question, context, None)

    assert settled("own", "own") == "each_party"
    assert "How are people's rights requests handled? Each party handles" in " ".join(
        capsys.readouterr().out.split())  # fmt: skip
    assert settled("central", None) == "contact_point"  # none said is the usual: passed on
    assert settled("own", "central") is None  # they differ: asked, both offered
    assert sole_choice(question, {}, "each_party") is None  # changed from the review: asked


def test_a_partys_only_lawful_basis_covers_all_its_items_unasked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard = agreement()
    asked = answering(wizard, monkeypatch, items=["Mother's name, date of birth and NHS number"])
    editor = completing(wizard, "party_bases", "items")
    complete(editor)
    assert [e["items"] for e in wizard.answers["party_bases"]] == [[], []]  # every item
    assert asked == []
    said = " ".join(capsys.readouterr().out.split())
    assert f"None ticked, for {TRUST}; {COUNCIL}: each has one lawful basis entry" in said
    # a second entry for the trust: both of its entries are asked which items they cover
    second = {**wizard.answers["party_bases"][0], "basis": "consent", "legal_source": None}
    wizard.answers["party_bases"].append(second)
    complete(completing(wizard, "party_bases", "items"))
    assert asked == ["items", "items"]
    assert wizard.answers["party_bases"][1]["items"] == []  # the council's is still alone


def test_a_flows_own_dates_are_left_empty_with_one_yes_and_asked_on_no(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard = agreement()
    asked = answering(wizard, monkeypatch, start="2027-01-01", end="2027-06-30")
    offered: list[str] = []
    answers = iter([True, False])
    monkeypatch.setattr("sharewiz.cli.asking.entry_shortcuts.confirm",
                        lambda message, **_: offered.append(message) or next(answers))  # fmt: skip
    editor = completing(wizard, "flows", "start", "end")
    editor.fill(1, adding=False, fields=["start", "end"])
    assert asked == [] and offered == ["Leave these empty? (No: you are asked each one)"]
    flow = wizard.answers["flows"][0]
    assert "start" in flow and flow["start"] is None and flow["end"] is None
    assert "From when? (leave empty if from the agreement's start)" in capsys.readouterr().out
    del flow["start"], flow["end"]
    editor.fill(1, adding=False, fields=["start", "end"])  # no: each asked
    assert asked == ["start", "end"] and flow["start"] == "2027-01-01"
    editor.fill(1, adding=False, fields=["start", "end"])  # from the review: its own dates
    assert asked[2:4] == ["start", "end"] and len(offered) == 2


def test_another_gateway_is_asked_only_when_its_row_is_ticked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = agreement()
    flows = wizard.tree.question("flows")
    gateways = next(q for q in flows.questions if q.id == "gateways")
    offered, ticked = with_other_row(gateways, {}, None)
    assert offered.choices[-1].value == OTHER and ticked is None
    assert offered.choices[-1].label.startswith("Another, not listed here")
    # an entry naming one already: the row starts ticked, the Act named in it
    again, ticked = with_other_row(gateways, {"other_gateway": "Housing Act 1996, s213"}, [])
    assert ticked == [OTHER] and "Housing Act 1996, s213" in again.choices[-1].label
    given = {"gateways": ["hsca_2012_s251b"], "other_gateway": "Housing Act 1996, section 213"}
    asked: list[str] = []

    def ask(question: Any, context: Any, **_: Any) -> Any:
        asked.append(question.id)
        return given[question.id]

    monkeypatch.setattr(wizard, "ask", ask)
    editor = completing(wizard, "flows", "gateways", "other_gateway")
    editor.fill(1, adding=False, fields=["gateways", "other_gateway"])
    flow = wizard.answers["flows"][0]
    assert asked == ["gateways"] and flow["gateways"] == ["hsca_2012_s251b"]
    assert "other_gateway" in flow and flow["other_gateway"] is None  # left empty, unasked
    given["gateways"] = ["hsca_2012_s251b", OTHER]
    del flow["gateways"], flow["other_gateway"]
    editor.fill(1, adding=False, fields=["gateways", "other_gateway"])
    assert asked == ["gateways", "gateways", "other_gateway"]
    assert flow["gateways"] == ["hsca_2012_s251b"]  # the row itself is never saved
    assert flow["other_gateway"] == "Housing Act 1996, section 213"


def test_the_single_point_of_contact_is_offered_from_the_profile(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert [BY_KEY[k].question for k in ("sharing_contact", "sharing_contact_email",
            "sharing_contact_phone")] == ["contact_point_name", "contact_point_email",
                                          "contact_point_phone"]  # fmt: skip
    team = {"contact_point_name": "Information Governance Team",
            "contact_point_email": "ig@northshire.example.gov.uk"}  # fmt: skip
    wizard = agreement(contact_point_name=None, contact_point_email=None, contact_point_phone=None)
    for key in ("contact_point_name", "contact_point_email", "contact_point_phone"):
        del wizard.answers[key]
    saved: dict[str, Any] = {}
    wizard.profile = profile_offer(team)
    wizard.profile.save = lambda key, value: saved.setdefault(key, value)
    asked = answering(wizard, monkeypatch)
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm", lambda *_a, **_k: True)
    wizard.ask_missing()
    assert asked == []
    assert wizard.answers["contact_point_name"] == "Information Governance Team"
    assert wizard.answers["contact_point_phone"] is None  # listed as left empty
    said = " ".join(capsys.readouterr().out.split())
    assert "Email address of the single point of contact: ig@northshire.example.gov.uk" in said
    assert "Telephone number of the single point of contact" in said
    # an officer whose profile holds none is asked, and offered to save the answers
    fresh = ProfileOffer(values={}, keys={"contact_point_name": "sharing_contact"},
                         save=lambda key, value: saved.setdefault(key, value))  # fmt: skip
    fresh.offer_saving([wizard.tree.question("contact_point_name")], wizard.answers)
    assert saved == {"sharing_contact": "Information Governance Team"}


def test_the_own_organisations_privacy_notice_is_taken_from_the_profile_and_saved_to_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard = agreement()
    mine = "https://www.northshirehospitals.example.nhs.uk/privacy"
    wizard.profile = profile_offer({"controller_name": TRUST, "privacy_notice_url": mine})
    asked = answering(wizard, monkeypatch, where="https://council.example/privacy")
    complete(completing(wizard, "privacy_notices", "where"))
    assert [e["where"] for e in wizard.answers["privacy_notices"]] == [
        mine, "https://council.example/privacy"]  # fmt: skip
    assert asked == ["where"]  # the council's only
    said = " ".join(capsys.readouterr().out.split())
    assert f"{TRUST}: Where is its privacy notice? {mine} (from your" in said
    # typed for the own organisation: offered for saving to the profile, under its key
    # (its signatories in the profile already: only the privacy notice is new)
    held = {"signatories": "Marcus Reid: Head of Information Governance"}
    questions, found = own_entry_answers(wizard.tree, wizard.answers, COUNCIL, held)
    assert [q.id for q in questions] == ["privacy_notice_url"]
    assert found == {"privacy_notice_url": "https://council.example/privacy"}
    saved: dict[str, Any] = {}
    offer = ProfileOffer(values={}, keys={"privacy_notice_url": "privacy_notice_url"},
                         save=lambda key, value: saved.setdefault(key, value))  # fmt: skip
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm", lambda *_a, **_k: True)
    offer.offer_saving(questions, found)
    assert saved == {"privacy_notice_url": "https://council.example/privacy"}
    # named as a value given, not with how to type one ("... may follow a colon")
    listed = " ".join(capsys.readouterr().out.split())
    assert "Where is its privacy notice?: https://council.example/privacy" in listed
    assert "colon" not in listed


TREE = (
    "id: demo\nversion: 1\ntitle: Demo\ndocuments: [{id: demo, template: demo/demo.md.j2, "
    "title: Demo}]\nsections:\n  - id: main\n    title: Main\n    questions:\n      - {question}\n"
)


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: party, type: choice, "
         "prompt: P, help: H, choices: [a, b]}, {id: items, type: multi, prompt: I, help: H, "
         "choices: [x, y], empty_when_alone: party}]}", "'empty_when_alone' of 'items' must be on"),
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: items, type: multi, prompt: "
         "I, help: H, required: false, choices: [x], empty_when_alone: party}]}",
         "name an earlier choice field"),
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: ways, type: multi, prompt: "
         "W, help: H, choices: [x], other: more}, {id: more, type: text, prompt: M, help: H}]}",
         "'other' of 'ways' must be on a multi field and name a later optional text field"),
        ("{id: ways, type: multi, prompt: W, help: H, choices: [x], other: more}",
         "'other' of 'ways' is for a group's field"),
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: start, type: date, prompt: "
         "S, help: H, required: false, empty_together: period}, {id: end, type: date, prompt: E, "
         "help: H, empty_together: period}]}", "'empty_together' of 'end' names a run"),
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: start, type: date, prompt: "
         "S, help: H, required: false, empty_together: period}, {id: mid, type: text, prompt: "
         "M, help: H}]}", "'empty_together' of 'start' names a run"),
    ],
)  # fmt: skip
def test_a_wrong_empty_when_alone_other_or_empty_together_is_rejected_at_load(
    tmp_path: Path, question: str, message: str
) -> None:
    build_file_tree(tmp_path, {"demo.yaml": TREE.replace("{question}", question)})
    with pytest.raises(TreeError) as caught:
        load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    assert message in str(caught.value) and "demo.yaml:9" in str(caught.value)
