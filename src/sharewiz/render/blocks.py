"""Parse Markdown into a small block model shared by the DOCX and HTML writers.

Both writers walk the same blocks, so a construct means the same thing in Word and in
HTML. Parsing uses markdown-it-py with CommonMark plus tables and raw HTML disabled:
HTML in Markdown (which in sharewiz could only come from an answer) stays literal text.
The one exception is a paragraph that is exactly ``<!-- page-break -->``, which
becomes a :class:`PageBreak`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from sharewiz.render.citations import link_citations

PAGE_BREAK_MARKER = "<!-- page-break -->"
_PAGE_BREAK_RE = re.compile(r"<!--\s*page-break\s*-->")


@dataclass(frozen=True)
class Span:
    """A run of text with the same formatting; ``text == "\\n"`` with ``is_break`` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None
    is_break: bool = False


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    """A heading, level 1 to 6."""

    level: int
    inlines: Inline


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline text."""

    inlines: Inline


@dataclass(frozen=True)
class ListItem:
    """One list item: its blocks (usually one paragraph, maybe a nested list)."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    """A bullet list (``ordered`` false) or an ordered list starting at ``start``."""

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True)
class Table:
    """A table with one header row; ``aligns`` holds "left", "center", "right" or None."""

    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    aligns: tuple[str | None, ...] = field(default=())

    @property
    def is_signature(self) -> bool:
        """True when a header cell mentions "Signature": rows need room to sign."""
        return any("signature" in plain_text(cell).lower() for cell in self.header)


@dataclass(frozen=True)
class Quote:
    """A block quote; sharewiz templates use these for guidance notes."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CodeBlock:
    """Preformatted text from a fenced or indented code block; `info` is the fence's
    language word (e.g. ``mermaid``), empty for an indented block."""

    text: str
    info: str = ""


@dataclass(frozen=True)
class Rule:
    """A horizontal rule (``---``)."""


@dataclass(frozen=True)
class PageBreak:
    """A forced page break, from a ``<!-- page-break -->`` line."""


Block = Heading | Paragraph | ListBlock | Table | Quote | CodeBlock | Rule | PageBreak


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # One parser for the process: building MarkdownIt compiles its rule chains.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


@lru_cache(maxsize=16)
def parse_markdown(markdown: str) -> tuple[Block, ...]:
    """Parse Markdown into blocks.

    Results are cached (blocks are immutable), so writing one document as DOCX and
    as HTML parses it once.

    Args:
        markdown: CommonMark text, with GitHub-style tables.

    Returns:
        The document's top-level blocks, in order.
    """
    root = SyntaxTreeNode(_parser().parse(markdown))
    return tuple(_blocks(root.children))


def plain_text(inlines: Iterable[Span]) -> str:
    """Return the text of some spans, with line breaks as spaces."""
    return "".join(" " if span.is_break else span.text for span in inlines)


def heading_skips(blocks: Iterable[Block]) -> list[str]:
    """List headings that skip a level (H2 straight to H4), for accessibility checks.

    Args:
        blocks: Parsed blocks, as from :func:`parse_markdown`.

    Returns:
        One message per skipping heading, e.g. ``"H4 'Scope' follows H2"``.
    """
    problems: list[str] = []
    previous = 0
    for block in blocks:
        if isinstance(block, Heading):
            if block.level > previous + 1:
                name = plain_text(block.inlines)
                problems.append(f"H{block.level} {name!r} follows H{previous or 'nothing'}")
            previous = block.level
    return problems


def _blocks(nodes: Iterable[SyntaxTreeNode]) -> Iterator[Block]:
    for node in nodes:
        block = _block(node)
        if block is not None:
            yield block


def _block(node: SyntaxTreeNode) -> Block | None:  # noqa: C901 - one flat dispatch
    kind = node.type
    if kind == "heading":
        return Heading(int(node.tag[1:]), _inline_of(node, citations=False))
    if kind == "paragraph":
        inlines = _inline_of(node)
        if _PAGE_BREAK_RE.fullmatch(plain_text(inlines).strip()):
            return PageBreak()
        return Paragraph(inlines)
    if kind in ("bullet_list", "ordered_list"):
        start = node.attrs.get("start", 1)
        items = tuple(ListItem(tuple(_blocks(item.children))) for item in node.children)
        return ListBlock(kind == "ordered_list", items, int(start))
    if kind == "table":
        return _table(node)
    if kind == "blockquote":
        return Quote(tuple(_blocks(node.children)))
    if kind in ("code_block", "fence"):
        info = node.info.strip().split(" ")[0].lower() if kind == "fence" else ""
        return CodeBlock(node.content.rstrip("\n"), info)
    if kind == "hr":
        return Rule()
    if kind == "html_block":  # only reachable if html is ever enabled: keep it as text
        return Paragraph((Span(node.content.strip()),))
    if node.children:  # anything unforeseen: keep its text rather than lose it
        return Paragraph(_merge(list(_spans(node.children, bold=False, italic=False, href=None))))
    return None


def _table(node: SyntaxTreeNode) -> Table:
    header: tuple[Inline, ...] = ()
    rows: list[tuple[Inline, ...]] = []
    aligns: tuple[str | None, ...] = ()
    for section in node.children:
        for tr in section.children:
            cells = tuple(_inline_of(cell) for cell in tr.children)
            if section.type == "thead":
                header = cells
                aligns = tuple(_align(cell) for cell in tr.children)
            else:
                rows.append(cells)
    return Table(header, tuple(rows), aligns)


def _align(cell: SyntaxTreeNode) -> str | None:
    style = str(cell.attrs.get("style", ""))
    return style.removeprefix("text-align:") or None


def _inline_of(node: SyntaxTreeNode, *, citations: bool = True) -> Inline:
    """A block's text as spans; addresses, and citations unless in a heading, linked."""
    spans: list[Span] = []
    for child in node.children:
        if child.type == "inline":
            spans.extend(_spans(child.children, bold=False, italic=False, href=None))
    linked = _linkify(_merge(spans))
    return link_citations(linked) if citations else linked


# Web addresses and email addresses in running text become links. A trailing full stop,
# comma, bracket or quote belongs to the sentence, not to the address.
_ADDRESS = re.compile(
    r"(?P<url>\b(?:https?://|www\.)[^\s<>\"]+)"
    r"|(?P<email>\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b)"
)
_TRAILING = ".,;:!?'\")]"


def _linkify(spans: Inline) -> Inline:
    """Split plain text spans so each web or email address is its own linked span."""
    out: list[Span] = []
    for span in spans:
        if span.href or span.code or span.is_break:
            out.append(span)
            continue
        start = 0
        for match in _ADDRESS.finditer(span.text):
            text = match.group(0)
            if match.group("url"):
                while text and text[-1] in _TRAILING and not _balanced_bracket(text):
                    text = text[:-1]
                href = text if "://" in text else f"https://{text}"
            else:
                href = f"mailto:{text}"
            if match.start() > start:
                out.append(replace(span, text=span.text[start : match.start()]))
            out.append(replace(span, text=text, href=href))
            start = match.start() + len(text)
        if start < len(span.text):
            out.append(replace(span, text=span.text[start:]))
    return tuple(out)


def _balanced_bracket(text: str) -> bool:
    # "https://en.wikipedia.org/wiki/Caldicott_(report)" keeps its closing bracket.
    return text.endswith(")") and text.count("(") >= text.count(")")


def _spans(
    nodes: Iterable[SyntaxTreeNode], *, bold: bool, italic: bool, href: str | None
) -> Iterator[Span]:
    for node in nodes:
        kind = node.type
        if kind in ("text", "html_inline"):
            yield Span(node.content, bold, italic, False, href)
        elif kind == "code_inline":
            yield Span(node.content, bold, italic, True, href)
        elif kind == "softbreak":
            yield Span(" ", bold, italic, False, href)
        elif kind == "hardbreak":
            yield Span("\n", bold, italic, False, href, is_break=True)
        elif kind == "strong":
            yield from _spans(node.children, bold=True, italic=italic, href=href)
        elif kind == "em":
            yield from _spans(node.children, bold=bold, italic=True, href=href)
        elif kind == "link":
            link = str(node.attrs.get("href", "")) or None
            spans = list(_spans(node.children, bold=bold, italic=italic, href=link))
            if link and not plain_text(spans).strip():  # a link must have text to read
                spans = [Span(link, bold, italic, False, link)]
            yield from spans
        else:  # images and anything new: their text (alt text) only
            yield from _spans(node.children, bold=bold, italic=italic, href=href)


def _merge(spans: list[Span]) -> Inline:
    # markdown-it splits text at every special character; joining neighbours that share
    # formatting gives writers fewer, longer runs (smaller DOCX, faster rendering).
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        last = merged[-1] if merged else None
        if (
            last is not None
            and not last.is_break
            and not span.is_break
            and (last.bold, last.italic, last.code, last.href)
            == (span.bold, span.italic, span.code, span.href)
        ):
            merged[-1] = Span(last.text + span.text, span.bold, span.italic, span.code, span.href)
        else:
            merged.append(span)
    return tuple(merged)
