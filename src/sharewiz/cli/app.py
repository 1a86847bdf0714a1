"""The command line: the Typer app, its global options, and the entry point.

Each command family lives in its own module under `cli/commands/` and registers its
commands here. Only Typer is imported at start-up; everything heavy (questionary,
Jinja, YAML, python-docx) is imported inside the command that needs it, so `--help`
is instant.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import click
import typer
from typer.core import TyperArgument

from sharewiz import __version__
from sharewiz.cli.commands import authoring, checking, documents, portfolio, updating
from sharewiz.cli.options import debug_state
from sharewiz.errors import ExitCode


def _no_argument_type(self: TyperArgument, ctx: click.Context) -> None:  # noqa: ARG001
    return None


def _usage_name(self: TyperArgument) -> str:
    name = self.display_name_raw
    name = name if self.required else f"[{name}]"
    return f"{name}..." if self.nargs != 1 else name


# Typer prints an argument's Python type beside its name ("ANSWERS <list[Path]>"),
# whatever its metavar says, and wraps a required one in braces in the usage line
# ("{ANSWERS}...", which reads as a set of choices). The people reading `--help` are
# officers, not programmers: a required argument is named bare, an optional one in
# brackets, as in every Unix manual, and each argument's help says what it takes.
TyperArgument.display_type_rich = _no_argument_type  # type: ignore[method-assign,assignment]
TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]

app = typer.Typer(
    name="sharewiz",
    help="Write lawful, citable UK data sharing documents: privacy notices, agreements, protocols.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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
    debug_state["debug"] = debug
    debug_state["trust"] = trust
    debug_state["command"] = ctx.invoked_subcommand


# The order here is the order `sharewiz --help` lists the commands in.
for family in (documents, checking, updating, authoring, portfolio):
    family.register(app)


def main() -> None:
    """Entry point of the `sharewiz` command."""
    try:
        app()
    except Exception as exc:  # a bug, not a user error: say so plainly
        if debug_state["debug"] or "--debug" in sys.argv:
            raise
        message = f"sharewiz hit an internal error: {exc!r}"
        hint = "this is a bug in sharewiz, please report it with the output of the same command run again with --debug"
        if "--json" in sys.argv:  # a script still gets one JSON document
            error = {"code": "internal-error", "exit_code": int(ExitCode.INTERNAL),
                     "message": message, "file": None, "line": None, "hint": hint}  # fmt: skip
            sys.stdout.write(json.dumps({"error": error}, indent=2) + "\n")
        sys.stderr.write(f"error: {message}\nhint: {hint}\n")
        sys.exit(int(ExitCode.INTERNAL))
