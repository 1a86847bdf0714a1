"""Options several commands share, and the one place a handler is called and its errors mapped.

Only Typer is imported here, so `--help` stays instant; each handler imports what it
needs when it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from sharewiz.errors import ExitCode, SharewizError

# The global options (--debug, --trust) and the command run: set once by the app's callback.
debug_state: dict[str, Any] = {"debug": False, "trust": False, "command": None}

FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMATS",
        help="Comma-separated formats: md, docx, html, pdf (pdf needs LibreOffice).",
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", metavar="DIR", help="Folder to write the documents to."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite existing documents.")]
ReferenceOption = Annotated[
    Path | None,
    typer.Option(
        "--reference-docx",
        metavar="FILE",
        help="A branded .docx whose styles, margins, header and footer the Word output uses.",
    ),
]
TemplatesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--templates",
        metavar="DIR",
        help="A custom folder (questions/ and templates/) searched before the built-in ones.",
    ),
]

QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="Print no progress or success lines; warnings and errors still show."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]


def fail(exc: SharewizError, *, as_json: bool = False) -> NoReturn:
    """Print a user error (with traceback only under --debug) and exit with its code.

    Under `--json` the error is one JSON document on standard output, as success is.
    """
    from sharewiz.cli.console import print_error, print_json

    if debug_state["debug"]:
        import traceback

        traceback.print_exception(exc)
    if as_json:
        print_json(exc.to_json())
        raise typer.Exit(int(exc.exit_code))
    label = "stopped" if exc.exit_code == ExitCode.INTERRUPTED else "error"
    print_error(exc.message, exc.hint, label=label)
    raise typer.Exit(int(exc.exit_code))


def call_handler(
    function: Any,
    *,
    settings_from: tuple[list[Path] | None, Path | None] | None = None,
    **kwargs: Any,
) -> None:
    """Call a command's handler with keyword arguments; map its errors to exit codes.

    `settings_from` is the command's `--templates` and `--reference-docx`: they are
    resolved here, once, with the organisation profile, into the one Settings object
    the handler receives as `settings` and passes down. `quiet` (a command's `--quiet`)
    is taken here too: the handler prints as always, and the console drops the chatter.
    """
    from sharewiz.cli.console import quiet_output

    try:
        if settings_from is not None:
            from sharewiz.cli.profile import READ_ONLY_COMMANDS, resolve_settings

            templates, reference_docx = settings_from
            kwargs["settings"] = resolve_settings(
                templates or [], reference_docx, trust=debug_state["trust"],
                read_only=debug_state["command"] in READ_ONLY_COMMANDS,
            )  # fmt: skip
        with quiet_output(bool(kwargs.pop("quiet", False))):
            code = function(**kwargs)
    except SharewizError as exc:
        fail(exc, as_json=bool(kwargs.get("as_json")))
    except KeyboardInterrupt:
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    if code:
        raise typer.Exit(int(code))
