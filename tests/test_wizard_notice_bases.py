"""A notice's purposes are asked their lawful basis by ticking, or in one pick for all.

Five purposes asked "Lawful basis for this purpose" one by one were five prompts, though
a public body's rest mostly on public task or a legal obligation. With several purposes
the wizard asks two tick lists (public task, then legal obligation, each showing the
purposes not yet ticked) and asks each purpose ticked in neither on its own: no basis is
assumed. With two (ticking no shorter), one pick for both, "It differs" first. The
prompts are replaced by scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.across import complete
from sharewiz.cli.asking.groups import GroupEditor
from sharewiz.cli.asking.shortcuts import DIFFERS
from sharewiz.model.conditions import expression_context
from sharewiz.sets.build import read_answers
from test_wizard_across import Ticks
from wizard_script import Script

ROOT = Path(__file__).resolve().parent.parent


def notice(name: str) -> Wizard:
    tree, _file, answers = read_answers(ROOT / "examples" / f"privacy-notice-{name}.yaml")
    wizard = Wizard(tree, {q.id: answers.get(q.id) for q in tree.questions()},
                    on_answer=lambda _a: None)  # fmt: skip
    for entry in wizard.answers["purposes"]:
        entry.pop("basis")
    return wizard


def completing(wizard: Wizard, monkeypatch: pytest.MonkeyPatch, **given: Any) -> list[str]:
    """Ask the purposes' missing fields, answering `given[id]`; the ids asked."""
    asked: list[str] = []
    monkeypatch.setattr(wizard, "ask", lambda q, _c, **_k: asked.append(q.id) or given[q.id])
    editor = GroupEditor(wizard, wizard.tree.question("purposes"),
                         expression_context(wizard.tree, wizard.answers))  # fmt: skip
    editor.completing = True
    complete(editor)
    return asked


def test_a_schools_purposes_are_ticked_for_public_task_and_legal_obligation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = notice("school-pupils")
    names = [p["description"] for p in wizard.answers["purposes"]]
    ticks = Ticks({"Which of these purposes rest on public task": [names[0], names[3]],
                   "Which rest on a legal obligation": [names[1], names[2]]})  # fmt: skip
    monkeypatch.setattr("sharewiz.cli.asking.across.tick", ticks)
    asked = completing(wizard, monkeypatch, basis="consent")
    assert [e["basis"] for e in wizard.answers["purposes"]] == [
        "public_task",
        "legal_obligation",
        "legal_obligation",
        "public_task",
        "consent",
    ]
    assert asked == ["basis"]  # the purpose ticked in neither: asked, nothing assumed
    assert len(ticks.asked) == 2 and ticks.asked[1][1] == [names[1], names[2], names[4]]
    # ticked in neither list: each asked on its own
    for entry in wizard.answers["purposes"]:
        entry.pop("basis")
    monkeypatch.setattr("sharewiz.cli.asking.across.tick", Ticks({}))
    asked = completing(wizard, monkeypatch, basis="public_task")
    assert asked == ["basis"] * 5


def test_a_charitys_two_purposes_are_one_pick_and_it_differs_asks_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = notice("charity-food-bank")
    same = Script(["Legitimate interests"])
    monkeypatch.setattr("sharewiz.cli.asking.shortcuts.select", same)
    asked = completing(wizard, monkeypatch)
    assert [e["basis"] for e in wizard.answers["purposes"]] == ["legitimate_interests"] * 2
    assert asked == [] and same.menus[0][1][0].value == DIFFERS  # first: Enter asserts nothing
    for entry in wizard.answers["purposes"]:
        entry.pop("basis")
    monkeypatch.setattr("sharewiz.cli.asking.shortcuts.select", lambda *_a, **_k: DIFFERS)
    asked = completing(wizard, monkeypatch, basis="consent")
    assert asked.count("basis") == 2
