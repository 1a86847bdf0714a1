"""The library's front door: load a kind, read answers, render and write a set.

The CLI calls these; so can any Python program (`from sharewiz.sets.build import ...`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.errors import MissingAnswersError
from sharewiz.law.choices import tree_knowledge
from sharewiz.law.findings import Finding, has_errors
from sharewiz.law.rules import run_checks
from sharewiz.model import reading
from sharewiz.model.answers_file import AnswersFile, answers_to_yaml, read_current
from sharewiz.model.conditions import missing_answers, pin_dates
from sharewiz.model.tree import QuestionTree, tree_path
from sharewiz.model.tree_loader import load_tree
from sharewiz.render.engine import RenderedDocument, render_set
from sharewiz.render.formats import DEFAULT_FORMATS, markdown_names, render_files, safe_name
from sharewiz.sets.state import ANSWERS_NAME, sha256
from sharewiz.sets.sync import UNCHANGED, FileOutcome, write_if_changed, write_set_files


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
    def draft(self) -> bool:
        """Whether error-level findings stand, so the documents carry the draft banner."""
        return has_errors(self.findings)


def load_kind(kind: str, *, tree_dirs: Sequence[Path] = ()) -> QuestionTree:
    """Load and validate the question tree of a document kind (custom folders first)."""
    return load_tree(
        tree_path(kind, tuple(tree_dirs)), knowledge=tree_knowledge(), search_dirs=tuple(tree_dirs)
    )


def read_answers(
    path: Path, *, tree_dirs: Sequence[Path] = ()
) -> tuple[QuestionTree, AnswersFile, dict[str, Any]]:
    """Read, migrate, type and validate an answers file; every problem at once.

    The one path of `sharewiz.model.reading`, with trees loaded from the custom folders
    `tree_dirs` first, then the built-in ones.
    """
    read = reading.read_answers(path, tree_for=kind_loader(tree_dirs))
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
        lines = "\n  ".join(
            f"{q.id}: {q.prompt}" + _new_since(tree, q.id, answered_version) for q in missing
        )
        raise MissingAnswersError(
            f"{source}: {len(missing)} required answer(s) missing:\n  {lines}",
            hint="add them to the answers file, or answer them interactively with `sharewiz new --answers FILE`",
        )


def _new_since(tree: QuestionTree, question_id: str, answered_version: int | None) -> str:
    added = tree.added.get(question_id)
    if answered_version is None or added is None or added <= answered_version:
        return ""
    return (
        f" (newly required: added in version {added} of the {tree.id} questions; "
        f"these answers are for version {answered_version})"
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
    template_hash: str | None = None,
    answered_version: int | None = None,
    audience: str = "internal",
) -> BuildResult:
    """Render a complete set of answers and write it, with a copy of the answers.

    `defaults` (the organisation profile's values by question id) lie beneath the
    answers; those used are written into the saved answers, so the set can be
    rendered again without the profile. So are the dates taken from a default (a
    document date defaults to today): rendering again tomorrow gives the same bytes.

    Files are written only where their bytes change; files sharewiz wrote and nobody
    edited are replaced, anything else needs `force` (see `sharewiz.sets.sync`). The set's
    state and Markdown base copies are recorded in `out_dir/.sharewiz/` for `update`,
    `diff` and `status`. `template_hash` is the templates' hash when the caller already
    has it (a batch); `lock` is False when the caller holds the lock (a batch does).
    `answered_version` is the tree version the answers file was written for, so missing
    answers to questions added since are reported as newly required.
    """
    from contextlib import nullcontext

    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.sets.lock import locked
    from sharewiz.sets.versions import finish_render, prepare_render

    answers_given = answers
    if defaults:
        from sharewiz.model.settings import fill_defaults

        answers = fill_defaults(tree, answers, defaults)
    answers = pin_dates(tree, answers)  # never the clock's date at render: saved with them
    completed = answers != dict(answers_given)  # from the profile, or a date pinned
    # version, history and protocol link (issue 9): computed first, recorded after writing
    plan = prepare_render(
        tree, answers, out_dir, template_dirs=template_dirs, template_hash=template_hash
    )
    answers = plan.answers
    check_complete(tree, answers, source, answered_version=answered_version)
    kb = load_knowledge()
    findings = run_checks(tree, answers, kb)  # before rendering: errors make the set a draft
    documents = render_set(
        tree, answers, kb=kb, template_dirs=template_dirs,
        extra_context={**plan.context, "audience": audience},
        findings=findings,
    )  # fmt: skip
    files = render_files(documents, formats, reference_docx)
    answers_path = out_dir / ANSWERS_NAME
    same_file = answers_path.exists() and Path(source).exists() and answers_path.samefile(source)
    # the answers as given (not what a protocol filled in), with the version rendered,
    # edited into the user's file (or the set's copy of it): their comments and style stay
    given_text = read_current(Path(source)) if Path(source).is_file() else None
    answers_text = answers_to_yaml(
        tree.id, tree.version, plan.saved_answers,
        current=given_text if given_text is not None else read_current(answers_path), tree=tree,
    ).encode("utf-8")  # fmt: skip
    if not same_file:  # any other source is copied beside the documents
        files.insert(0, (ANSWERS_NAME, answers_text))
    # the hashes of the bytes rendered (every file written or unchanged now holds them)
    written = {name: sha256(data) for name, data in files}
    with locked(out_dir) if lock else nullcontext():
        outcomes = write_set_files(
            out_dir,
            files,
            markdown=markdown_names(documents),
            recorded=plan.previous.files if plan.previous else {},
            force=force,
        )
        # The user's own file, completed from the profile or given the version just
        # rendered: the version in answers.yaml is always the one in the documents.
        given = str(answers_given.get("document_version") or "")
        version_moved = given != str(plan.saved_answers.get("document_version") or given)
        if same_file and (completed or version_moved):
            write_if_changed(answers_path, answers_text)
        finish_render(plan, formats=formats, written=written)
    return BuildResult(
        out_dir=out_dir,
        documents=documents,
        files=[answers_path, *(o.path for o in outcomes if o.name != ANSWERS_NAME)],
        tree=tree,
        answers=answers,
        outcomes=outcomes,
        findings=findings,
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
