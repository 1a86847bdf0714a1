"""The portfolio commands (status, due, export): calls to `sharewiz.api` and their output."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from sharewiz import api
from sharewiz.cli.console import (
    print_info,
    print_json,
    print_line,
    print_note,
    print_table,
    print_warning,
    write_raw,
)
from sharewiz.errors import ExitCode, UsageError, UserError
from sharewiz.model.atomic import write_text_atomic
from sharewiz.model.settings import Settings
from sharewiz.portfolio.status import SetStatus, parse_within, portfolio_status


def _today(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--today {text!r} is not a date", hint="write it as YYYY-MM-DD") from None


def _statuses(
    dirs: Sequence[Path], settings: Settings, today: dt.date, within: int
) -> list[SetStatus]:
    return portfolio_status(
        dirs or None, today=today, within_days=within, template_dirs=settings.template_dirs,
        tree_dirs=settings.tree_dirs,
    )  # fmt: skip


def shown_path(path: Path) -> str:
    """A folder as the user can find it: relative to here when it is below here."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(path)


def _parties_cell(parties: Sequence[str]) -> str:
    if len(parties) <= 2:
        return ", ".join(parties)
    return f"{parties[0]} and {len(parties) - 1} others"


def _checks_cell(status: SetStatus) -> str:
    if status.errors is None and status.warnings is None:
        return "-"  # the checks could not run
    counts = Counter(finding.severity for finding in status.findings)
    return f"{counts['error']} errors, {counts['warning']} warnings, {counts['advice']} advice"


def run_status(
    *, dirs: Sequence[Path], as_json: bool, within: str, today: str | None,
    out_of_date: bool = False, settings: Settings,
) -> int:  # fmt: skip
    """Print the portfolio's status; 1 if anything needs attention (with `out_of_date`:
    if any set is out of date)."""
    report = api.status(dirs, today=_today(today), within_days=parse_within(within),
                        settings=settings)  # fmt: skip
    if as_json:
        print_json(report.to_json(out_of_date=out_of_date), sort_keys=True)
    elif out_of_date:
        _show_out_of_date(report)
    else:
        _show_status(report)
    return int(report.out_of_date_exit_code if out_of_date else report.exit_code)


def _show_out_of_date(report: api.PortfolioReport) -> None:
    """One line per set out of date and why; then the count (cruft check's report)."""
    for status in report.out_of_date:
        print_line(f"{shown_path(status.dir)}: out of date: {'; '.join(status.out_of_date)}")
    stale = len(report.out_of_date)
    if stale:
        print_info(
            f"{stale} of {len(report.sets)} set(s) out of date: run `sharewiz update DIR...`"
        )
    else:
        print_info(f"All {len(report.sets)} set(s) up to date.")


def _show_status(report: api.PortfolioReport) -> None:
    statuses, attention = report.sets, report.needing_attention
    if not statuses:
        print_info("No document sets found (folders holding answers.yaml).")
        return
    rows = [
        [
            shown_path(s.dir), s.kind, s.title, _parties_cell(s.parties), s.version or "-",
            s.last_rendered or "-", s.review_date or "-", _checks_cell(s),
            "needs attention" if s.needs_attention else "ok",
        ]
        for s in statuses
    ]  # fmt: skip
    headers = ["Set", "Kind", "Title", "Parties", "Version", "Rendered", "Review", "Checks"]
    print_table([*headers, "State"], rows, styles={0: "cyan"}, no_wrap=(4, 5, 6))
    for status in statuses:
        for line in status.problems:
            print_note(f"{shown_path(status.dir)}: {line}")
        for note in status.notes:
            print_note(f"{shown_path(status.dir)}: note: {note}")
        for finding in status.findings:
            if getattr(finding, "severity", "") != "error":
                where = f"{shown_path(status.dir)}: {finding.severity}"  # warning or advice
                print_note(f"{where}: {finding.rule_id}: {finding.message}")
    print_info(
        f"{len(statuses)} set(s), {len(attention)} need attention.",
        style="bold red" if attention else "bold green",
    )


def run_due(
    *, dirs: Sequence[Path], within: str, ics: Path | None, today: str | None,
    as_json: bool = False, settings: Settings,
) -> int:  # fmt: skip
    """List reviews past or near; with --ics, write every review date as a calendar."""
    days = parse_within(within)
    report = api.due(dirs, today=_today(today), within_days=days, settings=settings)
    if ics is not None:
        _write_calendar(ics, report.sets, as_json)
        if str(ics) == "-":
            return 0  # the calendar alone, for a pipe
    if as_json:
        print_json(report.to_json())
    else:
        _show_due(report, days)
    return int(report.exit_code)


def _write_calendar(ics: Path, statuses: Sequence[SetStatus], as_json: bool) -> None:
    from sharewiz.portfolio.reviews import review_calendar

    if str(ics) == "-":
        if as_json:
            raise UsageError("--ics - and --json both print to standard output: choose one")
        write_raw(review_calendar(statuses))
        return
    _write(ics, review_calendar(statuses))
    count = sum(1 for s in statuses if s.review_date)
    if not as_json:  # standard output is the JSON document
        print_info(f"Wrote {count} review date(s) to {ics}.")


def _show_due(report: api.DueReport, days: int) -> None:
    if not report.reviews:
        print_info(f"No reviews due within {days} days.")
        return
    rows = [
        [shown_path(s.dir), s.title, date.isoformat(),
         f"{-left} days overdue" if left < 0 else f"in {left} days"]
        for s, date, left in report.reviews
    ]  # fmt: skip
    print_table(["Set", "Title", "Review date", "When"], rows, styles={0: "cyan"})


def _write(path: Path, text: str) -> None:
    write_text_atomic(path, text, elsewhere="give another file (or - for standard output)")


def run_export_ropa(*, dirs: Sequence[Path], csv_path: Path | None, settings: Settings) -> int:
    """Write the record of processing activities as CSV (a file, or standard output)."""
    from sharewiz.portfolio.exports import ropa_csv, ropa_rows

    statuses = _statuses(dirs, settings, dt.date.today(), 0)
    code = _warn_unreadable(statuses)
    rows = ropa_rows(statuses)
    text = ropa_csv(rows)
    if csv_path is None or str(csv_path) == "-":
        print_info(text.replace("\r\n", "\n").rstrip("\n"))
    else:
        _write(csv_path, "\ufeff" + text)  # a BOM so Excel reads the UTF-8 correctly
        print_info(f"Wrote {len(rows)} processing activities to {csv_path}.")
    return code


def run_export_json(*, dirs: Sequence[Path], out: Path | None, settings: Settings) -> int:
    """Write every set's answers and derived facts as JSON."""
    from sharewiz.portfolio.exports import portfolio_json

    statuses = _statuses(dirs, settings, dt.date.today(), 0)
    code = _warn_unreadable(statuses)
    text = portfolio_json(statuses)
    if out is None or str(out) == "-":
        print_info(text.rstrip("\n"))
    else:
        _write(out, text)
        print_info(f"Wrote {len(statuses)} set(s) to {out}.")
    return code


def _warn_unreadable(statuses: Sequence[SetStatus]) -> int:
    """Warn of each set left out of an export; exit 1 if any was (the rest is written)."""
    left_out = [status for status in statuses if status.tree is None]
    for status in left_out:
        print_warning(f"{status.dir}: left out: {'; '.join(status.problems)}")
    return int(ExitCode.USER_ERROR) if left_out else 0
