"""A matrix of answer combinations across every branch of every tree (issue 14).

For each example answers file, `combinations` varies one answer at a time from the
example: every value of every choice, multi and yes/no question (inside groups too), and
groups cut to one entry or grown towards their maximum; then every pair of values of the
questions that meet in one `when` condition. Questions a variation brings into play are
answered from their `example` (or a plain value of their type), so each combination is
complete. A covering design, not the full product: each value at least once, each pair
of values that a condition combines at least once.

Every combination is typed through the one answers path (`sharewiz.model.reading`) and
kept only if the tree accepts it and nothing required is missing. The result is
deterministic: variations come in tree order and the few random picks use a fixed seed.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import meta

from sharewiz.model.answers import Answers
from sharewiz.model.conditions import (
    effective_answers,
    evaluate,
    expression_context,
    is_asked,
    missing_answers,
)
from sharewiz.model.expressions import expression_environment
from sharewiz.model.offered import offered_choices
from sharewiz.model.reading import type_answers
from sharewiz.model.tree import Question, QuestionTree
from sharewiz.sets.build import read_answers

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SEED = 20260401
PAIR_CAP = 36  # beyond this many pairs of values, a seeded sample that takes every value
GROUP_MAX = 6  # "max-ish": a group grows to its max, or this many entries if it has none


@dataclass(frozen=True)
class Combination:
    """One set of answers to render: which example it starts from and what it changes."""

    example: str
    change: str  # "lawful_basis=consent", "parties: 1 entry", "a=x & b=y"
    tree: QuestionTree
    answers: Answers

    @property
    def name(self) -> str:
        """`example: change`, for test ids and failure messages."""
        return f"{self.example}: {self.change}"


Change = tuple[str, Any]  # (dotted path "q", "group.0.inner" or "group#" for a size, value)


def domain(question: Question) -> list[Any]:
    """The values worth trying for a question: each choice, yes and no, each single choice
    of a multi with all and none; an optional question of another type left blank."""
    if question.type == "yes_no":
        return [True, False]
    if question.type == "choice":
        return question.choice_values()
    if question.type == "multi":
        values = question.choice_values()
        return [[v] for v in values] + ([values] if len(values) > 1 else []) + [[]]
    return [] if question.required or question.type == "group" else [None]


def _names(source: str | None) -> set[str]:
    """The variables a tree expression reads."""
    if not source:
        return set()
    # sharewiz's own environment: it knows the filters trees use (e.g. items_of_party)
    parsed = expression_environment().parse(f"{{{{ {source} }}}}")
    return set(meta.find_undeclared_variables(parsed))


def _single_changes(tree: QuestionTree, answers: Answers) -> Iterator[tuple[str, list[Change]]]:
    for question in tree.questions():
        for value in domain(question):
            yield f"{question.id}={_label(value)}", [(question.id, value)]
        if question.type != "group":
            continue
        entries = answers.get(question.id) or []
        if entries:
            yield f"{question.id}: 1 entry", [(f"{question.id}#", 1)]
            size = int(question.max) if question.max is not None else GROUP_MAX
            yield f"{question.id}: {size} entries", [(f"{question.id}#", min(size, GROUP_MAX))]
        for inner in question.questions:
            for value in domain(inner):
                # every entry takes the value, so a branch is taken whichever entry the
                # template looks at; else one added entry takes it, for values that cannot
                # hold for all (every party a processor leaves no one to act for)
                for which in ("*", "+"):
                    yield (
                        f"{question.id}[{which}].{inner.id}={_label(value)}",
                        [(f"{question.id}.{which}.{inner.id}", value)],
                    )


def _typed_as_sentences(tree: QuestionTree, answers: Answers) -> Answers:
    """Every free-text answer as officers often type it: a capital first, a full stop last.

    Templates paste answers into their own sentences; this shows where they must tidy them.
    """

    def sentence(question: Question, value: Any) -> Any:
        if question.type not in ("text", "long_text") or question.pattern:
            return value
        if not isinstance(value, str) or not value or value[-1] in ".?!":
            return value
        if not value[:1].islower() and question.type == "text":
            return value  # a name ("Northtown School"): nobody ends it with a full stop
        return value[:1].upper() + value[1:] + "."

    result = copy.deepcopy(answers)
    for question in tree.questions():
        value = result.get(question.id)
        if question.type == "group" and value:
            result[question.id] = [
                {inner.id: sentence(inner, entry.get(inner.id)) for inner in question.questions}
                | {k: v for k, v in entry.items() if k not in {i.id for i in question.questions}}
                for entry in value
            ]
        elif value is not None:
            result[question.id] = sentence(question, value)
    return result


def _dimensions(tree: QuestionTree, source: str | None) -> list[tuple[str, list[Any]]]:
    """(path, values) of what a condition reads: a question, or each inner question of a
    group it reads (set in every entry, path "group.*.inner")."""
    found = []
    for name in sorted(_names(source)):
        try:
            question = tree.question(name)
        except KeyError:
            continue  # kb, today, an inner question's sibling
        if question.type == "group":
            found += [(f"{name}.*.{i.id}", domain(i)) for i in question.questions if domain(i)]
        elif domain(question):
            found.append((name, domain(question)))
    return found


def _pair_changes(tree: QuestionTree) -> Iterator[tuple[str, list[Change]]]:
    """Every pair of values of two answers that one `when` condition reads together."""
    pairs: dict[tuple[str, str], tuple[list[Any], list[Any]]] = {}
    for question in tree.questions():
        for source in [question.when] + [inner.when for inner in question.questions]:
            for (a, values_a), (b, values_b) in itertools.combinations(
                _dimensions(tree, source), 2
            ):
                pairs[(a, b)] = (values_a, values_b)
    for (first, second), (values_a, values_b) in sorted(pairs.items()):
        for a, b in _pairs(values_a, values_b, f"{first}&{second}"):
            yield (
                f"{first}={_label(a)} & {second}={_label(b)}",
                [(first, a), (second, b)],
            )


def _enabled(tree: QuestionTree, answers: Answers, question_id: str, depth: int = 3) -> Answers:
    """The answers changed, if need be, so that a question is asked: the answers its
    condition reads are tried value by value (and enabled in turn), first fit kept."""
    question = tree.question(question_id)
    section = tree.section_of(question_id)
    if not (question.when or section.when):
        return answers  # always asked

    def asked(candidate: Answers) -> bool:
        # conditions see what rendering sees: defaults filled, every inner key present
        context = expression_context(tree, effective_answers(tree, candidate))
        return is_asked(question, tree, context)

    if depth == 0 or asked(answers):
        return answers
    for path, values in _dimensions(
        tree, f"({question.when or True}) and ({section.when or True})"
    ):
        base = _enabled(tree, answers, path.split(".")[0], depth - 1)
        for value in values:
            candidate = _apply(tree, base, [(path, value)])
            if asked(candidate):
                return candidate
    return answers


def _pairs(first: list[Any], second: list[Any], seed: str) -> list[tuple[Any, Any]]:
    """Every pair of values, or where that is more than PAIR_CAP, a seeded sample of
    PAIR_CAP pairs (at least one per value of the larger side) that takes every value."""
    product = list(itertools.product(first, second))
    if len(product) <= PAIR_CAP:
        return product
    rng = random.Random(f"{SEED}:{seed}")
    longer, shorter = (first, second) if len(first) >= len(second) else (second, first)
    count = max(PAIR_CAP, len(longer))
    picks = [(longer[i % len(longer)], rng.choice(shorter)) for i in range(count)]
    for i, value in enumerate(shorter):  # every value of the shorter side too
        picks[i] = (picks[i][0], value)
    return [(a, b) if longer is first else (b, a) for a, b in picks]


def _label(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ",".join(map(str, value)) + "]"
    return str(value).lower() if isinstance(value, bool) else str(value)


def _apply(tree: QuestionTree, answers: Answers, changes: list[Change]) -> Answers:
    result = copy.deepcopy(answers)
    for path, value in changes:
        if path.endswith("#"):
            group = path[:-1]
            entries = result.get(group) or []
            result[group] = [copy.deepcopy(entries[i % len(entries)]) for i in range(value)]
        elif path.count(".") == 2:  # "group.*.inner" (every entry) or "group.+.inner"
            group, which, inner = path.split(".")
            entries = result.get(group) or []
            if not entries:
                context = expression_context(tree, result)  # with `kb`, as conditions see it
                entries = [_fill_entry(tree.question(group), random.Random(SEED), context)]
            if which == "*":
                result[group] = [{**entry, inner: value} for entry in entries]
            else:
                result[group] = [
                    *entries,
                    {**_added(tree.question(group), entries[-1]), inner: value},
                ]
        else:
            result[path] = value
    return result


def _added(group: Question, entry: Answers) -> Answers:
    """A copy of an entry with its one-line texts marked, so that no answer names it."""
    texts = {q.id for q in group.questions if q.type == "text" and not q.pattern}
    return {k: f"{v} (added)" if k in texts and isinstance(v, str) else v for k, v in entry.items()}


def _plain_value(question: Question, rng: random.Random, context: Mapping[str, Any]) -> Any:
    """A value of a question's type: its example, else a choice or plain text."""
    if question.example is not None and question.type != "group":
        return question.example
    if question.choices_expr:
        offered = offered_choices(question, context).choice_values()
        return offered[0] if offered else None
    if question.type == "yes_no":
        return False
    if question.type == "choice":
        return rng.choice(question.choice_values())
    if question.type == "multi":
        return [rng.choice(question.choice_values())]
    if question.type == "date":
        return dt.date(2026, 4, 1)
    if question.type == "number":
        return int(question.min) if question.min is not None else 1
    if question.type == "email":
        return "team@example.org"
    if question.type == "url":
        return "https://example.org/privacy"
    if question.type == "group":
        count = int(question.min) if question.min else 1
        return [_fill_entry(question, rng, context) for _ in range(count)]
    return "the information described in this document"


def _fill_entry(
    group: Question, rng: random.Random, context: Mapping[str, Any], given: Answers | None = None
) -> dict[str, Any]:
    """A group entry: the answers `given`, and a value for each required inner question
    that applies and has none."""
    entry = {k: v for k, v in (given or {}).items() if v not in (None, "", [])}
    blank = {q.id: None for q in group.questions}
    for inner in group.questions:
        if inner.id in entry or not inner.required:
            continue
        if evaluate(inner.when, {**context, **blank, **entry}):
            entry[inner.id] = _plain_value(inner, rng, {**context, **entry})
    return entry


def _complete(tree: QuestionTree, answers: Answers, rng: random.Random) -> Answers | None:
    """Answer what a change brought into play; None if that does not settle."""
    for _ in range(8):
        missing = missing_answers(tree, answers)
        if not missing:
            return answers
        context = expression_context(tree, effective_answers(tree, answers))
        for question in missing:
            if question.type == "group" and answers.get(question.id):
                answers[question.id] = [
                    _fill_entry(question, rng, context, entry) for entry in answers[question.id]
                ]
            else:
                answers[question.id] = _plain_value(question, rng, context)
    return None


def _accepted(tree: QuestionTree, answers: Answers, source: str) -> Answers | None:
    """The answers typed by the one answers path, or None if the tree refuses them."""
    typed, problems = type_answers(tree, _raw(answers), source=source)
    # `_complete` found nothing missing; typing that changes no value cannot either
    if problems or (typed != answers and missing_answers(tree, typed)):
        return None
    return typed


def _raw(value: Any) -> Any:
    """Answers as a file holds them: every scalar as text, as `reading` expects."""
    if isinstance(value, dict):
        return {k: _raw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_raw(v) for v in value]
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if value is None else str(value)


@cache
def combinations(example: Path) -> tuple[Combination, ...]:
    """The accepted, distinct combinations that start from one example answers file."""
    tree, _file, base = read_answers(example)
    rng = random.Random(f"{SEED}:{example.stem}")
    seen: set[str] = set()
    kept: list[Combination] = []
    starts = [("as given", base), ("text typed as sentences", _typed_as_sentences(tree, base))]
    variations = itertools.chain(_single_changes(tree, base), _pair_changes(tree))
    accepted: set[str] = set()
    for change, start, changes in itertools.chain(
        ((name, answers, []) for name, answers in starts),
        ((name, base, changes) for name, changes in variations),
    ):
        if change.replace("[+]", "[*]") in accepted:
            continue  # the value held in every entry: an added one adds no branch
        changed = _apply(tree, start, changes)
        for path, _value in changes:  # a changed answer is asked, so its branches are taken
            changed = _enabled(tree, changed, path.split(".")[0].rstrip("#"))
        completed = _complete(tree, changed, rng)
        typed = _accepted(tree, completed, change) if completed is not None else None
        if typed is None:
            continue
        accepted.add(change)
        key = json.dumps(_raw(typed), sort_keys=True)
        if key not in seen:
            seen.add(key)
            kept.append(Combination(example.stem, change, tree, typed))
    return tuple(kept)


def all_combinations() -> list[Combination]:
    """Every example's combinations, in example order."""
    return [c for path in EXAMPLES for c in combinations(path)]
