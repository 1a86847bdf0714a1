"""`sharewiz check` and `sharewiz explain`: between the CLI's options and the library."""

from __future__ import annotations

from pathlib import Path

from sharewiz import api
from sharewiz.cli.console import print_info, print_json
from sharewiz.cli.report import show_findings
from sharewiz.cli.stdin import reading_stdin
from sharewiz.law.knowledge import load_knowledge
from sharewiz.model.settings import Settings


def run_check(*, target: Path, as_json: bool, settings: Settings) -> int:
    """Check one answers file (or a document folder holding answers.yaml).

    The answers are read and completed as `render` does. Answers missing a required
    value fail as they do for `render`, with the same message and exit code, after the
    findings (a draft's other problems are worth seeing too).
    """
    with reading_stdin() as stdin:  # `check -` reads the answers from standard input
        report = api.check(stdin.file(target, "the answers", "stdin.yaml"), settings=settings)
        if as_json:  # one document: its `missing` lists what `render` would refuse
            print_json(stdin.shown(report.to_json()))
            return int(report.exit_code)
        loaded = report.loaded
        show_findings(report.findings, title=stdin.shown(f"{loaded.path} ({loaded.tree.title})"))
        report.require_complete()  # raises the error `render` gives
    return int(report.exit_code)


def run_explain(*, topic: str | None, search_text: str | None) -> int:
    """Describe a knowledge topic, search the knowledge base, or list the topics."""
    from sharewiz.law.explain import explain

    print_info(explain(load_knowledge(), topic=topic, search_text=search_text))
    return 0


__all__ = ["run_check", "run_explain"]
