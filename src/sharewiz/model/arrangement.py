"""The arrangement: who shares what with whom, built from an agreement's typed answers.

A data sharing agreement's answers describe one arrangement: parties (each with its
role, organisation type and the regime it processes under), data items, flows between
parties (a flow naming several senders and several recipients is a flow group, every
sender to every recipient) and the conditions each party relies on for the items it
covers. Documents are views of it: the agreement states every party's conditions
against its items; each party's privacy wording lists only that party's items.

Plain data, no law: what a regime or an organisation type means is worked out in
`sharewiz.law.arrangement`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

REGIMES = ("uk_gdpr", "part3", "part4")
FREQUENCIES = ("one_off", "on_request", "scheduled")


@dataclass(frozen=True)
class Signatory:
    """A person who signs for a party, with the capacity they sign in."""

    name: str
    role: str  # senior_officer, siro, caldicott_guardian, dpo
    job_title: str = ""


@dataclass(frozen=True)
class Party:
    """An organisation in the arrangement."""

    name: str
    role: str  # controller, joint_controller, processor
    organisation_type: str = "other"
    regime: str | None = None  # None: follows from the organisation type (law decides)
    processor_for: str = ""  # the controller a processor acts for
    public_authority: bool | None = None  # as answered, where the type does not settle it
    public_authority_override: bool = False  # an exception to its type (needs a reason)
    public_authority_reason: str = ""
    rights_route: str = "central"  # own: it answers rights requests itself
    signatories: tuple[Signatory, ...] = ()


@dataclass(frozen=True)
class DataItem:
    """One data item (a field or small set of fields) shared under the arrangement."""

    field: str
    description: str = ""
    special_category: str | None = None  # the special category id, if any
    criminal_offence: bool = False
    anonymous: bool = False  # not personal data, after an identifiability assessment
    obligation: str | None = None  # statutory, contractual, voluntary (Art 13(2)(e))
    source: str = ""  # where the item comes from (Art 14(2)(f))
    source_party: str = ""  # as written; the flows say exactly who sends it to whom

    @property
    def personal(self) -> bool:
        """Whether data protection law applies to the item at all."""
        return not self.anonymous


@dataclass(frozen=True)
class Flow:
    """Items sent by one party to another (one pair of a flow group)."""

    sender: str
    recipient: str
    items: tuple[str, ...]
    method: str = ""
    frequency: str | None = None  # one_off, on_request, scheduled
    interval: str = ""
    volume: float | None = None  # people's records in each exchange
    gateways: tuple[str, ...] = ()
    other_gateway: str = ""
    start: str = ""
    end: str = ""
    group: int = 0  # the number (from 1) of the flows entry it was expanded from


@dataclass(frozen=True)
class PartyConditions:
    """What one party relies on for some of the items (all of its items when none named)."""

    party: str
    items: tuple[str, ...]
    values: Mapping[str, Any] = field(default_factory=dict)  # basis, art9_condition...


@dataclass(frozen=True)
class Arrangement:
    """Parties, items, flows and conditions of one agreement."""

    parties: tuple[Party, ...]
    items: tuple[DataItem, ...]
    flows: tuple[Flow, ...]
    conditions: tuple[PartyConditions, ...]
    subjects: str = ""
    children: bool = False

    def party(self, name: str) -> Party | None:
        """The party of that name, if there is one."""
        return next((p for p in self.parties if p.name == name), None)

    def item(self, name: str) -> DataItem | None:
        """The data item of that field name, if there is one."""
        return next((i for i in self.items if i.field == name), None)

    def items_of(self, party: str) -> list[DataItem]:
        """The items a party handles: those it supplies, sends or receives."""
        names = {i.field for i in self.items if i.source_party == party}
        for flow in self.flows:
            if party in (flow.sender, flow.recipient):
                names.update(flow.items)
        return [i for i in self.items if i.field in names]

    def sent_by(self, party: str) -> list[Flow]:
        """The flows in which the party sends data."""
        return [f for f in self.flows if f.sender == party]

    def received_by(self, party: str) -> list[Flow]:
        """The flows in which the party receives data."""
        return [f for f in self.flows if f.recipient == party]

    def unpowered_senders(self) -> list[str]:
        """The parties that send in a flow naming no legal power of its own, in order: the
        disclosers whose own power to share must be named (ICO Data Sharing Code, Annex B)."""
        return list(dict.fromkeys(f.sender for f in self.flows
                                  if not f.gateways and not f.other_gateway))  # fmt: skip

    def items_sent_by(self, party: str) -> list[DataItem]:
        """The items the party sends in any flow."""
        names = {name for f in self.sent_by(party) for name in f.items}
        return [i for i in self.items if i.field in names]

    def items_received_by(self, party: str) -> list[DataItem]:
        """The items the party receives in any flow."""
        names = {name for f in self.received_by(party) for name in f.items}
        return [i for i in self.items if i.field in names]

    def conditions_of(self, party: str) -> list[PartyConditions]:
        """The party's conditions, each with the items it covers spelled out."""
        own = [item.field for item in self.items_of(party)]
        return [
            PartyConditions(c.party, c.items or tuple(own), c.values)
            for c in self.conditions
            if c.party == party
        ]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _entries(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value or [] if isinstance(v, Mapping)]


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    return tuple(dict.fromkeys(_text(v) for v in value or [] if _text(v)))


def self_flows(value: Any) -> list[str]:
    """The flows entries (a `flows` answer) that name a party as both sender and recipient,
    as "N (party)": the pairings `expand_flows` leaves out, so a rule can say so."""
    return [f"{number} ({name})" for number, entry in enumerate(_entries(value), 1)
            for name in _names(entry.get("from_parties"))
            if name in _names(entry.get("to_parties"))]  # fmt: skip


def expand_flows(entries: Iterable[Mapping[str, Any]], items: Iterable[str]) -> list[Flow]:
    """Each flows entry as one flow per sender and recipient (never a party to itself).

    An entry naming no items sends every item of the arrangement; an entry with two
    senders and ten recipients gives twenty flows.
    """
    every = tuple(items)
    flows = []
    for number, entry in enumerate(entries, 1):
        volume = entry.get("volume")
        for sender in _names(entry.get("from_parties")):
            for recipient in _names(entry.get("to_parties")):
                if sender == recipient:
                    continue
                flows.append(
                    Flow(
                        sender=sender,
                        recipient=recipient,
                        items=_names(entry.get("items")) or every,
                        method=_text(entry.get("method")),
                        frequency=entry.get("frequency") or None,
                        interval=_text(entry.get("interval")),
                        volume=float(volume) if isinstance(volume, (int, float)) else None,
                        gateways=_names(entry.get("gateways")),
                        other_gateway=_text(entry.get("other_gateway")),
                        start=_text(entry.get("start")),
                        end=_text(entry.get("end")),
                        group=number,
                    )
                )
    return flows


def _party(entry: Mapping[str, Any], signatories: list[Signatory]) -> Party:
    authority = entry.get("public_authority")
    return Party(
        name=_text(entry.get("name")),
        role=_text(entry.get("role")) or "controller",
        organisation_type=_text(entry.get("organisation_type")) or "other",
        regime=entry.get("regime") or None,
        processor_for=_text(entry.get("processor_for")),
        public_authority=authority if isinstance(authority, bool) else None,
        public_authority_override=bool(entry.get("public_authority_override")),
        public_authority_reason=_text(entry.get("public_authority_reason")),
        rights_route=_text(entry.get("rights_route")) or "central",
        signatories=tuple(signatories),
    )


def _signatories(answers: Mapping[str, Any]) -> dict[str, list[Signatory]]:
    """Each party's signatories (its `signatories` group), then any others named for it."""
    found: dict[str, list[Signatory]] = {}
    for entry in _entries(answers.get("parties")):
        for person in _entries(entry.get("signatories")):
            found.setdefault(_text(entry.get("name")), []).append(
                Signatory(
                    _text(person.get("name")),
                    _text(person.get("role")) or "senior_officer",
                    _text(person.get("job_title")),
                )
            )
    for entry in _entries(answers.get("other_signatories")):
        found.setdefault(_text(entry.get("party")), []).append(
            Signatory(
                _text(entry.get("name")),
                _text(entry.get("capacity")) or "senior_officer",
                _text(entry.get("job_title")),
            )
        )
    return found


def _item(entry: Mapping[str, Any]) -> DataItem:
    special = entry.get("special_category")
    return DataItem(
        field=_text(entry.get("field")),
        description=_text(entry.get("description")),
        special_category=(_text(entry.get("special_category_type")) or "unspecified")
        if special
        else None,
        criminal_offence=bool(entry.get("criminal_offence")),
        anonymous=entry.get("identifiability") == "anonymous",
        obligation=entry.get("obligation") or None,
        source=_text(entry.get("source")),
        source_party=_text(entry.get("source_party")),
    )


_CONDITION_KEYS = (
    "basis",
    "legal_source",
    "rli_condition",
    "legitimate_interest",
    "gateways",
    "art9_condition",
    "schedule1_condition",
    "criminal_condition",
    "criminal_authority",
    "criminal_schedule1_condition",
    "part3_condition",
    "sch8_condition",
    "part3_authority",
    "part4_condition",
    "sch10_condition",
    "appropriate_policy_document",
)


def _value(value: Any) -> Any:
    """An answer, or None when blank (a yes/no answer of no stays False)."""
    return value if isinstance(value, bool) else value or None


def build_arrangement(answers: Mapping[str, Any]) -> Arrangement:
    """The arrangement an agreement's answers (defaults filled in) describe."""
    signatories = _signatories(answers)
    parties = tuple(
        _party(e, signatories.get(_text(e.get("name")), []))
        for e in _entries(answers.get("parties"))
    )
    items = tuple(_item(e) for e in _entries(answers.get("data_items")))
    flows = tuple(expand_flows(_entries(answers.get("flows")), (i.field for i in items)))
    conditions = tuple(
        PartyConditions(
            party=_text(e.get("party")),
            items=_names(e.get("items")),
            values={k: _value(e.get(k)) for k in _CONDITION_KEYS},
        )
        for e in _entries(answers.get("party_bases"))
    )
    return Arrangement(
        parties=parties,
        items=items,
        flows=flows,
        conditions=conditions,
        subjects=_text(answers.get("data_subjects")),
        children=bool(answers.get("involves_children")),
    )


def _notice_item(entry: Mapping[str, Any], controller: str) -> DataItem:
    category = entry.get("category")
    return DataItem(
        field=_text(entry.get("name")),
        description=_text(entry.get("examples")),
        special_category=(_text(entry.get("special_category_type")) or "unspecified")
        if category == "special_category"
        else None,
        criminal_offence=category == "criminal_offence",
        obligation=entry.get("provision") or None,
        source=", ".join(_names(entry.get("from_sources"))),
        source_party=controller,  # the controller holds every item of its notice
    )


def build_notice_arrangement(answers: Mapping[str, Any]) -> Arrangement:
    """The arrangement a privacy notice's answers describe: one controller, its items
    (the categories of information) and its conditions, each covering the items picked."""
    controller = _text(answers.get("controller_name"))
    # each purpose's Art 6 basis covers every item; each condition the items picked for it
    bases = tuple(
        PartyConditions(controller, (), {k: e.get(k) or None for k in _CONDITION_KEYS})
        for e in _entries(answers.get("purposes"))
    )
    conditions = bases + tuple(
        PartyConditions(
            party=controller,
            items=_names(e.get("items")),
            values={k: e.get(k) or None for k in _CONDITION_KEYS},
        )
        for key in ("special_conditions", "criminal_conditions")
        for e in _entries(answers.get(key))
    )
    return Arrangement(
        parties=(Party(name=controller, role="controller"),),
        items=tuple(_notice_item(e, controller) for e in _entries(answers.get("data_categories"))),
        flows=(),
        conditions=conditions,
        subjects=_text(answers.get("audience")),
        children=bool(answers.get("audience_includes_children")),
    )


def arrangement_of(answers: Mapping[str, Any]) -> Arrangement:
    """The arrangement of any kind's answers: a notice's categories, else an agreement's."""
    if "data_categories" in answers:
        return build_notice_arrangement(answers)
    return build_arrangement(answers)


__all__ = [
    "FREQUENCIES",
    "REGIMES",
    "Arrangement",
    "DataItem",
    "Flow",
    "Party",
    "PartyConditions",
    "Signatory",
    "arrangement_of",
    "build_arrangement",
    "build_notice_arrangement",
    "expand_flows",
    "self_flows",
]
