"""Finishing a list's entries once the list is made: fields across the entries.

A group's field with `across:` is asked once for the whole list where that takes fewer
prompts than asking each entry: a choice field on one screen, a row per entry (`grid`),
a yes/no by ticking the entries ("Which of these are special category data?"), a multi
field by a tick list per choice (`each`). Every other field the entries still lack is
then asked entry by entry, only where it applies. Each entry keeps its own answer, so
the answers file has the same shape either way. Every answer is saved as it is given,
with the position, so Ctrl-C loses nothing. See "Asking a field across the entries" in
docs/question-trees.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sharewiz.cli.asking.grid_field import ask_in_grid
from sharewiz.cli.asking.group_by_grid import refine_by_grids
from sharewiz.cli.asking.help_text import help_for
from sharewiz.cli.asking.lines_across import ask_lines_across, offers_lines
from sharewiz.cli.asking.position import Position
from sharewiz.cli.asking.profile_offer import take_own_from_profile
from sharewiz.cli.asking.prompts import Option, names_in_words, tick
from sharewiz.cli.asking.repair import half_made
from sharewiz.cli.asking.shortcuts import ask_same, leave_alone_empty, offers_same
from sharewiz.cli.asking.which_entries import ask_which, offers_which
from sharewiz.model.conditions import default_for, evaluate
from sharewiz.model.offered import offered_choices
from sharewiz.model.tree import Question

if TYPE_CHECKING:
    from sharewiz.cli.asking.groups import GroupEditor


def complete(editor: GroupEditor) -> None:
    """Ask every field the entries lack, field by field, across the entries where shorter."""
    refine_by_grids(editor)  # a list made from grids: its later screens (`group_by`)
    fields = editor.group.questions
    index = 0
    while index < len(fields):
        leave_alone_empty(editor, fields[index])  # `empty_when_alone`: an entry alone covers all
        take_own_from_profile(editor, fields[index])  # the officer's own entry: the profile's
        if _across_is_shorter(editor, fields[index]):
            ask_across(editor, fields[index])
            index += 1
            continue
        carried: list[str] = []  # a `which` list's ticks, kept in the position (resume)
        if offers_same(fields[index]):  # one answer for all, or "it differs": each asked below
            ask_same(editor, fields[index], lacking(editor, fields[index])[0])
        elif offers_which(fields[index]):  # the entries it is given for; the others empty
            carried = ask_which(editor, fields[index])
        elif offers_lines(fields[index]):  # one prompt, a line for each entry needing it
            ask_lines_across(editor, fields[index])
        block = [fields[index]]  # a run of fields asked entry by entry, each entry in turn
        index += 1
        # a later field's `when` may rest on answers this block gives: judged on every entry;
        # a field offered the same for all or to the entries ticked, left empty in an entry
        # alone, or taken from the profile for the own organisation's entry, starts a run
        # of its own
        while (
            index < len(fields)
            and not offers_same(fields[index])
            and not offers_which(fields[index])
            and not offers_lines(fields[index])
            and not fields[index].empty_when_alone
            and not (fields[index].profile and editor.group.one_entry_per)
            and not _across_is_shorter(editor, fields[index], known=False)
        ):
            block.append(fields[index])
            index += 1
        for number, entry in enumerate(editor.entries, 1):
            # and a list inside it half-made (party 1's signatories from the profile: roles)
            context = {**editor.context, **{q.id: None for q in fields}, **entry}
            missing = [q.id for q in block if q.id not in entry or half_made(q, entry, context)]
            if missing:
                editor.fill(number, adding=False, fields=missing, answered=carried)
        if carried:  # the ticked entries are answered: the position no longer needs them
            editor.wizard.move_to(Position(editor.group.id, completing=True))
        for nested in block:
            if nested.type == "group" and nested.across is not None and nested.across.more:
                ask_more(editor, nested)


def as_left(
    group: Question, entries: list[dict[str, Any]], position: Position
) -> list[dict[str, Any]]:
    """A list's entries as an interrupted run left them, from what its file reads back.

    Read back, an entry holds every field, None where no answer was given yet. A required
    field still None (one that applies is never left empty once asked), and a field of
    the entry being filled that it had not answered, are left out, so they are asked.
    """
    required = {q.id for q in group.questions if q.required}
    left = []
    for number, entry in enumerate(entries, 1):
        filling = number == position.entry
        left.append({k: v for k, v in entry.items() if v is not None or (
            k not in required and not (filling and k not in position.answered))})  # fmt: skip
    return left


def ask_more(editor: GroupEditor, nested: Question) -> None:
    """Rounds of "Which of these have another signatory?" until none is ticked."""
    assert nested.across is not None
    high = int(nested.max) if nested.max is not None else None

    def room(number: int) -> bool:
        inner = editor.entries[number - 1].get(nested.id)
        return isinstance(inner, list) and (high is None or len(inner) < high)

    candidates = [n for n in range(1, len(editor.entries) + 1) if room(n)]
    blank = {q.id: None for q in editor.group.questions}
    while candidates:
        editor.wizard.move_to(Position(editor.group.id, completing=True))
        options = [Option(str(n), editor.label(editor.entries[n - 1]) or f"{editor.item} {n}")
                   for n in candidates]  # fmt: skip
        ticked = [int(t) for t in tick(nested.across.more, options, help_text=help_for(nested))]
        for number in ticked:
            entry = editor.entries[number - 1]
            editor.heading(number)
            inner = list(entry[nested.id])
            context = {**editor.context, **blank, **entry}
            inner.append(editor.inner_entry(nested, context, len(inner) + 1, {}))
            entry[nested.id] = inner
            editor.save()
        candidates = [n for n in ticked if room(n)]


def lacking(editor: GroupEditor, field: Question) -> tuple[list[int], list[int]]:
    """The entries (numbers) without an answer to `field`: where it applies, and where not."""
    applies: list[int] = []
    not_asked: list[int] = []
    blank = {q.id: None for q in editor.group.questions}
    for number, entry in enumerate(editor.entries, 1):
        if field.id in entry:
            continue
        context = {**editor.context, **blank, **entry}
        (applies if evaluate(field.when, context, field.where) else not_asked).append(number)
    return applies, not_asked


def _across_is_shorter(editor: GroupEditor, field: Question, *, known: bool = True) -> bool:
    """Whether asking across the entries takes fewer prompts than asking each that lacks
    `field`: a grid for two entries or more, tick lists where there are fewer lists.

    Not `known`: before the fields its `when` rests on are answered, every entry lacking
    it is counted (so the field starts a run of its own, and is judged again there).
    """
    if field.across is None or field.type == "group":  # a group's `more`: see ask_more
        return False
    if field.take_default:  # taken unasked where its default is known: see GroupEditor.fill
        return False
    applies, not_asked = lacking(editor, field)
    numbers = applies if known else applies + not_asked
    if field.across.grid:  # one screen, if there are choices to show yet
        return len(numbers) > 1 and bool(offered_choices(field, editor.context).choices)
    lists = _tick_lists(editor, field)  # none: a field offered only the same for all
    return bool(numbers) and bool(lists) and len(lists or []) < len(numbers)


def _tick_lists(editor: GroupEditor, field: Question) -> list[tuple[Any, str]] | None:
    """(value, prompt) of each tick list of `field`, or None when its choices are not known."""
    across = field.across
    assert across is not None
    if not across.each:
        return list(across.ticks)  # a yes/no's one list (none: `same` or `which`)
    choices = offered_choices(field, editor.context).choices
    if not choices:
        return None  # computed choices with nothing to offer yet
    return [(c.value, across.each.format(choice=c.label)) for c in choices]


def ask_across(editor: GroupEditor, field: Question) -> None:
    """Ask `field` of the entries that lack it (a grid, or tick lists), then save them."""
    across = field.across
    assert across is not None
    numbers, not_asked = lacking(editor, field)
    for number in not_asked:
        editor.entries[number - 1][field.id] = None
    if across.grid:
        return ask_in_grid(editor, field, numbers, across.grid)
    lists = _tick_lists(editor, field) or []
    labels = {n: editor.label(editor.entries[n - 1]) or f"{editor.item} {n}" for n in numbers}
    help_text = help_for(field)
    suggested = {n: _suggestion(editor, field, n) for n in numbers}
    # every choice an entry is ticked for (a yes/no: its one list), saved at the end
    picked: dict[int, list[Any]] = {n: [] for n in numbers}
    for value, prompt in lists:
        editor.wizard.move_to(Position(editor.group.id, completing=True))
        options = [Option(str(n), labels[n]) for n in numbers]
        start = [str(n) for n in numbers if _suggests(suggested[n], value)]
        for ticked in tick(prompt, options, help_text=help_text, ticked=start):
            picked[int(ticked)].append(value)
    for number, values in picked.items():
        entry = editor.entries[number - 1]
        if field.type == "yes_no":
            entry[field.id] = values[0] if values else across.otherwise
        elif field.type == "multi":
            entry[field.id] = [str(v) for v in values]
        elif values or not field.required:  # text: the names picked, in words
            entry[field.id] = names_in_words([str(v) for v in values]) or None
    editor.save()
    for number in numbers:  # a required name ticked in no list: asked of that entry
        if field.id not in editor.entries[number - 1]:
            editor.fill(number, adding=False, fields=[field.id])


def _suggestion(editor: GroupEditor, field: Question, number: int) -> Any:
    """The field's default for one entry (e.g. a data item's, where it has one)."""
    blank = {q.id: None for q in editor.group.questions}
    return default_for(field, {**editor.context, **blank, **editor.entries[number - 1]})


def _suggests(default: Any, value: Any) -> bool:
    """Whether an entry's default is the tick list's value: the entry starts ticked."""
    if isinstance(default, list):
        return value in default
    if isinstance(default, str) and isinstance(value, str) and default != value:
        return value in default  # a text naming several parties ("A and B") names A
    return default is not None and default == value
