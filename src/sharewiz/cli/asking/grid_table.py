"""A choice field of several entries on one screen: the rows, the keys' effect, the layout.

Plain data and text, no terminal: `grid.py` draws these lines and sends it the keys.
A row per entry (its label) shows its choice; the highlighted row's entry and choice are
shown in full, with the choice's citation, under the table, so a cut label (ending in
"…") is never the only place a word is read. A table taller than the screen scrolls.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from sharewiz.model.tree import Choice

NOT_CHOSEN = "(not chosen yet)"
Line = list[tuple[str, str]]  # (style, text) pieces of one screen line


@dataclass
class GridRow:
    """One entry: its label, the choices offered to it, the one chosen (an index) or None."""

    label: str
    choices: tuple[Choice, ...]
    chosen: int | None = None

    @property
    def value(self) -> str | None:
        """The value of the choice made, or None."""
        return None if self.chosen is None else self.choices[self.chosen].value

    @property
    def shown(self) -> str:
        """The choice's label, or that none is chosen yet."""
        return NOT_CHOSEN if self.chosen is None else self.choices[self.chosen].label


def start_row(label: str, choices: Sequence[Choice], start: object) -> GridRow:
    """A row starting at the choice whose value is `start`, or not chosen where none is."""
    values = [c.value for c in choices]
    chosen = values.index(start) if start in values else None
    return GridRow(label, tuple(choices), chosen)


@dataclass
class GridTable:
    """The rows, the highlighted one, the first row shown, whether Enter was refused, and
    the field's law."""

    rows: list[GridRow]
    cursor: int = 0
    top: int = 0
    refused: bool = False  # Enter with rows not chosen: they are named until chosen
    law: str = ""  # the field's citation, shown where the choice has none of its own

    def move(self, step: int) -> None:
        """Highlight the row `step` rows down (up where negative), stopping at the ends."""
        self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def change(self, step: int) -> None:
        """The highlighted row's next choice (previous where `step` < 0), round the list.

        From "not chosen", the first choice forward and the last backward.
        """
        row = self.rows[self.cursor]
        if not row.choices:
            return
        if row.chosen is None:
            row.chosen = 0 if step > 0 else len(row.choices) - 1
        else:
            row.chosen = (row.chosen + step) % len(row.choices)

    def unchosen(self) -> list[str]:
        """The labels of the rows with no choice yet."""
        return [row.label for row in self.rows if row.chosen is None]

    def accept(self) -> bool:
        """Enter: True when every row has a choice; else the rows are named, nothing lost."""
        self.refused = bool(self.unchosen())
        if self.refused:
            self.cursor = next(n for n, row in enumerate(self.rows) if row.chosen is None)
        return not self.refused

    def values(self) -> list[str]:
        """Each row's value, in order (every row has one once `accept` is True)."""
        return [row.value or "" for row in self.rows]

    def summary(self) -> str:
        """The answers as the wizard leaves them on screen: a line a row."""
        return "\n".join(f"{row.label}: {row.shown}" for row in self.rows)

    # -- the layout ---------------------------------------------------------------------

    def lines(self, width: int, height: int) -> list[Line]:
        """The table and what is under it, `width` columns, at most `height` lines.

        Rows start with three columns (" » " on the highlighted row), as a pick list's do.
        """
        usable = max(20, width - 1)  # the last column would wrap the cursor
        below = self._below(usable)
        room = max(3, height - len(below) - 2)  # a blank line, and one for scrolling
        visible = min(len(self.rows), room)
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + visible:
            self.top = self.cursor - visible + 1
        self.top = max(0, min(self.top, len(self.rows) - visible))
        label_width = min(max(len(r.label) for r in self.rows), max(12, (usable - 5) * 2 // 5))
        choice_width = max(8, usable - 3 - label_width - 2)
        lines: list[Line] = []
        for number in range(self.top, self.top + visible):
            row = self.rows[number]
            here = number == self.cursor
            label = _fit(row.label, label_width).ljust(label_width)
            choice = _fit(row.shown, choice_width)
            mark = "missing" if self.refused and row.chosen is None else (
                "unchosen" if row.chosen is None else "choice")  # fmt: skip
            lines.append([("pointer", " » " if here else "   "),
                          ("highlighted" if here else "", label), ("", "  "),
                          (mark + (" current" if here else ""), choice)])  # fmt: skip
        lines.append([])
        if visible < len(self.rows):
            last = self.top + visible
            more = (" ↓ for more" if last < len(self.rows) else "") + (
                " ↑ for earlier" if self.top else "")  # fmt: skip
            lines.append([("instruction", f"  Rows {self.top + 1}-{last} of "
                           f"{len(self.rows)}:{more}")])  # fmt: skip
        return lines + below

    def _below(self, width: int) -> list[Line]:
        """The highlighted row in full (entry, choice, the choice's law), and a refusal."""
        row = self.rows[self.cursor]
        choice = row.choices[row.chosen] if row.chosen is not None else None
        cited = (choice.citation if choice is not None else "") or self.law
        law = f" ({cited})" if cited else ""
        shown = row.shown if choice is not None else "not chosen yet (← or → to choose)"
        text = f"{row.label}: {shown}{law}"
        lines: list[Line] = [[("detail", f"  {line}")] for line in _wrap(text, width - 2, 3)]
        missing = self.unchosen()
        if self.refused and missing:
            words = f"Choose for each row first (← or →): {'; '.join(missing)}."
            lines += [[("missing", f"  {line}")] for line in _wrap(words, width - 2, 3)]
        return lines


def _fit(text: str, width: int) -> str:
    """`text` on one line of `width`: cut with "…" where longer."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _wrap(text: str, width: int, most: int) -> list[str]:
    """`text` wrapped at words to `width`, at most `most` lines (the last cut with "…")."""
    lines = textwrap.wrap(" ".join(text.split()), max(10, width)) or [""]
    if len(lines) > most:
        lines = lines[: most - 1] + [_fit(" ".join(lines[most - 1 :]), width)]
    return lines


def plain(lines: Sequence[Line]) -> str:
    """The lines as text, without styles (tests and failure messages)."""
    return "\n".join("".join(text for _style, text in line).rstrip() for line in lines)
