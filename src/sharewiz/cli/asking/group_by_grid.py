"""A new `covers:` list made from grids (`group_by:`).

The first screen has a row per choice of the covered field (a notice's special category
items), each given a choice of the first screen's field (its Art 9(2) condition); the
rows given the same choice make one entry, in the order first given, holding those rows.
Once the list is made, each later screen (the Schedule 1 condition) shows a row for each
item of the entries that still lack its field where it applies, and an entry whose rows
are given different choices is split, so every entry holds one set of answers. Where
fewer than two rows need a screen, its field is asked entry by entry, as after any list
is made. Nothing of a screen is saved before Enter: Ctrl-C and `--resume` come back to
it. The answers file has the shape the list always has. See "A list made from grids" in
docs/question-trees.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sharewiz.cli.asking.grid import grid
from sharewiz.cli.asking.grid_table import start_row
from sharewiz.cli.asking.help_text import help_for
from sharewiz.cli.asking.lines import plural
from sharewiz.cli.asking.position import Position
from sharewiz.cli.asking.shortcuts import offered
from sharewiz.cli.console import print_prose
from sharewiz.model.conditions import default_for, evaluate
from sharewiz.model.offered import offered_choices
from sharewiz.model.prose import count_noun
from sharewiz.model.tree import GroupBy, Question

if TYPE_CHECKING:
    from sharewiz.cli.asking.groups import GroupEditor

Row = tuple[str, str, dict[str, Any]]  # (value, label, the answers its entry gives it)


def make_by_grid(editor: GroupEditor) -> bool:
    """Make the new list's entries from the first screen; False where there are not two
    rows (one item is asked as usual, the item taken unasked)."""
    if not editor.group.group_by or editor.entries:
        return False
    covered = _field(editor, str(editor.group.covers))
    context = _blank(editor)
    rows: list[Row] = [(c.value, c.label, {}) for c in offered_choices(covered, context).choices]
    if len(rows) < 2:
        return False
    editor.wizard.move_to(Position(editor.group.id))  # --resume comes back to the screen
    field = editor.group.group_by[0].field
    chosen = _ask(editor, editor.group.group_by[0], rows)
    editor.entries = _grouped(editor, [(row[0], {field: value}) for row, value in chosen])
    editor.save()
    editor.wizard.move_to(Position(editor.group.id, completing=True))
    refine_by_grids(editor)  # the later screens, so the count said is the list's
    print_prose(
        f"{count_noun(len(editor.entries), editor.item, plural(editor.item))}: items given "
        f"the same answers share one. To rest an item on a second {editor.item}, add another "
        "from the review.", style="dim", indent=2,
    )  # fmt: skip
    return True


def refine_by_grids(editor: GroupEditor) -> None:
    """Ask each later screen of the rows of entries lacking its field where it applies,
    two rows or more, splitting an entry whose rows are given different choices."""
    covered = str(editor.group.covers)
    for screen in editor.group.group_by[1:]:
        field = _field(editor, screen.field)
        rows: list[Row] = []
        for entry in editor.entries:
            context = {**_blank(editor), **entry}
            if field.id not in entry and evaluate(field.when, context, field.where):
                rows += [(v, v, entry) for v in entry.get(covered) or []]
        if len(rows) < 2:
            continue  # one row: asked of its entry as usual
        editor.wizard.move_to(Position(editor.group.id, completing=True))
        chosen = _ask(editor, screen, rows)
        split: list[dict[str, Any]] = []
        for entry in editor.entries:
            own = [(value, {**answers, field.id: choice})
                   for (value, _label, answers), choice in chosen if answers is entry]  # fmt: skip
            split += _grouped(editor, own) if own else [entry]
        editor.entries = split
        editor.save()


def _ask(editor: GroupEditor, screen: GroupBy, rows: list[Row]) -> list[tuple[Row, str]]:
    """Show `screen`'s grid, a row each; each row with the choice given it."""
    field = _field(editor, screen.field)
    covered = str(editor.group.covers)
    table = []
    for value, label, entry in rows:  # each row offered what its answers leave it
        own = {**_blank(editor), **entry, covered: [value]}
        table.append(start_row(label, offered(field, own).choices, default_for(field, own)))
    chosen = grid(screen.grid, table, help_text=help_for(field), law=field.citation)
    return list(zip(rows, chosen, strict=True))


def _grouped(editor: GroupEditor, rows: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """An entry for each set of answers given, in the order first given, with its rows."""
    covered = str(editor.group.covers)
    entries: dict[str, dict[str, Any]] = {}
    for value, answers in rows:
        given = {k: v for k, v in answers.items() if k != covered}
        key = repr(sorted(given.items()))  # answers may be lists
        entries.setdefault(key, {covered: [], **given})[covered].append(value)
    return list(entries.values())


def _field(editor: GroupEditor, name: str) -> Question:
    return next(q for q in editor.group.questions if q.id == name)


def _blank(editor: GroupEditor) -> dict[str, Any]:
    """What the group's expressions see before an entry has answers."""
    return {**editor.context, **{q.id: None for q in editor.group.questions}}
