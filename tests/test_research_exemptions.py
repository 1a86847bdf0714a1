"""Issue 14: the research, statistics and archiving exemptions from rights (DPA 2018 Sch 2
paras 27-28, as amended by DUAA 2025 s87(2)(c)), asked in the agreement's research
branch, printed in the agreement and in the relying party's privacy wording, and checked
for misuse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from law_helpers import check, cli_app, render, with_answers, write

RESEARCH = "dsa-research-council-university"
UNI = "University of Northshire"
COUNCIL = "Northshire County Council"
CLAUSE = "**Exemption from rights.**"


def _wording(documents: dict[str, str]) -> dict[str, str]:
    """Each party's section of the privacy wording, by party name."""
    text = documents["privacy-notice-wording.md"]
    return {part.split("\n", 1)[0]: part for part in text.split("\n## ")[1:]}


def _rules(doc: dict[str, Any], tmp_path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in check(doc, tmp_path)["findings"]:
        found.setdefault(finding["rule"], []).append(finding["message"])
    return found


def test_the_relying_party_states_the_exemption_with_its_conditions(tmp_path: Path) -> None:
    documents = render(with_answers(RESEARCH), tmp_path)
    agreement = documents["data-sharing-agreement.md"]
    assert (
        f"{CLAUSE} For the information it processes for scientific or historical research "
        f"purposes or statistical purposes, {UNI} relies on the exemption in the Data "
        "Protection Act 2018, Schedule 2, paragraph 27: the right of access (UK GDPR Article "
        "15(1) to (3)), the right to rectification (Article 16), the right to restriction of "
        "processing (Article 18(1)) and the right to object (Article 21(1)) do not apply, but "
        "only to the extent that applying them would prevent or seriously impair the "
        "achievement of those purposes, and only while it processes the information in "
        "accordance with UK GDPR Article 84B (paragraph 27(3)(a))."
    ) in agreement
    assert "(paragraph 27(3)(b))" in agreement and "(paragraph 27(4))" in agreement
    assert "Article 89" not in agreement  # replaced by Art 84B (DUAA 2025 s87(2)(c))
    wording = _wording(documents)
    assert "Schedule 2, paragraph 27" in wording[UNI]
    assert (
        "only while the results are not made available in a form that identifies you"
        in (wording[UNI])
    )
    # the council does no research and relies on nothing: its wording says nothing of it
    assert "Schedule 2" not in wording[COUNCIL]
    assert not {r for r in _rules(with_answers(RESEARCH), tmp_path / "c") if "EXEMPTION" in r}


def _with_use(**changes: Any) -> dict[str, Any]:
    doc = with_answers(RESEARCH)
    doc["answers"]["research_exemptions"][0].update(changes)
    return doc


def test_archiving_lists_its_own_rights_and_has_no_identifying_results_condition(
    tmp_path: Path,
) -> None:
    doc = _with_use(exemption="archiving_exemption", rights=["notification", "portability"])
    agreement = render(doc, tmp_path)["data-sharing-agreement.md"]
    assert (
        f"For the information it processes for archiving purposes in the public interest, {UNI}"
        " relies on the exemption in the Data Protection Act 2018, Schedule 2, paragraph 28: "
        "the duty to tell recipients of a rectification, erasure or restriction (Article 19) "
        "and the right to data portability (Article 20(1)) do not apply"
    ) in agreement
    assert "(paragraph 28(3))" in agreement and "(paragraph 28(4))" in agreement
    assert "28(3)(b)" not in agreement and "identifies anyone" not in agreement


def test_a_right_the_paragraph_does_not_list_is_a_finding_and_is_not_printed(
    tmp_path: Path,
) -> None:
    doc = _with_use(rights=["access", "portability"])
    found = _rules(doc, tmp_path / "check")
    assert found["RAS-EXEMPTION-RIGHT"] == [
        f"{UNI} relies on the exemption in Data Protection Act 2018, Schedule 2, paragraph 27 "
        "for portability, which that paragraph does not list (it lists access, "
        "rectification, restriction, object)."
    ]
    agreement = render(doc, tmp_path / "render")["data-sharing-agreement.md"]
    assert "the right of access (UK GDPR Article 15(1) to (3)) does not apply" in agreement
    assert "portability" not in agreement.split(CLAUSE, 1)[1].split("\n", 1)[0]


def test_identifying_results_take_away_the_exemption_from_access_only(tmp_path: Path) -> None:
    doc = _with_use(identifying_results=True)
    assert "RAS-EXEMPTION-IDENTIFYING-RESULTS" in _rules(doc, tmp_path / "check")
    documents = render(doc, tmp_path / "render")
    clause = documents["data-sharing-agreement.md"].split(CLAUSE, 1)[1].split("\n", 1)[0]
    assert "right of access" not in clause and "27(3)(b)" not in clause
    assert "the right to rectification (Article 16)" in clause
    assert "the right of access" not in _wording(documents)[UNI]


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"research_parties": [COUNCIL]}, "RAS-EXEMPTION-NOT-RESEARCHING"),
        ({"research_no_decisions": False}, "RAS-EXEMPTION-SAFEGUARDS"),
        ({"research_safeguards": ...}, "RAS-EXEMPTION-SAFEGUARDS"),
    ],
)
def test_an_exemption_the_law_does_not_allow_is_a_finding_and_reaches_no_document(
    tmp_path: Path, changes: dict[str, Any], rule: str
) -> None:
    doc = with_answers(RESEARCH, **changes)
    (message,) = _rules(doc, tmp_path / "check")[rule]
    assert message.startswith(f"{UNI} relies on the exemption in Data Protection Act 2018")
    if "research_safeguards" in changes:
        return  # a required answer: nothing renders without it
    documents = render(doc, tmp_path / "render")
    assert CLAUSE not in documents["data-sharing-agreement.md"]
    assert "Schedule 2, paragraph 27" not in documents["privacy-notice-wording.md"]


def test_a_version_5_research_agreement_is_asked_which_parties_do_research(
    tmp_path: Path,
) -> None:
    doc = with_answers(RESEARCH, research_parties=..., research_exemptions=...)
    doc["tree_version"] = 5
    path = write(doc, tmp_path)
    result = CliRunner().invoke(cli_app(), ["render", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1, result.output
    assert "research_parties" in result.output
    assert "added in version 6 of the data-sharing-agreement questions" in result.output
    assert "research_exemptions" not in result.output  # optional: nothing is relied on


NOTICE = "privacy-notice-council-adult-social-care"


def test_a_notice_states_its_controllers_exemption_and_the_safeguards(tmp_path: Path) -> None:
    use = {"exemption": "research_statistics_exemption", "rights": ["rectification", "object"]}
    doc = with_answers(
        NOTICE,
        research_purposes=True,
        research_safeguards="names are replaced with a study number before analysis",
        research_exemptions=[use],
    )
    text = render(doc, tmp_path / "render")["privacy-notice.md"]
    assert (
        "We also use your information for scientific or historical research, archiving in the "
        "public interest or statistics, with these safeguards for your rights and freedoms: "
        "names are replaced with a study number before analysis (UK GDPR Articles 84A to 84C)."
    ) in text
    assert (
        "Where we use your information for research or statistics, the right to rectification "
        "(Article 16) and the right to object (Article 21(1)) do not apply to the extent that "
        "applying them would prevent or seriously impair that work. We rely on this only while "
        "we protect your information with the safeguards UK GDPR Article 84B requires (Data "
        "Protection Act 2018, Schedule 2, paragraph 27)."
    ) in text
    assert not {r for r in _rules(doc, tmp_path / "clean") if r.startswith("RAS-EXEMPTION")}
    # portability is not exempt for research: a finding, and not printed
    doc["answers"]["research_exemptions"] = [{**use, "rights": ["portability"]}]
    assert "RAS-EXEMPTION-RIGHT" in _rules(doc, tmp_path / "check")
    assert "Schedule 2, paragraph 27" not in render(doc, tmp_path / "r2")["privacy-notice.md"]


def test_a_notice_without_research_states_nothing_of_it(tmp_path: Path) -> None:
    text = render(with_answers(NOTICE), tmp_path)["privacy-notice.md"]
    assert "Articles 84A to 84C" not in text and "Schedule 2, paragraph" not in text
