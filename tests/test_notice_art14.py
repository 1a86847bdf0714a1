"""Issue 14, Art 14 in the privacy notice: when people are told about information received
from others (Art 14(3)), the exceptions relied on (Art 14(5) as amended by DUAA 2025 s77),
and a finding for information received from others whose source is not named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from law_helpers import render, rule_ids, with_answers, write
from sharewiz.errors import SharewizError
from sharewiz.sets.build import render_answers_file

CHARITY = "privacy-notice-charity-food-bank"  # everything from others, two sources
SCHOOL = "privacy-notice-school-pupils"  # from pupils and from others
COUNCIL = "privacy-notice-council-adult-social-care"  # from the person only

PERIOD = "at the latest within one month (UK GDPR Article 14(3)(a))"
CONTACT = "we give you this information at the latest when we first contact you"
SHARE = "at the latest when we first share your information with them"


def notice(doc: dict[str, Any], tmp_path: Path) -> str:
    return render(doc, tmp_path)["privacy-notice.md"]


def test_the_deadlines_follow_from_contact_and_recipients(tmp_path: Path) -> None:
    text = notice(with_answers(CHARITY), tmp_path / "a")
    assert PERIOD in text
    assert f"We use it to contact you, so {CONTACT}, if that is sooner (Article 14(3)(b))" in text
    assert f"{SHARE}, if that is sooner (Article 14(3)(c))" in text

    text = notice(with_answers(CHARITY, contact_from_received=False, recipients=[]), tmp_path / "b")
    assert PERIOD in text
    assert CONTACT not in text and "14(3)(b)" not in text
    assert SHARE not in text and "14(3)(c)" not in text


def test_an_unanswered_contact_question_states_the_deadline_with_its_condition(
    tmp_path: Path,
) -> None:
    text = notice(with_answers(CHARITY, contact_from_received=...), tmp_path)
    assert f"If we use it to contact you, {CONTACT}, if that is sooner" in text
    assert "We use it to contact you" not in text


def test_a_notice_about_information_from_the_person_only_has_no_art14_deadline(
    tmp_path: Path,
) -> None:
    text = notice(with_answers(COUNCIL), tmp_path)
    assert "14(3)" not in text and "14(5)" not in text


EXEMPTING = {
    "art14_exemptions": ["expressly_laid_down_by_law", "disproportionate_effort"],
    "art14_exemption_law": "Children Act 2004, section 10",
    "art14_exemption_measures": "we keep the records pseudonymised and tell schools to publish this notice",
}


def test_exemptions_are_printed_with_their_citation_law_and_measures(tmp_path: Path) -> None:
    text = notice(with_answers(SCHOOL, **EXEMPTING), tmp_path)
    assert "We do not give this information to each person individually where:" in text
    assert (
        "- the law expressly requires us to obtain or disclose it, and that law protects your "
        "interests (UK GDPR Article 14(5)(c)): Children Act 2004, section 10;"
    ) in text
    assert (
        "- giving the information to each person would be impossible or would involve a "
        "disproportionate effort (UK GDPR Article 14(5)(e) and (6))."
    ) in text
    assert (
        "To protect your rights and interests instead, we publish this notice, and: we keep "
        "the records pseudonymised and tell schools to publish this notice (UK GDPR Article 14(7))."
    ) in text
    # the research-only ground omitted by DUAA 2025 s77(2)(a)(ii) is never cited
    assert "14(5)(b)" not in text


def test_an_exemption_without_measures_prints_no_measures_sentence(tmp_path: Path) -> None:
    doc = with_answers(SCHOOL, art14_exemptions=["already_has_information"])
    text = notice(doc, tmp_path)
    assert "you already have this information" in text and "14(5)(a)" in text
    assert "Article 14(7)" not in text


def test_the_measures_are_required_when_effort_or_impairment_is_relied_on(tmp_path: Path) -> None:
    doc = with_answers(SCHOOL, art14_exemptions=["seriously_impair_objectives"])
    path = write(doc, tmp_path)
    with pytest.raises(SharewizError, match="art14_exemption_measures"):
        render_answers_file(path, out_dir=tmp_path / "out", formats=["md"])


def test_the_exemption_wording_reaches_the_docx(tmp_path: Path) -> None:
    path = write(with_answers(SCHOOL, **EXEMPTING), tmp_path)
    render_answers_file(path, out_dir=tmp_path / "out", formats=["docx"])
    body = "\n".join(
        p.text for p in docx.Document(str(tmp_path / "out" / "privacy-notice.docx")).paragraphs
    )
    assert "UK GDPR Article 14(5)(e) and (6)" in body
    assert "(UK GDPR Article 14(7))" in body
    assert PERIOD in body


def test_an_item_from_others_with_no_source_named_is_a_finding(tmp_path: Path) -> None:
    doc = with_answers(CHARITY)
    doc["answers"]["data_categories"][1].pop("from_sources")
    assert "PN-ART14-ITEM-SOURCE" in rule_ids(doc, tmp_path / "fires")
    assert "PN-ART14-ITEM-SOURCE" not in rule_ids(with_answers(CHARITY), tmp_path / "quiet")
    # a single source leaves nothing to name
    single = with_answers(CHARITY)
    single["answers"]["sources"] = single["answers"]["sources"][:1]
    for item in single["answers"]["data_categories"]:
        item.pop("from_sources")
    assert "PN-ART14-ITEM-SOURCE" not in rule_ids(single, tmp_path / "single")
