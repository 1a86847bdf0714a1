"""Renamed choice values: an old value in an answers file, a CSV cell or a set's record
is read as the value the tree now uses (`renamed_choices:` in a tree, see
docs/question-trees.md), with a note, as `sharewiz.model.reading` does for renamed ids.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sharewiz.errors import TreeError
from sharewiz.model.tree import QuestionTree


def migrate_choices(tree: QuestionTree, path: str, value: Any) -> tuple[Any, list[tuple[str, str]]]:
    """A choice (or multi) answer of question `path` (`group.field` in a group) with the
    tree's renamed choice values moved to their current ones; and (old, new) for each."""
    moves = []

    def current(old: Any) -> Any:
        new = tree.renamed_choice(path, old)
        if new is None:
            return old
        moves.append((old, new))
        return new

    moved = [current(v) for v in value] if isinstance(value, list) else current(value)
    return moved, moves


def migrate_cells(
    tree: QuestionTree, cells: Sequence[tuple[str, str]]
) -> tuple[tuple[tuple[str, str], ...], list[tuple[str, str, str]]]:
    """CSV cells (column, text) with renamed choice values moved, as an answers file's are;
    and (column, old, new) for each value moved. A multi cell's values split at ; or ,."""
    cells_now: list[tuple[str, str]] = []
    moves: list[tuple[str, str, str]] = []
    for column, text in cells:
        parts = column.split(".")
        path = parts[0] if len(parts) == 1 else f"{parts[0]}.{parts[-1]}"
        if path in tree.renamed_choices:
            question = tree.question_at(path)
            if question is not None and question.type == "multi":
                values, found = migrate_choices(
                    tree, path, [v.strip() for v in re.split(r"[;,]", text)]
                )
                moved_text = "; ".join(values)
            else:
                moved_text, found = migrate_choices(tree, path, text.strip())
            if found:
                text = moved_text
                moves.extend((column, old, new) for old, new in found)
        cells_now.append((column, text))
    return tuple(cells_now), moves


def migrate_choices_in(tree: QuestionTree, key: str, value: Any, notes: list[str]) -> Any:
    """An answer (a group's entries too) with renamed choice values moved, each noted once
    in `notes`; a group's entries are edited in place."""

    def note(path: str, found: list[tuple[str, str]]) -> None:
        for old, new in found:
            text = f"{path}: choice {old!r} renamed to {new!r}"
            if text not in notes:
                notes.append(text)

    if not tree.renamed_choices:
        return value
    if not isinstance(value, list) or not any(isinstance(e, dict) for e in value):
        moved, found = migrate_choices(tree, key, value)
        note(key, found)
        return moved
    for entry in value:  # a group: each entry's fields, edited in place (lines kept)
        for inner in list(entry) if isinstance(entry, dict) else ():
            entry[inner], found = migrate_choices(tree, f"{key}.{inner}", entry[inner])
            note(f"{key}.{inner}", found)
    return value


def check_renamed_choices(tree: QuestionTree, lines: Mapping[str, int]) -> None:
    """Each `renamed_choices` entry names a choice question and maps to its choices.

    `lines` gives each entry's line in the tree file, for the error.
    """
    for path, values in tree.renamed_choices.items():
        found = tree.question_at(path)
        offered = {c.value for c in found.choices} if found is not None else set()
        wrong = sorted(set(values.values()) - offered)
        if found is None or wrong:
            raise TreeError(
                f"{tree.path}:{lines.get(path, 1)}: 'renamed_choices' of {path!r}: "
                + (f"{path!r} is not a question here" if found is None else
                   f"{', '.join(map(repr, wrong))} is not one of its choices"),
                hint="map each old value to one of the question's current choice values",
            )  # fmt: skip
