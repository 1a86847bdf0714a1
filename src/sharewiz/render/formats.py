"""Writing a rendered set to its folder: Markdown, DOCX, HTML and PDF, atomically and safely."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from sharewiz.errors import OutputExistsError, UsageError
from sharewiz.model.atomic import write_text_atomic
from sharewiz.render.engine import RenderedDocument

FORMATS = ("md", "docx", "html", "pdf")
DEFAULT_FORMATS = ("md", "docx")
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def parse_formats(text: str) -> tuple[str, ...]:
    """`md,docx` -> ('md', 'docx'); an unknown format is a usage error."""
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise UsageError(
            f"unknown output format {', '.join(map(repr, unknown)) or repr(text)}",
            hint=f"use a comma-separated list of: {', '.join(FORMATS)}",
        )
    return chosen


@lru_cache(maxsize=1024)  # a set's document names are asked for several times per set
def safe_name(text: str, *, fallback: str = "document") -> str:
    """A file or folder name anyone can use: no separators, no `..`, no reserved names.

    Letters and digits of any script are kept (accents are dropped: `Café` -> `cafe`),
    so Arabic or Urdu names give distinct folders rather than all becoming the
    fallback; everything else, bidirectional controls included, becomes `-`.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    name = re.sub(r"[\W_]+", "-", letters).strip("-").lower()[:80]
    while len(name.encode("utf-8")) > 200:  # file systems count bytes (255 at most)
        name = name[:-1]
    name = name.strip("-")
    if not name or name in _RESERVED:
        name = f"{fallback}-{name}" if name else fallback
    return name


def planned_files(
    documents: Sequence[RenderedDocument], out_dir: Path, formats: Sequence[str]
) -> list[Path]:
    """The files a set will write, in order."""
    return [out_dir / f"{safe_name(doc.id)}.{fmt}" for doc in documents for fmt in formats]


def write_set(
    documents: Sequence[RenderedDocument],
    out_dir: Path,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    force: bool = False,
    reference_docx: Path | None = None,
) -> list[Path]:
    """Write every document in every format; nothing is written if a file would be clobbered."""
    targets = planned_files(documents, out_dir, formats)
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        raise OutputExistsError(
            f"would overwrite {names}",
            hint="use --force to overwrite, or --out to write somewhere else",
        )
    # Build every file in memory first, so a failure part-way writes nothing.
    contents = [
        (out_dir / name, data) for name, data in _all_contents(documents, formats, reference_docx)
    ]
    for target, data in contents:
        write_text_atomic(target, data)  # a failure is the one WriteError naming the file
    return [target for target, _ in contents]


def render_files(
    documents: Sequence[RenderedDocument],
    formats: Sequence[str],
    reference_docx: Path | None = None,
) -> list[tuple[str, bytes]]:
    """Every document in every format as (file name, bytes), in memory, nothing written."""
    return [
        (name, data.encode("utf-8") if isinstance(data, str) else data)
        for name, data in _all_contents(documents, formats, reference_docx)
    ]


def markdown_names(documents: Sequence[RenderedDocument]) -> dict[str, str]:
    """Document file name (`notice.md`) -> its Markdown, whatever formats were written."""
    return {f"{safe_name(doc.id)}.md": doc.markdown for doc in documents}


def _all_contents(
    documents: Sequence[RenderedDocument], formats: Sequence[str], reference_docx: Path | None
) -> list[tuple[str, str | bytes]]:
    return [
        (f"{safe_name(doc.id)}.{fmt}", data)
        for doc in documents
        for fmt, data in _contents(doc, formats, reference_docx).items()
    ]


def _contents(
    doc: RenderedDocument, formats: Sequence[str], reference_docx: Path | None
) -> dict[str, str | bytes]:
    """One document in each format, in the order asked; the PDF is made from the DOCX."""
    from sharewiz.render.meta import DocMeta

    meta = DocMeta(
        title=doc.title,
        version=doc.version,
        date=doc.date,
        author=doc.author,
        subject=doc.subject,
        numbered_clauses=doc.numbered,
        parties=doc.parties,
        draft=doc.draft,
    )
    made: dict[str, str | bytes] = {}
    if "md" in formats:
        made["md"] = doc.markdown
    docx = b""
    if "docx" in formats or "pdf" in formats:
        from sharewiz.render.docx.writer import render_docx

        made["docx"] = docx = render_docx(doc.markdown, meta, reference=reference_docx)
    if "html" in formats:
        from sharewiz.render.html import render_html

        made["html"] = render_html(doc.markdown, meta)
    if "pdf" in formats:
        from sharewiz.render.pdf import render_pdf

        made["pdf"] = render_pdf(docx, meta)
    return {fmt: made[fmt] for fmt in formats}
