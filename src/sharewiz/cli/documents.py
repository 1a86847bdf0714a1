"""What each command does, between the CLI's options and the library: calls and output.

Kept apart from cli.py so that module imports nothing heavy at start-up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from sharewiz import api
from sharewiz.cli.console import (
    is_quiet,
    out,
    print_info,
    print_prose,
    print_warning,
    quiet_output,
    stdin_is_terminal,
)
from sharewiz.cli.report import show_findings
from sharewiz.cli.stdin import STDIN, Stdin, reading_stdin
from sharewiz.errors import (
    AnswersError,
    ExitCode,
    Interrupted,
    NotATerminalError,
    UsageError,
    UserError,
    WriteError,
)
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.answers_file import save_answers
from sharewiz.model.atomic import check_writable
from sharewiz.model.prose import count_noun
from sharewiz.model.settings import Settings
from sharewiz.model.tree import QuestionTree, list_kinds, resolve_kind
from sharewiz.model.tree_loader import load_tree
from sharewiz.render.formats import parse_formats
from sharewiz.sets.build import BuildResult, build_set, load_kind, read_answers
from sharewiz.sets.state import ANSWERS_NAME
from sharewiz.sets.worker import FAILED, SetResult


def kinds_table(*, settings: Settings) -> int:
    """Print every document kind with its one-line description."""
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("Kind", style="cyan", no_wrap=True)
    table.add_column("What it writes")
    for kind, path in list_kinds(settings.tree_dirs):
        tree = load_tree(path, knowledge=tree_knowledge(), search_dirs=settings.tree_dirs)
        table.add_row(kind, tree.summary)
    out().print(table)
    return 0


def _choose_kind(tree_dirs: tuple[Path, ...]) -> str:
    from sharewiz.cli.asking.triage import choose_kind

    kinds = []
    for kind, path in list_kinds(tree_dirs):
        tree = load_tree(path, knowledge=tree_knowledge(), search_dirs=tree_dirs)
        kinds.append((kind, tree.title, tree.summary))
    return choose_kind(kinds)


def run_new(
    *,
    kind: str | None,
    out: Path | None,
    answers_path: Path | None,
    resume: Path | None,
    formats: str,
    force: bool,
    settings: Settings,
    with_kinds: str | None = None,
) -> int:
    """The interactive wizard: ask, save after every answer, review, write; then the
    sets `--with` names, asking only their own questions."""
    from sharewiz.cli.pack import ask_companions, chosen_companions
    from sharewiz.model.settings import offer_defaults

    chosen_formats = parse_formats(formats)
    tree, answers, out_dir = _start(kind, out, answers_path, resume, force=force,
                                    tree_dirs=settings.tree_dirs)  # fmt: skip
    companions = chosen_companions(tree, with_kinds, settings)  # checked before asking
    code = _wizard(offer_defaults(tree, settings.defaults),  # the profile's values are offered
                   answers, out_dir, chosen_formats, force=force or resume is not None,
                   settings=settings)  # fmt: skip
    made = ask_companions(tree, out_dir, companions, chosen_formats, force=force,
                          settings=settings, wizard=_wizard)  # fmt: skip
    return max(code, made)


def _start(
    kind: str | None,
    out: Path | None,
    answers_path: Path | None,
    resume: Path | None,
    *,
    force: bool,
    tree_dirs: tuple[Path, ...],
) -> tuple[QuestionTree, dict[str, Any], Path]:
    """The tree, the answers to start from and the folder of a wizard run.

    The answers are read (by the one path every command uses) before the terminal is
    needed, so a file that does not fit gets the same verdict here as anywhere.
    """
    if resume is not None:
        if kind or out or answers_path:
            raise UserError(
                "--resume takes its kind, folder and answers from the folder",
                hint="use --resume DIR on its own",
            )
        resume_file = resume / ANSWERS_NAME
        if not resume_file.is_file():
            raise UserError(
                f"{resume_file}: no answers to resume here",
                hint="give the folder a previous `sharewiz new` was writing to",
            )
        tree, _file, answers = read_answers(resume_file, tree_dirs=tree_dirs, unfinished=True)
        _need_terminal()
        # the folder follows on a line of its own ("Answers are saved as you go in:")
        print_info(f"Resuming {tree.title}: {count_noun(len(answers), 'answer')} so far.")
        return tree, answers, resume
    if answers_path == STDIN:  # the wizard needs standard input for the questions
        raise UsageError(
            "`sharewiz new` asks at the terminal, so its answers cannot come from standard input",
            hint="sharewiz render - --out DIR writes documents from answers on standard input",
        )
    if answers_path is not None:
        tree, _file, answers = read_answers(answers_path, tree_dirs=tree_dirs)
        if kind and resolve_kind(kind, tree_dirs) != tree.id:
            raise AnswersError(
                f"{answers_path}: these answers are for {tree.id!r}, not {kind!r}",
                hint=f"drop KIND, or use answers for {kind!r}",
            )
        _need_terminal()
    else:
        _need_terminal()
        tree, answers = load_kind(kind or _choose_kind(tree_dirs), tree_dirs=tree_dirs), {}
    out_dir = out or Path.cwd() / tree.id
    if (out_dir / ANSWERS_NAME).exists() and not force:
        raise UserError(
            f"{out_dir} already holds answers from an earlier run",
            hint=f"continue it with `sharewiz new --resume {out_dir}`, or choose another folder with --out",
        )
    return tree, answers, out_dir


def _answers_saver(
    tree: QuestionTree, answers_file: Path, *, resume: str, taken: frozenset[str] = frozenset()
) -> Callable[[Mapping[str, Any]], None]:
    """Save the answers after each one; a failed save says which answers are kept and how to go on.

    `taken` are the ids another set supplies (`source_dir`): never saved here."""

    def save(current: Mapping[str, Any]) -> None:
        own = {k: v for k, v in current.items() if k not in taken}
        try:
            save_answers(answers_file, tree.id, tree.version, own, tree=tree)
        except WriteError as exc:
            exc.hint = (
                f"{exc.hint}; the answers given before this one are saved in {answers_file}: "
                f"once it can be written, continue with `{resume}`"
            )
            raise

    return save


def _need_terminal() -> None:
    if not stdin_is_terminal():
        raise NotATerminalError(
            "`sharewiz new` asks questions, so it needs a terminal, and this is not one",
            hint="to write documents from an answers file without questions, use `sharewiz render ANSWERS`",
        )


def _wizard(
    tree: QuestionTree,
    answers: Mapping[str, Any],
    out_dir: Path,
    formats: Sequence[str],
    *,
    force: bool,
    settings: Settings,
    taken: frozenset[str] = frozenset(),
) -> int:
    from sharewiz.cli.asking import Wizard, read_position, save_position
    from sharewiz.cli.asking.profile_offer import profile_offer
    from sharewiz.cli.asking.routes import WrongRoute

    answers_file = out_dir / ANSWERS_NAME
    save = _answers_saver(
        tree, answers_file, resume=f"sharewiz new --resume {out_dir}", taken=taken
    )
    try:  # before the first question: no answer is typed that could not be kept
        check_writable(out_dir)
        save(answers)
    except WriteError as exc:
        exc.hint = f"answers are saved in {answers_file} as you give them, so nothing was asked; {exc.hint}"
        raise
    # the sentence wraps at words; the path, on a line of its own, is never broken
    if not is_quiet():
        print_prose(f"{tree.title}. Answers are saved as you go in:", style="bold")
    print_info(f"  {answers_file}")
    wizard = Wizard(tree, answers, on_answer=save, position=read_position(out_dir),
                    on_position=lambda position: save_position(out_dir, position),
                    profile=profile_offer(settings.defaults, tree))  # fmt: skip
    try:
        with quiet_output(False):  # --quiet drops what the wizard reports, never its questions
            final = wizard.run()
    except WrongRoute as exc:  # stopped at a wrong route: the answers are kept to go on with
        exc.hint = (f"{exc.hint}; your answers are saved in {answers_file} "
                    f"(continue them with `sharewiz new --resume {out_dir}`)")  # fmt: skip
        raise
    except (Interrupted, KeyboardInterrupt) as exc:
        # Ctrl-C between two prompts, before the next one reads keys, is a bare
        # KeyboardInterrupt: the same stop, so it says the same.
        stopped = exc if isinstance(exc, Interrupted) else Interrupted()
        if answers_file.exists():
            stopped.hint = f"your answers are saved; continue with: sharewiz new --resume {out_dir}"
        raise stopped from None
    save_position(out_dir, None)
    if final is None:
        save(wizard.answers)
        print_info(f"Answers saved. Continue later with: sharewiz new --resume {out_dir}")
        return 0
    result = build_set(
        tree,
        final,
        out_dir,
        formats=formats,
        force=force,
        reference_docx=settings.reference_docx,
        template_dirs=settings.template_dirs,
        source=str(answers_file),
    )
    _report(result)
    _show_checks(result)
    # Documents the officer chose to write with error-level findings are drafts: the
    # same exit code as `render` gives them, so a script or CI can tell.
    return ExitCode.DRAFT if result.draft else ExitCode.OK


def run_render(
    *,
    answers_paths: Sequence[Path],
    out: Path | None,
    formats: str,
    force: bool,
    settings: Settings,
    rows: Path | None = None,
    name: str | None = None,
    sets: Sequence[str] = (),
    jobs: int | None = None,
    as_json: bool = False,
    audience: str = "internal",
    with_kinds: str | None = None,
) -> int:
    """Render one answers file, or a batch (many files, or a base file plus CSV rows);
    `-` reads the answers, or the rows, from standard input; `--with` writes the sets
    that go with one file."""
    from sharewiz.model.rows import count_rows, parse_overrides

    _need_out_for_stdin(answers_paths, out, rows, name)
    with reading_stdin() as stdin:
        paths = [stdin.file(path, "the answers", "stdin.yaml") for path in answers_paths]
        rows = stdin.file(rows, "the rows", "rows.csv") if rows is not None else None
        total = count_rows(rows) if rows is not None else len(paths)
        with _batch_progress(total, as_json, stdin) as on_set:
            report = api.render(paths, out=out,
                                formats=parse_formats(formats), force=force, settings=settings,
                                rows=rows, name=name, jobs=jobs, on_set=on_set,
                                overrides=dict(parse_overrides(sets)), keep_results=as_json,
                                audience=audience, with_kinds=with_kinds or ())  # fmt: skip
        _show_render(report, as_json, stdin)
    return int(report.exit_code)


def _need_out_for_stdin(
    answers_paths: Sequence[Path], out: Path | None, rows: Path | None, name: str | None
) -> None:
    """No default folder for one set read from standard input: it has no name to take."""
    one_set = rows is None and name is None and len(answers_paths) == 1
    if out is None and one_set and answers_paths[0] == STDIN:
        raise UsageError(
            "give --out: answers read from standard input have no file name to name the folder",
            hint="sharewiz render - --out DIR",
        )


@contextlib.contextmanager
def _batch_progress(
    total: int, as_json: bool, stdin: Stdin
) -> Iterator[Callable[[SetResult], None]]:
    """A progress bar (or, under --json, failures alone on stderr) for a batch's sets."""
    from sharewiz.cli.console import progress

    def line(result: SetResult) -> str:
        if result.status == FAILED:  # `rows.csv:row 3`, or `<stdin>:row 3`
            return f"failed     {stdin.shown(result.error)}"
        files = len(result.written) if result.written else len(result.files)
        found = f", {len(result.findings)} check finding(s)" if result.findings else ""
        settle = "".join(f"\n           {c['file']}: {c['detail']}" for c in result.conflicts)
        return f"{result.status:<10} {result.output}  ({files} files{found}){settle}"

    with progress(total, "Rendering", lines=not as_json) as advance:
        yield lambda result: advance(line(result), result.status == FAILED)


def _show_render(report: api.RenderReport, as_json: bool, stdin: Stdin) -> None:
    from sharewiz.cli.console import print_json
    from sharewiz.cli.pack import show_notes

    for orphan in report.batch.orphans if report.batch else ():  # stderr: JSON stays one document
        print_warning(
            f"{orphan}: made by an earlier run of this batch, not by this one; left in place"
        )
    for warning in report.batch.warnings if report.batch else ():  # migrated inputs
        print_warning(stdin.shown(warning))
    if as_json:
        print_json(stdin.shown(report.to_json()))
    elif report.single is not None:
        for made in (report.single, *report.companions):
            _report(made)
            _show_checks(made)
        show_notes(stdin.shown(list(report.notes)))
    elif report.batch is not None:
        summary = report.batch
        print_info(
            f"{summary.total} set(s) in {summary.out}: {summary.written} written, "
            f"{summary.unchanged} unchanged, {summary.draft} draft, {summary.failed} failed"
            + (f", {summary.conflict} with conflicts" if summary.conflict else "")
        )


def _show_checks(result: BuildResult) -> None:
    """The compliance findings for the answers just rendered (printing only)."""
    show_findings(result.findings)
    if result.draft:
        print_info(
            "The documents are marked as drafts until these errors are fixed.", style="bold red"
        )


def _report(result: BuildResult) -> None:
    written = result.written
    if result.outcomes and not written:
        print_info(
            f"Nothing changed in {result.out_dir}: all {len(result.files)} files are up to date (unchanged).",
            style="bold green",
        )
        return
    print_info(f"Wrote {len(result.files)} files to {result.out_dir}:", style="bold green")
    statuses = {o.path: o.status for o in result.outcomes}
    for path in result.files:
        status = statuses.get(path)
        print_info(f"  {path}" + (f"  ({status})" if status and status != "new" else ""))
    for outcome in result.conflicts:
        print_warning(f"{outcome.path}: {outcome.detail}")
