"""One set of a batch, inside a worker process (or in-process for `--jobs 1`).

A worker is set up once with the batch's :class:`Options` (knowledge base, trees and
compiled templates loaded once), then renders one :class:`Job` at a time: an answers
file, or a CSV row over the base answers. Whatever goes wrong becomes that set's
:class:`SetResult`, never the batch's failure. The parent side is `sharewiz.sets.batch`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.errors import SharewizError
from sharewiz.model.settings import Settings
from sharewiz.model.tree import QuestionTree

if TYPE_CHECKING:
    from sharewiz.model.reading import TypedValues
    from sharewiz.sets.versions import KindTemplates

# a draft set was written (or was already up to date) with error-level findings standing;
# a conflict set was merged, but a person must settle some of its files
WRITTEN, UNCHANGED, DRAFT, FAILED = "written", "unchanged", "draft", "failed"
CONFLICT = "conflict"


@dataclass(frozen=True)
class Base:
    """A base answers file for CSV rows: its kind and raw answers (text values)."""

    path: Path
    kind: str
    raw: Mapping[str, Any]


@dataclass(frozen=True)
class Options:
    """What every set of a batch shares; sent once to each worker."""

    formats: tuple[str, ...]
    force: bool = False
    # custom trees and templates, the reference DOCX and the profile's answers, as the
    # CLI resolved them once (a frozen dataclass of paths and plain values: picklable)
    settings: Settings = field(default_factory=Settings)
    overrides: tuple[tuple[str, str], ...] = ()
    base: Base | None = None
    lock_sets: bool = True
    audience: str = "internal"  # "public": the copy to publish (render.engine.AUDIENCES)


@dataclass(frozen=True)
class Job:
    """One set to render: an answers file, or a CSV row over the base answers."""

    index: int
    label: str
    out_dir: Path
    path: Path | None = None
    cells: tuple[tuple[str, str], ...] = ()


@dataclass
class SetResult:
    """What happened to one set (small, so a batch's results stay cheap to keep)."""

    index: int
    input: str
    output: str | None
    status: str
    files: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    error: str | None = None
    findings: list[Any] = field(default_factory=list)
    conflicts: list[dict[str, str]] = field(default_factory=list)  # {file, detail} to settle
    # each answer at fault when the set failed on its answers, as in an error document
    problems: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The set's entry in `--json` output."""
        return {
            "input": self.input,
            "output": self.output,
            "status": self.status,
            "files": self.files,
            "written": self.written,
            "error": self.error,
            "findings": self.findings,
            "conflicts": self.conflicts,
            "problems": self.problems,
        }


# -- inside a worker (or in-process for --jobs 1) --------------------------------------------

_options: Options | None = None


def init_worker(options: Options) -> None:
    """Load what every set needs once per process: knowledge, trees, compiled templates."""
    global _options
    _options = options
    start_batch()
    from sharewiz.law.knowledge import load_knowledge

    load_knowledge()
    if options.base is not None:
        _warm(_tree(options.base.kind, options.settings.tree_dirs), options.settings.template_dirs)


def start_batch() -> None:
    """Forget what the last batch in this process read: templates may change between runs."""
    from sharewiz.sets.rerun import forget_shared

    _templates.cache_clear()
    forget_shared()


def _warm(tree: QuestionTree, template_dirs: tuple[Path, ...]) -> None:
    from sharewiz.render.engine import template_environment

    env = template_environment(template_dirs)
    for spec in tree.documents:
        try:
            env.get_template(spec.template)
        except Exception:  # noqa: BLE001 - a broken template is reported per set, with context
            return


@cache
def _tree(kind: str, tree_dirs: tuple[Path, ...] = ()) -> QuestionTree:
    from sharewiz.sets.build import load_kind

    return load_kind(kind, tree_dirs=tree_dirs)


def render_job(job: Job) -> SetResult:
    """Render and write one set; any failure becomes the set's error, never the batch's."""
    try:
        result = render_one(job)
    except SharewizError as exc:
        return SetResult(
            job.index, job.label, str(job.out_dir), FAILED, error=exc.message,
            problems=[dict(problem) for problem in exc.problems],
        )  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - one set's bug must not stop the batch
        return SetResult(
            job.index, job.label, str(job.out_dir), FAILED, error=f"internal error: {exc!r}"
        )
    written = {str(p) for p in result.written}
    files = [str(p) for p in result.files]
    return SetResult(
        job.index,
        job.label,
        str(job.out_dir),
        set_status(result),
        files=files,
        written=[f for f in files if f in written],
        findings=[finding.as_dict() for finding in result.findings],
        conflicts=[{"file": str(o.path), "detail": o.detail} for o in result.conflicts],
    )


def set_status(result: Any) -> str:
    """`conflict` while a person must settle files, `draft` while error-level findings
    stand, else `written` or `unchanged`."""
    if result.conflicts:
        return CONFLICT
    if result.draft:
        return DRAFT
    return WRITTEN if result.written else UNCHANGED


def render_one(job: Job) -> Any:
    """Render one set, raising its error (the single-file `render` uses this directly)."""
    from sharewiz.sets.build import BuildResult, build_set
    from sharewiz.sets.rerun import job_key

    options = _options
    if options is None:
        raise RuntimeError("init_worker was not called")
    tree, answers, answered_version = _answers_for(job, options)
    result: BuildResult = build_set(
        tree,
        answers,
        job.out_dir,
        formats=options.formats,
        force=options.force,
        reference_docx=options.settings.reference_docx,
        template_dirs=options.settings.template_dirs,
        source=str(job.path) if job.path else job.label,
        defaults=options.settings.defaults or None,
        lock=options.lock_sets,
        audience=options.audience,
        templates=kind_templates_once(tree, options.settings.template_dirs),
        answered_version=answered_version,
        skip_unchanged=True,  # a re-run of the batch renders only what changed
        job_key=job_key(job, options, tree),
    )
    return result


def kind_templates_once(tree: QuestionTree, template_dirs: tuple[Path, ...]) -> KindTemplates:
    """The templates of the tree's kind (version and hashes), read once per batch."""
    return _templates(tuple(d.template for d in tree.documents), template_dirs)


@cache
def _templates(templates: tuple[str, ...], template_dirs: tuple[Path, ...]) -> KindTemplates:
    """The kind's templates' version and hashes, read once per worker.

    Reading and hashing every template file for every set cost about as much as
    rendering the set's Markdown; a batch's templates are fixed while it runs (each
    worker compiles them once too).
    """
    from sharewiz.sets.versions import kind_templates

    return kind_templates(templates, template_dirs)


def _answers_for(job: Job, options: Options) -> tuple[QuestionTree, dict[str, Any], int | None]:
    """The set's answers by the one path: a file read, or a CSV row over the base; with
    the tree version a file was answered for (None for a CSV row)."""
    from sharewiz.model import reading
    from sharewiz.model.rows import apply_values

    if job.path is not None:
        read = reading.read_answers(
            job.path,
            tree_for=lambda kind: _tree(kind, options.settings.tree_dirs),
            overrides=options.overrides,
        )
        return read.tree, read.answers, read.file.tree_version  # build_set checks completeness
    assert options.base is not None
    tree = _tree(options.base.kind, options.settings.tree_dirs)
    raw = apply_values(options.base.raw, job.cells)
    touched = {path: f"{job.label}, column {path}" for path, _ in job.cells}
    raw, options_touched = reading.with_values(
        tree, raw, options.overrides, label=lambda key: f"--set {key}"
    )
    answers, problems = reading.type_answers(
        tree, raw, source=job.label, touched={**touched, **options_touched},
        typed=_typed_base(options.base, tree),
    )  # fmt: skip
    if problems:
        raise reading.answers_error(job.label, tree, problems)
    return tree, answers, None


_base_typed: list[Any] = [None, None, None]  # the base and tree last typed, their values


def _typed_base(base: Base, tree: QuestionTree) -> TypedValues:
    """The base's answers typed once per batch (and process), for every row over it."""
    from sharewiz.model import reading

    if _base_typed[0] is not base or _base_typed[1] is not tree:
        _base_typed[:] = [base, tree, reading.typed_values(tree, base.raw)]
    typed: TypedValues = _base_typed[2]
    return typed


def cached_tree(kind: str, tree_dirs: tuple[Path, ...] = ()) -> QuestionTree:
    """A kind's tree, loaded once per process."""
    return _tree(kind, tree_dirs)
