"""Each Art 9 or Art 10 condition relied on, with the items it covers, for the rules.

A notice names several conditions, each covering the items picked for it; an agreement
names them per party (`party_bases`); a disclosure record, one for everything. Rules read
one list of condition uses whatever the kind (`condition_uses`, a fact of
`sharewiz.law.facts`), so one rule checks every condition of every kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sharewiz.law.arrangement import chosen_entry, policy_documents
from sharewiz.law.knowledge import KnowledgeBase

# The answers of a kind that states one Art 9 / Art 10 condition for everything (a
# disclosure record, and an agreement until its conditions move into `party_bases`).
_SINGLE_CONDITION_KEYS = (
    "art9_condition",
    "schedule1_condition",
    "criminal_condition",
    "criminal_schedule1_condition",
)


def condition_uses(
    answers: Mapping[str, Any], kb: KnowledgeBase, *, special_types: list[str]
) -> list[dict[str, Any]]:
    """Each Art 9 or Art 10 condition relied on, with what it covers, for the rules.

    One mapping per condition entry (a notice's `special_conditions` and
    `criminal_conditions`, an agreement's `party_bases`), or one for a kind that states a
    single condition for everything: `party`, `items` (the special category or criminal
    offence items it covers), `special_types` (their special categories), the knowledge
    entries `art9`, `schedule1` and `criminal_schedule1`, `criminal_condition`, and
    `needs_apd` (a Schedule 1 condition of it needs an appropriate policy document, after
    the exceptions of `policy_documents`).
    """
    from sharewiz.model.arrangement import arrangement_of

    arrangement = arrangement_of(answers)
    single = {k: answers.get(k) for k in _SINGLE_CONDITION_KEYS}
    sources: list[tuple[str, tuple[str, ...], Mapping[str, Any]]] = []
    if any(single.values()):
        sources.append(("", (), single))
    sources += [(c.party, c.items, c.values) for c in arrangement.conditions]
    lifted = {(d.party, d.condition) for d in policy_documents(arrangement, kb) if not d.needed}
    uses = []
    for party, names, values in sources:
        art9 = chosen_entry(kb, "art9_conditions", values.get("art9_condition"))
        schedule1 = chosen_entry(kb, "schedule1_conditions", values.get("schedule1_condition"))
        criminal_schedule1 = chosen_entry(
            kb, "schedule1_conditions", values.get("criminal_schedule1_condition")
        )
        criminal = values.get("criminal_condition")
        if not (art9 or schedule1 or criminal or criminal_schedule1):
            continue  # an Art 6 basis or a Part 3 condition only
        if names:
            covered = [i for i in arrangement.items if i.field in names]
        else:
            covered = arrangement.items_of(party) if party else list(arrangement.items)
        special = [i for i in covered if i.special_category] if art9 or schedule1 else []
        criminal_items = [i for i in covered if i.criminal_offence] if criminal else []
        if names and not (special or criminal_items):
            continue  # its items are no longer special or criminal offence data
        if party or names:
            types = list(dict.fromkeys(str(i.special_category) for i in special))
        else:
            types = list(special_types)
        uses.append(
            {
                "party": party,
                "covers": [i.field for i in special + criminal_items],
                "special_types": types,
                "art9": art9,
                "schedule1": schedule1,
                "criminal_condition": criminal,
                "criminal_schedule1": criminal_schedule1,
                "needs_apd": any(
                    e is not None and bool(e.data.get("needs_apd")) and (party, e.id) not in lifted
                    for e in (schedule1, criminal_schedule1)
                ),
            }
        )
    return uses


__all__ = ["condition_uses"]
