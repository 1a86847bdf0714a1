"""Write sharewiz's default reference DOCX, ``templates/reference.docx``.

Run ``python tools/make_reference_docx.py`` after changing a style here and commit the
result. The file is written from hand-kept XML rather than python-docx's default
template, because that template carries ~900 KB of unused styles that every render
would parse and re-compress; this one is a few KB. Output is byte-stable (fixed zip
entry times, sorted entries) so regenerating it only shows real changes in git.

Design: Arial 11 pt body (Liberation Sans is its metric twin on Linux), dark blue
headings, A4 with 2.5 cm margins, British English in the style defaults, and the custom
styles the writer uses: Guidance (shaded notes from block quotes), Table Text, Source
Code, Inline Code, Hyperlink and the "Sharewiz Table" table style.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

DARK_BLUE = "1F3864"
MID_BLUE = "2F5496"
BODY_FONT = "Arial"
MONO_FONT = "Courier New"
LANG = "en-GB"
# A4 in twentieths of a point, 2.5 cm margins (1 cm = 567 twips).
PAGE_W, PAGE_H, MARGIN = 11906, 16838, 1417
TEXT_W = PAGE_W - 2 * MARGIN


def _heading(level: int, size_pt: float, colour: str, before: int, after: int, extra: str) -> str:
    return f"""
<w:style w:type="paragraph" w:styleId="Heading{level}">
  <w:name w:val="heading {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
  <w:uiPriority w:val="9"/><w:qFormat/>
  <w:pPr><w:keepNext/><w:keepLines/>{extra}<w:spacing w:before="{before}" w:after="{after}"/>
    <w:outlineLvl w:val="{level - 1}"/></w:pPr>
  <w:rPr><w:b/><w:bCs/><w:color w:val="{colour}"/><w:sz w:val="{int(size_pt * 2)}"/>
    <w:szCs w:val="{int(size_pt * 2)}"/></w:rPr>
</w:style>"""


def styles_xml() -> str:
    """Return word/styles.xml."""
    h1_border = (
        f'<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="4" w:color="{DARK_BLUE}"/></w:pBdr>'
    )
    headings = "".join(
        [
            _heading(1, 22, DARK_BLUE, 0, 240, h1_border),
            _heading(2, 15, DARK_BLUE, 360, 120, ""),
            _heading(3, 12.5, MID_BLUE, 240, 80, ""),
            _heading(4, 11, MID_BLUE, 200, 60, ""),
            _heading(5, 11, MID_BLUE, 200, 60, ""),
            _heading(6, 11, MID_BLUE, 200, 60, ""),
        ]
    )
    return f"""{XML_DECL}<w:styles xmlns:w="{W}" xmlns:r="{R}">
<w:docDefaults>
  <w:rPrDefault><w:rPr>
    <w:rFonts w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:eastAsia="{BODY_FONT}" w:cs="{BODY_FONT}"/>
    <w:color w:val="1A1A1A"/><w:sz w:val="22"/><w:szCs w:val="22"/>
    <w:lang w:val="{LANG}" w:eastAsia="{LANG}" w:bidi="ar-SA"/>
  </w:rPr></w:rPrDefault>
  <w:pPrDefault><w:pPr>
    <w:spacing w:after="140" w:line="276" w:lineRule="auto"/>
  </w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal">
  <w:name w:val="Normal"/><w:qFormat/>
</w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">
  <w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>
  <w:unhideWhenUsed/>
</w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal">
  <w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
  <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>
    <w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>
    <w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>
  </w:tblCellMar></w:tblPr>
</w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList">
  <w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
</w:style>
{headings}
<w:style w:type="paragraph" w:styleId="ListParagraph">
  <w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:after="80"/><w:ind w:left="720"/></w:pPr>
</w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Guidance">
  <w:name w:val="Guidance"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
  <w:pPr>
    <w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="{MID_BLUE}"/></w:pBdr>
    <w:shd w:val="clear" w:color="auto" w:fill="EAF0F8"/>
    <w:spacing w:before="60" w:after="60"/><w:ind w:left="227" w:right="113"/>
  </w:pPr>
  <w:rPr><w:color w:val="1F2A44"/></w:rPr>
</w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText">
  <w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/>
  <w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>
</w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="SourceCode">
  <w:name w:val="Source Code"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>
    <w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:rFonts w:ascii="{MONO_FONT}" w:hAnsi="{MONO_FONT}" w:cs="{MONO_FONT}"/>
    <w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>
</w:style>
<w:style w:type="paragraph" w:styleId="Header">
  <w:name w:val="header"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>
  <w:unhideWhenUsed/>
  <w:pPr><w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>
    <w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>
</w:style>
<w:style w:type="paragraph" w:styleId="Footer">
  <w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>
  <w:unhideWhenUsed/>
  <w:pPr><w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>
    <w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>
</w:style>
<w:style w:type="character" w:styleId="Hyperlink">
  <w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/>
  <w:unhideWhenUsed/>
  <w:rPr><w:color w:val="0B57A4"/><w:u w:val="single"/></w:rPr>
</w:style>
<w:style w:type="character" w:customStyle="1" w:styleId="InlineCode">
  <w:name w:val="Inline Code"/><w:basedOn w:val="DefaultParagraphFont"/>
  <w:rPr><w:rFonts w:ascii="{MONO_FONT}" w:hAnsi="{MONO_FONT}" w:cs="{MONO_FONT}"/>
    <w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>
</w:style>
<w:style w:type="table" w:customStyle="1" w:styleId="SharewizTable">
  <w:name w:val="Sharewiz Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>
  <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
    </w:tblBorders>
    <w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>
      <w:bottom w:w="28" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/><w:color w:val="{DARK_BLUE}"/></w:rPr>
    <w:tblPr/>
    <w:trPr><w:tblHeader/></w:trPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr>
  </w:tblStylePr>
</w:style>
</w:styles>"""


def document_xml() -> str:
    """Return word/document.xml: an empty body with the A4 section."""
    return f"""{XML_DECL}<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>
<w:sectPr>
  <w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>
  <w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}"
    w:header="709" w:footer="709" w:gutter="0"/>
  <w:cols w:space="708"/><w:docGrid w:linePitch="360"/>
</w:sectPr>
</w:body></w:document>"""


def settings_xml() -> str:
    """Return word/settings.xml (no rsids: they would only add noise)."""
    return f"""{XML_DECL}<w:settings xmlns:w="{W}" xmlns:r="{R}">
<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>
<w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:compatSetting w:name="compatibilityMode"
  w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
<w:themeFontLang w:val="{LANG}"/>
<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>
</w:settings>"""


def parts() -> dict[str, str]:
    """Return every part of the package by zip member name."""
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    return {
        "[Content_Types].xml": f"""{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{ct}.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="{ct}.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="{ct}.settings+xml"/>
<Override PartName="/word/numbering.xml" ContentType="{ct}.numbering+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>""",
        "_rels/.rels": f"""{XML_DECL}<Relationships xmlns="{PKG_RELS}">
<Relationship Id="rId1" Type="{DOC_RT}/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="{DOC_RT}/extended-properties" Target="docProps/app.xml"/>
</Relationships>""",
        "docProps/core.xml": f"""{XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>sharewiz reference</dc:title><dc:language>{LANG}</dc:language>
<cp:revision>1</cp:revision>
</cp:coreProperties>""",
        "docProps/app.xml": f"""{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Application>sharewiz</Application></Properties>""",
        "word/_rels/document.xml.rels": f"""{XML_DECL}<Relationships xmlns="{PKG_RELS}">
<Relationship Id="rId1" Type="{DOC_RT}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{DOC_RT}/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="{DOC_RT}/numbering" Target="numbering.xml"/>
</Relationships>""",
        "word/document.xml": document_xml(),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/numbering.xml": f'{XML_DECL}<w:numbering xmlns:w="{W}"/>',
    }


def write_reference(path: Path) -> None:
    """Write the reference DOCX to ``path`` with fixed zip metadata."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts().items():  # [Content_Types].xml first, as Word writes it
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))


def main() -> None:
    """Write templates/reference.docx next to this repository's tools folder."""
    target = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else (Path(__file__).resolve().parents[1] / "templates" / "reference.docx")
    )
    write_reference(target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
