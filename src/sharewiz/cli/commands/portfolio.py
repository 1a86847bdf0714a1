"""Commands over many sets: status, due, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sharewiz.cli.options import JsonOption, QuietOption, TemplatesOption, call_handler

DirsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="DIR",
        help="Document-set folders, or folders to search for them (default: the current folder).",
    ),
]
WithinOption = Annotated[
    str,
    typer.Option(
        "--within", metavar="PERIOD", help="How far ahead a review counts as due: 60d, 8w or 3m."
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="DATE",
        help="Take this date (YYYY-MM-DD) as today, e.g. to plan ahead.",
    ),
]

export_app = typer.Typer(
    help="Export the portfolio: record of processing activities, JSON.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def status(
    dirs: DirsArgument = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    within: WithinOption = "60d",
    today: TodayOption = None,
    templates: TemplatesOption = None,
    out_of_date: Annotated[
        bool,
        typer.Option(
            "--out-of-date",
            help="List only the sets a render now would change; exit 1 if there are any.",
        ),
    ] = False,
) -> None:
    """Show every document set: version, review date, checks, and what needs attention.

    Exits with 1 if any set needs attention (out of date, hand-edited, review overdue,
    protocol changed, errors found), else 0. With --out-of-date, exits with 1 only if
    a set's answers, templates or protocol changed since it was rendered.

    Examples:

    \b
      sharewiz status sets/
      sharewiz status --out-of-date sets/ || sharewiz update sets/*
    """
    from sharewiz.cli.portfolio import run_status

    call_handler(run_status, dirs=dirs or [], as_json=as_json, within=within, today=today,
                 out_of_date=out_of_date, settings_from=(templates, None))  # fmt: skip


def due(
    dirs: DirsArgument = None,
    within: WithinOption = "60d",
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics",
            metavar="FILE",
            help="Also write every review date to this iCalendar (.ics) file.",
        ),
    ] = None,
    today: TodayOption = None,
    templates: TemplatesOption = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """List document sets whose review date has passed or is near (exit 1 if overdue).

    Examples:

    \b
      sharewiz due --within 3m
      sharewiz due --ics reviews.ics
    """
    from sharewiz.cli.portfolio import run_due

    call_handler(run_due, dirs=dirs or [], within=within, ics=ics, today=today,
                 as_json=as_json, quiet=quiet, settings_from=(templates, None))  # fmt: skip


@export_app.command("ropa", short_help="Record of processing activities (UK GDPR Art 30(1)).")
def export_ropa(
    dirs: DirsArgument = None,
    csv_path: Annotated[
        Path | None,
        typer.Option("--csv", metavar="FILE", help="CSV file to write (default: standard output)."),
    ] = None,
    templates: TemplatesOption = None,
    quiet: QuietOption = False,
) -> None:
    """Record of processing activities (UK GDPR Art 30(1)): one row per processing activity.

    Examples:

    \b
      sharewiz export ropa sets/ --csv ropa.csv
    """
    from sharewiz.cli.portfolio import run_export_ropa

    call_handler(run_export_ropa, dirs=dirs or [], csv_path=csv_path, quiet=quiet,
                 settings_from=(templates, None))  # fmt: skip


@export_app.command("json", short_help="Every set's answers and derived facts, as JSON.")
def export_json(
    dirs: DirsArgument = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE", help="File to write (default: standard output)."
        ),
    ] = None,
    templates: TemplatesOption = None,
    quiet: QuietOption = False,
) -> None:
    """Answers and derived facts (status, history, data flows) of every set, as JSON.

    Examples:

    \b
      sharewiz export json sets/ -o portfolio.json
    """
    from sharewiz.cli.portfolio import run_export_json

    call_handler(run_export_json, dirs=dirs or [], out=out, quiet=quiet,
                 settings_from=(templates, None))  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add this family's commands to the app."""
    app.command(short_help="Show every document set and what needs attention.")(status)
    app.command(short_help="List document sets due or overdue for review.")(due)
    app.add_typer(
        export_app, name="export", short_help="Export the record of processing activities, or JSON."
    )
