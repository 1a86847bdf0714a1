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
from sharewiz.model.conditions import expression_context
from sharewiz.sets.build import read_answers
from wizard_script import Grids

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


def test_a_schools_purposes_are_one_screen_each_row_chosen_none_assumed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = notice("school-pupils")
    names = [p["description"] for p in wizard.answers["purposes"]]
    bases = ["public_task", "legal_obligation", "legal_obligation", "public_task", "consent"]
    grids = Grids({"What is the lawful basis": dict(zip(names, bases, strict=True))})
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", grids)
    asked = completing(wizard, monkeypatch, legal_source="the Acts", statutory_function=True)
    assert [e["basis"] for e in wizard.answers["purposes"]] == bases
    assert "basis" not in asked and len(grids.asked) == 1  # one screen for five purposes
    # every purpose a row, none starting at a basis: no legal conclusion is assumed
    assert grids.rows("What is the lawful basis") == [(name, None) for name in names]


def test_a_charitys_two_purposes_are_one_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = notice("charity-food-bank")
    grids = Grids({"What is the lawful basis": "legitimate_interests"})
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", grids)
    asked = completing(wizard, monkeypatch)
    assert [e["basis"] for e in wizard.answers["purposes"]] == ["legitimate_interests"] * 2
    assert asked == [] and len(grids.asked) == 1
