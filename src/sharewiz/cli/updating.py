"""The `update` and `diff` commands: ask, merge, write and say what happened.

The library work is in `sharewiz.sets.update`; this module adds the terminal: asking again,
printing each file's outcome and the diffs, and the exit code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sharewiz.cli.console import print_info, print_line, print_warning, stdin_is_terminal
from sharewiz.errors import ExitCode, MissingAnswersError, NotATerminalError, UserError
from sharewiz.model.answers import Answers
from sharewiz.model.answers_file import save_answers
from sharewiz.model.settings import Settings
from sharewiz.model.tree import QuestionTree
from sharewiz.sets.state import ANSWERS_NAME
from sharewiz.sets.sync import CONFLICT, KEPT, UNCHANGED
from sharewiz.sets.update import Answered, Planned, apply_plan, ask_again, load_set, plan_update


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
        raise UserError(
            "give the folder to update",
            hint="sharewiz update DIR, or sharewiz update --dependants PROTOCOL_DIR",
        )
    from sharewiz.model.rows import parse_overrides
    from sharewiz.render.formats import parse_formats
    from sharewiz.sets.lock import check_unlocked, locked

    chosen = parse_formats(formats) if formats else None
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
        plan = plan_update(out_dir, tree, answers, **options)
        return _show_dry_run(out_dir, plan.files, plan.answers_text)
    check_unlocked(out_dir.resolve().parent)  # a batch may be writing this set
    with locked(out_dir):
        plan = plan_update(out_dir, tree, answers, **options)
        apply_plan(out_dir, plan)
    code = _report(out_dir, plan.files)
    for name in plan.gone:
        print_warning(f"{out_dir / name}: these answers no longer produce it; left in place")
    _show_changes(plan.versions)
    from sharewiz.cli.report import show_findings
    from sharewiz.law.rules import run_checks

    show_findings(run_checks(tree, answers))
    return code


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


def _show_dry_run(out_dir: Path, plan: Sequence[Planned], answers_text: str) -> int:
    from sharewiz.sets.merging import unified

    shown = False
    current = (out_dir / ANSWERS_NAME).read_text(encoding="utf-8")
    if current != answers_text:
        print_line(unified(current, answers_text, ANSWERS_NAME).rstrip("\n"))
        shown = True
    for item in plan:
        if item.status == UNCHANGED:
            continue
        shown = True
        if item.path.suffix == ".docx":
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


def _report(out_dir: Path, plan: Sequence[Planned]) -> int:
    trouble = [p for p in plan if p.status in (CONFLICT, KEPT)]
    changed = [p for p in plan if p.status != UNCHANGED]
    if not changed:
        print_info(f"Nothing changed in {out_dir}: the documents already match the answers.")
        return int(ExitCode.OK)
    print_info(f"Updated {out_dir}:", style="bold green" if not trouble else "bold yellow")
    for item in plan:
        detail = f": {item.detail}" if item.detail else ""
        print_line(f"  {item.status:<10} {item.path}{detail}")
    if trouble:
        print_warning(
            f"{len(trouble)} file(s) need you: resolve the conflict markers "
            "(<<<<<<< your edits ... >>>>>>> new answers), or compare each .new file with the one you edited"
        )
        return int(ExitCode.CONFLICT)
    return int(ExitCode.OK)


def run_diff(*, out_dir: Path, settings: Settings) -> int:
    """Show which answers changed and how the Markdown would change since the last render."""
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.render.engine import render_set
    from sharewiz.render.formats import markdown_names
    from sharewiz.sets.build import check_complete
    from sharewiz.sets.merging import unified
    from sharewiz.sets.state import base_path, state_answers
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
        now = state_answers(versions.answers)
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
    return int(ExitCode.OK)


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
