"""Regenerating sets already written: `update`, `update_dependants` and `diff`.

Each regeneration goes through the one update engine (`sharewiz.sets.engine`): plan,
then apply; a dry run plans and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.errors import ExitCode, NotATerminalError, SharewizError
from sharewiz.law.findings import FINDINGS_JSON_VERSION
from sharewiz.model.settings import Settings
from sharewiz.sets.engine import SetPlan
from sharewiz.sets.update import Answered

# Asks the questions an update must ask again and returns the answers to render, or
# None to stop with the answers saved and the documents as they were (the CLI passes
# the terminal wizard). Given the set's folder and what `load_set` read.
AnswerAgain = Callable[[Path, Answered], "dict[str, Any] | None"]

# Worst first: a run over several folders exits with the worst of their codes.
_WORST_FIRST = (
    ExitCode.INTERNAL, ExitCode.INTERRUPTED, ExitCode.USAGE, ExitCode.NOT_A_TERMINAL,
    ExitCode.MISSING_PROGRAM, ExitCode.USER_ERROR, ExitCode.PARTIAL, ExitCode.CONFLICT,
    ExitCode.DRAFT, ExitCode.OK,
)  # fmt: skip


def worst(codes: Iterable[int]) -> ExitCode:
    """The worst of several exit codes: a bug, usage, input errors, conflicts, drafts, OK.

    Args:
        codes: Exit codes, one per folder (or set) a command went over.

    Returns:
        The one to exit with; OK when there are none.
    """
    return min((ExitCode(code) for code in codes), key=_WORST_FIRST.index, default=ExitCode.OK)


def plan_json(set_dir: Path, plan: SetPlan) -> dict[str, Any]:
    """One set's regeneration as `update --json` lists it (the set's version and files)."""
    entry = plan.versions.new_entry
    return {
        "dir": str(set_dir),
        "version": plan.versions.state.version,
        "changes": list(entry.summary) if entry else [],
        "resign": bool(entry and entry.resign),
        "files": [
            {"file": str(item.path), "status": item.status, "detail": item.detail}
            for item in plan.files
        ],
        "conflicts": [{"file": str(item.path), "detail": item.detail} for item in plan.conflicts],
        "gone": list(plan.gone),
        "findings": [finding.as_dict() for finding in plan.findings],
    }


@dataclass
class UpdateReport:
    """What `update` did to one set (or, in a dry run, would do)."""

    dir: Path
    dry_run: bool = False
    plan: SetPlan | None = None  # None: nothing rendered, questions are left to answer
    asked: list[str] = field(default_factory=list)  # asked again (a dry run: would be)
    notes: list[str] = field(default_factory=list)  # answers migrated or asked again
    asides: list[Path] = field(default_factory=list)  # the other side of a git merge, kept

    @property
    def exit_code(self) -> ExitCode:
        """4 when a person must settle files or copy in a git merge's other side, else 0."""
        if self.dry_run or self.plan is None:
            return ExitCode.OK
        return ExitCode.CONFLICT if self.plan.conflicts or self.asides else ExitCode.OK

    def to_json(self) -> dict[str, Any]:
        """This set's entry in `update --json` (shape in docs/scripting.md)."""
        entry: dict[str, Any] = {"dir": str(self.dir), "version": None, "changes": [],
                                 "resign": False, "files": [], "conflicts": [], "gone": [],
                                 "findings": []}  # fmt: skip
        if self.plan is not None:
            entry = plan_json(self.dir, self.plan)
        return {
            **entry,
            "dry_run": self.dry_run,
            "rendered": self.plan is not None,
            "asked": self.asked,
            "notes": self.notes,
            "asides": [str(path) for path in self.asides],
            "exit_code": int(self.exit_code),
        }


def update(
    target: Path,
    *,
    overrides: Mapping[str, str] | Sequence[tuple[str, str]] = (),
    ask: Sequence[str] = (),
    formats: Sequence[str] | None = None,
    dry_run: bool = False,
    settings: Settings | None = None,
    answer_again: AnswerAgain | None = None,
    on_note: Callable[[str], None] | None = None,
) -> UpdateReport:
    """Regenerate a set from its answers, merging into the files people edited.

    Args:
        target: A set's folder (it holds `answers.yaml`).
        overrides: Answers to change first: dotted key to text, as `--set` takes them.
        ask: Question ids to ask again (needs `answer_again`; a dry run only lists them).
        formats: Formats to write (default: those written last time).
        dry_run: Plan and return the plan; write nothing and ask nothing.
        settings: Custom folders, reference DOCX and profile defaults.
        answer_again: Asks what must be asked again; without it, questions that need
            an answer are an error.
        on_note: Called with each note on the answers (migrated, or asked again) as it
            arises, before anything is asked; the notes are in the report too.

    Returns:
        The plan applied (or planned), with what was asked; `exit_code` is 4 when a
        person must settle files.

    Raises:
        UserError: the folder holds no answers, or they do not fit their questions.
        NotATerminalError: questions need an answer and there is no `answer_again`.
    """
    from sharewiz.sets.engine import apply_plan, plan_set
    from sharewiz.sets.gitmerge import keep_other_sides, undo_git_conflicts
    from sharewiz.sets.lock import check_unlocked, locked
    from sharewiz.sets.update import load_set

    settings = settings or Settings()
    pairs = tuple(overrides.items()) if isinstance(overrides, Mapping) else tuple(overrides)
    # after a `git merge`, derived files may hold git's markers: sharewiz remakes them
    other_edits = {} if dry_run else undo_git_conflicts(target)
    answered = load_set(target, pairs, () if dry_run else ask, tree_dirs=settings.tree_dirs,
                        reask_invalid=not dry_run and answer_again is not None)  # fmt: skip
    for note in answered.notes:
        (on_note or _ignore)(note)
    if dry_run:  # a dry run previews with the answers as they are, and lists --ask
        answered.to_ask = list(dict.fromkeys([*answered.to_ask, *ask]))
    report = UpdateReport(target, dry_run, asked=list(answered.to_ask), notes=answered.notes)
    answers = _answers_to_render(target, answered, dry_run, answer_again)
    if answers is None:
        return report
    options: dict[str, Any] = {
        "formats": formats, "reference_docx": settings.reference_docx,
        "template_dirs": settings.template_dirs, "tree_dirs": settings.tree_dirs,
    }  # fmt: skip
    if dry_run:
        report.plan = plan_set(target, answered.tree, answers, **options)
        return report
    check_unlocked(target.resolve().parent)  # a batch may be writing this set
    with locked(target):
        report.plan = plan_set(target, answered.tree, answers, **options)
        apply_plan(target, report.plan)
    report.asides = keep_other_sides(target, other_edits)
    return report


def _ignore(_note: str) -> None:
    """Notes are in the report when no one is told of them as they arise."""


def _answers_to_render(
    target: Path, answered: Answered, dry_run: bool, answer_again: AnswerAgain | None
) -> dict[str, Any] | None:
    """The answers after asking what must be asked again; None if nothing is rendered."""
    from sharewiz.model.conditions import missing_answers

    if not answered.to_ask:
        return answered.answers
    if dry_run:  # without answers to the required questions there is nothing to preview
        return None if missing_answers(answered.tree, answered.answers) else answered.answers
    if answer_again is None:
        from sharewiz.model.conditions import describe_gaps

        names = ", ".join(answered.to_ask)
        # a group offered back for an incomplete entry: name each answer it lacks
        restored = {**answered.answers, **answered.defaults}
        gaps = [gap for lines in describe_gaps(answered.tree, restored).values() for gap in lines]
        raise NotATerminalError(
            f"{target}: {len(answered.to_ask)} question(s) need an answer: {names}"
            + "".join(f"\n  {gap}" for gap in gaps),
            hint="give each with --set ID=VALUE, or run `sharewiz update` at a terminal",
        )
    return answer_again(target, answered)


@dataclass(frozen=True)
class DependantsReport:
    """What `update --dependants` did to each agreement under a protocol."""

    protocol_dir: Path
    results: list[Any]  # sharewiz.sets.dependants.DependantResult, one per agreement
    dry_run: bool = False
    searched: tuple[Path, ...] = ()  # the folders looked in for agreements

    @property
    def exit_code(self) -> ExitCode:
        """5 if some agreements could not be updated (1 if none could); 4 on conflicts."""
        failed = sum(1 for result in self.results if result.plan is None)
        if failed:
            return ExitCode.PARTIAL if failed < len(self.results) else ExitCode.USER_ERROR
        if not self.dry_run and any(result.plan.conflicts for result in self.results):
            return ExitCode.CONFLICT
        return ExitCode.OK

    def to_json(self) -> dict[str, Any]:
        """The `update --dependants --json` document: one entry per agreement."""
        sets = [
            {**plan_json(r.dir, r.plan), "dry_run": self.dry_run}
            if r.plan is not None
            else {"dir": str(r.dir), "error": _error_json(r.error)}
            for r in self.results
        ]
        return {"findings_version": FINDINGS_JSON_VERSION, "total": len(sets), "sets": sets,
                "exit_code": int(self.exit_code)}  # fmt: skip


def _error_json(message: str) -> dict[str, Any]:
    error: dict[str, Any] = SharewizError(message).to_json()["error"]
    return error


def update_dependants(
    protocol_dir: Path,
    *,
    search: Sequence[Path] = (),
    overrides: Mapping[str, str] | Sequence[tuple[str, str]] = (),
    formats: Sequence[str] | None = None,
    dry_run: bool = False,
    force: bool = False,
    settings: Settings | None = None,
) -> DependantsReport:
    """Regenerate every agreement under a protocol through the update engine.

    Args:
        protocol_dir: The protocol's set folder.
        search: Folders to look for agreements in (default: the current folder).
        overrides: Answers to change in every agreement, as `--set` takes them.
        formats: Formats to write (default: those each agreement had).
        dry_run: Plan each agreement; write nothing.
        force: Replace hand edits (kept beside as `name.yours.ext`) instead of merging.
        settings: Custom folders, reference DOCX and profile defaults.

    Returns:
        Each agreement's plan, or why it could not be updated.
    """
    from sharewiz.sets.dependants import update_dependants as update_each

    settings = settings or Settings()
    pairs = tuple(overrides.items()) if isinstance(overrides, Mapping) else tuple(overrides)
    searched = tuple(search) or (Path.cwd(),)
    results = update_each(
        protocol_dir, searched, overrides=pairs, formats=formats,
        dry_run=dry_run, force=force, reference_docx=settings.reference_docx,
        template_dirs=settings.template_dirs, tree_dirs=settings.tree_dirs,
    )  # fmt: skip
    return DependantsReport(protocol_dir, results, dry_run, searched)
