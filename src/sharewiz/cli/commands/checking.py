"""Commands over the law: check, explain."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sharewiz.cli.options import TemplatesOption, call_handler


def check(
    target: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="Answers file (- for standard input), or a document folder holding answers.yaml.",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print findings as JSON.")] = False,
    templates: TemplatesOption = None,
) -> None:
    """Check answers against the compliance rules; exit 1 on any error-level finding.

    Examples:

    \b
      sharewiz check answers.yaml
      sharewiz check out/gm-antenatal --json
    """
    from sharewiz.cli.checking import run_check

    call_handler(run_check, target=target, as_json=as_json, settings_from=(templates, None))


def explain(
    topic: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="TOPIC",
            help="A topic (art9, rights, lawful_bases.public_task, sch1 para 18...); no quotes needed.",
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-s", metavar="WORDS", help="Find entries containing all these words."
        ),
    ] = None,
) -> None:
    """Explain the law behind the questions; with no TOPIC, list the topics.

    Examples:

    \b
      sharewiz explain sch1 para 18
      sharewiz explain --search safeguarding
    """
    from sharewiz.cli.checking import run_explain

    call_handler(run_explain, topic=" ".join(topic) if topic else None, search_text=search)


def register(app: typer.Typer) -> None:
    """Add this family's commands to the app."""
    app.command(short_help="Check answers against the compliance rules.")(check)
    app.command(short_help="Explain the law behind the questions.")(explain)
