"""Batch rendering: many answers files, or a base answers file plus CSV rows, in parallel.

The parent process reads inputs lazily, names each set's folder (so duplicates are
caught before anything is written), reports each set the batch would leave as it is
from its state (`sharewiz.sets.rerun`), and feeds a bounded number of the others to worker
processes (`sharewiz.sets.pool`), started only if there are any; results stream back one small record per set, so memory stays flat however
many sets there are. Each worker loads the knowledge base, the trees and the compiled
templates once (`sharewiz.sets.worker`). A set that fails is reported with its reason and
the others go on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.errors import SharewizError, UserError
from sharewiz.model.tree import QuestionTree
from sharewiz.model.yamlio import plain_data
from sharewiz.render.formats import safe_name
from sharewiz.sets.worker import (
    CONFLICT,
    DRAFT,
    FAILED,
    UNCHANGED,
    WRITTEN,
    Base,
    Job,
    Options,
    SetResult,
    cached_tree,
)

# -- the parent: naming, scheduling, reporting -----------------------------------------------


def name_template(source: str) -> Callable[[Mapping[str, Any]], str]:
    """Compile `--name` once: a Jinja template over the raw answers (plus `row`, `stem`)."""
    from jinja2 import StrictUndefined
    from jinja2 import TemplateError as JinjaError
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    try:
        template = env.from_string(source)
    except JinjaError as exc:
        raise UserError(
            f"--name {source!r}: {exc}", hint='e.g. --name "{{ controller_name }}"'
        ) from exc

    def render(context: Mapping[str, Any]) -> str:
        try:
            return template.render(context)
        except JinjaError as exc:
            raise UserError(f"--name {source!r}: {exc}") from exc

    return render


class Namer:
    """Gives each set a safe, unique folder name; a duplicate is that set's error."""

    def __init__(self, out: Path) -> None:
        """Names are folders under `out`."""
        self.out = out
        self.seen: dict[str, str] = {}

    def claim(self, name: str, label: str) -> Path:
        """The folder for `name`, or UserError if an earlier set already has it."""
        if name in self.seen:
            raise UserError(
                f"folder name {name!r} is already used by {self.seen[name]}",
                hint='make --name unique, e.g. --name "{{ controller_name }} {{ row }}"',
            )
        self.seen[name] = label
        return self.out / name


def file_jobs(
    paths: Sequence[Path], out: Path, name: str | None, namer: Namer | None = None
) -> Iterator[Job | SetResult]:
    """One job per answers file, named by `--name` or the file's stem."""
    namer = namer or Namer(out)
    render_name = name_template(name) if name else None
    for index, path in enumerate(paths):
        label = str(path)
        try:
            if render_name is None:
                text = path.stem
            else:
                from sharewiz.model.answers_file import read_answers_file

                answers = read_answers_file(path).answers
                text = render_name({**answers, "stem": path.stem, "row": index + 1})
            out_dir = namer.claim(safe_name(text, fallback="set"), label)
        except SharewizError as exc:
            yield SetResult(index, label, None, FAILED, error=f"{label}: {exc.message}")
            continue
        yield Job(index, label, out_dir, path=path)


def row_jobs(
    csv_path: Path,
    tree: QuestionTree,
    base: Base,
    out: Path,
    name: str | None,
    namer: Namer | None = None,
    warn: Callable[[str], None] = lambda _warning: None,
) -> Iterator[Job | SetResult]:
    """One job per CSV row, named by `--name` or the row's first text column.

    Columns and cells are migrated as an answers file is (`sharewiz.model.reading`): a
    column naming a renamed question, or a cell holding a renamed choice value, is read
    as the current one, and `warn` names the column (a value once, at its first row).
    """
    from sharewiz.model.renamed_choices import migrate_cells
    from sharewiz.model.rows import Row, apply_values, read_header, read_rows

    notes: list[str] = []
    columns = read_header(csv_path, tree, notes)
    for note in notes:
        warn(note)
    moved: set[tuple[str, str, str]] = set()
    first_text = next(
        (c for c in columns if "." not in c and tree.question(c).type == "text"), None
    )
    namer = namer or Namer(out)
    render_name = name_template(name) if name else None
    for index, item in enumerate(read_rows(csv_path, columns)):
        if not isinstance(item, Row):
            number, problem = item
            yield SetResult(
                index,
                f"{csv_path}:row {number}",
                None,
                FAILED,
                error=f"{csv_path}:row {number}: {problem}",
            )
            continue
        label = f"{csv_path}:row {item.number}"
        cells, moves = migrate_cells(tree, item.cells)
        for move in moves:
            if move not in moved:
                moved.add(move)
                column, old, new = move
                warn(
                    f"{label}, column {column}: choice {old!r} renamed to {new!r}; read as {new!r}"
                )
        item = Row(item.number, cells)
        try:
            if render_name is not None:
                raw = apply_values(base.raw, item.cells)
                text = render_name({**raw, "row": item.number, "stem": csv_path.stem})
            else:
                text = dict(item.cells).get(first_text or "", "") or f"row-{item.number}"
            out_dir = namer.claim(safe_name(text, fallback="set"), label)
        except SharewizError as exc:
            yield SetResult(index, label, None, FAILED, error=f"{label}: {exc.message}")
            continue
        yield Job(index, label, out_dir, cells=item.cells)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# -- the whole batch --------------------------------------------------------------------------


@dataclass
class Summary:
    """Counts of a finished batch, plus each set's result when asked to keep them."""

    out: Path
    total: int = 0
    written: int = 0
    unchanged: int = 0
    draft: int = 0
    conflict: int = 0
    failed: int = 0
    sets: list[SetResult] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)  # earlier sets of the batch not made now
    warnings: list[str] = field(default_factory=list)  # migrations of the inputs, for the user

    def add(self, result: SetResult, keep: bool) -> None:
        """Count one set's result (keep it only for --json; failures are always kept)."""
        self.total += 1
        if result.status == WRITTEN:
            self.written += 1
        elif result.status == UNCHANGED:
            self.unchanged += 1
        elif result.status == DRAFT:
            self.draft += 1
        elif result.status == CONFLICT:
            self.conflict += 1
        else:
            self.failed += 1
        if keep or result.status in (FAILED, CONFLICT):
            self.sets.append(result)

    def to_json(self) -> dict[str, Any]:
        """The `--json` document."""
        return {
            "out": str(self.out),
            "total": self.total,
            "written": self.written,
            "unchanged": self.unchanged,
            "draft": self.draft,
            "conflict": self.conflict,
            "failed": self.failed,
            "sets": [s.to_json() for s in sorted(self.sets, key=lambda s: s.index)],
            "orphans": self.orphans,
            "warnings": self.warnings,
        }


def read_base(
    path: Path, tree_dirs: tuple[Path, ...] = (), notes: list[str] | None = None
) -> tuple[QuestionTree, Base]:
    """The base answers for CSV rows, migrated and checked once (it need not be complete);
    each migration is added to `notes`, naming the file."""
    from sharewiz.model.reading import read_answers

    read = read_answers(
        path,
        tree_for=lambda kind: cached_tree(kind, tree_dirs),
        hint="fix the base answers first: every row builds on them",
    )
    if notes is not None:
        notes.extend(f"{path}: {note}" for note in read.notes)
    return read.tree, Base(path=path, kind=read.tree.id, raw=plain_data(read.raw))


def render_batch(
    *,
    answers_paths: Sequence[Path],
    rows: Path | None,
    out: Path,
    options: Options,
    name: str | None,
    workers: int,
    report: Callable[[SetResult], None],
    keep: bool = False,
) -> Summary:
    """Render every set of a batch into `out/<name>/`, holding `out/.sharewiz/lock`.

    Args:
        answers_paths: answers files, one set each; with `rows`, the one base file.
        rows: a CSV of per-set answers over the base file.
        out: the folder the sets' folders go in.
        options: shared by every set.
        name: `--name` template, or None for the default names.
        workers: processes to render in.
        report: called with each set's result as it finishes.
        keep: keep every set's result in the summary (for --json).
    """
    from dataclasses import replace

    from sharewiz.sets.lock import locked
    from sharewiz.sets.pool import run_jobs

    namer = Namer(out)
    summary = Summary(out=out)
    jobs: Iterable[Job | SetResult]
    if rows is not None:
        if len(answers_paths) != 1:
            raise UserError(
                "--rows takes exactly one base answers file",
                hint="sharewiz render base.yaml --rows schools.csv --out out/",
            )
        tree, base = read_base(answers_paths[0], options.settings.tree_dirs, summary.warnings)
        options = replace(options, base=base, lock_sets=False)
        jobs = row_jobs(rows, tree, base, out, name, namer, warn=summary.warnings.append)
    else:
        options = replace(options, lock_sets=False)
        jobs = file_jobs(answers_paths, out, name, namer)
    # The batch holds out/.sharewiz/lock for all its sets (one lock, not one per set);
    # `update` of a single set checks its parent's lock too.

    def on_result(result: SetResult) -> None:
        summary.add(result, keep)
        report(result)

    with locked(out):
        run_jobs(jobs, options, workers=workers, on_result=on_result)
    summary.orphans = orphan_sets(out, set(namer.seen))
    return summary


def orphan_sets(out: Path, made: set[str]) -> list[str]:
    """Folders in `out` that a batch made earlier (their state records what they were
    given) and this run did not: a row dropped from the CSV. They are left in place."""
    from sharewiz.sets.state import read_state, state_path

    if not out.is_dir():
        return []
    orphans = []
    for folder in sorted(out.iterdir()):
        if folder.name in made or not state_path(folder).is_file():
            continue
        try:
            state = read_state(folder)
        except SharewizError:
            continue
        if state is not None and state.given:
            orphans.append(str(folder))
    return orphans
