"""Issue 14: a Part 3 party's rights are DPA 2018 ss44-48, and the NHS Data Security and
Protection Toolkit is named only for the parties it applies to."""

from __future__ import annotations

from pathlib import Path

from law_helpers import render, with_answers


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
