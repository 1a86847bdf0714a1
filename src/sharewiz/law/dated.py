"""Checks that depend on the day they run on, apart from those that hold on any day.

A rule reading `today`, `review_overdue` or `review_too_far` (`DATED_FACTS`) can fire on
one day and not the next; every other rule gives the same findings for the same answers
on any day. So a render can record its findings, and `status` can reuse those of the
undated rules and judge only the dated ones again, from the few answers they read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from sharewiz.law.facts import DATED_ANSWERS, DATED_FACTS, FACTS, dated_facts
from sharewiz.law.findings import Finding
from sharewiz.law.knowledge import KnowledgeBase, load_knowledge
from sharewiz.law.rules import RULE_GLOBALS, Rule, fire_rules, load_rules


def dated_rule_ids(kind: str) -> frozenset[str]:
    """The ids of the rules for `kind` whose findings depend on the day."""
    return frozenset(rule.id for rule in _dated_rules(kind))


def dated_inputs(kind: str, answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """What the dated rules of `kind` read of `answers`, to judge them again another day.

    None when such a rule also reads another derived fact: then only a full check can
    judge it.
    """
    dated = _dated_rules(kind)
    names = set().union(*(rule.names for rule in dated)) - DATED_FACTS - RULE_GLOBALS
    if names & FACTS.keys():
        return None
    names |= DATED_ANSWERS
    return {name: answers[name] for name in sorted(names) if name in answers}


def check_dated(
    kind: str, inputs: Mapping[str, Any], *, today: dt.date, kb: KnowledgeBase | None = None
) -> list[Finding]:
    """The findings of the dated rules of `kind` as of `today`, from :func:`dated_inputs`."""
    dated = _dated_rules(kind)
    context: dict[str, Any] = dict.fromkeys(set().union(*(rule.names for rule in dated)))
    context.update(inputs)
    context.update(dated_facts(inputs, today))
    context["kb"] = kb or load_knowledge()
    return fire_rules(dated, context)


@cache
def _dated_rules(kind: str) -> tuple[Rule, ...]:
    return tuple(
        rule
        for rule in load_rules()
        if rule.scope == "set" and rule.applies_to(kind) and rule.names & DATED_FACTS
    )
