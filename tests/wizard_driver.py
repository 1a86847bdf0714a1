"""Drive the real wizard in a pseudo-terminal with a whole answers file, counting prompts.

The wizard runs as `python -m sharewiz new KIND` in a pty; pyte keeps the screen as a
terminal would (prompt_toolkit redraws only what changes, so the byte stream alone
does not say what is on screen). Each time the screen shows a question waiting for an
answer, the driver finds the tree question whose prompt it is, sends the keys a person
would press to give the example's answer (arrow keys to the label, Space to tick, the
text and Enter), and counts one prompt. Nothing here knows the order of the questions:
the wizard decides it, the driver only answers what it is shown.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pexpect
import pyte
import tomlkit

from sharewiz.cli.asking.entry_shortcuts import LEAVE_EMPTY
from sharewiz.cli.asking.grid import GRID_HINT
from sharewiz.cli.asking.grid_table import NOT_CHOSEN
from sharewiz.cli.asking.lines import lines_of
from sharewiz.cli.asking.other_row import OTHER_LABEL
from sharewiz.cli.asking.profile_offer import one_line
from sharewiz.cli.asking.review import entry_label
from sharewiz.cli.asking.tick_questions import TICK_PROMPT
from sharewiz.model.conditions import expression_context
from sharewiz.model.offered import offered_choices
from sharewiz.model.profile import SETTINGS
from sharewiz.model.tree import Question, QuestionTree
from sharewiz.model.yamlio import load_yaml
from sharewiz.sets.build import load_kind
from sharewiz.sets.state import ANSWERS_NAME

ROOT = Path(__file__).resolve().parent.parent
DOWN, SPACE, ENTER, RIGHT = "\x1b[B", " ", "\r", "\x1b[C"
_HEADING = re.compile(r"^(?P<item>\D+?) (?P<number>\d+)(?::.*)?$")  # "Category 3: Health"
_LIST_HINTS = ("(arrow keys", "(Space to tick", GRID_HINT)
_ROWS_SHOWN = re.compile(r"^  Rows \d+-\d+ of (?P<total>\d+):")  # a grid taller than the screen
_GIVEN = object()  # a `which` list's value: the entries the example gives the field
_CONTINUED = re.compile(r"  \S")  # a wrapped prompt's next line (a list's rows start " »" or "   ")


class PtyScreen(pyte.Screen):
    """A screen that answers the program's cursor position requests, as a terminal does."""

    def __init__(self, columns: int, lines: int, child: pexpect.spawn) -> None:
        super().__init__(columns, lines)
        self.child = child
        self.scrolled = 0  # rows gone off the top: a row's number in the whole run is y + this

    def write_process_input(self, data: str) -> None:
        self.child.send(data)

    def index(self) -> None:
        if self.cursor.y == self.margins_bottom():
            self.scrolled += 1
        super().index()

    def margins_bottom(self) -> int:
        return self.margins.bottom if self.margins else self.lines - 1


@dataclass
class Shown:
    """The prompt on screen: its text, its kind and the rows of its list (if any)."""

    text: str
    kind: str  # "list", "ticks", "grid" or "field"
    row: int  # in the whole run (rows scrolled off the top count)
    rows: list[str] = field(default_factory=list)
    above: list[str] = field(default_factory=list)  # the screen above it, nearest first


@dataclass
class Run:
    """What a driven run asked: every prompt in order, and what ended it."""

    prompts: list[str] = field(default_factory=list)
    unplanned: list[str] = field(default_factory=list)  # asked, but not in the answers

    @property
    def count(self) -> int:
        """How many answers the person gave (each Enter that submits a prompt)."""
        return len(self.prompts)

    def by_kind(self) -> Counter[str]:
        """Prompts by what they were: a question id, or a menu of the wizard."""
        return Counter(p.split(":", 1)[0] for p in self.prompts)


class WizardDriver:
    """Answers the real wizard's prompts from an answers mapping until it writes."""

    def __init__(
        self,
        child: pexpect.spawn,
        tree: QuestionTree,
        answers: Mapping[str, Any],
        *,
        size: tuple[int, int],
        timeout: float,
    ) -> None:
        """Drive `child` (a `sharewiz new` run of `tree`) with `answers`."""
        self.child = child
        self.tree = tree
        self.answers = answers
        self.timeout = timeout
        self.screen = PtyScreen(size[1], size[0], child)
        self.stream = pyte.Stream(self.screen)
        self.run = Run()
        self.group: Question | None = None  # the group whose entry is being filled
        self.entry = -1
        self.started: Counter[str] = Counter()  # entries begun, by group
        self.entry_fields: set[str] = set()
        self.new_entry = False
        self.answered_row = -1
        self.own_taken = False  # party 1 taken from the profile: its name is not typed
        tops = list(tree.questions())
        inner = [q for g in tops if g.type == "group" for q in g.questions]
        # inner ids repeat across groups ("name"): a question's group is found by identity
        self.owner = {id(q): g for g in tops if g.type == "group" for q in g.questions}
        # a group inside an entry (a party's signatories): its entries follow the parent's
        nested = [g for g in inner if g.type == "group"]
        self.nested_groups = nested
        self.parent = {id(g): self.owner[id(g)] for g in nested}
        self.owner |= {id(q): g for g in nested for q in g.questions}
        self.nested_entry, self.nested_fields = -1, set[str]()
        self.questions = tops + inner + [q for g in nested for q in g.questions]
        # a field asked across a group's entries: (its tick list's prompt, group, field, value)
        context = expression_context(tree, answers)
        self.across: list[tuple[str, Question, Question, Any]] = []
        # a text field typed a line per entry (`across: {lines: ...}`): (prompt, group, field)
        self.lines_across: list[tuple[str, Question, Question]] = []
        self.rounds: Counter[str] = Counter()  # "another signatory?" lists answered, by group
        # a field answered once for the whole list (`across: {same: ...}`): (group, field)
        self.same: list[tuple[Question, Question]] = []
        # a choice field asked of the entries on one screen: (its prompt, group, field)
        self.grids: list[tuple[str, Question, Question]] = []
        # a new list made from grids (`group_by`): (a screen's prompt, group, its field)
        self.group_grids: list[tuple[str, Question, Question]] = []
        for group in (q for q in tops if q.type == "group"):
            for screen in group.group_by:
                by = next(q for q in group.questions if q.id == screen.field)
                self.group_grids.append((screen.grid, group, by))
            for inner_q in (q for q in group.questions if q.across is not None):
                spec = inner_q.across
                assert spec is not None
                if spec.same:
                    self.same.append((group, inner_q))
                if spec.grid or spec.same:  # "It differs" shows the grid under `same`
                    self.grids.append((spec.grid or spec.same, group, inner_q))
                self.across += [(prompt, group, inner_q, value) for value, prompt in spec.ticks]
                if spec.which:
                    self.across.append((spec.which, group, inner_q, _GIVEN))
                if spec.lines:
                    self.lines_across.append((spec.lines, group, inner_q))
                if spec.each:
                    for choice in offered_choices(inner_q, context).choices:
                        prompt = spec.each.format(choice=choice.label)
                        self.across.append((prompt, group, inner_q, choice.value))

    # -- the screen --------------------------------------------------------------------

    def display(self) -> str:
        """The screen as text, for failure messages."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def _pump(self, quiet: float = 0.15) -> bool:
        """Read output until `quiet` seconds pass with none; False at the end of the run."""
        while True:
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=quiet))
            except pexpect.TIMEOUT:
                return True
            except pexpect.EOF:
                return False

    def _shown(self) -> Shown | None:
        """The prompt waiting for an answer, or None (the wizard is working or printing)."""
        lines = [line.rstrip() for line in self.screen.display]
        starts = [n for n, line in enumerate(lines) if line.startswith("? ")]
        if not starts:
            return None
        row = starts[-1]
        # the wizard wraps a long prompt at words, its later lines (and a hint that does
        # not fit) indented two spaces: joined back with the spaces the wrap took
        wrapped = row + 1
        while wrapped < len(lines) and _CONTINUED.match(lines[wrapped]):
            wrapped += 1
        head = " ".join(line.strip() for line in lines[row:wrapped])[2:]
        text = head
        below = wrapped  # a list's prompt longer than the screen wraps onto the next rows
        while below < len(lines) and lines[below] and not lines[below].startswith(" "):
            below += 1
        tail = "".join(self.screen.display[n] for n in range(wrapped, below))
        whole = (head + tail).rstrip()
        if any(hint in whole for hint in _LIST_HINTS):
            text = whole
            rows = []
            for line in lines[below:]:
                if (
                    not line.strip()
                    or line.startswith("  Description:")
                    or line.startswith(" " * 8)
                ):
                    break
                rows.append(line)
            kind = "ticks" if "(Space to tick" in text else "grid" if GRID_HINT in text else "list"
            return Shown(text, kind, row + self.screen.scrolled, rows, lines[:row][::-1])
        cursor = self.screen.cursor
        if cursor.hidden or cursor.y < row or cursor.x == 0:
            return None  # an answered prompt: the next one is not drawn yet
        # a prompt longer than the screen wraps onto the next rows
        raw = self.screen.display  # a full row keeps the space where the prompt wrapped
        text = head if wrapped > row + 1 else raw[row][2:]
        for number in range(wrapped, cursor.y + 1):
            if lines[number].startswith("  ") or not lines[number]:
                break
            text += raw[number]
        text = text.rstrip()
        return Shown(text, "field", row + self.screen.scrolled, [], lines[:row][::-1])

    def _wait(self) -> Shown | None:
        """Wait for the next prompt; None when the program has ended."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            alive = self._pump()
            if not alive:
                return None
            shown = self._shown()
            # a new prompt is drawn below the one answered last (which may still look open)
            if shown is not None and shown.row > self.answered_row:
                return shown
        raise AssertionError(f"no prompt within {self.timeout}s; the screen:\n{self.display()}")

    def _submit(self, keys: str, record: str) -> None:
        """Send the keys of one answer and wait until the program has taken them."""
        self.child.send(keys)
        self.run.prompts.append(record)
        try:  # the answer is echoed before anything else: wait for that first output
            self.stream.feed(self.child.read_nonblocking(65536, timeout=self.timeout))
        except pexpect.EOF:
            pass

    # -- the run ---------------------------------------------------------------------------

    def drive(self, *, limit: int = 600) -> Run:
        """Answer every prompt until the program ends; the prompts it asked."""
        while (shown := self._wait()) is not None:
            if self.run.count >= limit:
                raise AssertionError(f"more than {limit} prompts; the screen:\n{self.display()}")
            self._answer(shown)
            self.answered_row = shown.row
        return self.run

    def _answer(self, shown: Shown) -> None:
        if not self._wizard_menu(shown):
            self._answer_question(shown)

    def _wizard_menu(self, shown: Shown) -> bool:
        """Answer a prompt of the wizard's own (not a tree question); False if it is none."""
        text = shown.text
        if text.startswith("What next?"):
            self._pick(shown, "Write the documents", "review")
            return True
        if "Write the documents anyway?" in text:
            self._pick(shown, "Yes, write them", "review")
            return True
        if text.startswith("Use them?"):  # the organisation profile's answers, in one go
            # party 1 among them (the profile is made from the example's first party)
            self.own_taken = any(
                line.endswith(" 1, your own organisation:") for line in shown.above
            )
            self._submit("y" + ENTER, "profile:use")
            return True
        if text.startswith("Use your organisation profile for "):  # party 1 from the profile
            self.own_taken = self._profile_fits(shown)
            self._submit(("y" if self.own_taken else "n") + ENTER, "profile:entry")
            return True
        if text.startswith("Use these?"):  # defaults offered together (version, dates)
            self._submit(("y" if self._defaults_fit(shown) else "n") + ENTER, "together")
            return True
        if text.startswith(LEAVE_EMPTY):  # an entry's run of optional fields (`empty_together`)
            self._submit(("y" if self._run_empty(shown) else "n") + ENTER, "empty_together")
            return True
        if text.startswith("Also write a "):  # after the set is written: not one of its prompts
            self._submit("n" + ENTER, "offer")
            self.run.prompts.pop()  # the ceilings count the set's own prompts
            return True
        if text.startswith("Save them to your profile"):
            self._submit("y" + ENTER, "profile:save")
            return True
        if text.startswith("Add another "):  # a group inside an entry: one more?
            nested = next(g for g in self.questions if g.type == "group" and
                          text.startswith(f"Add another {g.item_name}?"))  # fmt: skip
            more = self.nested_entry + 1 < len(self._nested_entries(nested))
            self._submit(("y" if more else "n") + ENTER, f"more:{nested.id}")
            return True
        lines = next((g for g in self.questions if g.type == "group" and g.as_lines and any(
            p and text.startswith(_words(p)) for p in (g.as_lines, g.as_lines_without_colon))),
                     None)  # fmt: skip
        if lines is not None:  # a new list's entries, typed a line each
            self._lines(shown, lines)
            return True
        across_lines = next(((g, q) for prompt, g, q in self.lines_across
                             if text.startswith(_words(prompt))), None)  # fmt: skip
        if across_lines is not None:  # a field of the entries that need it, a line each
            self._lines_across(shown, *across_lines)
            return True
        group = self._group_menu(shown)
        if group is not None:
            self._group_step(shown, group)
            return True
        more = next((g for g in self.nested_groups if g.across is not None and g.across.more
                     and shown.text.startswith(g.across.more)), None)  # fmt: skip
        if more is not None:  # which parties have another signatory: a round at a time
            self._more_round(shown, more)
            return True
        return self._across_list(shown)

    def _across_list(self, shown: Shown) -> bool:
        """Answer a list asking a field across a group's entries; False if it is none."""
        grid = next(((g, q) for prompt, g, q in self.grids if shown.kind == "grid"
                     and shown.text.startswith(_words(prompt))), None)  # fmt: skip
        if grid is not None:
            self._grid(shown, *grid)
            return True
        grid = next(((g, q) for prompt, g, q in self.group_grids if shown.kind == "grid"
                     and shown.text.startswith(_words(prompt))), None)  # fmt: skip
        if grid is not None:  # a row per item: the entry holding it gives its choice
            self._grid(shown, *grid, rows_are=str(grid[0].covers))
            return True
        same = next(((g, q) for g, q in self.same if q.across and shown.kind == "list"
                     and shown.text.startswith(_words(q.across.same))), None)  # fmt: skip
        if same is not None:
            self._same(shown, *same)
            return True
        if shown.kind == "ticks" and shown.text.startswith(TICK_PROMPT):
            self._tick_questions(shown)  # yes/no questions in one list (`ask_as_ticks`)
            return True
        if shown.kind == "ticks":
            for prompt, group, inner, value in self.across:
                if shown.text.startswith(prompt):
                    self._tick_across(shown, group, inner, value)
                    return True
        return False

    def _lines(self, shown: Shown, group: Question) -> None:
        """Type the example's entries a line each: the name, and after a colon the answer
        its `split_at_colon` field has (a line without one is asked that field after)."""
        first = group.questions[0]
        if id(group) in self.parent:  # a list inside an entry: the entry's, under its heading
            parent = self.parent[id(group)]
            at = self._heading(shown.above, parent)
            if at is not None:
                self._at_entry(parent, at[1] - 1, "")
            entries = self._nested_entries(group)
        else:
            entries = list(self.answers.get(group.id) or [])
            self.group, self.entry, self.entry_fields = group, -1, set()
            self.started[group.id] = len(entries)  # every entry is made: none is added after
            if first.profile and self.own_taken:  # party 1 came from the profile
                entries = entries[1:]
        rows = []
        # the prompt without the colon's part: the field after it is not asked, no colon typed
        alone = group.as_lines_without_colon
        colon = (
            first.split_at_colon if not (alone and shown.text.startswith(_words(alone))) else None
        )
        for entry in entries:
            rest = entry.get(colon) if colon else None
            rows.append(f"{entry[first.id]}: {rest}" if rest not in (None, "") else
                        str(entry[first.id]))  # fmt: skip
        self._submit("".join(row + ENTER for row in rows) + ENTER, f"lines:{group.id}:{shown.text}")

    def _lines_across(self, shown: Shown, group: Question, field: Question) -> None:
        """Type, for each entry listed above the prompt ("1. Northshire Police"), in order,
        the example's answer to `field`, and after a colon its `split_at_colon` field's
        where the example gives it. An entry the example lacks (a list made one entry per
        party) takes the first entry's answers, as the driver does entry by entry."""
        rows_above: list[str] = []
        for line in shown.above:  # nearest first: up to "One line for each of these"
            if "One line for each of these" in line:
                break
            rows_above.insert(0, line.strip())
        text, listed, start = " ".join(rows_above), [], 0  # a long name wraps onto more rows
        while (found := text.find(f"{len(listed) + 1}. ", start)) >= 0:
            if listed:
                listed[-1] = text[start:found].strip()
            start = found + len(f"{len(listed) + 1}. ")
            listed.append("")
        if listed:
            listed[-1] = text[start:].strip()
        entries = [e for e in self.answers.get(group.id) or [] if e.get(field.id) not in (None, "")]
        key = group.one_entry_per
        rows = []
        for number, label in enumerate(listed):
            entry = next((e for e in entries if (label.startswith(str(e.get(key))) if key
                          else entry_label(group, e).startswith(label.rstrip("…")))),
                         entries[min(number, len(entries) - 1)])  # fmt: skip
            rest = entry.get(field.split_at_colon) if field.split_at_colon else None
            row = f"{entry[field.id]}: {rest}" if rest not in (None, "") else str(entry[field.id])
            rows.append(" ".join(row.split()))  # a text answer is one line (YAML may fold it)
        self._submit("".join(row + ENTER for row in rows) + ENTER,
                     f"lines:{group.id}.{field.id}:{shown.text}")  # fmt: skip

    def _tick_questions(self, shown: Shown) -> None:
        """Tick the yes/no questions of an `ask_as_ticks` list that the answers say yes to."""
        labels = [_label_of(row) for row in shown.rows]
        asked = [q for q in self.questions if q.ask_as_ticks and any(
            label == q.prompt or _cut_matches(label, q.prompt) for label in labels)]  # fmt: skip
        wanted = [q.prompt for q in asked if _truthy(self.answers.get(q.id))]
        ids = ",".join(q.id for q in asked)
        self._submit(self._ticks(shown, wanted), f"ask_as_ticks:{ids}:{shown.text}")

    def _answer_question(self, shown: Shown) -> None:
        text = shown.text
        question = self._question(text, shown.above)
        if question is None:
            raise AssertionError(f"a prompt the driver does not know: {text!r}\n{self.display()}")
        record = f"{question.id}:{text}"
        if self._beyond(question):  # a new entry the answers do not have: end the list
            if shown.kind == "list":
                return self._pick(shown, "(no more", record)
            return self._submit(ENTER, record)
        value = self._value(question)
        if question.split_at_colon and value:  # "Contact details: name, address" in one answer
            rest = self._entry_of(question).get(question.split_at_colon)
            value = f"{value}: {rest}" if rest else value
        if question.with_email and value:  # "Head of Midwifery, maternity@..." in one answer
            source = self._entry_of(question) if id(question) in self.owner else self.answers
            email = source.get(question.with_email)
            value = f"{value}, {email}" if email else value
        if shown.kind == "list":
            label = question.label_for(str(value)) if value not in (None, "") else None
            return self._pick(shown, label, record)
        if shown.kind == "ticks" and question.type == "text":  # names picked, kept as words
            wanted = [_label_of(r) for r in shown.rows if _names(value, _label_of(r))]
            return self._submit(self._ticks(shown, wanted), record)
        if shown.kind == "ticks":
            wanted = [question.label_for(str(v)) for v in value or []]
            if question.other and self._entry_of(question).get(question.other):
                wanted.append(OTHER_LABEL)  # the row whose tick asks the one not listed
            return self._submit(self._ticks(shown, wanted), record)
        return self._submit(self._typed(question, value, shown.text), record)

    # -- which question ------------------------------------------------------------------

    def _question(self, text: str, above: Sequence[str]) -> Question | None:
        """The tree question whose prompt is on screen (the open group's own first).

        Groups share prompts ("Which party?"): the entry heading above the prompt
        ("Retention entry 1") says whose it is.
        """
        found = [q for q in self.questions if text.startswith(_words(q.prompt))]
        if not found:
            return None
        longest = max(len(_words(q.prompt)) for q in found)
        found = [q for q in found if len(_words(q.prompt)) == longest]
        if len(found) > 1:
            heading = self._entry_heading(above)
            if heading is not None:
                found = [q for q in found if self.owner.get(id(q)) is heading] or found
            elif self.group is not None:
                found = [q for q in found if self.owner.get(id(q)) is self.group] or found
        question = found[0]
        group = self.owner.get(id(question))
        heading = self._heading(above)
        if group is not None and id(group) in self.parent:
            # the parent's entry (a party asked only its signatories now) is under its heading
            parent = self.parent[id(group)]
            at = self._heading(above, parent)
            if at is not None and (parent is not self.group or at[1] - 1 != self.entry):
                self._at_entry(parent, at[1] - 1, "")
            inner_at = self._heading(above, group)  # "Signatory 2": which of the party's
            if inner_at is not None and inner_at[1] - 1 != self.nested_entry:
                self.nested_entry, self.nested_fields = inner_at[1] - 1, set()
            self._enter_nested_field(question.id)
        elif group is not None and heading is not None and heading[0] is group:
            self._at_entry(group, heading[1] - 1, question.id)
        elif group is not None:
            self._enter_field(group, question.id)
        else:
            self.group = None
        return question

    def _entry_heading(self, above: Sequence[str]) -> Question | None:
        """The group named by the nearest "{Item} N" heading above a prompt."""
        found = self._heading(above)
        return found[0] if found else None

    def _heading(
        self, above: Sequence[str], only: Question | None = None
    ) -> tuple[Question, int] | None:
        """The group and entry number of the nearest "{Item} N[: label]" heading (of `only`).

        A list made one entry per party is in the parties' order: its entry is the
        example's entry for the party the heading names.
        """
        groups = {q.item_name.lower(): q for q in self.questions if q.type == "group"}
        for line in above:
            match = _HEADING.match(line.strip())
            if match and match["item"].lower() in groups:
                group, number = groups[match["item"].lower()], int(match["number"])
                if only is not None and group is not only:
                    continue
                if group.one_entry_per:
                    label = line.strip().split(": ", 1)[-1]
                    entries = list(self.answers.get(group.id) or [])
                    number = 1 + next((n for n, e in enumerate(entries) if
                                       label.startswith(str(e.get(group.one_entry_per)))),
                                      0)  # fmt: skip
                return group, number
        return None

    def _more_round(self, shown: Shown, nested: Question) -> None:
        """Tick the entries whose example has more inner entries than the rounds so far."""
        self.rounds[nested.id] += 1
        parent = self.parent[id(nested)]
        wanted = [entry_label(parent, e) for e in self.answers.get(parent.id) or []
                  if len(e.get(nested.id) or []) > self.rounds[nested.id]]  # fmt: skip
        self._submit(self._ticks(shown, wanted), f"more:{nested.id}")

    def _defaults_fit(self, shown: Shown) -> bool:
        """Whether the defaults listed above "Use these?" are the example's answers.

        An answer the example leaves out takes the default; a long default wraps onto
        the rows below its prompt, so only its first row is compared.
        """
        rows = 0
        while rows < len(shown.above) and shown.above[rows].startswith("  "):
            rows += 1
        top = shown.above[rows].strip() if rows < len(shown.above) else ""
        heading = self._heading([top]) if _HEADING.match(top) else None
        if heading is not None:  # an entry's fields (a flow's parties, items and dates)
            group, number = heading
            entries = list(self.answers.get(group.id) or [])
            entry = entries[number - 1] if 0 < number <= len(entries) else {}
            return self._listed_fit(shown, list(group.questions), entry)
        together = [q for q in self.tree.questions() if q.together]
        return self._listed_fit(shown, together, self.answers)

    def _run_empty(self, shown: Shown) -> bool:
        """Whether the example leaves empty every field listed above "Leave these empty?"."""
        if self.group is None:
            raise AssertionError(f"'Leave these empty?' outside a list\n{self.display()}")
        entry = self._entry_of(self.group.questions[0])
        listed = [q for q in self.group.questions if q.empty_together
                  and any(line.strip() == _words(q.prompt) for line in shown.above[:4])]  # fmt: skip
        assert listed, f"no field listed above 'Leave these empty?'\n{self.display()}"
        return all(entry.get(q.id) in (None, "") for q in listed)

    def _profile_fits(self, shown: Shown) -> bool:
        """Whether the profile's answers listed for the entry are the example's entry."""
        group = next(g for g in self.questions if g.type == "group" and any(
            q.profile for q in g.questions))  # fmt: skip
        entries = list(self.answers.get(group.id) or [])
        return bool(entries) and self._listed_fit(shown, list(group.questions), entries[0])

    def _listed_fit(
        self, shown: Shown, questions: Sequence[Question], answers: Mapping[str, Any]
    ) -> bool:
        """Whether each "  prompt: value" row above a yes/no shows the answer in `answers`."""
        for line in shown.above:
            if not line.startswith("  "):
                break
            question = next((q for q in questions if line.startswith(f"  {q.prompt}: ")), None)
            if question is None or question.id not in answers:
                continue  # a wrapped row of a long value, or the default the example takes
            given = answers[question.id]
            given = given.isoformat() if isinstance(given, dt.date) else given
            expected = " ".join(one_line(question, given).split())
            if not expected.startswith(line[len(question.prompt) + 4 :].strip()):
                return False
        return True

    def _tick_across(self, shown: Shown, group: Question, inner: Question, value: Any) -> None:
        """Tick the entries whose answer to `inner` is (or, for a multi, holds) `value`."""
        wanted = []
        for entry in self.answers.get(group.id) or []:
            given = entry.get(inner.id)
            if value is _GIVEN:
                hit = given not in (None, "", [])
            elif inner.type == "yes_no":
                hit = given is not None and _truthy(given) == _truthy(value)
            elif inner.type == "multi":
                hit = value in (given or [])
            elif inner.type == "text":
                hit = _names(given, str(value))
            else:
                hit = given == value
            if hit:
                wanted.append(entry_label(group, entry))
        self._submit(self._ticks(shown, wanted), f"across:{group.id}.{inner.id}:{shown.text}")

    def _same(self, shown: Shown, group: Question, inner: Question) -> None:
        """One answer for every entry where the example gives them all the same, else
        "It differs"; where the example gives none, the first choice (as Enter on each
        entry's own list would have taken)."""
        named = self._named_for_all(shown, group)
        given = [e.get(inner.id) for e in named]
        values = set(given) - {None}
        if not values:
            label = inner.choices[0].label
        elif len(values) == 1 and None not in given:
            label = inner.label_for(str(values.pop()))
        else:
            label = "It differs between them"
        self._pick(shown, label, f"same:{group.id}.{inner.id}")

    def _grid(
        self, shown: Shown, group: Question, inner: Question, rows_are: str | None = None
    ) -> None:
        """Each row to the example's answer for its entry: → until the row shows it, ↓ to
        the next row (the screen read after each key), then Enter.

        A row whose entry the example gives no answer keeps the choice it starts at (its
        default), or takes the first where it starts with none. `rows_are`: the rows are
        the choices of this field (a list made from the grid): a row's entry holds it.
        """
        entries = list(self.answers.get(group.id) or [])
        key = group.one_entry_per  # an entry's label may hold answers not given yet

        def name(entry: Mapping[str, Any]) -> str:
            return str(entry.get(key)) if key else entry_label(group, entry)

        if rows_are is not None:  # one entry per row, named by the row
            entries = [{**e, "\x00row": row} for e in entries for row in e.get(rows_are) or []]

            def name(entry: Mapping[str, Any]) -> str:
                return str(entry["\x00row"])

        totals = [m["total"] for line in self.screen.display if (m := _ROWS_SHOWN.match(line))]
        total = int(totals[-1]) if totals else len(shown.rows)
        for number in range(total):
            label, choice = self._grid_row()
            fits = [e for e in entries if label == name(e) or label.startswith(name(e))
                    or _cut_matches(label, name(e))]  # fmt: skip
            entry = max(fits, key=lambda e: len(name(e)), default={})
            value = entry.get(inner.id)
            wanted = inner.label_for(str(value)) if value not in (None, "") else None
            for _press in range(40):
                if wanted is None and choice != NOT_CHOSEN:
                    break
                if wanted is not None and (choice == wanted or _cut_matches(choice, wanted)):
                    break
                if not self._grid_key(RIGHT, (label, choice)):
                    break  # one choice only: nothing to change
                label, choice = self._grid_row()
            else:
                raise AssertionError(f"{wanted!r} is not offered; the screen:\n{self.display()}")
            if number + 1 < total:
                self._grid_key(DOWN, (label, choice))
        self._submit(ENTER, f"grid:{group.id}.{inner.id}:{shown.text}")

    def _grid_row(self) -> tuple[str, str]:
        """The highlighted grid row's label and choice, as shown (cut with "…")."""
        lines = [line.rstrip() for line in self.screen.display]
        row = next(line for line in reversed(lines) if line.startswith(" » "))
        label, _gap, choice = row[3:].partition("  ")
        return label.strip(), choice.strip()

    def _grid_key(self, key: str, before: tuple[str, str]) -> bool:
        """Send one key to the grid and wait until the highlighted row changes (False if not)."""
        self.child.send(key)
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            self._pump(0.05)
            if self._grid_row() != before:
                return True
        return False

    def _named_for_all(self, shown: Shown, group: Question) -> list[Mapping[str, Any]]:
        """The example's entries the "For each of: A; B." line above a pick list names
        (those the field applies to: not a Part 3 party's lawful basis); all if none."""
        entries = list(self.answers.get(group.id) or [])
        rows: list[str] = []
        for line in shown.above[:8]:
            rows.insert(0, line.strip())
            if line.strip().startswith("For each of: "):
                break
        else:
            return entries
        names = " ".join(rows).removeprefix("For each of: ").rstrip(".").split("; ")
        key = group.one_entry_per  # an entry's label may hold answers not given yet

        def name(entry: Mapping[str, Any]) -> str:
            return str(entry.get(key)) if key else entry_label(group, entry)

        return [e for e in entries if any(n.startswith(name(e)) for n in names)] or entries

    def _enter_field(self, group: Question, field_id: str) -> None:
        """Follow which entry of which group the wizard is filling."""
        if group is not self.group or self.new_entry or field_id in self.entry_fields:
            self.group, self.entry = group, self.started[group.id]
            self.started[group.id] += 1
            self.entry_fields = set()
            self.nested_entry, self.nested_fields = 0, set()
        self.new_entry = False
        self.entry_fields.add(field_id)

    def _at_entry(self, group: Question, entry: int, field_id: str) -> None:
        """The heading says which entry is being filled (entries are revisited out of order)."""
        if group is not self.group or entry != self.entry:
            self.group, self.entry = group, entry
            self.started[group.id] = max(self.started[group.id], entry + 1)
            self.entry_fields = set()
            self.nested_entry, self.nested_fields = 0, set()
        self.new_entry = False
        self.entry_fields.add(field_id)

    def _enter_nested_field(self, field_id: str) -> None:
        if field_id in self.nested_fields:
            self.nested_entry, self.nested_fields = self.nested_entry + 1, set()
        self.nested_fields.add(field_id)

    def _nested_entries(self, nested: Question) -> list[Any]:
        """The nested group's entries in the parent entry being filled."""
        parent = self.parent[id(nested)]
        entries = list(self.answers.get(parent.id) or [])
        if not 0 <= self.entry < len(entries):
            return []
        return list(entries[self.entry].get(nested.id) or [])

    def _group_menu(self, shown: Shown) -> Question | None:
        labels = [_label_of(r) for r in shown.rows]
        if (
            shown.kind != "list"
            or "Done" not in labels
            and not any(label.startswith("Add a") for label in labels)
        ):
            return None
        return next((q for q in self.questions if q.type == "group" and
                     shown.text.startswith(_words(q.prompt))), None)  # fmt: skip

    def _group_step(self, shown: Shown, group: Question) -> None:
        """Add an entry while the answers have more, then Done."""
        self.group = group
        if self.started[group.id] < len(self.answers.get(group.id) or []):
            self.new_entry = True
            return self._pick(shown, "Add a", f"menu:{group.id}")
        return self._pick(shown, "Done", f"menu:{group.id}")

    def _beyond(self, question: Question) -> bool:
        """Whether the wizard offers an entry past the last one in the answers."""
        owner = self.owner.get(id(question))
        if owner is None or id(owner) in self.parent:
            return False
        return self.entry >= len(self.answers.get(owner.id) or [])

    def _entry_of(self, question: Question) -> Mapping[str, Any]:
        """The example's entry being filled, for a field of a top-level group."""
        owner = self.owner.get(id(question))
        entries = list(self.answers.get(owner.id) or []) if owner is not None else []
        return entries[self.entry] if 0 <= self.entry < len(entries) else {}

    def _value(self, question: Question) -> Any:
        owner = self.owner.get(id(question))
        source: Mapping[str, Any] = self.answers
        if owner is not None and id(owner) in self.parent:
            nested = self._nested_entries(owner)
            n = self.nested_entry
            source = nested[n] if 0 <= n < len(nested) else {}
        elif owner is not None:
            entries = list(self.answers.get(owner.id) or [])
            source = entries[self.entry] if 0 <= self.entry < len(entries) else {}
        if question.id not in source:
            self.run.unplanned.append(question.id)
            return None
        return source[question.id]

    # -- keys --------------------------------------------------------------------------------

    def _pick(self, shown: Shown, label: str | None, record: str) -> None:
        """Arrow keys from the pointer to the row that starts with `label`, then Enter."""
        if label is None:
            return self._submit(ENTER, record)  # the default (or the first choice)
        enabled = [r for r in shown.rows if not r.strip().startswith("- ")]
        pointer = next((n for n, r in enumerate(enabled) if r.lstrip().startswith("»")), 0)
        target = next((n for n, r in enumerate(enabled) if _label_of(r).startswith(label)
                       or _cut_matches(_label_of(r), label)), None)  # fmt: skip
        if target is None:
            raise AssertionError(f"{label!r} is not offered; the screen:\n{self.display()}")
        moves = (target - pointer) % len(enabled)
        return self._submit(DOWN * moves + ENTER, record)

    def _ticks(self, shown: Shown, wanted: Sequence[str]) -> str:
        """Space on each row whose tick must change, moving down from the pointer."""
        rows = [r for r in shown.rows if not r.strip().startswith("- ")]
        pointer = next((n for n, r in enumerate(rows) if r.lstrip().startswith("»")), 0)
        keys, at = "", pointer
        for n, row in enumerate(rows):
            ticked = "●" in row[:6]
            label = _label_of(row)
            want = any(label.startswith(w) or _cut_matches(label, w) for w in wanted)
            if ticked != want:
                keys += DOWN * ((n - at) % len(rows)) + SPACE
                at = n
        return keys + ENTER

    def _typed(self, question: Question, value: Any, shown: str) -> str:
        """The keys of a typed answer: the text (replacing a pre-filled one), then Enter."""
        if question.type == "yes_no":
            if value is None:  # not in the answers: its default, or No where it has none
                return ENTER if "(Y/n" in shown or "(y/N" in shown else "n" + ENTER
            return ("y" if _truthy(value) else "n") + ENTER
        if value is None or value == "":
            return ENTER
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, list):  # a multi answer asked as text (nothing to pick yet)
            value = ", ".join(map(str, value))
        text = str(value).strip()
        if question.type == "long_text":
            return ENTER.join(text.splitlines()) + ENTER + ENTER
        if shown.endswith(" " + text):
            return ENTER  # the pre-filled answer is already right
        return text + ENTER


def _words(prompt: str) -> str:
    """A prompt as the wizard shows it: its words, one space apart (it wraps at words)."""
    return " ".join(prompt.split())


def _label_of(row: str) -> str:
    """A list row's label, without the pointer and the tick."""
    text = row.strip()
    for mark in ("»", "●", "○"):
        text = text.removeprefix(mark).strip()
    return text


def _cut_matches(shown: str, label: str) -> bool:
    """A label cut at the screen edge ("…") matches the start of the full label."""
    return shown.endswith("…") and label.startswith(shown[:-1])


def _names(text: Any, name: str) -> bool:
    """Whether an answer naming parties in words ("A and B", "all parties") names `name`."""
    words = str(text or "")
    return name in words or words.lower().startswith("all ")


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("yes", "true", "y")


def drive_example(
    path: Path,
    tmp_path: Path,
    timeout: float,
    *,
    size: tuple[int, int],
    without: tuple[str, ...] = (),
) -> tuple[Run, dict[str, Any]]:
    """Run the wizard for the example at `path` from scratch, with an organisation profile
    made from the example's own answers for the organisation (party 1 is the officer's own
    organisation), less the profile keys `without`; the prompts, and the answers it saved.

    The profile is left in `tmp_path/config/profile.toml`, as the run leaves it.
    """
    data = load_yaml(path, plain=True)
    answers = dict(data["answers"])
    home = tmp_path / "config"
    home.mkdir()
    profile = {s.key: answers[s.question] for s in SETTINGS
               if s.question and answers.get(s.question) not in (None, "")}  # fmt: skip
    tree = load_kind(data["kind"], tree_dirs=())
    # a tree's own names for profile answers (a disclosure's `discloser_name`)
    # (a list as its lines: a processor contract's controller signatories)
    profile |= {s.key: _as_profile(q, answers[q.id]) for q in tree.questions() for s in SETTINGS
                if q.profile and q.profile == s.question
                and answers.get(q.id) not in (None, "")}  # fmt: skip
    for group in (q for q in tree.questions() if q.type == "group" and answers.get(q.id)):
        first = answers[group.id][0]
        profile |= {s.key: _as_profile(f, first[f.id]) for f in group.questions for s in SETTINGS
                    if f.profile and f.profile == s.question and first.get(f.id) is not None}  # fmt: skip
    profile = {k: v for k, v in profile.items() if k not in without}
    (home / "profile.toml").write_text(tomlkit.dumps(profile), encoding="utf-8")
    out = tmp_path / "set"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "xterm", "NO_COLOR": "1",
           "SHAREWIZ_HOME": str(home), "SHAREWIZ_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": str(ROOT / "src")}  # fmt: skip
    child = pexpect.spawn(
        sys.executable, ["-m", "sharewiz", "new", data["kind"], "--out", str(out), "--format", "md"],
        env=env, cwd=str(tmp_path), dimensions=size, timeout=timeout, encoding="utf-8",
    )  # fmt: skip
    try:
        run = WizardDriver(child, tree, answers, size=size, timeout=timeout).drive()
    finally:
        child.close(force=True)
    assert child.exitstatus in (0, 7), f"the wizard ended with {child.exitstatus}"
    return run, dict(load_yaml(out / ANSWERS_NAME, plain=True)["answers"])


def _as_profile(field: Question, value: Any) -> Any:
    """A value as the profile holds it: a list (party 1's signatories) as its lines."""
    return lines_of(field, value) if field.type == "group" else value
