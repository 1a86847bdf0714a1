"""Answers from CSV rows and `--set key=value`: dotted paths into raw answers, typed per tree.

A CSV's header names question ids; a repeating group's fields are reached with dotted
paths, `purposes.0.description` (entries count from 0). Every cell is text and is typed
by its question exactly as an answers file would be (`sharewiz.model.reading`). An empty cell
keeps the base answers' value. Rows are numbered as a spreadsheet shows them: the header
is row 1, the first set is row 2.
"""

from __future__ import annotations

import copy
import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharewiz.errors import FileFormatError, UserError
from sharewiz.model.tree import QuestionTree, unknown_question

# The highest entry count a path may reach in a group with no `max`: far more parties or
# data items than any real arrangement has, and `purposes.999999999` must not allocate.
MAX_GROUP_ENTRIES = 1000
SET_HINT = (
    "`sharewiz explain KIND` lists the question ids; group fields are GROUP.<entry from 0>.FIELD"
)
CSV_HINT = "save the spreadsheet as 'CSV UTF-8 (comma delimited)'"


@dataclass(frozen=True)
class Row:
    """One CSV row: its spreadsheet row number and its non-empty cells (column -> text)."""

    number: int
    cells: tuple[tuple[str, str], ...]


def split_path(path: str) -> list[str | int]:
    """`purposes.0.description` -> ['purposes', 0, 'description']."""
    return [int(part) if part.isdigit() else part for part in path.split(".")]


def check_path(tree: QuestionTree, path: str) -> str | None:
    """Why a dotted path names no answer of the tree (None if it is fine)."""
    parts = split_path(path)
    known = {q.id: q for q in tree.questions()}
    question = known.get(str(parts[0]))
    if question is None or isinstance(parts[0], int):
        return unknown_question(parts[0], tree)
    if len(parts) == 1:
        if question.type == "group":
            return (
                f"{question.id!r} is a repeating group: give each field as {question.id}.0.<field>"
            )
        return None
    if question.type != "group":
        return f"{question.id!r} is not a repeating group, so it takes no '.' path"
    inner = {q.id for q in question.questions}
    if len(parts) != 3 or not isinstance(parts[1], int) or str(parts[2]) not in inner:
        return f"write {question.id}.<entry number from 0>.<field>, with a field of: {', '.join(sorted(inner))}"
    limit = int(question.max) if question.max is not None else MAX_GROUP_ENTRIES
    if parts[1] >= limit:
        return f"entry {parts[1]} is beyond {question.id!r}'s {limit} entries (numbered from 0)"
    return None


def parse_overrides(pairs: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """`--set key=value` options as (dotted key, text); a malformed one is a usage error."""
    result = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*", key):
            raise UserError(
                f"--set {pair!r}: expected KEY=VALUE",
                hint="e.g. --set controller_name='Northshire County Council' or --set purposes.0.basis=public_task",
            )
        result.append((key, value))
    return tuple(result)


def apply_values(raw: Mapping[str, Any], values: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Raw answers with dotted values set; `raw` itself is never changed."""
    result = dict(raw)
    copied: set[str] = set()
    for path, value in values:
        parts = split_path(path)
        top = str(parts[0])
        if len(parts) == 1:
            result[top] = value
            continue
        if top not in copied:  # copy only the groups a row touches
            result[top] = (
                copy.deepcopy(result.get(top)) if isinstance(result.get(top), list) else []
            )
            copied.add(top)
        entries: list[Any] = result[top]
        index = int(parts[1])
        while len(entries) <= index:
            entries.append({})
        if not isinstance(entries[index], dict):
            entries[index] = {}
        entries[index][str(parts[2])] = value
    return result


def read_header(path: Path, tree: QuestionTree, notes: list[str] | None = None) -> list[str]:
    """The CSV's columns, each checked against the tree (reported as `file:row 1, column`).

    A column naming a question (or group field) by the id the tree declares `renamed` is
    read as the current id, as an answers file's key is; each such column is noted.
    """
    with _open(path) as handle:
        try:
            header = next(csv.reader(handle), None)
        except csv.Error as exc:
            raise FileFormatError(
                f"{path}:row 1: not a readable CSV file ({exc})", hint=CSV_HINT
            ) from exc
        except UnicodeDecodeError as exc:
            raise FileFormatError(
                f"{path}: not UTF-8 text ({exc.reason})",
                hint="save the spreadsheet as 'CSV UTF-8'",
            ) from exc
    if not header or not any(h.strip() for h in header):
        raise FileFormatError(
            f"{path}:row 1: the first row must name the question ids of its columns",
            hint="e.g. controller_name,controller_email,retention_period",
        )
    columns = []
    for given in (h.strip() for h in header):
        column = _current_column(tree, given)
        if column != given and notes is not None:
            notes.append(f"{path}:row 1, column {given}: renamed to {column}; read as {column}")
        columns.append(column)
    for column in columns:
        if not column:
            raise FileFormatError(
                f"{path}:row 1, column {columns.index(column) + 1}: a column has no name",
                hint="name every column with a question id, or delete the empty column",
            )
        problem = check_path(tree, column)
        if problem:
            raise FileFormatError(
                f"{path}:row 1, column {column}: {problem}",
                hint="columns are question ids (see `sharewiz explain`), dotted for group fields",
            )
    duplicates = sorted({c for c in columns if columns.count(c) > 1})
    if duplicates:
        first = columns.index(duplicates[0])
        again = columns.index(duplicates[0], first + 1)
        raise FileFormatError(
            f"{path}:row 1, column {again + 1}: column {duplicates[0]} appears more than once "
            f"(first as column {first + 1})",
            hint="keep one column per question id; delete or rename the other",
        )
    return columns


def _current_column(tree: QuestionTree, column: str) -> str:
    """A column naming a renamed question (`old`, or `group.N.old`) by its current id."""
    if not column or check_path(tree, column) is None:
        return column
    parts = column.split(".")
    top = tree.renamed.get(parts[0], parts[0])
    if len(parts) == 3:
        inner = tree.renamed.get(f"{top}.{parts[2]}") or tree.renamed.get(f"{parts[0]}.{parts[2]}")
        moved = f"{top}.{parts[1]}.{inner.partition('.')[2] if inner else parts[2]}"
    else:
        moved = ".".join([top, *parts[1:]])
    return moved if check_path(tree, moved) is None else column


def read_rows(path: Path, columns: Sequence[str]) -> Iterator[Row | tuple[int, str]]:
    """Yield each data row lazily, or (row number, problem) for a malformed one."""
    with _open(path) as handle:
        reader = csv.reader(handle)
        number = 1
        try:
            next(reader, None)
            for cells in reader:
                number += 1
                if not any(cell.strip() for cell in cells):
                    continue  # a blank line, as spreadsheets leave at the end
                if len(cells) != len(columns):
                    yield (
                        number,
                        f"has {len(cells)} cells but the header has {len(columns)} columns "
                        "(leave a cell empty rather than out; quote a value holding a comma)",
                    )
                    continue
                yield Row(
                    number,
                    tuple((c, v) for c, v in zip(columns, cells, strict=True) if v.strip()),
                )
        except csv.Error as exc:
            yield number + 1, f"not readable as CSV ({exc}); {CSV_HINT}"
        except UnicodeDecodeError as exc:
            yield number + 1, f"not UTF-8 text ({exc.reason}); save the spreadsheet as 'CSV UTF-8'"


def count_rows(path: Path) -> int:
    """How many non-blank data rows a CSV has (for the progress bar)."""
    with _open(path) as handle:
        try:
            return max(
                0, sum(1 for cells in csv.reader(handle) if any(c.strip() for c in cells)) - 1
            )
        except (csv.Error, UnicodeDecodeError):
            return 0


def _open(path: Path) -> Any:
    try:
        # utf-8-sig: spreadsheets often save a byte-order mark first
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise UserError(
            f"{path}: cannot read it ({exc.strerror})",
            hint="check the path, and that the file is not open elsewhere or locked",
        ) from exc
