"""An exception to an organisation's kind (public authority or not) counts only with its
reason, in the wizard's conditions and defaults exactly as in the law's facts.

The law (DPA 2018 s7) settles the status from the kind of organisation; the
"is it an exception?" answer turns it over only when the reason is given
(`sharewiz.model.public_authority`). The trees read that one rule through the
`is_public_authority` filter, so a "yes" with no reason no longer makes a charity look
public to the defaults (a DPO asked for) while `sharewiz check` counts it a charity and
reports only the reason missing. Run through the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from law_helpers import check, with_answers

NOTICE = "privacy-notice-charity-food-bank"  # a charity: not a public authority by its kind
DISCLOSURE = "disclosure-police-housing"  # a housing association discloses: not public
REASON = "Designated under the Freedom of Information Act 2000, section 5, for this work"


def findings(report: dict[str, Any]) -> dict[str, str]:
    return {finding["rule"]: finding["message"] for finding in report["findings"]}


def test_a_notice_exception_without_its_reason_asks_only_for_the_reason(tmp_path: Path) -> None:
    """Whether the charity has a DPO is left to its default: without the reason the charity
    is not a public authority, so no DPO is presumed and only the reason is missing; with
    it, the charity is one (a DPO's contact details are then needed, Art 37(1)(a))."""
    without = with_answers(NOTICE, public_authority_override=True, has_dpo=...)
    report = check(without, tmp_path / "without")
    assert report["missing"] == ["public_authority_reason"]
    assert report["exit_code"] == 1
    assert not {"PN-DPO-CONTACT", "PN-DPO-PUBLIC-AUTHORITY", "PA-OVERRIDE"} & set(findings(report))

    blank = with_answers(NOTICE, public_authority_override=True, public_authority_reason=" ")
    assert check(blank, tmp_path / "blank")["missing"] == ["public_authority_reason"]

    given = with_answers(
        NOTICE, public_authority_override=True, public_authority_reason=REASON, has_dpo=...
    )
    report = check(given, tmp_path / "given")
    assert "public_authority_reason" not in report["missing"]
    assert "dpo_email" in report["missing"]  # a public authority: has_dpo defaults to yes
    assert findings(report)["PA-OVERRIDE"].startswith(
        "Northtown Community Food Bank (registered charity 1190000) is treated as a public"
        " authority, although organisations of its kind usually are not, because:"
        f' "{REASON}".'
    )


def test_a_disclosure_exception_without_its_reason_keeps_the_kinds_basis(tmp_path: Path) -> None:
    """The lawful basis the disclosure record suggests follows the status the checks count:
    a housing association's "yes" with no reason keeps the recognised legitimate interest
    (Art 6(1)(ea)) of a body that is not public, instead of public task, which then asked
    for the law giving a task the association does not have."""
    without = with_answers(DISCLOSURE, discloser_public_authority_override=True, lawful_basis=...)
    report = check(without, tmp_path / "without")
    assert report["missing"] == ["discloser_public_authority_reason"]
    assert not set(findings(report))

    given = with_answers(
        DISCLOSURE,
        discloser_public_authority_override=True,
        discloser_public_authority_reason=REASON,
        lawful_basis=...,
    )
    report = check(given, tmp_path / "given")
    assert report["missing"] == ["legal_source"]  # public task: which law gives the task
    assert {"PA-OVERRIDE", "LB-LEGAL-SOURCE"} <= set(findings(report))


def test_a_school_treated_as_not_public_reads_as_a_sentence(tmp_path: Path) -> None:
    """PA-OVERRIDE's message in the other direction: a school that is not a public
    authority (the words were run together, 'treated as nota public authority')."""
    doc = with_answers(
        NOTICE,
        controller_type="school",
        public_authority_override=True,
        public_authority_reason="An independent school, not an academy",
    )
    message = findings(check(doc, tmp_path))["PA-OVERRIDE"]
    assert (
        "is treated as not a public authority, although organisations of its kind usually"
        ' are, because: "An independent school, not an academy".'
    ) in message
