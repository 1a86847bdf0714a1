"""Document metadata shared by the DOCX and HTML writers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class DocMeta:
    """What a writer needs to know about a document besides its Markdown.

    Attributes:
        title: Document title, shown in the page header and file properties.
        version: Document version, shown in the footer.
        date: ISO date ``YYYY-MM-DD`` taken from the answers, never from the clock,
            so output is reproducible.
        author: The organisation that owns the document.
        subject: A short description for the file properties.
        numbered_clauses: Number H2 headings and the ordered lists under them as
            legal clauses (1, 1.1, 1.1.1).
        language: BCP 47 language tag for spelling and screen readers.
        parties: The organisations the document is between, for the page header;
            empty when it belongs to one organisation (``author``).
        draft: The draft banner ("Draft: does not pass 2 checks (...)") that every page
            header carries while error-level findings stand; empty for a final document.
    """

    title: str
    version: str = "1.0"
    date: str = ""
    author: str = ""
    subject: str = ""
    numbered_clauses: bool = False
    language: str = "en-GB"
    parties: tuple[str, ...] = ()
    draft: str = ""

    def parsed_date(self) -> dt.date | None:
        """Return ``date`` as a :class:`datetime.date`, or None if empty or not ISO."""
        try:
            return dt.date.fromisoformat(self.date.strip())
        except ValueError:
            return None

    def display_date(self) -> str:
        """Return the date as UK readers write it ("1 March 2025"), else as given."""
        parsed = self.parsed_date()
        if parsed is None:
            return self.date.strip()
        # Month names are spelled out here, not by strftime, so the locale never matters.
        return f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"

    def version_line(self) -> str:
        """Return the "Version 1.0 · 1 March 2025" line used in footers and meta lines."""
        parts = [f"Version {self.version}"] if self.version.strip() else []
        if self.display_date():
            parts.append(self.display_date())
        return " · ".join(parts)

    def parties_line(self, chars: int) -> str:
        """Name the parties in at most ``chars`` characters, for a one-line header.

        All of them when they fit ("A and B", "A, B and C"), else the first and how
        many others; the organisation (``author``) when no parties are given.
        """
        names = [name for name in self.parties if name.strip()] or [self.author]
        text = _and_list(names)
        if len(text) > chars and len(names) > 2:
            text = f"{names[0]} and {len(names) - 1} other parties"
        return fit_line(text, chars)


def _and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def fit_line(text: str, chars: int) -> str:
    """Shorten text to at most ``chars`` characters at a word break, ending with "…"."""
    text = " ".join(text.split())
    if len(text) <= chars:
        return text
    cut = text[: chars - 1].rsplit(" ", 1)[0] if " " in text[: chars - 1] else text[: chars - 1]
    return cut.rstrip(" ,:;-") + "\u2026"


def render_date(answers: Mapping[str, Any], today: dt.date | None = None) -> dt.date:
    """The date documents are rendered as of: what `facts.today` and `review_overdue` see.

    The document's own date when it has one, so the same answers render the same bytes
    on any day; else `today` (a caller's clock), else the system clock.
    """
    try:
        return dt.date.fromisoformat(str(answers.get("document_date") or ""))
    except ValueError:
        return today or dt.date.today()
