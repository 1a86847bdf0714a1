"""Commands over a set already written: update, diff."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sharewiz.cli.options import (
    JsonOption,
    QuietOption,
    ReferenceOption,
    TemplatesOption,
    call_handler,
)


def update(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="DIR", help="Folders sharewiz wrote (each holds answers.yaml), in turn."
        ),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set", metavar="KEY=VALUE", help="Change an answer (dotted for group fields)."
        ),
    ] = None,
    ask: Annotated[
        list[str] | None,
        typer.Option("--ask", metavar="KEY", help="Ask this question again (repeatable)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change as a diff; write nothing.")
    ] = False,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMATS",
            help="Formats to write (default: those written last time).",
        ),
    ] = None,
    reference_docx: ReferenceOption = None,
    templates: TemplatesOption = None,
    dependants: Annotated[
        Path | None,
        typer.Option(
            "--dependants",
            metavar="DIR",
            help="A protocol's set folder: update every agreement under it.",
        ),
    ] = None,
    search: Annotated[
        list[Path] | None,
        typer.Option(
            "--search", metavar="DIR", help="With --dependants: folder to look for agreements in."
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="With --dependants: replace hand edits instead of merging."),
    ] = False,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept", metavar="FILE", help="Settle FILE: keep yours, drop sharewiz's .new copy."
        ),
    ] = None,
    take_new: Annotated[
        list[str] | None,
        typer.Option(
            "--take-new",
            metavar="FILE",
            help="Settle FILE: replace it with sharewiz's new version.",
        ),
    ] = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Re-ask what changed, re-render, and keep the hand edits made to the Markdown.

    With several folders each is updated in turn and the exit code is the worst.

    Examples:

    \b
      sharewiz update gm-antenatal --set review_date=2027-04-01
      sharewiz update sets/* --json
      sharewiz update --dependants partnership-protocol
    """
    from sharewiz.cli import updating as handlers

    settings_from = (templates, reference_docx)
    if accept or take_new:
        call_handler(handlers.run_settle, out_dirs=folders or [], accept=accept or [],
                     take_new=take_new or [], quiet=quiet)  # fmt: skip
    elif dependants is not None:
        call_handler(handlers.run_update_dependants, protocol_dir=dependants,
                     search=search or [], sets=sets or [], ask=ask or [], dry_run=dry_run,
                     formats=formats, force=force, as_json=as_json, settings_from=settings_from,
                     quiet=quiet)  # fmt: skip
    else:
        call_handler(handlers.run_update, out_dirs=folders or [], sets=sets or [], ask=ask or [],
                     dry_run=dry_run, formats=formats, as_json=as_json,
                     settings_from=settings_from, quiet=quiet)  # fmt: skip


def diff(
    folder: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="A folder sharewiz wrote (it holds answers.yaml)."),
    ],
    templates: TemplatesOption = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit with 1 if anything changed, else 0.")
    ] = False,
    as_json: JsonOption = False,
    wording: Annotated[
        bool,
        typer.Option(
            "--wording",
            help="Show only what the templates changed since the set was made "
            "(the recorded answers with the templates now).",
        ),
    ] = False,
) -> None:
    """Show how the answers and documents changed since sharewiz last rendered them.

    Examples:

    \b
      sharewiz diff gm-antenatal
      sharewiz diff gm-antenatal --exit-code
      sharewiz diff gm-antenatal --wording
    """
    from sharewiz.cli.updating import run_diff, run_diff_wording

    handler = run_diff_wording if wording else run_diff
    call_handler(handler, out_dir=folder, exit_code=exit_code, as_json=as_json,
                 settings_from=(templates, None))  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add this family's commands to the app."""
    app.command(short_help="Re-ask what changed and re-render, keeping hand edits.")(update)
    app.command(short_help="Show what changed since a set was last rendered.")(diff)
