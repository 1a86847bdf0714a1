"""Issue 14 examples: a research share to a university with de-identified data, and a
monthly police feed to a housing association (agreement and DPIA screening), beside the
one-off disclosure. Their goldens are in tests/golden/; these tests pin the law in them."""

from __future__ import annotations

from pathlib import Path

from law_helpers import check, render, with_answers

RESEARCH = "dsa-research-council-university"
FEED = "dsa-police-housing-monthly-feed"
SCREENING = "dpia-screening-police-housing-feed"


def _agreement(name: str, tmp_path: Path, **changes: object) -> str:
    return render(with_answers(name, **changes), tmp_path)["data-sharing-agreement.md"]


def test_research_share_states_the_law_as_it_stands_after_the_duaa(tmp_path: Path) -> None:
    text = _agreement(RESEARCH, tmp_path)
    assert "(UK GDPR Article 84A)" in text
    assert "data minimisation (UK GDPR Articles 84B(2) and 84C)" in text
    assert "nor in any way likely to cause substantial damage or substantial distress" in text
    assert (
        "| University of Northshire | Special educational needs and disability status"
        " (special category) | Archiving, research and statistics (UK GDPR Article 9(2)(j)),"
        " meeting the condition of research etc"
    ) in text
    assert "Schedule 1, Part 1, paragraph 4; section 10(2)" in text
    # Art 14(5)(e) quoted from its one home, cited as the privacy notice cites it
    assert (
        "giving the information to each person would be impossible or would involve a"
        " disproportionate effort (UK GDPR Article 14(5)(e) and (6))"
    ) in text
    assert "(UK GDPR Article 14(7))" in text
    # repealed or replaced provisions never appear
    assert "Article 89" not in text and "14(5)(b)" not in text
    # the de-identified records stay personal data; only the aggregate counts are anonymous
    assert (
        "1. **Ward-level counts of children receiving early help, by year** (item 6 in"
        " Schedule 1) is treated as anonymous"
    ) in text
    assert "Study number | a random number" in text.replace("\\", "")


def test_research_rules_hold_the_safeguards(tmp_path: Path) -> None:
    doc = with_answers(RESEARCH, research_no_decisions=False)
    assert "RAS-SAFEGUARDS" in {f["rule"] for f in check(doc, tmp_path / "a")["findings"]}
    medical = with_answers(RESEARCH, research_no_decisions=False, research_approved_medical=True)
    assert "RAS-SAFEGUARDS" not in {f["rule"] for f in check(medical, tmp_path / "b")["findings"]}
    without = with_answers(RESEARCH, research_purposes=False)
    found = [f for f in check(without, tmp_path / "c")["findings"]]
    assert sorted(
        f["message"].split(" relies on")[0] for f in found if f["rule"].startswith("RAS-ART9J")
    ) == ["Northshire County Council", "University of Northshire"]
    assert check(with_answers(RESEARCH), tmp_path / "d")["exit_code"] == 0


def test_monthly_feed_is_an_agreement_with_each_regime(tmp_path: Path) -> None:
    report = check(with_answers(FEED), tmp_path / "check")
    assert report["exit_code"] == 0, report["findings"]
    assert not {f["rule"] for f in report["findings"]} & {"DSA-ONE-OFF", "DD-ROUTINE"}
    text = _agreement(FEED, tmp_path)
    assert "monthly, by the fifth working day, about 300 people each time" in text
    assert "| Northshire Police | " in text and "(Data Protection Act 2018, section 35(2)(b))" in (
        text
    )
    assert "Riverside Homes Housing Association needs no appropriate policy document" not in text
    assert (
        "1. Riverside Homes Housing Association has an appropriate policy document for the"
        " condition of preventing etc unlawful acts"
    ) in text
    assert "sections 44 to 48 of that Act" in text
    assert "Protection Toolkit" not in text


def test_the_same_facts_as_a_one_off_request_are_a_disclosure_decision(tmp_path: Path) -> None:
    doc = with_answers(FEED)
    flow = doc["answers"]["flows"][1]
    flow.update(frequency="one_off", volume=1)
    assert "DSA-ONE-OFF" in {f["rule"] for f in check(doc, tmp_path / "a")["findings"]}
    feed = with_answers("disclosure-police-housing", request_frequency="routine")
    assert "DD-ROUTINE" in {f["rule"] for f in check(feed, tmp_path / "b")["findings"]}


def test_the_feed_screening_calls_for_a_full_dpia(tmp_path: Path) -> None:
    text = render(with_answers(SCREENING), tmp_path)["dpia-screening.md"]
    assert "Riverside Homes Housing Association" in text
    assert "data matching" in text.lower()
