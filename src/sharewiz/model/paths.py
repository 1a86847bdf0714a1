"""Where the built-in data folders live, installed or in a source checkout."""

from __future__ import annotations

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
