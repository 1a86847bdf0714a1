"""The `update` and `diff` commands: the terminal around `sharewiz.api.update` and `diff`.

The library plans, merges and writes; this module asks again at the terminal, prints
each file's outcome and the diffs, and returns the exit code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from sharewiz import api
from sharewiz.cli.console import (
    print_error,
    print_info,
    print_json,
    print_line,
    print_warning,
    stdin_is_terminal,
)
from sharewiz.cli.report import show_findings
from sharewiz.errors import ExitCode, Interrupted, SharewizError, UsageError
from sharewiz.law.findings import FINDINGS_JSON_VERSION
from sharewiz.model.answers import Answers
from sharewiz.model.answers_file import save_answers
from sharewiz.model.rows import parse_overrides
from sharewiz.model.settings import Settings
from sharewiz.model.tree import QuestionTree
from sharewiz.render.formats import parse_formats
from sharewiz.sets.engine import SetPlan
from sharewiz.sets.state import ANSWERS_NAME
from sharewiz.sets.sync import UNCHANGED
from sharewiz.sets.update import Answered, ask_again


def run_update(
    *,
    out_dirs: Sequence[Path],
    sets: Sequence[str],
    ask: Sequence[str],
    dry_run: bool,
    formats: str | None,
    as_json: bool = False,
    settings: Settings,
) -> int:
    """Update each folder in turn; exit with the worst outcome (4: files to settle)."""
    if not out_dirs:
        raise UsageError("give the folder to update",
                         hint="sharewiz update DIR..., or sharewiz update --dependants PROTOCOL_DIR")  # fmt: skip
    options = _update_options(sets, ask, dry_run, formats, as_json, settings)
    outcomes: list[tuple[Path, api.UpdateReport | SharewizError]] = []
    for folder, outcome in each_folder(out_dirs, lambda d: api.update(d, **options)):
        outcomes.append((folder, outcome))
        if not as_json:
            _show_update(outcome)
    code = api.worst(outcome.exit_code for _folder, outcome in outcomes)
    if as_json:
        print_json({"findings_version": FINDINGS_JSON_VERSION, "total": len(outcomes),
                    "sets": [{"dir": str(f), **o.to_json()} for f, o in outcomes],
                    "exit_code": int(code)})  # fmt: skip
    return int(code)


def _update_options(
    sets: Sequence[str], ask: Sequence[str], dry_run: bool, formats: str | None, as_json: bool,
    settings: Settings,
) -> dict[str, Any]:  # fmt: skip
    """`api.update`'s options from the command line's; --json asks nothing (stdout is JSON)."""
    terminal = stdin_is_terminal() and not as_json
    return {
        "overrides": parse_overrides(sets), "ask": ask, "dry_run": dry_run,
        "formats": parse_formats(formats) if formats else None, "settings": settings,
        "answer_again": _ask_at_terminal if terminal else None, "on_note": print_warning,
    }  # fmt: skip


def each_folder(
    folders: Sequence[Path], work: Callable[[Path], api.UpdateReport]
) -> Iterator[tuple[Path, api.UpdateReport | SharewizError]]:
    """Run `work` on each folder in turn. With one folder its error is raised as usual;
    with several, a folder's error is yielded in its place and the others still run."""
    for folder in folders:
        try:
            yield folder, work(folder)
        except Interrupted:
            raise
        except SharewizError as exc:
            if len(folders) == 1:
                raise
            yield folder, exc


def _show_update(outcome: api.UpdateReport | SharewizError) -> None:
    """Print one folder's update: its notes, what was (or would be) written, findings."""
    if isinstance(outcome, SharewizError):
        print_error(outcome.message, outcome.hint)
        return
    if outcome.dry_run and outcome.asked:
        print_info(f"Would ask again: {', '.join(outcome.asked)}")
    if outcome.plan is None:
        print_info(
            "Answer them (or give them with --set) to see the changes."
            if outcome.dry_run
            else f"Answers saved; documents not updated. Continue with: sharewiz update {outcome.dir}"
        )
    elif outcome.dry_run:
        show_plan(outcome.dir, outcome.plan)
    else:
        report_plan(outcome.dir, outcome.plan)
        for aside in outcome.asides:
            print_warning(
                f"{aside}: edits from the other side of the git merge; copy in what you need"
            )
        _show_changes(outcome.plan.versions)
        show_findings(outcome.plan.findings)


def run_update_dependants(
    *,
    protocol_dir: Path,
    search: Sequence[Path],
    sets: Sequence[str],
    ask: Sequence[str],
    dry_run: bool,
    formats: str | None,
    force: bool,
    as_json: bool = False,
    settings: Settings,
) -> int:
    """Regenerate every agreement under a protocol; exit 4 on conflicts, 5 if some could
    not be updated."""
    if ask:
        raise UsageError(
            "--ask works on one folder, not with --dependants",
            hint="run `sharewiz update AGREEMENT_DIR --ask ID` on the agreement itself",
        )
    report = api.update_dependants(
        protocol_dir, search=search, overrides=parse_overrides(sets), dry_run=dry_run,
        formats=parse_formats(formats) if formats else None, force=force, settings=settings,
    )  # fmt: skip
    if as_json:
        print_json(report.to_json())
    else:
        _show_dependants(report)
    return int(report.exit_code)


def _show_dependants(report: api.DependantsReport) -> None:
    from sharewiz.cli.portfolio import shown_path

    if not report.results:  # it is the folders searched that hold none, not the protocol
        searched = ", ".join(str(shown_path(folder)) for folder in report.searched)
        print_info(
            f"No agreements linked to {shown_path(report.protocol_dir)} found in {searched}"
            " (--search DIR looks in other folders)."
        )
    for result in report.results:
        shown = shown_path(result.dir)
        if result.plan is None:
            print_warning(f"{shown}: {result.error}")
        elif report.dry_run:
            print_info(f"{shown}: version {result.version}", style="bold")
            show_plan(result.dir, result.plan)
        else:
            if not result.summary:
                print_info(f"{shown}: version {result.version}, nothing changed")
            else:
                sign = "the parties must sign it again" if result.resign else "no re-signing needed"
                print_info(f"{shown}: version {result.version} ({sign})", style="bold")
                for line in result.summary:
                    print_info(f"  - {line}")
            for item in result.plan.conflicts:
                print_warning(f"{item.path}: {item.detail}")


def run_settle(*, out_dirs: Sequence[Path], accept: Sequence[str], take_new: Sequence[str]) -> int:
    """Settle open conflicts: keep the person's file (`accept`) or take sharewiz's."""
    from sharewiz.sets.lock import locked
    from sharewiz.sets.settle import settle

    if len(out_dirs) != 1:
        raise UsageError("give the one folder the files are in",
                         hint="sharewiz update DIR --accept FILE")  # fmt: skip
    out_dir = out_dirs[0]
    with locked(out_dir):
        for name in accept:
            print_info(settle(out_dir, name, take_new=False))
        for name in take_new:
            print_info(settle(out_dir, name, take_new=True))
    return int(ExitCode.OK)


def _show_changes(versions: Any) -> None:
    """What changed in the answers, the new version, and whether partners sign again."""
    from sharewiz.sets.changes import needs_resigning

    if not versions.changes:
        return
    print_info(f"Changes in version {versions.state.version}:", style="bold")
    for change in versions.changes:
        print_info(f"  - {change.summary}")
    if needs_resigning(versions.changes):
        print_warning("these changes are material: the partners should agree and sign again")


def _ask_at_terminal(out_dir: Path, answered: Answered) -> dict[str, Any] | None:
    """Ask again at the terminal what an update must ask, saving after every answer."""
    from sharewiz.cli.asking import Wizard

    tree = answered.tree
    answers_path = out_dir / ANSWERS_NAME

    def save(current: Mapping[str, Any]) -> None:
        save_answers(
            answers_path, tree.id, tree.version,
            {k: v for k, v in current.items() if v is not None}, tree=tree,
        )  # fmt: skip

    def wizard(
        tree: QuestionTree, start: dict[str, Any], save: Callable[[Mapping[str, Any]], None],
        defaults: dict[str, Any],
    ) -> Answers | None:  # fmt: skip
        return Wizard(tree, start, on_answer=save, defaults=defaults).run()

    print_info(f"{tree.title}: {len(answered.to_ask)} question(s) to answer again.", style="bold")
    return ask_again(answered, save, wizard)


def show_plan(out_dir: Path, plan: SetPlan) -> int:
    """Print what a regeneration would write (a diff per text file); write nothing."""
    from sharewiz.sets.merging import unified

    shown = False
    current = (out_dir / ANSWERS_NAME).read_text(encoding="utf-8")
    if current != plan.answers_text:
        print_line(unified(current, plan.answers_text, ANSWERS_NAME).rstrip("\n"))
        shown = True
    for item in plan.files:
        if item.status == UNCHANGED:
            continue
        shown = True
        if item.path.suffix in (".docx", ".pdf"):
            print_line(
                f"would write {item.path} ({item.status}{': ' + item.detail if item.detail else ''})"
            )
            continue
        before = (item.before or b"").decode("utf-8", errors="replace")
        after = item.data.decode("utf-8", errors="replace")
        label = f"{item.status}: {item.detail}" if item.detail else item.status
        text = unified(before, after, item.path.name, after_label=label)
        print_line(text.rstrip("\n") if text else f"would write {item.path} ({label})")
    if not shown:
        print_info(f"Nothing would change in {out_dir}.")
    else:
        print_info("Dry run: nothing was written.")
    return int(ExitCode.OK)


def report_plan(out_dir: Path, plan: SetPlan) -> int:
    """Print each file's outcome of an applied plan; exit 4 if a person must settle some."""
    trouble = plan.conflicts
    for name in plan.gone:
        print_warning(f"{out_dir / name}: these answers no longer produce it; left in place")
    if not plan.changed:
        print_info(f"Nothing changed in {out_dir}: the documents already match the answers.")
        return int(ExitCode.OK)
    print_info(f"Updated {out_dir}:", style="bold green" if not trouble else "bold yellow")
    for item in plan.files:
        detail = f": {item.detail}" if item.detail else ""
        print_info(f"  {item.status:<10} {item.path}{detail}")
    if trouble:
        print_warning(
            f"{len(trouble)} file(s) need you: resolve the conflict markers "
            "(<<<<<<< your edits ... >>>>>>> new answers), or compare each .new file with the one you edited"
        )
        return int(ExitCode.CONFLICT)
    return int(ExitCode.OK)


def run_diff(
    *, out_dir: Path, settings: Settings, exit_code: bool = False, as_json: bool = False
) -> int:
    """Show which answers changed and how the Markdown would change since the last render.

    With `exit_code`, like `git diff --exit-code`: 1 when there is a change, else 0.
    """
    report = api.diff(out_dir, settings=settings)
    for note in report.notes:
        print_warning(note)
    if report.missing is not None:
        raise report.missing
    if as_json:
        print_json(report.to_json(exit_code=exit_code))
        return int(report.exit_code if exit_code else ExitCode.OK)
    for line in [*map(str, report.answer_changes), *report.documents.values()]:
        print_line(line.rstrip("\n"))
    if not report.changed:
        print_info(f"No changes: the documents in {out_dir} match the answers.")
    return int(report.exit_code if exit_code else ExitCode.OK)


def run_diff_wording(
    *, out_dir: Path, settings: Settings, exit_code: bool = False, as_json: bool = False
) -> int:
    """Show what the templates changed in a set's documents since it was made."""
    if as_json:  # the wording report is for reading; --json describes the answers' changes
        raise UsageError("--wording and --json: choose one", hint="drop one of them")
    from sharewiz.sets.merging import unified
    from sharewiz.sets.wording import wording_changes

    changes = wording_changes(
        out_dir, template_dirs=settings.template_dirs, tree_dirs=settings.tree_dirs
    )
    for line in changes.report():
        print_info(line)
    for name, before, now in changes.documents:
        print_line(unified(before, now, name, before_label="made with", after_label="now"))
    return int(ExitCode.USER_ERROR if changes.documents and exit_code else ExitCode.OK)
