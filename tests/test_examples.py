"""Every example renders; privacy notices match their golden files and the law."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import assert_golden
from sharewiz.sets.build import render_answers_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_renders_to_every_format(example: Path, tmp_path: Path) -> None:
    result = render_answers_file(example, out_dir=tmp_path, formats=["md", "docx", "html"])
    assert result.documents
    for path in result.files:
        assert path.stat().st_size > 0


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_markdown_matches_golden(
    example: Path, tmp_path: Path, update_golden: bool
) -> None:
    result = render_answers_file(example, out_dir=tmp_path, formats=["md"])
    for document in result.documents:
        assert_golden(
            document.markdown, GOLDEN / example.stem / f"{document.id}.md", update=update_golden
        )


def notice(name: str, tmp_path: Path) -> str:
    result = render_answers_file(
        ROOT / "examples" / f"{name}.yaml", out_dir=tmp_path, formats=["md"]
    )
    return next(d.markdown for d in result.documents if d.id == "privacy-notice")


def headings(markdown: str) -> list[str]:
    return re.findall(r"^#+ (.+)$", markdown, flags=re.MULTILINE)


def test_council_notice_collecting_health_data_directly(tmp_path: Path) -> None:
    text = notice("privacy-notice-council-adult-social-care", tmp_path)
    # Art 13(1)(a)-(c): identity, DPO, purposes and lawful basis with its legal source
    assert "Northshire County Council" in text
    assert "dpo@northshire.example.gov.uk" in text
    assert "Public task (UK GDPR Article 6(1)(e)): Care Act 2014, sections 9 and 10" in text
    assert "Legal obligation (UK GDPR Article 6(1)(c))" in text
    # Art 9: health data needs an Art 9(2) condition and a Schedule 1 condition
    assert "Article 9(2)(h)" in text
    assert "Article 9(2)(h) and Data Protection Act 2018 Schedule 1 paragraph 2" in text
    # Art 13(1)(e) recipients, (f) transfers, 13(2)(a) retention, (e) requirement to provide
    assert "CareWorks Systems Ltd" in text and "(UK GDPR Article 28)" in text
    assert "We do not send your information outside the UK." in text
    assert "8 years after our last contact" in text
    assert (
        "| Health and wellbeing | No, but we need it to provide the service | We may not be" in text
    )
    # Rights that apply under public task and legal obligation, and none that do not
    assert "Right of access" in text and "Right to rectification" in text
    assert "Right to restrict processing" in text
    assert "### Your right to object" in text and "where we rely on public task" in text
    assert "portability" not in text.lower()
    # Art 17(3)(b): erasure is disapplied only "to the extent" the task or obligation needs the data
    assert "Right to erasure" in text and "applies only in limited circumstances" in text
    assert "withdraw" not in text.lower()
    # Complaints: to us (DPA 2018 s164A) and to the Commissioner (s165)
    # Dated 1 April 2026, before DUAA s103 commenced (19 June 2026): the complaint route then
    assert "section 164A" not in text and "UK GDPR Article 77" in text
    # Art 13 notice: nothing about sources of data from elsewhere
    assert "We receive information about you from" not in text
    assert headings(text)[:3] == [
        "Privacy notice: Adult social care assessments",
        "Who we are",
        "Our data protection officer",
    ]


def test_charity_notice_for_referrals_received_art14(tmp_path: Path) -> None:
    text = notice("privacy-notice-charity-food-bank", tmp_path)
    # Art 14(2)(f): the sources, and whether publicly accessible
    assert "We receive information about you from:" in text
    assert "| Northshire County Council (Local Welfare Assistance team) |" in text
    assert "Publicly available source?" in text
    # Art 14(1)(d): categories of data
    assert "**Dietary needs**" in text
    # Art 14(2)(b): the legitimate interests pursued
    assert "Our legitimate interest: providing emergency food" in text
    # Explicit consent for health data, and the right to withdraw it (Art 13(2)(c)/14(2)(d))
    assert "explicit consent (UK GDPR Article 9(2)(a))" in text
    assert "Right to withdraw consent" in text and "tell a volunteer" in text
    # Under legitimate interests: erasure and objection apply; portability does not
    assert "Right to erasure" in text
    assert "### Your right to object" in text
    assert "portability" not in text.lower()
    # Art 13(2)(e) (must people provide it?) applies only to data collected from them
    assert "You do not have to give us" not in text and "required by law to give" not in text
    # No DPO: the notice must not invent one
    assert "data protection officer" not in text.lower()
    assert "[describe" not in text
