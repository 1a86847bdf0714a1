"""Atomic file writes: a crash or Ctrl-C leaves the old file or the new one, never half."""

from __future__ import annotations

import errno
import itertools
import os
import stat
from pathlib import Path

from sharewiz.errors import UserError, WriteError


def write_text_atomic(
    path: Path, text: str | bytes, *, elsewhere: str = "write somewhere else (--out)"
) -> None:
    """Write a file so a crash or Ctrl-C leaves the old or the new one, never half.

    The new file is renamed over `path`, which replaces whatever is there; so only a
    regular file (or a new path) may be replaced. A device (`/dev/full`), a FIFO, a
    folder or a symlink is refused with a UserError, never replaced. A failed write is
    the WriteError of `cannot_write`; `elsewhere` says how to choose another place.
    """
    _check_replaceable(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        _write(path, data)
    except OSError as exc:
        raise cannot_write(path, exc, elsewhere=elsewhere) from exc


def cannot_write(
    path: Path, exc: OSError, *, elsewhere: str = "write somewhere else (--out)"
) -> WriteError:
    """The one error for a failed write: the path, the system's reason, what to do.

    Every writer maps its OSError through here, so a full disk, a read-only folder or a
    file where a folder should be reads the same whatever was being written. The hint
    names the folder that refused: the one the failing file or folder was to go in, which
    for a new output folder is its parent, not the folder itself. `elsewhere` says how
    to choose another place, for commands where that is not `--out`.
    """
    failed = Path(os.fsdecode(exc.filename)) if exc.filename else path
    folder = failed.parent
    if exc.errno == errno.ENOSPC:
        hint = "free some disk space and run it again; files already there were left whole"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = f"make {folder} writable, or {elsewhere}"
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
        blocking = _file_in_the_way(failed)
        hint = f"{blocking} is a file where a folder should be: move it, or {elsewhere}"
    else:
        hint = f"check {folder} exists and can be written to, then run it again"
    return WriteError(f"cannot write {path}: {exc.strerror or exc}", hint=hint, errno=exc.errno)


def check_writable(folder: Path, *, elsewhere: str = "write somewhere else (--out)") -> None:
    """Make `folder` if needed and prove a file can be created in it, before any work.

    For a command that would otherwise find out only after the user has answered its
    first question (`new`) or copied half a folder (`init-templates`).

    Raises:
        WriteError: naming the folder, the system's reason and what to do.
    """
    probe = folder / ".sharewiz-write-test"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = _open_temporary(probe)
        os.close(fd)
        Path(tmp).unlink()
    except OSError as exc:
        raise cannot_write(folder, exc, elsewhere=elsewhere) from exc


def _file_in_the_way(path: Path) -> Path:
    """The nearest of `path` and its parents that exists: the file blocking a folder."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path


def _write(path: Path, data: bytes) -> None:
    try:
        fd, tmp = _open_temporary(path)
    except FileNotFoundError:  # make the folder only when missing: a batch writes many files
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _open_temporary(path)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)  # noqa: PTH105 - no Path made for each file a batch writes
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_replaceable(path: Path) -> None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:  # e.g. a parent that is a file: the write below says why
        if exc.errno == errno.ENOTDIR:
            return
        raise
    if not stat.S_ISREG(mode):
        what = "a symlink" if stat.S_ISLNK(mode) else "not a regular file"
        raise UserError(
            f"{path}: {what}; sharewiz only replaces regular files",
            hint="give the path of a new or ordinary file (or - for standard output, where offered)",
        )


_temporary_numbers = itertools.count()


def _open_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside `path`, created exclusively.

    Its mode is 0666 less the umask, as for any file the user creates: the documents are
    theirs to share, so they get the usual permissions, not mkstemp's private 0600.

    Named by process id and a counter rather than mkstemp's random letters: a batch
    writes eight files per set, and building random names cost more than the writes.
    """
    while True:
        tmp = f"{path.parent}{os.sep}.{path.name}.{os.getpid()}.{next(_temporary_numbers)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:  # left by a crashed process that had this id: next number
            continue
