"""Cross-document consistency: what one set says must agree with the others.

An information governance team's agreements, protocols and privacy notices describe the
same sharing from different sides. These rules compare them:

- PF-RECIPIENT: each organisation a party sends data to under an agreement is named
  among the recipients in that party's privacy notice.
- PF-BASIS: the lawful basis a party relies on in an agreement is one its privacy
  notice gives.
- PF-RETENTION: the retention period a party keeps in an agreement matches its notice.
- PF-SIGNATORY: every party of a Tier 2 agreement is a partner of (has signed) the
  protocol it sits under.

A party's notice is a privacy-notice set whose `controller_name` is the party's name.
Findings have the shape of `sharewiz.law.rules.Finding` (rule_id, severity, message,
citation, fix), so they print and serialise the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_DURATION = re.compile(r"\b(\d+)\s*(day|week|month|year)s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One problem, with the law (or house rule) behind it and the fix."""

    rule_id: str
    severity: str  # "error" or "warning"
    message: str
    citation: str
    fix: str

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "message": self.message,
            "citation": self.citation,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class SetFacts:
    """What the rules need of one set: its folder, kind and (effective) answers."""

    dir: Path
    kind: str
    answers: Mapping[str, Any]


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


def check_portfolio(sets: Sequence[SetFacts]) -> dict[Path, list[Finding]]:
    """Findings for each agreement set, comparing it with the portfolio's other sets."""
    notices = [s for s in sets if s.kind == "privacy-notice"]
    by_dir = {s.dir.resolve(): s for s in sets}
    results: dict[Path, list[Finding]] = {}
    for agreement in sets:
        if not agreement.answers.get("flows") and not agreement.answers.get("party_bases"):
            continue
        findings = _against_notices(agreement, notices)
        findings += _against_protocol(agreement, by_dir)
        if findings:
            results[agreement.dir] = findings
    return results


def _notice_of(party: str, notices: Sequence[SetFacts]) -> SetFacts | None:
    for notice in notices:
        if names_match(notice.answers.get("controller_name"), party):
            return notice
    return None


def _against_notices(agreement: SetFacts, notices: Sequence[SetFacts]) -> list[Finding]:
    answers = agreement.answers
    findings: list[Finding] = []
    title = answers.get("agreement_title") or agreement.dir.name
    sent: dict[str, list[str]] = {}
    for flow in answers.get("flows") or []:
        sent.setdefault(str(flow.get("from_party") or ""), []).append(
            str(flow.get("to_party") or "")
        )
    for party, receivers in sent.items():
        notice = _notice_of(party, notices)
        if notice is None:
            continue
        named = [r.get("name") for r in notice.answers.get("recipients") or []]
        for receiver in dict.fromkeys(receivers):
            if receiver and not any(names_match(receiver, n) for n in named):
                findings.append(
                    Finding(
                        "PF-RECIPIENT",
                        "warning",
                        f"{party} sends data to {receiver} under '{title}', but its privacy "
                        f"notice ({notice.dir}) does not name {receiver} as a recipient",
                        "UK GDPR Art 13(1)(e), Art 14(1)(e)",
                        f"add {receiver} to 'recipients' in {notice.dir / 'answers.yaml'}",
                    )
                )
    for entry in answers.get("party_bases") or []:
        party, basis = entry.get("party"), entry.get("basis")
        notice = _notice_of(str(party or ""), notices)
        if notice is None or not basis:
            continue
        bases = {p.get("basis") for p in notice.answers.get("purposes") or []}
        if bases and basis not in bases:
            findings.append(
                Finding(
                    "PF-BASIS",
                    "warning",
                    f"{party} relies on '{basis}' in '{title}', but its privacy notice "
                    f"({notice.dir}) gives {', '.join(sorted(str(b) for b in bases))}",
                    "UK GDPR Art 13(1)(c), Art 14(1)(c)",
                    "use the same lawful basis in the agreement and the notice",
                )
            )
    for entry in answers.get("retention") or []:
        party, period = entry.get("party"), entry.get("period")
        notice = _notice_of(str(party or ""), notices)
        if notice is None:
            continue
        agreed, told = durations(period), durations(notice.answers.get("retention_period"))
        if agreed and told and not agreed & told:
            findings.append(
                Finding(
                    "PF-RETENTION",
                    "warning",
                    f"{party} keeps the data for '{period}' under '{title}', but its privacy "
                    f"notice ({notice.dir}) gives a different period",
                    "UK GDPR Art 13(2)(a), Art 14(2)(a)",
                    "make the retention periods in the agreement and the notice agree",
                )
            )
    return findings


def _against_protocol(agreement: SetFacts, by_dir: Mapping[Path, SetFacts]) -> list[Finding]:
    from sharewiz.sets.links import protocol_dir_of

    protocol_dir = protocol_dir_of(agreement.dir, agreement.answers)
    if protocol_dir is None:
        return []
    protocol = by_dir.get(protocol_dir)
    if protocol is None:
        return []  # not in this portfolio: status reports a missing protocol separately
    partners = [p.get("name") for p in protocol.answers.get("parties") or []]
    findings = []
    for party in agreement.answers.get("parties") or []:
        if party.get("role") == "processor":
            continue  # a processor acts for a party; it does not sign the protocol
        name = party.get("name")
        if name and not any(names_match(name, p) for p in partners):
            findings.append(
                Finding(
                    "PF-SIGNATORY",
                    "error",
                    f"{name} is a party to this agreement but not a partner of the protocol "
                    f"it sits under ({protocol.dir})",
                    "sharewiz portfolio rule: a Tier 2 agreement binds only partners who "
                    "signed its Tier 1 protocol (not a statutory requirement)",
                    f"add {name} to the protocol's parties (it signs the protocol), or remove it here",
                )
            )
    return findings
