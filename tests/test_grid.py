"""A choice asked of a list's entries on one screen (`across: {grid}`): the table's logic
and layout, the key's validation at load, and what the wizard puts on the screen and saves.

The screen itself is driven in a pty in tests/test_grid_pty.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from helpers import build_file_tree, typing_lines
from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.grid_table import NOT_CHOSEN, GridTable, plain, start_row
from sharewiz.errors import TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.conditions import expression_context
from sharewiz.model.tree import Choice
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import read_answers
from wizard_script import Grids

ROOT = Path(__file__).resolve().parent.parent
KINDS = (Choice("personal", "Personal data (neither of the others)"),
         Choice("special_category", "Special category data", citation="UK GDPR Art 9(1)"),
         Choice("criminal_offence", "Criminal offence data", citation="UK GDPR Art 10"))  # fmt: skip


def table(*starts: str | None, labels: Sequence[str] = ()) -> GridTable:
    names = list(labels) or [f"Category {n}" for n in range(1, len(starts) + 1)]
    return GridTable(
        [start_row(name, KINDS, start) for name, start in zip(names, starts, strict=True)]
    )


# -- the table ---------------------------------------------------------------------------


def test_a_row_starts_at_its_value_or_not_chosen_and_changes_round_its_choices() -> None:
    grid = table("special_category", None, "not a choice")
    assert [r.value for r in grid.rows] == ["special_category", None, None]
    grid.change(1)
    assert grid.rows[0].value == "criminal_offence"
    grid.change(1)  # round to the first
    assert grid.rows[0].value == "personal"
    grid.move(1)
    grid.change(-1)  # from not chosen, backwards: the last choice
    assert grid.rows[1].value == "criminal_offence"
    grid.move(5)  # stops at the last row
    assert grid.cursor == 2
    grid.change(1)  # from not chosen, forwards: the first
    assert grid.rows[2].shown == "Personal data (neither of the others)"


def test_enter_is_refused_while_a_row_is_not_chosen_naming_it_and_keeping_the_rest() -> None:
    grid = table("special_category", None, None, labels=["Health", "Ethnicity", "Religion"])
    assert not grid.accept()
    assert grid.cursor == 1  # the first row not chosen is highlighted
    text = plain(grid.lines(80, 24))
    assert "Choose for each row first (← or →): Ethnicity; Religion." in text
    assert grid.rows[0].value == "special_category"  # nothing lost
    grid.change(1)
    grid.move(1)
    grid.change(1)
    assert grid.accept() and grid.values() == ["special_category", "personal", "personal"]
    assert "Choose for each row" not in plain(grid.lines(80, 24))
    assert grid.summary().splitlines()[1] == "Ethnicity: Personal data (neither of the others)"


def test_long_labels_are_cut_with_an_ellipsis_and_shown_whole_under_the_table() -> None:
    long = "Names and addresses of pupils and their parents or carers with emergency numbers"
    choice = Choice("x", "Not required, but we cannot provide the service without it",
                    citation="UK GDPR Art 13(2)(e)")  # fmt: skip
    grid = GridTable([start_row(long, (choice,), "x"), start_row("Health", (choice,), None)])
    for width in (80, 150):
        lines = plain(grid.lines(width, 24)).splitlines()
        assert all(len(line) < width for line in lines)
        assert lines[0].startswith(" » Names and addresses")
        assert lines[1].startswith("   Health ") and lines[1].endswith(NOT_CHOSEN)
        under = " ".join(" ".join(lines[3:]).split())
        assert f"{long}: {choice.label} (UK GDPR Art 13(2)(e))" in under
    narrow = plain(grid.lines(80, 24)).splitlines()
    assert "…" in narrow[0]  # cut in the table at 80 columns
    wide = plain(grid.lines(150, 24)).splitlines()
    assert "…" in wide[0]  # the label column takes at most two fifths of the width
    assert choice.label in wide[0]  # the choice whole at 150 columns


def test_a_table_taller_than_the_screen_scrolls_with_the_highlighted_row() -> None:
    grid = table(*["personal"] * 30)
    lines = plain(grid.lines(80, 12)).splitlines()
    assert len(lines) <= 12
    assert "  Rows 1-9 of 30: ↓ for more" in lines
    grid.move(29)
    lines = plain(grid.lines(80, 12)).splitlines()
    assert lines[8].startswith(" » Category 30")
    assert "  Rows 22-30 of 30: ↑ for earlier" in lines


# -- the tree key ------------------------------------------------------------------------

TREE = """
id: demo
version: 1
title: Demo
documents: [{id: demo, template: demo/demo.md.j2, title: Demo}]
sections:
  - id: main
    title: Main
    questions:
      - id: g
        type: group
        prompt: G
        help: H
        questions:
          - {question}
"""


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("{id: kind, type: choice, prompt: K, help: H, choices: [a, b], "
         "across: {ticks: [{value: a, prompt: P}], otherwise: b}}", "(a choice field) needs 'grid'"),
        ("{id: kind, type: choice, prompt: K, help: H, choices: [a, b], "
         "across: {each: 'Which are {choice}?'}}", "(a choice field) needs 'grid'"),
        ("{id: ok, type: yes_no, prompt: K, help: H, across: {grid: Which?}}",
         "(a yes_no field) needs 'ticks'"),
        ("{id: kind, type: multi, prompt: K, help: H, choices: [a, b], across: {grid: Which?}}",
         "(a multi field) needs 'each'"),
        ("{id: kind, type: choice, prompt: K, help: H, choices: [a, b], "
         "across: {grid: Which?, otherwise: c}}", "'c' is not a choice of 'kind'"),
        ("{id: kind, type: choice, prompt: K, help: H, choices: [a, b], "
         "across: {grid: Which?, same: All?}}", "'same' of 'kind' is for a choice field, alone"),
        ("{id: ok, type: yes_no, prompt: K, help: H, across: {ticks: [{value: yes, prompt: P}, "
         "{value: no, prompt: Q}], otherwise: no}}", "must be one tick list"),
    ],
)  # fmt: skip
def test_a_grid_where_it_does_not_fit_is_rejected_at_load_with_its_line(
    tmp_path: Path, question: str, message: str
) -> None:
    build_file_tree(tmp_path, {"demo.yaml": TREE.replace("{question}", question)})
    with pytest.raises(TreeError) as caught:
        load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    assert message in str(caught.value) and "demo.yaml:14" in str(caught.value)


# -- the wizard ----------------------------------------------------------------------------


def test_a_notices_categories_take_one_screen_a_field(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree, _file, answers = read_answers(ROOT / "examples" / "privacy-notice-school-pupils.yaml")
    expected = answers["data_categories"]
    wizard = Wizard(tree, {k: v for k, v in answers.items() if k != "data_categories"},
                    on_answer=lambda _answers: None)  # fmt: skip
    names = [c["name"] for c in expected]
    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", lambda *_a, **_k: "\n".join(
        f"{c['name']}: {c['examples']}" for c in expected))  # fmt: skip
    grids = Grids({
        "What kind": {c["name"]: c["category"] for c in expected},
        "Which special": {c["name"]: c["special_category_type"] for c in expected
                          if c.get("special_category_type")},
        "Must people": {c["name"]: c["provision"] for c in expected if c.get("provision")},
    })  # fmt: skip
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", grids)
    typing_lines(monkeypatch, tree, {"consequences": "we cannot admit your child"})
    by_name = {c["name"]: c for c in expected}
    monkeypatch.setattr(wizard, "ask", lambda question, context, **_: by_name[context["name"]].get(
        question.id) if "name" in context else None)  # fmt: skip
    monkeypatch.setattr("sharewiz.cli.asking.across.tick", lambda _m, options, **_k: [
        o.value for o in options if False])  # fmt: skip
    wizard.edit_group(tree.question("data_categories"), wizard.answers)
    kinds, specials, provisions = (rows for _message, rows in grids.asked[:3])
    # every category on the first screen, each starting at the tree's `otherwise`
    assert [r.label for r in kinds] == names and {r.value for r in kinds} == {"personal"}
    # the special ones only on the second, not chosen (no category is assumed)
    special = [c["name"] for c in expected if c["category"] == "special_category"]
    assert [r.label for r in specials] == special and {r.value for r in specials} == {None}
    assert {r.value for r in provisions} == {"voluntary"}
    saved = wizard.answers["data_categories"]
    for field in ("category", "special_category_type", "provision"):
        assert [c.get(field) for c in saved] == [c.get(field) for c in expected]


def test_a_row_offers_the_choices_its_own_entry_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    tree, _file, answers = read_answers(ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml")
    parties = [{k: v for k, v in p.items() if k not in ("role", "regime", "rights_route")}
               for p in answers["parties"]]  # fmt: skip
    parties[1]["organisation_type"] = "police"
    wizard = Wizard(tree, {**answers, "parties": parties}, on_answer=lambda _answers: None)
    grids = Grids()
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", grids)
    monkeypatch.setattr(wizard, "ask", lambda question, *_a, **_k: None)
    from sharewiz.cli.asking.across import complete
    from sharewiz.cli.asking.groups import GroupEditor

    context = expression_context(tree, wizard.answers)
    editor = GroupEditor(wizard, tree.question("parties"), context)
    complete(editor)
    screens = {message: rows for message, rows in grids.asked}
    law = screens["Which law governs the processing of each of these in this sharing?"]
    assert [r.value for r in law] == ["uk_gdpr", "part3"]  # each row at its own default
    roles = screens["What is the role of each of these in this sharing?"]
    assert {r.value for r in roles} == {None}  # no role is assumed


def test_a_choice_without_its_own_citation_is_shown_with_the_questions_law() -> None:
    required = Choice("statutory", "Required by law (an enactment obliges them to give it)")
    grid = GridTable([start_row("Attendance", (required,), "statutory")],
                     law="UK GDPR Art 13(2)(e)")  # fmt: skip
    under = " ".join(plain(grid.lines(150, 24)).split())
    assert f"Attendance: {required.label} (UK GDPR Art 13(2)(e))" in under
