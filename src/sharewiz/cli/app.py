"""The command line: options in, one library call, errors mapped to exit codes.

Only Typer is imported at start-up; everything heavy (questionary, Jinja, YAML,
python-docx) is imported inside the command that needs it, so `--help` is instant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from sharewiz import __version__
from sharewiz.errors import ExitCode, SharewizError

app = typer.Typer(
    name="sharewiz",
    help="Write lawful, citable UK data sharing documents: privacy notices, agreements, protocols.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state: dict[str, Any] = {"debug": False, "trust": False, "command": None}

FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="Comma-separated formats: md, docx, html, pdf (pdf needs LibreOffice).",
    ),
]
OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Folder to write the documents to.")
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite existing documents.")]
ReferenceOption = Annotated[
    Path | None,
    typer.Option(
        "--reference-docx",
        help="A branded .docx whose styles, margins, header and footer the Word output uses.",
    ),
]
TemplatesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--templates",
        help="A custom folder (questions/ and templates/) searched before the built-in ones.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sharewiz {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    version: Annotated[  # noqa: ARG001 - handled by its callback
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks for errors.")
    ] = False,
    trust: Annotated[
        bool,
        typer.Option(
            "--trust", help="Run templates and trees from folders a project sharewiz.toml names."
        ),
    ] = False,
) -> None:
    """Write lawful, citable UK data sharing documents from plain answers."""
    _state["debug"] = debug
    _state["trust"] = trust
    _state["command"] = ctx.invoked_subcommand


def fail(exc: SharewizError) -> NoReturn:
    """Print a user error (with traceback only under --debug) and exit with its code."""
    from sharewiz.cli.console import print_error

    if _state["debug"]:
        import traceback

        traceback.print_exception(exc)
    label = "stopped" if exc.exit_code == ExitCode.INTERRUPTED else "error"
    print_error(exc.message, exc.hint, label=label)
    raise typer.Exit(int(exc.exit_code))


@app.command("list")
def list_kinds(templates: TemplatesOption = None) -> None:
    """List the document kinds sharewiz can write."""
    from sharewiz.cli.documents import kinds_table

    _run(kinds_table, settings_from=(templates, None))


@app.command()
def new(
    kind: Annotated[
        str | None, typer.Argument(help="Document kind (see `sharewiz list`); asked if omitted.")
    ] = None,
    out: OutOption = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers", "-a", help="Answers file to prefill from; only what is missing is asked."
        ),
    ] = None,
    resume: Annotated[
        Path | None, typer.Option("--resume", help="Continue an interrupted wizard in this folder.")
    ] = None,
    formats: FormatOption = "md,docx",
    force: ForceOption = False,
    reference_docx: ReferenceOption = None,
    templates: TemplatesOption = None,
) -> None:
    """Answer questions at the terminal and write a document set."""
    from sharewiz.cli.documents import run_new

    _run(
        run_new,
        kind=kind,
        out=out,
        answers_path=answers,
        resume=resume,
        formats=formats,
        force=force,
        settings_from=(templates, reference_docx),
    )


@app.command()
def render(
    answers: Annotated[
        list[Path],
        typer.Argument(help="Answers file(s) (YAML); with --rows, the one base answers file."),
    ],
    out: OutOption = None,
    formats: FormatOption = "md,docx",
    force: ForceOption = False,
    reference_docx: ReferenceOption = None,
    templates: TemplatesOption = None,
    rows: Annotated[
        Path | None,
        typer.Option("--rows", help="CSV with one document set per row over the base answers."),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help='Folder name per set, a template: "{{ controller_name }}".'),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override an answer: KEY=VALUE (dotted for group fields)."),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Worker processes (default: cores).")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print a machine-readable summary.")
    ] = False,
    audience: Annotated[
        str,
        typer.Option(
            "--audience",
            help="internal (the parties' copy) or public: the copy to publish, without "
            "security details, staff names or internal references.",
        ),
    ] = "internal",
) -> None:
    """Render answers into documents without asking anything; many sets in one go."""
    from sharewiz.cli.documents import run_render

    _run(
        run_render,
        answers_paths=answers,
        out=out,
        formats=formats,
        force=force,
        settings_from=(templates, reference_docx),
        rows=rows,
        name=name,
        sets=sets or [],
        jobs=jobs,
        json_output=json_output,
        audience=audience,
    )


# --- knowledge and checks: check, explain (issue 5) ----------------------------------


@app.command()
def check(
    target: Annotated[
        Path, typer.Argument(help="Answers file, or a document folder holding answers.yaml.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print findings as JSON.")] = False,
    templates: TemplatesOption = None,
) -> None:
    """Check answers against the compliance rules; exit 1 on any error-level finding."""
    from sharewiz.cli.checking import run_check

    _run(run_check, target=target, as_json=as_json, settings_from=(templates, None))


@app.command()
def explain(
    topic: Annotated[
        str | None,
        typer.Argument(help="A topic (art9, rights, lawful_bases.public_task, sch1 para 18...)."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", "-s", help="Find entries containing all these words."),
    ] = None,
) -> None:
    """Explain the law behind the questions; with no TOPIC, list the topics."""
    from sharewiz.cli.checking import run_explain

    _run(run_explain, topic=topic, search_text=search)


# --- batch and regeneration: render in batch, update, diff (issue 7) -----------------


@app.command()
def update(
    folder: Annotated[
        Path | None,
        typer.Argument(help="A folder sharewiz wrote (it holds answers.yaml)."),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="Change an answer: KEY=VALUE (dotted for group fields)."),
    ] = None,
    ask: Annotated[
        list[str] | None, typer.Option("--ask", help="Ask this question again (repeatable).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change as a diff; write nothing.")
    ] = False,
    formats: Annotated[
        str | None,
        typer.Option("--format", "-f", help="Formats to write (default: those written last time)."),
    ] = None,
    reference_docx: ReferenceOption = None,
    templates: TemplatesOption = None,
    dependants: Annotated[
        Path | None,
        typer.Option(
            "--dependants", help="A protocol's set folder: update every agreement under it."
        ),
    ] = None,
    search: Annotated[
        list[Path] | None,
        typer.Option("--search", help="With --dependants: folder to look for agreements in."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="With --dependants: replace hand edits instead of merging."),
    ] = False,
    accept: Annotated[
        list[str] | None,
        typer.Option("--accept", help="Settle FILE: keep yours, drop sharewiz's .new copy."),
    ] = None,
    take_new: Annotated[
        list[str] | None,
        typer.Option("--take-new", help="Settle FILE: replace it with sharewiz's new version."),
    ] = None,
) -> None:
    """Re-ask what changed, re-render, and keep the hand edits made to the Markdown."""
    if accept or take_new:
        from sharewiz.cli.updating import run_settle

        _run(run_settle, out_dir=folder, accept=accept or [], take_new=take_new or [])
        return
    if dependants is not None:
        from sharewiz.cli.updating import run_update_dependants

        _run(
            run_update_dependants, protocol_dir=dependants, search=search or [],
            sets=sets or [], ask=ask or [], dry_run=dry_run, formats=formats, force=force,
            settings_from=(templates, reference_docx),
        )  # fmt: skip
        return
    from sharewiz.cli.updating import run_update

    _run(
        run_update,
        out_dir=folder,
        sets=sets or [],
        ask=ask or [],
        dry_run=dry_run,
        formats=formats,
        settings_from=(templates, reference_docx),
    )


@app.command()
def diff(
    folder: Annotated[
        Path, typer.Argument(help="A folder sharewiz wrote (it holds answers.yaml).")
    ],
    templates: TemplatesOption = None,
) -> None:
    """Show how the answers and documents changed since sharewiz last rendered them."""
    from sharewiz.cli.updating import run_diff

    _run(run_diff, out_dir=folder, settings_from=(templates, None))


# --- organisation profile, custom templates, validate, preview (issue 8) --------------

profile_app = typer.Typer(
    help="The organisation profile: details offered as defaults in every document.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(profile_app, name="profile")
ProjectOption = Annotated[
    bool,
    typer.Option("--project", help="Change ./sharewiz.toml (or the nearest above) instead."),
]


@profile_app.command("show")
def profile_show(
    as_json: Annotated[bool, typer.Option("--json", help="Print the values as JSON.")] = False,
) -> None:
    """Show the profile: each value, the file it came from and the question it fills."""
    from sharewiz.cli.authoring import profile_show as run

    _run(run, as_json=as_json)


@profile_app.command("set")
def profile_set(
    key: Annotated[str, typer.Argument(help="A profile key (see `sharewiz profile show`).")],
    value: Annotated[str, typer.Argument(help="The value; checked before it is saved.")],
    project: ProjectOption = False,
) -> None:
    """Set one profile value (checked: email, URL, ICO number, files and folders exist)."""
    from sharewiz.cli.authoring import profile_set as run

    _run(run, key=key, value=value, project=project)


@profile_app.command("unset")
def profile_unset(
    key: Annotated[str, typer.Argument(help="The profile key to remove.")],
    project: ProjectOption = False,
) -> None:
    """Remove one profile value."""
    from sharewiz.cli.authoring import profile_unset as run

    _run(run, key=key, project=project)


@profile_app.command("edit")
def profile_edit(project: ProjectOption = False) -> None:
    """Open the profile in $EDITOR, then check it."""
    from sharewiz.cli.authoring import profile_edit as run

    _run(run, project=project)


@profile_app.command("path")
def profile_path() -> None:
    """Show where the user profile and the project file are."""
    from sharewiz.cli.authoring import profile_path as run

    _run(run)


@app.command("init-templates")
def init_templates(
    folder: Annotated[Path, typer.Argument(help="Custom folder to create or fill.")],
    kind: Annotated[
        str | None, typer.Argument(help="Copy only this kind's tree and templates.")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Copy the built-in trees and templates into FOLDER, to change and use with --templates."""
    from sharewiz.cli.authoring import init_templates as run

    _run(run, target=folder, kind=kind, force=force)


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Custom folders or tree files; the built-in ones if omitted."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
) -> None:
    """Check trees and templates for every problem found without asking a question."""
    from sharewiz.cli.authoring import run_validate

    _run(run_validate, paths=paths or [], as_json=as_json, settings_from=([], None))


@app.command()
def preview(
    kind: Annotated[str, typer.Argument(help="Document kind (see `sharewiz list`).")],
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Comma-separated formats: md, docx, html, pdf (pdf needs LibreOffice).",
        ),
    ] = "md",
    out: OutOption = None,
    stdout: Annotated[
        bool, typer.Option("--stdout", help="Print the Markdown instead of writing files.")
    ] = False,
    templates: TemplatesOption = None,
    force: ForceOption = False,
) -> None:
    """Render a kind with example answers, to see it without answering every question."""
    from sharewiz.cli.authoring import run_preview

    _run(
        run_preview,
        kind=kind,
        formats=formats,
        out_dir=out,
        stdout=stdout,
        settings_from=(templates, None),
        force=force,
    )


# --- portfolio: status, due, export (issue 9) -------------------------------------------

DirsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Document-set folders, or folders to search for them (default: the current folder)."
    ),
]
WithinOption = Annotated[
    str, typer.Option("--within", help="How far ahead a review counts as due: 60d, 8w or 3m.")
]
TodayOption = Annotated[
    str | None,
    typer.Option("--today", help="Take this date (YYYY-MM-DD) as today, e.g. to plan ahead."),
]


@app.command()
def status(
    dirs: DirsArgument = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    within: WithinOption = "60d",
    today: TodayOption = None,
    templates: TemplatesOption = None,
) -> None:
    """Show every document set: version, review date, checks, and what needs attention.

    Exits with 1 if any set needs attention (out of date, hand-edited, review overdue,
    protocol changed, errors found), else 0.
    """
    from sharewiz.cli.portfolio import run_status

    _run(run_status, dirs=dirs or [], as_json=as_json, within=within, today=today,
         settings_from=(templates, None))  # fmt: skip


@app.command()
def due(
    dirs: DirsArgument = None,
    within: WithinOption = "60d",
    ics: Annotated[
        Path | None,
        typer.Option("--ics", help="Also write every review date to this iCalendar (.ics) file."),
    ] = None,
    today: TodayOption = None,
    templates: TemplatesOption = None,
) -> None:
    """List document sets whose review date has passed or is near (exit 1 if overdue)."""
    from sharewiz.cli.portfolio import run_due

    _run(run_due, dirs=dirs or [], within=within, ics=ics, today=today,
         settings_from=(templates, None))  # fmt: skip


export_app = typer.Typer(
    help="Export the portfolio: record of processing activities, JSON.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(export_app, name="export")


@export_app.command("ropa")
def export_ropa(
    dirs: DirsArgument = None,
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="CSV file to write (default: standard output).")
    ] = None,
    templates: TemplatesOption = None,
) -> None:
    """Record of processing activities (UK GDPR Art 30(1)): one row per processing activity."""
    from sharewiz.cli.portfolio import run_export_ropa

    _run(run_export_ropa, dirs=dirs or [], csv_path=csv_path, settings_from=(templates, None))


@export_app.command("json")
def export_json(
    dirs: DirsArgument = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
    templates: TemplatesOption = None,
) -> None:
    """Answers and derived facts (status, history, data flows) of every set, as JSON."""
    from sharewiz.cli.portfolio import run_export_json

    _run(run_export_json, dirs=dirs or [], out=out, settings_from=(templates, None))


def _run(
    function: Any,
    *,
    settings_from: tuple[list[Path] | None, Path | None] | None = None,
    **kwargs: Any,
) -> None:
    """Call a command's handler with keyword arguments; map its errors to exit codes.

    `settings_from` is the command's `--templates` and `--reference-docx`: they are
    resolved here, once, with the organisation profile, into the one Settings object
    the handler receives as `settings` and passes down.
    """
    try:
        if settings_from is not None:
            from sharewiz.cli.profile import READ_ONLY_COMMANDS, resolve_settings

            templates, reference_docx = settings_from
            kwargs["settings"] = resolve_settings(
                templates or [], reference_docx, trust=_state["trust"],
                read_only=_state["command"] in READ_ONLY_COMMANDS,
            )  # fmt: skip
        code = function(**kwargs)
    except SharewizError as exc:
        fail(exc)
    except KeyboardInterrupt:
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    if code:
        raise typer.Exit(int(code))


def main() -> None:
    """Entry point of the `sharewiz` command."""
    try:
        app()
    except Exception as exc:  # a bug, not a user error: say so plainly
        if _state["debug"] or "--debug" in sys.argv:
            raise
        sys.stderr.write(
            f"error: sharewiz hit an internal error: {exc!r}\nhint: run again with --debug for the traceback, and report it\n"
        )
        sys.exit(1)
