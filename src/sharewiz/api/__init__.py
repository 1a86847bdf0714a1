"""The public library: load, check, render, update, diff, status and due.

Every function takes keyword arguments after the first and returns a report; none
prints, and none asks unless given a function to ask with. The command line calls these
same functions and only prints what they return, so a script gets exactly what
`sharewiz` does::

    from pathlib import Path
    from sharewiz import api

    report = api.check(Path("answers.yaml"))
    for finding in report.findings:
        print(finding.rule_id, finding.message)

`settings` carries custom folders, a reference DOCX and profile defaults
(`sharewiz.model.settings.settings_for`); without it the built-in trees and templates
are used and no profile is read. Each report has an `exit_code` (the code the command
ends with) and, where the command has `--json`, `to_json()` giving that same document.
"""

from __future__ import annotations

from sharewiz.api.answers import CheckReport, Loaded, answers_file, check, load
from sharewiz.api.diffing import DiffReport, diff
from sharewiz.api.portfolio import DueReport, PortfolioReport, due, status
from sharewiz.api.rendering import RenderReport, render
from sharewiz.api.updating import (
    AnswerAgain,
    DependantsReport,
    UpdateReport,
    update,
    update_dependants,
    worst,
)
from sharewiz.sets.update import Answered

__all__ = [
    "AnswerAgain",
    "Answered",
    "CheckReport",
    "DependantsReport",
    "DiffReport",
    "DueReport",
    "Loaded",
    "PortfolioReport",
    "RenderReport",
    "UpdateReport",
    "answers_file",
    "check",
    "diff",
    "due",
    "load",
    "render",
    "status",
    "update",
    "update_dependants",
    "worst",
]
