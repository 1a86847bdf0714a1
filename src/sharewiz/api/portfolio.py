"""Many sets at once: `status` and `due`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharewiz.errors import ExitCode
from sharewiz.law.findings import FINDINGS_JSON_VERSION
from sharewiz.model.settings import Settings
from sharewiz.portfolio.status import SetStatus


@dataclass(frozen=True)
class PortfolioReport:
    """The status of every set found under some folders."""

    sets: list[SetStatus]

    @property
    def needing_attention(self) -> list[SetStatus]:
        """The sets that are out of date, edited, overdue, or have errors."""
        return [s for s in self.sets if s.needs_attention]

    @property
    def out_of_date(self) -> list[SetStatus]:
        """The sets a render now would change: answers, templates or protocol moved on."""
        return [s for s in self.sets if s.out_of_date]

    @property
    def exit_code(self) -> ExitCode:
        """1 if any set needs attention, else 0."""
        return ExitCode.USER_ERROR if self.needing_attention else ExitCode.OK

    @property
    def out_of_date_exit_code(self) -> ExitCode:
        """1 if any set is out of date, else 0 (as `cruft check`): hand edits, conflicts
        and reviews do not count here, only what `sharewiz update` would bring in."""
        return ExitCode.USER_ERROR if self.out_of_date else ExitCode.OK

    def to_json(self, *, out_of_date: bool = False) -> dict[str, Any]:
        """The `status --json` document (`status --out-of-date --json` with `out_of_date`).

        Each set carries the `exit_code` `status` would end with for that set alone, and
        the document the one the command ends with: 1 if a set needs attention (with
        `out_of_date`: if a set is out of date), else 0.
        """
        failing = (lambda s: bool(s.out_of_date)) if out_of_date else (lambda s: s.needs_attention)
        code = self.out_of_date_exit_code if out_of_date else self.exit_code
        return {
            "findings_version": FINDINGS_JSON_VERSION,
            "sets": [
                {
                    **s.as_dict(),
                    "exit_code": int(ExitCode.USER_ERROR if failing(s) else ExitCode.OK),
                }
                for s in self.sets
            ],
            "needs_attention": len(self.needing_attention),
            "out_of_date": len(self.out_of_date),
            "exit_code": int(code),
        }


def status(
    dirs: Sequence[Path] = (),
    *,
    today: dt.date | None = None,
    within_days: int = 60,
    settings: Settings | None = None,
) -> PortfolioReport:
    """The status of every document set in or under `dirs` (default: the current folder).

    Args:
        dirs: Set folders, or folders to search for them.
        today: The date reviews are measured from (default: today).
        within_days: How far ahead a review counts as due.
        settings: Custom folders; built-in ones if omitted.

    Returns:
        Each set's status; `exit_code` is 1 if any needs attention.
    """
    from sharewiz.portfolio.status import portfolio_status

    settings = settings or Settings()
    return PortfolioReport(
        portfolio_status(
            list(dirs) or None,
            today=today or dt.date.today(),
            within_days=within_days,
            template_dirs=settings.template_dirs,
            tree_dirs=settings.tree_dirs,
        )  # fmt: skip
    )


@dataclass(frozen=True)
class DueReport:
    """Reviews past or within the window, and the sets they were found among."""

    sets: list[SetStatus]
    reviews: list[tuple[SetStatus, dt.date, int]]  # (set, review date, days left)

    @property
    def exit_code(self) -> ExitCode:
        """1 if a review is overdue, else 0."""
        overdue = any(left < 0 for _set, _date, left in self.reviews)
        return ExitCode.USER_ERROR if overdue else ExitCode.OK

    def to_json(self) -> dict[str, Any]:
        """The `due --json` document: the reviews due, soonest first."""
        return {
            "reviews": [
                {"dir": str(s.dir), "title": s.title, "review_date": date.isoformat(),
                 "days_left": left, "overdue": left < 0}
                for s, date, left in self.reviews
            ],
            "overdue": sum(1 for _set, _date, left in self.reviews if left < 0),
            "exit_code": int(self.exit_code),
        }  # fmt: skip


def due(
    dirs: Sequence[Path] = (),
    *,
    today: dt.date | None = None,
    within_days: int = 60,
    settings: Settings | None = None,
) -> DueReport:
    """The reviews past or within `within_days` of today, over the sets `status` finds.

    Args:
        dirs: Set folders, or folders to search for them.
        today: The date reviews are measured from (default: today).
        within_days: How far ahead a review counts as due.
        settings: Custom folders; built-in ones if omitted.

    Returns:
        The reviews due, soonest first, and every set (for a calendar of all of them).
    """
    from sharewiz.portfolio.status import due_reviews

    found = status(dirs, today=today, within_days=within_days, settings=settings)
    day = today or dt.date.today()
    return DueReport(found.sets, due_reviews(found.sets, today=day, within_days=within_days))
