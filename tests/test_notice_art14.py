"""Issue 14, Art 14 in the privacy notice: when people are told about information received
from others (Art 14(3)), the exceptions relied on (Art 14(5) as amended by DUAA 2025 s77),
and a finding for information received from others whose source is not named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from law_helpers import check, render, rule_ids, with_answers, write
from sharewiz.errors import SharewizError
from sharewiz.model.reading import read_answers
from sharewiz.sets.build import load_kind, render_answers_file

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
COUNCIL_SOURCE = "Northshire County Council"


def exempting(name: str, source: str, **answers: Any) -> dict[str, Any]:
    """The example with the exceptions (`answers`, by default EXEMPTING) given to one source."""
    doc = with_answers(name)
    (entry,) = [s for s in doc["answers"]["sources"] if s["name"] == source]
    entry.update(answers or EXEMPTING)
    return doc


def test_exemptions_are_printed_against_their_source_with_citation_law_and_measures(
    tmp_path: Path,
) -> None:
    text = notice(exempting(SCHOOL, COUNCIL_SOURCE), tmp_path)
    assert "We do not give this information to each person individually where:" in text
    assert (
        "- for information from Northshire County Council, the law expressly requires us to "
        "obtain or disclose it, and that law protects your interests (UK GDPR Article "
        "14(5)(c)): Children Act 2004, section 10;"
    ) in text
    assert (
        "- for information from Northshire County Council, giving the information to each "
        "person would be impossible or would involve a disproportionate effort (UK GDPR "
        "Article 14(5)(e) and (6))."
    ) in text
    assert (
        "To protect your rights and interests instead, we make this notice publicly available, "
        "and we also take these measures: we keep the records pseudonymised and tell schools to "
        "publish this notice (UK GDPR Article 14(7))."
    ) in text
    # the other sources rely on none: nothing is said of them
    assert "for information from Pupils' previous schools" not in text
    # the research-only ground omitted by DUAA 2025 s77(2)(a)(ii) is never cited
    assert "14(5)(b)" not in text


def test_two_sources_relying_on_different_exceptions_each_get_their_own(tmp_path: Path) -> None:
    doc = exempting(SCHOOL, COUNCIL_SOURCE)
    (dfe,) = [s for s in doc["answers"]["sources"] if s["name"] == "The Department for Education"]
    dfe.update(art14_exemptions=["seriously_impair_objectives"],
               art14_exemption_measures="we publish this notice on our website")  # fmt: skip
    text = notice(doc, tmp_path)
    assert (
        "(UK GDPR Article 14(5)(e) and (6));\n\n- for information from The Department for "
        "Education, telling each person is likely to make the purpose of using the information "
        "impossible or seriously impair it (UK GDPR Article 14(5)(f))."
    ) in text
    assert (
        "To protect your rights and interests instead for information from The Department for "
        "Education, we make this notice publicly available, and we also take these measures: we "
        "publish this notice on our website (UK GDPR Article 14(7))."
    ) in text
    assert "instead for information from Northshire County Council, we make this" in text


def test_an_exemption_without_measures_prints_no_measures_sentence(tmp_path: Path) -> None:
    doc = exempting(SCHOOL, COUNCIL_SOURCE, art14_exemptions=["already_has_information"])
    text = notice(doc, tmp_path)
    assert (
        "for information from Northshire County Council, you already have this information" in text
    )
    assert "14(5)(a)" in text
    assert "Article 14(7)" not in text


def test_the_measures_are_required_when_effort_or_impairment_is_relied_on(tmp_path: Path) -> None:
    doc = exempting(SCHOOL, COUNCIL_SOURCE, art14_exemptions=["seriously_impair_objectives"])
    path = write(doc, tmp_path)
    with pytest.raises(SharewizError, match="art14_exemption_measures"):
        render_answers_file(path, out_dir=tmp_path / "out", formats=["md"])


def test_the_exemption_wording_reaches_the_docx(tmp_path: Path) -> None:
    path = write(exempting(SCHOOL, COUNCIL_SOURCE), tmp_path)
    render_answers_file(path, out_dir=tmp_path / "out", formats=["docx"])
    body = "\n".join(
        p.text for p in docx.Document(str(tmp_path / "out" / "privacy-notice.docx")).paragraphs
    )
    assert "UK GDPR Article 14(5)(e) and (6)" in body
    assert "(UK GDPR Article 14(7))" in body
    assert PERIOD in body


def test_a_version_5_notice_gives_its_whole_notice_exceptions_to_every_source(
    tmp_path: Path,
) -> None:
    doc = with_answers(SCHOOL, **EXEMPTING)
    doc["tree_version"] = 5
    path = write(doc, tmp_path)
    read = read_answers(path, tree_for=load_kind, strict=False)
    sources = read.answers["sources"]
    assert len(sources) == 3
    for source in sources:
        assert source["art14_exemptions"] == EXEMPTING["art14_exemptions"]
        assert source["art14_exemption_law"] == EXEMPTING["art14_exemption_law"]
        assert source["art14_exemption_measures"] == EXEMPTING["art14_exemption_measures"]
    assert "art14_exemptions" not in read.answers
    assert (
        "art14_exemptions: now asked for each entry of sources; given to every entry" in read.notes
    )
    text = notice(doc, tmp_path / "render")
    for name in ("Pupils' previous schools", COUNCIL_SOURCE, "The Department for Education"):
        assert f"- for information from {name}, the law expressly requires us" in text


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


def test_an_item_with_no_source_where_the_sources_exceptions_differ_says_so(
    tmp_path: Path,
) -> None:
    doc = exempting(CHARITY, "Northshire County Council (Local Welfare Assistance team)",
                    art14_exemptions=["already_has_information"])  # fmt: skip
    doc["answers"]["data_categories"][1].pop("from_sources")
    report = check(doc, tmp_path)
    (message,) = [f["message"] for f in report["findings"] if f["rule"] == "PN-ART14-ITEM-SOURCE"]
    assert message.endswith(
        "and the sources do not all rely on the same exceptions to telling people "
        "individually, so the notice cannot say whether people are told about it."
    )
    same = with_answers(CHARITY)
    same["answers"]["data_categories"][1].pop("from_sources")
    (message,) = [f["message"] for f in check(same, tmp_path / "same")["findings"]
                  if f["rule"] == "PN-ART14-ITEM-SOURCE"]  # fmt: skip
    assert message.endswith("you name more than one source.")


def test_the_summary_and_young_peoples_versions_say_when_people_are_told(
    tmp_path: Path,
) -> None:
    documents = render(with_answers(CHARITY), tmp_path / "charity")
    assert (
        "| **When we tell you** | Within a reasonable time of getting your information from "
        "someone else, and at the latest within one month; or, if sooner, when we first "
        "contact you or when we first share it with others (UK GDPR Article 14(3)) |"
    ) in documents["privacy-notice-summary.md"]
    doc = exempting(SCHOOL, COUNCIL_SOURCE)
    doc["answers"]["contact_from_received"] = False
    documents = render(doc, tmp_path / "school")
    summary = documents["privacy-notice-summary.md"]
    assert (
        "| **When we tell you** | Within a reasonable time of getting your information from "
        "someone else, and at the latest within one month; or, if sooner, when we first share "
        "it with others, unless the full notice says we need not tell each person about "
        "information from Northshire County Council (UK GDPR Article 14(3) and (5)) |"
    ) in summary
    young = documents["privacy-notice-young-people.md"]
    assert (
        "When other people tell us about you, we tell you what is on this page soon, and "
        "always within one month. If we pass your information on to someone else before then, "
        "we tell you by the time we do. Sometimes the law says we do not have to tell each "
        "person about information from Northshire County Council. The full notice explains why."
    ) in young
    assert "the first time we do" not in young  # the school does not contact them with it
    assert "UK GDPR Article 14(3), and the exceptions in Article 14(5)." in young
    # information from the person only: no Art 14 timing in either
    documents = render(with_answers(COUNCIL), tmp_path / "council")
    assert "When we tell you" not in documents["privacy-notice-summary.md"]
