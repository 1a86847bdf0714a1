"""Turn parsed Markdown blocks into WordprocessingML for a document body.

The XML is built as text and parsed once by :mod:`sharewiz.render.docx.writer`, instead of
through python-docx's object API: looking styles up by name and creating every run
through proxies makes a ten-page agreement several times slower than pandoc. This
module knows nothing about python-docx; it only needs the style ids to use, a
numbering plan to record lists in, and a function that returns a relationship id for
a hyperlink target.
"""

from __future__ import annotations

import re
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
    plain_text,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Characters XML 1.0 cannot carry (controls, lone surrogates, U+FFFE/F) are dropped:
# one stray control character pasted into an answer must not break the document.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})

SIGNATURE_ROW_HEIGHT = 1134  # 2 cm: room for a handwritten signature
MAX_CLAUSE_LEVEL = 8


def esc(text: str) -> str:
    """Escape text for an XML element or a double-quoted attribute."""
    return _INVALID_XML.sub("", text).translate(_ESCAPES)


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
        for block in blocks:
            self._block(block, para_style=None)
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

    def _list(self, block: ListBlock, *, depth: int, parent: _ListContext | None) -> None:
        ctx = self._list_context(block, depth, parent)
        numpr = self._numpr(ctx.num_id, ctx.ilvl)
        style = self.styles.list_paragraph
        for item in block.items:
            first = True
            for child in item.blocks:
                if isinstance(child, Paragraph):
                    # Later paragraphs of an item line up with its text, unnumbered.
                    extra = numpr if first else f'<w:ind w:left="{ctx.indent}"/>'
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

    def _para(self, inlines: Inline, *, style: str | None) -> None:
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
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
        return f"<w:r>{rpr}{self._text(span.text)}</w:r>"

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

    def _table(self, table: Table) -> None:
        ncols = max([len(table.header)] + [len(row) for row in table.rows])
        widths = column_widths(table, ncols, self.text_width)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        self.out.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles.table}"/>'
            f'<w:tblW w:w="{self.text_width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
        )
        # The header row repeats on every page and is shaded directly as well as by the
        # table style, because not every reader applies table-style conditional formats.
        self._row(table.header, widths, table.aligns, header=True, height=0)
        height = SIGNATURE_ROW_HEIGHT if table.is_signature else 0
        for row in table.rows:
            self._row(row, widths, table.aligns, header=False, height=height)
        # Word has no space-after for tables: a 6 pt spacer keeps the next text clear.
        self.out.append(
            '</w:tbl><w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="120" '
            'w:lineRule="exact"/></w:pPr></w:p>'
        )

    def _row(
        self,
        cells: tuple[Inline, ...],
        widths: list[int],
        aligns: tuple[str | None, ...],
        *,
        header: bool,
        height: int,
    ) -> None:
        trpr = "<w:cantSplit/>"
        if header:
            trpr += "<w:tblHeader/>"
        if height:
            trpr += f'<w:trHeight w:val="{height}" w:hRule="atLeast"/>'
        out = [f"<w:tr><w:trPr>{trpr}</w:trPr>"]
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{self.styles.header_fill}"/>'
        valign = '<w:vAlign w:val="bottom"/>' if height else ""
        for index, width in enumerate(widths):
            inlines = cells[index] if index < len(cells) else ()
            align = aligns[index] if index < len(aligns) else None
            jc = f'<w:jc w:val="{_JC[align]}"/>' if align in _JC else ""
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                f"{shade if header else ''}{valign}</w:tcPr>"
                f'<w:p><w:pPr><w:pStyle w:val="{self.styles.table_text}"/>{jc}</w:pPr>'
                f"{self._runs(inlines, bold=header)}</w:p></w:tc>"
            )
        out.append("</w:tr>")
        self.out.append("".join(out))


_JC = {"left": "left", "center": "center", "right": "right"}


def column_widths(table: Table, ncols: int, text_width: int) -> list[int]:
    """Share ``text_width`` between columns in proportion to their content.

    Long text is capped so one wordy column cannot squeeze the others to nothing, and
    the longest word sets a floor so short columns do not break words.

    Args:
        table: The table.
        ncols: Number of columns.
        text_width: Total width in twips.

    Returns:
        Column widths in twips, summing to ``text_width``.
    """
    # Rough twips per character at table text size, and a cell's left+right padding.
    char, padding = 120, 230
    floors, wishes = [], []
    for col in range(ncols):
        texts = [plain_text(row[col]) for row in (table.header, *table.rows) if col < len(row)]
        longest = max((len(text) for text in texts), default=0)
        longest_word = max((len(word) for text in texts for word in text.split()), default=0)
        floor = min(max(longest_word, 4), 25) * char + padding  # never break a word
        wish = max(min(longest, 60), 8) * char + padding
        if col < len(table.header) and "signature" in plain_text(table.header[col]).lower():
            wish = max(wish, 30 * char + padding)
        floors.append(floor)
        wishes.append(max(wish, floor))
    if sum(floors) >= text_width:  # too many columns: shrink the floors alike
        widths = [text_width * floor // sum(floors) for floor in floors]
    else:
        spare = text_width - sum(floors)
        wants = [wish - floor for wish, floor in zip(wishes, floors, strict=True)]
        if sum(wants) == 0:
            wants = wishes
        widths = [
            floor + spare * want // sum(wants) for floor, want in zip(floors, wants, strict=True)
        ]
    widths[-1] += text_width - sum(widths)
    return widths


_WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"


def picture_run(rel_id: str, *, width_emu: int, height_emu: int, number: int, alt: str) -> str:
    """The XML of a run holding an inline picture (a DrawingML `wp:inline`)."""
    return (
        f'<w:r><w:drawing><wp:inline xmlns:wp="{_WP_NS}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width_emu}" cy="{height_emu}"/>'
        f'<wp:docPr id="{number}" name="Picture {number}" descr="{esc(alt)}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{_A_NS}" noChangeAspect="1"/>'
        f'</wp:cNvGraphicFramePr><a:graphic xmlns:a="{_A_NS}">'
        f'<a:graphicData uri="{_PIC_NS}"><pic:pic xmlns:pic="{_PIC_NS}">'
        f'<pic:nvPicPr><pic:cNvPr id="{number}" name="diagram-{number}.png"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/>'
        f'</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{width_emu}" cy="{height_emu}"/></a:xfrm><a:prstGeom prst="rect">'
        f"<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>"
        f"</wp:inline></w:drawing></w:r>"
    )
