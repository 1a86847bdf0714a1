"""Record kinds: DPIA screening, disclosure decision, processor schedule, notice layers.

Golden Markdown for each example (refresh with `--update-golden` or
SHAREWIZ_UPDATE_GOLDEN=1), the legal content each record must carry, and bad answers.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from sharewiz.cli.app import app
from sharewiz.sets.build import render_answers_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"
RECORD_EXAMPLES = [
    "dpia-screening-supporting-families",
    "disclosure-police-housing",
    "processor-case-management",
    "privacy-notice-school-pupils",
]
runner = CliRunner()


def render(example: str, tmp_path: Path, **changes: Any) -> dict[str, str]:
    """Render an example (with some answers changed or removed) -> {document id: markdown}."""
    data = yaml.safe_load((EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data["answers"].pop(key, None)
        else:
            data["answers"][key] = value
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder per render: no overwrites
    path = folder / f"{example}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = render_answers_file(path, out_dir=folder / "out", formats=["md"])
    return {document.id: document.markdown for document in result.documents}


def section(markdown: str, heading: str) -> str:
    """The text under one `##` heading, up to the next `##` or `#` heading."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^#{{1,2}} |\Z)", markdown, re.M | re.S)
    assert match, f"no section {heading!r}"
    return match.group(1)


# Golden Markdown for every example is compared in test_examples.py.


# -- DPIA screening ----------------------------------------------------------------------


def test_dpia_screening_finds_full_dpia_required_with_reasons(tmp_path: Path) -> None:
    text = render("dpia-screening-supporting-families", tmp_path)["dpia-screening"]
    result = section(text, "Screening result")
    assert "**Result: a full DPIA is required.**" in result
    # the reasons, each with its citation: Art 35(3)(b), the ICO list, WP248rev01
    assert (
        "**Large-scale special category or criminal offence data** (UK GDPR Art 35(3)(b))" in result
    )
    assert "**Data matching** (UK GDPR Art 35(4); ICO list" in result
    assert "**Risk of physical harm**" in result
    assert "**5 of the 9 WP248rev01 criteria are met**" in result
    # every Art 35(3) case and every ICO item is recorded, applying or not
    assert (
        "| Systematic and extensive evaluation with significant effects (UK GDPR Art 35(3)(a)) | No |"
        in text
    )
    assert "| Large-scale monitoring of public areas (UK GDPR Art 35(3)(c)) | No |" in text
    assert "| Data matching | Yes |" in text and "| Tracking | No |" in text
    assert "**Criteria met: 5 of 9.**" in text
    # DPO advice (Art 35(2)), the decision, next steps and the Art 36 note
    assert "as UK GDPR Article 35(2) requires" in text
    assert "will carry out a full DPIA before the processing starts" in text
    assert "consult the ICO before starting (UK GDPR Article 36(1))" in text
    assert (
        "| Decision approved by | Mark Evans | Senior Information Risk Owner | 20 November 2026 |"
        in text
    )


def test_dpia_not_required_when_nothing_applies(tmp_path: Path) -> None:
    text = render(
        "dpia-screening-supporting-families", tmp_path,
        art35_3_triggers=[], ico_triggers=[], wp248_criteria=[], major_project=False,
        decision="no_dpia",
    )["dpia-screening"]  # fmt: skip
    assert "**Result: a DPIA is not required.**" in text
    assert "The screening reached this result because" not in text
    assert "departs from the screening result" not in text
    assert "### Next steps" not in text
    # no DPIA is to be done, so the record does not speak of one yet to come
    assert "No DPIA has been carried out yet" not in text
    assert "prior consultation with the ICO (UK GDPR Article 36(1)) does not arise" in text


def test_dpia_recommended_for_one_criterion_or_a_major_project(tmp_path: Path) -> None:
    text = render(
        "dpia-screening-supporting-families", tmp_path,
        art35_3_triggers=[], ico_triggers=[], wp248_criteria=["large_scale"], major_project=True,
    )["dpia-screening"]  # fmt: skip
    assert "**Result: a DPIA is recommended.**" in text
    assert "**One WP248rev01 criterion is met** (data processed on a large scale)" in text
    assert "ICO Data Sharing Code of Practice" in text


def test_dpia_ico_items_needing_another_criterion(tmp_path: Path) -> None:
    alone = render(
        "dpia-screening-supporting-families", tmp_path,
        art35_3_triggers=[], ico_triggers=["innovative_technology"], wp248_criteria=[],
        major_project=False,
    )["dpia-screening"]  # fmt: skip
    assert "**Result: a DPIA is recommended.**" in alone
    assert "only where combined with a WP248rev01 criterion" in alone
    combined = render(
        "dpia-screening-supporting-families", tmp_path,
        art35_3_triggers=[], ico_triggers=["innovative_technology"],
        wp248_criteria=["vulnerable_people"], major_project=False,
    )["dpia-screening"]  # fmt: skip
    assert "**Result: a full DPIA is required.**" in combined
    assert "**Innovative technology**" in combined


def test_dpia_decision_against_result_is_flagged_and_high_risk_needs_art36(
    tmp_path: Path,
) -> None:
    text = render(
        "dpia-screening-supporting-families", tmp_path,
        decision="no_dpia", residual_risk="high",
    )["dpia-screening"]  # fmt: skip
    assert "**Warning: this decision departs from the screening result.**" in text
    assert "breaches UK GDPR Article 35(1)" in text
    assert "must consult the ICO before the processing starts (UK GDPR Article 36(1))" in text
    assert "Article 36(2)" in text


# -- disclosure decision -----------------------------------------------------------------


def test_disclosure_record_names_sch2_para2_and_records_necessity(tmp_path: Path) -> None:
    text = render("disclosure-police-housing", tmp_path)["disclosure-decision"]
    assert "paragraph 2 of Schedule 2 to the Data Protection Act 2018" in text
    assert "would be likely to prejudice one of those purposes" in text
    assert "### The prejudice test" in text and "the tenant has already" in text
    # the exemption is not a lawful basis: Art 6(1)(ea) with the Annex 1 crime condition
    assert (
        "Recognised legitimate interest (UK GDPR Article 6(1)(ea)): Crime (Annex 1, paragraph 5)"
        in text
    )
    assert "The exemption does not provide a lawful basis" in text
    necessity = section(text, "4. Necessity and proportionality")
    assert "cannot locate the suspect by other means" in necessity
    assert "serious assault" in necessity
    # what was disclosed and withheld, how it was sent, who decided, telling the person
    assert "**Disclose part of what was requested.**" in text
    assert "The names of other occupants" in section(text, "5. Decision")
    assert "UK GDPR Article 5(1)(f) and Article 32" in text
    assert "| Decision made by | Jo Patel | Data Protection Lead | 10 November 2026 |" in text
    assert "has **not** been told" in text and "reviewed by 10 May 2027" in text
    assert "section 29" not in text.lower()  # the repealed DPA 1998 exemption


def test_disclosure_prejudice_not_met_means_no_exemption(tmp_path: Path) -> None:
    text = render("disclosure-police-housing", tmp_path, prejudice_met=False)["disclosure-decision"]
    assert "the prejudice test is not met, so the exemption does not apply" in text
    assert "Provisions set aside" not in text


def test_disclosure_public_authority_cannot_use_rli(tmp_path: Path) -> None:
    # public authority status follows the kind of organisation (issue 13)
    text = render("disclosure-police-housing", tmp_path, discloser_type="local_authority")[
        "disclosure-decision"
    ]
    assert "a public authority cannot rely on recognised legitimate interest" in text
    assert "(UK GDPR Article 6(1), final subparagraph)" in text


def test_disclosure_under_para5_court_order(tmp_path: Path) -> None:
    text = render(
        "disclosure-police-housing", tmp_path,
        route="sch2_para5_required", request_purpose="legal_proceedings",
        legal_requirement="a production order made by Northtown Crown Court on 3 November 2026",
        prejudice_test=None, prejudice_met=None,
    )["disclosure-decision"]  # fmt: skip
    assert "**paragraph 5(2) of Schedule 2 to the Data Protection Act 2018**" in text
    assert "production order made by Northtown Crown Court" in text
    assert "prejudice test" not in text


def test_disclosure_refused_under_a_gateway_with_criminal_offence_data(tmp_path: Path) -> None:
    """A gateway whose title is its citation is not cited twice; the policy document covers
    "the other conditions" only after para 10(2) has lifted one; a person told of a refusal
    is told of the request, not of a disclosure (Arts 13(1)(e) and 14(1)(e) are about
    recipients)."""
    text = render(
        "disclosure-police-housing", tmp_path,
        route="gateway", gateway="crime_disorder_s115", provisions_disapplied=None,
        prejudice_test=None, prejudice_met=None, requester_competent_authority=False,
        lawful_basis="public_task", rli_condition=None,
        legal_source="Crime and Disorder Act 1998, sections 37 and 39",
        criminal_offence_data=True, criminal_condition="schedule1",
        criminal_schedule1_condition="preventing_detecting_unlawful_acts",
        appropriate_policy_document=True,
        outcome="refused", data_withheld="Everything requested.", data_disclosed=None,
        sent_method=None, sent_details=None, disclosed_retention=None,
        subject_told="told", subject_told_reason="The tenant was told of the request.",
        review_telling_date=None,
    )["disclosure-decision"]  # fmt: skip
    assert "relies on a statutory gateway: **Crime and Disorder Act 1998 s115**. Power" in text
    assert "has an appropriate policy document for the conditions relied on that need one" in text
    assert "The person has been or will be told about this request and its refusal." in text
    assert "told about this disclosure" not in text


# -- processor contract schedule ---------------------------------------------------------


ART28_TERMS = {
    "(a)": "only on documented instructions from the Controller, including with regard to transfers",
    "(b)": "committed themselves to confidentiality or are under an appropriate statutory obligation",
    "(c)": "shall take all measures required under UK GDPR Article 32",
    "(d)": "the same data protection obligations as are set out in this schedule",
    "(e)": "requests from people exercising their rights under Chapter III",
    "(f)": "compliance with its obligations under UK GDPR Articles 32 to 36",
    "(g)": "delete existing copies, including in backups",
    "(h)": "allow for and contribute to audits, including inspections",
}


def test_processor_schedule_has_every_art28_3_term(tmp_path: Path) -> None:
    text = render("processor-case-management", tmp_path)["processor-contract"]
    for point, wording in ART28_TERMS.items():
        assert f"(UK GDPR Article 28(3){point}" in text, point
        assert wording in text, point
    assert "(UK GDPR Article 28(3), final subparagraph)" in text
    assert "(UK GDPR Article 29)" in text
    assert "prior specific" not in text and "general written authorisation" in text
    assert "(UK GDPR Article 28(2))" in text and "fully liable" in text
    # the time limits for answering requests are Art 12A's since DUAA 2025 s76
    assert "respond within the time limits in UK GDPR Article 12A." in text
    assert "Article 12(3)" not in text


def test_processor_schedule_says_it_is_not_a_dsa_and_has_art28_3_details(tmp_path: Path) -> None:
    text = render("processor-case-management", tmp_path)["processor-contract"]
    first = text.split("## ", 1)[0]
    assert "**This is not a data sharing agreement.**" in first
    assert "UK GDPR Article 28(10)" in first
    details = section(text, "Details of the processing")
    for label in ("Subject matter", "Duration", "Nature of the processing",
                  "Purpose of the processing", "Types of personal data",
                  "Categories of data subjects"):  # fmt: skip
        assert f"**{label}:**" in details, label
    assert "# Annex A: Security measures" in text and "- Encryption in transit" in text
    assert (
        "| UK Cloud Hosting Ltd | data centre hosting and backup storage | United Kingdom |" in text
    )


def test_processor_schedule_closes_one_line_answers_and_names_the_transfer_mechanism(
    tmp_path: Path,
) -> None:
    """A one-line nature or purpose still ends its item with a full stop, and the transfer
    mechanism keeps its own capitals ("UK Addendum", "Art 49(1)") rather than being
    lowered into a sentence that wants an article."""
    text = render(
        "processor-case-management", tmp_path,
        nature="hosting, storage, backup and support",
        purpose="to record support given to service users.",
        transfers_allowed=True, transfer_destinations="the United States",
        transfer_mechanism="idta_addendum",
    )["processor-contract"]  # fmt: skip
    assert "1. **Nature of the processing:** hosting, storage, backup and support.\n" in text
    assert "1. **Purpose of the processing:** to record support given to service users.\n" in text
    assert (
        "The transfer mechanism relied on is: International Data Transfer Agreement or UK "
        "Addendum (UK GDPR Art 46(2)(d); DPA 2018 s119A)."
    ) in text
    assert "uk addendum" not in text


def test_processor_schedule_is_numbered(tmp_path: Path) -> None:
    from sharewiz.sets.build import read_answers

    tree, _file, _answers = read_answers(EXAMPLES / "processor-case-management.yaml")
    assert [d.numbered for d in tree.documents] == [True]


def test_processor_specific_authorisation_and_transfers(tmp_path: Path) -> None:
    text = render(
        "processor-case-management", tmp_path,
        subprocessor_authorisation="specific", objection_days=None, subprocessors=[],
        transfers_allowed=True, transfer_destinations="India, for second-line support",
        transfer_mechanism="idta_addendum",
    )["processor-contract"]  # fmt: skip
    assert "prior specific written authorisation (UK GDPR Article 28(2))" in text
    assert "No sub-processors are authorised" in text and "Annex B" not in text
    assert "India, for second-line support" in text


# -- privacy notice layers ---------------------------------------------------------------


def test_school_notice_has_summary_and_young_peoples_version(tmp_path: Path) -> None:
    docs = render("privacy-notice-school-pupils", tmp_path)
    assert list(docs) == [
        "privacy-notice", "privacy-notice-summary", "privacy-notice-young-people"
    ]  # fmt: skip
    summary = docs["privacy-notice-summary"]
    assert (
        "Read the full privacy notice at https://www.northtown-school.example.sch.uk/privacy"
        in summary
    )
    assert "(legal obligation)" in summary and "ClassTrack Ltd" in summary
    young = docs["privacy-notice-young-people"]
    assert "# How we use your information" in young
    assert "- To keep you safe and look after your health." in young
    assert "ask your form tutor or the school office" in young
    assert "UK GDPR Article 12(1)" in young
    assert "Education Act 1996, section 537A" in docs["privacy-notice"]


def test_young_peoples_version_only_when_asked_for(tmp_path: Path) -> None:
    docs = render("privacy-notice-school-pupils", tmp_path, audience_includes_children=False)
    assert list(docs) == ["privacy-notice", "privacy-notice-summary"]


def test_version_1_answers_stay_valid(tmp_path: Path) -> None:
    # written for tree version 1, before audience_includes_children existed
    docs = render("privacy-notice-council-adult-social-care", tmp_path)
    assert list(docs) == ["privacy-notice", "privacy-notice-summary"]
    assert "Ask us for the full privacy notice" in docs["privacy-notice-summary"]


# -- bad answers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("example", "missing"),
    [
        ("dpia-screening-supporting-families", "decision"),
        ("disclosure-police-housing", "necessity"),
        ("processor-case-management", "end_of_contract"),
    ],
)
def test_missing_required_answer_fails_naming_it(
    example: str, missing: str, tmp_path: Path
) -> None:
    data = yaml.safe_load((EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8"))
    del data["answers"][missing]
    path = tmp_path / "answers-in.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = runner.invoke(app, ["render", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "required answer(s) missing" in result.output
    assert f"  {missing}: " in result.output
    assert not (tmp_path / "out").exists()


def test_prejudice_test_is_required_for_the_crime_exemption(tmp_path: Path) -> None:
    data = yaml.safe_load((EXAMPLES / "disclosure-police-housing.yaml").read_text("utf-8"))
    del data["answers"]["prejudice_test"]
    path = tmp_path / "answers-in.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = runner.invoke(app, ["render", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "  prejudice_test: " in result.output


def test_unknown_choice_is_rejected(tmp_path: Path) -> None:
    data = yaml.safe_load((EXAMPLES / "dpia-screening-supporting-families.yaml").read_text("utf-8"))
    data["answers"]["art35_3_triggers"] = ["large_scale_special_category", "not_a_trigger"]
    path = tmp_path / "answers-in.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = runner.invoke(app, ["render", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "art35_3_triggers" in result.output and "not_a_trigger" in result.output
