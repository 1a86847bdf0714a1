"""The one write step of every render: compare bytes, protect hand edits, record state.

A file is written only if its bytes change. An existing file is replaced without
--force only when sharewiz wrote it last time and nobody has edited it since (its sha256
matches the manifest); anything else (a person's edit, a file sharewiz did not write) is
refused, and nothing of the set is written. After writing, the manifest and the base
copies of the Markdown are recorded in `DIR/.sharewiz/`, so `update` and `diff` work on
any folder sharewiz wrote.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sharewiz.errors import OutputExistsError, UserError
from sharewiz.model.atomic import write_text_atomic
from sharewiz.sets.state import (
    MANIFEST,
    Manifest,
    base_path,
    locked,
    manifest_bytes,
    read_manifest,
    sha256,
    state_dir,
)

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
    try:
        write_text_atomic(path, data)
    except OSError as exc:
        raise UserError(
            f"cannot write {path}: {exc.strerror}",
            hint="choose a folder you can write to with --out",
        ) from exc
    return True


def write_set_files(
    out_dir: Path,
    files: Sequence[tuple[str, bytes]],
    *,
    markdown: Mapping[str, str],
    manifest: Manifest,
    force: bool = False,
    lock: bool = True,
) -> list[FileOutcome]:
    """Write a rendered set into `out_dir` and record it; see the module docstring.

    Args:
        out_dir: the set's folder.
        files: (file name, bytes) for every file of the set, answers.yaml included.
        markdown: document file name (`notice.md`) -> Markdown, kept as the merge base.
        manifest: kind, versions, formats, questions and answers; `files` is filled here.
        force: replace files a person edited, or that sharewiz did not write.
        lock: hold `DIR/.sharewiz/lock` while writing (a batch holds its own).

    Raises:
        OutputExistsError: a file would replace a person's work; nothing was written.
    """
    if lock:
        with locked(out_dir):
            return write_set_files(
                out_dir, files, markdown=markdown, manifest=manifest, force=force, lock=False
            )
    previous = read_manifest(out_dir) or Manifest()
    plan: list[tuple[str, Path, bytes, str]] = []
    blocked: list[str] = []
    for name, data in files:
        path = out_dir / name
        disk = read_bytes(path)
        if disk is None:
            status = NEW
        elif disk == data:
            status = UNCHANGED
        elif force or previous.files.get(name) == sha256(disk):
            status = UPDATED
        else:
            blocked.append(
                f"{path} ({'edited since sharewiz wrote it' if name in previous.files else 'not written by sharewiz'})"
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
    manifest.files = {name: sha256(data) for name, data in files}
    record(out_dir, manifest, markdown)
    return outcomes


def record(out_dir: Path, manifest: Manifest, markdown: Mapping[str, str]) -> None:
    """Keep the rendered Markdown as the next merge base, and the manifest."""
    for name, text in markdown.items():
        write_if_changed(base_path(out_dir, name), text.encode("utf-8"))
    write_if_changed(state_dir(out_dir) / MANIFEST, manifest_bytes(manifest))
