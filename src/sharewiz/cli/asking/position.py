"""Where the wizard stopped inside a repeating group, so `--resume` continues there.

The answers file holds every answer, including each field of a group entry in
progress; this small record (`.sharewiz/wizard.json`) says only which group was open,
which entry was being filled and which of its fields were already answered.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sharewiz.model.atomic import write_text_atomic
from sharewiz.sets.state import state_dir

POSITION_NAME = "wizard.json"


@dataclass
class Position:
    """An open repeating group: its id, the entry being filled (1-based) and its fields."""

    group: str
    entry: int | None = None  # None: at the group's list of entries
    adding: bool = False  # a new entry (cancelling it removes it)
    answered: list[str] = field(default_factory=list)
    # the list is made: the fields asked after it (across the entries) are being filled
    completing: bool = False


def read_position(out_dir: Path) -> Position | None:
    """The position saved in a set folder, or None."""
    try:
        data = json.loads((state_dir(out_dir) / POSITION_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none, or unreadable: the wizard starts the group from its list
    if not isinstance(data, dict) or not isinstance(data.get("group"), str):
        return None
    entry = data.get("entry")
    return Position(
        group=data["group"],
        entry=entry if isinstance(entry, int) and entry > 0 else None,
        adding=bool(data.get("adding")),
        answered=[str(a) for a in data.get("answered") or []],
        completing=bool(data.get("completing")),
    )


def save_position(out_dir: Path, position: Position | None) -> None:
    """Save (or, for None, remove) the wizard's position in a set folder."""
    path = state_dir(out_dir) / POSITION_NAME
    if position is None:
        path.unlink(missing_ok=True)
        return
    write_text_atomic(path, json.dumps(asdict(position)) + "\n")
