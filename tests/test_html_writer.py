"""HTML output: a standalone, accessible page with the same structure as the DOCX."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from docx_helpers import SAMPLE
from sharewiz.render.html import render_html
from sharewiz.render.meta import DocMeta

META = DocMeta(
    title="Data Sharing Agreement",
    version="1.2",
    date="2025-03-01",
    author="Greater Manchester ICB",
    subject="Antenatal care",
    numbered_clauses=True,
)


class _Tags(HTMLParser):
    """Collect start tags with their attributes, and check every tag is closed."""

    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag


def _tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    return parser


def test_page_is_standalone_and_declares_language() -> None:
    page = render_html(SAMPLE, META)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">\n')
    assert "<title>Data Sharing Agreement</title>" in page
    assert "<style>" in page and "<link" not in page and "<script" not in page
    assert '<p class="doc-meta">Version 1.2 · 1 March 2025 · Greater Manchester ICB</p>' in page


def test_structure_is_semantic_and_well_nested() -> None:
    tags = _tags(render_html(SAMPLE, META)).tags
    headings = [tag for tag, _ in tags if re.fullmatch(r"h\d", tag)]
    assert headings == ["h1", "h2", "h3", "h4", "h2", "h2"]
    header_cells = [attrs for tag, attrs in tags if tag == "th"]
    assert header_cells and all(attrs.get("scope") == "col" for attrs in header_cells)
    assert ("blockquote", {}) in tags
    ids = [attrs["id"] for tag, attrs in tags if tag.startswith("h") and "id" in attrs]
    assert len(ids) == len(set(ids))


def test_clause_numbering_uses_css_counters() -> None:
    page = render_html(SAMPLE, META)
    assert page.count('<ol class="clause-1">') == 2
    assert page.count('<ol class="clause-2">') == 1
    assert 'counter(clause) "." counter(c1)' in page
    # A list before the first H2 is an ordinary list, as in the DOCX.
    assert page.index("<ol>\n<li>A numbered point") < page.index("<h2")


def test_without_numbered_clauses_there_are_no_counters() -> None:
    page = render_html(SAMPLE, DocMeta("T"))
    assert "clause-1" not in page and "counter(" not in page


def test_page_break_signature_table_and_code() -> None:
    page = render_html(SAMPLE, META)
    assert page.count('<div class="page-break" aria-hidden="true"></div>') == 1
    assert '<table class="signature">' in page
    assert "<pre><code>code line 1\ncode line 2</code></pre>" in page
    assert '<a href="https://ico.org.uk/data-sharing/">ICO code</a>' in page


def test_raw_html_and_template_syntax_stay_literal() -> None:
    markdown = "{{ 7*7 }} <script>alert(1)</script> <b>bold?</b>\n\n<div onclick=x>block</div>\n"
    page = render_html(markdown, META)
    assert "{{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold?&lt;/b&gt;" in page
    assert "&lt;div onclick=x&gt;block&lt;/div&gt;" in page
    assert "<script>" not in page


def test_title_and_attributes_are_escaped() -> None:
    page = render_html("# x", DocMeta('A & B <"Ltd">', author='"Org"'))
    assert "<title>A &amp; B &lt;&quot;Ltd&quot;&gt;</title>" in page
    assert '<meta name="author" content="&quot;Org&quot;">' in page


def test_output_is_deterministic() -> None:
    assert render_html(SAMPLE, META) == render_html(SAMPLE, META)


def test_unusual_markdown_does_not_crash() -> None:
    markdown = "![alt](x.png) [](https://example.org)\n\n| a |\n|---|\n| 1 | 2 |\n\n- \n"
    page = render_html(markdown, META)
    assert '<a href="https://example.org">https://example.org</a>' in page
    _tags(page)


def test_addresses_in_running_text_become_links_that_break_only_in_the_path() -> None:
    page = render_html(
        "Email dpo@example.gov.uk or visit https://www.example.gov.uk/privacy/health.\n",
        DocMeta("T"),
    )
    assert '<a href="mailto:dpo@example.gov.uk">dpo@example.gov.uk</a>' in page
    assert (
        '<a href="https://www.example.gov.uk/privacy/health">'
        "https://www.example.gov.uk/privacy/<wbr>health</a>." in page
    )


def test_the_published_notice_links_the_regulator_and_every_email(tmp_path: Path) -> None:
    from sharewiz.sets.build import render_answers_file

    root = Path(__file__).resolve().parent.parent
    example = root / "examples" / "privacy-notice-council-adult-social-care.yaml"
    render_answers_file(example, out_dir=tmp_path, formats=["html"])
    page = (tmp_path / "privacy-notice.html").read_text()
    assert '<a href="https://ico.org.uk/make-a-complaint/">' in page
    assert '<a href="mailto:dpo@northshire.example.gov.uk">' in page


def test_an_empty_header_cell_is_not_a_header() -> None:
    page = render_html("| | Name |\n|---|---|\n| For A | Jo |\n", DocMeta("T"))
    assert '<tr><td></td><th scope="col">Name</th></tr>' in page
