"""The one place that prints: a rich Console pair and the message styles.

Text that comes from users (answers, file names) is printed with markup off, so
brackets in it never turn into rich markup.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

Reporter = Callable[[str, bool], None]

# Under a command's --quiet: progress and success lines are dropped; warnings, errors
# and what the command exists to print (JSON, diffs, tables) are not.
_quiet = {"on": False}


@contextlib.contextmanager
def quiet_output(quiet: bool) -> Iterator[None]:
    """Drop progress and success lines (`print_info`, progress) while the block runs."""
    before, _quiet["on"] = _quiet["on"], quiet
    try:
        yield
    finally:
        _quiet["on"] = before


def is_quiet() -> bool:
    """Whether progress and success lines are being dropped (--quiet)."""
    return _quiet["on"]


@cache
def _console(stderr: bool) -> Console:
    from rich.console import Console

    # rich already drops colour when the stream is not a terminal; NO_COLOR is honoured too.
    # soft_wrap: messages hold paths people copy, so never break them at the width.
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def out() -> Console:
    """The standard-output console."""
    _tolerate_encoding(sys.stdout)
    return _console(False)


def err() -> Console:
    """The standard-error console."""
    _tolerate_encoding(sys.stderr)
    return _console(True)


def _tolerate_encoding(stream: object) -> None:
    """Print what the stream's encoding cannot hold as `?`, rather than crash.

    Windows, or output redirected with PYTHONIOENCODING=cp1252, cannot encode a name
    like `Rhondda Cynon Taf – Gwasanaethau` or `مجلس`; a status table is still worth
    showing with a `?` in it.
    """
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        if stream.encoding.lower().replace("-", "").replace("_", "") not in ("utf8", "utf8sig"):
            stream.reconfigure(errors="replace")


def print_error(message: str, hint: str | None = None, *, label: str = "error") -> None:
    """Print `error: ...` and an optional `hint: ...` to standard error."""
    console = err()
    console.print(f"{label}: ", style="bold red", end="", markup=False)
    # soft_wrap: never break a message (file paths, row labels) across lines
    console.print(message, markup=False, soft_wrap=True)
    if hint:
        console.print("hint: ", style="bold cyan", end="", markup=False)
        console.print(hint, markup=False, soft_wrap=True)


def write_raw(text: str) -> None:
    """Write text to standard output exactly as it is (a calendar or CSV for a pipe)."""
    _tolerate_encoding(sys.stdout)
    sys.stdout.write(text)
    sys.stdout.flush()


def print_warning(message: str) -> None:
    """Print `warning: ...` to standard error."""
    console = err()
    console.print("warning: ", style="bold yellow", end="", markup=False)
    console.print(message, markup=False, soft_wrap=True)


def print_info(message: str, *, style: str | None = None) -> None:
    """Print a plain line to standard output (a progress or success line: not under --quiet)."""
    if not _quiet["on"]:
        out().print(message, style=style, markup=False)


def print_prose(message: str, *, style: str | None = None, indent: int = 0) -> None:
    """Print sentences wrapped at words to the terminal width (help, reasons, findings)."""
    from rich.padding import Padding
    from rich.text import Text

    text = Text(message, style=style or "")
    out().print(Padding(text, (0, 0, 0, indent)) if indent else text, soft_wrap=False)


def print_note(message: str) -> None:
    """A line about a file (`folder: advice: ...`): wrapped at words with the lines after the
    first indented on a terminal, so it reads at 80 columns; whole, one per line, into a
    pipe or file, so it greps. Not printed under --quiet."""
    if _quiet["on"]:
        return
    if not out().is_terminal:
        print_info(message)
        return
    from rich.text import Text

    lines = textwrap.wrap(message, max(20, out().width - 1), subsequent_indent="    ",
                          break_long_words=False, break_on_hyphens=False)  # fmt: skip
    out().print(Text("\n".join(lines)), soft_wrap=True)


def print_answer(question: str, answer: str) -> None:
    """A question and its answer as the wizard leaves them on screen, wrapped at words.

    A one-line answer follows its question; the lines of a longer one are indented
    beneath it. Each wraps at word boundaries to the terminal's width, never mid-word,
    its wrapped lines hanging under the answer (under the question's text where the
    question takes more than half the width), never back at the first column.
    """
    from rich.padding import Padding
    from rich.text import Text

    lines = answer.splitlines()
    one = answer.strip() if len(lines) <= 1 else ""
    for row in _hanging(question, one, out().width):
        out().print(row, soft_wrap=False)
    for line in lines if len(lines) > 1 else []:
        out().print(Padding(Text(line, style="green"), (0, 0, 0, 2)), soft_wrap=False)


def _hanging(question: str, answer: str, width: int) -> list[Text]:
    """The question and its answer after "? ", filled word by word to `width`, each line
    after the first indented to where the answer starts, or by 2 (under the question)."""
    from rich.text import Text

    start = len(question) + 3  # "? ", the question and a space
    indent = start if start <= width // 2 else 2
    room = max(width - indent, 1)  # a word longer than a line (a web address): in pieces
    words = [(w[at : at + room], style)
             for text, style in ((question, "bold"), (answer, "green"))
             for w in text.split() for at in range(0, len(w), room)]  # fmt: skip
    rows: list[list[tuple[str, str]]] = [[("? ", "bold")]]
    used, empty = 2, True
    for word, style in words:
        if not empty and used + 1 + len(word) > width:
            rows.append([(" " * indent, "")])
            used, empty = indent, True
        piece = word if empty else f" {word}"  # a space takes the style of the word after it
        text, last = rows[-1][-1]
        if last == style:  # one run of a style: the terminal gets the words as they read
            rows[-1][-1] = (text + piece, style)
        else:
            rows[-1].append((piece, style))
        used, empty = used + len(piece), False
    return [Text.assemble(*row) for row in rows]


LIST_BELOW_COLUMNS = 100  # a terminal narrower than this gets lists, not tables


def print_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    styles: Mapping[int, str] = {},
    no_wrap: Sequence[int] = (),
) -> None:
    """Print a plain table to standard output; cell text is never read as markup.

    Narrower than 100 columns, or into a pipe or file, a table of many columns wraps
    into an unreadable grid, so each row is printed as a short list instead: the first
    cell, then `header: cell` for the rest, one per line.
    """
    from rich.table import Table
    from rich.text import Text

    console = out()
    if not console.is_terminal or console.width < LIST_BELOW_COLUMNS:
        for row in rows:
            console.print(Text(row[0], style=styles.get(0, "")), soft_wrap=True)
            for header, cell in zip(headers[1:], row[1:], strict=True):
                console.print(Text(f"  {header}: {cell}"), soft_wrap=True)
        return
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for index, header in enumerate(headers):
        table.add_column(header, style=styles.get(index), overflow="fold", no_wrap=index in no_wrap)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)


def stdin_is_terminal() -> bool:
    """Whether standard input and output are a terminal (the wizard needs both)."""
    if os.environ.get("SHAREWIZ_FORCE_TTY") == "1":
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def print_line(message: str, *, stderr: bool = False) -> None:
    """Print one line as is: never wrapped (paths, JSON), no markup."""
    (err() if stderr else out()).print(message, markup=False, soft_wrap=True, highlight=False)


def print_json(data: Mapping[str, Any], *, sort_keys: bool = False) -> None:
    """Print one JSON document to standard output (every command's `--json`)."""
    import json

    print_line(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=sort_keys))


@contextlib.contextmanager
def progress(total: int | None, description: str, *, lines: bool = True) -> Iterator[Reporter]:
    """Report items as they finish: a bar on a terminal, plain lines otherwise.

    The yielded `report(line, failed)` advances the bar; on a terminal only failures are
    printed (above the bar, on standard error), otherwise every line goes to standard
    output (or, with lines=False, e.g. under --json, only failures, to standard error).
    """
    console = err()
    if not console.is_terminal or _quiet["on"]:

        def plain(line: str, failed: bool) -> None:
            if lines and not _quiet["on"]:
                print_line(line)
            elif failed:
                print_line(line, stderr=True)

        yield plain
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
    from rich.text import Text

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)

        def advance(line: str, failed: bool) -> None:
            if failed:
                # a Text, not markup=False: print options would reach the bar's own columns
                bar.console.print(Text(line, style="red"), soft_wrap=True)
            bar.advance(task)

        yield advance
