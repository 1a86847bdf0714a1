"""Issue 13: every unlawful combination of answers has a rule, in every kind where it can
occur. Each row builds answers from a shipped example with a few answers changed, runs
`sharewiz check --json` through the CLI, and asserts the rule fires, or does not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from law_helpers import change, check, rule_ids, with_answers, with_condition, with_criminal

COUNCIL_PN = "privacy-notice-council-adult-social-care"
CHARITY_PN = "privacy-notice-charity-food-bank"
SCHOOL_PN = "privacy-notice-school-pupils"
DSA = "dsa-supporting-families"
DD = "disclosure-police-housing"

STATUTORY = "to carry out your Care Act 2014 needs assessment"


def council_purposes(basis: str, **extra: Any) -> list[dict[str, Any]]:
    return [{"description": "to assess your needs for care and support", "basis": basis, **extra}]


def dsa_party(name: str, kind: str, public: bool, **extra: Any) -> dict[str, Any]:
    base = with_answers(DSA)["answers"]["parties"][0]
    return {**base, "name": name, "organisation_type": kind, "public_authority": public, **extra}


def dsa_with_police_li(**police: Any) -> dict[str, Any]:
    """The agreement with its police party's answers changed (it relies on legitimate interests)."""
    doc = with_answers(DSA)
    answers = doc["answers"]
    party = next(p for p in answers["parties"] if p["organisation_type"] == "police")
    party.update(police)
    basis = next(b for b in answers["party_bases"] if b["party"] == party["name"])
    basis.update(basis="legitimate_interests", legitimate_interest="preventing harm")
    return doc


def dsa_with_entry(kind: str, **changes: Any) -> dict[str, Any]:
    """The agreement with one party's lawful basis entry changed (the party of that kind)."""
    doc = with_answers(DSA)
    answers = doc["answers"]
    name = next(p["name"] for p in answers["parties"] if p["organisation_type"] == kind)
    entry = next(b for b in answers["party_bases"] if b["party"] == name)
    change(entry, changes)
    return doc


def dsa_with_charity(criminal_condition: str) -> dict[str, Any]:
    """The agreement with a charity party relying on `criminal_condition` for offending data."""
    doc = with_answers(DSA)
    answers = doc["answers"]
    answers["parties"].append(dsa_party("Northtown Food Bank", "charity", False))
    offending = next(i["field"] for i in answers["data_items"] if i.get("criminal_offence"))
    answers["party_bases"].append(
        {
            "party": "Northtown Food Bank",
            "items": [offending],
            "basis": "legitimate_interests",
            "legitimate_interest": "supporting families it helps",
            "criminal_condition": criminal_condition,
            **(
                {"criminal_schedule1_condition": "safeguarding_children_individuals_at_risk"}
                if criminal_condition == "schedule1"
                else {}
            ),
        }
    )
    return doc


OVERRIDE = {"public_authority_override": True, "public_authority_reason": "An independent school."}


def dd(**changes: Any) -> dict[str, Any]:
    return with_answers(DD, **changes)


def with_gateways(gateways: list[str], party: str | None = None) -> list[dict[str, Any]]:
    """The agreement's party bases, the first (or the given kind's party's) with `gateways`."""
    answers = with_answers(DSA)["answers"]
    name = answers["parties"][0]["name"]
    if party is not None:
        name = next(p["name"] for p in answers["parties"] if p["organisation_type"] == party)
    bases = answers["party_bases"]
    return [{**b, "gateways": gateways} if b["party"] == name else b for b in bases]


HEALTH_DD = {
    "special_category_data": True,
    "art9_condition": "substantial_public_interest",
    "schedule1_condition": "preventing_detecting_unlawful_acts",
}
CRIME_DD = {"criminal_offence_data": True, "criminal_condition": "schedule1"}

# (rule id, answers that fire it, answers that do not)
TABLE: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    # an end date on or before the start date leaves no time in which to share
    (
        "DSA-END-NOT-AFTER-START",
        with_answers(DSA, end_date="2026-08-01"),
        with_answers(DSA, end_date="2026-08-02"),
    ),
    # public authority status from the kind of organisation, not a yes/no answer: a police
    # party marked "no" relying on legitimate interests is still a public authority
    (
        "LB-PUBLIC-AUTHORITY-LI",
        dsa_with_police_li(public_authority=False),
        dsa_with_police_li(public_authority=False, **OVERRIDE),
    ),
    (
        "LB-PUBLIC-AUTHORITY-LI",
        with_answers(
            COUNCIL_PN,
            controller_type="local_authority",
            public_authority=False,
            purposes=council_purposes("legitimate_interests", legitimate_interest="helping"),
        ),
        with_answers(
            CHARITY_PN,
            controller_type="charity",
            public_authority=True,
            purposes=council_purposes("legitimate_interests", legitimate_interest="helping"),
        ),
    ),
    (
        "LB-PUBLIC-AUTHORITY-RLI",
        dd(discloser_type="police", discloser_public_authority=False),
        dd(discloser_type="housing_association", discloser_public_authority=True),
    ),
    (
        "PA-OVERRIDE",
        with_answers(SCHOOL_PN, controller_type="school", **OVERRIDE),
        with_answers(SCHOOL_PN, controller_type="school", public_authority=False),
    ),
    (
        "PA-OVERRIDE",
        dd(
            discloser_type="local_authority",
            discloser_public_authority_override=True,
            discloser_public_authority_reason="Acting as a private landlord, not a council function.",
        ),
        dd(discloser_type="local_authority"),
    ),
    # consent or contract for statutory work
    (
        "LB-CONSENT-STATUTORY",
        with_answers(COUNCIL_PN, purposes=council_purposes("consent", statutory_function=True)),
        with_answers(COUNCIL_PN, purposes=council_purposes("consent", statutory_function=False)),
    ),
    (
        "LB-CONSENT-STATUTORY",
        with_answers(COUNCIL_PN, purposes=[{"description": STATUTORY, "basis": "consent"}]),
        with_answers(
            CHARITY_PN,
            purposes=[{"description": STATUTORY, "basis": "consent"}],
            consent_withdrawal="tell a volunteer",
        ),
    ),
    (
        "LB-CONTRACT-STATUTORY",
        with_answers(COUNCIL_PN, purposes=[{"description": STATUTORY, "basis": "contract"}]),
        with_answers(
            COUNCIL_PN, purposes=council_purposes("public_task", legal_source="Care Act 2014 s9")
        ),
    ),
    (
        "LB-CONTRACT-STATUTORY",
        with_answers(
            COUNCIL_PN,
            controller_type="local_authority",
            purposes=council_purposes("contract", statutory_function=True),
        ),
        with_answers(CHARITY_PN, purposes=council_purposes("contract", statutory_function=False)),
    ),
    ("DD-CONSENT", dd(lawful_basis="consent"), dd(lawful_basis="consent", subject_told="told")),
    (
        "DD-CONSENT",
        dd(
            lawful_basis="consent",
            subject_told="told",
            discloser_type="local_authority",
            discloser_public_authority=True,
        ),
        dd(lawful_basis="recognised_legitimate_interest"),
    ),
    # Art 9 conditions a public body cannot use for routine statutory work
    (
        "SC-ART9-PUBLIC-ROUTINE",
        with_condition(COUNCIL_PN, art9_condition="not_for_profit_bodies", schedule1_condition=...),
        with_condition(CHARITY_PN, art9_condition="not_for_profit_bodies"),
    ),
    (
        "SC-ART9-PUBLIC-ROUTINE",
        with_answers(
            COUNCIL_PN,
            special_conditions=[
                {"items": ["Health and wellbeing"], "art9_condition": "explicit_consent"}
            ],
            consent_withdrawal="tell your social worker",
        ),
        with_answers(COUNCIL_PN),
    ),
    (
        # pupils' fingerprints under the parental consent PoFA 2012 s26 requires: only
        # where the notice does not record that consent
        "SC-ART9-PUBLIC-ROUTINE",
        with_answers(SCHOOL_PN, biometric_parental_consent=...),
        with_answers(SCHOOL_PN),
    ),
    (
        "SC-ART9-PUBLIC-ROUTINE",
        with_condition(
            COUNCIL_PN, art9_condition="vital_interests_incapable", schedule1_condition=...
        ),
        with_condition(CHARITY_PN, art9_condition="vital_interests_incapable"),
    ),
    (
        "SC-ART9-PUBLIC-ROUTINE",
        dsa_with_entry(
            "local_authority", art9_condition="legal_claims_judicial", schedule1_condition=...
        ),
        with_answers(DSA),
    ),
    (
        "SC-ART9-PUBLIC-ROUTINE",
        dd(
            special_category_data=True,
            art9_condition="legal_claims_judicial",
            discloser_type="local_authority",
            discloser_public_authority=True,
            lawful_basis="public_task",
            rli_condition=...,
            legal_source="Children Act 1989 s47",
        ),
        dd(special_category_data=True, art9_condition="legal_claims_judicial"),
    ),
    # official authority claimed by a body without it
    (
        "CO-OFFICIAL-AUTHORITY-NOT-PUBLIC",
        with_criminal(CHARITY_PN, criminal_condition="official_authority"),
        with_criminal(COUNCIL_PN, criminal_condition="official_authority"),
    ),
    (
        "CO-OFFICIAL-AUTHORITY-NOT-PUBLIC",
        dd(criminal_offence_data=True, criminal_condition="official_authority"),
        dd(
            criminal_offence_data=True,
            criminal_condition="official_authority",
            discloser_type="local_authority",
            discloser_public_authority=True,
            lawful_basis="public_task",
            rli_condition=...,
            legal_source="Children Act 2004 s11",
        ),
    ),
    (
        "CO-OFFICIAL-AUTHORITY-NOT-PUBLIC",
        dsa_with_charity("official_authority"),
        dsa_with_charity("schedule1"),  # the police's own official authority is fine
    ),
    # Part 2 conditions beyond their data; Part 3 for special category data; para 36
    (
        "SC-SCHEDULE1-DATA-SCOPE",
        with_condition(SCHOOL_PN, schedule1_condition="safeguarding_economic_wellbeing"),
        with_condition(
            SCHOOL_PN,
            items=["Health and medical needs"],
            schedule1_condition="safeguarding_economic_wellbeing",
        ),
    ),
    (
        "SC-SCHEDULE1-DATA-SCOPE",
        with_condition(SCHOOL_PN, schedule1_condition="occupational_pensions"),
        with_answers(SCHOOL_PN),
    ),
    ("SC-ART9-CONDITION", dd(special_category_data=True), dd(**HEALTH_DD)),
    (
        "CO-ART10-AUTHORITY",
        dd(criminal_offence_data=True),
        dd(**CRIME_DD, criminal_schedule1_condition="preventing_detecting_unlawful_acts"),
    ),
    (
        "CO-PARA36-WITHOUT-PART2",
        dd(**CRIME_DD, criminal_schedule1_condition="part2_extension"),
        dd(
            **CRIME_DD,
            criminal_schedule1_condition="part2_extension",
            extended_condition="safeguarding_children_individuals_at_risk",
            appropriate_policy_document=True,
        ),
    ),
    # appropriate policy document left blank
    (
        "SC-APD-UNANSWERED",
        with_answers(SCHOOL_PN, appropriate_policy_document=...),
        with_answers(SCHOOL_PN, appropriate_policy_document=True),
    ),
    (
        "SC-APD-UNANSWERED",
        dsa_with_entry("local_authority", appropriate_policy_document=...),
        with_answers(DSA),
    ),
    (
        "DD-APD-UNANSWERED",
        dd(**{**HEALTH_DD, "schedule1_condition": "safeguarding_children_individuals_at_risk"}),
        dd(**HEALTH_DD, requester_competent_authority=True),
    ),
    (
        "DD-APD-UNANSWERED",
        dd(**HEALTH_DD, requester_competent_authority=False),
        dd(**HEALTH_DD, requester_competent_authority=False, appropriate_policy_document=True),
    ),
    (
        "SC-APPROPRIATE-POLICY",
        dd(**HEALTH_DD, requester_competent_authority=False, appropriate_policy_document=False),
        dd(**HEALTH_DD, requester_competent_authority=False, appropriate_policy_document=True),
    ),
    # public task resting on something that is not law
    (
        "LB-PUBLIC-TASK-NOT-LAW",
        with_answers(
            CHARITY_PN,
            purposes=council_purposes("public_task", legal_source="our charitable objects"),
        ),
        with_answers(CHARITY_PN),
    ),
    (
        "LB-PUBLIC-TASK-NOT-LAW",
        dd(
            lawful_basis="public_task", rli_condition=..., legal_source="Our constitution, clause 3"
        ),
        dd(lawful_basis="public_task", rli_condition=..., legal_source="Children Act 2004 s11"),
    ),
    # a gateway outside its limits: the data it covers, and who may use it
    (
        "GW-DEPERSONALISED-ONLY",
        dd(route="gateway", gateway="crime_disorder_s17_17a"),
        dd(route="gateway", gateway="crime_disorder_s115"),
    ),
    (
        "GW-DEPERSONALISED-ONLY",
        with_answers(DSA, party_bases=with_gateways(["crime_disorder_s17_17a"])),
        with_answers(DSA),
    ),
    (
        "GW-PARTY-TYPE",
        dd(route="gateway", gateway="localism_act_2011_s1"),
        dd(route="gateway", gateway="localism_act_2011_s1", discloser_type="local_authority"),
    ),
    (
        "GW-PARTY-TYPE",
        with_answers(DSA, party_bases=with_gateways(["children_act_1989_s17"], party="police")),
        with_answers(DSA, party_bases=with_gateways(["crime_disorder_s115"], party="police")),
    ),
    (
        "GW-PARTY-TYPE",
        with_answers(DSA, party_bases=with_gateways(["hsca_2012_s251b"], party="police")),
        with_answers(DSA, party_bases=with_gateways(["hsca_2012_s251b"], party="local_authority")),
    ),
    # solely automated decisions on special category data
    (
        "ADM-SPECIAL-CATEGORY",
        with_answers(
            COUNCIL_PN,
            automated_decisions=True,
            automated_logic="scores",
            automated_consequences="eligibility",
        ),
        with_answers(
            COUNCIL_PN,
            automated_decisions=True,
            automated_logic="scores",
            automated_consequences="eligibility",
            automated_authority="explicit_consent",
        ),
    ),
    (
        "ADM-SPECIAL-CATEGORY-LAW",
        with_answers(
            SCHOOL_PN,
            automated_decisions=True,
            automated_logic="scores",
            automated_consequences="eligibility",
        ),
        with_answers(
            SCHOOL_PN,
            automated_decisions=True,
            automated_logic="scores",
            automated_consequences="eligibility",
            automated_authority="law",
            automated_law="Education Act 1996 s434",
        ),
    ),
    # each special category item under a condition that names it
    (
        "SC-ITEM-UNCOVERED",
        with_condition(SCHOOL_PN, items=["Health and medical needs"]),
        with_answers(SCHOOL_PN),
    ),
    # children: biometrics in schools, and consent online
    (
        "BIO-POFA-PARENTAL-CONSENT",
        with_answers(SCHOOL_PN, controller_type="school", biometric_parental_consent=...),
        with_answers(SCHOOL_PN, controller_type="school", biometric_parental_consent=True),
    ),
    (
        "ART8-CHILD-CONSENT",
        with_answers(
            SCHOOL_PN,
            online_service_for_children=True,
            consent_withdrawal="ask us",
            purposes=[{"description": "to send you the newsletter", "basis": "consent"}],
        ),
        with_answers(
            SCHOOL_PN,
            online_service_for_children=True,
            consent_withdrawal="ask us",
            art8_parental_consent=True,
            purposes=[{"description": "to send you the newsletter", "basis": "consent"}],
        ),
    ),
]


@pytest.mark.parametrize(
    ("rule", "fires", "passes"), TABLE, ids=[f"{row[0]}-{i}" for i, row in enumerate(TABLE)]
)
def test_rule_fires_and_does_not(
    rule: str, fires: dict[str, Any], passes: dict[str, Any], tmp_path: Path
) -> None:
    assert rule in rule_ids(fires, tmp_path)
    assert rule not in rule_ids(passes, tmp_path)


NEW_ERRORS = sorted(
    {row[0] for row in TABLE}
    - {"SC-ART9-CONDITION", "CO-ART10-AUTHORITY", "SC-APPROPRIATE-POLICY", "PA-OVERRIDE"}
)


@pytest.mark.parametrize("rule", NEW_ERRORS)
def test_unlawful_combinations_are_errors_and_fail_check(rule: str, tmp_path: Path) -> None:
    fires = next(row[1] for row in TABLE if row[0] == rule)
    report = check(fires, tmp_path)
    finding = next(f for f in report["findings"] if f["rule"] == rule)
    assert finding["severity"] == "error"
    assert finding["citation"] and finding["message"] and finding["fix"]
    assert report["exit_code"] != 0


def test_every_example_still_passes_the_new_rules(tmp_path: Path) -> None:
    from law_helpers import EXAMPLES, example

    for path in sorted(EXAMPLES.glob("*.yaml")):
        found = rule_ids(example(path.stem), tmp_path)
        assert not found & set(NEW_ERRORS), (path.stem, found & set(NEW_ERRORS))


@pytest.mark.parametrize(
    ("doc", "answer"),
    [
        (
            dd(
                special_category_data=True,
                art9_condition="substantial_public_interest",
                schedule1_condition="offence_consent",
            ),
            "offence_consent",
        ),
        (with_condition(SCHOOL_PN, schedule1_condition="offence_consent"), "offence_consent"),
        (
            dd(
                **CRIME_DD,
                criminal_schedule1_condition="part2_extension",
                extended_condition="health_social_care_purposes",
            ),
            "health_social_care_purposes",
        ),
    ],
)
def test_conditions_outside_their_part_cannot_be_chosen(
    doc: dict[str, Any], answer: str, tmp_path: Path
) -> None:
    """Item 5: a Part 3 (criminal-only) condition cannot stand for special category data,
    and para 36 extends only a Part 2 condition; the answers are refused, not checked."""
    from typer.testing import CliRunner

    from law_helpers import cli_app, write

    result = CliRunner().invoke(cli_app(), ["check", str(write(doc, tmp_path)), "--json"])
    assert result.exit_code != 0
    assert answer in result.output and "not one of the choices" in result.output


def test_an_exception_without_a_reason_changes_nothing(tmp_path: Path) -> None:
    """The override needs its reason: without one the police party stays a public
    authority, and `check` reports the reason missing as `render` would."""
    report = check(dsa_with_police_li(public_authority_override=True), tmp_path)
    assert "LB-PUBLIC-AUTHORITY-LI" in {f["rule"] for f in report["findings"]}
    assert report["missing"] and report["exit_code"] == 1


def test_documents_print_the_derived_status(tmp_path: Path) -> None:
    """A police party marked "no" is still printed as a public authority; a school with a
    recorded exception is not warned about legitimate interests."""
    from law_helpers import render

    agreement = render(dsa_with_police_li(public_authority=False), tmp_path / "a")
    text = agreement["data-sharing-agreement.md"]
    assert "Northshire Police | Joint controller (police force, public authority)" in text
    assert "Northshire Police is a public authority relying on legitimate interests" in text
    school = with_answers(
        SCHOOL_PN,
        controller_type="school",
        purposes=council_purposes("legitimate_interests", legitimate_interest="fundraising"),
        **OVERRIDE,
    )
    notice = render(school, tmp_path / "s")["privacy-notice.md"]
    assert "recorded as a public authority" not in notice
