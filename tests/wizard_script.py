"""A scripted stand-in for the wizard's pick lists, shared by in-process wizard tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
