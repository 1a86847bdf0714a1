"""Review dates: when a set's review is due, which reviews are due soon (`due`), and the
calendar of them (`export --ics`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sharewiz.portfolio.ics import ReviewEvent, calendar_text, event_uid, stamp_from

if TYPE_CHECKING:
    from sharewiz.portfolio.set_status import SetStatus


def check_review(status: SetStatus, today: dt.date, within_days: int) -> None:
    """Note a review due within `within_days`; a review overdue is a problem."""
    due = review_due(status)
    if due is None:
        if status.tree is not None and any(q.id == "review_date" for q in status.tree.questions()):
            status.notes.append("no review date")
        return
    days = (due - today).days
    if days < 0:
        status.problems.append(f"review overdue since {due.isoformat()} ({-days} days)")
    elif days <= within_days:
        status.notes.append(f"review due {due.isoformat()} (in {days} days)")


def review_due(status: SetStatus) -> dt.date | None:
    """The set's review date, if it has a valid one."""
    try:
        return dt.date.fromisoformat(status.review_date) if status.review_date else None
    except ValueError:
        return None


def due_reviews(
    statuses: Iterable[SetStatus], *, today: dt.date, within_days: int
) -> list[tuple[SetStatus, dt.date, int]]:
    """(set, review date, days left) for sets whose review is past or within the window."""
    found = []
    for status in statuses:
        due = review_due(status)
        if due is not None and (due - today).days <= within_days:
            found.append((status, due, (due - today).days))
    return sorted(found, key=lambda item: (item[1], str(item[0].dir)))


def parse_within(text: str) -> int:
    """`60d`, `8w`, `3m` (30-day months) or `60` -> days; a clear error otherwise."""
    from sharewiz.errors import UserError

    value = text.strip().lower()
    factor = {"d": 1, "w": 7, "m": 30}.get(value[-1:], 1)
    number = value[:-1] if value[-1:] in ("d", "w", "m") else value
    if not number.isdigit():
        raise UserError(
            f"--within {text!r}: not a number of days",
            hint="write e.g. 60d (days), 8w (weeks) or 3m (months of 30 days)",
        )
    return int(number) * factor


def review_events(statuses: Iterable[SetStatus]) -> list[ReviewEvent]:
    """A calendar event for the review date of every set that has one."""
    events = []
    for status in statuses:
        due = review_due(status)
        if due is None:
            continue
        parties = ", ".join(status.parties)
        description = (
            f"Review of {status.title or status.kind} (version {status.version or '?'}).\n"
            f"Kind: {status.kind}\nFolder: {status.dir}\n"
            + (f"Parties: {parties}\n" if parties else "")
            + "Check it is still accurate and still needed, then update it with sharewiz."
        )
        events.append(
            ReviewEvent(
                uid=event_uid("/".join(Path(status.dir).resolve().parts[-2:]), status.kind),
                date=due,
                stamp=stamp_from(status.document_date),
                summary=f"Review: {status.title or status.dir.name}",
                description=description,
            )
        )
    return events


def review_calendar(statuses: Iterable[SetStatus]) -> str:
    """The iCalendar text of every set's review date."""
    return calendar_text(review_events(statuses))
