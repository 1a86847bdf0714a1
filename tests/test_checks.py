"""Compliance checks: every rule fires and stays quiet, rules files are validated, and
the check and explain commands report correctly."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sharewiz.cli.app import app
from sharewiz.errors import KnowledgeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.law.consistency import PORTFOLIO_FACTS, SetFacts, check_portfolio
from sharewiz.law.facts import FACTS, compute_facts
from sharewiz.law.findings import FINDINGS_JSON_VERSION, SEVERITIES, has_errors
from sharewiz.law.knowledge import load_knowledge
from sharewiz.law.messages import plain_value
from sharewiz.law.rules import (
    RULE_GLOBALS,
    check_answers,
    load_rules,
    run_checks,
)
from sharewiz.model.answers_file import read_answers_file
from sharewiz.model.tree import list_kinds
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import read_answers

TODAY = dt.date(2026, 11, 25)
# What every command's JSON gives for a finding (docs/checks.md, "Findings as JSON").
FINDING_KEYS = {"rule", "severity", "message", "citation", "fix", "refs", "file", "line"}
PN = "privacy-notice"
DSA = "data-sharing-agreement"
ISP = "information-sharing-protocol"
DD = "disclosure-decision"
DPIA = "dpia-screening"
PC = "processor-contract"


def ids(kind: str, answers: dict[str, Any]) -> set[str]:
    if kind == PN:
        answers = per_item(answers)
    return {f.rule_id for f in check_answers(kind, answers, today=TODAY)}


def per_item(answers: dict[str, Any]) -> dict[str, Any]:
    """Notice answers written in short (`special_categories`, one Art 9 and one Art 10
    condition, `criminal_offence_data`) in the notice's own shape: a category of
    information per special category named, one for criminal offence data, and each
    condition an entry covering them all."""
    answers = dict(answers)
    categories = list(answers.get("data_categories") or [])
    special = [
        {
            "name": f"{kind} information",
            "category": "special_category",
            "special_category_type": kind,
        }
        for kind in answers.pop("special_categories", None) or []
    ]
    criminal = [{"name": "Offences", "category": "criminal_offence"}]
    if answers.pop("criminal_offence_data", False):
        categories += criminal
    answers["data_categories"] = categories + special
    art9 = {k: answers.pop(k) for k in ("art9_condition", "schedule1_condition") if k in answers}
    if art9:
        answers["special_conditions"] = [{"items": [c["name"] for c in special], **art9}]
    art10 = {
        k: answers.pop(k)
        for k in ("criminal_condition", "criminal_schedule1_condition")
        if k in answers
    }
    if art10:
        answers["criminal_conditions"] = [{"items": ["Offences"], **art10}]
    return answers


def purpose(basis: str, **extra: Any) -> dict[str, Any]:
    return {"description": "to assess needs", "basis": basis, **extra}


def party(name: str, role: str = "controller", **extra: Any) -> dict[str, Any]:
    return {"name": name, "role": role, **extra}


def item(field: str, **extra: Any) -> dict[str, Any]:
    return {"field": field, "description": "x", "special_category": False, **extra}


def exemption(**extra: Any) -> dict[str, Any]:
    """A party's use of a research exemption from rights (DPA 2018 Sch 2 para 27)."""
    return {"party": "Uni", "exemption": "research_statistics_exemption",
            "rights": ["access", "object"], "identifying_results": False, **extra}  # fmt: skip


# an agreement whose university relies on the research exemption as the law allows
RESEARCHING = {
    "parties": [party("Council", organisation_type="local_authority"),
                party("Uni", organisation_type="university")],
    "research_purposes": True, "research_safeguards": "pseudonymised; key kept by the council",
    "research_no_decisions": True, "research_parties": ["Uni"],
    "research_exemptions": [exemption()],
}  # fmt: skip


COUNCIL = {"controller_name": "Northshire Council", "public_authority": True}
HEALTH = {"special_categories": ["health"]}
HEALTH_ITEM = {
    "data_items": [item("Health", special_category=True, special_category_type="health")]
}
# health information a charity sends a council in an agreement
SHARED_HEALTH = {
    "data_items": [item("Health", special_category=True, special_category_type="health")],
    "flows": [{"from_parties": ["Carers Trust"], "to_parties": ["Council"], "items": ["Health"]}],
}  # fmt: skip
TRANSFER = {"international_transfers": True, "transfer_destinations": "USA"}
JOINT = {"parties": [party("A", "joint_controller"), party("B", "joint_controller")]}
ART26 = {"art26_rights_party": "A", "art26_privacy_party": "B", "art26_essence_where": "web"}
DSA_BASES = {
    "parties": [party("A", public_authority=True)],
    "party_bases": [{"party": "A", "basis": "public_task", "legal_source": "CA 2004 s10",
                     "gateways": ["children_act_2004_s10"]}],
}  # fmt: skip

TWO_SOURCES = [{"name": "Schools", "what": "x", "public": False},
               {"name": "GPs", "what": "y", "public": False}]  # fmt: skip

RESEARCH_BASES = {
    "parties": [party("Uni", organisation_type="university")],
    "data_items": [item("SEN status", special_category=True, special_category_type="health",
                        source_party="Uni")],
    "party_bases": [{"party": "Uni", "basis": "public_task", "legal_source": "research",
                     "art9_condition": "archiving_research_statistics",
                     "schedule1_condition": "research"}],
}  # fmt: skip

# (rule id, kind, answers that fire it, answers that do not)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    ("LB-PUBLIC-AUTHORITY-LI", PN,
     {**COUNCIL, "purposes": [purpose("legitimate_interests", legitimate_interest="x")]},
     {**COUNCIL, "public_authority": False,
      "purposes": [purpose("legitimate_interests", legitimate_interest="x")]}),
    ("LB-PUBLIC-AUTHORITY-LI", DSA,
     {"parties": [party("A", public_authority=True)],
      "party_bases": [{"party": "A", "basis": "legitimate_interests", "legitimate_interest": "x"}]},
     {"parties": [party("A", public_authority=False)],
      "party_bases": [{"party": "A", "basis": "legitimate_interests", "legitimate_interest": "x"}]}),
    ("LB-PUBLIC-AUTHORITY-RLI", DD,
     {"discloser_name": "Council", "discloser_public_authority": True,
      "lawful_basis": "recognised_legitimate_interest", "rli_condition": "crime"},
     {"discloser_name": "Charity", "discloser_public_authority": False,
      "lawful_basis": "recognised_legitimate_interest", "rli_condition": "crime"}),
    ("LB-LEGAL-SOURCE", PN, {**COUNCIL, "purposes": [purpose("public_task")]},
     {**COUNCIL, "purposes": [purpose("public_task", legal_source="Care Act 2014 s9")]}),
    ("LB-LEGAL-SOURCE", DD, {"lawful_basis": "legal_obligation"},
     {"lawful_basis": "legal_obligation", "legal_source": "Court order"}),
    ("LB-RLI-CONDITION", DSA,
     {"party_bases": [{"party": "C", "basis": "recognised_legitimate_interest"}]},
     {"party_bases": [{"party": "C", "basis": "recognised_legitimate_interest",
                       "rli_condition": "safeguarding_vulnerable"}]}),
    ("LB-LI-INTEREST", DD, {"lawful_basis": "legitimate_interests"},
     {"lawful_basis": "legitimate_interests", "legitimate_interest": "preventing fraud"}),
    ("LB-CONSENT-PUBLIC-AUTHORITY", PN, {**COUNCIL, "purposes": [purpose("consent")]},
     {**COUNCIL, "public_authority": False, "purposes": [purpose("consent")]}),
    ("LB-CONSENT-WITHDRAWAL", PN, {"purposes": [purpose("consent")]},
     {"purposes": [purpose("consent")], "consent_withdrawal": "email us"}),
    ("LB-CONSENT-WITHDRAWAL", PN, {**HEALTH, "art9_condition": "explicit_consent"},
     {**HEALTH, "art9_condition": "explicit_consent", "consent_withdrawal": "tell us"}),
    ("PN-PORTABILITY", PN, {"purposes": [purpose("contract")]},
     {"purposes": [purpose("public_task", legal_source="x")]}),
    ("DSA-PARTY-BASIS", DSA,
     {**DSA_BASES, "parties": [*DSA_BASES["parties"], party("B")]}, DSA_BASES),
    ("DSA-LEGAL-POWER", DSA,
     {**DSA_BASES, "party_bases": [{**DSA_BASES["party_bases"][0], "gateways": []}],
      "flows": [{"from_parties": ["A"], "to_parties": ["B"], "items": ["x"]}]},
     DSA_BASES),
    # the power to share is the discloser's: a party that only receives needs none, and
    # a flow naming its own power needs none from its sender
    ("DSA-LEGAL-POWER", DSA,
     {**DSA_BASES, "party_bases": [{**DSA_BASES["party_bases"][0], "gateways": []}],
      "flows": [{"from_parties": ["A"], "to_parties": ["B"], "items": ["x"]}]},
     {**DSA_BASES, "party_bases": [{**DSA_BASES["party_bases"][0], "gateways": []}],
      "flows": [{"from_parties": ["B"], "to_parties": ["A"], "items": ["x"]},
                {"from_parties": ["A"], "to_parties": ["B"], "items": ["x"],
                 "gateways": ["children_act_2004_s10"]}]}),
    ("SC-ART9-CONDITION", PN, HEALTH, {**HEALTH, "art9_condition": "explicit_consent"}),
    ("SC-ART9-CONDITION", DSA, {**HEALTH_ITEM, "special_category_data": False},
     {**HEALTH_ITEM, "special_category_data": True, "art9_condition": "explicit_consent"}),
    ("SC-ITEM-UNCOVERED", PN,
     {"data_categories": [{"name": "Health", "category": "special_category", "special_category_type": "health"},
                          {"name": "Faith", "category": "special_category", "special_category_type": "religious_beliefs"}],
      "special_conditions": [{"items": ["Health"], "art9_condition": "explicit_consent"}]},
     {"data_categories": [{"name": "Health", "category": "special_category", "special_category_type": "health"},
                          {"name": "Faith", "category": "special_category", "special_category_type": "religious_beliefs"}],
      "special_conditions": [{"items": ["Health", "Faith"], "art9_condition": "explicit_consent"}]}),
    ("SC-SCHEDULE1-CONDITION", PN, {**HEALTH, "art9_condition": "health_social_care"},
     {**HEALTH, "art9_condition": "health_social_care",
      "schedule1_condition": "health_social_care_purposes"}),
    ("SC-SCHEDULE1-MISMATCH", PN,
     {**HEALTH, "art9_condition": "health_social_care",
      "schedule1_condition": "safeguarding_children_individuals_at_risk"},
     {**HEALTH, "art9_condition": "health_social_care",
      "schedule1_condition": "health_social_care_purposes"}),
    ("SC-SCHEDULE1-MISMATCH", DSA,
     {**HEALTH_ITEM, "art9_condition": "substantial_public_interest",
      "schedule1_condition": "health_social_care_purposes"},
     {**HEALTH_ITEM, "art9_condition": "substantial_public_interest",
      "schedule1_condition": "safeguarding_children_individuals_at_risk"}),
    ("SC-APPROPRIATE-POLICY", PN,
     {**HEALTH, "art9_condition": "substantial_public_interest",
      "schedule1_condition": "safeguarding_children_individuals_at_risk",
      "appropriate_policy_document": False},
     {**HEALTH, "art9_condition": "substantial_public_interest",
      "schedule1_condition": "safeguarding_children_individuals_at_risk",
      "appropriate_policy_document": True}),
    ("SC-UNDECLARED", PN, {"data_categories": [{"name": "Health conditions", "examples": None}]},
     {"data_categories": [{"name": "Health conditions", "category": "special_category",
                           "special_category_type": "health"}]}),
    ("SC-UNDECLARED", DSA, {"data_items": [item("Ethnicity")]},
     {"data_items": [item("Ethnicity", special_category=True,
                          special_category_type="racial_ethnic_origin")]}),
    ("SC-HEALTH-SECRECY", PN, {**HEALTH, "art9_condition": "health_social_care"},
     {**HEALTH, "art9_condition": "explicit_consent"}),
    ("CO-ART10-AUTHORITY", PN, {"criminal_offence_data": True},
     {"criminal_offence_data": True, "criminal_condition": "official_authority"}),
    ("CO-ART10-AUTHORITY", DSA,
     {"criminal_offence_data": True, "criminal_condition": "both"},
     {"criminal_offence_data": True, "criminal_condition": "both",
      "criminal_schedule1_condition": "preventing_detecting_unlawful_acts"}),
    ("CO-SCHEDULE1-SPECIAL-ONLY", PN,
     {"criminal_offence_data": True, "criminal_condition": "schedule1",
      "criminal_schedule1_condition": "equality"},
     {"criminal_offence_data": True, "criminal_condition": "schedule1",
      "criminal_schedule1_condition": "preventing_detecting_unlawful_acts"}),
    ("DD-CONDITION", DD, {"special_category_data": True},
     {"special_category_data": True,
      "schedule1_condition": "safeguarding_children_individuals_at_risk"}),
    # criminal offence data is met by its own Schedule 1 condition (or official authority)
    ("DD-CONDITION", DD, {"criminal_offence_data": True, "criminal_condition": "schedule1"},
     {"criminal_offence_data": True, "criminal_condition": "schedule1",
      "criminal_schedule1_condition": "preventing_detecting_unlawful_acts"}),
    # explicit consent needs no Schedule 1 condition
    ("DD-CONDITION", DD, {"special_category_data": True, "art9_condition": "substantial_public_interest"},
     {"special_category_data": True, "art9_condition": "explicit_consent"}),
    ("PN-ART14-SOURCE", PN, {"collected_from": "others"},
     {"collected_from": "others", "sources": [{"name": "Schools", "what": "x", "public": False}]}),
    ("PN-ART14-ITEM-SOURCE", PN,
     {"collected_from": "others", "sources": TWO_SOURCES,
      "data_categories": [{"name": "Referral", "category": "personal"}]},
     {"collected_from": "others", "sources": TWO_SOURCES,
      "data_categories": [{"name": "Referral", "category": "personal", "from_sources": ["GPs"]}]}),
    ("PN-DPO-PUBLIC-AUTHORITY", PN, {**COUNCIL, "has_dpo": False},
     {**COUNCIL, "has_dpo": True, "dpo_email": "dpo@x.example"}),
    ("PN-DPO-CONTACT", PN, {"has_dpo": True}, {"has_dpo": True, "dpo_email": "dpo@x.example"}),
    ("PN-AUTOMATED-LOGIC", PN, {"automated_decisions": True, "automated_logic": "scores"},
     {"automated_decisions": True, "automated_logic": "scores",
      "automated_consequences": "eligibility"}),
    ("ADM-RLI", PN,
     {"automated_decisions": True,
      "purposes": [purpose("recognised_legitimate_interest", rli_condition="crime")]},
     {"automated_decisions": True, "purposes": [purpose("public_task", legal_source="x")]}),
    ("ADM-SPECIAL-CATEGORY", PN,
     {**HEALTH, "automated_decisions": True, "art9_condition": "health_social_care"},
     {**HEALTH, "automated_decisions": True, "art9_condition": "explicit_consent"}),
    ("TR-MECHANISM", PN, TRANSFER, {**TRANSFER, "transfer_mechanism": "approval_regulations"}),
    ("TR-MECHANISM", PC, {"transfers_allowed": True, "transfer_destinations": "USA"},
     {"transfers_allowed": True, "transfer_destinations": "USA",
      "transfer_mechanism": "idta_addendum"}),
    ("TR-SAFEGUARDS-COPY", PN, {**TRANSFER, "transfer_mechanism": "idta_addendum"},
     {**TRANSFER, "transfer_mechanism": "idta_addendum", "safeguards_copy": "ask us"}),
    ("TR-DEROGATION", PN, {**TRANSFER, "transfer_mechanism": "derogations"},
     {**TRANSFER, "transfer_mechanism": "approval_regulations"}),
    ("PC-TRANSFER-DESTINATIONS", PC, {"transfers_allowed": True},
     {"transfers_allowed": True, "transfer_destinations": "Ireland"}),
    ("PC-SUBPROCESSOR-ABROAD", PC,
     {"transfers_allowed": False,
      "subprocessors": [{"name": "Mailer", "service": "email", "location": "United States"}]},
     {"transfers_allowed": False,
      "subprocessors": [{"name": "Mailer", "service": "email", "location": "London, UK"}]}),
    ("DSA-PROCESSOR-PARTY", DSA, {"parties": [party("A"), party("IT Ltd", "processor")]},
     {"parties": [party("A"), party("B")]}),
    ("DSA-PROCESSOR-PARTY", ISP, {"parties": [party("IT Ltd", "processor")]},
     {"parties": [party("A")]}),
    ("DSA-JOINT-ARRANGEMENT", DSA, JOINT, {**JOINT, **ART26}),
    ("DSA-END-NOT-AFTER-START", DSA, {"start_date": "2027-04-01", "end_date": "2027-04-01"},
     {"start_date": "2027-04-01", "end_date": "2028-03-31"}),
    ("JC-SINGLE", ISP, {"parties": [party("A", "joint_controller"), party("B")]}, JOINT),
    ("ISP-JOINT-CONTROLLERS", ISP, JOINT, {"parties": [party("A"), party("B")]}),
    ("DSA-ONE-OFF", DSA,
     {"flows": [{"from_parties": ["Council"], "to_parties": ["Police"], "frequency": "one_off", "volume": 1}]},
     {"flows": [{"from_parties": ["Council"], "to_parties": ["Police"], "frequency": "one_off", "volume": 5000},
                {"from_parties": ["Council"], "to_parties": ["Police"], "frequency": "scheduled"}]}),
    ("DSA-SELF-FLOW", DSA,
     {"flows": [{"from_parties": ["Council"], "to_parties": ["Police"]},
                {"from_parties": ["Council", "Police"], "to_parties": ["Police", "School"]}]},
     {"flows": [{"from_parties": ["Council", "Police"], "to_parties": ["School"]}]}),
    ("DSA-PART3-ART6", DSA,
     {"parties": [party("Police", organisation_type="police")],
      "party_bases": [{"party": "Police", "basis": "public_task"}]},
     {"parties": [party("Police", organisation_type="police")],
      "party_bases": [{"party": "Police", "part3_condition": "s35_task"}]}),
    ("DSA-PART3-CONDITION", DSA,
     {"parties": [party("Police", organisation_type="police"), party("Council", organisation_type="local_authority")],
      "data_items": [item("Name")],
      "flows": [{"from_parties": ["Police"], "to_parties": ["Council"], "items": ["Name"]}],
      "party_bases": [{"party": "Police", "part3_condition": "s35_task"}, {"party": "Council", "basis": "public_task"}]},
     {"parties": [party("Police", organisation_type="police"), party("Council", organisation_type="local_authority")],
      "data_items": [item("Name")],
      "flows": [{"from_parties": ["Police"], "to_parties": ["Council"], "items": ["Name"]}],
      "party_bases": [{"party": "Police", "part3_condition": "s35_task", "part3_authority": "Crime and Disorder Act 1998, section 115"},
                      {"party": "Council", "basis": "public_task"}]}),
    ("DSA-PART4-ART6", DSA,
     {"parties": [party("GCHQ", organisation_type="government_department", regime="part4")],
      "party_bases": [{"party": "GCHQ", "basis": "public_task"}]},
     {"parties": [party("GCHQ", organisation_type="government_department", regime="part4")],
      "party_bases": [{"party": "GCHQ", "part4_condition": "sch9_functions"}]}),
    ("DSA-PART4-CONDITION", DSA,
     {"parties": [party("GCHQ", organisation_type="government_department", regime="part4"),
                  party("Police", organisation_type="police")],
      "data_items": [item("Name"), item("Conviction", criminal_offence=True)],
      "flows": [{"from_parties": ["Police"], "to_parties": ["GCHQ"], "items": ["Name", "Conviction"]}],
      "party_bases": [{"party": "GCHQ", "part4_condition": "sch9_functions"},
                      {"party": "Police", "part3_condition": "s35_task"}]},
     {"parties": [party("GCHQ", organisation_type="government_department", regime="part4"),
                  party("Police", organisation_type="police")],
      "data_items": [item("Name"), item("Conviction", criminal_offence=True)],
      "flows": [{"from_parties": ["Police"], "to_parties": ["GCHQ"], "items": ["Name", "Conviction"]}],
      "party_bases": [{"party": "GCHQ", "part4_condition": "sch9_functions",
                       "sch10_condition": "the Schedule 10 condition in its policy"},
                      {"party": "Police", "part3_condition": "s35_task"}]}),
    ("DSA-PARTY-CONDITION", DSA,
     {"parties": [party("Police", organisation_type="police"), party("Council", organisation_type="local_authority")],
      "data_items": [item("Name")],
      "flows": [{"from_parties": ["Police"], "to_parties": ["Council"], "items": ["Name"]}],
      "party_bases": [{"party": "Police", "part3_condition": "s35_task", "part3_authority": "Crime and Disorder Act 1998, section 115"},
                      {"party": "Council", "part3_condition": "s35_task"}]},
     {"parties": [party("Police", organisation_type="police"), party("Council", organisation_type="local_authority")],
      "data_items": [item("Name")],
      "flows": [{"from_parties": ["Police"], "to_parties": ["Council"], "items": ["Name"]}],
      "party_bases": [{"party": "Police", "part3_condition": "s35_task", "part3_authority": "Crime and Disorder Act 1998, section 115"},
                      {"party": "Council", "basis": "public_task"}]}),
    ("DSA-CALDICOTT", DSA,
     {**HEALTH_ITEM, "parties": [party("Trust", organisation_type="nhs_body")]},
     {"data_items": [item("Name")], "parties": [party("Trust", organisation_type="nhs_body")]}),
    ("ISP-CALDICOTT", ISP,
     {"caldicott": False, "parties": [party("Trust", organisation_type="nhs_body")]},
     {"caldicott": True, "parties": [party("Trust", organisation_type="nhs_body")]}),
    ("ISP-CALDICOTT", ISP, {"caldicott": False, "scope_areas": ["health_care"]},
     {"caldicott": False, "scope_areas": ["housing"]}),
    ("BREACH-HOURS", PC, {"breach_notice_hours": 72}, {"breach_notice_hours": 24}),
    ("BREACH-HOURS", DSA, {"breach_notify_hours": 96}, {"breach_notify_hours": 24}),
    ("DSA-CONFIDENTIALITY", DSA, {**HEALTH_ITEM, "confidentiality_basis": "not_confidential"},
     {**HEALTH_ITEM, "confidentiality_basis": "consent_to_disclose"}),
    ("DPIA-SPECIAL-CATEGORY", DSA, {"dpia_status": "not_required", "criminal_offence_data": True},
     {"dpia_status": "completed", "criminal_offence_data": True}),
    # the agreement's own question counts, whatever words describe the people
    ("DPIA-VULNERABLE", DSA,
     {"dpia_status": "not_required", "data_subjects": "households in temporary accommodation",
      "involves_children": True},
     {"dpia_status": "not_required", "data_subjects": "households in temporary accommodation",
      "involves_children": False}),
    ("DPIA-VULNERABLE", DSA, {"dpia_status": "not_required", "data_subjects": "children in need"},
     {"dpia_status": "not_required", "data_subjects": "adult tenants"}),
    ("DPIA-ART35-3", DPIA,
     {"decision": "no_dpia", "art35_3_triggers": ["large_scale_special_category"]},
     {"decision": "carry_out_dpia", "art35_3_triggers": ["large_scale_special_category"]}),
    ("DPIA-ICO-LIST", DPIA, {"decision": "no_dpia", "ico_triggers": ["data_matching"]},
     {"decision": "no_dpia", "ico_triggers": ["innovative_technology"]}),
    ("DPIA-ICO-LIST", DPIA,
     {"decision": "no_dpia", "ico_triggers": ["innovative_technology"],
      "wp248_criteria": ["large_scale"]},
     {"decision": "carry_out_dpia", "ico_triggers": ["innovative_technology"],
      "wp248_criteria": ["large_scale"]}),
    ("DPIA-TWO-CRITERIA", DPIA,
     {"decision": "no_dpia", "wp248_criteria": ["sensitive_data", "vulnerable_people"]},
     {"decision": "no_dpia", "wp248_criteria": ["sensitive_data"]}),
    ("DPIA-OTHER-HIGH-RISK", DPIA, {"decision": "no_dpia", "other_high_risk": True},
     {"decision": "no_dpia", "other_high_risk": False}),
    ("DPIA-DPO-ADVICE", DPIA, {"dpo_designated": True, "dpo_advice_sought": False},
     {"dpo_designated": True, "dpo_advice_sought": True}),
    ("DPIA-PRIOR-CONSULTATION", DPIA, {"residual_risk": "high", "decision": "carry_out_dpia"},
     {"residual_risk": "high", "decision": "do_not_proceed"}),
    ("DD-PREJUDICE-NOT-MET", DD,
     {"route": "sch2_para2", "prejudice_met": False,
      "provisions_disapplied": ["right_to_be_informed"]},
     {"route": "sch2_para2", "prejudice_met": True,
      "provisions_disapplied": ["right_to_be_informed"]}),
    ("DD-NOT-TOLD-WITHOUT-EXEMPTION", DD,
     {"route": "gateway", "subject_told": "not_told_prejudice"},
     {"route": "sch2_para2", "subject_told": "not_told_prejudice"}),
    ("DD-LEGAL-REQUIREMENT", DD, {"route": "sch2_para5_required"},
     {"route": "sch2_para5_required", "legal_requirement": "Court order of 1 May 2026"}),
    ("RAS-SAFEGUARDS", DSA, {"research_purposes": True, "research_no_decisions": False},
     {"research_purposes": True, "research_no_decisions": True}),
    ("RAS-SAFEGUARDS", DSA, {"research_purposes": True, "research_no_decisions": False},
     {"research_purposes": True, "research_no_decisions": False,
      "research_approved_medical": True}),
    ("RAS-ART9J-WITHOUT-SAFEGUARDS", DSA, {**RESEARCH_BASES, "research_purposes": False},
     {**RESEARCH_BASES, "research_purposes": True}),
    ("RAS-EXEMPTION-SAFEGUARDS", DSA, {**RESEARCHING, "research_safeguards": None},
     RESEARCHING),
    ("RAS-EXEMPTION-SAFEGUARDS", DSA, {**RESEARCHING, "research_no_decisions": False},
     {**RESEARCHING, "research_no_decisions": False, "research_approved_medical": True}),
    ("RAS-EXEMPTION-NOT-RESEARCHING", DSA, {**RESEARCHING, "research_parties": ["Council"]},
     {**RESEARCHING, "research_parties": ["Council", "Uni"]}),
    ("RAS-EXEMPTION-RIGHT", DSA,
     {**RESEARCHING, "research_exemptions": [exemption(rights=["access", "portability"])]},
     {**RESEARCHING, "research_exemptions": [
         exemption(exemption="archiving_exemption", rights=["access", "portability"])]}),
    ("RAS-EXEMPTION-IDENTIFYING-RESULTS", DSA,
     {**RESEARCHING, "research_exemptions": [exemption(identifying_results=True)]},
     {**RESEARCHING, "research_exemptions": [exemption(identifying_results=True, rights=["object"])]}),
    ("DD-ROUTINE", DD, {"request_frequency": "routine"},
     {"request_frequency": "occasional", "request_volume": 2}),
    ("DD-ROUTINE", DD, {"request_frequency": "one_off", "request_volume": 300},
     {"request_frequency": "one_off", "request_volume": 1}),
    ("DD-NO-ROUTE", DD, {"route": "none", "outcome": "full"},
     {"route": "none", "outcome": "refused"}),
    ("RETENTION-INDEFINITE", PN, {"retention_period": "We keep records indefinitely."},
     {"retention_period": "6 years after the case closes, then permanently deleted."}),
    ("RETENTION-INDEFINITE", DSA,
     {"retention": [{"party": "A", "period": "Kept permanently", "deletion": "n/a"}]},
     {"retention": [{"party": "A", "period": "2 years", "deletion": "shredded"}]}),
    ("REVIEW-MISSING", PN, {"review_date": None}, {"review_date": "2027-06-01"}),
    ("REVIEW-OVERDUE", PN, {"review_date": "2026-01-01"}, {"review_date": "2027-06-01"}),
    ("REVIEW-TOO-FAR", DPIA, {"document_date": "2026-01-01", "review_date": "2030-01-01"},
     {"document_date": "2026-01-01", "review_date": "2027-01-01"}),
    # issue 13: unlawful combinations (fuller tables through the CLI in test_rules_table.py)
    ("PA-OVERRIDE", PN,
     {"controller_type": "school", "public_authority_override": True,
      "public_authority_reason": "An independent school"},
     {"controller_type": "school", "public_authority_override": True}),
    ("LB-CONSENT-STATUTORY", PN,
     {**COUNCIL, "purposes": [purpose("consent", statutory_function=True)]},
     {**COUNCIL, "purposes": [purpose("consent", statutory_function=False)]}),
    ("LB-CONTRACT-STATUTORY", PN,
     {**COUNCIL, "purposes": [purpose("contract", statutory_function=True)]},
     {"purposes": [purpose("contract", statutory_function=True)]}),
    # not telling needs an exemption from the right to be informed
    ("DD-NOT-TOLD-NO-EXEMPTION", DD,
     {"route": "none", "outcome": "full", "subject_told": "not_told_other"},
     {"route": "sch2_para2", "outcome": "full", "subject_told": "not_told_prejudice",
      "provisions_disapplied": ["right_to_be_informed"]}),
    ("DD-NOT-TOLD-NO-EXEMPTION", DD,
     {"route": "sch2_para2", "outcome": "partial", "subject_told": "not_told_prejudice",
      "provisions_disapplied": ["access"]},
     {"route": "none", "outcome": "refused", "subject_told": "not_told_other"}),
    ("DD-CONSENT", DD, {"lawful_basis": "consent", "subject_told": "not_told_prejudice"},
     {"lawful_basis": "consent", "subject_told": "told"}),
    ("SC-ART9-PUBLIC-ROUTINE", PN, {**COUNCIL, **HEALTH, "art9_condition": "not_for_profit_bodies"},
     {**HEALTH, "art9_condition": "not_for_profit_bodies"}),
    # an agreement judges each party on its own bases: the charity's explicit consent is
    # not statutory work because the council beside it relies on public task
    ("SC-ART9-PUBLIC-ROUTINE", DSA,
     {**SHARED_HEALTH, "parties": [party("Council", organisation_type="local_authority")],
      "party_bases": [{"party": "Council", "basis": "public_task", "art9_condition": "explicit_consent"}]},
     {**SHARED_HEALTH, "parties": [party("Council", organisation_type="local_authority"),
                                   party("Carers Trust", organisation_type="charity")],
      "party_bases": [{"party": "Council", "basis": "public_task", "legal_source": "Care Act 2014 s9",
                       "art9_condition": "health_social_care", "schedule1_condition": "health_social_care_purposes"},
                      {"party": "Carers Trust", "basis": "consent", "art9_condition": "explicit_consent"}]}),
    ("CO-OFFICIAL-AUTHORITY-NOT-PUBLIC", PN,
     {"public_authority": False, "criminal_offence_data": True, "criminal_condition": "official_authority"},
     {**COUNCIL, "criminal_offence_data": True, "criminal_condition": "official_authority"}),
    ("SC-SCHEDULE1-DATA-SCOPE", PN,
     {"special_categories": ["racial_ethnic_origin"], "art9_condition": "substantial_public_interest",
      "schedule1_condition": "safeguarding_economic_wellbeing"},
     {**HEALTH, "art9_condition": "substantial_public_interest",
      "schedule1_condition": "safeguarding_economic_wellbeing"}),
    ("CO-PARA36-WITHOUT-PART2", DD,
     {"criminal_schedule1_condition": "part2_extension"},
     {"criminal_schedule1_condition": "part2_extension",
      "extended_condition": "preventing_detecting_unlawful_acts"}),
    ("SC-APD-UNANSWERED", PN,
     {**HEALTH, "art9_condition": "substantial_public_interest",
      "schedule1_condition": "statutory_and_government_purposes"},
     {**HEALTH, "art9_condition": "substantial_public_interest",
      "schedule1_condition": "statutory_and_government_purposes", "appropriate_policy_document": True}),
    ("DD-APD-UNANSWERED", DD,
     {"schedule1_condition": "preventing_detecting_unlawful_acts", "requester_competent_authority": False},
     {"schedule1_condition": "preventing_detecting_unlawful_acts", "requester_competent_authority": True}),
    ("LB-PUBLIC-TASK-NOT-LAW", PN,
     {"purposes": [purpose("public_task", legal_source="our charitable objects")]},
     {"purposes": [purpose("public_task", legal_source="Care Act 2014 s9")]}),
    ("GW-PARTY-TYPE", DD,
     {"route": "gateway", "gateway": "lga_1972_s111", "discloser_type": "charity"},
     {"route": "gateway", "gateway": "lga_1972_s111", "discloser_type": "local_authority"}),
    # a party's nation from its postcode: an England-only gateway does not reach Fife
    ("GW-NATION", DSA,
     {"parties": [party("Fife Council", organisation_type="local_authority", address="Glenrothes\nKY7 5LT")],
      "party_bases": [{"party": "Fife Council", "basis": "public_task", "gateways": ["children_act_2004_s10"]}]},
     {"parties": [party("Fife Council", organisation_type="local_authority", address="Glenrothes\nKY7 5LT")],
      "party_bases": [{"party": "Fife Council", "basis": "public_task", "gateways": ["crime_disorder_s115"]}]}),
    # a protocol's gateways are no one partner's: judged where all the partners are
    ("GW-NATION", ISP,
     {"parties": [party("Fife Council", address="Glenrothes KY7 5LT"),
                  party("NHS Fife", address="Kirkcaldy KY2 5AH")],
      "gateways": ["care_act_2014_s42"]},
     {"parties": [party("Fife Council", address="Glenrothes KY7 5LT"),
                  party("Northshire Council", address="Northtown NT1 1AA")],
      "gateways": ["care_act_2014_s42"]}),
    ("GW-NATION", PN,
     {"controller_name": "Belfast Trust", "controller_address": "Belfast BT9 7AB",
      "purposes": [purpose("public_task", gateways=["children_act_1989_s17"])]},
     {"controller_name": "Cardiff Council", "controller_address": "Cardiff CF10 4UW",
      "purposes": [purpose("public_task", gateways=["children_act_1989_s47"])]}),
    # an area wholly in Wales: an England-only gateway does not reach Swansea; a border
    # area (Chester's CH) is not judged
    ("GW-NATION", DSA,
     {"parties": [party("Swansea Council", organisation_type="local_authority", address="Swansea SA1 3SN")],
      "party_bases": [{"party": "Swansea Council", "basis": "public_task", "gateways": ["localism_act_2011_s1"]}]},
     {"parties": [party("Flintshire Council", organisation_type="local_authority", address="Mold CH7 6NB")],
      "party_bases": [{"party": "Flintshire Council", "basis": "public_task", "gateways": ["localism_act_2011_s1"]}]}),
    ("GW-DEPERSONALISED-ONLY", DD, {"route": "gateway", "gateway": "crime_disorder_s17_17a"},
     {"route": "gateway", "gateway": "crime_disorder_s115"}),
    # a flow's gateway is its sender's power to disclose: checked against the sender's kind
    ("GW-PARTY-TYPE", DSA,
     {"parties": [party("Food Bank", organisation_type="charity"), party("Council", organisation_type="local_authority")],
      "flows": [{"from_parties": ["Food Bank"], "to_parties": ["Council"], "gateways": ["lga_1972_s111"]}]},
     {"parties": [party("Food Bank", organisation_type="charity"), party("Council", organisation_type="local_authority")],
      "flows": [{"from_parties": ["Council"], "to_parties": ["Food Bank"], "gateways": ["lga_1972_s111"]}]}),
    ("GW-DEPERSONALISED-ONLY", DSA,
     {"flows": [{"from_parties": ["Council"], "to_parties": ["Police"], "gateways": ["crime_disorder_s17_17a"]}]},
     {"flows": [{"from_parties": ["Council"], "to_parties": ["Police"], "gateways": ["crime_disorder_s115"]}]}),
    ("ADM-SPECIAL-CATEGORY-LAW", PN,
     {**HEALTH, "automated_decisions": True, "art9_condition": "substantial_public_interest"},
     {**HEALTH, "automated_decisions": True, "art9_condition": "substantial_public_interest",
      "automated_authority": "law", "automated_law": "Education Act 1996 s434"}),
    ("BIO-POFA-PARENTAL-CONSENT", PN,
     {"special_categories": ["biometric"], "audience_includes_children": True},
     {"special_categories": ["biometric"], "audience_includes_children": True,
      "biometric_parental_consent": True}),
    ("ART8-CHILD-CONSENT", PN,
     {"online_service_for_children": True, "purposes": [purpose("consent")]},
     {"online_service_for_children": True, "purposes": [purpose("consent")],
      "art8_parental_consent": True}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule_id", "kind", "firing", "clean"),
    CASES,
    ids=[f"{c[0]}-{c[1]}" for c in CASES],
)
def test_rule_fires_and_stays_quiet(
    rule_id: str, kind: str, firing: dict[str, Any], clean: dict[str, Any]
) -> None:
    assert rule_id in ids(kind, firing)
    assert rule_id not in ids(kind, clean)


# Portfolio rules: (rule id, the agreement's answers and protocol link, the other sets'
# kinds and answers) firing, then the same made clean.
NOTICE = {"controller_name": "Northshire County Council", "purposes": [{"basis": "public_task"}],
          "retention_period": "6 years", "recipients": [{"name": "Northshire Police"}]}  # fmt: skip
PROTOCOL = {"parties": [{"name": "Northshire County Council"}]}
PORTFOLIO_CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("PF-RECIPIENT",
     {"flows": [{"from_parties": ["Northshire County Council"], "to_parties": ["Acme Health"]}]},
     {"flows": [{"from_parties": ["Northshire County Council"], "to_parties": ["Northshire Police"]}]}),
    ("PF-BASIS",
     {"party_bases": [{"party": "Northshire County Council", "basis": "consent"}]},
     {"party_bases": [{"party": "Northshire County Council", "basis": "public_task"}]}),
    ("PF-RETENTION",
     {"retention": [{"party": "Northshire County Council", "period": "8 years"}]},
     {"retention": [{"party": "Northshire County Council", "period": "6 years"}]}),
    ("PF-SIGNATORY",
     {"parties": [{"name": "Southshire Police", "role": "controller"}]},
     {"parties": [{"name": "Acme Ltd", "role": "processor"}]}),
]  # fmt: skip


def portfolio_ids(tmp_path: Path, agreement: dict[str, Any]) -> set[str]:
    sets = [
        SetFacts(tmp_path / "notice", PN, NOTICE),
        SetFacts(tmp_path / "protocol", ISP, PROTOCOL),
        SetFacts(tmp_path / "agreement", DSA, agreement, protocol_dir=tmp_path / "protocol"),
    ]
    found = check_portfolio(sets, today=TODAY).get(tmp_path / "agreement", [])
    return {f.rule_id for f in found}


@pytest.mark.parametrize(
    ("rule_id", "firing", "clean"), PORTFOLIO_CASES, ids=[c[0] for c in PORTFOLIO_CASES]
)
def test_portfolio_rule_fires_and_stays_quiet(
    tmp_path: Path, rule_id: str, firing: dict[str, Any], clean: dict[str, Any]
) -> None:
    assert rule_id in portfolio_ids(tmp_path, firing)
    assert rule_id not in portfolio_ids(tmp_path, clean)


def test_portfolio_rules_are_not_run_on_one_set() -> None:
    firing = PORTFOLIO_CASES[0][1]
    assert not {f.rule_id for f in check_answers(DSA, firing, today=TODAY)} & {"PF-RECIPIENT"}


def test_every_rule_has_a_case() -> None:
    covered = {case[0] for case in CASES} | {case[0] for case in PORTFOLIO_CASES}
    assert {rule.id for rule in load_rules()} - covered == set()
    assert covered - {rule.id for rule in load_rules()} == set()


def test_every_case_kind_is_one_of_its_rule_kinds() -> None:
    rules = {rule.id: rule for rule in load_rules()}
    for rule_id, kind, _firing, _clean in CASES:
        assert rules[rule_id].applies_to(kind), (rule_id, kind)


def test_rules_use_only_known_names() -> None:
    present = dict(list_kinds())
    for rule in load_rules():
        allowed = set(FACTS) | RULE_GLOBALS
        if rule.scope == "portfolio":
            allowed |= set(PORTFOLIO_FACTS)
        for kind in rule.kinds:
            allowed |= {
                q.id for q in load_tree(present[kind], knowledge=tree_knowledge()).questions()
            }
        assert rule.names <= allowed, f"{rule.id}: {sorted(rule.names - allowed)}"


def test_fact_names_never_shadow_question_ids() -> None:
    question_ids: set[str] = set()
    for _kind, path in list_kinds():
        question_ids |= {q.id for q in load_tree(path, knowledge=tree_knowledge()).questions()}
    assert (set(FACTS) | set(PORTFOLIO_FACTS)) & question_ids == set()


def test_rights_by_lawful_basis_are_worked_out_once() -> None:
    kb = load_knowledge()
    notice = {"purposes": [purpose("public_task"), purpose("consent")]}
    rights = compute_facts(notice, kb=kb, today=TODAY)["rights"]
    assert set(rights) >= {"access", "erasure", "object", "portability", "withdraw_consent"}
    assert rights["access"] == {"applies": True, "under": ["public_task", "consent"],
                                "limited": [], "everywhere": True}  # fmt: skip
    assert rights["erasure"]["limited"] == ["public_task"]
    assert (rights["portability"]["under"], rights["portability"]["everywhere"]) == (
        ["consent"], False)  # fmt: skip
    assert rights["object"]["under"] == ["public_task"]
    # withdrawing an Art 9(2)(a) explicit consent, with no Art 6 consent relied on
    explicit = per_item(
        {"purposes": [purpose("public_task")], "special_categories": ["biometric"],
         "art9_condition": "explicit_consent"}
    )  # fmt: skip
    withdraw = compute_facts(explicit, kb=kb, today=TODAY)["rights"]["withdraw_consent"]
    assert (withdraw["applies"], withdraw["under"]) == (True, ["explicit_consent"])
    assert compute_facts({}, kb=kb, today=TODAY)["rights"]["access"]["applies"] is False


def test_regulator_and_complaint_law_come_from_the_knowledge_base() -> None:
    kb = load_knowledge()
    facts = compute_facts({"document_date": "2026-01-01"}, kb=kb, today=TODAY)
    assert (
        facts["regulator"]["regulator_phone"] == kb.rights.complaint_to_ico.data["regulator_phone"]
    )
    start = kb.rights.complaint_to_controller.data["in_force_from"]
    assert facts["complaints_law_in_force"] is ("2026-01-01" >= start)
    dated = compute_facts({"document_date": start}, kb=kb, today=TODAY)
    assert dated["complaints_law_in_force"] is True


def test_templates_print_the_law_rather_than_work_it_out(repo_root: Path) -> None:
    phone = load_knowledge().rights.complaint_to_ico.data["regulator_phone"]
    for template in (repo_root / "templates").rglob("*.j2"):
        text = template.read_text(encoding="utf-8")
        assert ".data.rights" not in text, f"{template}: use law.rights"
        assert phone not in text, f"{template}: use law.regulator"
        assert "document_date | string) >=" not in text, f"{template}: use a fact from law"


def test_facts_are_computed_for_empty_answers() -> None:
    facts = compute_facts({}, kb=load_knowledge(), today=TODAY)
    assert set(facts) == set(FACTS)
    assert facts["special_category"] is False
    assert facts["basis_uses"] == []


def test_rules_are_well_formed() -> None:
    kb = load_knowledge()
    rules = load_rules()
    assert len(rules) >= 30
    for rule in rules:
        assert rule.severity in SEVERITIES
        assert rule.citation and rule.fix and rule.message
        for ref in rule.refs:
            collection, _, entry = ref.partition(".")
            assert collection in kb.collections
            assert not entry or entry in kb.collection(collection)


def test_no_rule_applies_to_a_kind_that_is_not_known() -> None:
    known = set(dict(list_kinds()))
    for rule in load_rules():
        assert set(rule.kinds) <= known, rule.id


def test_rules_for_absent_kinds_are_skipped() -> None:
    assert ids("no-such-kind", {"processors": ["x"]}) == set()


# --- examples and a wrong notice ------------------------------------------------------


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_examples_have_no_error_level_findings(repo_root: Path, name: str) -> None:
    tree, _file, answers = read_answers(repo_root / "examples" / name)
    findings = run_checks(tree, answers, today=TODAY)
    assert not has_errors(findings), [f.rule_id for f in findings]


def _wrong_notice(repo_root: Path) -> dict[str, Any]:
    tree, _file, answers = read_answers(
        repo_root / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    answers = dict(answers)
    answers["purposes"] = [
        {"description": "To assess your needs", "basis": "legitimate_interests",
         "legitimate_interest": "helping people"}
    ]  # fmt: skip
    answers.pop("special_conditions")
    return answers


def test_a_wrong_notice_gives_exactly_the_expected_errors(repo_root: Path) -> None:
    tree = load_tree(repo_root / "questions" / "privacy-notice.yaml", knowledge=tree_knowledge())
    findings = run_checks(tree, _wrong_notice(repo_root), today=TODAY)
    errors = sorted(f.rule_id for f in findings if f.severity == "error")
    assert errors == ["LB-PUBLIC-AUTHORITY-LI", "SC-ART9-CONDITION"]
    li = next(f for f in findings if f.rule_id == "LB-PUBLIC-AUTHORITY-LI")
    assert li.message.startswith("Northshire County Council is a public authority")
    assert '"To assess your needs"' in li.message
    assert "Art 6(1) final subparagraph" in li.citation
    assert "DUAA 2025 s70" in li.citation


def test_findings_are_sorted_errors_first(repo_root: Path) -> None:
    tree = load_tree(repo_root / "questions" / "privacy-notice.yaml", knowledge=tree_knowledge())
    answers = {**_wrong_notice(repo_root), "review_date": "2026-01-01"}
    severities = [f.severity for f in run_checks(tree, answers, today=TODAY)]
    assert severities == sorted(severities, key=SEVERITIES.index)
    assert "warning" in severities


def test_answer_values_in_messages_are_plain_and_safe() -> None:
    hostile = "\x1b[31mEvil {{ 7*7 }} [bold]Council[/bold]\nLtd"
    answers = {"controller_name": hostile, "public_authority": True,
               "purposes": [purpose("legitimate_interests", legitimate_interest="x")]}  # fmt: skip
    finding = next(
        f for f in check_answers(PN, answers, today=TODAY) if f.rule_id == "LB-PUBLIC-AUTHORITY-LI"
    )
    assert "\x1b" not in finding.message
    assert "\\x1b[31mEvil {{ 7*7 }} [bold]Council[/bold] Ltd" in finding.message
    assert plain_value("x" * 200).endswith("…")
    assert plain_value(True) == "yes"


# --- loading and validating rules files ------------------------------------------------

GOOD_RULE = """\
rules:
  - id: T-ONE
    severity: error
    kinds: [privacy-notice]
    when: special_category and not art9
    message: Special category data without a condition.
    citation: UK GDPR Art 9(2)
    fix: Choose one.
    refs: [art9_conditions]
"""


def _write(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_good_rules_file_loads(tmp_path: Path) -> None:
    (rule,) = load_rules(_write(tmp_path, GOOD_RULE), kb=load_knowledge())
    assert rule.id == "T-ONE"
    assert rule.line == 2
    assert rule.names == {"special_category", "art9"}


@pytest.mark.parametrize(
    ("change", "line", "text"),
    [
        (("severity: error", "severity: fatal"), 3, "severity 'fatal'"),
        (("when: special_category and not art9", "when: special_category and ("), 5,
         "bad expression in rule 'T-ONE'"),
        (("refs: [art9_conditions]", "refs: [art9_conditions.nope]"), 9,
         "refers to 'art9_conditions.nope'"),
        (("refs: [art9_conditions]", "refs: [nope]"), 9, "refers to 'nope'"),
        (("    fix: Choose one.\n", "    fix: Choose one.\n    severity_note: x\n"), 9,
         "unknown key 'severity_note'"),
        (("    fix: Choose one.\n", ""), 2, "'fix' is missing"),
        (("Special category data without a condition.", "'{{ oops'"), 6, "bad template in the message"),
        (("id: T-ONE", "id: lower-case"), 2, "is not like PN-PORTABILITY"),
        (("kinds: [privacy-notice]", "kinds: []"), 4, "'kinds' must be a non-empty list"),
        (("citation: UK GDPR Art 9(2)", "citation: ''"), 7, "'citation' must be non-empty"),
    ],
)  # fmt: skip
def test_bad_rules_are_rejected_with_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, text: str
) -> None:
    assert change[0] in GOOD_RULE
    folder = _write(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(KnowledgeError) as caught:
        load_rules(folder, kb=load_knowledge())
    assert caught.value.message.startswith(f"{folder / 'rules.yaml'}:{line}: ")
    assert text in caught.value.message


def test_duplicate_rule_ids_across_files_are_rejected(tmp_path: Path) -> None:
    _write(tmp_path, GOOD_RULE, "a.yaml")
    folder = _write(tmp_path, GOOD_RULE, "b.yaml")
    with pytest.raises(KnowledgeError, match=r"b\.yaml:2: duplicate rule id 'T-ONE'"):
        load_rules(folder, kb=load_knowledge())


def test_a_rules_file_must_hold_rules(tmp_path: Path) -> None:
    folder = _write(tmp_path, "description: nothing\n")
    with pytest.raises(KnowledgeError, match=r"rules\.yaml:1: `rules` must be a non-empty list"):
        load_rules(folder, kb=load_knowledge())
    folder = _write(tmp_path, "rules: [1]\nextra: 2\n")
    with pytest.raises(KnowledgeError, match=r"rules\.yaml:2: unknown key 'extra'"):
        load_rules(folder, kb=load_knowledge())


def test_a_rule_that_fails_at_run_time_names_its_file(tmp_path: Path) -> None:
    folder = _write(tmp_path, GOOD_RULE.replace("special_category and not art9", "review_date > 3"))
    rules = load_rules(folder, kb=load_knowledge())
    with pytest.raises(KnowledgeError, match=r"rules\.yaml:2: rule T-ONE failed"):
        check_answers(PN, {"review_date": "2027-01-01"}, rules=rules, today=TODAY)


# --- the commands --------------------------------------------------------------------

runner = CliRunner()


def test_check_passes_a_correct_notice(repo_root: Path) -> None:
    path = repo_root / "examples" / "privacy-notice-charity-food-bank.yaml"
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "No problems found."


def _write_wrong(repo_root: Path, tmp_path: Path) -> Path:
    from sharewiz.model.answers_file import save_answers

    target = tmp_path / "wrong" / "answers.yaml"
    target.parent.mkdir()
    save_answers(target, PN, 1, _wrong_notice(repo_root))
    return target


def test_check_fails_on_errors_one_line_per_finding(repo_root: Path, tmp_path: Path) -> None:
    path = _write_wrong(repo_root, tmp_path)
    result = runner.invoke(app, ["check", str(path.parent)])  # a folder works too
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{path} (Privacy notice)"
    assert lines[1].startswith("error LB-PUBLIC-AUTHORITY-LI: Northshire County Council is")
    assert "(UK GDPR Art 6(1) final subparagraph" in lines[1] and " Fix: " in lines[1]
    assert lines[2].startswith("error SC-ART9-CONDITION: ")
    summary = next(i for i, line in enumerate(lines) if line.endswith(" advice."))
    assert re.fullmatch(r"2 errors, \d+ warnings?, \d+ advice\.", lines[summary])
    # then the error `render` gives for the same answers (issue 13: check agrees with render)
    assert lines[summary + 1] == f"error: {path}: 1 required answer(s) missing:"


def test_check_json_shape(repo_root: Path, tmp_path: Path) -> None:
    path = _write_wrong(repo_root, tmp_path)
    result = runner.invoke(app, ["check", "--json", str(path)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)  # the missing-answers error goes to stderr
    assert set(report) == {"findings_version", "file", "kind", "findings", "summary", "missing"}
    assert report["findings_version"] == FINDINGS_JSON_VERSION
    assert report["missing"] == ["special_conditions"]
    assert report["kind"] == PN
    assert report["summary"]["error"] == 2
    first = report["findings"][0]
    assert set(first) == FINDING_KEYS
    assert (first["file"], first["line"]) == (None, None)  # about answers, not a file
    assert first["rule"] == "LB-PUBLIC-AUTHORITY-LI"
    assert first["refs"] == ["lawful_bases.legitimate_interests", "lawful_bases.public_task"]


def test_check_without_answers_is_a_user_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'answers.yaml'}: no answers file here" in result.output


def test_render_shows_findings_and_keeps_exit_zero(repo_root: Path, tmp_path: Path) -> None:
    path = _write_wrong(repo_root, tmp_path)
    answers = read_answers_file(path)
    assert answers.kind == PN
    # the wrong notice is incomplete for rendering (no Art 9 condition), so render a
    # correct one with a past review date instead: written, exit 0, warning shown
    good = repo_root / "examples" / "privacy-notice-charity-food-bank.yaml"
    text = good.read_text(encoding="utf-8").replace(
        "review_date: 2027-06-19", "review_date: 2020-01-01"
    )
    source = tmp_path / "old.yaml"
    source.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["render", str(source), "--out", str(tmp_path / "out"), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert "warning REVIEW-OVERDUE: The review date (2020-01-01) has passed." in result.output
    assert result.output.splitlines()[-1] == "0 errors, 1 warning, 0 advice."


def test_explain_lists_topics() -> None:
    result = runner.invoke(app, ["explain"])
    assert result.exit_code == 0
    assert "art9_conditions: Conditions for processing special category data" in result.output


def test_explain_art9_shows_citations() -> None:
    result = runner.invoke(app, ["explain", "art9"])
    assert result.exit_code == 0
    assert "Citation: UK GDPR Art 9(2)" in result.output
    assert "health_social_care" in result.output


def test_explain_an_entry() -> None:
    result = runner.invoke(app, ["explain", "9(2)(h)"])
    assert result.exit_code == 0
    assert "Citation: UK GDPR Art 9(2)(h)" in result.output


def test_explain_search_children_finds_gateways() -> None:
    result = runner.invoke(app, ["explain", "--search", "children"])
    assert result.exit_code == 0
    assert "gateways.children_act_1989_s47: Children Act 1989 s47" in result.output
    assert "gateways.children_act_2004_s10" in result.output


def test_explain_unknown_topic_and_empty_search() -> None:
    result = runner.invoke(app, ["explain", "nosuch"])
    assert result.exit_code == 1
    assert "error: no knowledge topic 'nosuch'" in result.output
    result = runner.invoke(app, ["explain", "--search", "zzzqqq"])
    assert result.exit_code == 1
    assert "nothing in the knowledge base matches 'zzzqqq'" in result.output


# --- docs ---------------------------------------------------------------------------


def test_docs_list_every_rule(repo_root: Path, update_golden: bool) -> None:
    from sharewiz.law.rules import rules_table

    docs = repo_root / "docs" / "checks.md"
    text = docs.read_text(encoding="utf-8")
    start, end = "<!-- rules-table:start -->\n", "<!-- rules-table:end -->"
    head, _, rest = text.partition(start)
    _old, _, tail = rest.partition(end)
    expected = head + start + rules_table(load_rules()) + end + tail
    if update_golden:
        docs.write_text(expected, encoding="utf-8")
    assert text == expected, "docs/checks.md is out of date: run pytest --update-golden"
    documented = set(re.findall(r"`([A-Z][A-Z0-9-]+)`", text))
    assert {rule.id for rule in load_rules()} <= documented
    for fact in [*FACTS, *PORTFOLIO_FACTS]:
        assert f"`{fact}`" in text
    assert f'"findings_version": {FINDINGS_JSON_VERSION}' in text


def test_findings_are_a_table_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from sharewiz.cli import report

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100, color_system=None)
    monkeypatch.setattr(report, "out", lambda: console)
    findings = check_answers(
        PN, {"collected_from": "others", "review_date": "2027-01-01"}, today=TODAY
    )
    report.show_findings(findings)
    text = buffer.getvalue()
    assert "PN-ART14-SOURCE" in text and "Severity" in text and "Fix:" in text
    assert text.rstrip().splitlines()[-1] == "1 error, 0 warnings, 0 advice."


def test_findings_are_a_list_wrapped_at_words_on_a_narrow_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from rich.console import Console

    from sharewiz.cli import console as console_module
    from sharewiz.cli import report

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=80, color_system=None)
    monkeypatch.setattr(report, "out", lambda: console)
    monkeypatch.setattr(console_module, "out", lambda: console)
    findings = check_answers(
        PN, {"collected_from": "others", "review_date": "2027-01-01"}, today=TODAY
    )
    report.show_findings(findings)
    text = buffer.getvalue()
    # at 80 columns a table's narrow columns cut words ("appointm…"): a numbered list instead
    assert "Severity" not in text and "…" not in text
    assert all(len(line) <= 80 for line in text.splitlines())
    [finding] = findings
    flowing = " ".join(text.split())
    assert f"1. error PN-ART14-SOURCE: {' '.join(finding.message.split())}" in flowing
    assert f"Fix: {' '.join(finding.fix.split())} ({finding.citation})" in flowing
    assert text.rstrip().splitlines()[-1] == "1 error, 0 warnings, 0 advice."


def test_a_sub_processor_abroad_is_named_with_its_location() -> None:
    answers = {"transfers_allowed": False, "subprocessors": [
        {"name": "Helpdesk Global Inc", "service": "support", "location": "United States"}]}  # fmt: skip
    (finding,) = [
        f for f in check_answers(PC, answers, today=TODAY) if f.rule_id == "PC-SUBPROCESSOR-ABROAD"
    ]
    assert finding.message.startswith(
        "Helpdesk Global Inc (United States) is a sub-processor outside the UK, but the "
        "contract does not allow transfers outside the UK."
    )


def test_a_flow_naming_its_sender_as_recipient_is_named_in_the_warning() -> None:
    answers = {"flows": [{"from_parties": ["Council"], "to_parties": ["Police"]},
                         {"from_parties": ["Council", "Police"], "to_parties": ["Police", "School"]}]}  # fmt: skip
    [finding] = [
        f for f in check_answers(DSA, answers, today=TODAY) if f.rule_id == "DSA-SELF-FLOW"
    ]
    assert finding.severity == "warning"
    assert "Data flow 2 (Police) names the same party" in finding.message
