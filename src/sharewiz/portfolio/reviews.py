"""Review dates: when a set's review is due, and which reviews are due soon (`due`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

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
