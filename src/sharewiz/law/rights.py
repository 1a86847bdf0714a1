"""Data subject rights as the law gives them: by lawful basis, and the complaint routes.

Which rights apply depends on the lawful bases relied on (UK GDPR Arts 15-21, 7(3); the
knowledge base's `lawful_bases.*.data.rights`). Worked out here once, these are derived
facts (`sharewiz.law.facts`): rules read them, and templates print them (`facts.rights`),
so a privacy notice, its summary and its young people's version say the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sharewiz.law.knowledge import Entry, KnowledgeBase

# Art 7(3): consent can be withdrawn, and so can the explicit consent of Art 9(2)(a).
_EXPLICIT_CONSENT = "explicit_consent"


def rights_by_basis(
    bases: Sequence[Any],
    answers: Mapping[str, Any],
    kb: KnowledgeBase,
    *,
    art9_ids: Sequence[str] = (),
) -> dict[str, dict[str, Any]]:
    """For each right any lawful basis can give, whether and under which bases it applies.

    Args:
        bases: the lawful basis ids relied on, in order.
        answers: the answers (for a single Art 9(2)(a) explicit consent condition).
        kb: the knowledge base holding each basis's rights.
        art9_ids: the Art 9(2) conditions relied on, where there are several.

    Returns:
        right id -> {applies, under (basis ids, plus explicit_consent for withdrawing an
        explicit consent), limited (bases giving it only in limited circumstances),
        everywhere (whether every basis relied on gives it)}.
    """
    known = kb.collection("lawful_bases") if "lawful_bases" in kb.collections else None
    entries = [known[str(b)] for b in bases if known is not None and str(b) in known]
    every_basis: Iterable[Entry] = known if known is not None else ()
    # every right any basis can give, so a template may ask about one no basis here gives
    right_ids = list(dict.fromkeys(r for e in every_basis for r in e.data.get("rights", {})))
    rights: dict[str, dict[str, Any]] = {}
    for right in right_ids:
        under = [e.id for e in entries if e.data.get("rights", {}).get(right)]
        limited = [e.id for e in entries if e.data.get("rights", {}).get(right) == "limited"]
        everywhere = len(under) == len(bases)
        explicit = _EXPLICIT_CONSENT in (answers.get("art9_condition"), *art9_ids)
        if right == "withdraw_consent" and explicit and "consent" not in under:
            under.append(_EXPLICIT_CONSENT)
        rights[right] = {"applies": bool(under), "under": under, "limited": limited,
                         "everywhere": everywhere}  # fmt: skip
    return rights


def regulator(kb: KnowledgeBase) -> dict[str, Any]:
    """The regulator's contact details (name, address, phone, complaint URL)."""
    entry = _right(kb, "complaint_to_ico")
    return dict(entry.data) if entry is not None else {}


def complaints_law_in_force(answers: Mapping[str, Any], kb: KnowledgeBase) -> bool:
    """Whether the duty to handle complaints (DPA 2018 s164A) is in force on the document date.

    Without a document date the law in force now applies.
    """
    entry = _right(kb, "complaint_to_controller")
    start = str(entry.data.get("in_force_from", "")) if entry is not None else ""
    document_date = answers.get("document_date")
    return document_date is None or str(document_date) >= start  # ISO dates compare as text


def _right(kb: KnowledgeBase, right_id: str) -> Entry | None:
    if "rights" not in kb.collections or right_id not in kb.collection("rights"):
        return None
    return kb.collection("rights")[right_id]


__all__ = ["complaints_law_in_force", "regulator", "rights_by_basis"]
