"""The `.sharewiz/` folder of a document set: manifest, base copies and lock.

Every render writes, beside the documents::

    DIR/.sharewiz/manifest.json     # kind, tree version, formats, question ids, the
                                    # answers rendered and the sha256 of each file written
    DIR/.sharewiz/base/<doc>.md     # the Markdown exactly as sharewiz rendered it
    DIR/.sharewiz/lock              # present only while a render or update runs

`update` uses the base copies for its 3-way merge and the hashes to tell a file a person
edited from one sharewiz wrote; a batch uses the hashes to replace only its own files.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import socket
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz import __version__
from sharewiz.errors import UserError
from sharewiz.sets.jsontext import dumps

STATE_DIR = ".sharewiz"
MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1


class LockedError(UserError):
    """Another sharewiz is writing to the same folder."""


@dataclass
class Manifest:
    """What sharewiz last wrote into a set's folder."""

    kind: str = ""
    tree_version: int = 0
    formats: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256 of what was written

    def to_json(self) -> str:
        """Deterministic JSON (sorted keys, no times), so an unchanged set rewrites nothing."""
        data = {
            "format": MANIFEST_FORMAT,
            "sharewiz_version": __version__,
            "kind": self.kind,
            "tree_version": self.tree_version,
            "formats": self.formats,
            "questions": self.questions,
            "answers": self.answers,
            "files": dict(sorted(self.files.items())),
        }
        return dumps(data) + "\n"  # json.dumps(indent=1, sort_keys=True), reusing text


def state_dir(out_dir: Path) -> Path:
    """The `.sharewiz/` folder of a set."""
    return out_dir / STATE_DIR


def base_path(out_dir: Path, name: str) -> Path:
    """Where the last rendered Markdown of `name` (e.g. `notice.md`) is kept."""
    return state_dir(out_dir) / "base" / name


def sha256(data: bytes) -> str:
    """Hex sha256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """Hex sha256 of a file, or None if it does not exist."""
    try:
        return sha256(path.read_bytes())
    except FileNotFoundError:
        return None


def read_state_json(out_dir: Path, name: str) -> dict[str, Any] | None:
    """A JSON file of the set's `.sharewiz/` folder; None if absent or not an object.

    A file that exists but cannot be read is an error naming it, with the way out.
    """
    path = state_dir(out_dir) / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise UserError(
            f"{path}: cannot read sharewiz's record of this folder ({exc})",
            hint=f"delete {path} and render the set again with --force",
        ) from exc
    return data if isinstance(data, dict) else None


def read_manifest(out_dir: Path) -> Manifest | None:
    """The set's manifest, or None if sharewiz has not written one."""
    data = read_state_json(out_dir, MANIFEST)
    if data is None:
        return None
    return Manifest(
        kind=str(data.get("kind", "")),
        tree_version=int(data.get("tree_version", 0) or 0),
        formats=[str(f) for f in data.get("formats", [])],
        questions=[str(q) for q in data.get("questions", [])],
        answers=dict(data.get("answers", {})),
        files={str(k): str(v) for k, v in dict(data.get("files", {})).items()},
    )


def manifest_bytes(manifest: Manifest) -> bytes:
    """The manifest file's bytes."""
    return manifest.to_json().encode("utf-8")


# -- the lock ---------------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(lock: Path) -> bool:
    """A lock left by a process on this machine that no longer runs."""
    try:
        text = lock.read_text(encoding="utf-8")
    except FileNotFoundError:
        return True
    except OSError:
        return False
    parts = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    if parts.get("host") != socket.gethostname():
        return False  # another machine's process: we cannot tell, so respect it
    try:
        return not _pid_alive(int(parts.get("pid", "")))
    except ValueError:
        return False  # half-written by a process starting right now


@contextlib.contextmanager
def locked(out_dir: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold `DIR/.sharewiz/lock` while writing; a second writer refuses (or waits `wait` s).

    The lock is made with O_CREAT|O_EXCL, so two processes can never both hold it; a lock
    whose process has died on this machine is removed and taken.
    """
    lock = state_dir(out_dir) / "lock"
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"cannot write to {out_dir}: {exc.strerror}",
            hint="choose a folder you can write to with --out",
        ) from exc
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if _stale(lock):
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()
                continue
            if time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            holder = _holder(lock)
            raise LockedError(
                f"{out_dir} is being written by another sharewiz{holder}; nothing written",
                hint=f"wait for it to finish; if none is running, delete {lock}",
            ) from None
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                raise UserError(
                    f"cannot write to {out_dir}: {exc.strerror}",
                    hint="choose a folder you can write to with --out",
                ) from exc
            raise
        break
    try:
        os.write(fd, f"pid={os.getpid()}\nhost={socket.gethostname()}\n".encode())
        os.close(fd)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()


def check_unlocked(folder: Path) -> None:
    """Refuse if a live sharewiz holds `folder`'s lock (a batch writing into its sets)."""
    lock = state_dir(folder) / "lock"
    if lock.exists() and not _stale(lock):
        raise LockedError(
            f"{folder} is being written by another sharewiz{_holder(lock)}; nothing written",
            hint=f"wait for it to finish; if none is running, delete {lock}",
        )


def _holder(lock: Path) -> str:
    try:
        text = lock.read_text(encoding="utf-8")
    except OSError:
        return ""
    parts = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    return f" (process {parts['pid']})" if "pid" in parts else ""


def answers_json(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as JSON-safe values (typed answers are already text, numbers, lists, maps)."""
    result: dict[str, Any] = json.loads(json.dumps(dict(answers), default=str))
    return {k: v for k, v in result.items() if v is not None}
