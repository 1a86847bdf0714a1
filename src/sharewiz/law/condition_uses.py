"""The Art 9, Art 10, Schedule 1 and Part 3 conditions each party relies on, with their items.

A notice names several conditions, each covering the items picked for it; an agreement
names them per party, in each party's lawful basis entry (`party_bases`, all of the
party's items when none are named); a disclosure record, one for everything. An entry's
Art 9(2) condition (with its Schedule 1 condition, DPA 2018 s10(2)-(3)) applies to the
special category items it covers, its Art 10 authority (official authority, or a Schedule
1 condition, s10(5)) to the criminal offence items; a Part 3 party has its s35 and
Schedule 8 conditions instead. A condition that covers no item of its kind is not relied
on, whatever an older answers file carried over (`entry_conditions`).

Three views come from here, one reading of the entries:

- `condition_uses`: one list of condition uses the rules read whatever the kind (a fact
  of `sharewiz.law.facts`), so one rule checks every condition of every kind;
- `policy_documents`: whether each condition relied on needs an appropriate policy
  document, with the exceptions (Sch 1 para 10(2) for a disclosure to a competent
  authority; conditions whose knowledge entry says none is needed, e.g. para 13(3));
- `condition_view`: an entry as plain data for the templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sharewiz.law.arrangement import chosen_entry, party_status, statuses
from sharewiz.law.knowledge import KnowledgeBase
from sharewiz.model.arrangement import Arrangement, DataItem, PartyConditions

# The answers of a kind that states one Art 9 / Art 10 condition for everything (a
# disclosure record); an agreement states them in each party's `party_bases` entry.
_SINGLE_CONDITION_KEYS = (
    "art9_condition",
    "schedule1_condition",
    "criminal_condition",
    "criminal_schedule1_condition",
)


@dataclass(frozen=True)
class PolicyDocument:
    """Whether a condition a party relies on needs an appropriate policy document."""

    party: str
    condition: str  # the knowledge entry id
    needed: bool
    reason: str  # the provision that requires it, or the exception that lifts it
    items: tuple[str, ...] = ()  # the items the condition covers
    has: bool | None = None  # the party's answer: it has one (None: not answered)


@dataclass(frozen=True)
class EntryConditions:
    """One entry's conditions, keeping only those its items call for."""

    party: str
    items: tuple[str, ...]
    special: tuple[DataItem, ...]  # personal special category items covered
    criminal: tuple[DataItem, ...]  # personal criminal offence items covered
    art9_condition: str | None
    schedule1_condition: str | None
    criminal_condition: str | None
    criminal_schedule1_condition: str | None
    sch8_condition: str | None
    has_policy_document: bool | None
    basis: str | None = None  # the Art 6 basis (UK GDPR parties)
    part4_condition: str | None = None  # Schedule 9 (DPA 2018 Part 4 parties, s86(2)(a))
    sch10_condition: str | None = None  # Schedule 10, for sensitive processing (s86(2)(b))


def entry_conditions(
    arrangement: Arrangement, conditions: PartyConditions, kb: KnowledgeBase
) -> EntryConditions:
    """An entry's conditions as they apply: a condition with no item of its kind is dropped."""
    party = arrangement.party(conditions.party)
    regime = party_status(party, kb).regime if party is not None else None
    part3 = regime == "part3"
    outside_gdpr = regime in ("part3", "part4")  # no Art 6, 9 or 10 (UK GDPR Art 2(2)(b))
    covered = [i for i in arrangement.items if i.field in conditions.items and i.personal]
    special = tuple(i for i in covered if i.special_category)
    criminal = tuple(i for i in covered if i.criminal_offence)
    values = conditions.values

    def value(key: str, applies: bool) -> str | None:
        found = values.get(key)
        return str(found) if applies and found else None

    gdpr_special = bool(special) and not outside_gdpr
    gdpr_criminal = bool(criminal) and not outside_gdpr
    art9 = value("art9_condition", gdpr_special)
    art9_entry = chosen_entry(kb, "art9_conditions", art9)
    criminal_condition = value("criminal_condition", gdpr_criminal)
    has = values.get("appropriate_policy_document")
    return EntryConditions(
        party=conditions.party,
        items=conditions.items,
        special=special,
        criminal=criminal,
        art9_condition=art9,
        schedule1_condition=value(
            "schedule1_condition",
            art9_entry is not None and bool(art9_entry.data.get("needs_schedule1")),
        ),
        criminal_condition=criminal_condition,
        criminal_schedule1_condition=value(
            "criminal_schedule1_condition", criminal_condition == "schedule1"
        ),
        sch8_condition=value("sch8_condition", bool(special) and part3),
        has_policy_document=has if isinstance(has, bool) else None,
        basis=None if outside_gdpr else (str(values["basis"]) if values.get("basis") else None),
        part4_condition=value("part4_condition", regime == "part4"),
        sch10_condition=value("sch10_condition", regime == "part4" and bool(special or criminal)),
    )


def _to_competent_authorities(
    arrangement: Arrangement, party: str, items: tuple[str, ...], kb: KnowledgeBase
) -> bool:
    """Whether every party the items go to from `party` is a competent authority."""
    status = statuses(arrangement, kb)
    recipients = {
        f.recipient
        for f in arrangement.sent_by(party)
        if set(f.items) & set(items) and f.recipient in status
    }
    return bool(recipients) and all(status[r].competent_authority for r in recipients)


def entry_policy_documents(
    arrangement: Arrangement, entry: EntryConditions, kb: KnowledgeBase
) -> list[PolicyDocument]:
    """For each Schedule 1 or Schedule 8 condition of one entry: is a policy document needed?

    Sch 1 para 5 requires one for Part 2 conditions unless the paragraph lifts it; para
    10(2) lifts it for a disclosure to a competent authority (the knowledge entry's
    `apd_exception`), which holds only when every recipient of the items is one. Part 3
    sensitive processing always needs one (s35(5), s42).
    """
    found: list[PolicyDocument] = []
    for condition, items in (
        (entry.schedule1_condition, entry.special),
        (entry.criminal_schedule1_condition, entry.criminal),
    ):
        known = chosen_entry(kb, "schedule1_conditions", condition)
        if known is None:
            continue
        names = tuple(i.field for i in items)
        paragraph = f"Sch 1 para {known.data.get('paragraph')}"
        if not known.data.get("needs_apd"):
            needed, reason = False, f"DPA 2018 {paragraph}"
        elif known.data.get(
            "apd_exception"
        ) == "disclosure_to_competent_authority" and _to_competent_authorities(
            arrangement, entry.party, names, kb
        ):
            needed, reason = False, f"DPA 2018 {paragraph}(2)"
        else:
            needed, reason = True, "DPA 2018 Sch 1 para 5 and Part 4"
        same = next((d for d in found if d.condition == known.id), None)
        if same is not None:  # one condition for both kinds of item: one document
            found[found.index(same)] = replace(same, items=same.items + names)
            continue
        found.append(
            PolicyDocument(entry.party, known.id, needed, reason, names, entry.has_policy_document)
        )
    if entry.sch8_condition:
        names = tuple(i.field for i in entry.special)
        found.append(
            PolicyDocument(
                entry.party,
                entry.sch8_condition,
                True,
                "DPA 2018 s35(5), s42",
                names,
                entry.has_policy_document,
            )
        )
    return found


# The last arrangement's entries worked out, for every view of that one arrangement (the
# facts' condition uses, the templates' parties and policy documents): [arrangement, kb,
# party -> its entries]. Both are frozen (the knowledge base never changes once loaded),
# so what they give is the same each time.
_WORKED: list[Any] = [None, None, {}]


def worked_entries(
    arrangement: Arrangement, party: str, kb: KnowledgeBase
) -> list[tuple[PartyConditions, EntryConditions, tuple[PolicyDocument, ...]]]:
    """Each of a party's `conditions_of` with its `entry_conditions` and
    `entry_policy_documents`, worked out once per arrangement (a render builds one and
    reads it for the facts and for the templates)."""
    if _WORKED[0] is not arrangement or _WORKED[1] is not kb:
        _WORKED[:] = [arrangement, kb, {}]
    known: dict[str, Any] = _WORKED[2]
    if party not in known:
        found = []
        for conditions in arrangement.conditions_of(party):
            entry = entry_conditions(arrangement, conditions, kb)
            found.append((conditions, entry, tuple(entry_policy_documents(arrangement, entry, kb))))
        known[party] = found
    return list(known[party])


def _entries(arrangement: Arrangement, kb: KnowledgeBase) -> list[EntryConditions]:
    return [
        entry_conditions(arrangement, c, kb)
        for party in arrangement.parties
        for c in arrangement.conditions_of(party.name)
    ]


def policy_documents(arrangement: Arrangement, kb: KnowledgeBase) -> list[PolicyDocument]:
    """Every party's conditions that could need a policy document, in the parties' order."""
    return [
        d for e in _entries(arrangement, kb) for d in entry_policy_documents(arrangement, e, kb)
    ]


def condition_view(
    arrangement: Arrangement,
    conditions: PartyConditions,
    kb: KnowledgeBase,
    *,
    entry: EntryConditions | None = None,
    documents: list[PolicyDocument] | None = None,
) -> dict[str, Any]:
    """An entry as plain data for templates: its answers, with conditions that apply only.

    Adds `special_items` and `criminal_items` (the fields each condition is printed
    against) and `policy_documents` (each with `condition`, `needed`, `reason`, `has`).
    `entry` and `documents` are its `entry_conditions` and `entry_policy_documents` when
    the caller has them already.
    """
    if entry is None:
        entry = entry_conditions(arrangement, conditions, kb)
    if documents is None:
        documents = entry_policy_documents(arrangement, entry, kb)
    personal = {i.field for i in arrangement.items if i.personal}
    return {
        **conditions.values,
        # anonymous items need no basis or condition: they are not personal data
        "items": [i for i in conditions.items if i in personal or arrangement.item(i) is None],
        "special_items": [i.field for i in entry.special],
        "criminal_items": [i.field for i in entry.criminal],
        "art9_condition": entry.art9_condition,
        "schedule1_condition": entry.schedule1_condition,
        "criminal_condition": entry.criminal_condition,
        "criminal_schedule1_condition": entry.criminal_schedule1_condition,
        "sch8_condition": entry.sch8_condition,
        "part4_condition": entry.part4_condition,
        "sch10_condition": entry.sch10_condition,
        "policy_documents": [
            {"condition": d.condition, "needed": d.needed, "reason": d.reason, "has": d.has}
            for d in documents
        ],
    }


def condition_uses(
    answers: Mapping[str, Any],
    kb: KnowledgeBase,
    *,
    special_types: list[str],
    arrangement: Arrangement | None = None,
) -> list[dict[str, Any]]:
    """Each Art 9 or Art 10 condition relied on, with what it covers, for the rules.

    One mapping per condition entry (a notice's `special_conditions` and
    `criminal_conditions`, an agreement's `party_bases`), or one for a kind that states a
    single condition for everything: `party`, `items` (the special category or criminal
    offence items it covers), `special_types` (their special categories), the knowledge
    entries `art9`, `schedule1` and `criminal_schedule1`, `criminal_condition`,
    `needs_apd` (a Schedule 1 condition of it needs an appropriate policy document, after
    the exceptions of `policy_documents`) and `has_policy_document` (the answer on having
    one: the entry's own, else the document's; None when not answered). `arrangement` is
    the answers' (`arrangement_of`) when the caller built it already.
    """
    from sharewiz.model.arrangement import arrangement_of

    arrangement = arrangement_of(answers) if arrangement is None else arrangement
    uses = []
    single = {k: answers.get(k) for k in _SINGLE_CONDITION_KEYS}
    if any(single.values()):
        single["appropriate_policy_document"] = _answered(answers)
        uses.append(_single_use(arrangement, single, kb, special_types))
    for party in dict.fromkeys(c.party for c in arrangement.conditions):
        for _conditions, entry, documents in worked_entries(arrangement, party, kb):
            if not (entry.art9_condition or entry.criminal_condition):
                continue  # an Art 6 basis or a Part 3 condition only
            has = entry.has_policy_document
            if has is None:  # a notice answers it once, for all
                has = _answered(answers)
            uses.append(
                {
                    "party": party,
                    "covers": [i.field for i in entry.special + entry.criminal],
                    "special_types": list(
                        dict.fromkeys(str(i.special_category) for i in entry.special)
                    ),
                    "art9": chosen_entry(kb, "art9_conditions", entry.art9_condition),
                    "schedule1": chosen_entry(
                        kb, "schedule1_conditions", entry.schedule1_condition
                    ),
                    "criminal_condition": entry.criminal_condition,
                    "criminal_schedule1": chosen_entry(
                        kb, "schedule1_conditions", entry.criminal_schedule1_condition
                    ),
                    "needs_apd": any(d.needed for d in documents),
                    "has_policy_document": has,
                }
            )
    return uses


def _answered(answers: Mapping[str, Any]) -> bool | None:
    """The document's one answer on having an appropriate policy document, if it has one."""
    has = answers.get("appropriate_policy_document")
    return has if isinstance(has, bool) else None


def _single_use(
    arrangement: Arrangement,
    values: Mapping[str, Any],
    kb: KnowledgeBase,
    special_types: list[str],
) -> dict[str, Any]:
    """The one condition use of a kind that states its conditions once, for everything."""
    art9 = chosen_entry(kb, "art9_conditions", values.get("art9_condition"))
    schedule1 = chosen_entry(kb, "schedule1_conditions", values.get("schedule1_condition"))
    criminal_schedule1 = chosen_entry(
        kb, "schedule1_conditions", values.get("criminal_schedule1_condition")
    )
    criminal = values.get("criminal_condition")
    special = [i for i in arrangement.items if i.special_category] if art9 or schedule1 else []
    criminal_items = [i for i in arrangement.items if i.criminal_offence] if criminal else []
    return {
        "party": "",
        "covers": [i.field for i in special + criminal_items],
        "special_types": list(special_types),
        "art9": art9,
        "schedule1": schedule1,
        "criminal_condition": criminal,
        "criminal_schedule1": criminal_schedule1,
        "needs_apd": any(
            e is not None and bool(e.data.get("needs_apd")) for e in (schedule1, criminal_schedule1)
        ),
        "has_policy_document": values.get("appropriate_policy_document"),
    }


def uses_criminal_data(
    answers: Mapping[str, Any], kb: KnowledgeBase, *, arrangement: Arrangement
) -> bool:
    """Whether criminal offence data is processed under the UK GDPR, so needs the Art 10
    authority of official authority or a Schedule 1 condition (DPA 2018 s10(5)).

    A notice's or disclosure record's criminal offence data always is; an agreement's is
    not where only parties under DPA 2018 Part 3 or 4 handle it (police, probation and
    prisons sharing under MAPPA), since the UK GDPR does not apply to that processing.
    """
    items = [*(answers.get("data_items") or []), *(answers.get("data_categories") or [])]
    if not answers.get("criminal_offence_data") and not any(
        isinstance(i, Mapping)
        and (i.get("criminal_offence") or i.get("category") == "criminal_offence")
        for i in items
    ):
        return False
    found = statuses(arrangement, kb)
    handlers = [
        p
        for p in arrangement.parties
        if p.role != "processor" and any(i.criminal_offence for i in arrangement.items_of(p.name))
    ]
    return not handlers or any(found[p.name].regime == "uk_gdpr" for p in handlers)


__all__ = [
    "EntryConditions",
    "PolicyDocument",
    "condition_uses",
    "condition_view",
    "entry_conditions",
    "entry_policy_documents",
    "policy_documents",
    "uses_criminal_data",
    "worked_entries",
]
