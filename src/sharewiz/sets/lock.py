"""The lock of a set's folder: `DIR/.sharewiz/lock`, present only while sharewiz writes.

A render or update holds it on the set's folder; a batch holds it on the folder its sets
go in, and `update` of one set checks that parent's lock too.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from sharewiz.errors import UserError
from sharewiz.model.atomic import cannot_write
from sharewiz.sets.state import state_dir


class LockedError(UserError):
    """Another sharewiz is writing to the same folder."""


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
        raise cannot_write(lock, exc) from exc
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
            raise cannot_write(lock, exc) from exc
        break
    try:
        try:
            os.write(fd, f"pid={os.getpid()}\nhost={socket.gethostname()}\n".encode())
        except OSError as exc:
            raise cannot_write(lock, exc) from exc
        finally:
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
