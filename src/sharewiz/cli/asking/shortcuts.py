"""Fewer prompts where the earlier answers settle the answer, or one answer serves a list.

- A question's choices are narrowed by its `choices_when` (`offered`), and a required
  choice (or required tick list) left with one choice is taken unasked, and the screen
  says so in one line (`sole_choice`).
- A list with `covers:` ends itself while it is being made, once its entries together
  cover every choice of that field (each special category item has its condition).
- A choice field with `across: {same: ...}` is asked once for the whole list where each
  entry would otherwise be asked: a choice for all of them, or "It differs between them"
  and a choice for each on one screen (`ask_same`).

- A list's optional multi field with `empty_when_alone: party` (a lawful basis's items)
  is left empty, meaning every choice, in each entry that is the only one for its party
  (`leave_alone_empty`), and the screen says so in one line.

None of them changes what an answers file holds or how it is read: each entry keeps its
own answer, and the review changes any of them. See docs/question-trees.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sharewiz.cli.asking.help_text import help_for
from sharewiz.cli.asking.position import Position
from sharewiz.cli.asking.prompts import Option, select
from sharewiz.cli.console import print_prose
from sharewiz.model.conditions import evaluate
from sharewiz.model.offered import offered_choices
from sharewiz.model.tree import Choice, Question

if TYPE_CHECKING:
    from sharewiz.cli.asking.groups import GroupEditor

DIFFERS = "\x00differs"
DIFFERS_LABEL = "It differs between them (choose for each)"


def offered(question: Question, context: Mapping[str, Any], *, keep: Any = None) -> Question:
    """The question with the choices the wizard offers for these answers.

    `choices_expr` gives them from the answers; `choices_when` keeps those it holds for
    (the Schedule 1 conditions that pair with the Art 9 condition chosen, DPA 2018
    s10(2)-(3)), and the answer given before (`keep`: a value or a list), so an earlier
    answer is never lost from its list. Where it holds for none, every choice is offered.
    """
    question = offered_choices(question, context)
    kept = _kept(question, context, keep)
    return replace(question, choices=kept) if kept else question


def _kept(question: Question, context: Mapping[str, Any], keep: Any = None) -> tuple[Choice, ...]:
    """The choices `choices_when` holds for (all, without one), and the answer given before."""
    if not question.choices_when:
        return question.choices
    kept_values = set(keep) if isinstance(keep, list) else {keep}
    return tuple(c for c in question.choices if c.value in kept_values or evaluate(
        question.choices_when, {**context, "choice": c.value}, question.where))  # fmt: skip


def sole_choice(question: Question, context: Mapping[str, Any], current: Any) -> Any:
    """The answer of a required choice or tick list that has one choice left, or None.

    The one choice is said in one line. Never where the question has an answer already
    (`current`: changed from the review, or re-asked by `update`), and never for an
    optional question, which may be left empty.
    """
    if current is not None or not question.required or question.type not in ("choice", "multi"):
        return None
    # the choices `choices_when` really leaves: where it leaves none, every choice is
    # offered, but none is certain (an agreement's one party as its flow's own recipient)
    choices = _kept(offered_choices(question, context), context)
    if len(choices) != 1:
        return None
    only = choices[0]
    value: Any = only.value if question.type == "choice" else [only.value]
    why = f": {only.citation}" if only.citation else ""
    print_prose(f"{question.prompt} {only.label} (the only choice your earlier answers leave"
                f"{why}; change them from the review)", style="dim", indent=2)  # fmt: skip
    return value


def covered(editor: GroupEditor) -> bool:
    """Whether a `covers:` list holds every choice of its field (the list is complete).

    Said in one line when it is, with how to add another.
    """
    name = editor.group.covers
    field = next((q for q in editor.group.questions if q.id == name), None)
    if field is None or not editor.entries:
        return False
    wanted = offered_choices(field, editor.context).choice_values()
    given = {v for e in editor.entries for v in e.get(field.id) or []}
    if not wanted or not set(wanted) <= given:
        return False
    print_prose(f"Every choice of \u201c{field.prompt}\u201d is covered: no more {editor.items} "
                "are needed (add another from the review).", style="dim", indent=2)  # fmt: skip
    return True


def offers_same(field: Question) -> bool:
    """Whether a field may be answered once for the whole list (`across: {same: ...}`)."""
    return field.across is not None and bool(field.across.same)


def ask_same(editor: GroupEditor, field: Question, numbers: list[int]) -> None:
    """One pick list for the entries `numbers` (each lacking `field` where it applies).

    A choice is every entry's answer; "It differs between them" shows them on one screen,
    a row each (`ask_in_grid`), and a run stopped there comes back to that screen. Asked
    only of two entries or more: one entry is asked as usual, and so, in this run, is an
    answer taken back from the review.
    """
    from sharewiz.cli.asking.grid_field import ask_in_grid

    assert field.across is not None
    name = f"{editor.group.id}.{field.id}"  # "It differs" once: each asked from then on
    if len(numbers) < 2 or name in editor.wizard.declined:
        return
    differs = f"{field.id}#differs"  # in the position while the grid is shown
    position = editor.wizard.position
    if position is None or not position.completing or differs not in position.answered:
        labels = [editor.label(editor.entries[n - 1]) or f"{editor.item} {n}" for n in numbers]
        print_prose(f"For each of: {'; '.join(labels)}.", style="dim", indent=2)
        options = [Option(DIFFERS, DIFFERS_LABEL)]  # first: Enter by habit asserts nothing
        options += [Option(c.value, c.label, c.help or None) for c in field.choices]
        editor.wizard.move_to(Position(editor.group.id, completing=True))
        picked = select(field.across.same, options, default=DIFFERS, help_text=help_for(field))
        if picked != DIFFERS:
            for number in numbers:
                editor.entries[number - 1][field.id] = picked
            editor.save()
            return
    editor.wizard.declined.add(name)  # an answer taken back is asked again on its own
    ask_in_grid(editor, field, numbers, field.across.same, answered=(differs,))


def leave_alone_empty(editor: GroupEditor, field: Question) -> None:
    """Leave `field` empty (every choice) in the entries alone with their answer to the
    field it names (`empty_when_alone`): a party's only lawful basis covers all its items.

    Only entries lacking the field, where it applies; said in one line naming them. A
    second entry for the same party, added from the review, is asked the field.
    """
    from sharewiz.cli.asking.across import lacking

    name = field.empty_when_alone
    if not name:
        return
    values = [e.get(name) for e in editor.entries]
    alone = [n for n in lacking(editor, field)[0]
             if values.count(values[n - 1]) == 1 and values[n - 1] is not None]  # fmt: skip
    if not alone:
        return
    for number in alone:
        editor.entries[number - 1][field.id] = []
    editor.save()
    names = "; ".join(str(values[n - 1]) for n in alone)
    print_prose(f"{field.prompt} None ticked, for {names}: each has one {editor.item} entry, "
                f"so it covers them all (add another {editor.item} from the review to split "
                "them).", style="dim", indent=2)  # fmt: skip
