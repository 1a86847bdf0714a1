"""Where pages may break: what keeps with what, and page breaks that cannot leave a
blank page. Used by :mod:`sharewiz.render.docx.body`."""

from __future__ import annotations

import re

from sharewiz.render.blocks import Block, ListBlock, Paragraph, Table, plain_text

# Word wants a paragraph after a table; after a table ends a page, even a 6 pt one can
# spill onto a page of its own. The last one in a document is a hairline instead.
TABLE_SPACER = (
    '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="120" w:lineRule="exact"/>'
    "</w:pPr></w:p>"
)
HAIRLINE = (
    '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
    '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
)


_PPR_START = re.compile(r"^<w:p><w:pPr>(?:<w:pStyle [^>]*/>)?(?:<w:keepNext/>)?(?:<w:keepLines/>)?")


def break_before(xml: str) -> list[str]:
    """The element ``xml`` starting a new page: with pageBreakBefore if it is a
    paragraph (placed where the schema's order of paragraph properties wants it),
    else after a paragraph holding a page break."""
    if match := _PPR_START.match(xml):
        return [xml[: match.end()] + "<w:pageBreakBefore/>" + xml[match.end() :]]
    if xml.startswith("<w:p>"):
        return ["<w:p><w:pPr><w:pageBreakBefore/></w:pPr>" + xml[len("<w:p>") :]]
    return ['<w:p><w:r><w:br w:type="page"/></w:r></w:p>', xml]


def ends_with_colon(paragraph: Paragraph) -> bool:
    return plain_text(paragraph.inlines).rstrip().endswith(":")


def leads_in(paragraph: Paragraph, following: Block | None) -> bool:
    """A paragraph that introduces what follows it, so must not end a page without it.

    That is one ending with a colon ("We receive information about you from:"), or
    the sentence just before a signature block.
    """
    if isinstance(following, Table) and following.is_signature:
        return True
    return isinstance(following, Table | ListBlock) and ends_with_colon(paragraph)
