"""Rendering answers into document sets without asking: `render`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharewiz.errors import ExitCode, UserError
from sharewiz.law.findings import FINDINGS_JSON_VERSION
from sharewiz.model.settings import Settings
from sharewiz.sets.batch import Summary
from sharewiz.sets.build import BuildResult
from sharewiz.sets.worker import Job, Options, SetResult


@dataclass(frozen=True)
class RenderReport:
    """What `render` did: one set's result, or a batch's summary."""

    single: BuildResult | None = None  # one answers file to one folder
    companions: tuple[BuildResult, ...] = ()  # the sets written with it (`--with`)
    notes: tuple[str, ...] = ()  # what `--with` said without writing a set
    batch: Summary | None = None  # many files, or a base file and CSV rows
    input: Path | None = None  # the one answers file, for `single`

    @property
    def exit_code(self) -> ExitCode:
        """0 written; 7 drafts; 4 files to settle; 5 some sets failed; 1 every set failed."""
        if self.single is not None:
            results = (self.single, *self.companions)
            if any(r.conflicts for r in results):  # a person must settle files: before drafts
                return ExitCode.CONFLICT
            return ExitCode.DRAFT if any(r.draft for r in results) else ExitCode.OK
        assert self.batch is not None
        if self.batch.failed:
            partial = self.batch.failed < self.batch.total
            return ExitCode.PARTIAL if partial else ExitCode.USER_ERROR
        if self.batch.conflict:
            return ExitCode.CONFLICT
        return ExitCode.DRAFT if self.batch.draft else ExitCode.OK

    def to_json(self) -> dict[str, Any]:
        """The `render --json` document: the same shape for one set and for a batch."""
        batch = self.batch or _single_summary(self.single, self.input, self.companions)
        return {
            "findings_version": FINDINGS_JSON_VERSION,
            **batch.to_json(),
            "exit_code": int(self.exit_code),
        }


def _single_summary(
    result: BuildResult | None, path: Path | None, companions: Sequence[BuildResult] = ()
) -> Summary:
    from sharewiz.sets.worker import set_status

    assert result is not None
    summary = Summary(result.out_dir)
    for index, made in enumerate((result, *companions)):
        files, written = [str(p) for p in made.files], {str(p) for p in made.written}
        entry = SetResult(
            index, str(path), str(made.out_dir), set_status(made), files,
            [f for f in files if f in written], None, [f.as_dict() for f in made.findings],
            [{"file": str(o.path), "detail": o.detail} for o in made.conflicts],
        )  # fmt: skip
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
    with_kinds: str | Sequence[str] = (),
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
        with_kinds: Kinds (or a comma list) to write with the one set, in `OUT-<kind>`,
            their own answers read from `STEM.<kind>.yaml` beside it (`sets.pack`).

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
    from sharewiz.sets.pack import parse_with

    with_kinds = parse_with(with_kinds)
    if with_kinds and (rows is not None or name is not None or len(answers_paths) != 1):
        raise UserError(
            "--with writes the sets that go with one answers file, not a batch",
            hint="give one answers file: sharewiz render AGREEMENT.yaml --with dpia-screening",
        )
    if rows is None and name is None and len(answers_paths) == 1:
        path = answers_paths[0]
        init_worker(options)
        job = Job(0, str(path), out or default_out_dir(path), path=path)
        if with_kinds:
            return _render_pack(job, path, options, with_kinds)
        return RenderReport(single=render_one(job), input=path)
    summary = render_batch(
        answers_paths=answers_paths, rows=rows, out=out or Path.cwd(), options=options,
        name=name, workers=jobs or default_jobs(), report=on_set or (lambda _r: None),
        keep=keep_results,
    )  # fmt: skip
    return RenderReport(batch=summary)


def _render_pack(job: Job, path: Path, options: Options, kinds: Sequence[str]) -> RenderReport:
    """One set and the sets written with it; every companion is complete before any is written."""
    from sharewiz.sets.build import read_answers
    from sharewiz.sets.pack import plan_companions, write_companions
    from sharewiz.sets.worker import render_one

    settings = options.settings
    tree, _file, answers = read_answers(path, tree_dirs=settings.tree_dirs)
    companions, notes = plan_companions(
        tree, answers, path, job.out_dir, kinds, tree_dirs=settings.tree_dirs
    )
    single = render_one(job)
    made = write_companions(
        companions, formats=options.formats, force=options.force,
        reference_docx=settings.reference_docx, template_dirs=settings.template_dirs,
        audience=options.audience,
    )  # fmt: skip
    return RenderReport(single=single, input=path, companions=tuple(made), notes=tuple(notes))
