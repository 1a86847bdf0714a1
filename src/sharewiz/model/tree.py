"""Question trees: the typed model a validated YAML tree becomes.

`sharewiz.model.tree_loader.load_tree` reads and checks a tree file into these types;
this module also finds a kind's tree file in the custom and built-in folders. See
docs/question-trees.md for the format.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sharewiz.errors import UnknownKindError
from sharewiz.model.paths import data_dir

# Question types: name -> one-line description (shown in errors and the docs).
QUESTION_TYPES: Mapping[str, str] = {
    "text": "one line of text",
    "long_text": "several lines of text",
    "choice": "one of a list of choices",
    "multi": "any number of a list of choices",
    "yes_no": "yes or no",
    "date": "a date, YYYY-MM-DD",
    "number": "a whole or decimal number",
    "email": "an email address",
    "url": "a web address starting https:// or http://",
    "group": "a repeating group: a list of entries, each answering the inner questions",
}

# Names every expression may use besides question ids.
EXPRESSION_GLOBALS = frozenset({"kb", "today", "loop", "true", "false", "none"})


@dataclass(frozen=True)
class Choice:
    """One option of a choice or multi question."""

    value: str
    label: str
    help: str = ""
    citation: str = ""


@dataclass(frozen=True)
class GroupBy:
    """One screen of a `covers:` list made from grids: a row per choice of the covered
    field, each given a choice of `field`; rows with the same choices make one entry."""

    field: str
    grid: str


@dataclass(frozen=True)
class Across:
    """A group field asked once across the entries, not entry by entry.

    With `grid` (a choice field), one screen shows a row per entry, each row's choice
    changed with the arrow keys; a row starts at the entry's default, else at `otherwise`,
    else not chosen. With `ticks` (a yes/no field), one tick list of the entries: those
    ticked take its value, the others `otherwise`. With `each`, there is a tick list per
    choice (`{choice}` in the prompt names it): a multi field gets every choice its entry
    is ticked for, a text field the names ticked. The answers keep their shape: each entry
    still has its own value. With `more` (on a group inside a group's entry, such as a
    party's signatories), each entry is asked its first inner entry, then one tick list
    asks which entries have another, until none is ticked. With `same` (a choice field),
    where the entries would each be asked, one pick list offers each choice for all of
    them, or "It differs between them" (then a grid of them). With `which` (an optional
    field, usually left empty), one tick list asks which entries it is given for: those
    are asked it, and the others are left empty unasked. With `lines` (a required
    text field), one multi-line prompt takes a line for each entry that needs it.
    See docs/question-trees.md.
    """

    ticks: tuple[tuple[Any, str], ...] = ()
    each: str = ""
    grid: str = ""
    otherwise: Any = None
    more: str = ""
    same: str = ""
    which: str = ""
    lines: str = ""


@dataclass(frozen=True)
class Question:
    """One question; a `group` question holds inner questions asked per entry."""

    id: str
    type: str
    prompt: str
    help: str
    citation: str = ""
    required: bool = True
    default: Any = None
    default_from: str | None = None
    when: str | None = None
    choices: tuple[Choice, ...] = ()
    choices_from: str | None = None
    choices_filter: str | None = None
    choices_expr: str | None = None
    # an expression over `choice` (each value) and the earlier answers: the wizard offers
    # only the choices it holds for (the Schedule 1 conditions that pair with the Art 9
    # condition chosen); answers files are still read against every choice
    choices_when: str | None = None
    pattern: str | None = None
    pattern_message: str | None = None
    min: float | None = None
    max: float | None = None
    questions: tuple[Question, ...] = ()
    item_label: str | None = None
    item_name: str = "entry"
    across: Across | None = None  # a group's field: asked across the entries (ticked)
    one_entry_per: str | None = None  # a group: one entry per choice of this field, made first
    # a group: the list being made ends itself once its entries' answers to this multi field
    # together hold every choice it offers (each special category item has its condition)
    covers: str | None = None
    group_by: tuple[GroupBy, ...] = ()  # a `covers:` list: made from grids (see GroupBy)
    # a choice of legal grounds: its pick list starts on "not chosen yet", not the first
    starts_unchosen: bool = False
    # questions next to each other with the same `together` name are offered in one yes/no
    # when each has a default (a document's version, date and review date)
    together: str | None = None
    # top-level yes/no questions next to each other with the same `ask_as_ticks` name, whose
    # usual answer is no, are asked as one tick list (each keeps its own answer)
    ask_as_ticks: str | None = None
    # a group's field: the top-level question id whose organisation profile value it takes
    # in the entry for the officer's own organisation (a party's name, address, ICO number)
    profile: str | None = None
    # the default is taken without asking when it is known (True) or one of these values;
    # the wizard says so in one line and the review can change it (an exception to a rule)
    take_default: bool | tuple[Any, ...] = False
    # a group's text field: what is typed after a colon answers this later field of the
    # entry ("Contact details: name, address"), which is then not asked
    split_at_colon: str | None = None
    # a group's optional multi field narrowing an entry (a lawful basis to some items):
    # left empty (every choice) unasked where no other entry has the same answer to this
    # field of the group (a party's only lawful basis entry)
    empty_when_alone: str | None = None
    # a group's multi field: the wizard adds a row "another, not listed" whose tick asks
    # this later optional text field of the entry (not ticked: it is left empty unasked)
    other: str | None = None
    # a name shared by a group's optional fields next to each other, usually left empty
    # (a flow's own start and end): listed, and left empty with one yes
    empty_together: str | None = None
    # a group: the prompt asking a new list's names as lines, one entry a line (the text
    # after a colon answers the name's `split_at_colon` field); the rest asked as usual
    as_lines: str | None = None
    # the prompt used instead where that field's `when` leaves it unasked (a purpose's
    # child-friendly wording, in a notice not for children): no colon is split then
    as_lines_without_colon: str | None = None
    # a text field (a contact's name or role): an email address typed in its answer
    # ("Head of Midwifery, maternity@trust.nhs.uk") answers this later email question
    # of the same group or section, which is then not asked
    with_email: str | None = None
    # an expression giving the answer the earlier answers make certain (none: asked), taken
    # unasked by the wizard with the note saying where it comes from; never read as a default
    take_from: str | None = None
    take_from_note: str | None = None
    example: Any = None
    section: str = ""
    file: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        """`file:line` of the question's definition."""
        return f"{self.file}:{self.line}"

    def takes(self, default: Any) -> bool:
        """Whether the wizard takes this default without asking (`take_default`)."""
        if default is None or default == "" or not self.take_default:
            return False
        return self.take_default is True or default in self.take_default  # type: ignore[operator]

    def choice_values(self) -> list[str]:
        """The values a choice or multi question accepts."""
        return [c.value for c in self.choices]

    def label_for(self, value: str) -> str:
        """The label of a choice value (the value itself if unknown)."""
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value


@dataclass(frozen=True)
class Section:
    """A titled run of questions, shown as "Section 2 of 5: title"."""

    id: str
    title: str
    description: str
    questions: tuple[Question, ...]
    when: str | None = None


@dataclass(frozen=True)
class DocumentSpec:
    """A document the tree produces from one template."""

    id: str
    template: str
    title: str
    numbered: bool = False
    when: str | None = None
    description: str = ""


@dataclass(frozen=True)
class QuestionTree:
    """A validated question tree for one document kind."""

    id: str
    version: int
    title: str
    description: str
    documents: tuple[DocumentSpec, ...]
    sections: tuple[Section, ...]
    meta: Mapping[str, str] = field(default_factory=dict)
    renamed: Mapping[str, str] = field(default_factory=dict)
    # old id -> the version that renamed it, where the tree says: only answers for an
    # earlier version are renamed (an old id may be reused by a later version)
    renamed_in: Mapping[str, int] = field(default_factory=dict)
    removed: tuple[str, ...] = ()
    # old top-level id -> "group.inner": an answer now asked for each entry of a group;
    # "group.inner, other": a one-line "first, second" answer split between two answers
    moved: Mapping[str, str] = field(default_factory=dict)
    # question id (or group.field) -> {old choice value: new value}
    renamed_choices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # question id -> the tree version that first asked it, so answers written for an
    # earlier version report it as newly required rather than merely missing
    added: Mapping[str, int] = field(default_factory=dict)
    # "group.inner_group" -> {new inner id: old id in the same entry}: in answers for an
    # earlier version, an entry's old answers become the first entry of its inner group
    # (one signatory per party became a list of signatories)
    grouped: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    examples: Mapping[str, Any] = field(default_factory=dict)
    # source kind -> {question id: expression over that set's answers}: the answers a
    # set of this kind takes from the set named in `source_dir` (model/tree_from_sets.py)
    from_sets: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    path: Path = Path()
    # What its expressions see as `kb`: the knowledge base, supplied by the loader's
    # caller (sharewiz.law), so the model never imports the law layer.
    kb: Any = field(default=None, compare=False, repr=False)

    @property
    def summary(self) -> str:
        """The first sentence of the description (or the title): one line for lists."""
        text = " ".join(self.description.split())
        first = re.split(r"(?<=[.:;])\s", text, maxsplit=1)[0].rstrip(".:;") if text else ""
        return first or self.title

    def questions(self) -> Iterator[Question]:
        """Every top-level question, in asking order."""
        return iter(self._questions)

    @cached_property
    def _questions(self) -> tuple[Question, ...]:
        """The questions, listed once: a batch walks them several times per set."""
        return tuple(question for section in self.sections for question in section.questions)

    @cached_property
    def _index(self) -> tuple[dict[str, Question], dict[str, Section]]:
        """Question and section by question id, built once (a batch looks them up per set)."""
        questions = {q.id: q for q in self.questions()}
        sections = {q.id: s for s in self.sections for q in s.questions}
        return questions, sections

    def renamed_choice(self, path: str, value: Any) -> str | None:
        """The current value of an old choice value of question `path` (`group.field` in a
        group); None if `value` is not a renamed one (or is also a current choice)."""
        renames = self.renamed_choices.get(path)
        if not renames or not isinstance(value, str) or value not in renames:
            return None
        question = self.question_at(path)
        if question is not None and any(c.value == value for c in question.choices):
            return None
        return renames[value]

    def question_at(self, path: str) -> Question | None:
        """The question `id`, or the field of a group `group.field`; None if there is none."""
        group, _, inner = path.partition(".")
        question = self._index[0].get(group)
        if question is not None and inner:
            return next((q for q in question.questions if q.id == inner), None)
        return question

    def question(self, question_id: str) -> Question:
        """The top-level question with this id (KeyError if none)."""
        return self._index[0][question_id]

    def section_of(self, question_id: str) -> Section:
        """The section holding a top-level question."""
        return self._index[1][question_id]


def adjacent_run(
    questions: tuple[Question, ...], first: Question, key: str = "together"
) -> list[Question]:
    """`first` and the questions right after it with the same name under `key`
    (`together`: asked as one yes/no; `ask_as_ticks`: asked as one tick list)."""
    name = getattr(first, key)
    run: list[Question] = []
    for question in questions[questions.index(first) :]:
        if getattr(question, key) != name:
            break
        run.append(question)
    return run


ChoiceSource = Callable[[str, str | None], tuple[Choice, ...]]
"""(collection id, filter expression) -> choices; raises LookupError if unknown."""


@dataclass(frozen=True)
class TreeKnowledge:
    """What a tree takes from the knowledge base; `sharewiz.law.choices` makes one."""

    kb: Any  # what expressions see as `kb`
    choices: ChoiceSource  # the choices of a `choices_from` question


def questions_dir() -> Path:
    """The built-in question trees."""
    return data_dir("questions")


# Short names people say for the built-in kinds; a custom tree of the same name wins.
KIND_ALIASES = {
    "dsa": "data-sharing-agreement",
    "isp": "information-sharing-protocol",
    "dpia": "dpia-screening",
    "notice": "privacy-notice",
}


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option nearest `word`, if one is close enough to be a likely typo."""
    matches = difflib.get_close_matches(word, list(options), n=1)
    return matches[0] if matches else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest known word, or `` when none is close."""
    near = closest(word, known)
    return f" (did you mean {near!r}?)" if near else ""


def suggest(word: str, options: Iterable[str], listed: str) -> str:
    """A hint naming the nearest option (if any), then every option in the order given."""
    options = list(options)
    near = closest(word, options)
    every = f"{listed}: {', '.join(options)}"
    return f"did you mean {near!r}? {every}" if near else every


def unknown_question(key: object, tree: QuestionTree) -> str:
    """The message for an answer key that names no question of the tree."""
    return f"unknown question id {key!r}{did_you_mean(str(key), (q.id for q in tree.questions()))}"


def resolve_kind(kind: str, search_dirs: tuple[Path, ...] = ()) -> str:
    """The kind a name means: itself if a tree has that name, else the kind it abbreviates."""
    known = [k for k, _ in list_kinds(search_dirs)]
    if kind in known:
        return kind
    if KIND_ALIASES.get(kind) in known:
        return KIND_ALIASES[kind]
    near = closest(kind, [*known, *KIND_ALIASES])
    guess = (
        f"did you mean {KIND_ALIASES.get(near, near)!r}? " if near else ""
    )  # an alias names its kind
    raise UnknownKindError(
        f"no question tree for kind {kind!r}",
        hint=f"{guess}use one of: {', '.join(known) or 'none'} (see `sharewiz list`)",
    )


def tree_path(kind: str, search_dirs: tuple[Path, ...] = ()) -> Path:
    """The file of a kind's tree (or its alias), searching custom folders before the built-in one."""
    return dict(list_kinds(search_dirs))[resolve_kind(kind, search_dirs)]


def list_kinds(search_dirs: tuple[Path, ...] = ()) -> list[tuple[str, Path]]:
    """(kind, path) for every tree, custom folders first; fragments are not kinds."""
    seen: dict[str, Path] = {}
    for folder in (*search_dirs, questions_dir()):
        for path in sorted(folder.glob("*.yaml")):
            seen.setdefault(path.stem, path)
    return sorted(seen.items())
