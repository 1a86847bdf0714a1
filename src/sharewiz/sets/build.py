"""The library's front door: load a kind, read answers, render and write a set.

The CLI calls these; so can any Python program (`from sharewiz.sets.build import ...`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.errors import MissingAnswersError, UserError
from sharewiz.law.choices import tree_knowledge
from sharewiz.law.findings import Finding, has_errors
from sharewiz.model import reading
from sharewiz.model.answers_file import AnswersFile
from sharewiz.model.conditions import describe_gaps, missing_answers, pin_dates
from sharewiz.model.tree import Question, QuestionTree, tree_path
from sharewiz.model.tree_loader import load_tree
from sharewiz.render.engine import RenderedDocument
from sharewiz.render.formats import DEFAULT_FORMATS, safe_name
from sharewiz.sets.state import ANSWERS_NAME, NOT_READ, NotRead, SetState, read_state
from sharewiz.sets.sync import CONFLICT, KEPT, UNCHANGED, FileOutcome
from sharewiz.sets.versions import KindTemplates


@dataclass
class BuildResult:
    """What rendering one set produced."""

    out_dir: Path
    documents: list[RenderedDocument]
    files: list[Path] = field(default_factory=list)
    tree: QuestionTree | None = None  # the tree and answers rendered, for the checks
    answers: Mapping[str, Any] = field(default_factory=dict)
    outcomes: list[FileOutcome] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # the checks, run before rendering

    @property
    def written(self) -> list[Path]:
        """The files whose bytes changed (new or updated)."""
        return [o.path for o in self.outcomes if o.status != UNCHANGED]

    @property
    def conflicts(self) -> list[FileOutcome]:
        """Files a person must settle: merge conflicts, or kept with the new one beside."""
        return [o for o in self.outcomes if o.status in (CONFLICT, KEPT)]

    @property
    def draft(self) -> bool:
        """Whether error-level findings stand, so the documents carry the draft banner."""
        return has_errors(self.findings)


def load_kind(kind: str, *, tree_dirs: Sequence[Path] = ()) -> QuestionTree:
    """Load and validate the question tree of a document kind (custom folders first)."""
    return load_tree(
        tree_path(kind, tuple(tree_dirs)), knowledge=tree_knowledge(), search_dirs=tuple(tree_dirs)
    )


def read_answers(
    path: Path, *, tree_dirs: Sequence[Path] = (), unfinished: bool = False
) -> tuple[QuestionTree, AnswersFile, dict[str, Any]]:
    """Read, migrate, type and validate an answers file; every problem at once.

    The one path of `sharewiz.model.reading`, with trees loaded from the custom folders
    `tree_dirs` first, then the built-in ones. `unfinished`: a stopped wizard run's
    answers, in which a list may still have fewer entries than it needs.
    """
    read = reading.read_answers(path, tree_for=kind_loader(tree_dirs), unfinished=unfinished)
    return read.tree, read.file, read.answers


def kind_loader(tree_dirs: Sequence[Path] = ()) -> Callable[[str], QuestionTree]:
    """`load_kind` bound to these custom folders, for `sharewiz.model.reading`."""
    return lambda kind: load_kind(kind, tree_dirs=tree_dirs)


def check_complete(
    tree: QuestionTree,
    answers: Mapping[str, Any],
    source: str,
    *,
    answered_version: int | None = None,
) -> None:
    """Raise MissingAnswersError listing each required answer that is missing.

    `answered_version` is the tree version the answers were written for: a question the
    tree declares `added` since then is reported as newly required, not merely missing.
    """
    missing = missing_answers(tree, answers)
    if missing:
        # a group's incomplete entries are named one by one, with the path to answer each
        gaps = describe_gaps(tree, answers)
        lines = "\n  ".join(
            f"{q.id}: {q.prompt}"
            + _new_since(tree, q.id, answered_version)
            + "".join(f"\n    {gap}" for gap in gaps.get(q.id, []))
            for q in missing
        )
        raise MissingAnswersError(
            f"{source}: {len(missing)} required answer(s) missing:\n  {lines}"
            + _unstated_version(tree, missing, answered_version),
            hint=(
                "add them to the answers file"
                + (
                    " (GROUP.<entry from 0>.FIELD is that entry's field; --set takes the same path)"
                    if gaps
                    else ""
                )
                + ", or answer them interactively with `sharewiz new --answers FILE`"
            ),
            problems=[_missing_problem(source, q) for q in missing],
        )


def _missing_problem(source: str, question: Question) -> dict[str, Any]:
    """A missing answer as an entry of a JSON error's `problems` (it has no line)."""
    return {
        "where": source,
        "file": source,
        "line": None,
        "question": question.id,
        "message": f"{question.id}: required answer missing ({question.prompt})",
        "fix": f"add {question.id} to the answers file",
    }


def _new_since(tree: QuestionTree, question_id: str, answered_version: int | None) -> str:
    added = tree.added.get(question_id)
    if answered_version is None or added is None or added <= answered_version:
        return ""
    if not answered_version:  # the file names no version: said once, after the list
        return f" (newly required: added in version {added} of the {tree.id} questions)"
    return (
        f" (newly required: added in version {added} of the {tree.id} questions; "
        f"these answers are for version {answered_version})"
    )


def _unstated_version(
    tree: QuestionTree, missing: Sequence[Question], answered_version: int | None
) -> str:
    """What is assumed of an answers file without `tree_version` (read as 0, never shown
    as "version 0"), where it explains an answer reported as newly required."""
    if answered_version != 0 or not any(tree.added.get(q.id) for q in missing):
        return ""
    return (
        f"\nThe file does not say which version of the {tree.id} questions it was written "
        "for (it has no tree_version), so it is read as written for the oldest: answers "
        "under ids renamed since are moved to the new ones. If it was written for the "
        f"current questions, add `tree_version: {tree.version}` at its top."
    )


def default_out_dir(answers_path: Path) -> Path:
    """An answers file called answers.yaml renders beside itself; any other into ./<stem>/."""
    if answers_path.name == ANSWERS_NAME:
        return answers_path.parent
    return Path.cwd() / safe_name(answers_path.stem, fallback="documents")


def build_set(
    tree: QuestionTree,
    answers: Mapping[str, Any],
    out_dir: Path,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    force: bool = False,
    reference_docx: Path | None = None,
    template_dirs: Sequence[Path] = (),
    source: str = "answers",
    defaults: Mapping[str, Any] | None = None,
    lock: bool = True,
    templates: KindTemplates | None = None,
    answered_version: int | None = None,
    audience: str = "internal",
    skip_unchanged: bool = False,
    job_key: str = "",
) -> BuildResult:
    """Render a complete set of answers and write it, with a copy of the answers.

    `defaults` (the organisation profile's values by question id) lie beneath the
    answers; those used are written into the saved answers, so the set can be
    rendered again without the profile. So are the dates taken from a default (a
    document date defaults to today): rendering again tomorrow gives the same bytes.

    Over a set sharewiz wrote before, this is a regeneration like `update`: the one
    engine (`sharewiz.sets.engine`) merges hand edits into the new render and keeps
    edited Word files, writing only files whose bytes change (`force` replaces edited
    files instead). `templates` are the kind's templates (version and hashes) when the caller
    already has them (a batch); `lock` is False when the caller holds the lock (a batch does).
    `answered_version` is the tree version the answers file was written for, so missing
    answers to questions added since are reported as newly required. `skip_unchanged` (a batch) writes and
    renders nothing for a set whose inputs and files are as last recorded (`sets.inputs`);
    `job_key` (a batch) is recorded so the next run can tell that before any worker starts
    (`sets.rerun`).
    """
    from contextlib import nullcontext

    from sharewiz.sets.engine import apply_plan, plan_set
    from sharewiz.sets.lock import locked

    answers_given = answers
    if defaults:
        from sharewiz.model.settings import fill_defaults

        answers = fill_defaults(tree, answers, defaults)
    answers = pin_dates(tree, answers)  # never the clock's date at render: saved with them
    completed = answers != dict(answers_given)  # from the profile, or a date pinned
    answers_path = out_dir / ANSWERS_NAME
    same_file = answers_path.exists() and Path(source).exists() and answers_path.samefile(source)
    from_elsewhere: Mapping[str, Any] = {}
    previous: SetState | None | NotRead = NOT_READ
    if not same_file:  # a batch row or another file: the set's own changes lie on top
        from sharewiz.sets.layers import layer

        from_elsewhere = answers
        previous = read_state(out_dir)  # read once: the plan starts from it too
        answers = layer(out_dir, tree, from_elsewhere, previous)
    # planned before the lock is taken, so a set that cannot be rendered leaves no folder
    plan = plan_set(
        out_dir, tree, answers, formats=formats, reference_docx=reference_docx,
        template_dirs=template_dirs, templates=templates, force=force, source=source,
        answered_version=answered_version, audience=audience,
        answers_source=Path(source) if Path(source).is_file() else None,
        skip_unchanged=skip_unchanged, previous=previous,
    )  # fmt: skip
    _refuse_wrong_route(tree, plan.findings, source)
    # Any other source is copied beside the documents. The user's own file is written
    # only when completed from the profile or given the version just rendered: the
    # version in answers.yaml is always the one in the documents.
    given = str(answers_given.get("document_version") or "")
    version_moved = given != str(plan.versions.saved_answers.get("document_version") or given)
    if not same_file:
        from sharewiz.sets.state import given_answers

        recorded = plan.versions.state
        recorded.given = given_answers(from_elsewhere, plan.versions.answers, recorded.answers)
    plan.versions.state.job = job_key
    with locked(out_dir) if lock else nullcontext():
        apply_plan(out_dir, plan, write_answers=not same_file or completed or version_moved)
    outcomes = [FileOutcome(p.name, p.path, p.status, p.detail) for p in plan.files]
    return BuildResult(
        out_dir=out_dir,
        documents=plan.documents,
        files=[answers_path, *(o.path for o in outcomes)],
        tree=tree,
        answers=plan.versions.answers,
        outcomes=outcomes,
        findings=plan.findings,
    )


def _refuse_wrong_route(tree: QuestionTree, findings: Sequence[Finding], source: str) -> None:
    """Stop before anything is written when the facts call for another kind of document.

    A one-off request in an agreement would publish privacy wording about the person
    concerned: no draft is written; the message names the command that starts the right
    kind (rules with `route:`, `sharewiz.law.rules.wrong_route`).
    """
    from sharewiz.law.rules import wrong_route

    wrong = wrong_route(findings)
    if wrong:
        reasons = "\n  ".join(f"{f.rule_id}: {f.message}" for f, _kind in wrong)
        kinds = list(dict.fromkeys(kind for _f, kind in wrong))
        raise UserError(
            f"{source}: these answers are not for a {tree.id}; nothing was written:\n  {reasons}",
            hint=" or ".join(f"start the right document with `sharewiz new {k}`" for k in kinds),
        )


def render_answers_file(
    path: Path,
    *,
    out_dir: Path | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    force: bool = False,
    reference_docx: Path | None = None,
    template_dirs: Sequence[Path] = (),
    tree_dirs: Sequence[Path] = (),
    defaults: Mapping[str, Any] | None = None,
) -> BuildResult:
    """Render one answers file without prompting (profile `defaults` beneath it)."""
    tree, _file, answers = read_answers(path, tree_dirs=tree_dirs)
    target = out_dir or default_out_dir(path)
    return build_set(
        tree, answers, target, formats=formats, force=force, reference_docx=reference_docx,
        template_dirs=template_dirs, source=str(path), defaults=defaults,
    )  # fmt: skip
