"""Step 2 of reading answers (`sharewiz.model.reading`): migrate to the tree's version.

An answers file given to an older version of a tree is moved to the current one as the
tree declares (`renamed`, `renamed_choices`, `removed`, `moved`, `grouped`: see
docs/question-trees.md, "Versions"), with a note for each move; answers for a newer
tree are refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sharewiz.errors import AnswersError
from sharewiz.model.answers_file import AnswersFile
from sharewiz.model.renamed_choices import migrate_choices_in
from sharewiz.model.tree import QuestionTree
from sharewiz.model.yamlio import MarkedDict


def migrate(tree: QuestionTree, file: AnswersFile) -> tuple[MarkedDict, list[str]]:
    """A file's raw answers moved to the tree's version, and a note for each move.

    The tree's declared renames are applied and its declared removals dropped; any other
    answer stays, so typing reports it. Answers for a newer tree are refused.
    """
    if file.tree_version > tree.version:
        raise AnswersError(
            f"{file.path}: answered for version {file.tree_version} of the {tree.id!r} "
            f"questions, but this sharewiz has version {tree.version}",
            hint="upgrade sharewiz to use this file",
        )
    migrated = MarkedDict()
    migrated.line = getattr(file.answers, "line", 0)
    notes: list[str] = []
    moving: dict[str, Any] = {}
    for key, value in file.answers.items():
        if key in tree.moved and file.tree_version < tree.version:
            moving[key] = value
            continue
        if key in tree.removed:
            notes.append(
                f"{key}: no longer asked (removed from the {tree.id} questions); its answer is dropped"
            )
            continue
        new_key = tree.renamed.get(key, key)
        if new_key != key:
            notes.append(f"{key}: renamed to {new_key}")
        if isinstance(value, list) and file.tree_version < tree.version:
            # inner renames may reuse an old id (frequency -> interval, then a new
            # frequency), so they apply only to answers from before the renaming version
            value = _migrate_entries(tree, new_key, value, notes, file.tree_version)
        value = migrate_choices_in(tree, new_key, value, notes)
        migrated[new_key] = value
        migrated.key_lines[new_key] = file.lines.get(key, 0)
    _move_into_groups(tree, migrated, moving, notes)
    return migrated, notes


def _move_into_groups(
    tree: QuestionTree, migrated: MarkedDict, moving: Mapping[str, Any], notes: list[str]
) -> None:
    """Old top-level answers now asked per entry of a group (the tree's `moved`).

    Into a group already answered, the value goes into every entry that lacks it (one
    answer for the whole notice becomes the same answer for each item); a group not yet
    answered gets one entry holding every value moved into it (one condition for all, or
    a contract's first signatory). A target `group.inner, other` splits a one-line
    "first, second" answer between the two (see `split_line`).
    """
    created: dict[str, MarkedDict] = {}
    for key, value in moving.items():
        if value in (None, "", []) or (isinstance(value, str) and not value.strip()):
            continue
        target, _, other = (part.strip() for part in tree.moved[key].partition(","))
        group, inner = target.split(".", 1)
        value = migrate_choices_in(tree, target, value, notes)
        values, how = {inner: value}, ""
        if other:
            values, how = _split_into(value, inner, other)
        entries = migrated.get(group)
        if group not in created and isinstance(entries, list) and entries:
            for entry in entries:
                if isinstance(entry, dict):
                    entry.update({k: v for k, v in values.items() if entry.get(k) in (None, "")})
            notes.append(f"{key}: now asked for each entry of {group}; given to every entry{how}")
            continue
        if group not in created:
            created[group] = MarkedDict()
            migrated[group] = [created[group]]
            migrated.key_lines[group] = 0
        created[group].update(values)
        notes.append(f"{key}: moved to {group}.{inner} ({_one_entry(tree, group)}){how}")


def split_line(line: str) -> tuple[str, str] | None:
    """A one-line "first, second" answer (such as "Jane Smith, Head of IT") as its two
    parts, or None where it has another shape: no comma, several (which comma divides
    a name from a job title cannot be known), or nothing on one side."""
    parts = [part.strip() for part in line.split(",")]
    if len(parts) != 2 or not all(parts):
        return None
    return parts[0], parts[1]


def _split_into(value: Any, inner: str, other: str) -> tuple[dict[str, Any], str]:
    """The answers a moved one-line value gives (`inner` and `other`), and what the
    migration note adds to say how the line was read."""
    parts = split_line(value) if isinstance(value, str) else None
    if parts is None:
        return (
            {inner: value},
            f", the whole line as the {inner}: it is not one '{inner}, {other}' pair, so "
            f"check it, and give the {other} that is asked",
        )
    return {inner: parts[0], other: parts[1]}, f", split at its comma into {inner} and {other}"


def _one_entry(tree: QuestionTree, group: str) -> str:
    """How a note describes the one entry a group was given: one that covers every item
    where its entries pick the items they cover, else the group's first entry."""
    question = next((q for q in tree.questions() if q.id == group), None)
    if question is not None and any(q.id == "items" for q in question.questions):
        return "one entry, covering everything"
    return f"its first {question.item_name if question is not None else 'entry'}"


def _migrate_entries(
    tree: QuestionTree, group: str, entries: list[Any], notes: list[str], version: int
) -> Any:
    """A group's entries with the tree's `group.inner` renames and removals applied.

    Each removed inner answer that was given is noted with the entry's number, so
    nothing is dropped without saying so.
    """
    prefix = f"{group}."
    renamed = {
        k[len(prefix) :]: v[len(prefix) :]
        for k, v in tree.renamed.items()
        if k.startswith(prefix) and version < tree.renamed_in.get(k, tree.version)
    }
    removed = {k[len(prefix) :] for k in tree.removed if k.startswith(prefix)}
    grouped = {k[len(prefix) :]: v for k, v in tree.grouped.items() if k.startswith(prefix)}
    if not renamed and not removed and not grouped:
        return entries
    moved = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            moved.append(entry)
            continue
        new = MarkedDict()
        new.line = getattr(entry, "line", 0)
        for key, value in entry.items():
            inner = str(key)
            if inner in removed:
                if value not in (None, ""):
                    notes.append(
                        f"{group}: entry {number}, {inner}: no longer asked (removed from the "
                        f"{tree.id} questions); its answer {value!r} is dropped"
                    )
                continue
            target: str = renamed.get(inner, inner)
            if target != inner and number == 1:
                notes.append(f"{group}.{inner}: renamed to {group}.{target}")
            new[target] = value
            if isinstance(entry, MarkedDict) and inner in entry.key_lines:
                new.key_lines[target] = entry.key_lines[inner]
        for inner_group, moves in grouped.items():
            _fold_into_group(new, inner_group, moves, notes, f"{group}.{inner_group}", number)
        moved.append(new)
    return moved


def _fold_into_group(
    entry: MarkedDict,
    inner_group: str,
    moves: Mapping[str, str],
    notes: list[str],
    where: str,
    number: int,
) -> None:
    """Move an entry's old answers (``moves``: new id -> old id) into the first entry of
    its new inner group, unless that group is answered already."""
    if inner_group in entry:  # answered already: the old answers stay, and typing reports them
        return
    given = {new: entry.pop(old) for new, old in moves.items() if old in entry}
    if not given:
        return
    folded = MarkedDict()
    folded.line = entry.line
    folded.update(given)
    entry[inner_group] = [folded]
    if number == 1:
        olds = ", ".join(moves[new] for new in given)
        notes.append(f"{where}: {olds} moved into the first entry of {inner_group}")


__all__ = ["migrate", "split_line"]
