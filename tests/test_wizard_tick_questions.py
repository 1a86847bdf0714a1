"""`ask_as_ticks`: independent yes/no questions, usually no, asked as one tick list.

The load checks refuse a list the wizard could not ask at once; the wizard asks the
list once, saves each answer under its own id, asks the follow-ups of a yes after it,
shows each question's help and law on `?`, and the review still changes each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers import build_file_tree
from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.prompts import Option
from sharewiz.cli.asking.tick_questions import TICK_PROMPT
from sharewiz.errors import TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.tree import QuestionTree
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import read_answers

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
THREE = ["international_transfers", "automated_decisions", "research_purposes"]

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
      - id: abroad
        type: yes_no
        prompt: Abroad?
        help: Sent abroad.
        citation: Art 13(1)(f)
        default: false
        ask_as_ticks: uses
      - id: robots
        type: yes_no
        prompt: Robots?
        help: Automated.
        default: false
        ask_as_ticks: uses
      - id: where
        type: text
        prompt: Where?
        help: A country.
        when: abroad
"""


def load(tmp_path: Path, text: str) -> QuestionTree:
    build_file_tree(tmp_path, {"demo.yaml": text})
    return load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())


def refused(tmp_path: Path, old: str, new: str) -> str:
    assert old in TREE
    with pytest.raises(TreeError) as info:
        load(tmp_path, TREE.replace(old, new, 1))
    return info.value.message


def test_a_good_tick_list_loads(tmp_path: Path) -> None:
    tree = load(tmp_path, TREE)
    assert [q.ask_as_ticks for q in tree.questions()] == ["uses", "uses", None]


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "      - id: robots\n",
            "      - id: gap\n        type: text\n        prompt: Gap?\n"
            "        help: A gap.\n      - id: robots\n",
            "are not next to each other",
        ),
        (
            "        ask_as_ticks: uses\n      - id: where",
            "      - id: where",
            "tick list 'uses' has one question",
        ),
        (
            "        prompt: Robots?\n        help: Automated.\n        default: false\n",
            "        prompt: Robots?\n        help: Automated.\n",
            "needs 'default: false'",
        ),
        (
            "        prompt: Robots?\n",
            "        prompt: Robots?\n        when: not abroad\n",
            "the condition or default of 'robots' reads abroad, in the same tick list",
        ),
        (
            "      - id: robots\n        type: yes_no\n",
            "      - id: robots\n        type: text\n",
            "'ask_as_ticks' is for yes/no questions ('robots' is text)",
        ),
        (
            "        prompt: Robots?\n",
            "        prompt: Robots?\n        take_default: true\n",
            "also offered another way",
        ),
    ],
    ids=["apart", "alone", "no-default", "reads-another", "not-yes-no", "take-default"],
)
def test_a_tick_list_that_cannot_be_asked_at_once_is_refused_with_file_and_line(
    tmp_path: Path, old: str, new: str, said: str
) -> None:
    message = refused(tmp_path, old, new)
    assert message.startswith(f"{tmp_path / 'demo.yaml'}:") and said in message


def test_a_tick_list_on_a_field_of_a_list_is_refused(tmp_path: Path) -> None:
    message = refused(tmp_path, "      - id: where\n", (
        "      - id: people\n        type: group\n        prompt: People\n        help: Who.\n"
        "        questions:\n          - id: who\n            type: yes_no\n"
        "            prompt: Who?\n            help: A name.\n            default: false\n"
        "            ask_as_ticks: inner\n      - id: where\n"))  # fmt: skip
    assert "'ask_as_ticks' is for top-level questions, not the field people.who" in message


class Ticks:
    """A scripted tick list: records what was offered, ticks `answer`, `?` first if asked."""

    def __init__(self, answer: list[str]) -> None:
        self.answer = answer
        self.calls: list[tuple[str, list[Option], str | None, list[str]]] = []

    def __call__(self, message: str, options: list[Option], *, help_text: str | None = None,
                 ticked: list[str] | tuple[str, ...] = ()) -> list[str]:  # fmt: skip
        self.calls.append((message, list(options), help_text, list(ticked)))
        return self.answer


def notice(monkeypatch: pytest.MonkeyPatch, ticked: list[str]) -> tuple[Wizard, Ticks, list[str]]:
    tree, _file, answers = read_answers(NOTICE)
    start = {q.id: answers.get(q.id) for q in tree.questions()}
    follow_ups = ("transfer_destinations", "transfer_mechanism", "automated_logic",
                  "research_safeguards")  # fmt: skip
    for key in (*THREE, *follow_ups):
        start.pop(key)
    wizard = Wizard(tree, start, on_answer=lambda _answers: None)
    ticks = Ticks(ticked)
    monkeypatch.setattr("sharewiz.cli.asking.tick_questions.tick", ticks)
    asked: list[str] = []

    def ask(question: Any, context: Any, *, current: Any = None, **_: Any) -> Any:
        asked.append(question.id)
        return {"transfer_destinations": "the USA", "transfer_mechanism": "idta",
                "research_safeguards": "Pseudonymised.", "automated_decisions": True}.get(
                    question.id, current)  # fmt: skip

    monkeypatch.setattr(wizard, "ask", ask)
    return wizard, ticks, asked


def test_the_three_are_one_tick_list_each_answered_and_followed_up_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard, ticks, asked = notice(monkeypatch, ["international_transfers", "research_purposes"])
    wizard.ask_missing()
    assert len(ticks.calls) == 1  # one list, not three questions
    message, options, help_text, start = ticks.calls[0]
    assert message == TICK_PROMPT and [o.value for o in options] == THREE
    assert options[0].label == "Is any of the information sent or accessed outside the UK?"
    assert start == []  # none ticked to start with: each is usually no
    assert [wizard.answers[key] for key in THREE] == [True, False, True]
    # the follow-ups of each yes, in the tree's order, after the list
    assert asked == ["transfer_destinations", "transfer_mechanism", "research_safeguards"]
    # `?` shows each question's help and its law
    assert help_text is not None
    for law in ("UK GDPR Art 13(1)(f), Art 14(1)(f); Chapter V",
                "UK GDPR Art 13(2)(f), Art 14(2)(g); Arts 22A-22D",
                "UK GDPR Arts 84A-84D (inserted by DUAA 2025 s86), Art 84B; DPA 2018 Sch 2 paras 27-28"):  # fmt: skip
        assert f"Law: {law}" in help_text
    assert "Include suppliers whose systems or support staff are outside the UK" in help_text
    wizard.change("automated_decisions")  # the review changes one on its own
    assert wizard.answers["automated_decisions"] is True
    assert asked[3:] == ["automated_decisions", "automated_logic"]  # then its follow-up
    assert len(ticks.calls) == 1


def test_update_asks_each_on_its_own_with_its_earlier_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard, ticks, asked = notice(monkeypatch, [])
    wizard.answers.pop("retention_period")  # a later question, to show the run goes on
    wizard.defaults = {key: False for key in THREE}
    wizard.ask_missing()
    assert ticks.calls == [] and asked[:3] == THREE


def test_an_agreement_ticks_research_to_start_with_where_a_party_relies_on_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree, _file, answers = read_answers(ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml")
    start = {q.id: answers.get(q.id) for q in tree.questions()}
    for key in ("involves_children", "research_purposes"):
        start.pop(key)
    start["party_bases"][0] = dict(
        start["party_bases"][0], art9_condition="archiving_research_statistics"
    )
    wizard = Wizard(tree, start, on_answer=lambda _answers: None)
    ticks = Ticks(["involves_children"])
    monkeypatch.setattr("sharewiz.cli.asking.tick_questions.tick", ticks)
    monkeypatch.setattr(wizard, "ask", lambda question, *_a, **_k: None)
    wizard.ask_missing()
    assert ticks.calls[0][3] == ["research_purposes"]  # the Art 9(2)(j) condition says yes
    assert wizard.answers["involves_children"] is True
    assert wizard.answers["research_purposes"] is False  # unticked by the officer: no
