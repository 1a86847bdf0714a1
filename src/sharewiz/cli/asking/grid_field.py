"""A group's choice field asked of several entries on one screen (`across: {grid: ...}`).

A row per entry, each offered the choices its own answers leave (`choices_filter`,
`choices_when`), starting at the entry's default, else at the tree's `otherwise` (never
a legal conclusion), else not chosen: Enter waits until every row has a choice. Nothing
is saved before Enter, and the position says the list is being completed, so Ctrl-C and
`--resume` come back to this screen with nothing assumed. See "Asking a field across
the entries" in docs/question-trees.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sharewiz.cli.asking.grid import grid
from sharewiz.cli.asking.grid_table import GridRow, start_row
from sharewiz.cli.asking.help_text import help_for
from sharewiz.cli.asking.position import Position
from sharewiz.cli.asking.shortcuts import offered
from sharewiz.model.conditions import default_for
from sharewiz.model.tree import Question

if TYPE_CHECKING:
    from sharewiz.cli.asking.groups import GroupEditor


def ask_in_grid(
    editor: GroupEditor, field: Question, numbers: list[int], prompt: str,
    *, answered: tuple[str, ...] = (),
) -> None:  # fmt: skip
    """Ask `field` of the entries `numbers` (1-based) on one screen, then save them.

    `answered`: kept in the position while the grid is shown (what `--resume` needs to
    come back to it rather than to an earlier prompt).
    """
    rows = [_row(editor, field, number) for number in numbers]
    editor.wizard.move_to(Position(editor.group.id, answered=list(answered), completing=True))
    values = grid(prompt, rows, help_text=help_for(field), law=field.citation)
    for number, value in zip(numbers, values, strict=True):
        editor.entries[number - 1][field.id] = value
    editor.save()


def _row(editor: GroupEditor, field: Question, number: int) -> GridRow:
    """An entry's row: its label, its choices, and where it starts."""
    entry = editor.entries[number - 1]
    context: dict[str, Any] = {**editor.context, **{q.id: None for q in editor.group.questions},
                               **entry}  # fmt: skip
    choices = offered(field, context).choices
    start = default_for(field, context)
    if start is None and field.across is not None:
        start = field.across.otherwise
    if start is None and len(choices) == 1 and field.required:
        start = choices[0].value  # the only choice the answers leave (as asked alone)
    return start_row(editor.label(entry) or f"{editor.item} {number}", choices, start)
