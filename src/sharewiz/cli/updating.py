"""The `update` and `diff` commands: ask, merge, write and say what happened.

The library work is in `sharewiz.sets.update`; this module adds the terminal: asking again,
printing each file's outcome and the diffs, and the exit code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sharewiz.cli.console import print_info, print_line, print_warning, stdin_is_terminal
from sharewiz.errors import (
    ExitCode,
    MissingAnswersError,
    NotATerminalError,
    UsageError,
)
from sharewiz.model.answers import Answers
from sharewiz.model.answers_file import save_answers
from sharewiz.model.settings import Settings
from sharewiz.model.tree import QuestionTree
from sharewiz.sets.engine import SetPlan, apply_plan, plan_set
from sharewiz.sets.gitmerge import keep_other_sides, undo_git_conflicts
from sharewiz.sets.state import ANSWERS_NAME
from sharewiz.sets.sync import UNCHANGED
from sharewiz.sets.update import Answered, ask_again, load_set


def run_update(
    *,
    out_dir: Path | None,
    sets: Sequence[str],
    ask: Sequence[str],
    dry_run: bool,
    formats: str | None,
    settings: Settings,
) -> int:
    """Re-ask what changed, re-render, merge into the folder; exit 4 on conflicts."""
    if out_dir is None:
        raise UsageError(
            "give the folder to update",
            hint="sharewiz update DIR, or sharewiz update --dependants PROTOCOL_DIR",
        )
    from sharewiz.model.rows import parse_overrides
    from sharewiz.render.formats import parse_formats
    from sharewiz.sets.lock import check_unlocked, locked

    chosen = parse_formats(formats) if formats else None
    # after a `git merge`, derived files may hold git's markers: sharewiz remakes them
    other_edits = {} if dry_run else undo_git_conflicts(out_dir)
    # A dry run asks nothing: it previews with the answers as they are (--ask only listed).
    answered = load_set(
        out_dir,
        parse_overrides(sets),
        () if dry_run else ask,
        tree_dirs=settings.tree_dirs,
        reask_invalid=not dry_run and stdin_is_terminal(),  # else they are errors
    )
    for note in answered.notes:
        print_warning(note)
    if dry_run:
        answered.to_ask = list(dict.fromkeys([*answered.to_ask, *ask]))
    answers = _asked(out_dir, answered, dry_run)
    if answers is None:
        return int(ExitCode.OK)
    tree = answered.tree
    options: dict[str, Any] = {
        "formats": chosen,
        "reference_docx": settings.reference_docx,
        "template_dirs": settings.template_dirs,
        "tree_dirs": settings.tree_dirs,
    }
    if dry_run:
        return show_plan(out_dir, plan_set(out_dir, tree, answers, **options))
    check_unlocked(out_dir.resolve().parent)  # a batch may be writing this set
    with locked(out_dir):
        plan = plan_set(out_dir, tree, answers, **options)
        apply_plan(out_dir, plan)
    code = report_plan(out_dir, plan)
    for aside in keep_other_sides(out_dir, other_edits):
        print_warning(f"{aside}: edits from the other side of the git merge; copy in what you need")
        code = int(ExitCode.CONFLICT)
    _show_changes(plan.versions)
    from sharewiz.cli.report import show_findings

    show_findings(plan.findings)
    return code


def run_update_dependants(
    *,
    protocol_dir: Path,
    search: Sequence[Path],
    sets: Sequence[str],
    ask: Sequence[str],
    dry_run: bool,
    formats: str | None,
    force: bool,
    settings: Settings,
) -> int:
    """Regenerate every agreement under a protocol through the update engine; exit 4 on
    conflicts, 5 if some could not be updated."""
    from sharewiz.cli.portfolio import shown_path
    from sharewiz.model.rows import parse_overrides
    from sharewiz.render.formats import parse_formats
    from sharewiz.sets.dependants import update_dependants

    if ask:
        raise UsageError(
            "--ask works on one folder, not with --dependants",
            hint="run `sharewiz update AGREEMENT_DIR --ask ID` on the agreement itself",
        )
    results = update_dependants(
        protocol_dir, search or [Path.cwd()], overrides=parse_overrides(sets),
        formats=parse_formats(formats) if formats else None, dry_run=dry_run, force=force,
        reference_docx=settings.reference_docx, template_dirs=settings.template_dirs,
        tree_dirs=settings.tree_dirs,
    )  # fmt: skip
    if not results:
        print_info(f"No agreements found under {protocol_dir}.")
        return int(ExitCode.OK)
    failed = conflicts = 0
    for result in results:
        shown = shown_path(result.dir)
        if result.plan is None:
            failed += 1
            print_warning(f"{shown}: {result.error}")
            continue
        if dry_run:
            print_info(f"{shown}: version {result.version}", style="bold")
            show_plan(result.dir, result.plan)
            continue
        if not result.summary:
            print_info(f"{shown}: version {result.version}, nothing changed")
        else:
            sign = "the parties must sign it again" if result.resign else "no re-signing needed"
            print_info(f"{shown}: version {result.version} ({sign})", style="bold")
            for line in result.summary:
                print_info(f"  - {line}")
        for item in result.plan.conflicts:
            print_warning(f"{item.path}: {item.detail}")
        conflicts += bool(result.plan.conflicts)
    if failed:
        return int(ExitCode.PARTIAL if failed < len(results) else ExitCode.USER_ERROR)
    return int(ExitCode.CONFLICT if conflicts else ExitCode.OK)


def run_settle(*, out_dir: Path | None, accept: Sequence[str], take_new: Sequence[str]) -> int:
    """Settle open conflicts: keep the person's file (`accept`) or take sharewiz's."""
    from sharewiz.sets.lock import locked
    from sharewiz.sets.settle import settle

    if out_dir is None:
        raise UsageError("give the folder", hint="sharewiz update DIR --accept FILE")
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
        print_line(f"  - {change.summary}")
    if needs_resigning(versions.changes):
        print_warning("these changes are material: the partners should agree and sign again")


def _asked(out_dir: Path, answered: Answered, dry_run: bool) -> dict[str, Any] | None:
    """The answers after asking what needs asking; None if nothing should be rendered."""
    if not answered.to_ask:
        return answered.answers
    names = ", ".join(answered.to_ask)
    if dry_run:
        print_info(f"Would ask again: {names}")
        if _required_missing(answered):
            print_info("Answer them (or give them with --set) to see the changes.")
            return None
        return answered.answers
    if not stdin_is_terminal():
        raise NotATerminalError(
            f"{out_dir}: {len(answered.to_ask)} question(s) need an answer: {names}",
            hint="give each with --set ID=VALUE, or run `sharewiz update` at a terminal",
        )
    tree = answered.tree
    answers_path = out_dir / ANSWERS_NAME

    def save(current: Mapping[str, Any]) -> None:
        save_answers(
            answers_path, tree.id, tree.version,
            {k: v for k, v in current.items() if v is not None}, tree=tree,
        )  # fmt: skip

    print_info(f"{tree.title}: {len(answered.to_ask)} question(s) to answer again.", style="bold")
    final = ask_again(answered, save, _ask_at_terminal)
    if final is None:
        print_info(
            f"Answers saved; documents not updated. Continue with: sharewiz update {out_dir}"
        )
    return final


def _ask_at_terminal(
    tree: QuestionTree,
    start: dict[str, Any],
    save: Callable[[Mapping[str, Any]], None],
    defaults: dict[str, Any],
) -> Answers | None:
    """The wizard, for `ask_again`: the library never imports the terminal itself."""
    from sharewiz.cli.asking import Wizard

    return Wizard(tree, start, on_answer=save, defaults=defaults).run()


def _required_missing(answered: Answered) -> list[Any]:
    from sharewiz.model.conditions import missing_answers

    return missing_answers(answered.tree, answered.answers)


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
        print_line(f"  {item.status:<10} {item.path}{detail}")
    if trouble:
        print_warning(
            f"{len(trouble)} file(s) need you: resolve the conflict markers "
            "(<<<<<<< your edits ... >>>>>>> new answers), or compare each .new file with the one you edited"
        )
        return int(ExitCode.CONFLICT)
    return int(ExitCode.OK)


def run_diff(*, out_dir: Path, settings: Settings, exit_code: bool = False) -> int:
    """Show which answers changed and how the Markdown would change since the last render.

    With `exit_code`, like `git diff --exit-code`: 1 when there is a change, else 0.
    """
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.render.engine import render_set
    from sharewiz.render.formats import markdown_names
    from sharewiz.sets.build import check_complete
    from sharewiz.sets.merging import unified
    from sharewiz.sets.state import base_path
    from sharewiz.sets.versions import prepare_render

    template_dirs = settings.template_dirs
    answered = load_set(out_dir, tree_dirs=settings.tree_dirs)
    for note in answered.notes:
        print_warning(note)
    tree, answers = answered.tree, answered.answers
    try:
        check_complete(tree, answers, str(out_dir / ANSWERS_NAME))
    except MissingAnswersError as exc:
        exc.hint = f"answer them with `sharewiz update {out_dir}`"
        raise
    shown = False
    # the same render plan `update` would use, against the same state.json
    versions = prepare_render(
        tree, answers, out_dir, template_dirs=template_dirs, tree_dirs=settings.tree_dirs
    )
    if versions.previous is not None:
        now = versions.state.answers  # the answers as recorded, not the dates shown
        for line in _answer_changes(versions.previous.answers, now):
            print_line(line)
            shown = True
    documents = render_set(
        tree, versions.answers, kb=load_knowledge(), template_dirs=template_dirs,
        extra_context=versions.context,
    )  # fmt: skip
    for name, markdown in markdown_names(documents).items():
        base = base_path(out_dir, name)
        label = "last rendered"
        if not base.is_file():
            base, label = out_dir / name, "on disk"
        before = base.read_text(encoding="utf-8") if base.is_file() else ""
        text = unified(
            before, markdown, name, before_label=label, after_label="from the answers now"
        )
        if text:
            print_line(text.rstrip("\n"))
            shown = True
    if not shown:
        print_info(f"No changes: the documents in {out_dir} match the answers.")
    return int(ExitCode.USER_ERROR if shown and exit_code else ExitCode.OK)


def _answer_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    lines = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if old is None:
            lines.append(f"answer added:   {key}: {_short(new)}")
        elif new is None:
            lines.append(f"answer removed: {key} (was {_short(old)})")
        else:
            lines.append(f"answer changed: {key}: {_short(old)} -> {_short(new)}")
    return lines


def _short(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 70 else text[:67] + "..."
