"""The one write step of every render: compare bytes, protect hand edits, keep merge bases.

A file is written only if its bytes change. An existing file is replaced without
--force only when sharewiz wrote it last time and nobody has edited it since (its sha256
matches the set's state); anything else (a person's edit, a file sharewiz did not write)
is refused, and nothing of the set is written. After writing, the base copies of the
Markdown are kept in `DIR/.sharewiz/base/`, so `update` and `diff` work on any folder
sharewiz wrote; the caller then records the state (`sharewiz.sets.versions.finish_render`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sharewiz.errors import OutputExistsError, UserError
from sharewiz.model.atomic import write_text_atomic
from sharewiz.sets.state import base_path, sha256

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


def write_set_files(
    out_dir: Path,
    files: Sequence[tuple[str, bytes]],
    *,
    markdown: Mapping[str, str],
    recorded: Mapping[str, str],
    force: bool = False,
) -> list[FileOutcome]:
    """Write a rendered set into `out_dir` and keep its merge bases; see the module docstring.

    The caller holds the set's lock.

    Args:
        out_dir: the set's folder.
        files: (file name, bytes) for every file of the set, answers.yaml included.
        markdown: document file name (`notice.md`) -> Markdown, kept as the merge base.
        recorded: file name -> sha256 of what sharewiz last wrote (from the set's state).
        force: replace files a person edited, or that sharewiz did not write.

    Raises:
        OutputExistsError: a file would replace a person's work; nothing was written.
    """
    plan: list[tuple[str, Path, bytes, str]] = []
    blocked: list[str] = []
    for name, data in files:
        path = out_dir / name
        disk = read_bytes(path)
        if disk is None:
            status = NEW
        elif disk == data:
            status = UNCHANGED
        elif force or recorded.get(name) == sha256(disk):
            status = UPDATED
        else:
            blocked.append(
                f"{path} ({'edited since sharewiz wrote it' if name in recorded else 'not written by sharewiz'})"
            )
            continue
        plan.append((name, path, data, status))
    if blocked:
        shown = "; ".join(blocked[:3]) + (
            f"; and {len(blocked) - 3} more" if len(blocked) > 3 else ""
        )
        raise OutputExistsError(
            f"would overwrite {shown}",
            hint=f"keep the edits with `sharewiz update {out_dir}`, use --force to overwrite, or --out to write elsewhere",
        )
    outcomes = []
    for name, path, data, status in plan:
        if status != UNCHANGED:
            write_if_changed(path, data)
        outcomes.append(FileOutcome(name, path, status))
    write_bases(out_dir, markdown)
    return outcomes


def write_bases(out_dir: Path, markdown: Mapping[str, str]) -> None:
    """Keep the rendered Markdown as the next merge base."""
    for name, text in markdown.items():
        write_if_changed(base_path(out_dir, name), text.encode("utf-8"))
