"""Where the built-in data folders live, installed or in a source checkout."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # src/sharewiz


@cache
def data_dir(name: str) -> Path:
    """The built-in `questions`, `templates` or `knowledge` folder.

    A wheel carries them under `sharewiz/_data/`; an editable install or a source
    checkout reads them from the repository root.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"sharewiz data folder {name!r} is missing from the installation")


def inside(path: Path, root: Path, *, what: str) -> Path:
    """`path` itself, once checked that it stays inside `root` with symlinks resolved.

    A folder sharewiz reads from or writes to (a templates folder, a questions folder, a
    set's `.sharewiz/`) must not lead elsewhere through `..` or a symlink: a shared folder
    could otherwise make sharewiz read or write any file the user can.

    Raises:
        UserError: naming `path`, where it leads and `what` it is.
    """
    from sharewiz.errors import UserError

    if _plainly_below(path, root):
        return path
    resolved, base = path.resolve(), root.resolve()
    if resolved != base and not resolved.is_relative_to(base):
        raise UserError(
            f"{path}: {what} leads outside {root} (to {resolved})",
            hint=f"keep it inside {root}: replace the symlink or `..` with a real file or folder",
        )
    return path


def _plainly_below(path: Path, root: Path) -> bool:
    """Whether `path` is `root` joined with names that are neither `..` nor symlinks.

    Then it resolves inside `root` whatever `root` itself leads to: a few `lstat`s
    instead of resolving both paths (a set's `.sharewiz/` is checked several times per
    render, and a batch renders thousands).
    """
    if os.name == "nt":  # a junction is no symlink to is_symlink() but resolves elsewhere
        return False
    # as text: the pathlib objects for each name cost more than the `lstat`s themselves
    below, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    if not below.startswith(prefix):
        return below == str(root)
    names = below[len(prefix) :].split(os.sep)  # noqa: PTH206 - text, as above
    if ".." in names:
        return False
    for depth in range(1, len(names) + 1):
        if os.path.islink(prefix + os.sep.join(names[:depth])):  # noqa: PTH114, PTH118
            return False
    return True
