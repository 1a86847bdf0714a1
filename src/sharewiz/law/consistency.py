"""Cross-document consistency: what one set says must agree with the others.

An information governance team's agreements, protocols and privacy notices describe the
same sharing from different sides. The rules that compare them are data like every
other rule (`knowledge/rules/portfolio.yaml`, `scope: portfolio`); this module gives
them what they compare: the portfolio facts of one set (`PORTFOLIO_FACTS`), worked out
from plain data about every set.

A party's notice is a privacy-notice set whose `controller_name` is the party's name.
Which protocol a set sits under is worked out by the caller (`sharewiz.sets.links`) and
handed in as `SetFacts.protocol_dir`, so this layer never reads folders.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharewiz.law.findings import Finding
from sharewiz.law.knowledge import KnowledgeBase, load_knowledge
from sharewiz.law.rules import Rule, fire_rules, load_rules, rule_context
from sharewiz.model.arrangement import expand_flows

NOTICE_KIND = "privacy-notice"
_ANSWERS_NAME = "answers.yaml"
_DURATION = re.compile(r"\b(\d+)\s*(day|week|month|year)s?\b", re.IGNORECASE)

PORTFOLIO_FACTS: Mapping[str, str] = {
    "set_dir": "The set's folder.",
    "notice_flows": "One mapping per organisation a party sends data to (`flows`) where the "
    "sending party has a privacy notice in the portfolio: party, receiver, notice (its "
    "folder), notice_file (its answers file), named (whether the notice names the receiver "
    "among its recipients).",
    "notice_bases": "One mapping per lawful basis a party relies on (`party_bases`) where the "
    "party has a privacy notice: party, basis, notice, notice_bases (the bases the notice gives).",
    "notice_retention": "One mapping per retention period a party keeps (`retention`) where the "
    "party has a privacy notice: party, period, notice, periods_agreed and periods_told "
    "(e.g. '6 year'), same_period (whether the two share a period).",
    "protocol_parties": "One mapping per party when the set's protocol (Tier 1) is in the "
    "portfolio: name, role, protocol (its folder), signed (whether it is a partner of the "
    "protocol).",
}


@dataclass(frozen=True)
class SetFacts:
    """What the rules need of one set: its folder, kind, (effective) answers, protocol."""

    dir: Path
    kind: str
    answers: Mapping[str, Any]
    protocol_dir: Path | None = None


def normalise(name: Any) -> str:
    """An organisation name for comparison: case, spacing and a leading 'the' ignored."""
    text = " ".join(str(name or "").casefold().split())
    return text[4:] if text.startswith("the ") else text


def names_match(a: Any, b: Any) -> bool:
    """Whether two names are the same organisation (one contains the other)."""
    left, right = normalise(a), normalise(b)
    return bool(left and right) and (left in right or right in left)


def durations(text: Any) -> set[tuple[int, str]]:
    """The periods a retention text gives, e.g. {(8, 'year')}."""
    return {(int(n), unit.lower()) for n, unit in _DURATION.findall(str(text or ""))}


def check_portfolio(
    sets: Sequence[SetFacts],
    *,
    kb: KnowledgeBase | None = None,
    rules: Sequence[Rule] | None = None,
    today: dt.date | None = None,
) -> dict[Path, list[Finding]]:
    """Findings of the portfolio rules for each set, comparing it with the other sets."""
    kb = kb or load_knowledge()
    rules = [r for r in (load_rules() if rules is None else rules) if r.scope == "portfolio"]
    results: dict[Path, list[Finding]] = {}
    for one in sets:
        applicable = [rule for rule in rules if rule.applies_to(one.kind)]
        if not applicable:
            continue
        extra = portfolio_facts(one, sets)
        context = rule_context(applicable, one.answers, kb=kb, today=today, extra=extra)
        findings = fire_rules(applicable, context)
        if findings:
            results[one.dir] = findings
    return results


def portfolio_facts(one: SetFacts, sets: Sequence[SetFacts]) -> dict[str, Any]:
    """The portfolio facts (see `PORTFOLIO_FACTS`) of one set among `sets`."""
    notices = [s for s in sets if s.kind == NOTICE_KIND]
    answers = one.answers
    return {
        "set_dir": one.dir,
        "notice_flows": _notice_flows(answers, notices),
        "notice_bases": _notice_bases(answers, notices),
        "notice_retention": _notice_retention(answers, notices),
        "protocol_parties": _protocol_parties(one, sets),
    }


def _items(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value or [] if isinstance(v, Mapping)]


def _notice_of(party: Any, notices: Sequence[SetFacts]) -> SetFacts | None:
    for notice in notices:
        if names_match(notice.answers.get("controller_name"), party):
            return notice
    return None


def _notice_flows(answers: Mapping[str, Any], notices: Sequence[SetFacts]) -> list[dict[str, Any]]:
    sent: dict[str, list[str]] = {}
    for flow in expand_flows(_items(answers.get("flows")), ()):
        sent.setdefault(flow.sender, []).append(flow.recipient)
    found = []
    for party, receivers in sent.items():
        notice = _notice_of(party, notices)
        if notice is None:
            continue
        named = [r.get("name") for r in _items(notice.answers.get("recipients"))]
        for receiver in dict.fromkeys(r for r in receivers if r):
            found.append(
                {
                    "party": party,
                    "receiver": receiver,
                    "notice": notice.dir,
                    "notice_file": notice.dir / _ANSWERS_NAME,
                    "named": any(names_match(receiver, n) for n in named),
                }
            )
    return found


def _notice_bases(answers: Mapping[str, Any], notices: Sequence[SetFacts]) -> list[dict[str, Any]]:
    found = []
    for entry in _items(answers.get("party_bases")):
        party, basis = entry.get("party"), entry.get("basis")
        notice = _notice_of(str(party or ""), notices)
        if notice is None or not basis:
            continue
        given = [p.get("basis") for p in _items(notice.answers.get("purposes"))]
        found.append(
            {
                "party": party,
                "basis": basis,
                "notice": notice.dir,
                "notice_bases": sorted({str(b) for b in given if b}),
            }
        )
    return found


def _notice_retention(
    answers: Mapping[str, Any], notices: Sequence[SetFacts]
) -> list[dict[str, Any]]:
    found = []
    for entry in _items(answers.get("retention")):
        party, period = entry.get("party"), entry.get("period")
        notice = _notice_of(str(party or ""), notices)
        if notice is None:
            continue
        agreed, told = durations(period), durations(notice.answers.get("retention_period"))
        found.append(
            {
                "party": party,
                "period": period,
                "notice": notice.dir,
                "periods_agreed": sorted(f"{n} {unit}" for n, unit in agreed),
                "periods_told": sorted(f"{n} {unit}" for n, unit in told),
                "same_period": bool(agreed & told),
            }
        )
    return found


def _protocol_parties(one: SetFacts, sets: Sequence[SetFacts]) -> list[dict[str, Any]]:
    if one.protocol_dir is None:
        return []
    protocol = next((s for s in sets if s.dir == one.protocol_dir), None)
    if protocol is None:
        return []  # not in this portfolio: status reports a missing protocol separately
    partners = [p.get("name") for p in _items(protocol.answers.get("parties"))]
    return [
        {
            "name": party.get("name"),
            "role": party.get("role"),
            "protocol": protocol.dir,
            "signed": any(names_match(party.get("name"), p) for p in partners),
        }
        for party in _items(one.answers.get("parties"))
    ]


__all__ = [
    "PORTFOLIO_FACTS",
    "SetFacts",
    "check_portfolio",
    "durations",
    "names_match",
    "normalise",
    "portfolio_facts",
]
