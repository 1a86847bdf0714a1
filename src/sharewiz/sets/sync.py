"""Writing a set's files: only changed bytes, atomically, and the Markdown merge bases.

What to write is decided by the one update engine (`sharewiz.sets.engine`); these are
its writing steps and the outcome names it reports. After writing, the base copies of
the Markdown are kept in `DIR/.sharewiz/base/`, so `update` and `diff` work on any
folder sharewiz wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sharewiz.errors import UserError
from sharewiz.model.atomic import write_text_atomic
from sharewiz.sets.state import base_path

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
    except FileNotFoundError:
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


def write_bases(out_dir: Path, markdown: Mapping[str, str]) -> None:
    """Keep the rendered Markdown as the next merge base."""
    for name, text in markdown.items():
        write_if_changed(base_path(out_dir, name), text.encode("utf-8"))
