"""A rule's findings reused while the values it reads are the same as the last time it ran.

A rule's findings depend only on the values of the names it reads (`Rule.names`: those
of its `when`, `each`, message and fix). The sets of a batch made from one base answers
file give most rules exactly the same values (a row changes a few answers and the facts
derived from them). So each name keeps a copy of the last value seen for it, numbered
(a new number whenever the value is not the same), and each rule the numbers of the
values it last ran over, with its findings: over the same values again it is not
evaluated again. Each value is compared and copied once per context, not once per rule.

"The same" is strict, so nothing printed can differ (`sharewiz.model.sameness`). The
values are copied when kept, so a list changed in place after a rule ran is seen as
changed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sharewiz.law.findings import Finding
from sharewiz.model.sameness import ABSENT, kept, same

if TYPE_CHECKING:
    from sharewiz.law.rules import Rule

_LIMIT = 4096  # names or rules kept; emptied when full (custom rules are loaded per command)

# name, or (name, fields) for a part of its value -> (a copy of the last value seen for
# it, that value's number)
_seen: dict[Any, tuple[Any, int]] = {}
_numbers = itertools.count(1)
# id(rule) -> (the rule, its names in order, their values' numbers when it last ran, its
# findings, the numbers of the parts of values its condition's truth depends on)
_last: dict[
    int, tuple[Rule, tuple[str, ...], tuple[int, ...], tuple[Finding, ...], tuple[int, ...]]
] = {}


def fire_reusing(
    rules: Sequence[Rule],
    context: dict[str, Any],
    fire: Callable[[Rule, dict[str, Any]], list[Finding]],
) -> list[Finding]:
    """`fire(rule, context)` for each rule in turn, or the findings it gave the last time
    it ran, where every value it reads is the same as then; or none, where it found
    nothing the last time and the parts of values its condition's truth depends on
    (`sharewiz.model.footprint`) are the same as then."""
    numbers = {name: _number(name, context.get(name, ABSENT)) for name in names_read(rules)}
    parts: dict[tuple[str, frozenset[str] | None], int] = {}  # numbered once per context
    findings: list[Finding] = []
    for rule in rules:
        known = _last.get(id(rule))
        if known is not None and known[0] is not rule:
            known = None
        order = known[1] if known is not None else tuple(sorted(rule.names))
        stamp = tuple(numbers[name] for name in order)
        if known is not None and known[2] == stamp:
            findings.extend(known[3])
            continue
        truth = _truth_stamp(rule, context, numbers, parts)
        if known is not None and not known[3] and truth and known[4] == truth:
            continue  # found nothing over the same parts: finds nothing again
        fired = tuple(fire(rule, context))
        if len(_last) >= _LIMIT:
            _last.clear()
        _last[id(rule)] = (
            rule,
            order,
            stamp,
            fired,
            truth,
        )  # the rule kept alive: its id stays its
        findings.extend(fired)
    return findings


# id(rule) -> (the rule, kept alive; its condition's footprint in name order, or None)
_FOOTPRINTS: dict[int, tuple[Rule, tuple[tuple[str, frozenset[str] | None], ...] | None]] = {}


def _truth_stamp(
    rule: Rule,
    context: Mapping[str, Any],
    numbers: Mapping[str, int],
    parts: dict[tuple[str, frozenset[str] | None], int],
) -> tuple[int, ...]:
    """The numbers of the parts of values the truth of the rule's condition (over each
    item of its `each`) depends on; () when that cannot be told."""
    from sharewiz.model.footprint import project, truth_footprint

    known = _FOOTPRINTS.get(id(rule))
    if known is None or known[0] is not rule:
        found = truth_footprint(rule.when, rule.each)
        if len(_FOOTPRINTS) >= _LIMIT:
            _FOOTPRINTS.clear()
        known = _FOOTPRINTS[id(rule)] = (
            rule,
            None if found is None else tuple(sorted(found.items())),
        )
    if known[1] is None:
        return ()
    stamp = []
    for name, fields in known[1]:
        if fields is None and name in numbers:
            stamp.append(numbers[name])
            continue
        key = (name, fields)
        if key not in parts:
            parts[key] = _number(key, project(context.get(name, ABSENT), fields))
        stamp.append(parts[key])
    return tuple(stamp)


# the rules' ids -> (the rules, kept alive so their ids stay theirs; the names they read)
_NAMES: dict[tuple[int, ...], tuple[tuple[Rule, ...], frozenset[str]]] = {}


def names_read(rules: Sequence[Rule]) -> frozenset[str]:
    """Every name these rules read, worked out once per list of rules (a batch's every
    set is checked with the same rules)."""
    key = tuple(map(id, rules))
    known = _NAMES.get(key)
    if known is None:
        if len(_NAMES) >= _LIMIT:
            _NAMES.clear()
        known = _NAMES[key] = (tuple(rules), frozenset().union(*(rule.names for rule in rules)))
    return known[1]


def _number(name: Any, value: Any) -> int:
    """The number of this value of `name`: the last one's if the same, else a new one."""
    last = _seen.get(name)
    if last is not None and same(value, last[0]):
        return last[1]
    if len(_seen) >= _LIMIT:
        _seen.clear()
    number = next(_numbers)
    _seen[name] = (kept(value), number)
    return number
