"""A list asked again by `update` keeps its entries: only what does not fit is asked.

An answers file is the officer's to edit. When one field of one entry no longer fits
(a choice mistyped by hand, a required field left out), `update` used to ask the whole
list again from empty, so every entry had to be typed again. Now the list opens with
its entries, and each entry at fault is asked only the fields that do not fit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.conditions import entry_gaps, evaluate
from sharewiz.model.tree import Question


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
