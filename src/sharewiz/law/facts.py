"""Derived facts: kind-independent answers to "what is this processing?".

Each document kind asks the same legal questions in its own words (a privacy notice has
`purposes[].basis`, an agreement `party_bases[].basis`, a disclosure record
`lawful_basis`). Compliance rules read these facts instead, so one short rule serves
every kind. Facts are computed from answers alone (no question tree is needed), so a
rule can be tested with a small answers dict. `FACTS` documents each one; the names
never clash with question ids (a test keeps it so).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sharewiz.law.arrangement import arrangement_facts, chosen_entry
from sharewiz.law.condition_uses import condition_uses, uses_criminal_data
from sharewiz.law.knowledge import KnowledgeBase
from sharewiz.law.organisations import ORGANISATION_ANSWERS, gateway_uses, organisations
from sharewiz.law.research import RESEARCH_ANSWERS, RESEARCH_FACTS, research_exemption_uses
from sharewiz.law.rights import complaints_law_in_force, regulator, rights_by_basis
from sharewiz.law.transparency import ART14_ANSWERS, ART14_FACTS, art14_facts
from sharewiz.model.arrangement import Arrangement, arrangement_of

FACTS: Mapping[str, str] = {
    "is_public_authority": "True when the controller (privacy notice), any party (agreement, protocol) "
    "or the discloser (disclosure decision) is a public authority (derived, see organisations).",
    "organisations": "One mapping per organisation involved: name, organisation_type, "
    "public_authority (derived from the kind of organisation, DPA 2018 s7), settled_by_type "
    "(the kind's status, none where it depends) and override_reason (why it is an exception).",
    "public_authorities": "Names of the organisations that are public authorities (derived).",
    "basis_uses": "One mapping per use of an Art 6 basis: party, purpose, basis, legal_source, "
    "rli_condition, legitimate_interest, public_authority (of that party, derived), gateways, "
    "statutory_function (the answer to 'is this part of your statutory functions?', if asked).",
    "gateway_uses": "One mapping per statutory gateway relied on: gateway, title, party (for an agreement's "
    "data flow, each sender: the power to disclose is the discloser's), "
    "organisation_type, public_authority, party_types, party_type_allowed (false when the "
    "party's kind is outside the gateway's), personal_data (false for a gateway limited to "
    "depersonalised information), special_category_types, nations, party_nation and "
    "nation_allowed (see law/organisations).",
    "lawful_bases": "The distinct lawful basis ids relied on, in order.",
    "special_category": "True when any special category data is used (declared anywhere).",
    "special_category_types": "The special category ids named (e.g. health).",
    "special_category_hints": "Names of data categories or items whose wording suggests special "
    "category data (health, ethnicity...) that is not declared as such.",
    "has_criminal_data": "True when criminal offence data is used under the UK GDPR (Art 10).",
    "condition_uses": "One mapping per Art 9 or Art 10 condition relied on: party, covers (the "
    "special category or criminal offence items it covers), special_types, the knowledge "
    "entries art9, schedule1 and criminal_schedule1, criminal_condition, needs_apd, "
    "has_policy_document (the answer on having one, the entry's own or the document's) "
    "(see law/condition_uses).",
    "art9_ids": "The ids of the Art 9(2) conditions relied on, in order.",
    "needs_apd": "True when a Schedule 1 condition relied on needs an appropriate policy "
    "document (after the exceptions, e.g. Sch 1 para 10(2)).",
    "apd_retention": "Whether the data is retained and erased as the appropriate policy document "
    "says (DPA 2018 Sch 1 para 41(c)): 'Yes', 'No: <why>', or none when not answered.",
    "party_names": "Names of every organisation involved (parties, controller, processor, discloser).",
    "processors": "Names of parties whose role is processor.",
    "joint_controllers": "Names of parties whose role is joint controller.",
    "parties_without_basis": "Controller or joint controller parties with no lawful basis recorded.",
    "organisation_types": "The organisation types of the parties (nhs_body, police...).",
    "retention_texts": "Every retention period or deletion text given.",
    "indefinite_retention": "Words in the retention texts that mean keeping data for ever.",
    "review_overdue": "True when the review date is before today.",
    "review_too_far": "True when the review date is more than 36 months after the document "
    "date (or today, without one).",
    "transfers": "True when data goes outside the UK (international transfer).",
    "transfer": "The knowledge entry of the transfer mechanism chosen, or none.",
    "children": "True when the people concerned include children or young people.",
    "one_off": "True when a flow is a one-off request about a few people (from its frequency "
    "and volume answers, not its wording).",
    "routine_request": "True when a disclosure record's request is a regular feed, or covers "
    "more people than a one-off request (from its frequency and volume answers).",
    "one_off_flows": "Numbers (from 1) of the flows entries that are one-off requests.",
    "self_flows": "Flows entries naming a party as both sender and recipient, as 'N (party)'.",
    "unpowered_senders": "Parties that send in a flow naming no legal power of its own (no "
    "gateway, no other Act): the disclosers whose own power to share must be named.",
    "part3_with_art6": "Parties processing under DPA 2018 Part 3 that are given an Art 6 basis.",
    "part4_with_art6": "Parties processing under DPA 2018 Part 4 that are given an Art 6 basis.",
    "unmet_conditions": "Conditions a party needs for its items under its regime and lacks: "
    "party, kind (art6, art9, schedule1, art10, s35, sch8, s36_4, sch9, sch10), items (those "
    "lacking it), "
    "citation.",
    "breach_hours": "Hours within which a partner or processor must report a breach.",
    "ico_list_triggers": "Titles of ICO-list DPIA triggers that apply (criteria needing another "
    "criterion count only with one).",
    "subprocessors_abroad": "Sub-processors (with their location) whose location is not in the UK.",
    "today": "Today's date (ISO), or the date the checks were asked to run on.",
    "rights": "For each data subject right a lawful basis can give (access, erasure, "
    "object...): applies (under any basis relied on), under (the bases it applies under, "
    "with explicit_consent for withdrawing an Art 9(2)(a) explicit consent), limited (the "
    "bases it applies under only in limited circumstances), everywhere (under every basis).",
    "regulator": "The regulator's name, address, phone and complaint URL, from the knowledge "
    "base (rights.complaint_to_ico).",
    "complaints_law_in_force": "True when the document date is on or after the date the "
    "duty to handle complaints (DPA 2018 s164A) came into force (true without a date).",
    **ART14_FACTS,
    **RESEARCH_FACTS,
}

# Answers read here in Python rather than by a template or expression, so `validate`
# does not call their questions unused.
ANSWERS_READ = (
    ORGANISATION_ANSWERS
    | ART14_ANSWERS
    | RESEARCH_ANSWERS
    | {"apd_retention_followed", "apd_retention_reason"}
)

# The facts that depend on the date the checks run on, not only on the answers: a
# finding of a rule that reads none of them holds on any day (`status` reuses those).
DATED_FACTS = frozenset({"today", "review_overdue", "review_too_far"})
DATED_ANSWERS = frozenset({"review_date", "document_date"})  # what they are computed from

_LI_BASES = ("legitimate_interests", "recognised_legitimate_interest")

_INDEFINITE = re.compile(
    r"\b(indefinite(?:ly)?|for ?ever|in perpetuity|permanent(?:ly)?|"
    r"no (?:set |fixed )?(?:time )?limit|never (?:be )?(?:deleted|destroyed|erased))\b",
    re.IGNORECASE,
)
_DELETION = re.compile(r"delet|destr|eras|dispos|remov|shred", re.IGNORECASE)
_CHILDREN = re.compile(
    r"\b(child(?:ren)?|young (?:people|person)|pupils?|bab(?:y|ies)|infants?|newborns?|"
    r"under[- ]18s?|minors?|teenagers?|adolescents?)\b",
    re.IGNORECASE,
)
_SPECIAL_HINT = re.compile(
    r"\b(health(?! visit)|medical|medication|diagnos\w*|disabilit\w*|mental|ethnic\w*|racial|race|"
    r"religio\w*|sexual\w*|sex life|trade union|biometric\w*|genetic\w*|fingerprints?|DNA|"
    r"pregnan\w*)\b",
    re.IGNORECASE,
)
_UK = re.compile(
    r"\b(UK|U\.K\.|United Kingdom|England|Scotland|Wales|Northern Ireland|Great Britain|Britain)\b",
    re.IGNORECASE,
)
_CHILD_SCOPES = {"children_safeguarding", "early_help", "education"}


def _items(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value or [] if isinstance(v, Mapping)]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _unique(values: Iterable[Any]) -> list[Any]:
    seen: list[Any] = []
    for value in values:
        if value not in (None, "") and value not in seen:
            seen.append(value)
    return seen


def _use(
    party: Any, purpose: Any, source: Mapping[str, Any], basis_key: str, public: Any
) -> dict[str, Any]:
    return {
        "party": _text(party),
        "purpose": _text(purpose),
        "basis": source.get(basis_key),
        "legal_source": _text(source.get("legal_source")),
        "rli_condition": source.get("rli_condition"),
        "legitimate_interest": _text(source.get("legitimate_interest")),
        "public_authority": bool(public),
        "gateways": list(source.get("gateways") or []),
        "statutory_function": source.get("statutory_function"),
    }


def _parties(answers: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return _items(answers.get("parties"))


def _basis_uses(
    answers: Mapping[str, Any], public_by_name: Mapping[str, bool]
) -> list[dict[str, Any]]:
    uses = []

    def public(name: Any) -> bool:
        return public_by_name.get(_text(name).lower(), False)

    controller = answers.get("controller_name")
    for purpose in _items(answers.get("purposes")):  # privacy notice
        uses.append(
            _use(controller, purpose.get("description"), purpose, "basis", public(controller))
        )
    for item in _items(answers.get("party_bases")):  # data sharing agreement
        name = _text(item.get("party"))
        uses.append(_use(name, "", item, "basis", public(name)))
    if answers.get("lawful_basis"):  # disclosure decision
        discloser = answers.get("discloser_name")
        uses.append(
            _use(
                discloser, answers.get("stated_purpose"), answers, "lawful_basis", public(discloser)
            )
        )
    return uses


def _special(answers: Mapping[str, Any]) -> tuple[bool, list[str], list[str]]:
    items = _items(answers.get("data_items"))
    categories = _items(answers.get("data_categories"))  # a notice's items
    special = [c for c in categories if c.get("category") == "special_category"]
    types = [str(i["special_category_type"]) for i in items if i.get("special_category_type")]
    types += [str(c["special_category_type"]) for c in special if c.get("special_category_type")]
    flagged = bool(types) or bool(special) or bool(answers.get("special_category_data"))
    flagged = flagged or any(i.get("special_category") for i in items)
    hints: list[str] = []
    for category in categories:
        if category.get("category") == "special_category":
            continue
        # the examples count only while nothing is marked special: "ethnicity" among a
        # category's examples is then the only sign of it
        words = _text(category.get("name"))
        if not flagged:
            words += " " + _text(category.get("examples"))
        if _SPECIAL_HINT.search(words):
            hints.append(_text(category.get("name")))
    for item in items:
        # the field says what the data is; its description says why, so it is not searched
        if not item.get("special_category") and _SPECIAL_HINT.search(_text(item.get("field"))):
            hints.append(_text(item.get("field")))
    return flagged, _unique(types), hints


def _retention(answers: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    texts = [_text(answers.get("retention_period"))]
    for item in _items(answers.get("retention")):
        texts += [_text(item.get("period")), _text(item.get("deletion"))]
    texts = [t for t in texts if t]
    found = []
    for text in texts:
        for sentence in re.split(r"(?<=[.;!?])\s+|\n", text):
            for match in _INDEFINITE.finditer(sentence):
                word = match.group(1)
                if word.lower().startswith("permanent") and _DELETION.search(sentence):
                    continue  # "permanently deleted" is the opposite of keeping for ever
                found.append(word)
    return texts, _unique(found)


def dated_facts(answers: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """The facts in `DATED_FACTS`, from the review and document dates of `answers`."""
    overdue, too_far = _review(answers, today)
    return {"review_overdue": overdue, "review_too_far": too_far, "today": today.isoformat()}


def _review(answers: Mapping[str, Any], today: dt.date) -> tuple[bool, bool]:
    from sharewiz.model.expressions import add_months

    try:
        review = dt.date.fromisoformat(_text(answers.get("review_date")))
    except ValueError:
        return False, False
    try:
        start = dt.date.fromisoformat(_text(answers.get("document_date")))
    except ValueError:
        start = today
    limit = dt.date.fromisoformat(add_months(start.isoformat(), 36))
    return review < today, review > limit


def _children(answers: Mapping[str, Any]) -> bool:
    # a notice's and an agreement's own yes/no questions, then the words of the answers
    if answers.get("audience_includes_children") or answers.get("involves_children"):
        return True
    if _CHILD_SCOPES & set(answers.get("scope_areas") or []):
        return True
    if "targeting_children_vulnerable" in (answers.get("ico_triggers") or []):
        return True
    texts = (answers.get(key) for key in ("audience", "data_subjects"))
    return any(isinstance(t, str) and _CHILDREN.search(t) for t in texts)


def _ico_list_triggers(answers: Mapping[str, Any], kb: KnowledgeBase) -> list[str]:
    chosen = answers.get("ico_triggers") or []
    if not chosen or "dpia_triggers" not in kb.collections:
        return []
    triggers = kb.collection("dpia_triggers")
    has_other = bool(answers.get("wp248_criteria") or answers.get("art35_3_triggers"))
    titles = []
    for trigger_id in chosen:
        if trigger_id not in triggers:
            continue
        entry = triggers[trigger_id]
        if entry.data.get("with_other_criterion") and not has_other:
            continue
        titles.append(entry.title)
    return titles


def _apd_retention(answers: Mapping[str, Any]) -> str | None:
    followed = answers.get("apd_retention_followed")
    if followed is None:
        return None
    reason = _text(answers.get("apd_retention_reason"))
    return "Yes" if followed else ("No: " + reason if reason else "No")


def compute_facts(
    answers: Mapping[str, Any], *, kb: KnowledgeBase, today: dt.date | None = None,
    arrangement: Arrangement | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The derived facts (see `FACTS`) for one set of answers of any kind.

    Args:
        answers: typed answers (missing questions may be absent or None).
        kb: the knowledge base, for the entries behind chosen conditions.
        today: the date to judge review dates against; the real today by default.
        arrangement: the answers' arrangement, where the caller built it already.
    """
    today = today or dt.date.today()
    arrangement = arrangement_of(answers) if arrangement is None else arrangement
    parties = _parties(answers)
    orgs = organisations(answers, kb)
    uses = _basis_uses(answers, {o["name"].lower(): o["public_authority"] for o in orgs})
    lawful_bases = _unique(u["basis"] for u in uses)
    special, types, hints = _special(answers)
    texts, indefinite = _retention(answers)
    dated = dated_facts(answers, today)
    conditions = condition_uses(answers, kb, special_types=types, arrangement=arrangement)
    transfers = bool(answers.get("international_transfers") or answers.get("transfers_allowed"))
    with_basis = {u["party"].lower() for u in uses}
    found = arrangement_facts(answers, kb, arrangement=arrangement)
    breach = answers.get("breach_notify_hours", answers.get("breach_notice_hours"))
    return {
        "is_public_authority": any(o["public_authority"] for o in orgs),
        "organisations": orgs,
        "public_authorities": [o["name"] for o in orgs if o["public_authority"]],
        "basis_uses": uses,
        "gateway_uses": gateway_uses(answers, kb, orgs, types),
        "lawful_bases": lawful_bases,
        "special_category": special,
        "special_category_types": types,
        "special_category_hints": _unique(hints),
        "has_criminal_data": uses_criminal_data(answers, kb, arrangement=arrangement),
        "condition_uses": conditions,
        "art9_ids": _unique(c["art9"].id for c in conditions if c["art9"] is not None),
        "needs_apd": any(c["needs_apd"] for c in conditions),
        "apd_retention": _apd_retention(answers),
        "party_names": _unique(
            [_text(p.get("name")) for p in parties]
            + [
                _text(answers.get(k))
                for k in ("controller_name", "processor_name", "discloser_name")
            ]
        ),
        "processors": [_text(p.get("name")) for p in parties if p.get("role") == "processor"],
        "joint_controllers": [
            _text(p.get("name")) for p in parties if p.get("role") == "joint_controller"
        ],
        "parties_without_basis": [
            _text(p.get("name"))
            for p in parties
            if p.get("role") in ("controller", "joint_controller")
            and _text(p.get("name")).lower() not in with_basis
        ]
        if "party_bases" in answers
        else [],
        "organisation_types": _unique(p.get("organisation_type") for p in parties),
        "retention_texts": texts,
        "indefinite_retention": indefinite,
        "review_overdue": dated["review_overdue"],
        "review_too_far": dated["review_too_far"],
        "transfers": transfers,
        "transfer": chosen_entry(kb, "transfer_mechanisms", answers.get("transfer_mechanism"))
        if transfers
        else None,
        "children": _children(answers),
        "one_off": bool(found["one_off_flows"]),
        **found,
        "breach_hours": breach if isinstance(breach, (int, float)) else None,
        "ico_list_triggers": _ico_list_triggers(answers, kb),
        "subprocessors_abroad": [
            f"{_text(s.get('name'))} ({_text(s.get('location'))})"
            for s in _items(answers.get("subprocessors"))
            if _text(s.get("location")) and not _UK.search(_text(s.get("location")))
        ],
        "today": dated["today"],
        "rights": rights_by_basis(
            lawful_bases,
            answers,
            kb,
            art9_ids=[c["art9"].id for c in conditions if c["art9"] is not None],
        ),
        "regulator": regulator(kb),
        "complaints_law_in_force": complaints_law_in_force(answers, kb),
        **art14_facts(answers, kb),
        "research_exemption_uses": research_exemption_uses(answers, kb),
    }


__all__ = ["ANSWERS_READ", "FACTS", "compute_facts"]
