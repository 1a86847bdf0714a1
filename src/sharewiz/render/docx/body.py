"""Turn parsed Markdown blocks into WordprocessingML for a document body.

The XML is built as text and parsed once by :mod:`sharewiz.render.docx.writer`, instead of
through python-docx's object API: looking styles up by name and creating every run
through proxies makes a ten-page agreement several times slower than pandoc. This
module knows nothing about python-docx; it only needs the style ids to use, a
numbering plan to record lists in, and a function that returns a relationship id for
a hyperlink target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
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
)
from sharewiz.render.docx.ooxml import esc, unbreakable_scheme
from sharewiz.render.docx.pagination import (
    HAIRLINE,
    TABLE_SPACER,
    break_before,
    leads_in,
)
from sharewiz.render.docx.tables import table_xml

MAX_CLAUSE_LEVEL = 8


@dataclass(frozen=True)
class StyleIds:
    """Style ids (not names) resolved once per document from the reference styles."""

    headings: dict[int, str]
    list_paragraph: str = "ListParagraph"
    guidance: str = "Guidance"
    table_text: str = "TableText"
    source_code: str = "SourceCode"
    hyperlink: str = "Hyperlink"
    inline_code: str = "InlineCode"
    table: str = "SharewizTable"
    header: str = "Header"
    footer: str = "Footer"
    header_fill: str = "D9E2F3"


# Indents in twips (1/20 pt) for clause levels 0..8: (left, hanging).
_CLAUSE_INDENTS = [(567, 567), (567, 567), (1361, 794), (1928, 567), (2495, 567)] + [
    (2495 + 567 * n, 567) for n in range(1, 5)
]
_CLAUSE_FORMATS = ["decimal", "decimal", "decimal", "lowerLetter", "lowerRoman"] + ["decimal"] * 4
_CLAUSE_TEXTS = ["%1.", "%1.%2", "%1.%2.%3", "(%4)", "(%5)", "%6.", "%7.", "%8.", "%9."]
_ORDERED_FORMATS = ["decimal", "lowerLetter", "lowerRoman"] * 3
_ORDERED_TEXTS = ["%1.", "(%2)", "(%3)", "%4.", "(%5)", "(%6)", "%7.", "(%8)", "(%9)"]
_BULLETS = ["\u2022", "\u2013", "\u25aa"] * 3


def list_indent(ilvl: int) -> int:
    """Left indent of an ordinary list level, for continuation paragraphs too."""
    return 720 + 360 * ilvl


def clause_indent(ilvl: int) -> int:
    """Left indent of a clause level."""
    return _CLAUSE_INDENTS[ilvl][0]


def _lvl(ilvl: int, fmt: str, text: str, left: int, hanging: int, *, legal: bool) -> str:
    font = ""
    if fmt == "bullet":  # the bullet glyphs need a font that has them
        font = '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:hint="default"/></w:rPr>'
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f"{'<w:isLgl/>' if legal else ''}"
        f'<w:lvlText w:val="{esc(text)}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>{font}</w:lvl>'
    )


@dataclass
class NumberingPlan:
    """The list definitions a document needs, added to numbering.xml afterwards.

    Attributes:
        next_abstract: First free ``w:abstractNumId`` in the reference's numbering.
        next_num: First free ``w:numId``.
    """

    next_abstract: int
    next_num: int
    abstract_nums: list[str] = field(default_factory=list)
    nums: list[str] = field(default_factory=list)
    _abstract_ids: dict[str, int] = field(default_factory=dict)
    _shared_nums: dict[str, int] = field(default_factory=dict)

    def _abstract(self, kind: str) -> int:
        if kind not in self._abstract_ids:
            ident = self.next_abstract
            self.next_abstract += 1
            self._abstract_ids[kind] = ident
            if kind == "clause":
                levels = (
                    _lvl(i, _CLAUSE_FORMATS[i], _CLAUSE_TEXTS[i], *_CLAUSE_INDENTS[i], legal=i < 3)
                    for i in range(9)
                )
            elif kind == "bullet":
                levels = (
                    _lvl(i, "bullet", _BULLETS[i], list_indent(i), 357, legal=False)
                    for i in range(9)
                )
            else:
                levels = (
                    _lvl(
                        i, _ORDERED_FORMATS[i], _ORDERED_TEXTS[i], list_indent(i), 397, legal=False
                    )
                    for i in range(9)
                )
            self.abstract_nums.append(
                f'<w:abstractNum w:abstractNumId="{ident}">'
                f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
            )
        return self._abstract_ids[kind]

    def _num(self, kind: str, override: str = "") -> int:
        abstract = self._abstract(kind)
        ident = self.next_num
        self.next_num += 1
        self.nums.append(
            f'<w:num w:numId="{ident}"><w:abstractNumId w:val="{abstract}"/>{override}</w:num>'
        )
        return ident

    def shared(self, kind: str) -> int:
        """Return the one numbering instance for bullets or clauses."""
        if kind not in self._shared_nums:
            self._shared_nums[kind] = self._num(kind)
        return self._shared_nums[kind]

    def ordered(self, ilvl: int, start: int) -> int:
        """Return a new ordered-list instance that restarts at ``start`` on ``ilvl``."""
        override = (
            f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        )
        return self._num("ordered", override)


@dataclass(frozen=True)
class _ListContext:
    num_id: int
    ilvl: int
    indent: int
    clause_level: int | None  # set while ordered lists continue a clause


class BodyWriter:
    """Writes blocks as body XML, keeping the state clause numbering needs."""

    def __init__(
        self,
        styles: StyleIds,
        numbering: NumberingPlan,
        link_id: Callable[[str], str],
        *,
        text_width: int,
        numbered_clauses: bool,
        picture: Callable[[str], str | None] | None = None,
    ) -> None:
        """Set up a writer for one document.

        Args:
            styles: Style ids to use.
            numbering: Where list definitions are recorded.
            link_id: Returns the relationship id for an external hyperlink target.
            text_width: Width between the page margins, in twips, for tables.
            numbered_clauses: Number H2 headings and ordered lists under them.
            picture: Returns the run XML (`<w:r><w:drawing>...`) of a picture for the
                text of a ```mermaid block, or None to keep it as code.
        """
        self.picture = picture
        self.styles = styles
        self.numbering = numbering
        self.link_id = link_id
        self.text_width = text_width
        self.numbered_clauses = numbered_clauses
        self.in_clause = False
        self.out: list[str] = []

    def write(self, blocks: Iterable[Block]) -> str:
        """Return the XML of ``blocks`` as a string of body children."""
        blocks = list(blocks)
        page_break: int | None = None  # where the block after a page break starts
        for block, following in zip(blocks, [*blocks[1:], None], strict=False):
            if isinstance(block, PageBreak):
                # The next paragraph starts a page itself (pageBreakBefore), so a break
                # that falls at a page end anyway cannot leave a blank page; nor can
                # the spacer after a table just before it.
                if self.out and self.out[-1] == TABLE_SPACER:
                    self.out.pop()
                page_break = len(self.out)
                continue
            if isinstance(block, Paragraph) and leads_in(following):
                self._para(block.inlines, style=None, keep_next=True)
            elif isinstance(block, ListBlock):
                # A clause ending "as follows." keeps with the table after the list.
                self._list(block, depth=0, parent=None, keep_last=leads_in(following))
            else:
                self._block(block, para_style=None)
            if page_break is not None and page_break < len(self.out):
                self.out[page_break : page_break + 1] = break_before(self.out[page_break])
                page_break = None
        if self.out and self.out[-1] == TABLE_SPACER:
            self.out[-1] = HAIRLINE
        return "".join(self.out)

    def _block(self, block: Block, *, para_style: str | None) -> None:  # noqa: C901
        if isinstance(block, Paragraph):
            self._para(block.inlines, style=para_style)
        elif isinstance(block, Heading):
            self._heading(block)
        elif isinstance(block, ListBlock):
            self._list(block, depth=0, parent=None)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Quote):
            for child in block.blocks:
                self._block(child, para_style=self.styles.guidance)
        elif isinstance(block, CodeBlock) and block.info == "mermaid" and self.picture:
            picture = self.picture(block.text)  # a data-flow diagram drawn as a picture
            if picture is None:
                self._block(CodeBlock(block.text), para_style=para_style)
            else:
                self.out.append(f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{picture}</w:p>')
        elif isinstance(block, CodeBlock):
            lines = "<w:br/>".join(self._text(line) for line in block.text.split("\n"))
            self.out.append(
                f'<w:p><w:pPr><w:pStyle w:val="{self.styles.source_code}"/>'
                f"</w:pPr><w:r>{lines}</w:r></w:p>"
            )
        elif isinstance(block, Rule):
            self.out.append(
                '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" '
                'w:color="A6A6A6"/></w:pBdr><w:spacing w:before="120" w:after="240"/>'
                "</w:pPr></w:p>"
            )
        elif isinstance(block, PageBreak):
            self.out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def _heading(self, block: Heading) -> None:
        level = min(block.level, 6)
        numpr = ""
        if self.numbered_clauses and level == 2:
            numpr = self._numpr(self.numbering.shared("clause"), 0)
            self.in_clause = True
        elif level == 1:
            self.in_clause = False  # a new part (e.g. a schedule) is not a clause
        style = self.styles.headings[level]
        if self.out and self.out[-1] == TABLE_SPACER:
            # A heading's own space before clears the table; with the spacer between
            # them LibreOffice lets the heading end a page, away from its text.
            self.out.pop()
        self.out.append(
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{numpr}</w:pPr>'
            f"{self._runs(block.inlines)}</w:p>"
        )

    @staticmethod
    def _numpr(num_id: int, ilvl: int) -> str:
        return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'

    def _list_context(
        self, block: ListBlock, depth: int, parent: _ListContext | None
    ) -> _ListContext:
        if block.ordered and self.numbered_clauses and self.in_clause:
            if parent is None or parent.clause_level is not None:
                above = 0 if parent is None else (parent.clause_level or 0)
                level = min(above + 1, MAX_CLAUSE_LEVEL)
                num_id = self.numbering.shared("clause")
                return _ListContext(num_id, level, clause_indent(level), level)
        ilvl = min(depth, 8)
        if not block.ordered:
            num_id = self.numbering.shared("bullet")
        else:
            num_id = self.numbering.ordered(ilvl, block.start)
        return _ListContext(num_id, ilvl, list_indent(ilvl), None)

    def _list(
        self,
        block: ListBlock,
        *,
        depth: int,
        parent: _ListContext | None,
        keep_last: bool = False,
    ) -> None:
        """Write ``block``; ``keep_last`` keeps its last paragraph with the block after
        the list (the table a clause introduces)."""
        ctx = self._list_context(block, depth, parent)
        numpr = self._numpr(ctx.num_id, ctx.ilvl)
        style = self.styles.list_paragraph
        for item_no, item in enumerate(block.items, start=1):
            first = True
            for child_no, child in enumerate(item.blocks, start=1):
                if isinstance(child, Paragraph):
                    # Later paragraphs of an item line up with its text, unnumbered.
                    extra = numpr if first else f'<w:ind w:left="{ctx.indent}"/>'
                    if child_no < len(item.blocks):  # a table or list inside the item
                        keep = leads_in(item.blocks[child_no])
                    else:  # the list's last words keep with what the caller says follows
                        keep = keep_last and item_no == len(block.items)
                    if keep:  # keepNext comes before numPr in the schema
                        extra = "<w:keepNext/>" + extra
                    self.out.append(
                        f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>'
                        f"{self._runs(child.inlines)}</w:p>"
                    )
                else:
                    if first:  # the item starts with a block: give its number a line
                        self.out.append(
                            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{numpr}</w:pPr></w:p>'
                        )
                    if isinstance(child, ListBlock):
                        self._list(child, depth=depth + 1, parent=ctx)
                    else:
                        self._block(child, para_style=None)
                first = False
            if first:  # an empty item still takes a number
                self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{numpr}</w:pPr></w:p>')

    def _table(self, table: Table) -> None:
        self.out.append(
            table_xml(
                table,
                text_width=self.text_width,
                table_style=self.styles.table,
                text_style=self.styles.table_text,
                header_fill=self.styles.header_fill,
                runs=lambda inlines, bold: self._runs(inlines, bold=bold),
            )  # fmt: skip
        )
        # Word has no space-after for tables: a 6 pt spacer keeps the next text clear.
        self.out.append(TABLE_SPACER)

    def _para(self, inlines: Inline, *, style: str | None, keep_next: bool = False) -> None:
        props = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
            "<w:keepNext/>" if keep_next else ""
        )
        ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
        self.out.append(f"<w:p>{ppr}{self._runs(inlines)}</w:p>")

    @staticmethod
    def _text(text: str) -> str:
        # Word drops leading/trailing spaces unless told to preserve them.
        space = ' xml:space="preserve"' if text[:1] == " " or text[-1:] == " " else ""
        return f"<w:t{space}>{esc(text)}</w:t>"

    def _run(self, span: Span, *, bold: bool = False) -> str:
        if span.is_break:
            return "<w:r><w:br/></w:r>"
        props = []
        if span.href:
            props.append(f'<w:rStyle w:val="{self.styles.hyperlink}"/>')
        elif span.code:
            props.append(f'<w:rStyle w:val="{self.styles.inline_code}"/>')
        if span.bold or bold:
            props.append("<w:b/><w:bCs/>")
        if span.italic:
            props.append("<w:i/><w:iCs/>")
        rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
        return f"<w:r>{rpr}{self._text(unbreakable_scheme(span.text))}</w:r>"

    def _runs(self, inlines: Inline, *, bold: bool = False) -> str:
        parts: list[str] = []
        for href, group in groupby(inlines, key=lambda span: span.href):
            runs = "".join(self._run(span, bold=bold) for span in group)
            if href is None:
                parts.append(runs)
            elif href.startswith("#"):
                parts.append(f'<w:hyperlink w:anchor="{esc(href[1:])}">{runs}</w:hyperlink>')
            else:
                rid = self.link_id(href)
                parts.append(f'<w:hyperlink r:id="{rid}" w:history="1">{runs}</w:hyperlink>')
        return "".join(parts)
