"""Who is involved, derived from the kinds of organisation: public authority status and
the statutory gateways each organisation relies on, checked against their limits.

Public authority status follows the law (DPA 2018 s7), so it is worked out from the
kind of organisation (`knowledge/organisation_types.yaml`), not taken from a yes/no
answer. Where the kind does not settle it ("other", or no kind given) the answer to the
"is it a public authority?" question is used; where it does, an organisation can be an
exception only by saying why (the override and its reason). The rule is
`sharewiz.model.public_authority`, which the question trees read too (the
`is_public_authority` filter), so the wizard counts an exception exactly as the checks do.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sharewiz.law.knowledge import KnowledgeBase
from sharewiz.model.expressions import postcode_area
from sharewiz.model.public_authority import public_authority_status, settled_status

# (name, kind, declared status, override, reason) answers of a kind's one organisation
_SINGLE = (
    ("controller_name", "controller_type", "public_authority", "public_authority_override",
     "public_authority_reason"),  # privacy notice
    ("discloser_name", "discloser_type", "discloser_public_authority",
     "discloser_public_authority_override", "discloser_public_authority_reason"),  # disclosure
)  # fmt: skip
# the same answers inside each `parties` item (agreement, protocol)
_PARTY = ("name", "organisation_type", "public_authority", "public_authority_override",
          "public_authority_reason")  # fmt: skip
# where an organisation is: a party's address, or a notice's controller's
_ADDRESSES = ("address", "controller_address")
# the answers read here (see `sharewiz.law.facts.ANSWERS_READ`)
ORGANISATION_ANSWERS = frozenset(
    {key for keys in (*_SINGLE, _PARTY) for key in keys} | set(_ADDRESSES)
)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _organisation(
    kb: KnowledgeBase, source: Mapping[str, Any], keys: tuple[str, ...]
) -> dict[str, Any]:
    name, kind, declared, override, reason = (source.get(key) for key in keys)
    settled = settled_status(kb, kind)
    public, overridden = public_authority_status(kb, kind, declared, override, reason)
    return {
        "name": _text(name),
        "organisation_type": kind or None,
        "public_authority": bool(public),
        "settled_by_type": settled,
        "override_reason": _text(reason) if overridden else "",
    }


def organisations(answers: Mapping[str, Any], kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Each organisation involved, with its derived public authority status.

    Each is a mapping: name, organisation_type, public_authority (derived),
    settled_by_type (the kind's status, None where the kind does not settle it) and
    override_reason (why it is an exception to its kind, or "").
    """
    found = []
    for keys in _SINGLE:
        if any(answers.get(key) not in (None, "") for key in keys[:3]):
            found.append(_organisation(kb, answers, keys))
    for party in answers.get("parties") or []:
        if isinstance(party, Mapping):
            found.append(_organisation(kb, party, _PARTY))
    return found


def _addresses(answers: Mapping[str, Any]) -> dict[str, str]:
    """Each organisation's address by lower-cased name (a notice's controller, the parties)."""
    found = {}
    if answers.get("controller_name"):
        found[_text(answers["controller_name"]).lower()] = _text(answers.get("controller_address"))
    for party in answers.get("parties") or []:
        if isinstance(party, Mapping) and party.get("name"):
            found[_text(party["name"]).lower()] = _text(party.get("address"))
    return found


def _nation(kb: KnowledgeBase, address: str | None) -> str | None:
    """The nation an address's postcode is in, where its area tells: a `jurisdictions`
    entry ('scotland', 'northern_ireland'), 'wales' for an area England and Wales's entry
    lists as wholly Welsh (Cardiff CF, Swansea SA), else None.

    England and Wales share postcode areas across the border, so only those areas tell
    them apart: a gateway for England only is judged against a Swansea address, not
    against one in Chester's or Shrewsbury's area.
    """
    area = postcode_area(address)
    if not area or "jurisdictions" not in kb.collections:
        return None
    for entry in kb.collection("jurisdictions").entries:
        if area in (entry.data.get("postcode_areas") or ()):
            return entry.id
        if area in (entry.data.get("wales_postcode_areas") or ()):
            return "wales"
    return None


def _gateway_sources(answers: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(organisation name, gateway id) for every gateway an answer relies on."""
    if answers.get("route") == "gateway" and answers.get("gateway"):  # disclosure decision
        yield _text(answers.get("discloser_name")), answers["gateway"]
    for item in answers.get("party_bases") or []:  # data sharing agreement
        if isinstance(item, Mapping):
            for gateway in item.get("gateways") or []:
                yield _text(item.get("party")), gateway
    for flow in answers.get("flows") or []:  # a flow's gateways: each sender's power to
        if isinstance(flow, Mapping):  # disclose (ICO Data Sharing Code, Annex B)
            for gateway in flow.get("gateways") or []:
                senders = flow.get("from_parties")
                for sender in senders if isinstance(senders, list) and senders else [""]:
                    yield _text(sender), gateway
    for purpose in answers.get("purposes") or []:  # privacy notice
        if isinstance(purpose, Mapping):
            for gateway in purpose.get("gateways") or []:
                yield _text(answers.get("controller_name")), gateway
    for gateway in answers.get("gateways") or []:  # protocol: partners in general
        yield "", gateway


def gateway_uses(
    answers: Mapping[str, Any],
    kb: KnowledgeBase,
    orgs: list[dict[str, Any]],
    special_category_types: list[str],
) -> list[dict[str, Any]]:
    """Each gateway relied on, with who relies on it and what it may be used for.

    Each is a mapping: gateway (id), title, party, organisation_type, public_authority,
    party_types (the kinds of organisation the gateway is for, empty if any),
    party_type_allowed (False when the party's kind is not one of them, None when
    unknown), personal_data (False when the gateway covers only depersonalised
    information), special_category_types (of the data shared), nations (the parts of
    the UK the gateway extends to, empty if not recorded), party_nation (Scotland,
    Northern Ireland or Wales from the party's postcode, or for a protocol's gateways from every
    partner's, else None) and nation_allowed (False
    when the gateway does not extend there, None when either is unknown).
    """
    if "gateways" not in kb.collections:
        return []
    entries = kb.collection("gateways")
    by_name = {org["name"].lower(): org for org in orgs}
    addresses = _addresses(answers)
    # a protocol's gateways belong to no one partner: they are judged where every
    # partner is, when all the partners' postcodes are in the same nation
    everyone = {_nation(kb, address) for address in addresses.values()}
    shared_nation = everyone.pop() if len(everyone) == 1 else None
    uses = []
    for party, gateway in _gateway_sources(answers):
        if str(gateway) not in entries:
            continue
        entry = entries[str(gateway)]
        org = by_name.get(party.lower(), {})
        kind = org.get("organisation_type")
        allowed_types = list(entry.data.get("party_types") or [])
        allowed = None if not (allowed_types and kind) else kind in allowed_types
        nations = [str(n) for n in entry.data.get("nations") or []]
        nation = _nation(kb, addresses.get(party.lower())) if party else shared_nation
        nation_allowed = None if not (nations and nation) else nation in nations
        uses.append(
            {
                "gateway": entry.id,
                "title": entry.title,
                "party": party,
                "organisation_type": kind,
                "public_authority": org.get("public_authority"),
                "party_types": allowed_types,
                "party_type_allowed": allowed,
                "personal_data": entry.data.get("personal_data", True),
                "nations": nations,
                "party_nation": nation,
                "nation_allowed": nation_allowed,
                "special_category_types": list(special_category_types),
            }
        )
    return uses


__all__ = ["ORGANISATION_ANSWERS", "gateway_uses", "organisations", "settled_status"]
