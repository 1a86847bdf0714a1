"""Information sharing protocol and data sharing agreement kinds: goldens and legal content."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest

from sharewiz.law.knowledge import load_knowledge
from sharewiz.model.arrangement import build_arrangement
from sharewiz.render.docx.writer import render_docx
from sharewiz.render.engine import RenderedDocument, render_set
from sharewiz.render.meta import DocMeta
from sharewiz.sets.build import load_kind, read_answers, render_answers_file

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
PROTOCOL = ROOT / "examples" / "protocol-northshire-partnership.yaml"
ANTENATAL = ROOT / "examples" / "dsa-antenatal-health-visiting.yaml"
FAMILIES = ROOT / "examples" / "dsa-supporting-families.yaml"
HEALTH_VISITING = ROOT / "examples" / "dsa-health-visiting-two-trusts-ten-councils.yaml"
OFFENDERS = ROOT / "examples" / "dsa-offender-management-part3.yaml"
EXAMPLES = [PROTOCOL, ANTENATAL, FAMILIES]


def render(path: Path, changes: dict[str, Any] | None = None) -> dict[str, str]:
    """Render an example (with some answers changed) to {document id: Markdown}."""
    tree, _file, answers = read_answers(path)
    answers = copy.deepcopy(answers)
    answers.update(changes or {})
    documents = render_set(tree, answers, kb=load_knowledge())
    return {document.id: document.markdown for document in documents}


def clause_headings(markdown: str) -> list[str]:
    return re.findall(r"^## (.+)$", markdown, flags=re.MULTILINE)


# Golden Markdown for every example is compared in test_examples.py.


def test_dsa_kind_writes_agreement_and_privacy_wording(tmp_path: Path) -> None:
    result = render_answers_file(ANTENATAL, out_dir=tmp_path, formats=["md", "docx"])
    names = sorted(path.name for path in result.files)
    assert names == [
        "answers.yaml",
        "data-sharing-agreement.docx",
        "data-sharing-agreement.md",
        "privacy-notice-wording.docx",
        "privacy-notice-wording.md",
    ]
    numbered = {document.id: document.numbered for document in result.documents}
    assert numbered == {"data-sharing-agreement": True, "privacy-notice-wording": False}


# -- the protocol -------------------------------------------------------------------------


def test_protocol_contents() -> None:
    text = render(PROTOCOL)["information-sharing-protocol"]
    assert clause_headings(text) == [
        "Introduction and purpose",
        "Partners",
        "Scope",
        "Principles",
        "Legal framework",
        "Roles and responsibilities",
        "Security",
        "Training",
        "Personal data breaches",
        "Individuals' rights",
        "Complaints",
        "Transparency",
        "Data sharing agreements",
        "Governance and review",
        "Joining and leaving",
        "Freedom of information and publication",
        "Resolving disagreements",
        "Governing law",
    ]
    # The legal framework: UK GDPR/DPA 2018, HRA 1998 Art 8, confidentiality, gateways
    assert "Human Rights Act 1998" in text and "Article 8" in text and "section 6" in text
    assert "common law duty of confidentiality" in text
    assert "**Children Act 2004 s10**" in text
    assert "**Health and Social Care Act 2012 s251B (duty to share for direct care)**" in text
    # Standards: breach reporting to partners and the ICO, rights, s164A complaints
    assert "tells each partner affected within 24 hours" in text
    assert "within 72 hours of becoming aware of it (UK GDPR Article 33(1))" in text
    assert "section 164A, in force from 19 June 2026" in text
    assert "The next review is due by 1 September 2027" in text
    # NHS partner: the Caldicott Principles are included
    assert "eight Caldicott Principles" in text
    # Signatures: a table with a Signature column, one row per partner's signatory
    signature = text.split("# Signatures", 1)[1].split("\n# ", 1)[0]
    assert (
        "| Organisation | Signed by (name and job title) | Signs as | Signature | Date (dd/mm/yyyy) |"
        in signature
    )
    assert signature.count("| | |") == 4


def test_protocol_leaves_out_caldicott_and_flags_processors() -> None:
    tree, _file, answers = read_answers(PROTOCOL)
    parties = copy.deepcopy(answers["parties"])
    parties[3]["role"] = "processor"
    text = render(PROTOCOL, {"caldicott": False, "parties": parties})[
        "information-sharing-protocol"
    ]
    assert "Caldicott Principles" not in text and "Caldicott Guardian, who" not in text
    assert "> **Check this:** Northshire Family Support Trust is recorded as a processor" in text
    signature = text.split("# Signatures", 1)[1]
    assert "Northshire Family Support Trust" not in signature


# -- the data sharing agreement -----------------------------------------------------------


def test_dsa_has_every_required_item() -> None:
    text = render(ANTENATAL)["data-sharing-agreement"]
    headings = clause_headings(text)
    for required in [
        "Parties and their roles",
        "Purpose and benefits",
        "The information shared",
        "Data flows",
        "Lawful basis and legal power",
        "Special category and criminal offence data",
        "Security",
        "Accuracy",
        "Retention and deletion",
        "Individuals' rights and complaints",
        "Transparency",
        "Personal data breaches",
        "Data protection impact assessment",
        "Review, variation and termination",
        "Definitions and interpretation",
        "Duration",
        "Freedom of information and publication",
        "Dispute resolution and escalation",
        "Responsibility between the parties",
        "Governing law and jurisdiction",
    ]:
        assert required in headings
    # Parties and roles
    assert "| Northshire County Council | Controller (local authority, public authority) |" in text
    assert "Each party is a separate controller" in text
    # A lawful basis per party, with its basis in law and gateway
    basis_rows = re.findall(r"^\| .+ \| .+ \| Public task \(Article 6\(1\)\(e\)\) \|", text, re.M)
    assert len(basis_rows) == 3
    assert "Health and Social Care Act 2012 s251B" in text
    # Data items and flows tables
    schedule = text.split("# Schedule 1: Data items", 1)[1].split("\n# ", 1)[0]
    assert (
        "| No. | Data item | Description and why it is needed | Kind of data | Supplied by |"
        in schedule
    )
    assert "| 3 | Estimated date of delivery and booking date |" in schedule
    assert "Only the data items listed in Schedule 1 are shared." in text
    assert "| From | To | Data items | How and how often | Legal power |" in text
    assert "Secure file transfer (SFTP)" in text
    # Art 9(2)(h) with Sch 1 para 2 and the Art 9(3) secrecy safeguard
    assert "UK GDPR Article 9(2)(h)" in text
    assert "Schedule 1, Part 1, paragraph 2; section 10(2)" in text
    assert "Article 9(3)" in text
    # Retention per party, review date, the protocol, signatures
    assert "| Northshire County Council | as part of the child's health record" in text
    assert "The next review is due by 1 October 2027" in text
    assert "made under the Northshire Information Sharing Protocol (version 2.0)" in text
    signature = text.split("# Signatures", 1)[1].split("\n# ", 1)[0]
    assert (
        "| Organisation | Signed by (name and job title) | Signs as | Signature | Date (dd/mm/yyyy) |"
        in signature
    )
    # one row per signatory: the council also has its data protection officer sign
    assert signature.count("| | |") == 4
    assert (
        "| Northshire County Council | Marcus Reid, Head of Information Governance and" in signature
    )
    assert (
        "| Dr Alan Okafor, Medical Director and Caldicott Guardian | Caldicott Guardian |"
        in signature
    )


def test_joint_controller_arrangement_only_for_joint_controllers() -> None:
    separate = render(ANTENATAL)["data-sharing-agreement"]
    joint = render(FAMILIES)["data-sharing-agreement"]
    assert "Joint controllers' arrangement" not in clause_headings(separate)
    assert "Article 26" not in separate.split("## Purpose", 1)[0]
    assert "Joint controllers' arrangement" in clause_headings(joint)
    assert "**Rights requests.** Northshire County Council handles requests" in joint
    assert "Its essence is made available to them in the Supporting Families privacy" in joint
    assert "against each joint controller (UK GDPR Article 26(3))" in joint


def test_processor_is_flagged_and_does_not_sign() -> None:
    _tree, _file, answers = read_answers(FAMILIES)
    processor = {
        **answers["parties"][0],
        "name": "DataMatch Analytics Ltd",
        "role": "processor",
        "public_authority": False,
        "signatories": [{"name": "Owen Price", "job_title": "Director", "role": "senior_officer"}],
    }
    text = render(FAMILIES, {"parties": [*answers["parties"], processor]})["data-sharing-agreement"]
    assert "> **Check this:** DataMatch Analytics Ltd is recorded as a processor" in text
    assert "| DataMatch Analytics Ltd |" not in text
    assert "Owen Price" not in text


def test_schedule1_condition_only_when_the_art9_condition_needs_it() -> None:
    needs = render(ANTENATAL)["data-sharing-agreement"]
    assert (
        "meeting the condition of health or social care purposes (Data Protection Act 2018, Schedule 1, Part 1, paragraph 2; section 10(2))"
        in needs
    )
    # Art 9(2)(a) explicit consent needs no Schedule 1 condition: the question is not asked
    # and a stale answer to it is ignored.
    tree, _file, answers = read_answers(ANTENATAL)
    bases = [{**b, "art9_condition": "explicit_consent"} for b in answers["party_bases"]]
    explicit = render(ANTENATAL, {"party_bases": bases})["data-sharing-agreement"]
    assert "UK GDPR Article 9(2)(a)" in explicit
    assert "The condition in Schedule 1" not in explicit
    assert "Article 9(3)" not in explicit


def test_no_special_category_section_without_sensitive_data() -> None:
    tree, _file, answers = read_answers(ANTENATAL)
    items = [
        {**item, "special_category": False, "special_category_type": None}
        for item in answers["data_items"]
    ]
    text = render(
        ANTENATAL,
        {"data_items": items},
    )["data-sharing-agreement"]
    assert "Special category and criminal offence data" not in clause_headings(text)
    assert "Article 9(2)" not in text


def test_criminal_offence_data_and_appropriate_policy_document() -> None:
    text = render(FAMILIES)["data-sharing-agreement"]
    assert (
        "| Northshire Police | Domestic abuse incidents attended (date, household, whether"
        " children present); Offending and anti-social behaviour (adults and children, last 12"
        " months) (criminal offence) | Under the control of official authority (UK GDPR Article 10) |"
    ) in text
    assert "Schedule 1, Part 2, paragraph 6" in text
    assert (
        "1. Department for Work and Pensions has an appropriate policy document for the"
        " condition of statutory and government purposes"
    ) in text
    assert "UK GDPR Article 9(2)(g)" in text


def test_dpia_in_progress_stops_sharing() -> None:
    text = render(FAMILIES)["data-sharing-agreement"]
    assert "No information is shared under this agreement until it is complete" in text
    done = render(ANTENATAL)["data-sharing-agreement"]
    assert "has been completed for this sharing, reference DPIA-2026-031" in done


def test_public_authority_on_legitimate_interests_is_flagged() -> None:
    tree, _file, answers = read_answers(ANTENATAL)
    bases = copy.deepcopy(answers["party_bases"])
    bases[2] = {
        "party": "Northshire County Council",
        "basis": "legitimate_interests",
        "legal_source": None,
        "rli_condition": None,
        "legitimate_interest": "offering health visiting",
        "gateways": [],
    }
    text = render(ANTENATAL, {"party_bases": bases})["data-sharing-agreement"]
    assert "> **Check this:** Northshire County Council is a public authority relying" in text
    assert "Check this" not in render(ANTENATAL)["data-sharing-agreement"]


def test_privacy_wording_per_party() -> None:
    text = render(FAMILIES)["privacy-notice-wording"]
    assert clause_headings(text) == [
        "Northshire County Council",
        "Northshire Police",
        "Department for Work and Pensions",
        "Northshire Learning Trust",
    ]
    council = text.split("## Northshire Police", 1)[0]
    assert "We share information with Northshire Police." in council
    assert "We receive information from Department for Work and Pensions" in council
    assert "our lawful basis is public task (UK GDPR Article 6(1)(e))" in council
    assert "How long it is kept:" in council
    assert "are joint controllers of this information" in council
    dwp = text.split("## Department for Work and Pensions", 1)[1].split("## Northshire", 1)[0]
    assert "joint controllers" not in dwp
    assert "We share information with Northshire County Council." in dwp
    # Each party's wording lists only its own items: the school sends no police data
    school = text.split("## Northshire Learning Trust", 1)[1]
    assert "School attendance" in school
    assert "Offending" not in school
    assert "criminal offences" not in school
    assert "special category" not in school
    assert "Disability and health-related benefit indicator is special category data" in dwp


def test_privacy_wording_states_each_art9_condition_in_its_own_words() -> None:
    """Explicit consent is not something processing is "necessary for": each party's
    wording uses the condition's own notice wording (a Part 2 condition then named with
    its paragraph), and the items continue the sentence that names them in lower case."""
    tree, _file, answers = read_answers(FAMILIES)
    bases = copy.deepcopy(answers["party_bases"])
    dwp = next(b for b in bases if b["party"] == "Department for Work and Pensions")
    dwp.update(art9_condition="explicit_consent", schedule1_condition=None)
    text = render(FAMILIES, {"party_bases": bases})["privacy-notice-wording"]
    dwp_text = text.split("## Department for Work and Pensions", 1)[1].split("## Northshire", 1)[0]
    assert (
        "Disability and health-related benefit indicator is special category data. We "
        "process this information with your explicit consent (UK GDPR Article 9(2)(a)), "
        "which you can withdraw at any time."
    ) in dwp_text
    assert "necessary for explicit consent" not in text
    council = text.split("## Northshire Police", 1)[0]
    assert (
        "because it is necessary for reasons of substantial public interest (UK GDPR Article "
        "9(2)(g))"
    ) in council
    assert (
        "The condition in Schedule 1 to the Data Protection Act 2018 that we meet is statutory "
        "and government purposes (Schedule 1, Part 2, paragraph 6)."
    ) in council
    assert "For names, dates of birth, addresses and unique pupil numbers" in council


def test_freedom_of_information_exemptions_name_their_act() -> None:
    """The exemptions' section numbers are the Freedom of Information Act 2000's: the
    clause says so, and under Scots law points to the Scottish Act's own exemptions
    rather than giving a Scottish authority the 2000 Act's numbers."""
    english = render(FAMILIES)["data-sharing-agreement"]
    assert (
        "(for example, under the Freedom of Information Act 2000, personal information, "
        "section 40; information provided in confidence, section 41; commercial interests, "
        "section 43), rests with the party that received the request, which answers within "
        "the time the Act allows."
    ) in english
    scottish = render(FAMILIES, {"governing_law": "scotland"})["data-sharing-agreement"]
    assert (
        "commercial interests, section 43; or the corresponding exemptions of the Freedom "
        "of Information (Scotland) Act 2002), rests with the party that received the "
        "request, which answers within the time the Act that applies to it allows."
    ) in scottish


def test_part3_party_gets_its_part3_condition_and_no_art6_basis() -> None:
    _tree, _file, answers = read_answers(FAMILIES)
    parties = copy.deepcopy(answers["parties"])
    parties[1]["regime"] = "part3"
    bases = copy.deepcopy(answers["party_bases"])
    bases[1] = {
        "party": "Northshire Police",
        "part3_condition": "s35_task",
        "part3_authority": "Crime and Disorder Act 1998, section 115",
    }
    docs = render(FAMILIES, {"parties": parties, "party_bases": bases})
    agreement, wording = docs["data-sharing-agreement"], docs["privacy-notice-wording"]
    assert not re.search(r"^\| Northshire Police \|[^\n]*Article 6", agreement, re.M)
    assert re.search(
        r"^\| Northshire Police \| [^\n]* \| Necessary for a law enforcement task of a competent "
        r"authority \(Data Protection Act 2018, section 35\(2\)\(b\)\) \|",
        agreement,
        re.M,
    )
    assert "under Part 3 of that Act. The UK GDPR does not apply" in agreement
    police = wording.split("## Northshire Police", 1)[1].split("## Department", 1)[0]
    assert "Article 6" not in police
    assert "(section 35(2)(b))" in police
    assert "Crime and Disorder Act 1998, section 115 (section 36(4))" in police
    assert "sections 44(4), 45(4) and 48(3)" in police


def party_sections(markdown: str) -> dict[str, str]:
    """The privacy wording split into each party's section, by party name."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_two_trusts_ten_councils_is_one_flow_group_of_twenty_flows() -> None:
    _tree, _file, answers = read_answers(HEALTH_VISITING)
    arrangement = build_arrangement(answers)
    trusts = [p.name for p in arrangement.parties if p.organisation_type == "nhs_body"]
    councils = [p.name for p in arrangement.parties if p.organisation_type == "local_authority"]
    assert (len(trusts), len(councils)) == (2, 10)
    assert len(answers["flows"]) == 1  # described once, as a group
    pairs = [(f.sender, f.recipient) for f in arrangement.flows]
    # both maternity units serve all ten council areas: each trust to each council, and
    # never a trust to the other trust or a council to itself
    assert len(pairs) == 20
    assert set(pairs) == {(trust, council) for trust in trusts for council in councils}
    assert all(
        (f.frequency, f.interval, f.volume) == ("scheduled", "monthly", 180)
        for f in arrangement.flows
    )
    agreement = render(HEALTH_VISITING)["data-sharing-agreement"]
    # one row in the flows table; twelve parties are too many to draw legibly, so the
    # table stands alone (a four-party agreement still gets its diagram)
    assert agreement.count(f"| {' and '.join(trusts)} | ") == 1
    assert "```mermaid" not in agreement and "The diagram shows" not in agreement
    assert "```mermaid" in render(OFFENDERS)["data-sharing-agreement"]
    assert "Article 9(2)(h)" in agreement and "Schedule 1, Part 1, paragraph 2" in agreement


def test_offender_management_part3_parties_and_per_party_wording() -> None:
    documents = render(OFFENDERS)
    agreement = documents["data-sharing-agreement"]
    wording = party_sections(documents["privacy-notice-wording"])
    # the police: Part 3 conditions, no Article 6 basis, s36(4) for disclosures to partners
    police = wording["Northshire Police"]
    assert "Article 6(1)" not in police
    assert "(section 35(2)(b))" in police
    assert "Criminal Justice Act 2003, section 325(3) and (4)" in police
    assert "(section 36(4))" in police
    uk_gdpr_table, part3_table = agreement.split("Each party processing under Part 3")
    assert "| Northshire Police |" not in uk_gdpr_table.split("## Lawful basis")[1]
    police_row = next(r for r in part3_table.splitlines() if r.startswith("| Northshire Police |"))
    assert "(Data Protection Act 2018, section 35(2)(b))" in police_row
    assert "Authorised by Criminal Justice Act 2003, section 325(3) and (4)" in police_row
    # the council lists only the items it sends or receives: no health, no police intelligence
    council = wording["Northshire County Council"]
    _tree, _file, answers = read_answers(OFFENDERS)
    arrangement = build_arrangement(answers)
    own = {item.field for item in arrangement.items_of("Northshire County Council")}
    assert own == {
        "Offender's name, aliases, date of birth and Police National Computer number",
        "Current address and household members",
        "Offences, convictions, sentence and licence conditions",
        "Risk assessment and risk management plan",
        "Tenancy, homelessness application and housing options",
        "Children in the household and children's social care involvement",
    }
    for item in arrangement.items:
        assert (item.field in council) == (item.field in own), item.field
    assert "public task (UK GDPR Article 6(1)(e))" in council
    # the MAPPA memorandum subsection is unconfirmed: nothing may rely on it
    for text in documents.values():
        assert "memorandum" not in text.lower()


# -- DOCX ---------------------------------------------------------------------------------


def docx_paragraphs(document: RenderedDocument) -> list[tuple[str, str]]:
    meta = DocMeta(
        title=document.title,
        version=document.version,
        date=document.date,
        author=document.author,
        subject=document.subject,
        numbered_clauses=document.numbered,
    )
    data = render_docx(document.markdown, meta)
    read = docx.Document(io.BytesIO(data))
    return [(p.style.name if p.style else "", p.text) for p in read.paragraphs]


@pytest.mark.parametrize(
    ("example", "first", "last"),
    [
        (PROTOCOL, "Introduction and purpose", "Governing law"),
        (ANTENATAL, "Definitions and interpretation", "Governing law and jurisdiction"),
        (FAMILIES, "Definitions and interpretation", "Governing law and jurisdiction"),
    ],
    ids=["protocol", "antenatal", "families"],
)
def test_docx_reads_back_clause_headings(example: Path, first: str, last: str) -> None:
    tree, _file, answers = read_answers(example)
    document = render_set(tree, answers, kb=load_knowledge())[0]
    paragraphs = docx_paragraphs(document)
    clauses = [text for style, text in paragraphs if style == "Heading 2"]
    assert clauses == clause_headings(document.markdown)
    assert clauses[0] == first and clauses[-1] == last
    assert any(style == "Heading 1" and text == "Signatures" for style, text in paragraphs)


def test_trees_load_and_every_question_has_help_and_citation_or_is_plain() -> None:
    for kind in ("information-sharing-protocol", "data-sharing-agreement"):
        tree = load_kind(kind)
        for question in tree.questions():
            assert question.help, question.id
            for inner in question.questions:
                assert inner.help, f"{question.id}.{inner.id}"


def test_names_that_match_no_party_are_flagged() -> None:
    tree, _file, answers = read_answers(ANTENATAL)
    flows = copy.deepcopy(answers["flows"])
    bases = answers["party_bases"][:2]
    text = render(ANTENATAL, {"flows": flows, "party_bases": bases})["data-sharing-agreement"]
    assert (
        "> **Check this:** no lawful basis or condition is recorded for Northshire County Council."
        in text
    )


def test_rights_clause_follows_the_joint_controllers_arrangement() -> None:
    """Joint controllers' arrangement names who handles rights requests (Art 26(1)); the
    rights clause said a single point of contact at another party handled them all."""
    tree, _file, answers = read_answers(FAMILIES)
    answers = copy.deepcopy(answers)
    for party in answers["parties"]:
        party["role"] = "joint_controller"
    answers["art26_rights_party"] = "Northshire Police"
    documents = render_set(tree, answers, kb=load_knowledge())
    agreement = next(d.markdown for d in documents if d.id == "data-sharing-agreement")
    rights = agreement.split("## Individuals' rights and complaints", 1)[1].split("\n## ")[0]
    assert (
        "1. Northshire Police handles people's requests to exercise their rights under UK GDPR"
        " Articles 15 to 22 about the jointly controlled information, as the joint"
        " controllers' arrangement says"
    ) in rights
    assert "go to the single point of contact" not in rights
    assert "1. The single point of contact for questions about this sharing is" in rights
    # with separate controllers too, the single point of contact covers the other information
    mixed = render(FAMILIES)["data-sharing-agreement"]
    assert "1. For the other information, people's requests to exercise their rights" in mixed


def test_two_joint_controllers_read_as_two() -> None:
    """'The other joint controllers pass' and 'any of us' said of one other controller."""
    docs = render(FAMILIES)  # two joint controllers, two separate ones
    assert (
        "The other joint controller passes any request it receives to it within 5 working"
        " days and helps it reply." in docs["data-sharing-agreement"]
    )
    assert (
        "you can use your rights with either of us (UK GDPR Article 26)"
        in (docs["privacy-notice-wording"])
    )


def test_items_listed_in_a_sentence_continue_it() -> None:
    """'Offences, ...; Risk assessment and risk management plan are about criminal
    offences': the items after the first continue the sentence, in lower case."""
    wording = render(OFFENDERS)["privacy-notice-wording"]
    assert (
        "Offences, convictions, sentence and licence conditions; risk assessment and risk"
        " management plan are about criminal offences or allegations."
    ) in wording


def test_two_gateways_are_laws_in_the_plural() -> None:
    wording = render(HEALTH_VISITING)["privacy-notice-wording"]
    assert (
        "The laws that allow this sharing are Health and Social Care Act 2012 s251B (duty to"
        " share for direct care) and Children Act 2004 s11."
    ) in wording
    assert "The law that allows this sharing is Health and Social Care Act 2012 s251B" not in (
        wording
    )
