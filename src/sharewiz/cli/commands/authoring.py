"""Commands for the organisation profile and custom templates: profile, init-templates, validate, preview."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sharewiz.cli.options import (
    ForceOption,
    OutOption,
    QuietOption,
    TemplatesOption,
    call_handler,
)

profile_app = typer.Typer(
    help="The organisation profile: details offered as defaults in every document.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
ProjectOption = Annotated[
    bool,
    typer.Option("--project", help="Change ./sharewiz.toml (or the nearest above) instead."),
]


@profile_app.command("show", short_help="Show each profile value and where it came from.")
def profile_show(
    as_json: Annotated[bool, typer.Option("--json", help="Print the values as JSON.")] = False,
) -> None:
    """Show the profile: each value, the file it came from and the question it fills.

    Examples:

    \b
      sharewiz profile show --json
    """
    from sharewiz.cli.authoring import profile_show as run

    call_handler(run, as_json=as_json)


@profile_app.command("set", short_help="Set one profile value, checked before it is saved.")
def profile_set(
    key: Annotated[
        str, typer.Argument(metavar="KEY", help="A profile key (see `sharewiz profile show`).")
    ],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="The value; checked before it is saved.")
    ],
    project: ProjectOption = False,
    quiet: QuietOption = False,
) -> None:
    """Set one profile value (checked: email, URL, ICO number, files and folders exist).

    Examples:

    \b
      sharewiz profile set dpo_email dpo@northshire.gov.uk
    """
    from sharewiz.cli.authoring import profile_set as run

    call_handler(run, key=key, value=value, project=project, quiet=quiet)


@profile_app.command("unset")
def profile_unset(
    key: Annotated[str, typer.Argument(metavar="KEY", help="The profile key to remove.")],
    project: ProjectOption = False,
    quiet: QuietOption = False,
) -> None:
    """Remove one profile value.

    Examples:

    \b
      sharewiz profile unset dpo_email
    """
    from sharewiz.cli.authoring import profile_unset as run

    call_handler(run, key=key, project=project, quiet=quiet)


@profile_app.command("edit")
def profile_edit(project: ProjectOption = False) -> None:
    """Open the profile in $EDITOR, then check it.

    Examples:

    \b
      sharewiz profile edit --project
    """
    from sharewiz.cli.authoring import profile_edit as run

    call_handler(run, project=project)


@profile_app.command("path")
def profile_path() -> None:
    """Show where the user profile and the project file are.

    Examples:

    \b
      sharewiz profile path
    """
    from sharewiz.cli.authoring import profile_path as run

    call_handler(run)


def init_templates(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Custom folder to create or fill.")],
    kind: Annotated[
        str | None, typer.Argument(metavar="KIND", help="Copy only this kind's tree and templates.")
    ] = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Copy the built-in trees and templates into FOLDER, to change and use with --templates.

    Examples:

    \b
      sharewiz init-templates house-style privacy-notice
    """
    from sharewiz.cli.authoring import init_templates as run

    call_handler(run, target=folder, kind=kind, force=force, quiet=quiet)


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Custom folders or tree files; the built-in ones if omitted.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Check trees and templates for every problem found without asking a question.

    With --quiet only the problems are printed, without the summary line.

    Examples:

    \b
      sharewiz validate house-style
      sharewiz validate --json
    """
    from sharewiz.cli.authoring import run_validate

    call_handler(run_validate, paths=paths or [], as_json=as_json, quiet=quiet,
                 settings_from=([], None))  # fmt: skip


def preview(
    kind: Annotated[
        str, typer.Argument(metavar="KIND", help="Document kind (see `sharewiz list`).")
    ],
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMATS",
            help="Comma-separated formats: md, docx, html, pdf (pdf needs LibreOffice).",
        ),
    ] = "md",
    out: OutOption = None,
    stdout: Annotated[
        bool, typer.Option("--stdout", help="Print the Markdown instead of writing files.")
    ] = False,
    templates: TemplatesOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Render a kind with example answers, to see it without answering every question.

    With --quiet the files are written without listing them (--stdout prints as usual).

    Examples:

    \b
      sharewiz preview dsa --stdout
      sharewiz preview notice -f html -o preview
    """
    from sharewiz.cli.authoring import run_preview

    call_handler(run_preview, kind=kind, formats=formats, out_dir=out, stdout=stdout,
                settings_from=(templates, None), force=force, quiet=quiet)  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add this family's commands to the app."""
    app.add_typer(
        profile_app,
        name="profile",
        short_help="Your organisation's details, offered in every document.",
    )
    app.command("init-templates", short_help="Copy the built-in trees and templates to adapt.")(
        init_templates
    )
    app.command(short_help="Check question trees and templates for problems.")(validate)
    app.command(short_help="Render a kind with example answers, to look at it.")(preview)
