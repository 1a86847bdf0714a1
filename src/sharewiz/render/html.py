"""Write one self-contained, accessible HTML file from sharewiz Markdown.

The page carries its own small stylesheet (readable on screen, tidy in print), so it
can be emailed or published as a single file. It is made from the same block model as
the DOCX, so the two formats agree: clause numbers come from CSS counters that follow
the same rules as the Word numbering (H2 = 1, ordered lists under it = 1.1, 1.1.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from itertools import groupby

from sharewiz.render.blocks import (
    Block,
    CodeBlock,
    Heading,
    Inline,
    ListBlock,
    PageBreak,
    Paragraph,
    Quote,
    Rule,
    Span,
    Table,
    parse_markdown,
    plain_text,
)
from sharewiz.render.meta import DocMeta

_CSS = """\
body{font-family:Arial,"Liberation Sans",Helvetica,sans-serif;font-size:11pt;line-height:1.5;
color:#1a1a1a;max-width:48rem;margin:2rem auto;padding:0 1rem}
h1,h2,h3,h4,h5,h6{color:#1f3864;line-height:1.25;margin:1.4em 0 .5em}
h1{font-size:1.9em;border-bottom:2px solid #1f3864;padding-bottom:.2em;margin-top:0}
h2{font-size:1.35em}h3{font-size:1.15em;color:#2f5496}h4,h5,h6{font-size:1em;color:#2f5496}
.doc-meta{color:#595959;font-size:.9em;margin-top:-.3em}
a{color:#0b57a4;overflow-wrap:break-word}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.2em;font-size:.92em}
th,td{border:1px solid #a6a6a6;padding:.3em .5em;text-align:left;vertical-align:top}
thead th{background:#d9e2f3;color:#1f3864}
table.signature td{height:3.5em;vertical-align:bottom}
blockquote{margin:1em 0;padding:.4em 1em;border-left:4px solid #2f5496;background:#eaf0f8}
blockquote p{margin:.3em 0}
code,pre{font-family:"Courier New",monospace;font-size:.95em}
pre{background:#f2f2f2;padding:.5em .8em;white-space:pre-wrap}
hr{border:0;border-top:1px solid #a6a6a6;margin:1.5em 0}
li{margin:.2em 0}
.page-break{break-after:page}
@page{size:A4;margin:2.5cm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10.5pt}a{color:inherit}
thead{display:table-header-group}tr{break-inside:avoid}h1,h2,h3,h4{break-after:avoid}}
"""

# A draft's banner stays at the top of the window as the reader scrolls (issue 13).
_DRAFT_CSS = """\
.draft-banner{position:sticky;top:0;margin:0 0 1em;padding:.4em .8em;background:#fce4e4;
color:#7a0000;border:2px solid #c00000;font-weight:bold}
"""

# Clause numbering: H2 counts clauses; each level of ordered list under it counts its
# own level and is reset by the level above, as Word's multi-level numbering does.
_CLAUSE_CSS = """\
body{counter-reset:clause}
h2{counter-increment:clause;counter-reset:c1}
h2::before{content:counter(clause) ".\\00a0\\00a0"}
ol.clause-1,ol.clause-2,ol.clause-3,ol.clause-4{list-style:none;padding-left:3.2em}
ol.clause-2{counter-reset:c2}ol.clause-3{counter-reset:c3}ol.clause-4{counter-reset:c4}
ol[class^=clause]>li{position:relative}
ol[class^=clause]>li::before{position:absolute;left:-3.2em}
ol.clause-1>li{counter-increment:c1}
ol.clause-1>li::before{content:counter(clause) "." counter(c1)}
ol.clause-2>li{counter-increment:c2}
ol.clause-2>li::before{content:counter(clause) "." counter(c1) "." counter(c2)}
ol.clause-3>li{counter-increment:c3}
ol.clause-3>li::before{content:"(" counter(c3,lower-alpha) ")"}
ol.clause-4>li{counter-increment:c4}
ol.clause-4>li::before{content:"(" counter(c4,lower-roman) ")"}
"""

_ALIGN = {"left", "center", "right"}
_SLUG_DROP = re.compile(r"[^\w\- ]+")


def render_html(markdown: str, meta: DocMeta) -> str:
    """Render Markdown as a standalone HTML page.

    Args:
        markdown: The document's Markdown (CommonMark with tables).
        meta: Title, version, date, language and clause numbering.

    Returns:
        The HTML text, identical for identical input.
    """
    blocks = parse_markdown(markdown)
    writer = _HtmlWriter(numbered_clauses=meta.numbered_clauses)
    body = writer.write(blocks, meta_line=_meta_line(meta))
    css = _CSS + (_CLAUSE_CSS if meta.numbered_clauses else "") + (_DRAFT_CSS if meta.draft else "")
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(meta.title)}</title>",
    ]
    if meta.author:
        head.append(f'<meta name="author" content="{escape(meta.author)}">')
    if meta.subject:
        head.append(f'<meta name="description" content="{escape(meta.subject)}">')
    banner = (
        f'<header class="draft-banner" role="note">{escape(meta.draft)}</header>\n'
        if meta.draft
        else ""
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(meta.language)}">\n<head>\n'
        + "\n".join(head)
        + f"\n<style>\n{css}</style>\n</head>\n<body>\n{banner}<main>\n{body}</main>\n"
        "</body>\n</html>\n"
    )


def _meta_line(meta: DocMeta) -> str:
    parts = [meta.version_line(), meta.author.strip()]
    text = " · ".join(part for part in parts if part)
    return f'<p class="doc-meta">{escape(text)}</p>\n' if text else ""


class _HtmlWriter:
    def __init__(self, *, numbered_clauses: bool) -> None:
        self.numbered_clauses = numbered_clauses
        self.in_clause = False
        self.ids: set[str] = set()
        self.out: list[str] = []

    def write(self, blocks: Iterable[Block], *, meta_line: str) -> str:
        blocks = list(blocks)
        # The version line sits under the title, or first if there is no title.
        has_title = bool(blocks) and isinstance(blocks[0], Heading) and blocks[0].level == 1
        if not has_title:
            self.out.append(meta_line)
        for index, block in enumerate(blocks):
            self._block(block)
            if has_title and index == 0:
                self.out.append(meta_line)
        return "".join(self.out)

    def _block(self, block: Block) -> None:  # noqa: C901 - one flat dispatch
        if isinstance(block, Paragraph):
            self.out.append(f"<p>{_inline(block.inlines)}</p>\n")
        elif isinstance(block, Heading):
            self._heading(block)
        elif isinstance(block, ListBlock):
            # An ordered list starts a clause list only inside a numbered H2 section.
            self._list(block, clause_level=1 if self.in_clause and block.ordered else None)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Quote):
            self.out.append("<blockquote>\n")
            for child in block.blocks:
                self._block(child)
            self.out.append("</blockquote>\n")
        elif isinstance(block, CodeBlock):
            svg = _mermaid_svg(block)
            if svg is not None:
                self.out.append(f'<figure class="diagram">\n{svg}\n</figure>\n')
            else:
                self.out.append(f"<pre><code>{escape(block.text)}</code></pre>\n")
        elif isinstance(block, Rule):
            self.out.append("<hr>\n")
        elif isinstance(block, PageBreak):
            self.out.append('<div class="page-break" aria-hidden="true"></div>\n')

    def _heading(self, block: Heading) -> None:
        level = min(block.level, 6)
        if level == 2:
            self.in_clause = self.numbered_clauses
        elif level == 1:
            self.in_clause = False
        ident = self._slug(plain_text(block.inlines))
        self.out.append(f'<h{level} id="{ident}">{_inline(block.inlines)}</h{level}>\n')

    def _slug(self, text: str) -> str:
        base = _SLUG_DROP.sub("", text.lower()).strip().replace(" ", "-") or "section"
        slug, n = base, 1
        while slug in self.ids:
            n += 1
            slug = f"{base}-{n}"
        self.ids.add(slug)
        return slug

    def _list(self, block: ListBlock, *, clause_level: int | None) -> None:
        if not block.ordered:
            tag, attrs, child_level = "ul", "", None
        elif clause_level is not None:
            level = min(clause_level, 4)
            tag, attrs, child_level = "ol", f' class="clause-{level}"', clause_level + 1
        else:
            start = f' start="{block.start}"' if block.start != 1 else ""
            tag, attrs, child_level = "ol", start, None
        self.out.append(f"<{tag}{attrs}>\n")
        for item in block.items:
            self.out.append("<li>")
            single = len(item.blocks) == 1 and isinstance(item.blocks[0], Paragraph)
            for child in item.blocks:
                if single and isinstance(child, Paragraph):
                    self.out.append(_inline(child.inlines))
                elif isinstance(child, ListBlock):
                    nested = child_level if child.ordered else None
                    self._list(child, clause_level=nested)
                else:
                    self._block(child)
            self.out.append("</li>\n")
        self.out.append(f"</{tag}>\n")

    def _table(self, table: Table) -> None:
        ncols = max([len(table.header)] + [len(row) for row in table.rows])
        css_class = ' class="signature"' if table.is_signature else ""
        out = [f"<table{css_class}>\n<thead>\n<tr>"]
        for col in range(ncols):
            text = _cell(table.header, col)
            # An empty header cell heads nothing: a td, so screen readers don't announce it.
            tag = "th" if text.strip() else "td"
            scope = ' scope="col"' if tag == "th" else ""
            out.append(f"<{tag}{scope}{_align(table, col)}>{text}</{tag}>")
        out.append("</tr>\n</thead>\n<tbody>\n")
        for row in table.rows:
            cells = (f"<td{_align(table, col)}>{_cell(row, col)}</td>" for col in range(ncols))
            out.append(f"<tr>{''.join(cells)}</tr>\n")
        out.append("</tbody>\n</table>\n")
        self.out.append("".join(out))


def _align(table: Table, col: int) -> str:
    align = table.aligns[col] if col < len(table.aligns) else None
    return f' style="text-align:{align}"' if align in _ALIGN else ""


def _cell(cells: tuple[Inline, ...], col: int) -> str:
    return _inline(cells[col]) if col < len(cells) else ""


def _span(span: Span) -> str:
    if span.is_break:
        return "<br>"
    text = escape(span.text, quote=False)
    if span.href and "://" in text:
        # A long address may break after any "/" of its path, never inside the host.
        scheme, _, rest = text.partition("://")
        host, slash, path = rest.partition("/")
        text = f"{scheme}://{host}{slash}{path.replace('/', '/<wbr>')}"
    if span.code:
        text = f"<code>{text}</code>"
    if span.italic:
        text = f"<em>{text}</em>"
    if span.bold:
        text = f"<strong>{text}</strong>"
    return text


def _inline(inlines: Inline) -> str:
    parts = []
    for href, group in groupby(inlines, key=lambda span: span.href):
        text = "".join(_span(span) for span in group)
        parts.append(text if href is None else f'<a href="{escape(href)}">{text}</a>')
    return "".join(parts)


def _mermaid_svg(block: CodeBlock) -> str | None:
    """A ```mermaid data-flow block written by sharewiz, drawn as inline SVG."""
    if block.info != "mermaid":
        return None
    from sharewiz.render.diagram import mermaid_to_svg

    return mermaid_to_svg(block.text)
