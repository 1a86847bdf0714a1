"""Sets written by older releases, read and migrated on first touch (`sharewiz.sets.state`).

Two older layouts: before state.json, a set kept `manifest.json`, `record.json` and
`history.yaml`; before state.json held the merge bases, they were files in
`.sharewiz/base/<doc>.md`. Both are read into a :class:`SetState`; the next write of
state.json makes the old files redundant, and only then are they removed.
"""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Mapping
from pathlib import Path

from sharewiz.errors import UserError
from sharewiz.model.paths import inside
from sharewiz.sets.state import (
    HistoryEntry,
    SetState,
    history_entry,
    read_record_json,
    relative_dir,
    state_dir,
    string_map,
)

OLD_BASE_DIR = "base"  # `.sharewiz/base/<doc>.md`: the merge bases before state.json held them


def old_base_dir(out_dir: Path) -> Path:
    """`.sharewiz/base/`, where sets written before state.json held the bases kept them."""
    folder = state_dir(out_dir)
    return inside(folder / OLD_BASE_DIR, folder, what="the last rendered copies")


def read_old_bases(out_dir: Path) -> dict[str, str]:
    """The merge bases of `.sharewiz/base/<doc>.md`, by file name; {} if there is none."""
    try:
        files = sorted(old_base_dir(out_dir).glob("*.md"))
    except OSError:
        return {}
    bases = {}
    for path in files:
        with contextlib.suppress(FileNotFoundError):  # removed by another process meanwhile
            bases[path.name] = path.read_text(encoding="utf-8")
    return bases


def remove_old_bases(out_dir: Path, state: SetState) -> None:
    """Remove `.sharewiz/base/` files the state holds (so never one it does not).

    A `base` that is a symlink is left alone: sharewiz never works through one.
    """
    folder = state_dir(out_dir) / OLD_BASE_DIR
    try:
        if not stat.S_ISDIR(folder.lstat().st_mode):  # a symlink too: not followed
            return
    except FileNotFoundError:  # one stat for every set written since: no folder
        return
    for path in folder.glob("*.md"):
        if path.name in state.bases:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    with contextlib.suppress(OSError):  # not empty: something of the person's is in it
        folder.rmdir()


# -- the layout before state.json ------------------------------------------------------------


def read_old_layout(out_dir: Path) -> SetState | None:
    """A state made from manifest.json, record.json and history.yaml; None if none exist.

    The manifest held the formats, question ids, answers and the hashes of what was
    rendered; the record the document version, render date and protocol (with an
    absolute folder); history.yaml the versions. The old templates hash was of another
    scheme, so it is not carried over (unknown until the set is rendered again).
    """
    folder = state_dir(out_dir)
    manifest = read_record_json(folder / "manifest.json") or {}
    record = read_record_json(folder / "record.json") or {}
    history = _read_old_history(folder / "history.yaml")
    if not manifest and not record and history is None:
        return None
    files = string_map(record.get("files"))  # the record hashed merged files as on disk:
    files.update(string_map(manifest.get("files")))  # the manifest's hashes are the rendered ones
    protocol = string_map(record.get("protocol"))
    if protocol.get("dir"):
        protocol["dir"] = relative_dir(Path(protocol["dir"]), out_dir)
    answers = dict(manifest.get("answers") or record.get("answers") or {})
    return SetState(
        kind=str(manifest.get("kind") or record.get("kind") or ""),
        tree_version=int(manifest.get("tree_version") or record.get("tree_version") or 0),
        questions=[str(q) for q in manifest.get("questions") or []],
        formats=[str(f) for f in manifest.get("formats") or []],
        version=str(record.get("version", "")),
        answered_version=str(record.get("answered_version", "")),
        rendered_on=str(record.get("rendered_on", "")),
        answers=answers,
        files=files,
        protocol=protocol,
        history=history or [],
    )


def _read_old_history(path: Path) -> list[HistoryEntry] | None:
    from sharewiz.errors import FileFormatError
    from sharewiz.model.yamlio import load_yaml

    if not path.is_file():
        return None
    try:
        data = load_yaml(path, plain=True) or {}
    except FileFormatError as exc:
        raise UserError(exc.message, hint=f"fix or delete {path}") from exc
    entries = data.get("history") if isinstance(data, Mapping) else None
    if not isinstance(entries, list):
        raise UserError(f"{path}: expected a 'history:' list", hint=f"fix or delete {path}")
    return [history_entry(item, path) for item in entries]
