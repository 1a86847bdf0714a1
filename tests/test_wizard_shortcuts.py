"""Fewer prompts where the earlier answers settle them (`sharewiz.cli.asking.shortcuts`).

The only choice left is taken unasked and said in one line; a `covers:` list ends itself
once every item has its entry; `across: {same: ...}` asks a choice once for the whole
list. The wizard's prompts are replaced by scripts, so each test says what the officer
answered and checks what was asked, what was said and what was saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from helpers import build_file_tree, typing_lines
from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.across import complete
from sharewiz.cli.asking.groups import GroupEditor
from sharewiz.cli.asking.shortcuts import offered, sole_choice
from sharewiz.errors import TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.conditions import expression_context
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import read_answers
from wizard_script import Grids, Script

ROOT = Path(__file__).resolve().parent.parent
NOTICES = ROOT / "examples"


def notice(name: str, *without: str) -> Wizard:
    """A wizard over a notice example's answers, without the answers named."""
    tree, _file, answers = read_answers(NOTICES / f"privacy-notice-{name}.yaml")
    kept = {q.id: answers.get(q.id) for q in tree.questions() if q.id not in without}
    return Wizard(tree, kept, on_answer=lambda _answers: None)


def context_of(wizard: Wizard) -> dict[str, Any]:
    """What the wizard's expressions see: every question id, the answers, `kb`."""
    return dict(expression_context(wizard.tree, wizard.answers))


def answering(wizard: Wizard, monkeypatch: pytest.MonkeyPatch, **given: Any) -> list[str]:
    """Answer each question asked with `given[id]` (an iterator: the next one each time)."""
    asked: list[str] = []

    def ask(question: Any, context: Any, **_: Any) -> Any:
        asked.append(question.id)
        value = given[question.id]
        return next(value) if isinstance(value, Iterator) else value

    monkeypatch.setattr(wizard, "ask", ask)
    return asked


def test_the_only_special_item_is_taken_unasked_and_the_list_ends_once_it_has_its_condition(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard = notice("council-adult-social-care", "special_conditions")
    asked = answering(wizard, monkeypatch, art9_condition="substantial_public_interest",
                      schedule1_condition="statutory_and_government_purposes")  # fmt: skip
    menus = Script([])
    monkeypatch.setattr("sharewiz.cli.asking.groups.select", menus)
    wizard.edit_group(wizard.tree.question("special_conditions"), context_of(wizard))
    assert wizard.answers["special_conditions"] == [
        {"items": ["Health and wellbeing"], "art9_condition": "substantial_public_interest",
         "schedule1_condition": "statutory_and_government_purposes"}]  # fmt: skip
    assert asked == ["art9_condition", "schedule1_condition"]  # not "For which information?"
    assert menus.menus == []  # no "Add a condition / Done" once the one item has its condition
    said = " ".join(capsys.readouterr().out.split())
    assert "For which information? Health and wellbeing (the only choice" in said
    assert "Every choice of “For which information?” is covered" in said


def test_a_list_not_yet_covering_every_item_asks_for_more_then_ends_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = notice("school-pupils", "special_conditions")
    health, fingerprints = (
        ["Health and medical needs", "Ethnicity"],
        ["Fingerprints for cashless catering"],
    )
    answering(
        wizard, monkeypatch, items=iter([health, fingerprints]),
        art9_condition=iter(["substantial_public_interest", "explicit_consent"]),
        schedule1_condition="statutory_and_government_purposes",
    )  # fmt: skip
    menus = Script(["Add a condition"])
    monkeypatch.setattr("sharewiz.cli.asking.groups.select", menus)
    entry_by_entry = replace(wizard.tree.question("special_conditions"), group_by=None)
    wizard.edit_group(entry_by_entry, context_of(wizard))
    entries = wizard.answers["special_conditions"]
    assert [e["items"] for e in entries] == [health, fingerprints]
    assert len(menus.menus) == 1  # after the first entry only: fingerprints had no condition


def test_a_list_grouped_by_condition_is_made_from_grids_and_split_where_answers_differ(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard = notice("school-pupils", "special_conditions")
    asked = answering(wizard, monkeypatch)
    grids = Grids({
        "Which Art 9(2) condition": {
            "Health and medical needs": "substantial_public_interest",
            "Ethnicity": "substantial_public_interest",
            "Fingerprints for cashless catering": "explicit_consent",
        },
        "Which condition in Schedule 1": {
            "Health and medical needs": "statutory_and_government_purposes",
            "Ethnicity": "racial_ethnic_diversity",
        },
    })  # fmt: skip
    monkeypatch.setattr("sharewiz.cli.asking.group_by_grid.grid", grids)
    menus = Script([])
    monkeypatch.setattr("sharewiz.cli.asking.groups.select", menus)
    wizard.edit_group(wizard.tree.question("special_conditions"), context_of(wizard))
    # one entry per set of answers: the two (g) items split by their Schedule 1 condition
    assert wizard.answers["special_conditions"] == [
        {"items": ["Health and medical needs"], "art9_condition": "substantial_public_interest",
         "schedule1_condition": "statutory_and_government_purposes"},
        {"items": ["Ethnicity"], "art9_condition": "substantial_public_interest",
         "schedule1_condition": "racial_ethnic_diversity"},
        {"items": ["Fingerprints for cashless catering"], "art9_condition": "explicit_consent",
         "schedule1_condition": None},
    ]  # fmt: skip
    # a row per special category item, none starting at a condition (a legal conclusion);
    # then a row per item whose condition needs a Schedule 1 one, offered only Part 2's
    assert grids.rows("Which Art 9(2) condition") == [
        ("Health and medical needs", None), ("Ethnicity", None),
        ("Fingerprints for cashless catering", None)]  # fmt: skip
    assert [label for label, _start in grids.rows("Which condition in Schedule 1")] == [
        "Health and medical needs", "Ethnicity"]  # fmt: skip
    second = next(rows for message, rows in grids.asked if message.startswith("Which condition"))
    for row in second:  # (g) pairs with Part 2 conditions only (DPA 2018 s10(3))
        offers = [c.value for c in row.choices]
        assert "equality" in offers and "health_social_care_purposes" not in offers
    assert asked == []  # nothing asked entry by entry
    assert menus.menus == []  # no "Add a condition / Done": every item has its condition
    said = " ".join(capsys.readouterr().out.split())
    assert "3 conditions: items given the same answers share one" in said


def test_a_covered_list_changed_from_the_review_opens_on_its_menu_and_takes_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = notice("council-adult-social-care")
    assert len(wizard.answers["special_conditions"]) == 1  # every item has its condition
    answering(wizard, monkeypatch, art9_condition="explicit_consent")
    menus = Script(["Add a condition", "Done"])
    monkeypatch.setattr("sharewiz.cli.asking.groups.select", menus)
    wizard.edit_group(wizard.tree.question("special_conditions"), context_of(wizard))
    entries = wizard.answers["special_conditions"]
    assert [e["art9_condition"] for e in entries] == ["health_social_care", "explicit_consent"]
    assert entries[1]["items"] == ["Health and wellbeing"]  # the only one, taken unasked
    assert len(menus.menus) == 2  # the officer adds one, then chooses Done


def test_the_only_choice_is_never_taken_over_an_answer_or_for_an_optional_question() -> None:
    wizard = notice("council-adult-social-care")
    items = wizard.tree.question("special_conditions").questions[0]
    context = context_of(wizard)
    assert sole_choice(items, context, None) == ["Health and wellbeing"]
    assert sole_choice(items, context, ["Health and wellbeing"]) is None  # changed from the review
    optional = type(items)(**{**items.__dict__, "required": False})
    assert sole_choice(optional, context, None) is None  # may be left empty


def test_the_schedule_1_condition_paired_with_art_9_h_is_taken_and_g_offers_only_part_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # DPA 2018 s10(2): Art 9(2)(h) is met only with Sch 1 Part 1, whose para 2 is for health
    # or social care; s10(3): (g) only with a Part 2 condition
    wizard = notice("council-adult-social-care", "special_conditions")
    asked = answering(wizard, monkeypatch, art9_condition="health_social_care")
    wizard.edit_group(wizard.tree.question("special_conditions"), context_of(wizard))
    assert asked == ["art9_condition"]
    assert wizard.answers["special_conditions"][0]["schedule1_condition"] == (
        "health_social_care_purposes")  # fmt: skip
    said = " ".join(capsys.readouterr().out.split())
    assert "DPA 2018 Sch 1 para 2; s10(2); UK GDPR Art 9(2)(h)" in said
    field = wizard.tree.question("special_conditions").questions[2]
    part2 = offered(field, {**context_of(wizard), "art9_condition": "substantial_public_interest"})
    assert len(part2.choices) > 1
    assert all(c.citation.startswith("DPA 2018 Sch 1 para") for c in part2.choices)
    assert "health_social_care_purposes" not in part2.choice_values()
    # an earlier answer stays in its list, so the review can show it and change it
    kept = offered(field, {**context_of(wizard), "art9_condition": "health_social_care"},
                   keep="research")  # fmt: skip
    assert kept.choice_values() == ["health_social_care_purposes", "research"]


def test_an_answers_file_pairing_other_conditions_still_reads_the_same(tmp_path: Path) -> None:
    # the pairing narrows what the wizard offers, never what a file may hold (the checks
    # report a condition that does not pair)
    text = (NOTICES / "privacy-notice-council-adult-social-care.yaml").read_text(encoding="utf-8")
    paired = "schedule1_condition: health_social_care_purposes"
    assert text.count(paired) == 1
    (tmp_path / "answers.yaml").write_text(
        text.replace(paired, "schedule1_condition: research"), encoding="utf-8"
    )
    _tree, _file, answers = read_answers(tmp_path / "answers.yaml")
    assert answers["special_conditions"][0]["schedule1_condition"] == "research"


TWO_PARTY = ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml"


def test_a_flow_is_sent_to_the_parties_other_than_its_senders(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tree, _file, answers = read_answers(TWO_PARTY)
    trust, council = (p["name"] for p in answers["parties"])
    to_parties = tree.question("flows").questions[1]
    context = dict(expression_context(tree, answers))
    # two parties: the one that does not send receives, taken unasked and said
    assert sole_choice(to_parties, {**context, "from_parties": [trust]}, None) == [council]
    said = " ".join(capsys.readouterr().out.split())
    assert f"To (the parties that receive) {council} (the only choice" in said
    # three: the senders are not offered; every party sends: all offered, nothing taken
    police = {**answers["parties"][1], "name": "Northshire Police"}
    three = {**context, "parties": [*answers["parties"], police]}
    offered_to = offered(to_parties, {**three, "from_parties": [trust]}).choice_values()
    assert offered_to == [council, "Northshire Police"]
    everyone = {**three, "from_parties": [trust, council, "Northshire Police"]}
    assert len(offered(to_parties, everyone).choices) == 3
    assert sole_choice(to_parties, {**three, "from_parties": [trust]}, None) is None


def test_a_sender_is_never_taken_as_its_own_flows_recipient(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tree, _file, answers = read_answers(TWO_PARTY)
    trust = answers["parties"][0]["name"]
    to_parties = tree.question("flows").questions[1]
    context = dict(expression_context(tree, answers))
    # the other party a processor (not offered): nothing is left for `choices_when`; the
    # question is asked, every choice offered, and nothing is taken (before: the sender
    # was taken as the flow's only recipient, "the only choice your earlier answers leave")
    processor = {**answers["parties"][1], "role": "processor"}
    alone = {**context, "parties": [answers["parties"][0], processor], "from_parties": [trust]}
    assert sole_choice(to_parties, alone, None) is None
    assert offered(to_parties, alone).choice_values() == [trust]
    assert "the only choice" not in capsys.readouterr().out


def test_an_answers_file_with_a_sender_among_the_recipients_still_reads(tmp_path: Path) -> None:
    text = TWO_PARTY.read_text(encoding="utf-8")
    recipients = "    to_parties:\n    - Northshire County Council\n"
    assert text.count(recipients) == 1
    both = recipients + "    - Northshire Hospitals NHS Foundation Trust\n"
    (tmp_path / "answers.yaml").write_text(text.replace(recipients, both), encoding="utf-8")
    _tree, _file, answers = read_answers(tmp_path / "answers.yaml")
    assert len(answers["flows"][0]["to_parties"]) == 2


def categories_without_provision(wizard: Wizard) -> GroupEditor:
    """The council's categories with what people must give left to ask, once the list is made."""
    for entry in wizard.answers["data_categories"]:
        entry.pop("provision")
        entry.pop("consequences")
    editor = GroupEditor(wizard, wizard.tree.question("data_categories"), context_of(wizard))
    editor.completing = True
    return editor


def test_what_people_must_give_is_one_screen_and_the_consequences_stay_per_category(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = notice("council-adult-social-care")
    editor = categories_without_provision(wizard)
    names = [e["name"] for e in wizard.answers["data_categories"]]
    provisions = ["voluntary", "statutory", "voluntary", "contractual"]
    asked = answering(wizard, monkeypatch)
    lines = typing_lines(monkeypatch, wizard.tree, {"consequences": "we cannot help"})
    grids = Grids({"Must people give": dict(zip(names, provisions, strict=True))})
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", grids)
    complete(editor)
    assert [e["provision"] for e in wizard.answers["data_categories"]] == provisions
    # provision on one screen; the two that must be given, a line each in one prompt
    assert asked == [] and lines == ["consequences"]
    consequences = [e["consequences"] for e in wizard.answers["data_categories"]]
    assert consequences == [None, "we cannot help", None, "we cannot help"]
    # each row starts at the tree's `otherwise` (voluntary), never a legal requirement
    assert grids.rows("Must people give") == [(name, "voluntary") for name in names]


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("{id: g, type: group, prompt: G, help: H, covers: name, questions: "
         "[{id: name, type: text, prompt: N, help: H}]}", "'covers' of 'g' must name one of its"),
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: k, type: multi, prompt: "
         "K, help: H, choices: [a, b], across: {same: All?}}]}", "'same' of 'k' is for a choice"),
        ("{id: g, type: group, prompt: G, help: H, group_by: [{field: c, grid: X}], questions: "
         "[{id: c, type: choice, prompt: C, help: H, choices: [a, b]}]}",
         "'group_by' of 'g' is for a list (a group) with 'covers'"),
        ("{id: g, type: group, prompt: G, help: H, covers: i, group_by: [{field: n, grid: X}], "
         "questions: [{id: i, type: multi, prompt: I, help: H, choices: [a, b]}, {id: n, "
         "type: text, prompt: N, help: H}]}", "'field' must name another of its choice fields"),
        ("{id: g, type: group, prompt: G, help: H, covers: i, group_by: [{field: c, grid: X}], "
         "questions: [{id: i, type: multi, prompt: I, help: H, choices: [a, b]}, {id: c, "
         "type: choice, prompt: C, help: H, choices: [x, y], when: i}]}",
         "the first screen's field 'c' must be required and asked of every entry"),
        ("{id: g, type: group, prompt: G, help: H, covers: i, group_by: [{field: c, grid: X}, "
         "{field: d, grid: Y}], questions: [{id: i, type: multi, prompt: I, help: H, choices: "
         "[a, b]}, {id: c, type: choice, prompt: C, help: H, choices: [x, y]}, {id: d, type: "
         "choice, prompt: D, help: H, choices: [x, y], when: e}, {id: e, type: text, prompt: E, "
         "help: H}]}", "the condition of 'd' reads e, not answered when its screen is shown"),
        ("{id: g, type: group, prompt: G, help: H, covers: i, group_by: {field: c, grid: X}, "
         "questions: [{id: i, type: multi, prompt: I, help: H, choices: [a, b]}, {id: c, "
         "type: choice, prompt: C, help: H, choices: [x, y]}]}", "must be a list of screens"),
        ("{id: g, type: group, prompt: G, help: H, covers: i, group_by: [{field: c}], "
         "questions: [{id: i, type: multi, prompt: I, help: H, choices: [a, b]}, {id: c, "
         "type: choice, prompt: C, help: H, choices: [x, y]}]}", "'group_by' of 'g' needs 'grid'"),
        ("{id: g, type: group, prompt: G, help: H, covers: i, group_by: [{field: c, grid: X, "
         "rows: y}], questions: [{id: i, type: multi, prompt: I, help: H, choices: [a, b]}, "
         "{id: c, type: choice, prompt: C, help: H, choices: [x, y]}]}", "unknown key 'rows'"),
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: k, type: text, prompt: "
         "K, help: H, choices_when: choice}]}", "'choices_when' of 'k' is"),
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: k, type: choice, prompt: "
         "K, help: H, choices: [a, b], choices_when: choice == nothing}]}", "unknown question"),
    ],
)  # fmt: skip
def test_a_wrong_covers_group_by_or_same_is_rejected_at_load(
    tmp_path: Path, question: str, message: str
) -> None:
    tree = ("id: demo\nversion: 1\ntitle: Demo\ndocuments: [{id: demo, template: demo/demo.md.j2,"
            " title: Demo}]\nsections:\n  - id: main\n    title: Main\n    questions:\n"
            f"      - {question}\n")  # fmt: skip
    build_file_tree(tmp_path, {"demo.yaml": tree})
    with pytest.raises(TreeError) as caught:
        load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    assert message in str(caught.value) and "demo.yaml:9" in str(caught.value)
