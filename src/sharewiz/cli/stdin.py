"""`-` for standard input wherever a command reads an answers file or a CSV.

Standard input is read once, into a file in a private temporary folder, so the library
reads it as it reads any file (a CSV is read more than once: counted, its header, its
rows). Messages name it `<stdin>`, never the temporary file.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sharewiz.errors import SharewizError, UsageError

STDIN = Path("-")
STDIN_LABEL = "<stdin>"


class Stdin:
    """Standard input as a file, taken by at most one argument of a command."""

    def __init__(self, folder: Path) -> None:
        """Keep standard input in `folder` (a temporary one) once it is asked for."""
        self.folder = folder
        self.taken_by: str | None = None
        self.path: Path | None = None

    def file(self, path: Path, what: str, name: str) -> Path:
        """`path` itself, or for `-` a file holding standard input (read only once).

        Args:
            path: A path the user gave.
            what: What it is, for the message when `-` is given twice (`the answers`).
            name: The file name to give standard input (`answers.yaml`, `rows.csv`).

        Raises:
            UsageError: `-` was already given for another argument.
        """
        if path != STDIN:
            return path
        if self.taken_by is not None:
            raise UsageError(
                f"standard input is read once, and {self.taken_by} already come from it",
                hint=f"give {what} as a file",
            )
        self.taken_by, self.path = what, self.folder / name
        self.path.write_bytes(sys.stdin.buffer.read())
        return self.path

    def shown(self, value: Any) -> Any:
        """A value (text, or JSON made of dicts and lists) naming `<stdin>`, not the file."""
        if self.path is None:
            return value
        if isinstance(value, str):
            return value.replace(str(self.path), STDIN_LABEL)
        if isinstance(value, dict):
            return {key: self.shown(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.shown(item) for item in value]
        return value


@contextlib.contextmanager
def reading_stdin() -> Iterator[Stdin]:
    """A `Stdin` for one command; errors naming its file name `<stdin>` instead."""
    with tempfile.TemporaryDirectory(prefix="sharewiz-stdin-") as folder:
        stdin = Stdin(Path(folder))
        try:
            yield stdin
        except SharewizError as exc:
            exc.message = stdin.shown(exc.message)
            exc.hint = stdin.shown(exc.hint)
            raise
