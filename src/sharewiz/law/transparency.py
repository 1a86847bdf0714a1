"""Art 14 facts of a privacy notice: when people are told, the exceptions relied on for
each source, and what has no named source.

Derived from answers the notice already has (where the information comes from, the
sources, the recipients) and one yes/no (is the information used to contact people?),
so the deadlines in UK GDPR Art 14(3) are never typed by hand. The Art 14(5) exceptions
are answered per source (tree version 6), since each source's information may or may
not fall under one. The wording is quoted from `knowledge/art14.yaml`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sharewiz.law.knowledge import KnowledgeBase

ART14_FACTS: Mapping[str, str] = {
    "art14_timing": "When a notice covering information not obtained from the person says "
    "they are told (UK GDPR Art 14(3)): one mapping per deadline that applies, with id (an "
    "art14 knowledge entry) and conditional (true when it is not known whether it applies, "
    "so the notice words it with 'if'); empty when Art 14 does not apply.",
    "unsourced_items": "Names of the information received from others whose source the "
    "notice does not name (Art 14(2)(f)): with every item from other sources and more than "
    "one source, an item with no source picked.",
    "art14_exempt_sources": "The sources whose information people are not told about "
    "individually (Art 14(5)): one mapping per source relying on an exception, with source "
    "(its name), exemptions (art14 knowledge ids, in the knowledge base's order), law (the "
    "enactment named for points (c) and (d), or empty) and measures (the Art 14(7) measures "
    "where an exception relied on needs them, or empty).",
    "art14_exceptions_differ": "True when the sources do not all rely on the same Art 14(5) "
    "exceptions, so which source gives which information decides whether people are told.",
}

# read here rather than by a template, so `validate` does not call its question unused
ART14_ANSWERS = frozenset({"contact_from_received"})


def _indirect(answers: Mapping[str, Any]) -> bool:
    return answers.get("collected_from") in ("others", "both")


def _timing(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    if not _indirect(answers):
        return []
    timing: list[dict[str, Any]] = [{"id": "reasonable_period", "conditional": False}]
    contact = answers.get("contact_from_received")
    if contact is not False:
        # unanswered: the deadline is stated as the law states it, with its condition
        timing.append({"id": "first_communication", "conditional": contact is None})
    if answers.get("recipients"):
        timing.append({"id": "first_disclosure", "conditional": False})
    return timing


def _unsourced(answers: Mapping[str, Any]) -> list[str]:
    # Only where every item comes from elsewhere: under 'both' an item without a source
    # may be collected from the person or recorded by the service itself. With a single
    # source there is nothing to name: the sources table says where it all comes from.
    sources = answers.get("sources") or []
    if answers.get("collected_from") != "others" or len(sources) < 2:
        return []
    return [
        str(item.get("name") or "")
        for item in answers.get("data_categories") or []
        if isinstance(item, Mapping) and not item.get("from_sources")
    ]


def _exempt_sources(answers: Mapping[str, Any], kb: KnowledgeBase) -> list[dict[str, Any]]:
    if not _indirect(answers) or "art14" not in kb.collections:
        return []
    entries = kb.collection("art14")
    exemptions = [e for e in entries if e.data.get("kind") == "exemption"]
    found = []
    for source in answers.get("sources") or []:
        if not isinstance(source, Mapping):
            continue
        picked = [e for e in exemptions if e.id in (source.get("art14_exemptions") or [])]
        if not picked:
            continue
        measures = any(e.data.get("measures_required") for e in picked)
        found.append(
            {
                "source": str(source.get("name") or ""),
                "exemptions": [e.id for e in picked],
                "law": str(source.get("art14_exemption_law") or "")
                if any(e.data.get("names_law") for e in picked)
                else "",
                "measures": str(source.get("art14_exemption_measures") or "") if measures else "",
            }
        )
    return found


def _exceptions_differ(answers: Mapping[str, Any]) -> bool:
    if not _indirect(answers):
        return False
    relied = {
        tuple(sorted(source.get("art14_exemptions") or []))
        for source in answers.get("sources") or []
        if isinstance(source, Mapping)
    }
    return len(relied) > 1


def art14_facts(answers: Mapping[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    """The Art 14 facts (see `ART14_FACTS`) of one set of answers.

    Args:
        answers: typed answers of any kind; only a privacy notice's give non-empty facts.
        kb: the knowledge base, whose `art14` entries say what each exception needs.
    """
    return {
        "art14_timing": _timing(answers),
        "unsourced_items": _unsourced(answers),
        "art14_exempt_sources": _exempt_sources(answers, kb),
        "art14_exceptions_differ": _exceptions_differ(answers),
    }


__all__ = ["ART14_ANSWERS", "ART14_FACTS", "art14_facts"]
