"""A new `covers:` list made from one screen (`group_by:`).

A row per choice of the covered field (a notice's special category items), each given a
choice of the `group_by` field (its Art 9(2) condition); the rows given the same choice
make one entry, in the order first given, holding those rows. The entries' other fields
(a Schedule 1 condition where the Art 9(2) one needs it) are then asked as after any
list is made. Nothing is saved before Enter, so Ctrl-C and `--resume` come back to the
screen; the answers file has the shape the list always has. See "A list made from one
grid" in docs/question-trees.md.
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
from sharewiz.model.conditions import default_for, offered_choices

if TYPE_CHECKING:
    from sharewiz.cli.asking.groups import GroupEditor


def make_by_grid(editor: GroupEditor) -> bool:
    """Make the new list's entries from one grid; False where there are not two rows.

    With one choice to cover (one special category item) the list is made as usual,
    the choice taken unasked.
    """
    spec = editor.group.group_by
    if spec is None or editor.entries:
        return False
    fields = {q.id: q for q in editor.group.questions}
    covered, by = fields[str(editor.group.covers)], fields[spec.field]
    context: dict[str, Any] = {**editor.context, **{name: None for name in fields}}
    rows_of = offered_choices(covered, context).choices
    if len(rows_of) < 2:
        return False
    rows = []
    for row in rows_of:  # each row offered what the choices leave for it alone
        own = {**context, covered.id: [row.value]}
        rows.append(start_row(row.label, offered(by, own).choices, default_for(by, own)))
    editor.wizard.move_to(Position(editor.group.id))  # --resume comes back to the grid
    values = grid(spec.grid, rows, help_text=help_for(by), law=by.citation)
    grouped: dict[str, list[str]] = {}
    for row, value in zip(rows_of, values, strict=True):
        grouped.setdefault(value, []).append(row.value)
    editor.entries = [{covered.id: rows, by.id: value} for value, rows in grouped.items()]
    editor.save()
    editor.wizard.move_to(Position(editor.group.id, completing=True))
    count = len(editor.entries)
    print_prose(
        f"{count} {editor.item if count == 1 else plural(editor.item)}, one for each "
        f"answer given. To rest something on two, add another {editor.item} from the "
        "review.", style="dim", indent=2,
    )  # fmt: skip
    return True
