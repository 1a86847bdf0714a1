"""Citations of legislation as links: "UK GDPR Article 6(1)" to its page on
legislation.gov.uk, for the Word and web versions of a document.

The instruments, the ways documents name them and their addresses are the knowledge
base's `legislation` collection; a template writes the citation in words and never an
address. Only a citation naming its instrument is linked ("Article 6" alone is not:
which law it belongs to is for the reader of the sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sharewiz.render.blocks import Inline, Span

# An article, section or schedule number, with any paragraphs: 6(1)(e), 164A, 251B.
_NUMBER = r"\d+[A-Z]{0,2}(?:\([0-9a-z]{1,4}\))*"
# The word before the number, and the part of the address it stands for.
_UNITS = {
    "article": "article",
    "articles": "article",
    "art": "article",
    "arts": "article",
    "section": "section",
    "sections": "section",
    "s": "section",
    "ss": "section",
    "schedule": "schedule",
    "sch": "schedule",
    "part": "part",
}
_UNIT = r"Articles?|Arts?\.?|sections?|ss?\.?|Schedule|Sch\.?|Part"


@dataclass(frozen=True)
class _Instrument:
    url: str
    articles: bool  # its provisions are articles (a regulation), not sections


@dataclass(frozen=True)
class _Citations:
    pattern: re.Pattern[str]
    instruments: dict[str, _Instrument]  # by each name documents use for it


@cache
def _citations() -> _Citations:
    from sharewiz.law.knowledge import load_knowledge

    instruments: dict[str, _Instrument] = {}
    for entry in load_knowledge().legislation:
        found = _Instrument(str(entry.data["url"]), bool(entry.data.get("article")))
        instruments.update(dict.fromkeys(map(str, entry.data["names"]), found))
    names = "|".join(re.escape(n) for n in sorted(instruments, key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?P<act>{names}),? (?P<unit>{_UNIT}) ?(?P<number>{_NUMBER})"
        # "Articles 13 and 14", "sections 19 and 20": the link (to the first) covers both
        rf"(?:,? (?:and|to|or) {_NUMBER})*"
        rf"|\b(?P<unit2>{_UNIT}) (?P<number2>{_NUMBER}) (?:of|to) the (?P<act2>{names})\b"
    )
    return _Citations(pattern, instruments)


def _address(match: re.Match[str], citations: _Citations) -> str | None:
    act = match.group("act") or match.group("act2")
    unit = _UNITS[(match.group("unit") or match.group("unit2")).lower().rstrip(".")]
    number = (match.group("number") or match.group("number2")).split("(")[0]
    instrument = citations.instruments[act]
    if (unit == "article") != instrument.articles and unit in ("article", "section"):
        return None  # "Article" of an Act, or "section" of a regulation: not a citation
    return f"{instrument.url}/{unit}/{number}"


def link_citations(spans: Inline) -> Inline:
    """Split plain text spans so each citation of legislation is its own linked span."""
    citations = _citations()
    out: list[Span] = []
    for span in spans:
        if span.href or span.code or span.is_break:
            out.append(span)
            continue
        start = 0
        for match in citations.pattern.finditer(span.text):
            href = _address(match, citations)
            if href is None:
                continue
            if match.start() > start:
                out.append(replace(span, text=span.text[start : match.start()]))
            out.append(replace(span, text=match.group(0), href=href))
            start = match.end()
        if start < len(span.text):
            out.append(replace(span, text=span.text[start:]))
    return tuple(out)
