"""Party 1's signatories from the organisation profile (`signatories`, "name: job title" lines).

Who signs agreements for the officer's own organisation rarely changes: the profile
holds them, one a line, checked as the wizard checks a party's lines. The wizard lists
them with party 1's other profile answers in the one yes/no; yes takes them (each
signatory's role then taken from the job title or asked, as after typed lines), no asks
as before. Typed for party 1 where the profile lacks them, they are offered for saving.
Never put beneath an answers file: it names each agreement's own signatories.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomlkit
from typer.testing import CliRunner

from helpers import build_file_tree
from sharewiz.cli.app import app
from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.profile_offer import profile_offer
from sharewiz.cli.asking.shortcuts import DIFFERS
from sharewiz.errors import FileFormatError, TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.profile import BY_KEY, check_value, load_profile, user_profile_path
from sharewiz.model.settings import fill_defaults
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import read_answers
from wizard_script import Grids

ROOT = Path(__file__).resolve().parent.parent
TWO_PARTY = ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml"
COUNCIL = "Northshire County Council"
SIGNATORIES = "Priya Raman: Director of Resources\nDr Ade Bello: Caldicott Guardian"
MINE = {"controller_name": COUNCIL, "controller_type": "local_authority",
        "controller_address": "County Hall\nNorthtown NT1 1AA", "ico_registration": "Z1234567",
        "protocol_name": "Northshire Information Sharing Protocol", "protocol_version": "2.0"}  # fmt: skip
runner = CliRunner()


def flat(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


# -- the profile key ------------------------------------------------------------------------


def test_signatories_are_read_a_line_each_and_tidied() -> None:
    typed = "  Priya   Raman :  Director of Resources \n\n Dr Ade Bello: Caldicott Guardian\n"
    assert check_value("signatories", typed, where="p", base=Path.cwd()) == SIGNATORIES
    assert BY_KEY["signatories"].offered_only  # never beneath an answers file


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Priya Raman", "signatories: line 1 ('Priya Raman') has no job title after a colon"),
        (
            "Priya Raman: Director\nDr Ade Bello:",
            "signatories: line 2 ('Dr Ade Bello:') has no job title",
        ),
        (": Director", "signatories: line 1 (': Director') has no job title"),
        (
            "Priya Raman: Director\npriya raman: SIRO",
            "signatories: line 2 ('priya raman') repeats line 1",
        ),
        ("   ", "signatories: must be non-empty text"),
    ],
)
def test_profile_set_refuses_signatories_the_wizard_could_not_read(
    value: str, message: str
) -> None:
    result = runner.invoke(app, ["profile", "set", "signatories", value])
    assert result.exit_code == 1
    said = flat(result.output)
    assert f"error: {user_profile_path()} (signatories): {message}" in said
    if "job title" in message:
        assert "hint: one signatory a line, the name, a colon, then the job title" in said
    assert not user_profile_path().exists()


def test_profile_set_keeps_them_as_lines_and_show_and_unset_handle_them() -> None:
    result = runner.invoke(app, ["profile", "set", "signatories", SIGNATORIES.replace("\n", "\\n")])
    assert result.exit_code == 0, result.output
    text = user_profile_path().read_text(encoding="utf-8")
    assert f'signatories = """{SIGNATORIES}\n"""' in text  # a line each, editable by hand
    assert load_profile().values["signatories"] == SIGNATORIES
    shown = runner.invoke(app, ["profile", "show"])
    assert "Priya Raman: Director of Resources / Dr Ade Bello: Caldicott Guardian" in shown.output
    assert runner.invoke(app, ["profile", "unset", "signatories"]).exit_code == 0
    assert "signatories" not in load_profile().values


def test_a_hand_edited_profile_with_a_bad_line_names_the_file_and_line() -> None:
    path = user_profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'name = "{COUNCIL}"\nsignatories = """\nPriya Raman\n"""\n', encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        load_profile()
    assert f"{path}:2: signatories: line 1 ('Priya Raman') has no job title" in str(caught.value)


# -- the tree key ----------------------------------------------------------------------------

TREE = """
id: demo
version: 1
title: Demo
documents: [{id: demo, template: demo/demo.md.j2, title: Demo}]
sections:
  - id: main
    title: Main
    questions:
      - id: parties
        type: group
        prompt: P
        help: H
        questions:
          - {id: name, type: text, prompt: N, help: H, profile: controller_name}
          - {question}
"""
SIGNS = ("{id: signatories, type: group, prompt: S, help: H, profile: signatories, %s"
         "questions: [{id: name, type: text, prompt: N, help: H, %s}, "
         "{id: job_title, type: text, prompt: J, help: H}]}")  # fmt: skip


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("{id: who, type: text, prompt: W, help: H, profile: signatories}",
         "'profile' of 'who' names 'signatories', which the profile holds as lines of "
         "signatories: it goes on a list"),
        ("{id: who, type: group, prompt: W, help: H, profile: controller_address, "
         "questions: [{id: name, type: text, prompt: N, help: H}]}",
         "'profile' of 'who' names 'controller_address', which the profile holds as one "
         "answer, but 'who' is a list"),
        (SIGNS % ("", "split_at_colon: job_title"),
         "'profile' of 'signatories' gives its entries as lines"),
        (SIGNS % ("as_lines: Who signs, ", ""),
         "'profile' of 'signatories' gives its entries as lines"),
    ],
)  # fmt: skip
def test_a_wrong_profile_of_a_list_is_rejected_at_load(
    tmp_path: Path, question: str, message: str
) -> None:
    build_file_tree(tmp_path, {"demo.yaml": TREE.replace("{question}", question)})
    with pytest.raises(TreeError) as caught:
        load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    assert "demo.yaml:15:" in str(caught.value) or "demo.yaml:16:" in str(caught.value)
    assert message in str(caught.value)


def test_a_list_typed_as_lines_may_take_the_profiles_signatories(tmp_path: Path) -> None:
    question = SIGNS % ("as_lines: Who signs, ", "split_at_colon: job_title")
    build_file_tree(tmp_path, {"demo.yaml": TREE.replace("{question}", question)})
    tree = load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    assert tree.question("parties").questions[1].profile == "signatories"


# -- in the wizard -------------------------------------------------------------------------


def agreement(
    monkeypatch: pytest.MonkeyPatch, profile: dict[str, Any], take: bool
) -> tuple[Wizard, list[str], list[str], dict[str, Any]]:
    """The two-party agreement from its protocol on, with `profile`, its yes/nos answered
    `take`, run to the end of the questions and the offer to save; the lines prompts of
    signatories shown (by the party above them), the yes/nos, and what was saved."""
    tree, _file, answers = read_answers(TWO_PARTY)
    later = ("protocol_name", "protocol_version", "parties")
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id not in later}
    offer = profile_offer(profile)
    saved: dict[str, Any] = {}
    offer.save = lambda key, value: saved.__setitem__(key, value)
    wizard = Wizard(tree, start, on_answer=lambda _answers: None, profile=offer)
    parties = tree.question("parties")
    signatory_role = parties.questions[-1].questions[-1]
    lines: list[str] = []

    def ask(question: Any, context: Any, **_: Any) -> Any:
        if question is signatory_role:
            return "senior_officer"
        typed = {"role": "controller", "organisation_type": "police", "address": "Police HQ",
                 "contact_name": "IG", "contact_email": "ig@example.org", "name": COUNCIL}  # fmt: skip
        return typed.get(question.id, "typed")

    def ask_lines(message: str, *_a: Any, **_k: Any) -> str:
        if message == parties.as_lines:
            return "Northshire Police" if take else f"{COUNCIL}\nNorthshire Police"
        lines.append(message)
        return "Jo Bloggs: Chief Constable" if len(lines) > 1 or take else SIGNATORIES

    monkeypatch.setattr(wizard, "ask", ask)
    monkeypatch.setattr("sharewiz.cli.asking.across.tick", lambda *_a, **_k: [])
    monkeypatch.setattr("sharewiz.cli.asking.shortcuts.select", lambda *_a, **_k: DIFFERS)
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", Grids())  # rows as they start
    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", ask_lines)
    offers: list[str] = []
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm", lambda message, **_: (
        offers.append(message) or take or message.startswith("Save them")))  # fmt: skip
    wizard.ask_missing()
    asked = [q for q in tree.questions() if q.id in wizard.asked]
    own = wizard.profile.values.get("controller_name") if wizard.profile else None
    from sharewiz.cli.asking.profile_offer import own_entry_answers

    mine = own_entry_answers(tree, wizard.answers, own, offer.values)
    offer.offer_saving([*asked, *mine[0]], {**wizard.answers, **mine[1]})
    return wizard, lines, offers, saved


def test_yes_takes_party_1s_signatories_with_the_profiles_other_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard, lines, offers, saved = agreement(
        monkeypatch, {**MINE, "signatories": SIGNATORIES}, take=True
    )
    assert offers[0] == "Use them? (No: you are asked each one, with these as suggestions)"
    said = " ".join(capsys.readouterr().out.split())
    listed = said[: said.index("Section 2 of")]
    assert ("Who signs for this organisation?: Priya Raman: Director of Resources; "
            "Dr Ade Bello: Caldicott Guardian") in listed  # fmt: skip
    first, second = wizard.answers["parties"]
    # the roles as after typed lines: taken where the job title names it, asked otherwise
    assert first["signatories"] == [
        {"name": "Priya Raman", "job_title": "Director of Resources", "role": "senior_officer"},
        {"name": "Dr Ade Bello", "job_title": "Caldicott Guardian", "role": "caldicott_guardian"},
    ]
    assert second["signatories"][0]["name"] == "Jo Bloggs"
    assert len(lines) == 1  # party 2's lines only
    assert "signatories" not in saved  # the profile holds them: nothing to save


def test_no_asks_party_1s_signatories_as_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    wizard, lines, offers, saved = agreement(
        monkeypatch, {**MINE, "signatories": SIGNATORIES}, take=False
    )
    assert offers[:2] == ["Use them? (No: you are asked each one, with these as suggestions)",
                          "Use your organisation profile for party 1? (No: you are asked each one)"]  # fmt: skip
    assert len(lines) == 2  # each party's
    assert [s["name"] for s in wizard.answers["parties"][0]["signatories"]] == [
        "Priya Raman", "Dr Ade Bello"]  # fmt: skip
    assert "signatories" not in saved  # the same as the profile's


def test_signatories_typed_for_party_1_are_offered_for_saving(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the profile without signatories, party 1 typed (no): its lines offered, as lines
    wizard, lines, offers, saved = agreement(monkeypatch, MINE, take=False)
    assert offers[-1] == "Save them to your profile, to offer them in your next documents?"
    said = " ".join(capsys.readouterr().out.split())
    assert ("Who signs for this organisation?: Priya Raman: Director of Resources; "
            "Dr Ade Bello: Caldicott Guardian") in said[said.index("not in your organisation"):]  # fmt: skip
    assert saved["signatories"] == SIGNATORIES
    # party 2's signatories are never offered: only the officer's own organisation's
    assert "Jo Bloggs" not in str(saved)


def test_an_answers_file_and_a_render_never_take_them() -> None:
    tree, _file, answers = read_answers(TWO_PARTY)
    without = {k: v for k, v in answers.items() if k != "parties"}
    filled = fill_defaults(tree, without, {"signatories": SIGNATORIES, **MINE})
    assert "signatories" not in filled and "parties" not in filled
    document = tomlkit.parse(f'signatories = """{SIGNATORIES}"""')
    assert document["signatories"] == SIGNATORIES
