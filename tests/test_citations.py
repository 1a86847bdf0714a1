"""Citations of legislation become links to legislation.gov.uk in the Word and web
versions (issue 17 item 5); the addresses come from the knowledge base."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sharewiz.law.knowledge import load_knowledge
from sharewiz.render.blocks import Heading, parse_markdown
from sharewiz.render.docx.writer import render_docx
from sharewiz.render.html import render_html
from sharewiz.render.meta import DocMeta

ROOT = Path(__file__).resolve().parent.parent
GDPR = "https://www.legislation.gov.uk/eur/2016/679"
DPA = "https://www.legislation.gov.uk/ukpga/2018/12"


def _spans(block: Any) -> Iterator[Any]:
    """Every span of a block: its own, its table cells', its list items' and quotes'."""
    yield from getattr(block, "inlines", ())
    for cells in (getattr(block, "header", ()), *getattr(block, "rows", ())):
        for cell in cells:
            yield from cell
    for item in getattr(block, "items", ()):
        for child in item.blocks:
            yield from _spans(child)
    for child in getattr(block, "blocks", ()):
        yield from _spans(child)


def _links(markdown: str) -> list[tuple[str, str]]:
    return [
        (span.text, span.href)
        for block in parse_markdown(markdown)
        for span in _spans(block)
        if span.href
    ]


@pytest.mark.parametrize(
    ("text", "link", "href"),
    [
        ("(UK GDPR Article 6(1)(e))", "UK GDPR Article 6(1)(e)", f"{GDPR}/article/6"),
        ("under UK GDPR Article 8A.", "UK GDPR Article 8A", f"{GDPR}/article/8A"),
        ("(UK GDPR Articles 13 and 14)", "UK GDPR Articles 13 and 14", f"{GDPR}/article/13"),
        ("(Data Protection Act 2018, section 3)", "Data Protection Act 2018, section 3", f"{DPA}/section/3"),
        ("made under section 121 of the Data Protection Act 2018.", "section 121 of the Data Protection Act 2018", f"{DPA}/section/121"),
        ("Schedule 1 to the Data Protection Act 2018 is met", "Schedule 1 to the Data Protection Act 2018", f"{DPA}/schedule/1"),
        ("a public authority (DPA 2018 s7)", "DPA 2018 s7", f"{DPA}/section/7"),
        ("Data Protection Act 2018, Part 3 applies", "Data Protection Act 2018, Part 3", f"{DPA}/part/3"),
        ("Health and Social Care Act 2012 s251B", "Health and Social Care Act 2012 s251B", "https://www.legislation.gov.uk/ukpga/2012/7/section/251B"),
        ("(Freedom of Information Act 2000, sections 19 and 20)", "Freedom of Information Act 2000, sections 19 and 20", "https://www.legislation.gov.uk/ukpga/2000/36/section/19"),
    ],
)  # fmt: skip
def test_a_citation_links_to_its_provision(text: str, link: str, href: str) -> None:
    assert _links(text) == [(link, href)]


@pytest.mark.parametrize(
    "text",
    [
        "Article 6 alone names no law",
        "the Data Protection Act 2018 as a whole",
        "UK GDPR section 3 is not how the Regulation is cited",
        "`UK GDPR Article 6` in code",
    ],
)
def test_no_link_without_an_instrument_and_a_provision(text: str) -> None:
    assert _links(text) == []


def test_headings_keep_their_citations_as_text() -> None:
    heading = parse_markdown("# Data processing schedule (UK GDPR Article 28)\n")[0]
    assert isinstance(heading, Heading) and not any(s.href for s in heading.inlines)


def test_every_address_comes_from_the_knowledge_base() -> None:
    bases = {str(e.data["url"]) for e in load_knowledge().legislation}
    text = (
        ROOT / "tests" / "golden" / "dsa-supporting-families" / "data-sharing-agreement.md"
    ).read_text()
    hrefs = {href for _text, href in _links(text) if "legislation.gov.uk" in href}
    assert len(hrefs) > 20
    assert all(any(href.startswith(base + "/") for base in bases) for href in hrefs)


def test_an_agreement_has_real_links_in_word_and_html() -> None:
    markdown = (
        ROOT / "tests" / "golden" / "dsa-antenatal-health-visiting" / "data-sharing-agreement.md"
    ).read_text()
    html = render_html(markdown, DocMeta("T"))
    assert f'<a href="{GDPR}/article/6">' in html
    with zipfile.ZipFile(io.BytesIO(render_docx(markdown, DocMeta("T")))) as archive:
        body = archive.read("word/document.xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert body.count("<w:hyperlink") >= 20
    assert f'Target="{GDPR}/article/6" TargetMode="External"' in rels
    linked = re.findall(r"<w:hyperlink [^>]*>(.*?)</w:hyperlink>", body)
    assert any("UK GDPR Article 5(1)(c)" in run for run in linked)
