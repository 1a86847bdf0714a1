"""The one way answers come in: read → migrate → type → validate.

Every command that takes answers (`new --answers` and `--resume`, `render`, `check`,
`status`, `update`, `update --dependants`, `export`, `diff`) reads an answers file with
`read_answers`; a CSV row goes through `type_answers` with labels naming its columns.
So the same file gets the same verdict and the same messages from every command:

1. read: the file's envelope and raw answers, every scalar as text, lines kept;
2. migrate: the tree's declared renames and removals (a newer tree version is refused);
3. type: each answer by its question (`sharewiz.model.answers.coerce`), `--set` values
   and CSV cells applied first; an unknown id is a problem, never dropped;
4. validate: answers whose choices come from other answers (`choices_expr`, e.g. a
   party named in `party_bases`) must be among them.

Completeness (required answers) is not checked here: a wizard prefill or a CSV base may
be partial; rendering checks it (`sharewiz.sets.build.check_complete`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.errors import AnswersError, UnknownKindError, UserError
from sharewiz.model.answers import Answers, InvalidAnswer, coerce, how_to_answer
from sharewiz.model.answers_file import AnswersFile, read_answers_file
from sharewiz.model.conditions import expression_context, is_asked
from sharewiz.model.expression_reads import names_read
from sharewiz.model.migration import migrate
from sharewiz.model.offered import offered_problem, offered_values
from sharewiz.model.rows import SET_HINT, apply_values, check_path
from sharewiz.model.tree import Question, QuestionTree, unknown_question
from sharewiz.model.yamlio import MarkedDict, line_of, plain_data

FIX_HINT = "fix each line above (see `sharewiz explain` for what the questions mean)"
_UNKNOWN_HINT = "rename each unknown id to its current question id, or delete it"


@dataclass(frozen=True)
class Problem:
    """One answer that does not fit: where it was given, its question, why, and the fix."""

    where: str  # "answers.yaml:12", "schools.csv:row 3, column x" or "--set x"
    question: str  # the top-level question id, as written
    message: str  # "party_bases: lawful basis 1, party: 'X' is not one of: ..."
    unknown: bool = False  # the id names no question of the tree
    fix: str = ""  # what the answer must be: "answer yes or no"
    file: str | None = None  # the file `where` is in, if it is a place in a file
    line: int | None = None  # its line there, when known

    def __str__(self) -> str:
        """`where: message`, one line of an error report."""
        return f"{self.where}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        """This problem as an entry of a JSON error's `problems` list."""
        return {
            "where": self.where,
            "file": self.file,
            "line": self.line,
            "question": self.question,
            "message": self.message,
            "fix": self.fix,
        }


@dataclass
class ReadAnswers:
    """An answers file after the one path: its tree, typed answers, notes and problems."""

    tree: QuestionTree
    file: AnswersFile
    answers: Answers  # typed; an answer with a problem is left out
    raw: dict[str, Any]  # migrated raw answers with `--set` values applied
    notes: list[str] = field(default_factory=list)  # migrations (renamed, removed)
    problems: list[Problem] = field(default_factory=list)


def answers_error(
    source: str, tree: QuestionTree, problems: Sequence[Problem], *, hint: str = FIX_HINT
) -> AnswersError:
    """The one error for answers that do not fit: every problem on its own line."""
    if any(p.unknown for p in problems):
        hint = f"{hint}; {_UNKNOWN_HINT}"
    return AnswersError(
        f"{source}: {len(problems)} answer(s) do not fit the {tree.id!r} questions:\n  "
        + "\n  ".join(map(str, problems)),
        hint=hint,
        problems=[problem.to_json() for problem in problems],
    )


def read_answers(
    path: Path,
    *,
    tree_for: Callable[[str], QuestionTree],
    overrides: Sequence[tuple[str, str]] = (),
    strict: bool = True,
    hint: str = FIX_HINT,
    unfinished: bool = False,
) -> ReadAnswers:
    """Read, migrate, type and validate an answers file.

    Args:
        path: the answers file.
        tree_for: loads the tree of a kind (custom folders first).
        overrides: `--set` values (dotted path, text), applied before typing.
        strict: raise AnswersError listing every problem; otherwise return them.
        hint: what to do about the problems, when raised.
        unfinished: the answers of a wizard run that stopped (`new --resume`): a list
            may have fewer entries than its `min`, as when it stopped while being made.
    """
    file = read_answers_file(path)
    try:
        tree = tree_for(file.kind)
    except UnknownKindError as exc:
        raise AnswersError(f"{path}: {exc.message}", hint=exc.hint) from exc
    raw, notes = migrate(tree, file)
    values, touched = with_values(tree, raw, overrides, label=lambda key: f"--set {key}")
    answers, problems = type_answers(
        tree, values, source=str(path), lines=raw.key_lines, touched=touched,
        unfinished=unfinished,
    )  # fmt: skip
    if strict and problems:
        raise answers_error(str(path), tree, problems, hint=hint)
    return ReadAnswers(tree, file, answers, values, notes, problems)


def with_values(
    tree: QuestionTree,
    raw: Mapping[str, Any],
    values: Sequence[tuple[str, str]],
    *,
    label: Callable[[str], str],
) -> tuple[dict[str, Any], dict[str, str]]:
    """Raw answers with dotted values set, and the label of each value's source.

    A path that names no answer of the tree is a UserError, before anything is typed.
    """
    touched = {}
    for path, _value in values:
        problem = check_path(tree, path)
        if problem:
            raise UserError(f"{label(path)}: {problem}", hint=SET_HINT)
        touched[path] = label(path)
    return apply_values(raw, values), touched


def type_answers(
    tree: QuestionTree,
    raw: Mapping[str, Any],
    *,
    source: str,
    lines: Mapping[str, int] | None = None,
    touched: Mapping[str, str] | None = None,
    unfinished: bool = False,
    typed: TypedValues | None = None,
) -> tuple[Answers, list[Problem]]:
    """Type raw answers by the tree and validate them; every problem at once.

    Args:
        tree: the question tree.
        raw: raw answers (text values), migrated, with any row or option values set.
        source: the file (or `file:row N`) the answers came from.
        lines: the line of each answer in `source`, if it is a file.
        touched: dotted path -> label (`schools.csv:row 3, column x`, `--set x`) of each
            value a row or option set; a problem in it is reported under that label.
        unfinished: a list with fewer entries than its `min` is kept as it is (see
            `read_answers`).
        typed: raw values typed before (`typed_values`, a CSV batch's base): an answer
            whose raw value is that very object takes a copy of its typed value.
    """
    labels = _Labels(source, lines, touched or {})
    answers: Answers = {}
    partial: Answers = {}  # groups typed as far as they go, for the checks across answers
    problems: list[Problem] = []
    known = {q.id: q for q in tree.questions()}
    for key, value in raw.items():
        question = known.get(key)
        if question is None:
            problems.append(
                labels.problem(key, unknown_question(key, tree), unknown=True, fix=_UNKNOWN_HINT)
            )
            continue
        before = typed.get(key) if typed is not None else None
        if before is not None and before[0] is value and before[1] is question:
            answers[key] = _copied(before[2])  # typing is a function of the two alone
            continue
        try:
            answers[key] = coerce(question, plain_data(value))
        except InvalidAnswer as exc:
            # a group's count is its only problem number 0; its entries all fit
            if unfinished and exc.partial is not None and all(n == 0 for n, *_ in exc.entries):
                answers[key] = exc.partial
                continue
            if exc.partial is not None:
                partial[key] = exc.partial
            for number, inner, message in exc.entries or [(0, "", str(exc))]:
                entry = _entry(value, number)
                problems.append(
                    labels.problem(
                        key,
                        message,
                        entry=entry,
                        inner=inner,
                        number=number,
                        fix=_fix(question, inner, message),
                    )
                )
    problems.extend(_offered_problems(tree, {**answers, **partial}, raw, labels))
    return answers, problems


# answer id -> (a raw value, the question it was typed by, its typed value)
TypedValues = Mapping[str, tuple[Any, Question, Any]]


def typed_values(tree: QuestionTree, raw: Mapping[str, Any]) -> TypedValues:
    """Each answer of `raw` that types without a problem, typed once, for `type_answers`.

    A batch's CSV rows share the base's raw values for every answer a row does not set
    (`sharewiz.model.rows.apply_values` copies only what it changes), so the base's
    answers are typed once for the whole batch instead of once per row. The raw values
    are kept by identity: `raw` must not be changed while the result is used.
    """
    known = {q.id: q for q in tree.questions()}
    found: dict[str, tuple[Any, Question, Any]] = {}
    for key, value in raw.items():
        question = known.get(key)
        if question is None:
            continue
        try:
            found[key] = (value, question, coerce(question, plain_data(value)))
        except InvalidAnswer:
            continue  # typed (and reported) with each set's answers
    return found


def _copied(value: Any) -> Any:
    """A copy of a typed value's lists and mappings: each set's answers are its own."""
    kind = type(value)
    if kind is list:
        return [_copied(item) for item in value]
    if kind is dict:
        return {key: _copied(item) for key, item in value.items()}
    return value


def _fix(question: Question, inner: str, message: str) -> str:
    """The fix for a problem with `question` (or its inner question `inner`)."""
    asked = next((q for q in question.questions if q.id == inner), question)
    if ": unknown key(s) " in message:
        return "delete each unknown key, or rename it to one of: " + ", ".join(
            q.id for q in question.questions
        )
    return how_to_answer(asked)


class _Labels:
    """Where each problem is reported: a touched value's label, else `file:line`."""

    def __init__(self, source: str, lines: Mapping[str, int] | None, touched: Mapping[str, str]):
        self.source, self.lines, self.touched = source, lines, touched

    def problem(
        self,
        key: str,
        message: str,
        *,
        entry: Any = None,
        inner: str = "",
        number: int = 0,
        unknown: bool = False,
        fix: str = "",
    ) -> Problem:
        label = self._touched(key, inner, number)
        if label is not None:  # a CSV cell or a --set value: no line of a file to name
            file = self.source.split(":row ")[0] if not label.startswith("--") else None
            return Problem(label, key, message, unknown, fix, file)
        line = self.lines.get(key) if self.lines is not None else None
        if isinstance(entry, MarkedDict) and self.lines is not None:
            line = line_of(entry, inner, default=entry.line) if inner else entry.line
        where = f"{self.source}:{line or 0}" if self.lines is not None else self.source
        message = message if unknown else f"{key}: {message}"
        file = self.source if self.lines is not None else None
        return Problem(where, key, message, unknown, fix, file, line or None)

    def _touched(self, key: str, inner: str, number: int) -> str | None:
        if number and inner and f"{key}.{number - 1}.{inner}" in self.touched:
            return self.touched[f"{key}.{number - 1}.{inner}"]
        if key in self.touched:
            return self.touched[key]
        return next((v for k, v in self.touched.items() if k.startswith(f"{key}.")), None)


def _entry(value: Any, number: int) -> Any:
    """The raw entry `number` (from 1) of a group's value, if there is one."""
    if number and isinstance(value, list) and len(value) >= number:
        return value[number - 1]
    return None


# tree id -> (the tree, kept alive so its id stays its; its questions that offer choices
# from other answers, themselves or in their entries)
_OFFERING: dict[int, tuple[QuestionTree, tuple[Question, ...]]] = {}


def _offering(tree: QuestionTree) -> tuple[Question, ...]:
    known = _OFFERING.get(id(tree))
    if known is None or known[0] is not tree:
        found = tuple(
            q
            for q in tree.questions()
            if q.choices_expr or (q.type == "group" and any(i.choices_expr for i in q.questions))
        )
        if len(_OFFERING) >= 64:  # trees are few; custom ones are loaded per command
            _OFFERING.clear()
        known = _OFFERING[id(tree)] = (tree, found)
    return known[1]


def _offered_problems(
    tree: QuestionTree, answers: Mapping[str, Any], raw: Mapping[str, Any], labels: _Labels
) -> list[Problem]:
    """Answers to `choices_expr` questions must be among the choices the answers offer.

    An answer to a question that is not asked is not checked: it is ignored, as when a
    notice's categories are no longer special, its Art 9 conditions' items stay behind.
    """
    problems: list[Problem] = []
    # only these can offer choices: the others' conditions need no evaluating
    offering = [q for q in _offering(tree) if q.id in answers]
    if not offering:
        return problems
    context = expression_context(tree, answers)
    for question in offering:
        if not is_asked(question, tree, context):
            continue
        if question.choices_expr:
            reason = offered_problem(question, answers[question.id], context)
            if reason:
                problems.append(labels.problem(question.id, reason, fix=how_to_answer(question)))
        if question.type != "group":
            continue
        offered: dict[str, list[str]] = {}  # inner id -> the same for every entry
        for number, entry in enumerate(answers[question.id] or [], 1):
            for inner in question.questions:
                if not inner.choices_expr or entry.get(inner.id) is None:
                    continue
                reads = names_read(inner.choices_expr)
                if reads is not None and reads.isdisjoint(entry):  # not the entry's own
                    if inner.id not in offered:  # answers: worked out once for all entries
                        offered[inner.id] = offered_values(inner, context)
                    reason = offered_problem(
                        inner, entry[inner.id], context, offered=offered[inner.id]
                    )
                else:
                    reason = offered_problem(inner, entry[inner.id], {**context, **entry})
                if reason:
                    problems.append(
                        labels.problem(
                            question.id,
                            f"{question.item_name} {number}, {inner.id}: {reason}",
                            entry=_entry(raw.get(question.id), number),
                            inner=inner.id,
                            number=number,
                            fix=how_to_answer(inner),
                        )
                    )
    return problems
