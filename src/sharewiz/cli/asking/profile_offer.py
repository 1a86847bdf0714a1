"""The organisation profile in the wizard: its answers taken in one go, new ones saved to it.

An officer whose profile holds the council's name, address and DPO should not retype
them in every document, nor press Enter through each: the wizard lists the profile's
answers once and asks whether to use them. In a list made one entry per party, the
entry for the officer's own organisation takes the profile's answer to a field that has
one (its privacy notice). At the end, answers to profile questions that the profile
does not hold yet are offered for saving, for the next document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sharewiz.cli.asking.lines import lines_of, read_lines
from sharewiz.cli.asking.prompts import confirm
from sharewiz.cli.console import print_info, print_prose
from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.tree import Question, QuestionTree

if TYPE_CHECKING:
    from sharewiz.cli.asking.groups import GroupEditor


@dataclass
class ProfileOffer:
    """The profile's answers (by question id), which questions it can hold, how to save."""

    values: Mapping[str, Any]
    keys: Mapping[str, str]  # question id -> profile key, for every question a profile holds
    save: Callable[[str, Any], None]  # (profile key, value)
    # question id -> the question whose answer in the profile makes its empty value an
    # answer (a phone beside the team's name): without that answer, it is asked
    beside: Mapping[str, str] = field(default_factory=dict)
    accepted: bool | None = None  # None: not offered yet in this run
    # a list's first entry (party 1, the officer's own organisation) listed in the same
    # yes/no and taken with it, by group id, until its list is made
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    _saved: set[str] = field(default_factory=set)
    _empty: dict[str, Question] = field(default_factory=dict)  # left empty if taken

    def answer_for(
        self,
        questions: list[Question],
        question: Question,
        applies: Callable[[Question], bool] = lambda _question: True,
        context: Mapping[str, Any] | None = None,
    ) -> tuple[bool, Any]:
        """`(True, answer)` if the profile answers `question` (the officer took it), else
        `(False, None)`: ask the question (the profile's value is then its default).

        The first time a question the profile covers comes up, every such question of
        the tree still to answer (`questions`) is listed, and one yes/no decides them all.
        The optional ones it holds no answer to, of those that `applies` now, are listed
        too, in words, and left empty when the profile is taken (no telephone number);
        no asks each. So is the first entry of a list still to make that the profile
        answers (party 1: the officer's own organisation; `context`, the answers so far),
        taken when its list is made; no offers it again there, on its own.
        """
        if question.id not in self.values and not self._holds_empty(question):
            return False, None
        if self.accepted is None:
            offered = [q for q in questions if self._value(q) is not None]
            self._empty = {q.id: q for q in questions if self._holds_empty(q) and applies(q)}
            lists = {g.id: (g, values) for g in questions if g.type == "group" and applies(g)
                     and (values := self.entry_offer(g, context or {}))}  # fmt: skip
            self.accepted = self._offer(offered, list(lists.values())) if offered else False
            self.entries = {k: v for k, (_g, v) in lists.items()} if self.accepted else {}
        if not self.accepted:
            return False, None
        if question.id in self._empty:
            return True, None
        value = self._value(question)
        return value is not None, value

    def _holds_empty(self, question: Question) -> bool:
        """An optional question the profile covers but holds no answer to (a phone number)."""
        anchor = self.beside.get(question.id)
        return (question.id in self.keys and not question.required
                and self.values.get(question.id) in (None, "")
                and (anchor is None or self.values.get(anchor) not in (None, "")))  # fmt: skip

    def offer_saving(self, questions: list[Question], answers: Mapping[str, Any]) -> None:
        """Offer to save answers the profile does not hold yet (or holds differently); a
        list (signatories) as its lines, only where the profile holds none: a document's
        own signatories never replace those it holds."""
        held = {q.id: _as_held(q, answers.get(q.id)) for q in questions}
        new = [
            q for q in questions
            if q.id in self.keys and held[q.id] not in (None, "", [])
            and held[q.id] != self._value(q) and q.id not in self._saved
            and not (q.type == "group" and self.values.get(q.id) not in (None, ""))
        ]  # fmt: skip
        if not new:
            return
        print_info("These answers are not in your organisation profile yet:", style="bold")
        for question in new:
            print_prose(f"{question.prompt}: {one_line(question, held[question.id])}", indent=2)
        if confirm("Save them to your profile, to offer them in your next documents?",
                   default=True):  # fmt: skip
            for question in new:
                self.save(self.keys[question.id], held[question.id])
                self._saved.add(question.id)
            print_info("  Saved (see `sharewiz profile show`).", style="dim")

    def entry_values(self, fields: tuple[Question, ...]) -> dict[str, Any]:
        """A group entry's answers the profile holds (field id -> value), by `profile:`.

        A list inside the entry (a party's signatories) is read from the profile's lines
        as the wizard reads them typed: its entries hold what the lines give (a name and
        job title), and the rest (a signatory's role) is asked or taken as after lines.
        """
        values: dict[str, Any] = {}
        for field_question in fields:
            if field_question.profile is None:
                continue
            try:
                value = from_profile(field_question, self.values.get(field_question.profile))
            except InvalidAnswer:
                continue  # a value that does not fit the field is asked for instead
            if value not in (None, ""):
                values[field_question.id] = value
        return values

    def first_entry(
        self, group: Question, context: Mapping[str, Any], entry: str
    ) -> dict[str, Any]:
        """A list's first entry from the profile (`entry`: "party 1", the officer's own
        organisation), if taken in one yes/no: its answers, {} if not offered or not taken.

        Taken with the profile's other answers (`answer_for`), it is said in one line;
        otherwise it is offered here, on its own.
        """
        if group.id in self.entries:
            taken = self.entries.pop(group.id)
            name = one_line(group.questions[0], taken[group.questions[0].id])
            print_prose(f"{entry.capitalize()}: {name}, your own organisation (from your profile; "
                        "change it from the review)", style="dim", indent=2)  # fmt: skip
            return taken
        taken = self.entry_offer(group, context)
        if not taken or not self._offer_entry(group.questions, taken, entry):
            return {}
        return taken

    def entry_offer(self, group: Question, context: Mapping[str, Any]) -> dict[str, Any]:
        """The first entry of `group` the profile can give: the fields the entry is asked
        (their `when`, given the values before them) that the profile holds; {} unless it
        holds the entry's first field (its name), or the list is made one entry per party."""
        from sharewiz.model.conditions import evaluate

        fields = group.questions
        if group.one_entry_per or not fields or not fields[0].profile:
            return {}
        offered = self.entry_values(fields)
        taken: dict[str, Any] = {}
        blank = {q.id: None for q in fields}
        for field_question in fields:
            if field_question.id in offered and evaluate(
                field_question.when, {**context, **blank, **taken}, field_question.where
            ):
                taken[field_question.id] = offered[field_question.id]
        return taken if fields[0].id in taken else {}

    def _offer_entry(
        self, fields: tuple[Question, ...], values: Mapping[str, Any], entry: str
    ) -> bool:
        """List the profile's answers for one entry (`entry`: "party 1"); True to take them."""
        print_info("Your organisation profile has:", style="bold")
        for field_question in fields:
            if field_question.id in values:
                shown = one_line(field_question, values[field_question.id])
                print_prose(f"{field_question.prompt}: {shown}", indent=2)
        return confirm(f"Use your organisation profile for {entry}? (No: you are asked each one)",
                       default=True)  # fmt: skip

    def _offer(self, offered: list[Question], lists: list[tuple[Question, dict[str, Any]]]) -> bool:
        print_info("Your organisation profile has these answers:", style="bold")
        for question in offered:
            shown = one_line(question, self._value(question))
            print_prose(f"{_without_optional(question.prompt)}: {shown}", indent=2)
        for group, values in lists:  # party 1: the officer's own organisation
            print_info(f"{group.item_name.capitalize()} 1, your own organisation:", style="bold")
            for field_question in (q for q in group.questions if q.id in values):
                shown = one_line(field_question, values[field_question.id])
                print_prose(f"{_without_optional(field_question.prompt)}: {shown}", indent=2)
        if self._empty:  # said before the yes/no, so an empty answer is no surprise
            print_info("It has no answer to these optional ones, so they are left empty:",
                       style="bold")  # fmt: skip
            for question in self._empty.values():
                print_prose(_without_optional(question.prompt), indent=2)
        return confirm("Use them? (No: you are asked each one, with these as suggestions)",
                       default=True)  # fmt: skip

    def _value(self, question: Question) -> Any:
        try:
            value = from_profile(question, self.values.get(question.id))
        except InvalidAnswer:
            return None  # a value that does not fit the question is asked for instead
        # a list (party 1's signatories, offered for saving) compared as the profile holds it
        return _as_held(question, value)


def _as_held(question: Question, value: Any) -> Any:
    """An answer as the profile holds it: a list's entries as their lines."""
    is_list = question.type == "group" and isinstance(value, list) and value
    return lines_of(question, value) if is_list else value


def from_profile(question: Question, value: Any) -> Any:
    """A profile value as `question`'s answer: a list's entries read from the profile's
    lines (`read_lines`, checked as typed lines are), any other value coerced.

    Raises:
        InvalidAnswer: the value does not fit the question (it is asked instead).
    """
    if question.type == "group":
        if not isinstance(value, str) or not value.strip():
            return None
        return read_lines(question, value)
    return coerce(question, value)


def take_own_from_profile(editor: GroupEditor, question: Question) -> None:
    """In a list made one entry per party, the officer's own organisation's entry takes
    `question`'s profile value (its privacy notice) unasked, said in one line.

    The entry is the one whose `one_entry_per` answer is the profile's organisation name;
    only where it lacks the field and the profile holds a value that fits.
    """
    profile = editor.wizard.profile
    key = editor.group.one_entry_per
    if profile is None or not question.profile or not key:
        return
    own = profile.values.get("controller_name")
    value = profile.entry_values((question,)).get(question.id)  # None: empty, or does not fit
    if own in (None, "") or value is None:
        return
    for entry in editor.entries:
        if entry.get(key) == own and question.id not in entry:
            entry[question.id] = value
            editor.save()
            print_prose(f"{own}: {value_label(question)} {one_line(question, value)} (from your "
                        "organisation profile; change it from the review)", style="dim", indent=2)  # fmt: skip


def own_entry_answers(
    tree: QuestionTree, answers: Mapping[str, Any], own: Any, held: Mapping[str, Any]
) -> tuple[list[Question], dict[str, Any]]:
    """The answers the officer's own organisation's entries give to profile fields (`own`:
    its name), as questions under their profile ids, for offering to save to the profile.

    In a list made one entry per party, the entry for `own`. In a list whose first entry
    the profile offers (the parties), the entry named `own` (party 1), only its lists the
    profile (`held`, by question id) holds no answer to (its signatories, typed for it),
    as the lines the profile holds them in: its other answers are the profile's already,
    or typed for this document.
    """
    questions: list[Question] = []
    found: dict[str, Any] = {}
    for group in (q for q in tree.questions() if q.type == "group"):
        key = group.one_entry_per or (group.questions[0].id if group.questions[0].profile
                                      else None)  # fmt: skip
        mine = [e for e in answers.get(group.id) or [] if key and e.get(key) == own]
        for inner in group.questions if mine and own not in (None, "") else ():
            value = mine[0].get(inner.id)
            if (
                not inner.profile
                or value in (None, "", [])
                or (
                    not group.one_entry_per
                    and (inner.type != "group" or held.get(inner.profile) not in (None, ""))
                )
            ):
                continue  # fmt: skip
            questions.append(replace(inner, id=inner.profile, prompt=value_label(inner)))
            found[inner.profile] = lines_of(inner, value) if inner.type == "group" else value
    return questions, found


def profile_offer(values: Mapping[str, Any], tree: QuestionTree | None = None) -> ProfileOffer:
    """The offer for the profile values the CLI resolved (question id -> value), and for
    the tree's own names of them (`profile:` on a top-level question)."""
    from sharewiz.model.profile import SETTINGS, set_value

    keys = {s.question: s.key for s in SETTINGS if s.question}
    question_of = {s.key: s.question for s in SETTINGS if s.question}
    beside = {s.question: question_of[s.beside] for s in SETTINGS if s.question and s.beside}
    values = dict(values)
    for question in tree.questions() if tree else ():
        if question.profile:  # checked at load: a question the profile answers
            keys[question.id] = keys[question.profile]
            if question.profile in values:
                values[question.id] = values[question.profile]

    def save(key: str, value: Any) -> None:
        raw = str(value).lower() if isinstance(value, bool) else str(value)
        set_value(key, raw)

    return ProfileOffer(values=dict(values), keys=keys, save=save, beside=beside)


def one_line(question: Question, value: Any) -> str:
    """An answer on one line, in words (a choice's label; an address's lines joined)."""
    from sharewiz.cli.asking.review import display_value

    if question.type in ("choice", "multi"):
        return display_value(question, value)
    if question.type == "group":  # a list as its lines, one after another
        text = lines_of(question, value) if isinstance(value, list) else str(value)
        return "; ".join(line.strip() for line in text.splitlines() if line.strip())
    return _one_line(value)


def value_label(question: Question) -> str:
    """A prompt naming a value already given, without how to type it: "Where is its
    privacy notice?" for one saying "(web address or description); when ... may follow a
    colon (...)", which speaks of an answer still to type."""
    return question.prompt.split(" (", 1)[0]


def _without_optional(prompt: str) -> str:
    """A prompt without its "optional" note, said already: "Telephone number (optional)"."""
    return prompt.replace(" (optional)", "").replace("(optional; ", "(")


def _one_line(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return ", ".join(part.strip() for part in str(value).splitlines() if part.strip())
