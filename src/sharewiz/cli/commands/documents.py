"""Commands that write document sets: list, new, render."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sharewiz.cli.options import (
    ForceOption,
    FormatOption,
    OutOption,
    QuietOption,
    ReferenceOption,
    TemplatesOption,
    call_handler,
)

WithOption = Annotated[
    str | None,
    typer.Option(
        "--with",
        metavar="KINDS",
        help="Write these kinds with the agreement, each in OUT-KIND/ with its facts taken "
        "from it: dpia-screening (privacy-wording is always written with the agreement).",
    ),
]


def list_kinds(templates: TemplatesOption = None) -> None:
    """List the document kinds sharewiz can write.

    Examples:

    \b
      sharewiz list
    """
    from sharewiz.cli.documents import kinds_table

    call_handler(kinds_table, settings_from=(templates, None))


def new(
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="KIND", help="Document kind (see `sharewiz list`); asked if omitted."
        ),
    ] = None,
    out: OutOption = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help="Answers file to prefill from; only what is missing is asked.",
        ),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume", metavar="DIR", help="Continue an interrupted wizard in this folder."
        ),
    ] = None,
    formats: FormatOption = "md,docx",
    force: ForceOption = False,
    reference_docx: ReferenceOption = None,
    templates: TemplatesOption = None,
    quiet: QuietOption = False,
    with_kinds: WithOption = None,
) -> None:
    """Answer questions at the terminal and write a document set.

    With --quiet only the questions are shown: no banner, list of files or findings.

    Examples:

    \b
      sharewiz new dsa -o gm-antenatal
      sharewiz new --resume gm-antenatal
    """
    from sharewiz.cli.documents import run_new

    call_handler(run_new, kind=kind, out=out, answers_path=answers, resume=resume,
                formats=formats, force=force, settings_from=(templates, reference_docx),
                quiet=quiet, with_kinds=with_kinds)  # fmt: skip


def render(
    answers: Annotated[
        list[Path],
        typer.Argument(
            metavar="ANSWERS",
            help="Answers file(s) (YAML), or - for standard input; with --rows, the one base.",
        ),
    ],
    out: OutOption = None,
    formats: FormatOption = "md,docx",
    force: ForceOption = False,
    reference_docx: ReferenceOption = None,
    templates: TemplatesOption = None,
    rows: Annotated[
        Path | None,
        typer.Option(
            "--rows",
            metavar="CSV",
            help="CSV with one document set per row over the base answers (- for standard input).",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="TEMPLATE",
            help='Folder name per set, a template: "{{ controller_name }}".',
        ),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set", metavar="KEY=VALUE", help="Override an answer (dotted for group fields)."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", metavar="N", help="Worker processes (default: cores)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a machine-readable summary.")
    ] = False,
    audience: Annotated[
        str,
        typer.Option(
            "--audience",
            metavar="AUDIENCE",
            help="internal (the parties' copy) or public: the copy to publish, without "
            "security details, staff names or internal references.",
        ),
    ] = "internal",
    quiet: QuietOption = False,
    with_kinds: WithOption = None,
) -> None:
    """Render answers into documents without asking anything; many sets in one go.

    Examples:

    \b
      sharewiz render answers.yaml -o out -f md,docx
      sharewiz render base.yaml --rows schools.csv --name "{{ school_name }}" -o sets
      generate-answers | sharewiz render - -o out --quiet
      sharewiz render dsa.yaml -o dsa --with dpia-screening   # own answers: dsa.dpia-screening.yaml
    """
    from sharewiz.cli.documents import run_render

    call_handler(run_render, answers_paths=answers, out=out, formats=formats, force=force,
                settings_from=(templates, reference_docx), rows=rows, name=name,
                sets=sets or [], jobs=jobs, as_json=as_json, audience=audience,
                quiet=quiet, with_kinds=with_kinds)  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add this family's commands to the app."""
    app.command("list")(list_kinds)
    app.command()(new)
    app.command(short_help="Write documents from answers files, many sets at once.")(render)
