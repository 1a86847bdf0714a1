"""Shared sample Markdown and DOCX read-back helpers for the writer tests."""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

SAMPLE = """\
# Data Sharing Agreement

Between **Greater Manchester ICB** and *Tameside Council*, see the
[ICO code](https://ico.org.uk/data-sharing/) and `Art 6(1)(e)`.

> Guidance: review this agreement **every year**.

1. A numbered point before any clause.
2. Another one.

## Purpose

The parties share data to support antenatal care.

1. Sharing supports screening.
2. Sharing is limited:
   1. no onward sharing;
   2. no marketing.

- A bullet
  - a nested bullet

### Data

| Data item | Source | Notes |
|:--|:--|--:|
| NHS number | GP record | Used to match records |
| Date of birth | Maternity | |

#### Detail

## Security

1. Each party keeps the data secure.

---

<!-- page-break -->

## Signatures

| Party | Name | Signature | Date |
|---|---|---|---|
| Greater Manchester ICB | Jane Smith | | |

```
code line 1
code line 2
```
"""


def load(data: bytes) -> Any:
    """Open DOCX bytes with python-docx."""
    return docx.Document(io.BytesIO(data))


def level_texts(document: Any) -> dict[tuple[str, str], str]:
    """Map (numId, ilvl) to that level's number text, e.g. ("3", "1") -> "%1.%2"."""
    numbering = document.part.numbering_part.element
    abstracts = {
        a.get(qn("w:abstractNumId")): a for a in numbering.iterchildren(qn("w:abstractNum"))
    }
    texts = {}
    for num in numbering.iterchildren(qn("w:num")):
        abstract = abstracts[num.find(qn("w:abstractNumId")).get(qn("w:val"))]
        for lvl in abstract.iterchildren(qn("w:lvl")):
            key = (num.get(qn("w:numId")), lvl.get(qn("w:ilvl")))
            texts[key] = lvl.find(qn("w:lvlText")).get(qn("w:val"))
    return texts


def dump(data: bytes) -> list[str]:
    """One line per paragraph (`style | ilvl numbertext | text`) and per table row."""
    document = load(data)
    texts = level_texts(document)
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            ilvl = child.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
            num_id = child.xpath("./w:pPr/w:numPr/w:numId/@w:val")
            level = f"{ilvl[0]} {texts[(num_id[0], ilvl[0])]}" if ilvl else "-"
            lines.append(f"{paragraph.style.name} | {level} | {paragraph.text}")
        elif child.tag == qn("w:tbl"):
            for row in Table(child, document).rows:
                lines.append("row | " + " | ".join(cell.text for cell in row.cells))
    return lines
