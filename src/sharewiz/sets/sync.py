"""Writing a set's files: only changed bytes, atomically.

What to write is decided by the one update engine (`sharewiz.sets.engine`); these are
its writing steps and the outcome names it reports. The Markdown merge bases are kept in
the set's state (`sharewiz.sets.state`), so `update` and `diff` work on any folder
sharewiz wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sharewiz.errors import UserError
from sharewiz.model.atomic import write_text_atomic

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"
MERGED, CONFLICT, KEPT = "merged", "conflict", "kept"


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file of a set."""

    name: str
    path: Path
    status: str  # new, updated, unchanged; update adds merged, conflict, kept
    detail: str = ""


def read_bytes(path: Path) -> bytes | None:
    """A file's bytes, or None if it does not exist."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # under a file: the write says so
        return None
    except IsADirectoryError:
        raise UserError(
            f"{path} is a folder, but sharewiz needs to write a file there",
            hint="move it away, or write somewhere else with --out",
        ) from None


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` atomically unless the file already holds exactly these bytes."""
    if read_bytes(path) == data:
        return False
    write_text_atomic(path, data)  # a failure is a WriteError naming the path
    return True
