"""Issue 14: a Part 3 party's rights are DPA 2018 ss44-48, and the NHS Data Security and
Protection Toolkit is named only for the parties it applies to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from law_helpers import check, render, rule_ids, with_answers


def test_a_part_3_party_has_its_part_3_rights_not_uk_gdpr_articles(tmp_path: Path) -> None:
    text = render(with_answers("dsa-offender-management-part3"), tmp_path)[
        "data-sharing-agreement.md"
    ]
    rights = text.split("## Individuals' rights and complaints")[1].split("\n## ")[0]
    assert (
        "people's rights are those in sections 44 to 48 of that Act, not UK GDPR Articles 15"
        " to 22: information about the processing (section 44), access (section 45),"
        " rectification (section 46), and erasure or restriction of processing (section 47)"
    ) in rights
    assert "(Data Protection Act 2018, sections 44(4), 45(4) and 48(3))" in rights
    assert "national security" not in rights  # moved to s78A by the DUAA 2025
    plain = render(with_answers("dsa-antenatal-health-visiting"), tmp_path / "b")[
        "data-sharing-agreement.md"
    ]
    assert "section 45" not in plain and "under UK GDPR Articles 15 to 22" in plain


def test_the_nhs_toolkit_is_named_only_for_the_parties_it_applies_to(tmp_path: Path) -> None:
    doc = with_answers("dsa-offender-management-part3", security_standards=["dspt", "psn"])
    text = render(doc, tmp_path)["data-sharing-agreement.md"]
    assert (
        "1. Northshire and Southvale Mental Health NHS Foundation Trust meets the standards of"
        " the NHS Data Security and Protection Toolkit"
    ) in text
    toolkit = next(line for line in text.splitlines() if "Protection Toolkit" in line)
    for party in ("Northshire Police", "Probation", "Northshire County Council"):
        assert party not in toolkit  # the council receives no NHS data here
    assert "1. Each party meets the Public Services Network (PSN) compliance requirements." in text
    visiting = render(with_answers("dsa-antenatal-health-visiting"), tmp_path / "b")
    assert (
        "and Northshire County Council meet the standards of the NHS Data Security"
        in (visiting["data-sharing-agreement.md"])
    )


def _part3_only() -> dict[str, Any]:
    """The offender management example between the police and probation alone: every
    party handling its criminal offence data processes under Part 3 (a MAPPA agreement)."""
    doc = with_answers("dsa-offender-management-part3")
    answers = doc["answers"]
    keep = {"Northshire Police", "The Probation Service in Northshire"}
    answers["parties"] = [p for p in answers["parties"] if p["name"] in keep]
    answers["data_items"] = [i for i in answers["data_items"] if i["source_party"] in keep]
    fields = {i["field"] for i in answers["data_items"]}
    answers["flows"] = [
        {**f, "items": [i for i in f["items"] if i in fields]}
        for f in answers["flows"]
        if set(f["from_parties"]) <= keep and set(f["to_parties"]) <= keep
    ]
    for key in ("party_bases", "retention", "privacy_notices"):
        answers[key] = [e for e in answers[key] if e["party"] in keep]
    return doc


def test_criminal_offence_data_only_under_part_3_needs_no_art_10_authority(
    tmp_path: Path,
) -> None:
    """UK GDPR Art 10 and DPA 2018 s10(5) govern criminal offence data processed under the
    UK GDPR; a police and probation agreement under Part 3 was refused for lacking them."""
    report = check(_part3_only(), tmp_path / "a")
    assert report["exit_code"] == 0, report["findings"]
    assert "CO-ART10-AUTHORITY" not in {f["rule"] for f in report["findings"]}
    # a party under the UK GDPR handling the same items still needs the authority
    doc = _part3_only()
    doc["answers"]["parties"][1]["regime"] = "uk_gdpr"
    doc["answers"]["party_bases"][1] = {
        "party": "The Probation Service in Northshire",
        "basis": "public_task",
        "legal_source": "Offender Management Act 2007",
    }
    assert "CO-ART10-AUTHORITY" in rule_ids(doc, tmp_path / "b")


def test_duties_are_cited_from_the_law_each_party_processes_under(tmp_path: Path) -> None:
    """Security, breaches and the DPIA were cited from the UK GDPR alone, which does not
    govern law enforcement processing (UK GDPR Art 2(2)(b)): Part 3 has its own sections."""
    only = render(_part3_only(), tmp_path / "a")["data-sharing-agreement.md"]
    for cited in ("section 66)", "section 67)", "section 68)", "section 64)"):
        assert f"(Data Protection Act 2018, {cited}" in only, cited
    for article in ("32", "33(1)", "33(5)", "34", "35"):
        assert f"UK GDPR Article {article})" not in only, article
    mixed = render(with_answers("dsa-offender-management-part3"), tmp_path / "b")[
        "data-sharing-agreement.md"
    ]
    assert (
        "(UK GDPR Article 32; for processing under Part 3, Data Protection Act 2018, section 66)"
    ) in mixed
    plain = render(with_answers("dsa-antenatal-health-visiting"), tmp_path / "c")[
        "data-sharing-agreement.md"
    ]
    assert "(UK GDPR Article 32)" in plain and "section 66" not in plain


def test_principles_and_accountability_are_cited_from_part_3_for_part_3_parties(
    tmp_path: Path,
) -> None:
    """An agreement of police, probation and prison alone cited UK GDPR Articles 4(7), 5,
    13-14, 24, 28 and 82, which do not govern law enforcement processing (UK GDPR Art
    2(2)(b)); Part 3 has its own sections, and where it has none the UK GDPR is not cited."""
    only = render(_part3_only(), tmp_path / "a")["data-sharing-agreement.md"]
    for cited in (
        "section 32)", "section 36)", "section 37)", "section 38(1))", "section 39(1))",
        "section 44)", "section 59(5))", "sections 34(3) and 56)",
    ):  # fmt: skip
        assert f"(Data Protection Act 2018, {cited}" in only, cited
    for article in ("4(7)", "5(1)(b)", "5(1)(c)", "5(1)(d)", "5(1)(e)", "5(2)", "13", "19", "28",
                    "82"):  # fmt: skip
        assert f"UK GDPR Article {article}" not in only, article
        assert f"UK GDPR Articles {article}" not in only, article
    assert "is liable for the damage caused by processing that infringes the UK GDPR" not in only
    mixed = render(with_answers("dsa-offender-management-part3"), tmp_path / "b")[
        "data-sharing-agreement.md"
    ]
    assert (
        "(UK GDPR Articles 5(2) and 24(1); for processing under Part 3, Data Protection Act"
        " 2018, sections 34(3) and 56)"
    ) in mixed
    assert "(UK GDPR Article 82(2) and (3))" in mixed
    assert "(UK GDPR Article 19, for processing under the UK GDPR)" in mixed
