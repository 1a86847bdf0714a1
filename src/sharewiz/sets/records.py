"""What sharewiz remembers about each render of a set: `DIR/.sharewiz/record.json`.

The record lets `sharewiz status` tell, without rendering anything, whether a set is
out of date: the hash of every file sharewiz wrote (a different hash now means a
person edited the file), a hash of the templates used (a different hash means the
standard wording changed since), the tree version, the answers rendered, the version
given to the documents and, for an agreement under a protocol, the protocol's version
and hash.

When the batch/update work's `DIR/.sharewiz/manifest.json` is present, its file hashes
are used as well (see :func:`written_hashes`), so either record is enough.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sharewiz.errors import UserError
from sharewiz.sets.jsontext import dumps
from sharewiz.sets.state import MANIFEST, read_state_json, sha256, state_dir

RECORD_NAME = "record.json"
RECORD_FORMAT = 1


@dataclass
class RenderRecord:
    """One render of a set, as remembered for the next `status` or render."""

    kind: str
    tree_version: int
    version: str
    answered_version: str = ""
    rendered_on: str = ""
    templates_hash: str = ""
    files: dict[str, str] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    protocol: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """Deterministic JSON: sorted keys, one trailing newline."""
        # Shallow (asdict would deep-copy the answers only to encode them): same JSON.
        data = {"format": RECORD_FORMAT, **{f.name: getattr(self, f.name) for f in fields(self)}}
        return dumps(data) + "\n"  # json.dumps(indent=1, sort_keys=True), reusing text


def file_hash(path: Path) -> str | None:
    """Hex sha256 of a file, or None if it is not there."""
    try:
        return sha256(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError):
        return None


def plain_json(value: Any) -> Any:
    """Answers as JSON-ready values (dates as ISO text), for comparing and storing."""
    if isinstance(value, Mapping):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def read_record(set_dir: Path) -> RenderRecord | None:
    """The set's render record, or None if sharewiz has not written one here."""
    data = read_state_json(set_dir, RECORD_NAME)
    if data is None:
        return None
    return RenderRecord(
        kind=str(data.get("kind", "")),
        tree_version=int(data.get("tree_version", 0) or 0),
        version=str(data.get("version", "")),
        answered_version=str(data.get("answered_version", "")),
        rendered_on=str(data.get("rendered_on", "")),
        templates_hash=str(data.get("templates_hash", "")),
        files={str(k): str(v) for k, v in dict(data.get("files") or {}).items()},
        answers=dict(data.get("answers") or {}),
        protocol={str(k): str(v) for k, v in dict(data.get("protocol") or {}).items()},
    )


def write_record(set_dir: Path, record: RenderRecord) -> None:
    """Write the record atomically; an unchanged record is not rewritten."""
    from sharewiz.model.atomic import write_text_atomic

    path = state_dir(set_dir) / RECORD_NAME
    text = record.to_json()
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    write_text_atomic(path, text)


def read_manifest_hashes(set_dir: Path) -> dict[str, str]:
    """File name -> sha256 from the batch/update manifest, if there is one."""
    try:
        data = read_state_json(set_dir, MANIFEST)
    except UserError:  # an unreadable manifest just means no hashes to compare with
        return {}
    files = data.get("files") if data is not None else None
    return {str(k): str(v) for k, v in dict(files or {}).items()}


def written_hashes(set_dir: Path, record: RenderRecord | None) -> dict[str, str]:
    """What sharewiz last wrote in a set: the manifest's hashes, overlaid by the record's."""
    hashes = read_manifest_hashes(set_dir)
    if record is not None:
        hashes.update(record.files)
    hashes.pop("answers.yaml", None)  # people edit their answers: that is not a hand edit
    return hashes


def edited_files(set_dir: Path, hashes: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """(files whose bytes differ from what sharewiz wrote, files that are gone)."""
    edited, missing = [], []
    for name, expected in sorted(hashes.items()):
        actual = file_hash(set_dir / name)
        if actual is None:
            missing.append(name)
        elif actual != expected:
            edited.append(name)
    return edited, missing


def templates_hash(template_names: Sequence[str], template_dirs: Sequence[Path]) -> str:
    """A hash of every template file a kind can use, custom folders first.

    The folder of each document template (e.g. `data-sharing-agreement/`) and the shared
    `_partials/` are hashed whole, since templates include each other.
    """
    from sharewiz.render.engine import templates_dir

    roots = [*template_dirs, templates_dir()]
    folders = sorted({Path(name).parent.as_posix() for name in template_names} | {"_partials"})
    digest = hashlib.sha256()
    for root_index, root in enumerate(roots):
        for folder in folders:
            base = root / folder if folder != "." else root
            if not base.is_dir():
                continue
            for path in sorted(base.rglob("*.j2")):
                rel = path.relative_to(root).as_posix()
                digest.update(f"{root_index}:{rel}\0".encode())
                digest.update(path.read_bytes())
                digest.update(b"\0")
    return digest.hexdigest()
