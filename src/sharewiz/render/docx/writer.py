"""Write a Word document from sharewiz Markdown; the only module that imports ``docx``.

The reference DOCX supplies styles, page size, margins, numbering and any existing
header or footer; its body text is discarded (as pandoc does). Styles the writer needs
but the reference lacks are copied from sharewiz's default reference, so an
organisation's template only has to define what it wants to change.

Header and footer policy: an organisation's header or footer that has any content
(text, a logo, a field) is kept as it is; an empty or missing one gets ours (title and
organisation in the header; "Version X · date" and "Page X of Y" in the footer).
"""

from __future__ import annotations

import copy
import io
import zipfile
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.parts.numbering import NumberingPart

from sharewiz.errors import ReferenceDocxError
from sharewiz.model.paths import data_dir
from sharewiz.render.blocks import parse_markdown
from sharewiz.render.docx.body import BodyWriter, NumberingPlan, StyleIds
from sharewiz.render.docx.ooxml import R_NS, W_NS, esc, picture_run
from sharewiz.render.docx.reference import HINT, read_reference
from sharewiz.render.meta import DocMeta, fit_line

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
_EPOCH = datetime(2000, 1, 1)  # document dates when the answers give none
_DEFAULT_TEXT_WIDTH = 9072  # A4 less 2.5 cm margins, in twips

# Style roles -> the style name looked up in the reference (names are what users see
# and keep when they restyle; ids vary with Word's language).
_ROLE_NAMES = {
    "list_paragraph": "list paragraph",
    "guidance": "guidance",
    "table_text": "table text",
    "source_code": "source code",
    "hyperlink": "hyperlink",
    "inline_code": "inline code",
    "table": "sharewiz table",
    "header": "header",
    "footer": "footer",
}


def render_docx(markdown: str, meta: DocMeta, *, reference: Path | None = None) -> bytes:
    """Render Markdown as a Word document.

    Args:
        markdown: The document's Markdown (CommonMark with tables).
        meta: Title, version, date and other properties.
        reference: A reference DOCX whose styles, page setup, header and footer are
            used; sharewiz's own ``templates/reference.docx`` when None.

    Returns:
        The DOCX file's bytes, identical for identical input.

    Raises:
        ReferenceDocxError: The reference is missing or is not a Word document.
    """
    document = _open_reference(reference or default_reference_path())
    part = document.part
    styles = _resolve_styles(document.styles.element)
    numbering_el = _numbering_element(part, create=False)
    numbering = NumberingPlan(*_next_numbering_ids(numbering_el))
    text_width = _text_width(document)

    def link_id(url: str) -> str:
        return str(part.relate_to(url, RT.HYPERLINK, is_external=True))

    pictures: list[str] = []

    def picture(text: str) -> str | None:
        # a ```mermaid data-flow block, drawn as a PNG by sharewiz.render.diagram (issue 9)
        from sharewiz.render.diagram import mermaid_to_png

        # Laid out for the text width (15 twips to the pixel), so it prints at full size.
        drawn = mermaid_to_png(text, print_width=text_width // 15)
        if drawn is None:
            return None
        png, width_px, height_px = drawn
        rel_id, _image = part.get_or_add_image(io.BytesIO(png))
        pictures.append(rel_id)
        emu = 9525  # EMU per pixel at 96 dpi
        return picture_run(
            rel_id, width_emu=width_px * emu, height_emu=height_px * emu,
            number=len(pictures), alt="Diagram of the data flows between the parties",
        )  # fmt: skip

    writer = BodyWriter(
        styles, numbering, link_id, text_width=text_width,
        numbered_clauses=meta.numbered_clauses, picture=picture,
    )  # fmt: skip
    _replace_body(document.element.body, writer.write(parse_markdown(markdown)))
    if numbering.nums:
        if numbering_el is None:
            numbering_el = _numbering_element(part, create=True)
        _add_numbering(numbering_el, numbering)
    _set_language(document.styles.element, meta.language)
    _write_header_footer(document, meta, styles, text_width)
    _set_core_properties(document, meta)
    return _save(document)


def default_reference_path() -> Path:
    """Return the path of sharewiz's built-in reference DOCX."""
    return data_dir("templates") / "reference.docx"


def _open_reference(path: Path) -> Any:
    data = read_reference(path)
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, SyntaxError, zipfile.BadZipFile) as exc:
        raise ReferenceDocxError(
            f"reference DOCX {path} is a zip archive but not a Word document ({exc})",
            hint=HINT,
        ) from None


@lru_cache(maxsize=1)
def _default_styles() -> dict[str, Any]:
    # The built-in reference's style definitions by lower-case name; callers copy them.
    with zipfile.ZipFile(default_reference_path()) as archive:
        root = parse_xml(archive.read("word/styles.xml"))
    found: dict[str, Any] = {}
    for style in root.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            found[name.get(qn("w:val")).lower()] = style
    return found


def _resolve_styles(styles_el: Any) -> StyleIds:
    """Find the style ids to use, copying any the reference lacks from ours."""
    by_name: dict[str, Any] = {}
    for style in styles_el.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            by_name.setdefault(name.get(qn("w:val")).lower(), style)

    def style_id(name: str) -> str:
        style = by_name.get(name)
        if style is None:
            style = copy.deepcopy(_default_styles()[name])
            styles_el.append(style)
            by_name[name] = style
        return str(style.get(qn("w:styleId")))

    ids = {role: style_id(name) for role, name in _ROLE_NAMES.items()}
    headings = {level: style_id(f"heading {level}") for level in range(1, 7)}
    fill = (
        by_name["sharewiz table"].xpath("./w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd/@w:fill")
        if "sharewiz table" in by_name
        else []
    )
    return StyleIds(headings=headings, header_fill=str(fill[0]) if fill else "D9E2F3", **ids)


def _numbering_element(part: Any, *, create: bool) -> Any:
    try:
        return part.part_related_by(RT.NUMBERING).element
    except KeyError:
        if not create:
            return None
    element = parse_xml(f'<w:numbering xmlns:w="{W_NS}"/>')
    numbering_part = NumberingPart(
        PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, part.package
    )
    part.relate_to(numbering_part, RT.NUMBERING)
    return element


def _next_numbering_ids(numbering_el: Any) -> tuple[int, int]:
    if numbering_el is None:
        return 1, 1
    abstract = [int(v) for v in numbering_el.xpath("./w:abstractNum/@w:abstractNumId")]
    nums = [int(v) for v in numbering_el.xpath("./w:num/@w:numId")]
    return max(abstract, default=0) + 1, max(nums, default=0) + 1


def _add_numbering(numbering_el: Any, plan: NumberingPlan) -> None:
    # The schema wants every abstractNum before the first num.
    fragment = parse_xml(
        f'<w:numbering xmlns:w="{W_NS}">{"".join(plan.abstract_nums)}{"".join(plan.nums)}'
        "</w:numbering>"
    )
    new = list(fragment)
    abstracts, nums = new[: len(plan.abstract_nums)], new[len(plan.abstract_nums) :]
    first_num = numbering_el.find(qn("w:num"))
    for element in abstracts:
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering_el.append(element)
    cleanup = numbering_el.find(qn("w:numIdMacAtCleanup"))
    for element in nums:
        if cleanup is not None:
            cleanup.addprevious(element)
        else:
            numbering_el.append(element)


def _text_width(document: Any) -> int:
    section = document.sections[-1]
    if None in (section.page_width, section.left_margin, section.right_margin):
        return _DEFAULT_TEXT_WIDTH
    emu = section.page_width - section.left_margin - section.right_margin
    return max(int(emu) // 635, 1440)  # 635 EMU to the twip


def _replace_body(body: Any, xml: str) -> None:
    sect_pr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    fragment = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{xml}</w:body>')
    body[0:0] = list(fragment)  # before the final sectPr, which must stay last


def _set_language(styles_el: Any, language: str) -> None:
    """Set the language on the style defaults and on every style that names one."""
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f'<w:docDefaults xmlns:w="{W_NS}"/>')
        styles_el.insert(0, defaults)
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = parse_xml(f'<w:rPrDefault xmlns:w="{W_NS}"/>')
            defaults.insert(0, rpr_default)
        rpr = parse_xml(f'<w:rPr xmlns:w="{W_NS}"/>')
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        rpr.append(parse_xml(f'<w:lang xmlns:w="{W_NS}"/>'))
    for lang in styles_el.iter(qn("w:lang")):
        lang.set(qn("w:val"), language)


def _has_content(element: Any) -> bool:
    return bool(
        "".join(element.itertext()).strip()
        or element.xpath(".//w:drawing | .//w:pict | .//w:fldSimple | .//w:instrText")
    )


def _field(instruction: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _tab_stops(style_id: str, text_width: int, styles_el: Any) -> str:
    # Clear the style's own tab stops (Word's defaults put a centre tab mid-line) so
    # our single tab always reaches the right margin.
    positions = styles_el.xpath(f"./w:style[@w:styleId='{style_id}']/w:pPr/w:tabs/w:tab/@w:pos")
    clears = "".join(f'<w:tab w:val="clear" w:pos="{pos}"/>' for pos in positions)
    return f'<w:tabs>{clears}<w:tab w:val="right" w:pos="{text_width}"/></w:tabs>'


def _header_char_twips(style_id: str, styles_el: Any) -> int:
    # An average character of a proportional font is about 0.55 em wide.
    sizes = styles_el.xpath(f"./w:style[@w:styleId='{style_id}']/w:rPr/w:sz/@w:val")
    half_points = int(sizes[0]) if sizes and str(sizes[0]).isdigit() else 18
    return max(half_points * 10 * 55 // 100, 1)


def _text_run(value: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{esc(value)}</w:t></w:r>'


def _write_header_footer(document: Any, meta: DocMeta, styles: StyleIds, width: int) -> None:
    section = document.sections[-1]
    styles_el = document.styles.element
    # A two-line header designed as such: the title, then the parties, each shortened
    # to one line rather than left to wrap.
    chars = width // _header_char_twips(styles.header, styles_el)
    header = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{styles.header}"/></w:pPr>{_text_run(line)}</w:p>'
        for line in (fit_line(meta.title, chars), meta.parties_line(chars))
        if line
    )
    footer = (
        f'<w:p><w:pPr><w:pStyle w:val="{styles.footer}"/>'
        f"{_tab_stops(styles.footer, width, styles_el)}</w:pPr>"
        f"{_text_run(meta.version_line())}<w:r><w:tab/></w:r>{_text_run('Page ')}{_field('PAGE')}"
        f"{_text_run(' of ')}{_field('NUMPAGES')}</w:p>"
    )
    for part_proxy, xml in ((section.header, header), (section.footer, footer)):
        if not part_proxy.is_linked_to_previous and _has_content(part_proxy.part.element):
            continue  # the organisation's own header or footer wins
        part_proxy.is_linked_to_previous = False
        root = part_proxy.part.element
        for child in list(root):
            root.remove(child)
        fragment = parse_xml(f'<w:hdr xmlns:w="{W_NS}">{xml}</w:hdr>')
        root.extend(list(fragment))
    if meta.draft:  # above any header, the organisation's own too: a draft must not pass as final
        section.header.is_linked_to_previous = False
        banner = (
            f'<w:p><w:pPr><w:pStyle w:val="{styles.header}"/><w:jc w:val="center"/></w:pPr>'
            f'<w:r><w:rPr><w:b/><w:color w:val="C00000"/></w:rPr>'
            f'<w:t xml:space="preserve">{esc(meta.draft)}</w:t></w:r></w:p>'
        )
        paragraph = parse_xml(f'<w:hdr xmlns:w="{W_NS}">{banner}</w:hdr>')[0]
        section.header.part.element.insert(0, paragraph)


def _set_core_properties(document: Any, meta: DocMeta) -> None:
    props = document.core_properties
    parsed = meta.parsed_date()
    when = datetime(parsed.year, parsed.month, parsed.day) if parsed else _EPOCH
    # Clear what a reference may carry over, then set everything from meta only.
    for name in ("category", "comments", "content_status", "identifier", "keywords"):
        setattr(props, name, "")
    props.title = _property(meta.title)
    props.subject = _property(meta.subject)
    props.author = _property(meta.author)
    props.last_modified_by = _property(meta.author)
    props.language = _property(meta.language)
    props.version = _property(meta.version)
    props.revision = 1
    props.created = when
    props.modified = when


def _property(text: str) -> str:
    """A core property as Word takes it: at most 255 characters, XML-safe characters only.

    A 250-character service name is a plausible official title; python-docx refuses
    anything over 255 characters, and lxml any character XML cannot hold.
    """
    text = "".join(c for c in text if c in "\t\n" or _xml_char(c))
    return text if len(text) <= 255 else text[:254] + "\u2026"


def _xml_char(char: str) -> bool:
    code = ord(char)
    return 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def _save(document: Any) -> bytes:
    """Save with fixed zip entry times and order, so equal input gives equal bytes."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w") as dst:
        names = sorted(src.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()
