"""Where pages may break: what keeps with what, and page breaks that cannot leave a
blank page. Used by :mod:`sharewiz.render.docx.body`."""

from __future__ import annotations

import re

from sharewiz.render.blocks import Block, CodeBlock, ListBlock, Table

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


def leads_in(following: Block | None) -> bool:
    """Whether a paragraph followed by ``following`` introduces it, so must not end a
    page without it: a table (a signature block too), a list or a picture (a code block,
    which a data-flow diagram is drawn from) follows, whether the sentence ends with a
    colon ("We receive information about you from:") or a full stop ("The information
    flows between the parties as follows.")."""
    return isinstance(following, Table | ListBlock | CodeBlock)
