"""An answer the earlier answers make certain, taken unasked (`take_from:`).

An agreement with one data flow is shared as often as that flow: its overall frequency
is taken from the flow, said in one line naming where it came from, and changed from the
review; with several flows, or an earlier answer (`update`), it is asked. The key is
wizard-only: an answers file missing the answer is read as before (nothing filled).
The tree's refusals are checked on a small tree; the wizard's use on the two-party
agreement, its prompts replaced by a script.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from helpers import build_file_tree
from sharewiz.cli.asking import Wizard
from sharewiz.errors import TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.conditions import effective_answers
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import read_answers

ROOT = Path(__file__).resolve().parent.parent
TWO_PARTY = ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml"
NOTE = "(taken from the agreement's one data flow; change it from the review)"

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
      - id: rooms
        type: group
        prompt: Which rooms?
        help: Each room.
        item_name: room
        questions:
          - id: room
            type: text
            prompt: Room
            help: A room.
      - id: main_room
        type: text
        prompt: Which is the main room?
        help: The main one.
        take_from:
          value: "rooms[0].room if rooms | length == 1 else none"
          note: taken from the one room
"""


def load(tmp_path: Path, old: str = "", new: str = "") -> Any:
    text = TREE.replace(old, new, 1)
    assert text != TREE or not old, "the replacement must change the tree"
    build_file_tree(tmp_path, {"demo.yaml": text})
    return load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())


def test_a_question_declares_where_its_certain_answer_comes_from(tmp_path: Path) -> None:
    question = load(tmp_path).question("main_room")
    assert question.take_from == "rooms[0].room if rooms | length == 1 else none"
    assert question.take_from_note == "taken from the one room"
    assert question.default_from is None  # not a default: an answers file reads as before


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("          note: taken from the one room\n", "",
         "'take_from' of 'main_room' needs 'value' (an expression"),
        ("          note: taken from the one room\n", "          note: |\n            two\n"
         "            lines\n", "'take_from' of 'main_room' needs 'value'"),
        ("    take_from:\n", "    take_default: true\n        default: Hall\n        take_from:\n",
         "'main_room' has both 'take_from' and 'take_default'"),
        ('"rooms[0].room if rooms | length == 1 else none"', '"rooms[0].room if"',
         "bad expression"),
        ('"rooms[0].room if rooms | length == 1 else none"', '"hall_name"',
         "names unknown question(s): hall_name"),
        ('"rooms[0].room if rooms | length == 1 else none"', '"main_room"',
         "reads main_room, asked after it"),
        ("            help: A room.\n", "            help: A room.\n            take_from:\n"
         "              value: none\n              note: n\n",
         "'take_from' of 'room' is for a top-level question, not a list or a list's field"),
    ],
)  # fmt: skip
def test_a_take_from_that_is_wrong_is_refused_at_load(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(TreeError) as info:
        load(tmp_path, old, new)
    assert info.value.message.startswith(f"{tmp_path / 'demo.yaml'}:"), info.value.message
    assert message in info.value.message, info.value.message


# -- in the wizard --------------------------------------------------------------------------


def agreement(**changes: Any) -> Wizard:
    """The two-party agreement without its overall frequency, its answers changed."""
    tree, _file, answers = read_answers(TWO_PARTY)
    start = {q.id: copy.deepcopy(answers.get(q.id)) for q in tree.questions()} | changes
    start.pop("sharing_frequency")
    return Wizard(tree, start, on_answer=lambda _answers: None)


def asking(wizard: Wizard, monkeypatch: pytest.MonkeyPatch, answer: str) -> list[str]:
    asked: list[str] = []

    def ask(question: Any, context: Any, **_: Any) -> Any:
        asked.append(question.id)
        return answer

    monkeypatch.setattr(wizard, "ask", ask)
    return asked


def flow(**changes: Any) -> dict[str, Any]:
    _tree, _file, answers = read_answers(TWO_PARTY)
    return dict(answers["flows"][0]) | changes


@pytest.mark.parametrize(
    ("changes", "taken"),
    [
        ({}, "weekly (pregnancy notifications)"),  # scheduled: its interval
        ({"frequency": "on_request", "interval": None}, "on request, case by case"),
        ({"frequency": "one_off", "interval": None}, "once only"),
    ],
)  # fmt: skip
def test_one_flows_frequency_is_the_agreements_taken_unasked_and_said(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    changes: dict[str, Any], taken: str,
) -> None:  # fmt: skip
    wizard = agreement(flows=[flow(**changes)])
    asked = asking(wizard, monkeypatch, "typed")
    wizard.ask_missing()
    assert asked == [] and wizard.answers["sharing_frequency"] == taken
    out = " ".join(capsys.readouterr().out.split())
    assert f"How often is data shared overall? {taken} {NOTE}" in out
    wizard.change("sharing_frequency")  # from the review: asked, its answer kept
    assert asked == ["sharing_frequency"] and wizard.answers["sharing_frequency"] == "typed"


def test_with_several_flows_or_an_earlier_answer_it_is_asked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    second = flow(interval="daily (birth notifications)")
    wizard = agreement(flows=[flow(), second])
    asked = asking(wizard, monkeypatch, "weekly and daily")
    wizard.ask_missing()
    assert (
        asked == ["sharing_frequency"] and wizard.answers["sharing_frequency"] == "weekly and daily"
    )
    # `update` asks it again with its earlier answer, one flow or not
    tree, _file, answers = read_answers(TWO_PARTY)
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id != "sharing_frequency"}
    wizard = Wizard(tree, start, on_answer=lambda _answers: None,
                    defaults={"sharing_frequency": "pregnancy notifications weekly"})  # fmt: skip
    asked = asking(wizard, monkeypatch, "weekly")
    wizard.ask_missing()
    assert asked == ["sharing_frequency"]
    # a scheduled flow with no interval yet gives nothing certain: asked
    wizard = agreement(flows=[flow(interval=None)])
    asked = asking(wizard, monkeypatch, "weekly")
    wizard.ask_missing()
    assert asked == ["sharing_frequency"]
    assert NOTE not in capsys.readouterr().out


def test_resume_after_it_was_taken_goes_on_at_the_next_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved: list[dict[str, Any]] = []
    tree, _file, answers = read_answers(TWO_PARTY)
    later = ("confidentiality_basis", "confidentiality_notes")  # asked after it, by `ask`
    start = {q.id: copy.deepcopy(answers.get(q.id)) for q in tree.questions()
             if q.id not in ("sharing_frequency", *later)}  # fmt: skip
    asked: list[str] = []

    def stop(question: Any, *_a: Any, **_k: Any) -> Any:  # Ctrl-C at the next question
        asked.append(question.id)
        raise KeyboardInterrupt

    wizard = Wizard(tree, start, on_answer=lambda a: saved.append(dict(a)))
    monkeypatch.setattr(wizard, "ask", stop)
    with pytest.raises(KeyboardInterrupt):
        wizard.ask_missing()
    assert saved[-1]["sharing_frequency"] == "weekly (pregnancy notifications)"
    assert asked == ["confidentiality_basis"]
    resumed = Wizard(tree, dict(saved[-1]), on_answer=lambda _a: None)  # `--resume`
    monkeypatch.setattr(resumed, "ask", stop)
    with pytest.raises(KeyboardInterrupt):
        resumed.ask_missing()
    assert asked == ["confidentiality_basis"] * 2  # the next question, never the frequency


def test_an_answers_file_missing_it_is_read_as_before(tmp_path: Path) -> None:
    tree, _file, answers = read_answers(TWO_PARTY)
    without = {k: v for k, v in answers.items() if k != "sharing_frequency"}
    assert len(without["flows"]) == 1  # one flow: yet nothing is filled at read time
    assert effective_answers(tree, without)["sharing_frequency"] is None


def test_a_taken_answer_follows_a_change_to_the_flows_and_a_typed_one_stays(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard = agreement()
    asked = asking(wizard, monkeypatch, "typed")
    wizard.ask_missing()
    assert wizard.answers["sharing_frequency"] == "weekly (pregnancy notifications)"

    def changing(edit: Any) -> None:  # the officer changes the flows from the review
        monkeypatch.setattr(wizard, "edit_group", lambda *_a: edit(wizard.answers["flows"]))
        wizard.change("flows")

    capsys.readouterr()
    changing(lambda flows: flows[0].update(interval="daily"))
    assert wizard.answers["sharing_frequency"] == "daily" and asked == []
    assert f"How often is data shared overall? daily {NOTE}" in " ".join(
        capsys.readouterr().out.split())  # fmt: skip
    changing(lambda flows: flows.append(flow(interval="monthly")))  # two: nothing certain
    assert asked == ["sharing_frequency"] and wizard.answers["sharing_frequency"] == "typed"
    changing(lambda flows: flows.pop())  # one again: the officer's own answer stays
    assert asked == ["sharing_frequency"] and wizard.answers["sharing_frequency"] == "typed"
