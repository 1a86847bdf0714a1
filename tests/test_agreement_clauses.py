"""The clauses a solicitor adds to a data sharing agreement (issue 17): definitions,
duration, freedom of information, disputes, responsibility, governing law, the approval
record and the data items as Schedule 1, each with its source in the knowledge base."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from sharewiz.law.knowledge import load_knowledge
from sharewiz.model.expressions import postcode_area
from sharewiz.render.engine import render_set
from sharewiz.sets.build import read_answers

ROOT = Path(__file__).resolve().parent.parent
ANTENATAL = ROOT / "examples" / "dsa-antenatal-health-visiting.yaml"
FAMILIES = ROOT / "examples" / "dsa-supporting-families.yaml"
OFFENDERS = ROOT / "examples" / "dsa-offender-management-part3.yaml"


def _agreement(
    path: Path, changes: dict[str, Any] | None = None, *, audience: str = "internal"
) -> str:
    tree, _file, answers = read_answers(path)
    answers = copy.deepcopy(answers)
    answers.update(changes or {})
    extra = {"audience": audience}
    documents = render_set(tree, answers, kb=load_knowledge(), extra_context=extra)
    return next(d.markdown for d in documents if d.id == "data-sharing-agreement")


def _clause(markdown: str, heading: str) -> str:
    """The text of the clause (## heading) or part (# heading) named ``heading``."""
    match = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#)", markdown + "\n#", re.S | re.M)
    assert match, f"no {heading!r} in the agreement"
    return match.group(1)


def _rewritten(tmp_path: Path, path: Path, edit: Any) -> Path:
    """A copy of the answers file at ``path`` with ``edit(answers)`` applied."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(document["answers"])
    target = tmp_path / path.name
    target.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return target


def test_every_new_clause_has_its_source_in_the_knowledge_base() -> None:
    kb = load_knowledge()
    for entry_id in (
        "definitions",
        "duration",
        "freedom_of_information",
        "dispute_resolution",
        "responsibility",
        "governing_law",
        "approval_record",
    ):
        entry = kb.dsa_contents[entry_id]
        assert entry.citation and entry.links, entry_id
    # FOIA publication scheme and exemptions are cited to their real sections
    foi = kb.dsa_contents["freedom_of_information"]
    assert "https://www.legislation.gov.uk/ukpga/2000/36/section/19" in foi.links
    assert "ss1, 19, 20, 40, 41, 43" in foi.citation


def test_definitions_and_duration_until_terminated() -> None:
    text = _agreement(ANTENATAL)
    definitions = _clause(text, "Definitions and interpretation")
    assert "(UK GDPR Article 4; Data Protection Act 2018, section 3)" in definitions
    assert "the data items in Schedule 1" in definitions
    duration = _clause(text, "Duration")
    assert "Sharing under this agreement may start on 1 November 2026." in duration
    assert "no fixed end date: it continues until the parties end it" in duration
    assert "next by 1 October 2027" in duration


def test_part3_definitions_point_to_part3() -> None:
    definitions = _clause(_agreement(OFFENDERS), "Definitions and interpretation")
    assert "for processing under Part 3 of that Act, sections 32 and 33" in definitions


def test_an_end_date_is_stated_and_one_before_the_start_is_flagged() -> None:
    duration = _clause(_agreement(ANTENATAL, {"end_date": "2028-10-31"}), "Duration")
    assert "The agreement ends on 31 October 2028" in duration
    assert "no fixed end date" not in duration
    assert "at least three months before it ends" in duration
    wrong = _clause(_agreement(ANTENATAL, {"end_date": "2026-01-01"}), "Duration")
    assert "**Check this:** the agreement ends on 1 January 2026" in wrong
    # the callout sits in a draft: the same answers fail the checks (DSA-END-NOT-AFTER-START)


def test_freedom_of_information_clause_only_where_a_party_is_a_public_authority() -> None:
    text = _agreement(ANTENATAL)
    foi = _clause(text, "Freedom of information and publication")
    assert "are public authorities under the Freedom of Information Act 2000" in foi
    assert "sections 19 and 20" in foi and "section 41" in foi and "section 43" in foi
    tree, _file, answers = read_answers(ANTENATAL)
    charities = [
        {**party, "organisation_type": "charity"} for party in answers["parties"]
    ]  # fmt: skip
    private = _agreement(ANTENATAL, {"parties": charities})
    assert "Freedom of information" not in private


def test_responsibility_clause_allocates_rather_than_indemnifies_and_is_optional() -> None:
    clause = _clause(_agreement(ANTENATAL), "Responsibility between the parties")
    assert "no party gives another an indemnity" in clause
    assert "UK GDPR Article 82(2) and (3)" in clause
    assert "Responsibility between the parties" not in _agreement(
        ANTENATAL, {"responsibility_clause": False}
    )


def test_disputes_escalate_from_contacts_to_signatories() -> None:
    clause = _clause(_agreement(FAMILIES), "Dispute resolution and escalation")
    assert clause.index("contacts") < clause.index("data protection officers")
    assert clause.index("data protection officers") < clause.index("signatories")
    assert "complain to the Information Commissioner" in clause


@pytest.mark.parametrize(
    ("postcode", "law", "working_days"),
    [
        ("NT1 1AA", "the law of England and Wales", "England and Wales"),
        ("EH1 1YJ", "Scots law", "Scotland"),
        ("G2 1DU", "Scots law", "Scotland"),
        ("BT1 5GS", "the law of Northern Ireland", "Northern Ireland"),
        ("GU1 4AA", "the law of England and Wales", "England and Wales"),
    ],
)
def test_governing_law_is_suggested_from_the_first_partys_postcode(
    tmp_path: Path, postcode: str, law: str, working_days: str
) -> None:
    def move(answers: dict[str, Any]) -> None:
        answers["parties"][0]["address"] = f"1 High Street\nSometown\n{postcode}\n"

    text = _agreement(_rewritten(tmp_path, ANTENATAL, move))
    assert f"This agreement is governed by {law}" in _clause(text, "Governing law and jurisdiction")
    assert f"public holiday in {working_days}." in text
    if law == "Scots law":
        assert "Freedom of Information (Scotland) Act 2002, section 23" in text


def test_an_answered_governing_law_wins_over_the_suggestion() -> None:
    text = _agreement(ANTENATAL, {"governing_law": "northern_ireland"})
    assert "governed by the law of Northern Ireland" in text


@pytest.mark.parametrize(
    ("value", "area"),
    [
        ("County Hall\nNT1 1AA", "NT"),
        ("g2 1du", "G"),
        ("EC1A 1BB", "EC"),
        ("no postcode", ""),
        (None, ""),
    ],
)
def test_postcode_area(value: Any, area: str) -> None:
    assert postcode_area(value) == area


def test_approval_record_lists_each_partys_approvers_apart_from_signatures() -> None:
    text = _agreement(FAMILIES)
    record = _clause(text, "Approval record")
    assert "# Approval record" not in _clause(text, "Signatures")
    rows = [line for line in record.splitlines() if line.startswith("| Northshire Police |")]
    # Police: no Caldicott Guardian; its signatory is its SIRO, so named; no one signs
    # as its information governance lead, so no blank row for one
    assert [row.split(" | ")[1] for row in rows] == [
        "Senior Information Risk Owner (SIRO)",
        "Data protection officer (DPO)",
    ]
    assert "| Northshire Police | Senior Information Risk Owner (SIRO) | Helen Marsh | |" in rows
    # A council sharing health data has a Caldicott Guardian row
    assert "| Northshire County Council | Caldicott Guardian |" in record
    public = _clause(_agreement(FAMILIES, audience="public"), "Approval record")
    assert (
        "Helen Marsh" not in public and "| Organisation | Approver's role | Date approved" in public
    )


def test_data_items_are_schedule_1_and_flows_refer_to_their_numbers() -> None:
    text = _agreement(ANTENATAL)
    schedule = _clause(text, "Schedule 1: Data items")
    assert "| 1 | Mother's name, date of birth and NHS number |" in schedule
    assert "| 7 | Interpreter needed and preferred language |" in schedule
    assert "Only the data items listed in Schedule 1 are shared." in text
    flows = _clause(text, "Data flows")
    assert "(4) Baby's name, NHS number, date and place of birth" in flows
    # Schedule 1 follows the signatures (schedules close the document, before annexes)
    assert text.index("# Signatures") < text.index("# Schedule 1") < text.index("# Annex A")


PROTOCOL = ROOT / "examples" / "protocol-northshire-partnership.yaml"


def test_the_protocol_has_freedom_of_information_disagreements_and_governing_law() -> None:
    tree, _file, answers = read_answers(PROTOCOL)
    text = render_set(tree, answers, kb=load_knowledge())[0].markdown
    foi = _clause(text, "Freedom of information and publication")
    assert (
        "Northshire Police are public authorities under the Freedom of Information Act 2000" in foi
    )
    assert "sections 19 and 20" in foi
    disagreements = _clause(text, "Resolving disagreements")
    assert "goes to Northshire Information Governance Group" in disagreements
    assert "governed by the law of England and Wales" in _clause(text, "Governing law")
    assert text.index("## Governing law") < text.index("# Signatures")
