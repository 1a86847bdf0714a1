"""A purpose's words for children typed after a colon, only in a notice for children.

A school's notice asked each purpose "The same purpose in words a child would
understand", a prompt a purpose. Typed as lines, each purpose now carries them after a
colon; the lines prompt says so only where that field is asked (children among the
readers), and elsewhere a colon is kept as typed (`as_lines: {with_colon, without_colon}`
with the colon field's `when`). The prompts are replaced by scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers import build_file_tree, typing_lines
from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.groups import GroupEditor
from sharewiz.cli.asking.lines import LINES_HINT
from sharewiz.errors import TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.conditions import expression_context
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import read_answers
from wizard_script import Grids

ROOT = Path(__file__).resolve().parent.parent
SCHOOL = ROOT / "examples" / "privacy-notice-school-pupils.yaml"
LINES = ("To teach pupils and report on their progress: to teach you and help you learn\n"
         "To send the school census to the Department for Education\n")  # fmt: skip


def school(**changes: Any) -> Wizard:
    tree, _file, answers = read_answers(SCHOOL)
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id != "purposes"}
    return Wizard(tree, start | changes, on_answer=lambda _a: None)


def typing(wizard: Wizard, monkeypatch: pytest.MonkeyPatch, **given: Any) -> tuple[
    list[tuple[str, str]], list[str]]:  # fmt: skip
    """Type LINES at the lines prompt and `given[id]` at each other prompt; what was
    shown at the lines prompt (the prompt and its help) and the ids asked."""
    shown: list[tuple[str, str]] = []
    asked: list[str] = []

    def lines(message: str, check: Any, *, hint: str, help_text: str) -> str:
        assert hint == LINES_HINT and check(LINES) is True
        shown.append((message, help_text))
        return LINES

    def ask(question: Any, context: Any, **_: Any) -> Any:
        asked.append(question.id)
        return given[question.id]

    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", lines)
    monkeypatch.setattr(wizard, "ask", ask)
    typing_lines(monkeypatch, wizard.tree, given)  # each purpose's law, a line each
    return shown, asked


def test_in_a_notice_for_children_a_purposes_words_for_them_follow_its_colon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = school()
    shown, asked = typing(wizard, monkeypatch, plain=None, basis="legal_obligation",
                          legal_source="Education Act 1996, section 537A",
                          statutory_function=None)  # fmt: skip
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", Grids({"What": "public_task"}))
    group = wizard.tree.question("purposes")
    wizard.edit_group(group, wizard.answers)
    assert shown[0][0] == group.as_lines and "after a colon in words a child" in shown[0][0]
    assert "After a colon: The same purpose in words a child would understand" in shown[0][1]
    first, second = wizard.answers["purposes"]
    assert (first["description"], first["plain"]) == (
        "To teach pupils and report on their progress",
        "to teach you and help you learn",
    )
    # a line without a colon is asked its words for children, on its own
    assert asked.count("plain") == 1 and second["plain"] is None
    assert second["description"] == "To send the school census to the Department for Education"


def test_in_a_notice_not_for_children_the_prompt_has_no_colon_and_a_colon_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = school(audience_includes_children=False)
    shown, asked = typing(wizard, monkeypatch, basis="public_task", legal_source="the Acts")
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", Grids({"What": "public_task"}))
    group = wizard.tree.question("purposes")
    wizard.edit_group(group, wizard.answers)
    assert shown[0][0] == group.as_lines_without_colon and "colon" not in shown[0][0]
    assert "After a colon" not in shown[0][1]
    first = wizard.answers["purposes"][0]
    assert first["description"] == LINES.splitlines()[0]  # kept whole, as typed
    assert first["plain"] is None and "plain" not in asked


@pytest.mark.parametrize("children", [True, False])
def test_a_purpose_added_from_the_review_splits_its_colon_only_for_children(
    monkeypatch: pytest.MonkeyPatch, children: bool
) -> None:
    wizard = school(audience_includes_children=children)
    typed = "To run trips: to take you on trips"
    _shown, asked = typing(wizard, monkeypatch, description=typed, plain="unused",
                           basis="consent", statutory_function=False)  # fmt: skip
    editor = GroupEditor(wizard, wizard.tree.question("purposes"),
                         expression_context(wizard.tree, wizard.answers))  # fmt: skip
    editor.fill(1, adding=True)
    entry = wizard.answers["purposes"][0]
    if children:
        assert (entry["description"], entry["plain"]) == ("To run trips", "to take you on trips")
        assert "plain" not in asked
    else:
        assert entry["description"] == typed and entry["plain"] is None


TREE = """
id: demo
version: 1
title: Demo
documents: [{{id: demo, template: demo/demo.md.j2, title: Demo}}]
sections:
  - id: main
    title: Main
    questions:
      - {{id: young, type: yes_no, prompt: Y, help: H}}
      - id: things
        type: group
        prompt: Things
        help: H
        as_lines: {as_lines}
        questions:
          - {{id: name, type: text, prompt: N, help: H, split_at_colon: words}}
          - {{id: kind, type: text, prompt: K, help: H, required: false}}
          - {{id: words, type: text, prompt: W, help: H, required: false, when: {when}}}
"""


@pytest.mark.parametrize(
    ("as_lines", "when", "message"),
    [
        ("'Things, words after a colon'", "young",
         "'as_lines' of 'things' must be {with_colon, without_colon}: the field after the "
         "colon ('words') is asked only when its condition holds"),
        ("{with_colon: A, without_colon: B}", "'true'",
         "'as_lines' of 'things' has two prompts only where the field after the colon has a "
         "condition"),
        ("{with_colon: A, without_colon: B}", "young and kind",
         "'as_lines' of 'things': the condition of 'words' reads kind of the same entry"),
        ("{with_colon: A, alone: B}", "young", "unknown key 'alone'"),
    ],
)  # fmt: skip
def test_a_wrong_pair_of_lines_prompts_is_refused_at_load(
    tmp_path: Path, as_lines: str, when: str, message: str
) -> None:
    text = TREE.format(as_lines=as_lines, when=when)
    if when == "'true'":
        text = text.replace(", when: 'true'", "")
    build_file_tree(tmp_path, {"demo.yaml": text})
    with pytest.raises(TreeError) as info:
        load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    assert info.value.message.startswith(f"{tmp_path / 'demo.yaml'}:14: "), info.value.message
    assert message in info.value.message, info.value.message
