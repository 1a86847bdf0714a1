"""User-facing errors: each carries a message, a hint and an exit code.

This module imports nothing from sharewiz, so every other module can use it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    USER_ERROR = 1  # bad input, missing answers, or error-level check findings
    USAGE = 2  # bad command-line usage (Click's own code)
    NOT_A_TERMINAL = 3  # an interactive command was run without a terminal
    CONFLICT = 4  # update wrote merge conflicts or kept an edited file aside
    PARTIAL = 5  # a batch where some sets failed and the others were written
    MISSING_PROGRAM = 6  # an output format needs a program that is not installed
    DRAFT = 7  # documents written as drafts: error-level check findings stand
    INTERNAL = 70  # a bug in sharewiz (EX_SOFTWARE in sysexits.h): please report it
    INTERRUPTED = 130  # Ctrl-C / Ctrl-D


class SharewizError(Exception):
    """Base class for every error sharewiz reports to a user."""

    exit_code: ExitCode = ExitCode.USER_ERROR

    def __init__(
        self, message: str, *, hint: str | None = None, problems: Sequence[Mapping[str, Any]] = ()
    ) -> None:
        """Keep the message, an optional hint saying what to do next, and each problem.

        `problems` lists every place at fault when there are several (each a mapping with
        `where`, `file`, `line`, `question`, `message` and `fix`), so a script sees them
        all from one run.
        """
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.problems = tuple(dict(problem) for problem in problems)

    def to_json(self) -> dict[str, Any]:
        """The `{"error": ...}` document a `--json` command prints when it fails.

        `file` and `line` come from a message that starts `file:line:` (every file
        format error does), else they are null.
        """
        where = re.match(r"(?P<file>[^\n:]+?)(?::(?P<line>\d+))?: ", self.message)
        named = where and (
            "/" in where["file"] or "." in where["file"] or where["file"] == "<stdin>"
        )
        file = where["file"] if where and named else None
        line = int(where["line"]) if file and where and where["line"] else None
        return {
            "error": {
                "code": re.sub(r"(?<!^)(?=[A-Z])", "-", type(self).__name__).lower(),
                "exit_code": int(self.exit_code),
                "message": self.message,
                "file": file,
                "line": line,
                "hint": self.hint,
                "problems": list(self.problems),
            }
        }


class UserError(SharewizError):
    """Something the user can fix: a file, an answer, an option."""


class UsageError(UserError):
    """The command line asks for something impossible: a missing argument, an unknown format."""

    exit_code = ExitCode.USAGE


class FileFormatError(UserError, ValueError):
    """A YAML or CSV file is malformed; the message starts with file:line."""


class TreeError(FileFormatError):
    """A question tree is invalid."""


class AnswersError(FileFormatError):
    """An answers file is invalid or does not fit its question tree."""


class KnowledgeError(FileFormatError):
    """The knowledge base is inconsistent (a packaging or authoring bug)."""


class TemplateError(UserError):
    """A template failed to render; the message names template, line and variable."""


class MissingAnswersError(UserError):
    """Required answers are missing, so nothing can be rendered."""


class UnknownKindError(UserError):
    """No question tree exists for the kind asked for."""


class WriteError(UserError, OSError):
    """A file could not be written (disk full, read-only folder); still an OSError."""

    def __init__(self, message: str, *, hint: str | None = None, errno: int | None = None) -> None:
        """Keep the message, the hint and the system's error number."""
        super().__init__(message, hint=hint)
        self.errno = errno


class OutputExistsError(UserError):
    """A file would be overwritten without --force."""


class ReferenceDocxError(UserError):
    """A reference DOCX could not be read."""


class MissingProgramError(UserError):
    """An output format needs a program that is not installed (PDF needs LibreOffice)."""

    exit_code = ExitCode.MISSING_PROGRAM


class NotATerminalError(SharewizError):
    """An interactive command was run without a terminal on standard input."""

    exit_code = ExitCode.NOT_A_TERMINAL


class Interrupted(SharewizError):
    """The user pressed Ctrl-C or Ctrl-D at a prompt."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(
        self, message: str = "you stopped the wizard before the end", *, hint: str | None = None
    ) -> None:
        """Keep the message (by default, that the wizard was stopped) and a hint."""
        super().__init__(message, hint=hint)
