"""Art 14 facts of a privacy notice: when people are told, and what has no named source.

Derived from answers the notice already has (where the information comes from, the
sources, the recipients) and one yes/no (is the information used to contact people?),
so the deadlines in UK GDPR Art 14(3) are never typed by hand. The wording is quoted
from `knowledge/art14.yaml`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ART14_FACTS: Mapping[str, str] = {
    "art14_timing": "When a notice covering information not obtained from the person says "
    "they are told (UK GDPR Art 14(3)): one mapping per deadline that applies, with id (an "
    "art14 knowledge entry) and conditional (true when it is not known whether it applies, "
    "so the notice words it with 'if'); empty when Art 14 does not apply.",
    "unsourced_items": "Names of the information received from others whose source the "
    "notice does not name (Art 14(2)(f)): with every item from other sources and more than "
    "one source, an item with no source picked.",
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


def art14_facts(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The Art 14 facts (see `ART14_FACTS`) of one set of answers.

    Args:
        answers: typed answers of any kind; only a privacy notice's give non-empty facts.
    """
    return {"art14_timing": _timing(answers), "unsourced_items": _unsourced(answers)}


__all__ = ["ART14_ANSWERS", "ART14_FACTS", "art14_facts"]
