"""A new list typed as lines (`as_lines:`): the lines read, refused, and asked in the wizard.

The splitting and checking of the lines is tested directly; the wizard's use of them with
the lines prompt replaced by a script (what the officer typed), and the tick lists and
single questions after it by scripts too. The pty test (tests/test_lines_pty.py) types
them for real.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from helpers import build_file_tree
from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.lines import LINES_HINT, NONE_HINT, read_lines
from sharewiz.cli.asking.position import Position
from sharewiz.errors import TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.answers import MAX_ANSWER_CHARS, InvalidAnswer
from sharewiz.model.colon_split import split_at_colon
from sharewiz.model.tree import Question
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import load_kind, read_answers
from wizard_script import Grids, Script

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"


def group(kind: str, group_id: str) -> Question:
    return load_kind(kind, tree_dirs=()).question(group_id)


# -- reading the lines --------------------------------------------------------------------


def test_a_line_is_split_at_its_first_colon_and_trimmed() -> None:
    assert split_at_colon(" Schools :  attendance: and exclusions ") == (
        "Schools", "attendance: and exclusions")  # fmt: skip
    assert split_at_colon("GP practices") == ("GP practices", None)
    assert split_at_colon(": nothing before it") == (": nothing before it", None)  # kept whole
    assert split_at_colon("Photographs:") == ("Photographs", "")


def test_each_line_is_an_entry_and_the_colon_answers_the_next_field() -> None:
    items = group("data-sharing-agreement", "data_items")
    text = (
        "Mother's name and NHS number: to match records\n\n"
        "  Estimated date of delivery  \n"  # trimmed; the blank line above is skipped
        "Address:\n"  # nothing after the colon: the description is asked on its own
    )
    assert read_lines(items, text) == [
        {"field": "Mother's name and NHS number", "description": "to match records"},
        {"field": "Estimated date of delivery"},
        {"field": "Address"},
    ]


def test_a_list_without_split_at_colon_keeps_a_colon_in_the_name() -> None:
    one = Question(id="g", type="group", prompt="G", help="h", item_name="thing",
                   questions=(Question(id="name", type="text", prompt="N", help="h"),))  # fmt: skip
    assert read_lines(one, "To assess needs: under the Care Act 2014") == [
        {"name": "To assess needs: under the Care Act 2014"}
    ]


def test_a_colon_is_split_only_where_the_field_after_it_is_asked() -> None:
    # a purpose's words for children: asked, and typed after a colon, only in a notice for them
    purposes = group("privacy-notice", "purposes")
    line = "To keep pupils safe: to keep you safe"
    assert read_lines(purposes, line, {"audience_includes_children": True}) == [
        {"description": "To keep pupils safe", "plain": "to keep you safe"}]  # fmt: skip
    assert read_lines(purposes, line, {"audience_includes_children": False}) == [
        {"description": line}]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type at least 1 source, one per line."),
        ("Schools\nGP practices\nschools: attendance",
         "Line 3 (schools) repeats line 1: give each source once."),
        ("Schools\n" + "x" * (MAX_ANSWER_CHARS + 1),
         f"Line 2 ({'x' * 39}…): {MAX_ANSWER_CHARS + 1:,} characters is over the limit of "
         f"{MAX_ANSWER_CHARS:,}"),
        ("Schools: " + "\x07", "Line 1 (\x07): contains the character U+0007"),
    ],
)  # fmt: skip
def test_lines_are_refused_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(InvalidAnswer) as info:
        read_lines(group("privacy-notice", "sources"), text)
    assert str(info.value).startswith(message)


def test_too_few_and_too_many_lines_are_refused_with_the_count() -> None:
    signatories = group("processor-contract", "controller_signatories")  # one to six
    with pytest.raises(InvalidAnswer, match=r"^At most 6 controller signatories: there are 7; "
                       r"remove 1\.$"):  # fmt: skip
        read_lines(signatories, "\n".join(f"Person {n}: Director" for n in range(7)))
    two = Question(id="g", type="group", prompt="G", help="h", min=2, item_name="source",
                   questions=(Question(id="name", type="text", prompt="N", help="h"),))  # fmt: skip
    with pytest.raises(
        InvalidAnswer, match=r"^Type at least 2 sources, one per line; there is 1\.$"
    ):
        read_lines(two, "Schools")


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
      - id: things
        type: group
        prompt: Which things?
        help: Each thing.
        item_name: thing
        as_lines: 'Things, one a line ("Chairs: four")'
        questions:
          - id: name
            type: text
            prompt: Thing
            help: A thing.
            split_at_colon: notes
          - id: notes
            type: text
            prompt: Notes
            help: Notes.
"""


def load(tmp_path: Path, old: str = "", new: str = "") -> Any:
    text = TREE.replace(old, new, 1)
    assert text != TREE or not old, "the replacement must change the tree"
    build_file_tree(tmp_path, {"demo.yaml": text})
    return load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())


def test_a_group_declares_its_lines_prompt(tmp_path: Path) -> None:
    assert load(tmp_path).question("things").as_lines == 'Things, one a line ("Chairs: four")'


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("            split_at_colon: notes\n", "            split_at_colon: notes\n"
         "            when: true\n", "needs a first field that is text, asked of every entry"
         " (its first field 'name' is text, asked only when its condition holds)"),
        ("            type: text\n            prompt: Thing\n            help: A thing.\n"
         "            split_at_colon: notes\n", "            type: email\n            prompt: Thing\n"
         "            help: A thing.\n", "needs a first field that is text, asked of every entry "
         "(its first field 'name' is email)"),
        ("        item_name: thing\n", "        item_name: thing\n        one_entry_per: name\n",
         "'one_entry_per' of 'things' must name"),  # refused first, by its own check
        ("            help: Notes.\n", "            help: Notes.\n            profile: controller_name\n",
         "'as_lines' of 'things' offers its first entry from the profile ('notes') only by "
         "its first field 'name', which has no 'profile'"),
        ("      - id: things\n", "      - id: title\n        type: text\n        prompt: T\n"
         "        help: A title.\n        as_lines: 'Titles'\n      - id: things\n",
         "'as_lines' is for a list (a group), not 'title'"),
        ("as_lines: 'Things, one a line (\"Chairs: four\")'", "as_lines: true",
         "'as_lines' of question 'things' must be text"),
    ],
)  # fmt: skip
def test_a_list_that_cannot_be_typed_as_lines_is_refused_at_load(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(TreeError) as info:
        load(tmp_path, old, new)
    assert info.value.message.startswith(f"{tmp_path / 'demo.yaml'}:"), info.value.message
    assert message in info.value.message, info.value.message


def test_a_group_inside_an_entry_is_refused_with_rounds_of_another(tmp_path: Path) -> None:
    nested = TREE.replace("          - id: notes\n", "          - id: parts\n            type: group\n"
                          "            prompt: Parts\n            help: Parts.\n"
                          "            across:\n              more: Which have another part?\n"
                          "            as_lines: 'Parts (\"Leg\")'\n            questions:\n"
                          "              - id: part\n                type: text\n"
                          "                prompt: Part\n                help: A part.\n"
                          "          - id: notes\n")  # fmt: skip
    build_file_tree(tmp_path, {"demo.yaml": nested})
    with pytest.raises(TreeError, match="'as_lines' of 'parts' replaces its 'across: more'"):
        load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())


# -- in the wizard ------------------------------------------------------------------------------


def council(saves: list[dict[str, Any]] | None = None) -> Wizard:
    tree, _file, answers = read_answers(NOTICE)
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id != "data_categories"}
    on_answer = (lambda a: saves.append(dict(a))) if saves is not None else (lambda _a: None)
    return Wizard(tree, start, on_answer=on_answer)


def test_a_new_list_is_typed_as_lines_then_asked_as_after_any_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saves: list[dict[str, Any]] = []
    wizard = council(saves)
    typed: list[tuple[str, str]] = []

    def lines(message: str, check: Any, *, hint: str, help_text: str) -> str:
        typed.append((message, hint))
        assert check("") == "Type at least 1 category, one per line."  # refused in the prompt
        assert "Each line: A short name" in help_text and "After a colon: Examples" in help_text
        return "Contact details: name, address\nHealth\nFinances: benefits and income\n"

    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", lines)
    asked: list[tuple[str, int]] = []

    def ask(question: Any, context: Any, **_: Any) -> Any:
        asked.append((question.id, len(saves)))
        return {"examples": "conditions and medication", "special_category_type": "health",
                "provision": "voluntary"}[question.id]  # fmt: skip

    monkeypatch.setattr(wizard, "ask", ask)
    grids = Grids({"What kind of data": {"Health": "special_category"}})
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", grids)
    group = wizard.tree.question("data_categories")
    wizard.edit_group(group, wizard.answers)
    assert typed == [(group.as_lines, LINES_HINT)]
    entries = wizard.answers["data_categories"]
    assert [(e["name"], e["examples"]) for e in entries] == [
        ("Contact details", "name, address"), ("Health", "conditions and medication"),
        ("Finances", "benefits and income")]  # fmt: skip
    assert [e["category"] for e in entries] == ["personal", "special_category", "personal"]
    # the line without a colon is asked its examples, after the entries were saved at once
    assert asked[0][0] == "examples"
    assert [e["name"] for e in saves[asked[0][1] - 1]["data_categories"]] == [
        "Contact details", "Health", "Finances"]  # fmt: skip
    assert [q for q, _ in asked].count("examples") == 1


def test_an_optional_list_may_be_left_empty_in_the_lines_prompt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = council()
    hints: list[str] = []

    def lines(message: str, check: Any, *, hint: str, help_text: str) -> str:
        hints.append(hint)
        assert check("") is True
        return ""

    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", lines)
    wizard.answers.pop("recipients")
    wizard.edit_group(wizard.tree.question("recipients"), wizard.answers)
    assert hints == [NONE_HINT]
    assert wizard.answers["recipients"] == []


def test_a_list_with_entries_opens_on_its_menu_not_the_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = council()

    def lines(*_a: Any, **_k: Any) -> str:
        raise AssertionError("a list with entries is not typed as lines")

    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", lines)
    menu = Script(["Done"])
    monkeypatch.setattr("sharewiz.cli.asking.groups.select", menu)
    before = list(wizard.answers["recipients"])
    wizard.edit_group(wizard.tree.question("recipients"), wizard.answers)  # from the review
    assert wizard.answers["recipients"] == before
    assert [o.label for o in menu.menus[0][1]][:2] == ["Add a recipient", "Done"]


def test_a_resumed_list_goes_on_with_the_field_left_after_the_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # as the file reads back after Ctrl-C: every field present, None where not yet asked
    tree, _file, answers = read_answers(NOTICE)
    start = {q.id: answers.get(q.id) for q in tree.questions()}
    blank = {q.id: None for q in tree.question("data_categories").questions}
    start["data_categories"] = [blank | {"name": "Contact details", "examples": "name"},
                                blank | {"name": "Health"},
                                blank | {"name": "Finances", "examples": "income"}]  # fmt: skip
    wizard = Wizard(tree, start, on_answer=lambda _a: None,
                    position=Position("data_categories", 2, completing=True))  # fmt: skip
    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", Script([]))
    asked: list[str] = []
    monkeypatch.setattr(wizard, "ask", lambda q, *_a, **_k: asked.append(q.id) or "x")
    monkeypatch.setattr("sharewiz.cli.asking.across.tick", lambda *_a, **_k: [])
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", Grids())  # rows as they start
    wizard.edit_group(tree.question("data_categories"), wizard.answers)
    # the examples of the line without a colon, then the fields after it; the lines are not
    # asked again, nor the examples the first line gave
    assert asked[0] == "examples" and asked.count("examples") == 1
    assert [e["examples"] for e in wizard.answers["data_categories"]] == ["name", "x", "income"]
    # and the fields after it, on one screen across the three (each starting at personal)
    assert [e["category"] for e in wizard.answers["data_categories"]] == ["personal"] * 3


def test_a_partys_signatories_are_typed_as_lines_and_asked_only_what_they_lack(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sharewiz.cli.asking.groups import GroupEditor

    tree = load_kind("data-sharing-agreement", tree_dirs=())
    saves: list[Any] = []
    wizard = Wizard(tree, {}, on_answer=lambda a: saves.append(copy.deepcopy(a["parties"])))
    editor = GroupEditor(wizard, tree.question("parties"), {})
    editor.entries = [{"name": "Northshire Police"}]
    signatories = next(q for q in editor.group.questions if q.id == "signatories")
    typed = "Ann Lee: Chief Constable\nRaj Patel: Data Protection Officer\nSam Roe\n"
    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", lambda *_a, **_k: typed)
    asked: list[str] = []
    answers = {"role": "senior_officer", "job_title": "Head of Legal"}
    monkeypatch.setattr(wizard, "ask", lambda q, *_a, **_k: asked.append(q.id) or answers[q.id])
    entries = editor.ask_inner_group(signatories, {}, None, into=editor.entries[0])
    assert entries == [
        {"name": "Ann Lee", "job_title": "Chief Constable", "role": "senior_officer"},
        {"name": "Raj Patel", "job_title": "Data Protection Officer", "role": "dpo"},
        {"name": "Sam Roe", "job_title": "Head of Legal", "role": "senior_officer"},
    ]
    # the DPO's role is taken from the job title; a line without a colon is asked its title
    assert asked == ["role", "job_title", "role"]
    # saved in the party's entry as soon as the lines were typed, then after each signatory
    assert [s["name"] for s in saves[0][0]["signatories"]] == ["Ann Lee", "Raj Patel", "Sam Roe"]
    assert "role" not in saves[0][0]["signatories"][0]
    # changed from the review (the list has entries): each asked again, not typed as lines
    monkeypatch.setattr("sharewiz.cli.asking.groups.confirm", lambda *_a, **_k: False)
    asked.clear()
    monkeypatch.setattr(
        wizard, "ask", lambda q, *_a, current=None, **_k: asked.append(q.id) or current
    )
    assert editor.ask_inner_group(signatories, {}, entries, into=editor.entries[0]) == entries
    assert asked == ["name", "job_title", "role"] * 3  # each with its earlier answer
