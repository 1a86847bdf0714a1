"""A list asked again keeps its entries: only what does not fit, or is missing, is asked.

An answers file is the officer's to edit. When one field of one entry no longer fits
(a choice mistyped by hand, a required field left out), `update` used to ask the whole
list again from empty, so every entry had to be typed again. Now the list opens with
its entries, and each entry at fault is asked only the fields that do not fit. The
same holds for a list inside an entry (a party's signatories) that a stopped run left
half-made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.conditions import entry_gaps, evaluate
from sharewiz.model.tree import Question

if TYPE_CHECKING:
    from sharewiz.cli.asking.groups import GroupEditor


def typed_entries(
    group: Question, raw: list[Any], context: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], dict[int, list[str]]]:
    """`raw`'s entries typed field by field, and the fields that fit in each entry at fault.

    Args:
        group: the repeating group.
        raw: its entries as written (a field's value may not fit its question).
        context: the answers so far, for the fields' `when`.

    Returns:
        The entries (a field that does not fit left out, an entry that is not a mapping
        dropped), and for each entry at fault (by number from 1) the ids of its fields
        that fit, so that only the others are asked: those that do not fit, and the
        required ones left empty.
    """
    entries: list[dict[str, Any]] = []
    at_fault: dict[int, list[str]] = {}
    blank = {q.id: None for q in group.questions}
    for item in raw:
        if not isinstance(item, Mapping):
            continue
        entry: dict[str, Any] = {}
        fit: list[str] = []
        for inner in group.questions:
            if not evaluate(inner.when, {**context, **blank, **entry}, inner.where):
                entry[inner.id] = None
                fit.append(inner.id)
                continue
            try:
                entry[inner.id] = coerce(inner, item.get(inner.id))
            except InvalidAnswer:
                continue  # asked again
            fit.append(inner.id)
        entries.append(entry)
        if len(fit) < len(group.questions):
            at_fault[len(entries)] = fit
    for index, unanswered in entry_gaps(group, entries, context):  # required, left empty
        fit = at_fault.get(index + 1, [q.id for q in group.questions])
        at_fault[index + 1] = [f for f in fit if f not in {q.id for q in unanswered}]
    return entries, dict(sorted(at_fault.items()))


def fill_inner_gaps(
    editor: GroupEditor, group: Question, context: Mapping[str, Any], earlier: list[Any]
) -> list[dict[str, Any]]:
    """A list inside an entry left half-made (a run stopped, then resumed): each of its
    entries keeps what it has, and only the answers it lacks are asked, then as many new
    entries as its `min` still needs; not every entry again, field by field."""
    entries = [dict(e) for e in earlier]
    for index, missing in entry_gaps(group, entries, context):
        lacking = {q.id for q in missing}
        given = {k: v for k, v in entries[index].items() if k not in lacking}
        entries[index] = editor.inner_entry(group, context, index + 1, {}, given=given)
    while len(entries) < int(group.min or 0):
        entries.append(editor.inner_entry(group, context, len(entries) + 1, {}))
    return entries


def half_made(inner: Question, entry: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
    """Whether `entry`'s list `inner` (a party's signatories) has entries lacking an answer
    (their roles, after lines typed or taken from the profile): asked, not left as is."""
    value = entry.get(inner.id)
    return (inner.type == "group" and isinstance(value, list)
            and bool(entry_gaps(inner, [dict(e) for e in value], context)))  # fmt: skip


def answered_in_full(
    group: Question, entry: Mapping[str, Any], ids: list[str], context: Mapping[str, Any]
) -> list[str]:
    """The fields among `ids` that `entry` of `group` answers in full: not a list inside
    it that is `half_made` (party 1's signatories from the profile, their roles to come)."""
    fields = {q.id: q for q in group.questions}
    inside = {**context, **dict.fromkeys(fields), **entry}
    return [i for i in ids if not half_made(fields[i], entry, inside)]
