"""Document metadata shared by the DOCX and HTML writers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
    """

    title: str
    version: str = "1.0"
    date: str = ""
    author: str = ""
    subject: str = ""
    numbered_clauses: bool = False
    language: str = "en-GB"

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
