"""Conditions and defaults over a set of answers: what is asked, filled in and missing.

Tree expressions (`when`, `default_from`, `choices_expr`) are evaluated over the
answers given so far, in the sandbox of `sharewiz.model.expressions`.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, cast

from sharewiz.errors import AnswersError
from sharewiz.model.answers import Answers, InvalidAnswer, coerce
from sharewiz.model.expression_reads import question_reads
from sharewiz.model.expressions import compile_expression  # imports no Jinja until used
from sharewiz.model.sameness import ABSENT, kept, same
from sharewiz.model.tree import Question, QuestionTree


def expression_context(
    tree: QuestionTree, answers: Mapping[str, Any], **extra: Any
) -> dict[str, Any]:
    """Every question id (None until answered) overlaid with the answers."""
    from sharewiz.model.expressions import today

    context: dict[str, Any] = {q.id: None for q in tree.questions()}
    context.update(answers)
    context.setdefault("today", today())
    context.setdefault("kb", tree.kb)
    context.update(extra)
    return context


def evaluate(source: str | None, context: Mapping[str, Any], where: str | Question = "") -> Any:
    """Evaluate a tree expression; a failure names where it was defined (`file:line`, or
    the question whose expression it is: its place is worked out only on failure)."""
    if source is None:
        return True
    try:
        return compile_expression(source).evaluate(context)
    except Exception as exc:
        from jinja2 import TemplateError as JinjaError  # imported once it is needed

        if not isinstance(exc, (JinjaError, TypeError, ValueError, ArithmeticError)):
            raise
        place = where if isinstance(where, str) else where.where
        raise AnswersError(
            f"{place}: expression {source!r} failed: {exc}",
            hint="check the answers it names fit their questions; if they do, the expression "
            "at that line of the tree needs fixing (`sharewiz validate` checks trees)",
        ) from exc


def is_asked(
    question: Question,
    tree: QuestionTree,
    context: Mapping[str, Any],
    known: dict[str | None, Any] | None = None,
) -> bool:
    """Whether a question applies, given its section's and its own `when`.

    `known` (expression -> value) keeps conditions already evaluated over this same,
    unchanging context: many questions share a section's or a sibling's condition.
    """

    section_when = tree.section_of(question.id).when if question.section else None
    if section_when and not _holds(section_when, question, context, known):
        return False
    return question.when is None or bool(_holds(question.when, question, context, known))


def _holds(
    source: str, question: Question, context: Mapping[str, Any], known: dict[str | None, Any] | None
) -> Any:
    if known is None:
        return evaluate(source, context, question)
    if source not in known:
        known[source] = evaluate(source, context, question)
    return known[source]


def default_for(question: Question, context: Mapping[str, Any]) -> Any:
    """The static or computed default for a question, typed; None if it has none."""
    value = question.default
    if question.default_from:
        value = evaluate(question.default_from, context, question)
    if value is None:
        return None
    try:
        return coerce(question, value)
    except InvalidAnswer:
        return None


def walk(tree: QuestionTree, answers: Mapping[str, Any]) -> Iterator[tuple[Question, bool]]:
    """(question, applies) for every top-level question, conditions evaluated in order."""
    context = expression_context(tree, answers)
    for question in tree.questions():
        yield question, is_asked(question, tree, context)


@dataclass(frozen=True)
class _Pass:
    """An effective pass: over which tree and answers (the object given, and a copy), its
    result (as given out, and a copy to start the next pass from), whether each question
    applied, and the `today` its expressions saw."""

    tree: QuestionTree
    given: Mapping[str, Any]
    answers: Mapping[str, Any]
    result: Answers
    kept: Answers
    asked: Mapping[str, bool]
    today: Any


# The last effective pass, for the next to start from. Rendering a set asks for the same
# answers' effective values more than once (completeness check, checks, template
# context); a batch's sets come from one base and differ from each other in a few answers.
_last_effective: list[_Pass | None] = [None]


def effective_answers(tree: QuestionTree, answers: Mapping[str, Any]) -> Answers:
    """Answers with defaults filled in and questions that do not apply set to None."""
    return dict(_effective_pass(tree, answers)[0])


def _effective_pass(
    tree: QuestionTree, answers: Mapping[str, Any]
) -> tuple[Answers, Mapping[str, bool]]:
    """(effective answers, question id -> whether it applied), from the last pass where
    nothing it depends on differs; neither is to be changed by the caller."""
    last = _last_effective[0]
    if last is not None and last.tree is not tree:
        last = None
    if last is not None and last.given is answers and last.answers == answers:
        return last.result, last.asked  # the same answers again, within one render
    result, asked, today = _effective(tree, answers, last)
    _last_effective[0] = _Pass(
        tree, answers, kept(dict(answers)), result, kept(result), asked, today
    )
    return result, asked


def _effective(
    tree: QuestionTree, answers: Mapping[str, Any], last: _Pass | None = None
) -> tuple[Answers, dict[str, bool], Any]:
    """The effective pass, in tree order. With the `last` pass over the same tree, a
    question whose answer is the same as then, and whose expressions read only names whose
    values are the same as at that point of that pass, gets that pass's verdict and value
    (a copy) without evaluating anything: an expression's value depends only on the
    names it reads (`sharewiz.model.expression_reads`)."""
    result: Answers = {}
    asked: dict[str, bool] = {}
    context = expression_context(tree, {})
    reads = question_reads(tree) if last is not None else {}
    # names whose values in this pass's context may not be those of the last pass's at
    # the same point: a question's, once worked out again
    moved: set[str] = set()
    if last is not None and not same(context["today"], last.today):
        moved.add("today")
    for question in tree.questions():
        qid = question.id
        if last is None or qid not in last.asked:
            applies = is_asked(question, tree, context)
            value = _effective_value(question, answers, context, asked=applies)
        else:
            condition, depends = reads[qid]
            if condition is not None and condition.isdisjoint(moved):
                applies = last.asked[qid]
            else:
                applies = is_asked(question, tree, context)
            if (
                applies == last.asked[qid]
                and depends is not None
                and depends.isdisjoint(moved)
                and same(answers.get(qid, ABSENT), last.answers.get(qid, ABSENT))
            ):
                value = last.kept[qid]  # the next pass starts from a copy of this one's
            else:
                value = _effective_value(question, answers, context, asked=applies)
                moved.add(qid)
        asked[qid] = applies
        # later questions' conditions and defaults see this one (one key, not a re-copy)
        result[qid] = context[qid] = value
    return result, asked, context["today"]


def _effective_value(
    question: Question, answers: Mapping[str, Any], context: Mapping[str, Any], *, asked: bool
) -> Any:
    if not asked:
        return [] if question.type in ("group", "multi") else None
    value = answers.get(question.id)
    if value is None:
        value = default_for(question, context)
    if value is None and question.type in ("group", "multi"):
        value = []
    if question.type == "group":
        value = [_entry_with_defaults(question, entry, context) for entry in value]
    return value


# tree id -> (tree, the questions whose conditions read only questions before them)
_SETTLED: dict[int, tuple[QuestionTree, frozenset[str]]] = {}


def _settled(tree: QuestionTree) -> frozenset[str]:
    """The questions whose `when` (their own and their section's) names no question at
    or after them: whether they apply is the same over the answers so far as over all
    of them, so the effective pass's verdict stands for the completeness check."""
    from sharewiz.model.expressions import expression_names

    known = _SETTLED.get(id(tree))
    if known is not None and known[0] is tree:
        return known[1]
    questions = list(tree.questions())
    later = {q.id for q in questions}
    settled = set()
    for question in questions:
        later.discard(question.id)
        section = tree.section_of(question.id) if question.section else None
        sources = [s for s in (question.when, section.when if section else None) if s]
        try:
            names = set().union(*(expression_names(source) for source in sources))
        except Exception:  # noqa: BLE001 - a broken condition fails where it is evaluated
            continue
        if not names & (later | {question.id}):
            settled.add(question.id)
    _SETTLED[id(tree)] = (tree, frozenset(settled))  # keeps the tree, so its id is not reused
    return _SETTLED[id(tree)][1]


def _read_only(mapping: Mapping[str, Any]) -> MutableMapping[str, Any]:
    """`mapping` as a ChainMap's lower layer, which a ChainMap only reads (its writes go to
    its first layer)."""
    return cast("MutableMapping[str, Any]", mapping)


def _entry_with_defaults(
    group: Question, entry: Mapping[str, Any], context: Mapping[str, Any]
) -> dict[str, Any]:
    """A group entry with its inner questions' defaults filled where nothing was answered."""
    filled: dict[str, Any] = {inner.id: None for inner in group.questions}
    filled.update(entry)
    # the entry's answers over the whole set's, as they stand at each inner question (a
    # view, not a copy of every answer per inner question and entry)
    inner_context = ChainMap(filled, _read_only(context))
    for inner in group.questions:
        if filled.get(inner.id) is None and evaluate(inner.when, inner_context, inner):
            filled[inner.id] = default_for(inner, inner_context)
        if inner.type == "group" and isinstance(filled.get(inner.id), list):
            # a group inside a group (a party's signatories): its entries' defaults too
            filled[inner.id] = [
                _entry_with_defaults(inner, nested, inner_context) for nested in filled[inner.id]
            ]
    return filled


def missing_answers(tree: QuestionTree, answers: Mapping[str, Any]) -> list[Question]:
    """Required questions that apply but have no answer (after defaults)."""
    full, asked = _effective_pass(tree, answers)
    settled = _settled(tree)
    missing = []
    context = expression_context(tree, full)
    known: dict[str | None, Any] = {}  # each condition once: the context does not change
    for question in tree.questions():
        if not question.required:
            continue
        if question.id in settled:
            applies = asked[question.id]  # as the effective pass found: same names, same values
        else:
            applies = is_asked(question, tree, context, known)
        if not applies:
            continue
        value = full.get(question.id)
        if value is None or value == "" or (question.type == "multi" and not value):
            missing.append(question)
        elif question.type == "group":
            missing.extend(_missing_in_group(question, value, context))
    return missing


def _missing_in_group(
    question: Question, entries: list[dict[str, Any]], context: Mapping[str, Any]
) -> list[Question]:
    if question.min is not None and len(entries) < question.min:
        return [question]
    return [question] if entry_gaps(question, entries, context) else []


def entry_gaps(
    question: Question, entries: list[dict[str, Any]], context: Mapping[str, Any]
) -> list[tuple[int, list[Question]]]:
    """The entries of a group that lack a required answer, each as (its index from 0, the
    inner questions that apply to it and are unanswered; an inner group with a gap counts
    as its question)."""
    blank = {inner.id: None for inner in question.questions}
    gaps: list[tuple[int, list[Question]]] = []
    for index, entry in enumerate(entries):
        lacking = []
        entry_context: Mapping[str, Any] | None = None
        for inner in question.questions:
            value = entry.get(inner.id)
            if not (inner.required and value in (None, "", [])) and inner.type != "group":
                continue  # answered, or not needed whatever its `when` says
            if entry_context is None:  # made only for an entry with a gap to look at
                # An inner `when` sees the whole set of answers, then the entry's own.
                entry_context = ChainMap(_read_only(entry), blank, _read_only(context))
            if _lacks(inner, entry, entry_context):
                lacking.append(inner)
        if lacking:
            gaps.append((index, lacking))
    return gaps


def _lacks(inner: Question, entry: Mapping[str, Any], entry_context: Mapping[str, Any]) -> bool:
    value = entry.get(inner.id)
    if inner.required and value in (None, "", []) and evaluate(inner.when, entry_context, inner):
        return True
    # a group inside the entry (a party's signatories) is checked the same way
    return (
        inner.type == "group"
        and isinstance(value, list)
        and bool(_missing_in_group(inner, value, entry_context))
    )


def describe_gaps(tree: QuestionTree, answers: Mapping[str, Any]) -> dict[str, list[str]]:
    """For each required group with an incomplete entry, one line per missing answer,
    named by the path `--set` and a CSV take (`data_categories.0.category`) and the entry's
    name, with the question and the values it accepts: what to add, item by item (an
    answers file from an older tree whose new per-item questions cannot be inferred)."""
    full = effective_answers(tree, answers)
    context = expression_context(tree, full)
    described: dict[str, list[str]] = {}
    for question in missing_answers(tree, answers):
        entries = full.get(question.id)
        if question.type != "group" or not isinstance(entries, list):
            continue
        lines = []
        for index, lacking in entry_gaps(question, entries, context):
            name = entries[index].get("name")
            named = f" ({name})" if isinstance(name, str) and name else ""
            for inner in lacking:
                accepted = inner.choice_values() if inner.type in ("choice", "multi") else []
                one_of = f" [{', '.join(accepted)}]" if accepted else ""
                lines.append(f"{question.id}.{index}.{inner.id}{named}: {inner.prompt}{one_of}")
        if lines:
            described[question.id] = lines
    return described


def pin_dates(tree: QuestionTree, answers: Mapping[str, Any]) -> Answers:
    """Answers with each unanswered date question that applies given its default.

    A date's default may come from the clock (`default_from: today`). Written into the
    answers (and so into answers.yaml), it makes rendering the same answers tomorrow give
    the same bytes. Keys are in tree order.
    """
    dates = [q.id for q in tree.questions() if q.type == "date"]
    if all(answers.get(qid) is not None for qid in dates):  # nothing to pin: no full pass
        return {q.id: answers[q.id] for q in tree.questions() if q.id in answers}
    full = effective_answers(tree, answers)
    result = dict(answers)
    for question in tree.questions():
        qid = question.id
        if question.type == "date" and answers.get(qid) is None and full.get(qid) is not None:
            result[qid] = full[qid]
    return {q.id: result[q.id] for q in tree.questions() if q.id in result}
