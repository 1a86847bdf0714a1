"""DOCX output: structure, clause numbering, reference documents, determinism."""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from docx_helpers import SAMPLE, dump, load
from sharewiz.errors import ReferenceDocxError
from sharewiz.render.blocks import heading_skips, parse_markdown
from sharewiz.render.docx.writer import default_reference_path, render_docx
from sharewiz.render.meta import DocMeta

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def xpath(element: Any, expression: str) -> Any:
    """XPath with the w: prefix on any element, python-docx's or plain lxml's."""
    return etree.XPath(expression, namespaces=NS)(element)


META = DocMeta(
    title="Data Sharing Agreement",
    version="1.2",
    date="2025-03-01",
    author="Greater Manchester ICB",
    subject="Antenatal care",
    numbered_clauses=True,
)

EXPECTED = [
    "Heading 1 | - | Data Sharing Agreement",
    "Normal | - | Between Greater Manchester ICB and Tameside Council, see the ICO code "
    "and Art 6(1)(e).",
    "Guidance | - | Guidance: review this agreement every year.",
    "List Paragraph | 0 %1. | A numbered point before any clause.",
    "List Paragraph | 0 %1. | Another one.",
    "Heading 2 | 0 %1. | Purpose",
    "Normal | - | The parties share data to support antenatal care.",
    "List Paragraph | 1 %1.%2 | Sharing supports screening.",
    "List Paragraph | 1 %1.%2 | Sharing is limited:",
    "List Paragraph | 2 %1.%2.%3 | no onward sharing;",
    "List Paragraph | 2 %1.%2.%3 | no marketing.",
    "List Paragraph | 0 • | A bullet",
    "List Paragraph | 1 – | a nested bullet",
    "Heading 3 | - | Data",
    "row | Data item | Source | Notes",
    "row | NHS number | GP record | Used to match records",
    "row | Date of birth | Maternity | ",
    "Heading 4 | - | Detail",  # no spacer after the table: the heading's space clears it
    "Heading 2 | 0 %1. | Security",
    "List Paragraph | 1 %1.%2 | Each party keeps the data secure.",
    "Normal | - | ",  # horizontal rule
    "Heading 2 | 0 %1. | Signatures",  # starts a page (pageBreakBefore)
    "row | Party | Name | Signature | Date",
    "row | Greater Manchester ICB | Jane Smith |  | ",
    "Normal | - | ",  # spacer after a table
    "Source Code | - | code line 1\ncode line 2",
]


@pytest.fixture(scope="module")
def sample_docx() -> bytes:
    return render_docx(SAMPLE, META)


def test_every_construct_maps_to_the_expected_style_and_numbering(sample_docx: bytes) -> None:
    assert dump(sample_docx) == EXPECTED


def test_without_numbered_clauses_lists_are_ordinary_and_restart() -> None:
    lines = dump(render_docx(SAMPLE, DocMeta("T")))
    assert "Heading 2 | - | Purpose" in lines
    assert "List Paragraph | 0 %1. | Sharing supports screening." in lines
    assert "List Paragraph | 1 (%2) | no onward sharing;" in lines
    numbering = load(render_docx(SAMPLE, DocMeta("T"))).part.numbering_part.element
    starts = numbering.findall(f"{qn('w:num')}/{qn('w:lvlOverride')}/{qn('w:startOverride')}")
    assert len(starts) == 4  # each ordered list restarts: 2 top-level, 1 nested, 1 more


def test_clause_numbering_is_a_real_multilevel_list(sample_docx: bytes) -> None:
    document = load(sample_docx)
    body = document.element.body
    heading_nums = body.xpath("./w:p[w:pPr/w:pStyle/@w:val='Heading2']/w:pPr/w:numPr")
    assert len(heading_nums) == 3
    clause_num_id = heading_nums[0].xpath("./w:numId/@w:val")[0]
    numbering = document.part.numbering_part.element
    abstract_id = xpath(numbering, f"./w:num[@w:numId='{clause_num_id}']/w:abstractNumId/@w:val")
    levels = xpath(numbering, f"./w:abstractNum[@w:abstractNumId='{abstract_id[0]}']/w:lvl")
    texts = [xpath(lvl, "./w:lvlText/@w:val")[0] for lvl in levels[:3]]
    assert texts == ["%1.", "%1.%2", "%1.%2.%3"]
    assert all(xpath(lvl, "./w:isLgl") for lvl in levels[:3])
    # Sub-clauses use the same list as the headings, so they restart after each H2.
    levels_used = body.xpath(f"./w:p/w:pPr/w:numPr[w:numId/@w:val='{clause_num_id}']/w:ilvl/@w:val")
    assert levels_used == ["0", "1", "1", "2", "2", "0", "1", "0"]
    # No typed numbers: the text of a clause heading is just its title.
    assert "Purpose" in [p.text for p in document.paragraphs]


def test_tables_have_repeating_shaded_header_rows(sample_docx: bytes) -> None:
    tables = load(sample_docx).element.body.findall(qn("w:tbl"))
    for table in tables:
        rows = table.findall(qn("w:tr"))
        assert rows[0].xpath("./w:trPr/w:tblHeader")
        assert rows[0].xpath("./w:tc/w:tcPr/w:shd/@w:fill")
        assert not rows[1].xpath("./w:trPr/w:tblHeader")
        widths = [int(w) for w in table.xpath("./w:tblGrid/w:gridCol/@w:w")]
        assert sum(widths) == 9072  # A4 less 2.5 cm margins


def test_signature_tables_get_tall_rows(sample_docx: bytes) -> None:
    data_table, signature_table = load(sample_docx).element.body.findall(qn("w:tbl"))
    assert not data_table.xpath(".//w:trHeight")
    heights = signature_table.xpath("./w:tr[position() > 1]/w:trPr/w:trHeight/@w:val")
    assert heights == ["1134"]


def test_links_are_real_hyperlinks_with_text(sample_docx: bytes) -> None:
    document = load(sample_docx)
    link = document.element.body.xpath(".//w:hyperlink")[0]
    rel = document.part.rels[link.get(qn("r:id"))]
    assert rel.is_external and rel.target_ref == "https://ico.org.uk/data-sharing/"
    assert "".join(link.xpath(".//w:t/text()")) == "ICO code"


def test_rule_and_page_break(sample_docx: bytes) -> None:
    body = load(sample_docx).element.body
    assert len(body.xpath("./w:p/w:pPr/w:pBdr/w:bottom")) == 1
    (starts_page,) = body.xpath("./w:p[w:pPr/w:pageBreakBefore]")
    assert "".join(starts_page.xpath(".//w:t/text()")) == "Signatures"
    assert not body.xpath(".//w:br[@w:type='page']")


def test_a_page_break_after_a_table_that_fills_the_page_cannot_leave_a_blank_page() -> None:
    body = load(render_docx("# T\n\n| A |\n|---|\n| a |\n\n<!-- page-break -->\n\n# Annex\n", META))
    children = [child.tag.rsplit("}", 1)[1] for child in body.element.body]
    assert children == ["p", "tbl", "p", "sectPr"]  # no spacer, no break paragraph
    assert body.element.body.xpath("./w:p[w:pPr/w:pageBreakBefore]//w:t/text()") == ["Annex"]


def test_paragraph_properties_follow_the_schema_order() -> None:
    xml = _body_xml(
        "# T\n\n1. Each party shares:\n\n| A |\n|---|\n| a |\n\n<!-- page-break -->\n\n## Next\n"
    )
    assert "<w:keepNext/><w:numPr>" in xml  # keepNext precedes numPr in CT_PPrBase
    assert re.search(r'<w:pStyle w:val="[^"]+"/><w:pageBreakBefore/>', xml)


def test_header_footer_and_properties(sample_docx: bytes) -> None:
    document = load(sample_docx)
    section = document.sections[0]
    header = [paragraph.text for paragraph in section.header.paragraphs]
    assert header == ["Data Sharing Agreement", "Greater Manchester ICB"]
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Version 1.2 · 1 March 2025\tPage ")
    instructions = [t.strip() for t in footer._p.xpath(".//w:instrText/text()")]
    assert instructions == ["PAGE", "NUMPAGES"]
    props = document.core_properties
    assert (props.title, props.subject, props.author) == (META.title, META.subject, META.author)
    assert props.last_modified_by == META.author
    assert props.revision == 1
    assert props.language == "en-GB"
    assert props.created == props.modified == datetime(2025, 3, 1, tzinfo=timezone.utc)


def test_header_names_both_parties_and_shortens_rather_than_wraps() -> None:
    long_title = "Data sharing agreement: " + "antenatal and postnatal information " * 4
    meta = DocMeta(
        long_title,
        author="Northshire Hospitals NHS Foundation Trust",
        parties=("Northshire Hospitals NHS Foundation Trust", "Northshire County Council"),
    )
    title, parties = [
        p.text for p in load(render_docx("# T\n", meta)).sections[0].header.paragraphs
    ]
    assert parties == "Northshire Hospitals NHS Foundation Trust and Northshire County Council"
    assert title.endswith("\u2026") and len(title) <= 91  # one line of 9 pt text
    assert long_title.startswith(title[:-1])


def test_header_with_many_long_party_names_counts_the_others() -> None:
    names = tuple(f"Northshire Partner Organisation {n} NHS Foundation Trust" for n in range(5))
    assert DocMeta("T", parties=names).parties_line(91) == (
        "Northshire Partner Organisation 0 NHS Foundation Trust and 4 other parties"
    )
    assert DocMeta("T", author="Acme").parties_line(91) == "Acme"


def test_reference_page_setup_and_language(sample_docx: bytes) -> None:
    document = load(sample_docx)
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 2) == 2.5
    langs = document.styles.element.xpath("./w:docDefaults//w:lang/@w:val")
    assert langs == ["en-GB"]


def test_output_is_deterministic() -> None:
    first, second = render_docx(SAMPLE, META), render_docx(SAMPLE, META)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert b"rsid" not in b"".join(zipfile.ZipFile(io.BytesIO(first)).read(i) for i in infos)


def test_answers_looking_text_stays_literal() -> None:
    markdown = "Total: {{ 7*7 }} and {% if x %} and <script>alert(1)</script> &amp; done\n"
    (paragraph,) = load(render_docx(markdown, META)).paragraphs
    assert paragraph.text == "Total: {{ 7*7 }} and {% if x %} and <script>alert(1)</script> & done"


@pytest.mark.parametrize(
    "markdown",
    [
        "",
        "<div>raw <b>html</b></div>\n\n<span>inline</span>",
        "![alt text](image.png) and [](https://example.org)",
        "Control \x01\x0b characters \ufffe here",
        "> - a list\n>   1. in a quote\n>\n> > nested quote",
        "".join("  " * depth + "1. deep\n" for depth in range(12)),
        "| only header |\n|---|\n",
        "| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |",
        "- \n- [ ] task\n\n1.\n",
        "#### H4 only\n\n###### H6",
        "Line one  \nline two\\\nline three",
    ],
)
def test_unusual_markdown_does_not_crash(markdown: str) -> None:
    document = load(render_docx(markdown, META))
    assert document.element.body.find(qn("w:sectPr")) is not None


def test_link_without_text_shows_its_address() -> None:
    (paragraph,) = load(render_docx("[](https://example.org)", META)).paragraphs
    assert paragraph.text == "https://\u2060example.org"  # a word joiner keeps the scheme on


def test_sample_headings_do_not_skip_levels() -> None:
    assert heading_skips(parse_markdown(SAMPLE)) == []
    assert heading_skips(parse_markdown("# A\n\n### C")) == ["H3 'C' follows H1"]


def _org_reference(tmp_path: Path, *, header_text: str = "") -> Path:
    document = docx.Document()  # python-docx's template: US Letter, Calibri-like styles
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(4)
    normal = document.styles["Normal"]
    normal.font.name = "Georgia"
    normal.font.size = Pt(12)
    document.add_paragraph("Sample body text that must not survive.")
    if header_text:
        section.header.paragraphs[0].text = header_text
    path = tmp_path / "org.docx"
    document.save(str(path))
    return path


def test_organisation_reference_is_honoured(tmp_path: Path) -> None:
    reference = _org_reference(tmp_path)
    document = load(render_docx(SAMPLE, META, reference=reference))
    section = document.sections[0]
    assert round(section.left_margin.cm, 1) == 4.0
    assert round(section.page_width.inches, 1) == 8.5
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Normal"].font.size == Pt(12)
    assert "Sample body text" not in "\n".join(p.text for p in document.paragraphs)
    # Styles the organisation lacks are added from sharewiz's reference.
    assert document.styles["Guidance"].type is not None
    # Its en-US default language becomes the document's.
    assert document.styles.element.xpath("./w:docDefaults//w:lang/@w:val") == ["en-GB"]
    widths = document.element.body.xpath("./w:tbl[1]/w:tblGrid/w:gridCol/@w:w")
    assert sum(int(w) for w in widths) == int((Cm(21.59) - Cm(8)) / 635)
    assert document.sections[0].header.paragraphs[0].text.startswith("Data Sharing Agreement")


def test_organisation_header_is_kept(tmp_path: Path) -> None:
    reference = _org_reference(tmp_path, header_text="ACME NHS Trust - OFFICIAL")
    section = load(render_docx(SAMPLE, META, reference=reference)).sections[0]
    assert [p.text for p in section.header.paragraphs] == ["ACME NHS Trust - OFFICIAL"]
    assert section.footer.paragraphs[0].text.startswith("Version 1.2")


def test_missing_reference(tmp_path: Path) -> None:
    missing = tmp_path / "nope.docx"
    with pytest.raises(ReferenceDocxError, match=re.escape(str(missing))) as caught:
        render_docx("x", META, reference=missing)
    assert "does not exist" in caught.value.message
    assert caught.value.hint


def test_text_file_renamed_docx(tmp_path: Path) -> None:
    fake = tmp_path / "notes.docx"
    fake.write_text("just text", encoding="utf-8")
    with pytest.raises(ReferenceDocxError, match=re.escape(str(fake)) + ".*not a zip"):
        render_docx("x", META, reference=fake)


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    archive = tmp_path / "bundle.docx"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("hello.txt", "hi")
    with pytest.raises(ReferenceDocxError, match=re.escape(str(archive)) + ".*not a Word document"):
        render_docx("x", META, reference=archive)


def test_default_reference_is_lean_and_a4() -> None:
    reference = default_reference_path()
    assert reference.stat().st_size < 20_000
    section = docx.Document(str(reference)).sections[0]
    assert round(section.page_height.cm, 1) == 29.7


def test_committed_reference_matches_its_generator(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[1] / "tools" / "make_reference_docx.py"
    spec = importlib.util.spec_from_file_location("make_reference_docx", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_reference(tmp_path / "reference.docx")
    assert (tmp_path / "reference.docx").read_bytes() == default_reference_path().read_bytes()


def _body_xml(markdown: str) -> str:
    with zipfile.ZipFile(io.BytesIO(render_docx(markdown, DocMeta("T")))) as archive:
        return archive.read("word/document.xml").decode()


def test_a_lead_in_keeps_with_its_table_and_short_tables_keep_together() -> None:
    xml = _body_xml(
        "# T\n\nWe receive information about you from:\n\n| Who | What |\n|---|---|\n"
        "| A | a |\n| B | b |\n\nAn ordinary paragraph.\n"
    )
    lead_in = xml.split("We receive information")[0].rsplit("<w:p>", 1)[1]
    assert "<w:keepNext/>" in lead_in
    rows = xml.split("<w:tr>")[1:]
    assert ["<w:keepNext/>" in row for row in rows] == [True, True, False]
    assert "<w:keepNext/>" not in xml.split("An ordinary paragraph")[0].rsplit("<w:p>", 1)[1]


def _keeps_next(xml: str, text: str) -> bool:
    """Whether the paragraph holding ``text`` has keep-with-next."""
    return "<w:keepNext/>" in xml.split(text)[0].rsplit("<w:p>", 1)[1]


@pytest.mark.parametrize(
    "markdown",
    [
        "The flows are as follows.\n\n| A | B |\n|---|---|\n| a | b |\n",
        "The flows are as follows.\n\n- one\n- two\n",
        "1. The parties are:\n1. The flows are as follows.\n\n| A | B |\n|---|---|\n| a | b |\n",
        "1. The flows are as follows.\n\n   | A | B |\n   |---|---|\n   | a | b |\n1. Next.\n",
        "1. The flows are as follows.\n\n   - one\n   - two\n1. Next.\n",
        "The diagram shows the flows as follows.\n\n```\nA --> B\n```\n",
    ],
    ids=[
        "paragraph-table",
        "paragraph-list",
        "clause-table",
        "nested-table",
        "nested-list",
        "picture",
    ],
)
def test_a_sentence_introducing_a_table_list_or_picture_keeps_with_it(markdown: str) -> None:
    xml = _body_xml(f"# T\n\n## Clause\n\n{markdown}")
    assert _keeps_next(xml, "as follows.")


def test_only_the_sentence_before_a_table_keeps_with_what_follows() -> None:
    xml = _body_xml(
        "# T\n\n## Clause\n\n1. First clause.\n1. The flows are as follows.\n\n"
        "| A | B |\n|---|---|\n| a | b |\n\nAfter the table.\n\nLast words.\n"
    )
    assert _keeps_next(xml, "as follows.")
    assert not _keeps_next(xml, "First clause.")
    assert not _keeps_next(xml, "After the table.")
    assert not _keeps_next(xml, "Last words.")


def test_a_long_table_may_break_but_its_header_keeps_with_the_first_row() -> None:
    rows = "".join(f"| item {n} | {'long text ' * 20} |\n" for n in range(12))
    xml = _body_xml(f"# T\n\n| Item | Notes |\n|---|---|\n{rows}")
    keeps = ["<w:keepNext/>" in row for row in xml.split("<w:tr>")[1:]]
    assert keeps[0] and not any(keeps[1:])


def test_a_signature_block_keeps_together_with_the_sentence_before_it() -> None:
    xml = _body_xml(
        "# Signatures\n\nBy signing, each party agrees.\n\n| Party | Signature |\n|---|---|\n"
        "| A | |\n| B | |\n| C | |\n"
    )
    assert "<w:keepNext/>" in xml.split("By signing")[0].rsplit("<w:p>", 1)[1]
    assert ["<w:keepNext/>" in row for row in xml.split("<w:tr>")[1:]] == [True, True, True, False]


def test_a_final_table_is_followed_by_a_hairline_not_a_spacer_that_can_spill() -> None:
    xml = _body_xml("# T\n\n| A |\n|---|\n| a |\n")
    last = xml.split("</w:tbl>")[1]
    assert 'w:line="20" w:lineRule="exact"' in last and 'w:line="120"' not in last


def test_addresses_in_running_text_are_real_links() -> None:
    markdown = "Write to dpo@example.gov.uk or see https://ico.org.uk/make-a-complaint/.\n"
    data = render_docx(markdown, META)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert body.count("<w:hyperlink r:id=") == 2
    assert 'Target="mailto:dpo@example.gov.uk" TargetMode="External"' in rels
    assert 'Target="https://ico.org.uk/make-a-complaint/" TargetMode="External"' in rels
    assert (
        "make-a-complaint/</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t>" in body
    )  # not the full stop
