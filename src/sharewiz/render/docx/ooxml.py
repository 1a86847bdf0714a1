"""WordprocessingML building blocks shared by the DOCX writer's modules."""

from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Characters XML 1.0 cannot carry (controls, lone surrogates, U+FFFE/F) are dropped:
# one stray control character pasted into an answer must not break the document.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def unbreakable_scheme(text: str) -> str:
    """Glue "https://" to the address after it with a word joiner (U+2060).

    Line breaking (UAX #14) allows a break after the slashes, which leaves "https://"
    alone at a line end; the break points after it (each later "/") are kept.
    """
    return re.sub(r"(\bhttps?://)(?=\S)", "\\1\u2060", text)


def esc(text: str) -> str:
    """Escape text for an XML element or a double-quoted attribute."""
    return _INVALID_XML.sub("", text).translate(_ESCAPES)


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
