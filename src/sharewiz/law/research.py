"""The research, statistics and archiving exemptions from rights a party relies on.

DPA 2018 Sch 2 paras 27-28 (as amended by DUAA 2025 s87(2)(c)) disapply some rights to
personal data processed for research, statistics or archiving in the public interest,
to the extent that they would prevent or seriously impair those purposes, and only where
the processing follows UK GDPR Art 84B. An agreement records each use in
`research_exemptions` (party, exemption, rights), a privacy notice its controller's uses
(exemption, rights); this module works out, once, what the
law allows of each use, so the rules and the documents read the same verdict. The
exemptions themselves are data: `knowledge/research.yaml`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sharewiz.law.knowledge import KnowledgeBase

# read here rather than by a template, so `validate` does not call its question unused
RESEARCH_ANSWERS = frozenset({"research_exemptions"})

RESEARCH_FACTS: Mapping[str, str] = {
    "research_exemption_uses": "Each research or archiving exemption from rights a party "
    "relies on (DPA 2018 Sch 2 paras 27-28): party, exemption (a research knowledge id), "
    "rights (those it disapplies, in the paragraph's order), unlisted (rights named that the "
    "paragraph does not list), identifying_access (access named though results identify "
    "people, para 27(3)(b)), without_safeguards (no Art 84B safeguards recorded, or the data "
    "may be used for decisions about individuals), not_researching (the party is not among "
    "those using the data for research, archiving or statistics) and available (relied on "
    "lawfully for at least one right).",
}


def _without_safeguards(answers: Mapping[str, Any]) -> bool:
    if not answers.get("research_purposes") or not answers.get("research_safeguards"):
        return True
    # Art 84C: safeguards are not appropriate where the data may serve decisions about
    # particular people, unless it is approved medical research
    return answers.get("research_no_decisions") is False and not answers.get(
        "research_approved_medical"
    )


def research_exemption_uses(answers: Mapping[str, Any], kb: KnowledgeBase) -> list[dict[str, Any]]:
    """What the law makes of each `research_exemptions` entry (see `RESEARCH_FACTS`).

    Args:
        answers: an agreement's or a privacy notice's typed answers (a notice's uses are
            its controller's); other kinds give an empty list.
        kb: the knowledge base, whose `research` entries list what each exemption covers.
    """
    if "research" not in kb.collections:
        return []
    entries = kb.collection("research")
    researching = set(answers.get("research_parties") or [])
    # a privacy notice's uses name no party: they are its controller's, who does research
    # if the notice says so (else `without_safeguards` reports it)
    controller = str(answers.get("controller_name") or "")
    without = _without_safeguards(answers)
    uses = []
    for use in answers.get("research_exemptions") or []:
        if not isinstance(use, Mapping) or use.get("exemption") not in entries:
            continue
        entry = entries[str(use["exemption"])]
        listed = list(entry.data.get("provisions") or {})
        named = [str(r) for r in use.get("rights") or []]
        identifying = bool(use.get("identifying_results")) and bool(
            entry.data.get("identifying_results_condition")
        )
        rights = [r for r in listed if r in named and not (identifying and r == "access")]
        party = str(use.get("party") or "") if "party" in use else controller
        not_researching = "party" in use and party not in researching
        uses.append(
            {
                "party": party,
                "exemption": entry.id,
                "rights": rights,
                "unlisted": [r for r in named if r not in listed],
                "identifying_access": identifying and "access" in named,
                "without_safeguards": without,
                "not_researching": not_researching,
                "available": bool(rights) and not without and not not_researching,
            }
        )
    return uses


__all__ = ["RESEARCH_ANSWERS", "RESEARCH_FACTS", "research_exemption_uses"]
