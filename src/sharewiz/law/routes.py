"""Wrong routes on partial answers: which `route:` findings the answers so far settle.

A rule with `route:` fires when the answers describe another kind of document (a
processor named as a party, a one-off request in an agreement, a routine feed in a
disclosure record). `render` and `check` see whole answers; the wizard asks after every
answer it saves, so it can stop at the question that reveals the wrong route. Only the
route rules of the kind are evaluated (one pass of the derived facts, about a
millisecond on the largest example).

On partial answers a rule reads the questions not answered yet as None, and a fact may
take None to mean "not given" (a one-off flow with no volume counts as a request about a
few people). A finding is therefore settled only when the questions still to come cannot
take away what it found: each field of a group entry that has no answer yet is tried
with each of its choices, or the ends of its range, one at a time; the top-level
questions the tree will still ask are tried likewise, all at once. Trying is done only
for a finding that fires and is not already known, so the answers that fire nothing
cost one evaluation (`bench/bench_routes.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from sharewiz.errors import AnswersError, SharewizError
from sharewiz.law.findings import Finding
from sharewiz.law.knowledge import KnowledgeBase, load_knowledge
from sharewiz.law.rules import Rule, fire_rules, load_rules, rule_context, wrong_route
from sharewiz.model.conditions import expression_context, is_asked
from sharewiz.model.expressions import compile_expression
from sharewiz.model.tree import Question, QuestionTree

# Numbers with no bound in the tree are tried at these ends (a count of people's records).
_LOWEST, _HIGHEST = 0, 10**9
_DATES = (dt.date(1900, 1, 1), dt.date(2999, 12, 31))


def finding_key(finding: Finding) -> tuple[str, str]:
    """What makes two findings the same stop: the rule and what it found (its message)."""
    return finding.rule_id, finding.message


def route_rules(kind: str) -> tuple[Rule, ...]:
    """The built-in rules with `route:` that apply to `kind`."""
    return tuple(r for r in load_rules() if r.route and r.scope == "set" and r.applies_to(kind))


def settled_routes(
    tree: QuestionTree,
    answers: Mapping[str, Any],
    *,
    known: Collection[tuple[str, str]] = (),
    kb: KnowledgeBase | None = None,
) -> list[tuple[Finding, str]]:
    """The wrong-route findings the answers given so far settle, each with its right kind.

    A finding is settled when no answer still to come can take away what its rule found
    (the value of its `when`: the parties named as processors, the one-off flows): more
    may be found later, but not less.

    Args:
        tree: the question tree the answers are for.
        answers: typed answers as the wizard holds them: a question not asked yet has no
            key (an entry's field not asked yet likewise); None is an empty answer.
        known: keys (`finding_key`) of findings to leave out (already shown).
        kb: the knowledge base (the built-in one by default).
    """
    rules = route_rules(tree.id)
    if not rules:
        return []
    kb = kb or load_knowledge()
    context = rule_context(rules, answers, kb=kb)
    findings = [f for f in fire_rules(rules, context) if finding_key(f) not in known]
    fired = {f.rule_id for f in findings}
    found = {r.id: (r, _found(r, context)) for r in rules if r.id in fired}
    for variant in _answers_to_come(tree, answers) if found else ():
        try:
            probed = rule_context(rules, variant, kb=kb)
            taken = [i for i, (r, was) in found.items() if not _kept(was, _found(r, probed))]
        except (SharewizError, TypeError, ValueError, AttributeError, ArithmeticError):
            continue  # an answer the rule cannot read tells nothing about the others
        for rule_id in taken:
            del found[rule_id]
        if not found:
            break
    return wrong_route([f for f in findings if f.rule_id in found])


def rests_on(
    tree: QuestionTree,
    answers: Mapping[str, Any],
    without: Mapping[str, Any],
    found: Collection[Finding],
    *,
    kb: KnowledgeBase | None = None,
) -> bool:
    """Whether the findings `found` on `answers` rest on an answer that `without` (the
    same answers with it taken back) lacks: their rules no longer find all they found.

    A flow's volume left out still reads as "a few people", so a one-off request does
    not rest on it; it rests on the frequency ("once only").
    """
    ids = {f.rule_id for f in found}
    rules = [r for r in route_rules(tree.id) if r.id in ids]
    kb = kb or load_knowledge()
    try:
        was, now = rule_context(rules, answers, kb=kb), rule_context(rules, without, kb=kb)
        return not all(_kept(_found(r, was), _found(r, now)) for r in rules)
    except (SharewizError, TypeError, ValueError, AttributeError, ArithmeticError):
        return False  # answers the rules cannot read without it tell nothing


def _found(rule: Rule, context: dict[str, Any]) -> Any:
    """What a rule finds: the value of its `when` (the messages, for a rule per item)."""
    if rule.each:
        return [f.message for f in fire_rules([rule], context)]
    return compile_expression(rule.when).evaluate(context)


def _kept(found: Any, now: Any) -> bool:
    """Whether `now` still holds all of `found` (a list may grow; anything else stays)."""
    if isinstance(found, (list, tuple, set, frozenset)):
        return isinstance(now, (list, tuple, set, frozenset)) and all(x in now for x in found)
    return bool(now) and now == found


def _answers_to_come(tree: QuestionTree, answers: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The answers with one question still to come given one value it could take."""
    padded = dict(answers)  # entries with every field, as the wizard's conditions see them
    for group in tree.questions():
        entries = answers.get(group.id)
        if group.type != "group" or not isinstance(entries, list):
            continue
        blank = dict.fromkeys(q.id for q in group.questions)
        padded[group.id] = [{**blank, **e} if isinstance(e, Mapping) else e for e in entries]
        for number, entry in enumerate(entries):
            missing = [
                q for q in group.questions if isinstance(entry, Mapping) and q.id not in entry
            ]
            for field in missing:
                for value in _values(field):
                    changed = [*entries]
                    changed[number] = {**entry, field.id: value}
                    yield {**answers, group.id: changed}
    # The top-level questions to come are tried together, the nth value of each at once:
    # a try for each value of each question would cost an evaluation per value of dozens.
    context = expression_context(tree, padded)
    known: dict[str | None, Any] = {}
    to_come = {
        q.id: values for q in tree.questions()
        if q.id not in answers and q.type != "group" and (values := _values(q))
        and _will_be_asked(q, tree, context, known)
    }  # fmt: skip
    for n in range(max(map(len, to_come.values()), default=0)):
        yield {**answers, **{k: values[n % len(values)] for k, values in to_come.items()}}


def _will_be_asked(
    question: Question, tree: QuestionTree, context: Mapping[str, Any], known: dict[str | None, Any]
) -> bool:
    """Whether the tree asks `question` on these answers (yes, when that cannot be told yet)."""
    try:
        return is_asked(question, tree, context, known)
    except AnswersError:  # a condition over answers still to come
        return True


def _values(question: Question) -> list[Any]:
    """Values that span what an answer to `question` could be (none for a group)."""
    choices = [c.value for c in question.choices]
    kind = question.type
    if kind == "yes_no":
        return [True, False]
    if kind == "choice":
        return list(choices)
    if kind == "multi":
        return [[], choices] if choices else [[]]
    if kind == "number":
        low = question.min if question.min is not None else _LOWEST
        high = question.max if question.max is not None else _HIGHEST
        return [low, high]
    if kind == "date":
        return list(_DATES)
    if kind == "group":
        return []
    return ["", "answer"]  # text of any kind


__all__ = ["finding_key", "rests_on", "route_rules", "settled_routes"]
