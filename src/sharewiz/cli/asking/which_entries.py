"""An optional field asked only of the entries ticked for it (`across: {which: ...}`).

A data item's "Where does the supplying party get it from? (optional)" is usually left
empty: asked of each of ten items, it is ten prompts for nothing. With `which:`, once the
list is made, one tick list asks which entries it is given for ("Which of these will you
say where the supplying party gets them from?"); the entries left unticked are left
empty unasked (the answer an empty prompt gives), and each ticked one is asked the
field, entry by entry, with the fields after it. Used where two or more entries need the
field (one list is then fewer prompts than asking each whenever no more than all but one
are ticked); an entry alone, an entry added or changed from the review, and `update`
ask the field as usual. The answers file is unchanged.

Ctrl-C loses nothing: the tick list's answer travels in the position (`field#which:1,3`),
so `--resume` asks the ticked entries not yet answered, never the list again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sharewiz.cli.asking.help_text import help_for
from sharewiz.cli.asking.position import Position
from sharewiz.cli.asking.prompts import Option, tick
from sharewiz.model.tree import Question

if TYPE_CHECKING:
    from sharewiz.cli.asking.groups import GroupEditor


def offers_which(field: Question) -> bool:
    """Whether a field is asked only of the entries ticked for it (`across: {which}`)."""
    return field.across is not None and bool(field.across.which)


def _marker(field: Question, ticked: list[int]) -> str:
    return f"{field.id}#which:" + ",".join(str(n) for n in ticked)


def _resumed(editor: GroupEditor, field: Question) -> tuple[list[int], int] | None:
    """The entries ticked before Ctrl-C and the entry then being asked, from the position."""
    position = editor.wizard.position
    prefix = f"{field.id}#which:"
    if position is None or position.group != editor.group.id or not position.completing:
        return None
    found = next((a for a in position.answered if a.startswith(prefix)), None)
    if found is None:
        return None
    ticked = [int(n) for n in found[len(prefix) :].split(",") if n.isdigit()]
    return ticked, position.entry or 0


def empty_answer(field: Question) -> Any:
    """What leaving the field empty at its prompt saves: none ticked, or nothing."""
    return [] if field.type == "multi" else None


def ask_which(editor: GroupEditor, field: Question) -> list[str]:
    """Tick the entries `field` is given for, leave the others empty, and leave the ticked
    ones lacking it (asked next, entry by entry); the marker the asking carries in the
    position, or [] where the field is asked of each entry as usual.
    """
    from sharewiz.cli.asking.across import lacking

    resumed = _resumed(editor, field)
    if resumed is not None:  # the list was answered: ask the ticked entries not yet asked
        ticked, asking = resumed
        for number in ticked:
            if number >= asking and number <= len(editor.entries):
                editor.entries[number - 1].pop(field.id, None)
        return [_marker(field, ticked)]
    numbers = lacking(editor, field)[0]
    if len(numbers) < 2:
        return []  # one entry: asked as usual
    assert field.across is not None
    editor.wizard.move_to(Position(editor.group.id, completing=True))
    options = [Option(str(n), editor.label(editor.entries[n - 1]) or f"{editor.item} {n}")
               for n in numbers]  # fmt: skip
    ticked = sorted(int(t) for t in tick(field.across.which, options, help_text=help_for(field)))
    for number in numbers:
        if number not in ticked:
            editor.entries[number - 1][field.id] = empty_answer(field)
    marker = [_marker(field, ticked)]
    editor.wizard.move_to(Position(editor.group.id, answered=marker, completing=True))
    editor.save()
    return marker
