"""Scripted stand-ins for the wizard's pick lists and grids, shared by in-process wizard tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sharewiz.cli.asking.grid_table import GridRow
from sharewiz.cli.asking.prompts import Option


class Script:
    """Stands in for `select`: records each menu and picks by a label fragment."""

    def __init__(self, picks: Sequence[str]) -> None:
        self.picks = list(picks)
        self.menus: list[tuple[str, list[Option]]] = []

    def __call__(self, message: str, options: Sequence[Option], **_: Any) -> str:
        self.menus.append((message, list(options)))
        wanted = self.picks.pop(0)
        return next(o.value for o in options if wanted in o.label and not o.disabled)


class Grids:
    """Stands in for the grid prompt (a choice for each of several entries): records each
    screen's question and rows; a row takes the value `answers` gives for its label under
    the question starting with a key (or one value for every row), else the choice it
    starts at, else its first."""

    def __init__(self, answers: Mapping[str, Mapping[str, str] | str] | None = None) -> None:
        self.answers = dict(answers or {})
        self.asked: list[tuple[str, list[GridRow]]] = []

    def __call__(self, message: str, rows: Sequence[GridRow], **_: Any) -> list[str]:
        self.asked.append((message, [GridRow(r.label, r.choices, r.chosen) for r in rows]))
        wanted = next((v for k, v in self.answers.items() if message.startswith(k)), {})
        if isinstance(wanted, str):
            return [wanted] * len(rows)
        return [wanted.get(r.label) or r.value or r.choices[0].value for r in rows]

    def rows(self, start: str) -> list[tuple[str, str | None]]:
        """(label, value it started at) of each row of the screen whose question starts so."""
        rows = next(rows for message, rows in self.asked if message.startswith(start))
        return [(r.label, r.value) for r in rows]
