"""The one place that prints: a rich Console pair and the message styles.

Text that comes from users (answers, file names) is printed with markup off, so
brackets in it never turn into rich markup.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@cache
def _console(stderr: bool) -> Console:
    from rich.console import Console

    # rich already drops colour when the stream is not a terminal; NO_COLOR is honoured too.
    # soft_wrap: messages hold paths people copy, so never break them at the width.
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def out() -> Console:
    """The standard-output console."""
    return _console(False)


def err() -> Console:
    """The standard-error console."""
    return _console(True)


def print_error(message: str, hint: str | None = None, *, label: str = "error") -> None:
    """Print `error: ...` and an optional `hint: ...` to standard error."""
    console = err()
    console.print(f"{label}: ", style="bold red", end="", markup=False)
    console.print(message, markup=False)
    if hint:
        console.print("hint: ", style="bold cyan", end="", markup=False)
        console.print(hint, markup=False)


def print_warning(message: str) -> None:
    """Print `warning: ...` to standard error."""
    console = err()
    console.print("warning: ", style="bold yellow", end="", markup=False)
    console.print(message, markup=False)


def print_info(message: str, *, style: str | None = None) -> None:
    """Print a plain line to standard output."""
    out().print(message, style=style, markup=False)


def print_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    styles: Mapping[int, str] = {},
    no_wrap: Sequence[int] = (),
) -> None:
    """Print a plain table to standard output; cell text is never read as markup."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for index, header in enumerate(headers):
        table.add_column(header, style=styles.get(index), overflow="fold", no_wrap=index in no_wrap)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    out().print(table)


def stdin_is_terminal() -> bool:
    """Whether standard input and output are a terminal (the wizard needs both)."""
    if os.environ.get("SHAREWIZ_FORCE_TTY") == "1":
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()
