"""What the law makes of an arrangement: status, regime and conditions per party and item.

From the organisation type (the `organisation_types` knowledge collection) follow public
authority status (DPA 2018 s7) and competent authority status (s30, Sch 7); from the
regime each party processes under follow the conditions it needs for each item:

- UK GDPR: an Art 6 basis for every personal item, an Art 9(2) condition (and a Sch 1
  condition where that needs one, DPA 2018 s10(2)-(3)) for special category items, and
  official authority or a Sch 1 condition for criminal offence items (Art 10, s10(5));
- DPA 2018 Part 3: no Art 6 basis (UK GDPR Art 2(2)(b)), a s35(2) condition for every
  item, a Sch 8 condition for sensitive processing (s35(5)), and s36(4) ("authorised by
  law") for each disclosure to a party that does not process for law enforcement.

Routing facts come from answers, not wording: a flow is one-off from its frequency and
volume (a processor is one because the role question says so: the `processors` fact).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sharewiz.law.knowledge import Entry, KnowledgeBase
from sharewiz.model.arrangement import Arrangement, DataItem, Party, self_flows
from sharewiz.model.public_authority import public_authority_status

# A one-off flow about this many people or fewer is a request about individuals, which
# is recorded as a disclosure decision (ICO Data Sharing Code, Annex B); a one-off bulk
# extract (e.g. for research) is still sharing an agreement can govern.
ONE_OFF_REQUEST_MAX_PEOPLE = 10


@dataclass(frozen=True)
class PartyStatus:
    """A party's status in law, derived from its type unless overridden with a reason."""

    public_authority: bool
    competent_authority: bool
    regime: str  # uk_gdpr, part3, part4
    overridden: bool  # the public authority answer departs from the type, with a reason


@dataclass(frozen=True)
class Need:
    """A condition a party needs for some of its items, and whether it has one."""

    party: str
    kind: str  # art6, art9, schedule1, art10, s35, sch8, s36_4, sch9, sch10
    items: tuple[str, ...]
    met: bool
    citation: str
    lacking: tuple[str, ...] = ()  # the items that lack it, when it is not met


def _type_entry(party: Party, kb: KnowledgeBase) -> Entry | None:
    if "organisation_types" not in kb.collections:
        return None
    types = kb.collection("organisation_types")
    return types[party.organisation_type] if party.organisation_type in types else None


def party_status(party: Party, kb: KnowledgeBase) -> PartyStatus:
    """Public and competent authority status and the regime, for one party.

    Public authority status is `sharewiz.model.public_authority.public_authority_status`: the
    kind settles it unless the party is an exception and says why. A competent authority
    (DPA 2018 Sch 7) processes under Part 3 unless its regime answer says otherwise.
    """
    entry = _type_entry(party, kb)
    public, overridden = public_authority_status(
        kb,
        party.organisation_type,
        party.public_authority,
        party.public_authority_override,
        party.public_authority_reason,
    )
    competent = bool(entry.data.get("competent_authority", False)) if entry else False
    regime = party.regime or ("part3" if competent else "uk_gdpr")
    return PartyStatus(bool(public), competent or regime == "part3", regime, overridden)


def toolkit_parties(arrangement: Arrangement, kb: KnowledgeBase) -> list[str]:
    """The parties the NHS Data Security and Protection Toolkit applies to.

    Every organisation with access to NHS patient data and systems must use it (NHS
    England): an NHS body always (`dspt: always` in `organisation_types`); a kind that
    uses it only with NHS data (`with_nhs_data`, e.g. a council) when it receives data
    from an NHS body in this arrangement; never police, schools, charities and the like.
    """

    def toolkit(party: Party | None) -> str:
        entry = _type_entry(party, kb) if party is not None else None
        return str(entry.data.get("dspt", "never")) if entry else "never"

    found = []
    for party in arrangement.parties:
        if party.role == "processor":
            continue
        kind = toolkit(party)
        nhs_sources = any(
            toolkit(arrangement.party(f.sender)) == "always"
            for f in arrangement.received_by(party.name)
        )
        if kind == "always" or (kind == "with_nhs_data" and nhs_sources):
            found.append(party.name)
    return found


def statuses(arrangement: Arrangement, kb: KnowledgeBase) -> dict[str, PartyStatus]:
    """Each party's status, by name."""
    return {p.name: party_status(p, kb) for p in arrangement.parties}


def _covered(arrangement: Arrangement, party: str, key: str) -> set[str]:
    """The items a party's conditions give a value for `key` (one of them is enough)."""
    covered: set[str] = set()
    for conditions in arrangement.conditions_of(party):
        if conditions.values.get(key):
            covered.update(conditions.items)
    return covered


def _need(party: str, kind: str, items: list[DataItem], covered: set[str], cite: str) -> Need:
    lacking = tuple(i.field for i in items if i.field not in covered)
    return Need(party, kind, tuple(i.field for i in items), not lacking, cite, lacking)


def party_needs(arrangement: Arrangement, party: Party, kb: KnowledgeBase) -> list[Need]:
    """Every condition a party needs for its items under its regime, met or not."""
    status = party_status(party, kb)
    items = [i for i in arrangement.items_of(party.name) if i.personal]
    if not items or party.role == "processor":
        return []  # a processor acts on its controller's conditions (Art 28)
    special = [i for i in items if i.special_category]
    criminal = [i for i in items if i.criminal_offence]
    name = party.name

    def covered(key: str) -> set[str]:
        return _covered(arrangement, name, key)

    if status.regime == "part3":
        needs = [_need(name, "s35", items, covered("part3_condition"), "DPA 2018 s35(2)")]
        if special:
            needs.append(
                _need(name, "sch8", special, covered("sch8_condition"), "DPA 2018 s35(5), Sch 8")
            )
        outward = [
            f
            for f in arrangement.sent_by(name)
            if (other := arrangement.party(f.recipient)) is not None
            and party_status(other, kb).regime != "part3"
        ]
        if outward:
            sent = [i for i in items if any(i.field in f.items for f in outward)]
            needs.append(_need(name, "s36_4", sent, covered("part3_authority"), "DPA 2018 s36(4)"))
        return needs
    if status.regime == "part4":  # intelligence services: no Art 6 basis but s86(2)
        needs = [
            _need(name, "sch9", items, covered("part4_condition"), "DPA 2018 s86(2)(a), Sch 9")
        ]
        sensitive = [i for i in items if i.special_category or i.criminal_offence]  # s86(7)
        if sensitive:
            needs.append(
                _need(
                    name,
                    "sch10",
                    sensitive,
                    covered("sch10_condition"),
                    "DPA 2018 s86(2)(b), Sch 10",
                )
            )
        return needs
    needs = [_need(name, "art6", items, covered("basis"), "UK GDPR Art 6(1)")]
    if special:
        needs.append(_need(name, "art9", special, covered("art9_condition"), "UK GDPR Art 9(2)"))
        with_sch1: set[str] = set()
        for conditions in arrangement.conditions_of(name):
            art9 = chosen_entry(kb, "art9_conditions", conditions.values.get("art9_condition"))
            if art9 is not None and art9.data.get("needs_schedule1"):
                with_sch1.update(conditions.items)
        wanting = [i for i in special if i.field in with_sch1]
        if wanting:
            needs.append(
                _need(
                    name,
                    "schedule1",
                    wanting,
                    covered("schedule1_condition"),
                    "DPA 2018 s10(2)-(3), Sch 1",
                )
            )
    if criminal:
        needs.append(
            _need(
                name,
                "art10",
                criminal,
                covered("criminal_condition"),
                "UK GDPR Art 10; DPA 2018 s10(5)",
            )
        )
    return needs


def needs(arrangement: Arrangement, kb: KnowledgeBase) -> list[Need]:
    """Every party's needs, in the order of the parties."""
    return [n for p in arrangement.parties for n in party_needs(arrangement, p, kb)]


def chosen_entry(kb: KnowledgeBase, collection: str, entry_id: Any) -> Entry | None:
    """The knowledge entry an answer names, or None (no answer, or none of that id)."""
    if not entry_id or collection not in kb.collections:
        return None
    found = kb.collection(collection)
    return found[str(entry_id)] if str(entry_id) in found else None


def contradictions(arrangement: Arrangement, kb: KnowledgeBase, regime: str = "part3") -> list[str]:
    """Parties under Part 3 (or Part 4) given an Art 6 basis: the UK GDPR does not apply to them."""
    found = []
    for party in arrangement.parties:
        if party_status(party, kb).regime != regime:
            continue
        if any(c.values.get("basis") for c in arrangement.conditions_of(party.name)):
            found.append(party.name)
    return found


def one_off_requests(arrangement: Arrangement) -> list[int]:
    """Numbers (from 1) of flows entries that are one-off requests about a few people.

    Decided from the frequency and volume answers: one-off, and about no more than
    `ONE_OFF_REQUEST_MAX_PEOPLE` people (or a volume not given).
    """
    found = []
    for flow in arrangement.flows:
        if flow.frequency != "one_off" or flow.group in found:
            continue
        if flow.volume is None or flow.volume <= ONE_OFF_REQUEST_MAX_PEOPLE:
            found.append(flow.group)
    return found


def sender_powers(arrangement: Arrangement, kb: KnowledgeBase) -> dict[int, list[dict[str, Any]]]:
    """Each sender's own legal power to share a flows entry's items, by entry number.

    A sender under the UK GDPR shares under the gateways of its conditions covering the
    items; a Part 3 sender disclosing to a party outside Part 3 under the law it names as
    authorising it (DPA 2018 s36(4)). Each sender maps to `sender`, `gateways` (ids, in
    order) and `authority` (text, or empty); a sender with neither has no power named.
    """
    regimes = {name: found.regime for name, found in statuses(arrangement, kb).items()}
    found: dict[int, dict[str, dict[str, Any]]] = {}
    for flow in arrangement.flows:
        power = found.setdefault(flow.group, {}).setdefault(
            flow.sender, {"sender": flow.sender, "gateways": [], "authority": ""}
        )
        outward = regimes.get(flow.sender) == "part3" and regimes.get(flow.recipient) != "part3"
        for conditions in arrangement.conditions_of(flow.sender):
            if not set(conditions.items) & set(flow.items):
                continue
            for gateway in conditions.values.get("gateways") or []:
                if gateway not in power["gateways"]:
                    power["gateways"].append(gateway)
            authority = conditions.values.get("part3_authority")
            if outward and authority and not power["authority"]:
                power["authority"] = str(authority)
    return {group: list(senders.values()) for group, senders in found.items()}


def arrangement_facts(
    answers: Mapping[str, Any], kb: KnowledgeBase, *, arrangement: Arrangement | None = None
) -> dict[str, Any]:
    """The facts rules read about an arrangement (see `sharewiz.law.facts`); `arrangement`
    is the answers' (`arrangement_of`) when the caller built it already."""
    from sharewiz.model.arrangement import arrangement_of

    arrangement = arrangement_of(answers) if arrangement is None else arrangement
    unmet = [n for n in needs(arrangement, kb) if not n.met]
    volume = answers.get("request_volume")
    return {
        # a disclosure record's request that is routine, or about many people
        "routine_request": answers.get("request_frequency") == "routine"
        or (isinstance(volume, (int, float)) and volume > ONE_OFF_REQUEST_MAX_PEOPLE),
        "one_off_flows": one_off_requests(arrangement),
        "self_flows": self_flows(answers.get("flows")),
        "unpowered_senders": arrangement.unpowered_senders(),
        "part3_with_art6": contradictions(arrangement, kb),
        "part4_with_art6": contradictions(arrangement, kb, "part4"),
        "unmet_conditions": [
            {"party": n.party, "kind": n.kind, "items": list(n.lacking), "citation": n.citation}
            for n in unmet
        ],
    }


def _item_data(item: DataItem) -> dict[str, Any]:
    return {
        "field": item.field,
        "personal": item.personal,
        "special_category": item.special_category,
        "criminal_offence": item.criminal_offence,
    }


def arrangement_data(
    answers: Mapping[str, Any], kb: KnowledgeBase, *, arrangement: Arrangement | None = None
) -> dict[str, Any]:
    """The arrangement an agreement's answers describe, with the law's view of each party,
    as plain data for templates (which see nothing but plain data).

    `parties` maps each name to its `regime`, `public_authority`, `competent_authority`,
    `items` (what it supplies, sends or receives), `sent_items`, `received_items`,
    `recipients`, `sources` and `conditions` (each with the `items` it covers spelled out);
    `under` maps a regime to the controller parties processing under it; `flow_count` is
    the number of sender-recipient pairs the flows entries expand to; `flow_powers` maps
    a flows entry's number (from 1) to its senders' own powers (`sender_powers`);
    `unpowered_senders` names the senders in a flow naming no power of its own; `toolkit_parties`
    names the parties the NHS Data Security and Protection Toolkit applies to.
    `arrangement` is the answers' (`arrangement_of`) when the caller built it already.
    """
    from sharewiz.law.condition_uses import PolicyDocument, condition_view, worked_entries
    from sharewiz.model.arrangement import arrangement_of

    arrangement = arrangement_of(answers) if arrangement is None else arrangement
    status = statuses(arrangement, kb)
    parties: dict[str, Any] = {}
    under: dict[str, list[str]] = {regime: [] for regime in ("uk_gdpr", "part3", "part4")}
    documents: list[PolicyDocument] = []  # every party's, in the parties' order
    for party in arrangement.parties:
        found = status[party.name]
        if party.role != "processor":
            under.setdefault(found.regime, []).append(party.name)
        views = []
        # each entry's conditions and documents worked out once, for every view
        for conditions, entry, needed in worked_entries(arrangement, party.name, kb):
            documents.extend(needed)
            views.append(
                condition_view(arrangement, conditions, kb, entry=entry, documents=list(needed))
            )
        parties[party.name] = {
            "regime": found.regime,
            "public_authority": found.public_authority,
            "competent_authority": found.competent_authority,
            "items": [_item_data(i) for i in arrangement.items_of(party.name)],
            "sent_items": [_item_data(i) for i in arrangement.items_sent_by(party.name)],
            "received_items": [_item_data(i) for i in arrangement.items_received_by(party.name)],
            "recipients": list(dict.fromkeys(f.recipient for f in arrangement.sent_by(party.name))),
            "sources": list(dict.fromkeys(f.sender for f in arrangement.received_by(party.name))),
            "conditions": views,
        }
    return {
        "parties": parties,
        "under": under,
        "flow_count": len(arrangement.flows),
        "flow_powers": sender_powers(arrangement, kb),
        "unpowered_senders": arrangement.unpowered_senders(),
        "toolkit_parties": toolkit_parties(arrangement, kb),
        "policy_documents": [
            {
                "party": d.party,
                "condition": d.condition,
                "needed": d.needed,
                "reason": d.reason,
                "items": list(d.items),
                "has": d.has,
            }
            for d in documents
        ],
    }


__all__ = [
    "ONE_OFF_REQUEST_MAX_PEOPLE",
    "arrangement_data",
    "Need",
    "PartyStatus",
    "arrangement_facts",
    "chosen_entry",
    "contradictions",
    "needs",
    "one_off_requests",
    "party_needs",
    "sender_powers",
    "party_status",
    "statuses",
    "toolkit_parties",
]
