"""iCalendar (RFC 5545) files of review dates, for Outlook, Google Calendar and others.

Small enough to write by hand: one VCALENDAR with a VEVENT per set, each an all-day
event on the review date. The file is deterministic, so it can be kept in git and
re-exported without noise:

- UID: a hash of the kind and the set's folder with its parent (never the absolute
  path, which differs between machines and would leak through the calendar), so
  re-importing updates the same event instead of adding another;
- DTSTAMP: midnight UTC of the set's `document_date` (the date of the version under
  review), never the clock; `19700101T000000Z` for a set without one.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); text
values escape backslash, semicolon, comma and newline (RFC 5545 3.1 and 3.3.11).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//sharewiz//Review dates//EN"
_FALLBACK_STAMP = "19700101T000000Z"


@dataclass(frozen=True)
class ReviewEvent:
    """One review date as an all-day event."""

    uid: str
    date: dt.date
    stamp: str  # UTC date-time, e.g. 20260401T000000Z
    summary: str
    description: str


def event_uid(set_path: str, kind: str) -> str:
    """A stable UID from the set's folder (`parent/name`) and kind."""
    digest = hashlib.sha256(f"{kind}\0{set_path}".encode()).hexdigest()[:32]
    return f"{digest}@sharewiz"


def stamp_from(document_date: str) -> str:
    """DTSTAMP from a document date (`2026-04-01` -> `20260401T000000Z`)."""
    try:
        day = dt.date.fromisoformat(document_date)
    except ValueError:
        return _FALLBACK_STAMP
    return f"{day:%Y%m%d}T000000Z"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets with CRLF + space, keeping UTF-8 characters whole."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75  # a continuation line starts with one space
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def calendar_text(events: Iterable[ReviewEvent]) -> str:
    """The whole VCALENDAR, CRLF line endings, events in date then UID order."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for event in sorted(events, key=lambda e: (e.date, e.uid)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{event.stamp}",
            f"DTSTART;VALUE=DATE:{event.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.date + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
