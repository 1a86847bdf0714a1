"""The public library: load, check, render and status over answers files and document sets.

Every function takes keyword arguments after the first and returns a value; none
prints or asks. The command line calls these same functions and only prints what they
return, so a script gets exactly what `sharewiz` does::

    from pathlib import Path
    from sharewiz import api

    report = api.check(Path("answers.yaml"))
    for finding in report.findings:
        print(finding.rule_id, finding.message)

`settings` carries custom folders, a reference DOCX and profile defaults
(`sharewiz.model.settings.settings_for`); without it the built-in trees and templates
are used and no profile is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharewiz.errors import ExitCode, UserError
from sharewiz.law.findings import FINDINGS_JSON_VERSION, Finding, findings_json, has_errors
from sharewiz.model.settings import Settings
from sharewiz.model.tree import QuestionTree
from sharewiz.portfolio.status import SetStatus
from sharewiz.sets.batch import Summary
from sharewiz.sets.build import BuildResult
from sharewiz.sets.worker import SetResult

__all__ = [
    "CheckReport",
    "DueReport",
    "Loaded",
    "PortfolioReport",
    "RenderReport",
    "check",
    "due",
    "load",
    "render",
    "status",
]


@dataclass(frozen=True)
class Loaded:
    """An answers file read through the one path: read, migrate, type, validate."""

    path: Path  # the answers file itself
    tree: QuestionTree
    answers: dict[str, Any]  # typed, with the profile's defaults beneath
    missing: list[str]  # ids of required answers still missing
    tree_version: int  # the tree version the answers were written for


def answers_file(target: Path) -> Path:
    """The answers file a path names: itself, or `answers.yaml` in a set's folder."""
    from sharewiz.sets.state import ANSWERS_NAME

    path = target / ANSWERS_NAME if target.is_dir() else target
    if not path.is_file():
        raise UserError(
            f"{path}: no answers file here",
            hint="give an answers file, or a folder written by `sharewiz new` or `render`",
        )
    return path


def load(target: Path, *, settings: Settings | None = None) -> Loaded:
    """Read an answers file (or a set's folder) and complete it as `render` does.

    Args:
        target: An answers file, or a folder holding `answers.yaml`.
        settings: Custom folders and profile defaults; built-in ones if omitted.

    Returns:
        The tree, the typed answers and the required answers still missing.

    Raises:
        UserError: the file is missing, malformed or does not fit its tree.
    """
    from sharewiz.model.conditions import missing_answers
    from sharewiz.model.settings import fill_defaults
    from sharewiz.sets.build import read_answers

    settings = settings or Settings()
    path = answers_file(target)
    tree, file, answers = read_answers(path, tree_dirs=settings.tree_dirs)
    answers = fill_defaults(tree, answers, settings.defaults)  # beneath, as for `render`
    missing = [q.id for q in missing_answers(tree, answers)]
    return Loaded(path, tree, answers, missing, file.tree_version)


@dataclass(frozen=True)
class CheckReport:
    """The compliance findings over one answers file."""

    loaded: Loaded
    findings: list[Finding]

    @property
    def exit_code(self) -> ExitCode:
        """1 for an error-level finding or a missing required answer, else 0."""
        failed = has_errors(self.findings) or self.loaded.missing
        return ExitCode.USER_ERROR if failed else ExitCode.OK

    def to_json(self) -> dict[str, Any]:
        """The `check --json` document (shape in docs/scripting.md)."""
        return {
            "findings_version": FINDINGS_JSON_VERSION,
            "file": str(self.loaded.path),
            "kind": self.loaded.tree.id,
            **findings_json(self.findings),
            "missing": self.loaded.missing,
        }

    def require_complete(self) -> None:
        """Raise the error `render` gives when required answers are missing."""
        from sharewiz.sets.build import check_complete

        loaded = self.loaded
        if loaded.missing:
            check_complete(loaded.tree, loaded.answers, str(loaded.path),
                           answered_version=loaded.tree_version)  # fmt: skip


def check(target: Path, *, settings: Settings | None = None) -> CheckReport:
    """Check answers against the compliance rules.

    Args:
        target: An answers file, or a folder holding `answers.yaml`.
        settings: Custom folders and profile defaults; built-in ones if omitted.

    Returns:
        The findings, and the answers they were made from.
    """
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.law.rules import run_checks

    loaded = load(target, settings=settings)
    findings = run_checks(loaded.tree, loaded.answers, load_knowledge())
    if target.is_dir():  # a set's folder: files left with conflicts are errors too
        from sharewiz.sets.settle import conflict_findings
        from sharewiz.sets.state import read_state

        findings = [*conflict_findings(target, read_state(target)), *findings]
    return CheckReport(loaded, findings)


@dataclass(frozen=True)
class RenderReport:
    """What `render` did: one set's result, or a batch's summary."""

    single: BuildResult | None = None  # one answers file to one folder
    batch: Summary | None = None  # many files, or a base file and CSV rows
    input: Path | None = None  # the one answers file, for `single`

    @property
    def exit_code(self) -> ExitCode:
        """0 written; 7 drafts; 4 files to settle; 5 some sets failed; 1 every set failed."""
        if self.single is not None:
            if self.single.conflicts:  # a person must settle files: that comes before drafts
                return ExitCode.CONFLICT
            return ExitCode.DRAFT if self.single.draft else ExitCode.OK
        assert self.batch is not None
        if self.batch.failed:
            partial = self.batch.failed < self.batch.total
            return ExitCode.PARTIAL if partial else ExitCode.USER_ERROR
        if self.batch.conflict:
            return ExitCode.CONFLICT
        return ExitCode.DRAFT if self.batch.draft else ExitCode.OK

    def to_json(self) -> dict[str, Any]:
        """The `render --json` document: the same shape for one set and for a batch."""
        batch = self.batch or _single_summary(self.single, self.input)
        return {
            "findings_version": FINDINGS_JSON_VERSION,
            **batch.to_json(),
            "exit_code": int(self.exit_code),
        }


def _single_summary(result: BuildResult | None, path: Path | None) -> Summary:
    from sharewiz.sets.worker import set_status

    assert result is not None
    files, written = [str(p) for p in result.files], {str(p) for p in result.written}
    entry = SetResult(
        0, str(path), str(result.out_dir), set_status(result), files,
        [f for f in files if f in written], None, [f.as_dict() for f in result.findings],
        [{"file": str(o.path), "detail": o.detail} for o in result.conflicts],
    )  # fmt: skip
    summary = Summary(result.out_dir)
    summary.add(entry, keep=True)
    return summary


def render(
    answers_paths: Sequence[Path],
    *,
    out: Path | None = None,
    formats: Sequence[str] = ("md", "docx"),
    force: bool = False,
    settings: Settings | None = None,
    rows: Path | None = None,
    name: str | None = None,
    overrides: Mapping[str, str] | None = None,
    jobs: int | None = None,
    on_set: Callable[[SetResult], None] | None = None,
    keep_results: bool = False,
    audience: str = "internal",
) -> RenderReport:
    """Render answers into documents without asking anything.

    Args:
        answers_paths: Answers files; with `rows`, the one base answers file.
        out: Folder of the set (one file), or the folder the sets go under (a batch).
        formats: Output formats: md, docx, html, pdf.
        force: Overwrite documents sharewiz did not write.
        settings: Custom folders, reference DOCX and profile defaults.
        rows: A CSV with one set per row over the base answers.
        name: A template naming each set's folder in a batch.
        overrides: Answers that replace those in every file: dotted key to text, as `--set`.
        jobs: Worker processes for a batch (default: the cores).
        on_set: Called with each set's result as a batch finishes it.
        keep_results: Keep every set's result in the batch summary, not just failures.
        audience: `internal` (the parties' copy) or `public` (the copy to publish).

    Returns:
        The set's result, or the batch's summary; `exit_code` says how it went.
    """
    from sharewiz.render.engine import AUDIENCES
    from sharewiz.sets.batch import default_jobs, render_batch
    from sharewiz.sets.build import default_out_dir
    from sharewiz.sets.worker import Job, Options, init_worker, render_one

    settings = settings or Settings()
    if not answers_paths:
        raise UserError("give at least one answers file", hint="sharewiz render answers.yaml")
    if jobs is not None and jobs < 1:
        raise UserError(f"--jobs {jobs}: use 1 or more")
    if audience not in AUDIENCES:
        raise UserError(
            f"unknown audience {audience!r}", hint=f"use one of: {', '.join(AUDIENCES)}"
        )
    options = Options(
        formats=tuple(formats), force=force, settings=settings,
        overrides=tuple((overrides or {}).items()), audience=audience,
    )  # fmt: skip
    if rows is None and name is None and len(answers_paths) == 1:
        path = answers_paths[0]
        init_worker(options)
        job = Job(0, str(path), out or default_out_dir(path), path=path)
        return RenderReport(single=render_one(job), input=path)
    summary = render_batch(
        answers_paths=answers_paths, rows=rows, out=out or Path.cwd(), options=options,
        name=name, workers=jobs or default_jobs(), report=on_set or (lambda _r: None),
        keep=keep_results,
    )  # fmt: skip
    return RenderReport(batch=summary)


@dataclass(frozen=True)
class PortfolioReport:
    """The status of every set found under some folders."""

    sets: list[SetStatus]

    @property
    def needing_attention(self) -> list[SetStatus]:
        """The sets that are out of date, edited, overdue, or have errors."""
        return [s for s in self.sets if s.needs_attention]

    @property
    def exit_code(self) -> ExitCode:
        """1 if any set needs attention, else 0."""
        return ExitCode.USER_ERROR if self.needing_attention else ExitCode.OK

    def to_json(self) -> dict[str, Any]:
        """The `status --json` document."""
        return {
            "findings_version": FINDINGS_JSON_VERSION,
            "sets": [s.as_dict() for s in self.sets],
            "needs_attention": len(self.needing_attention),
        }


def status(
    dirs: Sequence[Path] = (),
    *,
    today: dt.date | None = None,
    within_days: int = 60,
    settings: Settings | None = None,
) -> PortfolioReport:
    """The status of every document set in or under `dirs` (default: the current folder).

    Args:
        dirs: Set folders, or folders to search for them.
        today: The date reviews are measured from (default: today).
        within_days: How far ahead a review counts as due.
        settings: Custom folders; built-in ones if omitted.

    Returns:
        Each set's status; `exit_code` is 1 if any needs attention.
    """
    from sharewiz.portfolio.status import portfolio_status

    settings = settings or Settings()
    return PortfolioReport(
        portfolio_status(
            list(dirs) or None,
            today=today or dt.date.today(),
            within_days=within_days,
            template_dirs=settings.template_dirs,
            tree_dirs=settings.tree_dirs,
        )  # fmt: skip
    )


@dataclass(frozen=True)
class DueReport:
    """Reviews past or within the window, and the sets they were found among."""

    sets: list[SetStatus]
    reviews: list[tuple[SetStatus, dt.date, int]]  # (set, review date, days left)

    @property
    def exit_code(self) -> ExitCode:
        """1 if a review is overdue, else 0."""
        overdue = any(left < 0 for _set, _date, left in self.reviews)
        return ExitCode.USER_ERROR if overdue else ExitCode.OK


def due(
    dirs: Sequence[Path] = (),
    *,
    today: dt.date | None = None,
    within_days: int = 60,
    settings: Settings | None = None,
) -> DueReport:
    """The reviews past or within `within_days` of today, over the sets `status` finds.

    Args:
        dirs: Set folders, or folders to search for them.
        today: The date reviews are measured from (default: today).
        within_days: How far ahead a review counts as due.
        settings: Custom folders; built-in ones if omitted.

    Returns:
        The reviews due, soonest first, and every set (for a calendar of all of them).
    """
    from sharewiz.portfolio.status import due_reviews

    found = status(dirs, today=today, within_days=within_days, settings=settings)
    day = today or dt.date.today()
    return DueReport(found.sets, due_reviews(found.sets, today=day, within_days=within_days))
