"""Repeating groups in the wizard: add (or cancel adding), change, move and remove entries.

Entries live in the wizard's answers from their first field on, and every field is
saved as it is answered, with the position inside the group, so Ctrl-C loses nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sharewiz.cli.asking.across import as_left
from sharewiz.cli.asking.defaults import take_default
from sharewiz.cli.asking.entry_shortcuts import settled_by, shortcut_answers
from sharewiz.cli.asking.group_by_grid import make_by_grid
from sharewiz.cli.asking.help_text import help_for
from sharewiz.cli.asking.layout import screen_rows
from sharewiz.cli.asking.lines import enter_as_lines, enter_inner_lines, plural
from sharewiz.cli.asking.position import Position
from sharewiz.cli.asking.prompts import CANCEL, Option, confirm, select
from sharewiz.cli.asking.repair import answered_in_full, fill_inner_gaps, typed_entries
from sharewiz.cli.asking.shortcuts import covered
from sharewiz.cli.asking.with_email import email_of
from sharewiz.cli.console import print_info, print_prose
from sharewiz.model.conditions import default_for, entry_gaps, evaluate
from sharewiz.model.offered import offered_choices
from sharewiz.model.tree import Question

if TYPE_CHECKING:
    from sharewiz.cli.asking.wizard import Wizard

_ADD, _DONE, _BACK = "\x00add", "\x00done", "\x00back"
_EARLIER, _LATER = "\x00earlier", "\x00later"


class GroupEditor:
    """The entries of one repeating group, edited in place within its min/max counts."""

    def __init__(self, wizard: Wizard, group: Question, context: Mapping[str, Any]) -> None:
        """Edit `group`'s entries in `wizard`'s answers; `context` is the answers so far."""
        self.wizard = wizard
        self.group = group
        self.context = context
        self.entries: list[dict[str, Any]] = [dict(e) for e in wizard.answers.get(group.id) or []]
        # a list asked again by `update` (--ask, or a field that no longer fits) has no
        # answer yet, its entries offered as the default: it starts with them, on its menu,
        # never empty (typed lines would replace them), and asks only what does not fit
        self.repair: dict[int, list[str]] = {}
        earlier = wizard.defaults.get(group.id)
        if group.id not in wizard.answers and isinstance(earlier, list) and earlier:
            self.entries, self.repair = typed_entries(group, earlier, context)
        self.low = int(group.min or 0)
        self.high = int(group.max) if group.max is not None else None
        self.item = group.item_name
        self.items = plural(self.item)
        self.deferred = False  # fields left for after the list (asked across the entries)
        # made in this run from empty: a `covers:` list may end itself (never one reopened)
        self.building = not self.entries
        self.completing = False  # asking those fields now

    def run(self) -> None:
        """Resume where an interrupted run stopped, fill the minimum, then add or the menu.

        A new list goes straight from one entry to the next, and an empty first answer
        ends it (no menu between entries: one prompt fewer per entry). A list that has
        entries already (changed from the review) opens on the menu. A list made one entry
        per party (`one_entry_per`) starts with those entries; a new list `as_lines` is
        typed in one prompt, one entry a line (`sharewiz.cli.asking.lines`). The fields
        asked across the entries (`across`) come once the list is made
        (`sharewiz.cli.asking.across`).
        """
        from sharewiz.cli.asking.across import complete

        print_prose(self.group.prompt, style="bold")
        position = self.wizard.position
        # a list being completed that its file no longer holds (removed by hand): afresh
        resuming = position is not None and position.group == self.group.id and (
            bool(self.entries) or not position.completing)  # fmt: skip
        if resuming and position is not None and position.completing:
            self.entries = as_left(self.group, self.entries, position)
        for number, fit in self.repair.items():  # only the fields that no longer fit
            self.fill(number, adding=False, answered=fit)
        if self.group.as_lines and not self.entries:  # a new list: its entries as lines
            enter_as_lines(self)
            self.completing = True
            complete(self)  # then the other fields, as after any list is made
            return self.finish()
        if (resuming and position is not None and position.completing) or (
            not self.entries and self._seed(resuming)
        ):
            self.completing = True
            complete(self)
            return self.finish()
        keep_adding = not self.entries and self._can_end_by_first_answer()
        if position is not None and resuming and position.entry:
            keep_adding = position.adding and self._can_end_by_first_answer()
            fields = self._building_fields() if keep_adding else None
            if position.entry <= len(self.entries):
                done = self.fill(position.entry, adding=position.adding, fields=fields,
                                 answered=position.answered, more=position.adding)  # fmt: skip
            else:
                done = self.fill(len(self.entries) + 1, adding=True, more=True, fields=fields)
            keep_adding = keep_adding and done
        fields = self._building_fields() if keep_adding else None
        while len(self.entries) < self.low:
            if not self.fill(len(self.entries) + 1, adding=True, fields=fields):
                keep_adding = False  # cancelled: the menu says how many are needed
                break
        if keep_adding:
            while self.high is None or len(self.entries) < self.high:
                if not self.fill(len(self.entries) + 1, adding=True, more=True, fields=fields):
                    break
        if self.deferred and self.entries:
            self.completing = True
            complete(self)
            self.completing = False
        if keep_adding or (self.building and covered(self)):
            return self.finish()
        self.menu()

    def _building_fields(self) -> list[str] | None:
        """The fields asked while the list is made: those before the first asked across."""
        ids = [q.id for q in self.group.questions]
        first = next((n for n, q in enumerate(self.group.questions) if q.across), None)
        return None if first is None else ids[:first]

    def _seed(self, resuming: bool) -> bool:
        """Start a `one_entry_per` list with an entry for each choice (e.g. each party), or
        make a new `group_by` list from one grid (also where a run stopped at the grid)."""
        if self.group.group_by:
            return self.building and make_by_grid(self)
        name = self.group.one_entry_per
        field = next((q for q in self.group.questions if q.id == name), None)
        if field is None or resuming:
            return False
        choices = offered_choices(field, self.context).choices
        if not choices:
            return False  # nothing to seed from yet: the list is made entry by entry
        self.entries = [{field.id: c.value} for c in choices]
        self.save()
        print_prose(f"One {self.item} for each of: {'; '.join(c.label for c in choices)}. "
                    "Add or remove one from the review.", style="dim", indent=2)  # fmt: skip
        return True

    def _can_end_by_first_answer(self) -> bool:
        """Whether an entry's first field can say "no more" (a typed answer or a pick): not
        a yes/no or tick list (no empty answer) or a conditional one (perhaps not asked)."""
        first = self.group.questions[0]
        return not first.when and first.type not in ("yes_no", "multi")

    def finish(self) -> None:
        """Save the group and leave it."""
        self.wizard.set(self.group.id, self.entries)
        self.wizard.move_to(None)

    # -- the menu ---------------------------------------------------------------------------

    def menu(self) -> None:
        """Add, open an entry, or finish; finishing saves the group and leaves it.

        A long list is shown a page at a time, so the menu never runs off the screen.
        """
        page = 0
        while True:
            self.wizard.move_to(Position(self.group.id))
            options = []
            if self.high is None or len(self.entries) < self.high:
                options.append(Option(_ADD, f"Add a {self.item}"))
            needed = f"add at least {self.low}" if len(self.entries) < self.low else None
            # Done next to Add, so finishing a long list is one key away
            options.append(Option(_DONE, "Done", disabled=needed))
            size = max(3, screen_rows() - 12)  # the question, hints and the help line
            page = min(page, max(0, (len(self.entries) - 1) // size))
            first, last = page * size, min(len(self.entries), (page + 1) * size)
            if first > 0:
                options.append(Option(_EARLIER, f"(earlier: {self.items} 1 to {first})"))
            for number in range(first + 1, last + 1):
                label = f"{number}. {self.label(self.entries[number - 1])}"
                options.append(Option(str(number), label))
            if last < len(self.entries):
                options.append(Option(_LATER, f"(more: {self.items} {last + 1} to "
                                              f"{len(self.entries)})"))  # fmt: skip
            picked = select(self.group.prompt, options, help_text=help_for(self.group))
            if picked == _DONE:
                return self.finish()
            if picked in (_EARLIER, _LATER):
                page += 1 if picked == _LATER else -1
            elif picked == _ADD:
                self.fill(len(self.entries) + 1, adding=True)
                if self.building and covered(self):
                    return self.finish()
            else:
                self.entry_menu(int(picked))

    def entry_menu(self, number: int) -> None:
        """What to do with one entry: change its answers, move it, remove it (confirmed)."""
        label = f"{self.item.capitalize()} {number}: {self.label(self.entries[number - 1])}"
        options = [Option("change", "Change its answers")]
        if number > 1:
            options.append(Option("up", "Move it up"))
        if number < len(self.entries):
            options.append(Option("down", "Move it down"))
        if len(self.entries) > self.low:
            options.append(Option("remove", f"Remove this {self.item}"))
        options.append(Option(_BACK, "(back to the list)"))
        action = select(label, options)
        if action == "change":
            self.fill(number, adding=False)
        elif action in ("up", "down"):
            other = number - 2 if action == "up" else number
            self.entries[number - 1], self.entries[other] = (
                self.entries[other], self.entries[number - 1])  # fmt: skip
            self.save()
        elif action == "remove" and confirm(f"Remove {label}?", default=False):
            del self.entries[number - 1]
            self.save()
            print_info(f"  Removed {self.item} {number}.", style="dim")

    # -- one entry ----------------------------------------------------------------------------

    def fill(
        self,
        number: int,
        *,
        adding: bool,
        answered: list[str] | None = None,
        more: bool = False,
        fields: list[str] | None = None,
    ) -> bool:
        """Ask an entry's fields (all, or those not yet `answered`); False if cancelled.

        Adding: an empty first answer (or the cancel choice) drops the new entry; with
        `more` (the list is being built) that is how the person says there are no more.
        `fields`: only these are asked; the others are left for later (see `across`).
        """
        if number > len(self.entries):
            self.entries.append({})
        entry = self.entries[number - 1]
        heading = True  # shown once, before the first field asked (none may apply)
        if adding:
            self.heading(number)
            heading = False
        done = list(answered or [])
        if adding and number == 1 and not done:  # the officer's own organisation, perhaps
            done = self._from_profile(entry)
            self.wizard.move_to(Position(self.group.id, number, adding, done, self.completing))
        first = not done  # cancelling is offered before anything of the entry is given
        for inner in self.group.questions:
            blank = {q.id: None for q in self.group.questions}
            context = {**self.context, **blank, **entry}
            if inner.id in done:
                continue
            if fields is not None and inner.id not in fields:
                self.deferred = True
                continue
            if not evaluate(inner.when, context, inner.where):
                entry[inner.id] = None
                continue
            # a copy: `done` grows after the answer, the position is where it was asked
            self.wizard.move_to(
                Position(self.group.id, number, adding, list(done), self.completing)
            )
            if heading:
                self.heading(number)
                heading = False
            # the usual default or the only choice left (said in one line; not a first
            # answer that ends the list), or a run usually left empty (one yes/no)
            taken = shortcut_answers(self.group, inner, context, entry, done,
                                     ends_list=more and first)  # fmt: skip
            if taken:
                entry.update(taken)
                done.extend(taken)
                self.save()
                first = False
                continue
            value: Any
            if inner.type == "group":  # a group inside an entry (a party's signatories)
                value = self.ask_inner_group(inner, context, entry.get(inner.id), into=entry)
            else:
                value = self.wizard.ask(inner, context, current=entry.get(inner.id),
                                        cancel=self._cancel(inner, adding and first, more),
                                        email=email_of(inner, self.group.questions))  # fmt: skip
            first = False
            if value == CANCEL:
                del self.entries[number - 1]
                self.save()
                if more:
                    count = len(self.entries)
                    print_prose(f"{count} {self.item if count == 1 else self.items}. "
                                "You can change the list from the review.", style="dim",
                                indent=2)  # fmt: skip
                else:
                    print_info(f"  Cancelled: no new {self.item} added.", style="dim")
                return False
            entry[inner.id] = value
            done.append(inner.id)
            done.extend(settled_by(self.group, inner, entry, {**context, **entry}))
            self.save()
        return True

    def _from_profile(self, entry: dict[str, Any]) -> list[str]:
        """The first entry's answers from the organisation profile, if the officer takes
        them in one yes/no (their own organisation as party 1); the fields answered."""
        profile = self.wizard.profile
        taken = profile.first_entry(self.group, self.context, f"{self.item} 1") if profile else {}
        if taken:
            entry.update(taken)
            self.save()
        return answered_in_full(self.group, entry, list(taken), self.context)  # not the roles

    def ask_inner_group(
        self,
        group: Question,
        context: Mapping[str, Any],
        current: Any,
        *,
        into: dict[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        """The entries of a group inside an entry: each one's questions in turn (the
        earlier answers as defaults), up to the group's maximum, adding more on request.

        A new one `as_lines` is typed a line an entry, saved in the entry `into`; one left
        half-made (a run stopped) is asked only what its entries lack.
        """
        earlier = [e for e in current or [] if isinstance(e, Mapping)]
        if group.as_lines and not earlier and into is not None:
            return enter_inner_lines(self, group, context, into)
        if earlier and entry_gaps(group, [dict(e) for e in earlier], context):  # half-made
            return fill_inner_gaps(self, group, context, earlier)
        entries: list[dict[str, Any]] = []
        low, high = int(group.min or 0), group.max
        # asked across the entries afterwards ("Which of these have another signatory?")
        rounds = self.completing and group.across is not None and bool(group.across.more)
        while high is None or len(entries) < int(high):
            more = len(entries) < max(low, len(earlier))
            if not more and (
                rounds or not confirm(f"Add another {group.item_name}?", default=False)
            ):
                break
            before = earlier[len(entries)] if len(entries) < len(earlier) else {}
            entries.append(self.inner_entry(group, context, len(entries) + 1, before))
        return entries

    def inner_entry(
        self,
        group: Question,
        context: Mapping[str, Any],
        number: int,
        before: Mapping[str, Any],
        *,
        given: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """One entry of a group inside an entry, its earlier answers (`before`) as defaults;
        the answers `given` (its line, typed as lines) are kept, not asked."""
        entry: dict[str, Any] = dict(given or {})
        heading = True  # "Signatory 2", above the first field not given
        for inner in group.questions:
            if inner.id in entry:
                continue
            if heading:
                print_info(f"  {group.item_name.capitalize()} {number}", style="bold")
                heading = False
            inner_context = {**context, **{q.id: None for q in group.questions}, **entry}
            if not evaluate(inner.when, inner_context, inner.where):
                entry[inner.id] = None
            elif take_default(inner, inner_context, before.get(inner.id)):
                entry[inner.id] = default_for(inner, inner_context)
            else:
                entry[inner.id] = self.wizard.ask(inner, inner_context,
                                                  current=before.get(inner.id))  # fmt: skip
        return entry

    def _cancel(self, inner: Question, offered: bool, more: bool) -> str | None:
        """How the person leaves a new entry's first field to cancel it (None: not offered)."""
        if not offered:
            return None
        if more:
            if inner.type == "choice":
                return f"no more {self.items}: finish the list"
            return f"leave empty if there are no more {self.items}"
        if inner.type == "choice":
            return f"cancel this {self.item}"
        return f"leave empty to cancel this {self.item}"

    def heading(self, number: int) -> None:
        """Print "Party 2: Northshire Police": which entry the questions below are about."""
        name = self.label(self.entries[number - 1])
        print_prose(f"{self.item.capitalize()} {number}" + (f": {name}" if name else ""),
                    style="bold")  # fmt: skip

    def save(self) -> None:
        """Put the entries (complete or not) in the answers and save them."""
        if self.entries or self.group.id in self.wizard.answers:
            self.wizard.set(self.group.id, self.entries)

    def label(self, entry: Mapping[str, Any]) -> str:
        """An entry's one-line label, in the words the user chose."""
        from sharewiz.cli.asking.review import entry_label

        return entry_label(self.group, entry)
