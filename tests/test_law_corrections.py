"""Issue 13: each corrected statement of law, checked where an officer or the public would
read it (the knowledge base and rendered documents). Each test fails on the old text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from law_helpers import ROOT, render, rule_ids, with_answers

COUNCIL_PN = "privacy-notice-council-adult-social-care"
CHARITY_PN = "privacy-notice-charity-food-bank"
SCHOOL_PN = "privacy-notice-school-pupils"
DD = "disclosure-police-housing"
ISP = "protocol-northshire-partnership"


def kb(collection: str) -> dict[str, dict[str, Any]]:
    doc = yaml.safe_load((ROOT / "knowledge" / f"{collection}.yaml").read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in doc["entries"]}


def text_of(entry: dict[str, Any]) -> str:
    return " ".join(
        str(entry.get(k, "")) for k in ("title", "summary", "explanation", "limits", "citation")
    )


def flat(text: str) -> str:
    return " ".join(text.split())


def notice(doc: dict[str, Any], tmp_path: Path, name: str = "privacy-notice.md") -> str:
    return flat(render(doc, tmp_path)[name])


# --- 1-7: wrong or defective text in documents ----------------------------------------


def test_1_art9g_notice_names_the_schedule1_condition(tmp_path: Path) -> None:
    text = notice(with_answers(SCHOOL_PN), tmp_path)
    assert "[number and name" not in text
    assert "Article 9(2)(g)" in text
    assert "statutory and government purposes (Schedule 1, Part 2, paragraph 6)" in text


def test_2_recognised_legitimate_interest_names_the_annex1_condition(tmp_path: Path) -> None:
    doc = with_answers(
        CHARITY_PN,
        purposes=[
            {
                "description": "to pass safeguarding concerns to the council",
                "basis": "recognised_legitimate_interest",
                "rli_condition": "safeguarding_vulnerable",
            }
        ],
    )
    text = notice(doc, tmp_path)
    assert "[the Annex 1 condition" not in text and "namely [" not in text
    assert "safeguarding vulnerable individuals (Annex 1, paragraph 6)" in text


def test_3_automated_decisions_describe_the_safeguards(tmp_path: Path) -> None:
    doc = with_answers(
        CHARITY_PN,
        automated_decisions=True,
        automated_logic="We score the referral.",
        automated_consequences="It decides how many parcels you get.",
        automated_authority="explicit_consent",
    )
    text = notice(doc, tmp_path)
    assert "[Or:" not in text
    assert "We do not make decisions about you based solely on automated processing" not in text
    assert "make representations about it, ask for a person to intervene" in text
    assert "Article 22C" in text


def test_4_para10_disclosure_to_competent_authority_needs_no_policy_document(
    tmp_path: Path,
) -> None:
    doc = with_answers(
        DD,
        special_category_data=True,
        art9_condition="substantial_public_interest",
        schedule1_condition="preventing_detecting_unlawful_acts",
    )
    text = flat(render(doc, tmp_path)["disclosure-decision.md"])
    assert "must have in place" not in text
    assert "met without an appropriate policy document" in text and "paragraph 10(2)" in text
    assert "APD" not in "".join(rule_ids(doc, tmp_path))


def test_5_disclosure_health_data_needs_its_own_art9_condition(tmp_path: Path) -> None:
    doc = with_answers(DD, special_category_data=True)
    assert "SC-ART9-CONDITION" in rule_ids(doc, tmp_path)
    # a criminal-only (Part 3) condition is no longer a choice for special category data
    questions = yaml.safe_load((ROOT / "questions" / "disclosure-decision.yaml").read_text())
    asked = {q["id"]: q for s in questions["sections"] if "questions" in s for q in s["questions"]}
    assert asked["schedule1_condition"]["choices_filter"] == "entry.data.part in [1, 2]"
    assert "extended_condition" in asked


def test_6_disclosure_record_has_the_annex_b_fields(tmp_path: Path) -> None:
    text = flat(render(with_answers(DD), tmp_path)["disclosure-decision.md"])
    for words in (
        "Relationship between",
        "Will a data sharing agreement follow?",
        "Data protection impact assessment:",
        "The data protection officer's view:",
        "This record is kept:",
        "The information disclosed is kept:",
        "Signed by the decision maker:",
    ):
        assert words in text, words


def test_7_council_notice_on_legitimate_interests_shows_a_warning(tmp_path: Path) -> None:
    doc = with_answers(
        COUNCIL_PN,
        purposes=[
            {
                "description": "to assess needs",
                "basis": "legitimate_interests",
                "legitimate_interest": "running services",
            }
        ],
    )
    assert "LB-PUBLIC-AUTHORITY-LI" in rule_ids(doc, tmp_path)
    assert "Warning: not ready to publish" in notice(doc, tmp_path)


# --- wrong law in the knowledge base ----------------------------------------------------


def test_para21_is_about_relatives_of_a_scheme_member() -> None:
    entry = text_of(kb("schedule1_conditions")["occupational_pensions"])
    assert "parent, grandparent, great-grandparent or sibling" in flat(entry)


def test_three_policy_document_exceptions() -> None:
    doc = yaml.safe_load((ROOT / "knowledge" / "schedule1_conditions.yaml").read_text())
    description = flat(doc["description"])
    assert (
        "para 10(2)" in description and "para 13(3)" in description and "para 27(3)" in description
    )
    assert "para 27(3)" in flat(text_of(kb("schedule1_conditions")["anti_doping_in_sport"]))


def test_para18_reasonable_cause_to_suspect() -> None:
    entry = flat(text_of(kb("schedule1_conditions")["safeguarding_children_individuals_at_risk"]))
    assert "reasonable cause to suspect" in entry


def test_duaa_schedule_11_wording() -> None:
    para10 = kb("schedule1_conditions")["preventing_detecting_unlawful_acts"]
    assert para10["title"] == "Preventing etc unlawful acts"
    assert "investigat" in para10["summary"]
    assert "courts or tribunals" in flat(text_of(kb("art9_conditions")["legal_claims_judicial"]))
    dd = (ROOT / "questions" / "fragments" / "request-details.yaml").read_text()
    assert "prevention, investigation or detection of crime" in dd


def test_s251a_inserted_by_s2() -> None:
    entry = flat(text_of(kb("gateways")["hsca_2012_s251b"]))
    assert "s251A (by s2)" in entry or "s251A (inserted by s2" in entry


def test_art6_3_relevant_international_law() -> None:
    for basis in ("public_task", "legal_obligation"):
        assert "relevant international law" in flat(text_of(kb("lawful_bases")[basis]))


def test_erasure_limited_under_public_task(tmp_path: Path) -> None:
    bases = kb("lawful_bases")
    assert bases["public_task"]["data"]["rights"]["erasure"] == "limited"
    assert bases["legal_obligation"]["data"]["rights"]["erasure"] == "limited"
    text = notice(with_answers(COUNCIL_PN), tmp_path)
    assert "Right to erasure" in text and "applies only in limited circumstances" in text


def test_art12a_response_period(tmp_path: Path) -> None:
    assert "Art 12A" in flat(text_of(kb("rights")["access"]))
    text = notice(with_answers(COUNCIL_PN), tmp_path)
    assert "We will normally reply within one month." not in text
    assert "Article 12A" in text


def test_art49_second_subparagraph_and_art45a(tmp_path: Path) -> None:
    entry = kb("transfer_mechanisms")["compelling_legitimate_interests"]
    assert entry["data"]["copy_of_safeguards"] is True
    help_text = (ROOT / "questions" / "privacy-notice.yaml").read_text()
    assert "(adequacy regulations)" not in help_text


def test_complaints_follow_the_commencement_date(tmp_path: Path) -> None:
    early = notice(with_answers(COUNCIL_PN, document_date="2026-04-01"), tmp_path / "a")
    late = notice(with_answers(COUNCIL_PN, document_date="2026-07-01"), tmp_path / "b")
    assert "section 164A" not in early and "Article 77" in early
    assert "section 164A" in late and "section 165" in late


def test_young_peoples_notice_reads_the_regulator_from_the_knowledge_base(tmp_path: Path) -> None:
    text = flat(render(with_answers(SCHOOL_PN), tmp_path)["privacy-notice-young-people.md"])
    assert "gives everything UK GDPR Articles 13 and 14 require" not in text
    phone = kb("rights")["complaint_to_ico"]["data"]["regulator_phone"]
    assert phone in text
    template = (ROOT / "templates" / "privacy-notice" / "young-people.md.j2").read_text()
    assert phone not in template


def test_caldicott_guardian_after_the_2021_guidance(tmp_path: Path) -> None:
    entry = flat(text_of(kb("governance_roles")["caldicott_guardian"]))
    assert "2021" in entry and "adult carer support" in entry and "contracted" in entry
    text = flat(render(with_answers(ISP), tmp_path)["information-sharing-protocol.md"])
    assert (
        "Partners that are NHS bodies, or local authorities with adult social care responsibilities"
        not in text
    )
    assert "National Data Guardian guidance, 2021" in text


def test_young_peoples_notice_states_portability_exactly_where_the_full_notice_does(
    tmp_path: Path,
) -> None:
    """The right to data portability (UK GDPR Art 20) is in the young people's version, in
    plain words with its citation in the note for adults, exactly where the full notice
    states it: under consent or contract, never under public task (Art 20(3)) or another
    basis."""

    def purpose(basis: str) -> dict[str, str]:
        return {"description": f"to run the service ({basis})", "basis": basis,
                "legal_source": "the Education Act 1996", "statutory_function": "no",
                "legitimate_interest": "to run the after-school club"}  # fmt: skip

    plain = "in a form a computer can read, or to send it straight to another organisation"
    consented = " because you or your parent or carer said yes"
    agreed = " because you have an agreement with us"
    # bases -> (the end of the plain words, the citation in the note), or None for neither
    cases: dict[tuple[str, ...], tuple[str, str] | None] = {
        ("public_task",): None,
        ("legal_obligation", "legitimate_interests"): None,
        ("contract",): ("", "Data portability: UK GDPR Article 20."),
        ("public_task", "consent"): (
            f", if we use it{consented}",
            "Data portability: UK GDPR Article 20, where we rely on consent.",
        ),
        ("contract", "public_task", "consent"): (
            f", if we use it{agreed} or{consented}",
            "Data portability: UK GDPR Article 20, where we rely on contract or consent.",
        ),
    }
    for number, (bases, expected) in enumerate(cases.items()):
        doc = with_answers(SCHOOL_PN, purposes=[purpose(b) for b in bases])
        docs = render(doc, tmp_path / str(number))
        full = flat(docs["privacy-notice.md"])
        young = docs["privacy-notice-young-people.md"]
        assert ("Right to data portability" in full) == (expected is not None), bases
        if expected is None:
            assert "computer" not in young and "portability" not in young, bases
            continue
        words, citation = expected
        assert f"- to give you the information you gave us {plain}{words}\n" in young, bases
        assert citation in flat(young), bases
