"""The parties' names typed as lines, after party 1 from the organisation profile.

The list of parties offers party 1 (the officer's own organisation) from the profile,
then takes the other parties' names in one multi-line prompt, a name a line; each
party's other fields are asked after, as after any list. The lines are counted with
party 1 against the list's min and max, and a line naming party 1 again is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.lines import LINES_HINT, read_lines
from sharewiz.cli.asking.profile_offer import profile_offer
from sharewiz.cli.asking.shortcuts import DIFFERS
from sharewiz.model.answers import InvalidAnswer
from sharewiz.model.conditions import expression_context
from sharewiz.sets.build import load_kind, read_answers
from wizard_script import Grids

ROOT = Path(__file__).resolve().parent.parent
TWO_PARTY = ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml"
COUNCIL, POLICE, TRUST = "Northshire County Council", "Northshire Police", "Northshire NHS Trust"
MINE = {"controller_name": COUNCIL, "controller_type": "local_authority",
        "controller_address": "County Hall\nNorthtown", "ico_registration": "Z1234567"}  # fmt: skip


def test_every_kind_with_a_list_of_parties_types_their_names_as_lines() -> None:
    for kind in ("data-sharing-agreement", "information-sharing-protocol"):
        parties = load_kind(kind, tree_dirs=()).question("parties")
        assert parties.as_lines == (
            'Each party\'s full legal name, as on the ICO register ("Northshire Police")'
        )
        assert parties.questions[0].profile == "controller_name"


def test_the_lines_after_party_1_count_with_it_and_never_name_it_again() -> None:
    parties = load_kind("data-sharing-agreement", tree_dirs=()).question("parties")  # 2 to 40
    own = [{"name": COUNCIL, "organisation_type": "local_authority"}]
    assert read_lines(parties, f"{POLICE}\n\n  {TRUST}  \n", before=own) == [
        {"name": POLICE}, {"name": TRUST}]  # fmt: skip
    assert read_lines(parties, POLICE, before=own) == [{"name": POLICE}]  # with party 1: two
    # sharing needs a discloser and a recipient: party 1 alone is refused, in the prompt
    with pytest.raises(InvalidAnswer, match=r"^Type at least 1 more party, one per line\.$"):
        read_lines(parties, "", before=own)
    with pytest.raises(InvalidAnswer, match=r"^Line 2 \(northshire county council\) repeats "
                       r"party 1: give each party once\.$"):  # fmt: skip
        read_lines(parties, f"{POLICE}\nnorthshire county council", before=own)
    with pytest.raises(InvalidAnswer, match=r"^At most 39 more parties: there are 40; remove 1\.$"):
        read_lines(parties, "\n".join(f"Party {n}" for n in range(40)), before=own)
    with pytest.raises(
        InvalidAnswer, match=r"^Type at least 2 parties, one per line; there is 1\.$"
    ):
        read_lines(parties, f"{POLICE}")  # no party 1 from the profile: the lines are all of them


def run(
    monkeypatch: pytest.MonkeyPatch, take: bool, typed: str
) -> tuple[Wizard, list[tuple[str, str]], list[str]]:
    """The two-party agreement's parties made from empty, the profile MINE offered for
    party 1 and answered `take`, the lines answered `typed`; the lines prompts shown
    (message, hint), and the questions asked one by one."""
    tree, _file, answers = read_answers(TWO_PARTY)
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id != "parties"}
    wizard = Wizard(tree, start, on_answer=lambda _a: None, profile=profile_offer(MINE))
    parties = tree.question("parties")
    shown: list[tuple[str, str]] = []

    def lines(message: str, check: Any, *, hint: str, help_text: str) -> str:
        shown.append((message, hint))
        if message != parties.as_lines:
            return "Jo Bloggs: Director"  # a party's signatories
        if take:  # the prompt refuses party 1 again, and keeps the lines to correct
            assert check(f"{POLICE}\n{COUNCIL}") == (
                f"Line 2 ({COUNCIL}) repeats party 1: give each party once."
            )
        assert "Each line: The name as it appears on the ICO register" in help_text
        return typed

    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", lines)
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm", lambda *_a, **_k: take)
    asked: list[str] = []
    given = {"organisation_type": "police", "address": "Police HQ", "contact_name": "IG",
             "contact_email": "ig@example.org"}  # fmt: skip
    monkeypatch.setattr(wizard, "ask", lambda q, *_a, **_k: asked.append(q.id) or given.get(q.id))
    monkeypatch.setattr("sharewiz.cli.asking.across.tick", lambda *_a, **_k: [])
    monkeypatch.setattr("sharewiz.cli.asking.shortcuts.select", lambda *_a, **_k: DIFFERS)
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", Grids())  # rows as they start
    wizard.edit_group(parties, expression_context(tree, wizard.answers))
    return wizard, shown, asked


def test_party_1_from_the_profile_then_the_others_as_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard, shown, asked = run(monkeypatch, take=True, typed=f"{POLICE}\n{TRUST}\n")
    parties = wizard.tree.question("parties")
    assert shown[0] == (parties.as_lines, LINES_HINT)  # party 1 alone is not enough: two at least
    first, *others = wizard.answers["parties"]
    assert (first["name"], first["organisation_type"]) == (COUNCIL, "local_authority")
    assert [p["name"] for p in others] == [POLICE, TRUST]
    assert "name" not in asked  # no party's name asked one by one
    assert asked.count("organisation_type") == 2 and asked.count("contact_name") == 3
    said = " ".join(capsys.readouterr().out.split())
    assert f"The other parties, after {COUNCIL}:" in said


def test_without_party_1_from_the_profile_the_lines_are_every_party(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard, shown, asked = run(monkeypatch, take=False, typed=f"{COUNCIL}\n{POLICE}\n")
    assert shown[0] == (wizard.tree.question("parties").as_lines, LINES_HINT)
    assert [p["name"] for p in wizard.answers["parties"]] == [COUNCIL, POLICE]
    assert asked.count("organisation_type") == 2  # party 1's kind asked too, not taken
