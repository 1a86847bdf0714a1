"""A party under DPA 2018 Part 4 (intelligence services processing) in an agreement.

The UK GDPR does not apply to its processing: it has no Art 6 basis, Art 9 condition or
Art 10 authority, but a Schedule 9 condition and, for sensitive processing, a Schedule 10
condition as well (DPA 2018 s86(2), (7)). Part 4 covers the intelligence services (s82)
and processing a designation notice covers (s82A, inserted by DUAA 2025 s89).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from law_helpers import check, render, with_answers
from sharewiz.model.conditions import effective_answers, entry_gaps, expression_context
from sharewiz.sets.build import load_kind

SERVICE = "Security Service"
INTELLIGENCE = "Police intelligence about current offending and victims at risk"
NAME = "Offender's name, aliases, date of birth and Police National Computer number"


def with_part4_party(**conditions: Any) -> dict[str, Any]:
    """The MAPPA example with the Security Service receiving the police's intelligence."""
    doc = with_answers("dsa-offender-management-part3")
    answers = doc["answers"]
    answers["parties"].append(
        {"name": SERVICE, "role": "controller", "organisation_type": "government_department",
         "regime": "part4", "public_authority": True, "address": "PO Box 3255\nLondon\nSW1P 1AE\n",
         "contact_name": "Data protection team", "contact_email": "dp@security.example.gov.uk",
         "rights_route": "own", "signatories": [{"name": "A. Officer", "job_title": "Director"}]}
    )  # fmt: skip
    answers["flows"].append(
        {"from_parties": ["Northshire Police"], "to_parties": [SERVICE],
         "items": [NAME, INTELLIGENCE], "method": "secure_email", "frequency": "on_request"}
    )  # fmt: skip
    answers["party_bases"].append({"party": SERVICE, **conditions})
    answers["retention"].append({"party": SERVICE, "period": "as its own policy sets", "deletion": "secure deletion"})  # fmt: skip
    answers["privacy_notices"].append({"party": SERVICE, "where": "https://www.security.example.gov.uk/privacy"})  # fmt: skip
    return doc


FULL = {"part4_condition": "sch9_functions",
        "sch10_condition": "the Schedule 10 condition its policy records"}  # fmt: skip


def _rules(report: dict[str, Any], *ids: str) -> list[str]:
    return [f["message"] for f in report["findings"] if f["rule"] in ids]


def test_a_part4_party_states_schedule_9_and_10_not_an_article_6_basis(tmp_path: Path) -> None:
    docs = render(with_part4_party(**FULL), tmp_path)
    agreement = docs["data-sharing-agreement.md"]
    table = agreement.split("| Condition (Schedule 9) |")[1].split("\n\n")[0]
    assert SERVICE in table
    assert "Justice, Parliament, statutory, Crown and other public functions" in table
    assert (
        "Schedule 9, paragraph 5" in table
        and "the Schedule 10 condition its policy records" in table
    )
    assert f"{SERVICE} processes the shared information under Part 4" in agreement
    assert "right of access (section 94)" in agreement
    # not in the Art 6 table nor the Part 3 table
    art6 = agreement.split("| Lawful basis |")[1].split("\n\n")[0]
    assert SERVICE not in art6
    part3 = agreement.split("| Lawfulness (section 35(2)) |")[1].split("\n\n")[0]
    assert SERVICE not in part3
    wording = docs["privacy-notice-wording.md"].split(f"## {SERVICE}")[1].split("\n## ")[0]
    assert "under Part 4 of the Data Protection Act 2018" in wording
    assert "Schedule 9, paragraph 5" in wording and "lawful basis" not in wording


def test_a_part4_party_with_both_conditions_has_no_part4_finding(tmp_path: Path) -> None:
    report = check(with_part4_party(**FULL), tmp_path)
    assert not _rules(report, "DSA-PART4-CONDITION", "DSA-PART4-ART6", "DSA-PARTY-CONDITION")


def test_a_part4_party_without_schedule_10_for_sensitive_items_is_named(tmp_path: Path) -> None:
    report = check(with_part4_party(part4_condition="sch9_functions"), tmp_path)
    assert _rules(report, "DSA-PART4-CONDITION") == [
        f"{SERVICE} processes under Part 4 of the DPA 2018 and has no Schedule 10 condition"
        f" for sensitive processing for {INTELLIGENCE}."
    ]
    # it is not asked for the UK GDPR's conditions it cannot have
    assert not _rules(report, "DSA-PARTY-CONDITION")


def test_a_part4_party_given_an_article_6_basis_is_refused(tmp_path: Path) -> None:
    report = check(with_part4_party(basis="public_task", **FULL), tmp_path)
    assert _rules(report, "DSA-PART4-ART6") == [
        f"{SERVICE} processes under Part 4 of the DPA 2018 for this arrangement but is given a"
        " UK GDPR Article 6 basis; the UK GDPR does not apply to processing under Part 4."
    ]


def test_a_part4_party_entry_lacks_schedule_9_and_10_never_an_article_6_basis() -> None:
    tree = load_kind("data-sharing-agreement")
    answers = with_part4_party()["answers"]  # the Security Service's entry names only itself
    full = effective_answers(tree, answers)
    context = expression_context(tree, full)
    gaps = dict(entry_gaps(tree.question("party_bases"), full["party_bases"], context))
    service = next(i for i, e in enumerate(full["party_bases"]) if e["party"] == SERVICE)
    assert [q.id for q in gaps[service]] == ["part4_condition", "sch10_condition"]
