"""`new --with` and `render --with`: the sets written with an agreement (`sharewiz.sets.pack`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sharewiz.cli.console import print_info
from sharewiz.errors import ExitCode
from sharewiz.model.settings import Settings
from sharewiz.model.tree import QuestionTree
from sharewiz.sets.pack import companion_dir, companion_trees, parse_with, written_with

# the wizard of cli/documents.py: (tree, answers, out_dir, formats, force=, settings=, taken=)
Wizard = Callable[..., int]


def chosen_companions(
    tree: QuestionTree, with_kinds: str | None, settings: Settings
) -> list[QuestionTree]:
    """The trees of `--with`, checked before anything is asked; notes printed."""
    trees, notes = companion_trees(tree, parse_with(with_kinds or ""), tree_dirs=settings.tree_dirs)
    for note in notes:
        print_info(note)
    return trees


def ask_companions(
    main: QuestionTree,
    out_dir: Path,
    companions: Sequence[QuestionTree],
    formats: Sequence[str],
    *,
    force: bool,
    settings: Settings,
    wizard: Wizard,
) -> int:
    """Offer the companions not chosen, then ask each one's own questions (its facts come
    from the `main` set just written in `out_dir`) and write it in `OUT-<kind>/`; the
    worst exit code of them."""
    from sharewiz.sets.links import facts_from, read_source
    from sharewiz.sets.pack import own_answers
    from sharewiz.sets.state import read_state

    if read_state(out_dir) is None:
        return ExitCode.OK  # the main set was not written: nothing to take facts from
    companions = [*companions, *_offered(main, out_dir, companions, settings)]
    if not companions:
        return ExitCode.OK
    source = read_source(out_dir, tree_dirs=settings.tree_dirs)
    codes = [int(ExitCode.OK)]
    for tree in companions:
        folder = companion_dir(out_dir, tree.id)
        if written_with(out_dir, tree.id):
            print_info(
                f"{folder} already holds a {tree.id}: change it with `sharewiz update {folder}`."
            )
            continue
        facts = facts_from(tree, source.tree, source.answers)
        print_info(
            f"{tree.title}: {len(facts)} answers are taken from the {source.tree.id} "
            f"({', '.join(facts)}); only its own questions are asked.",
            style="bold",
        )
        answers: dict[str, Any] = {**own_answers(tree, {}, out_dir), **facts}
        codes.append(
            wizard(
                tree,
                answers,
                folder,
                formats,
                force=force,
                settings=settings,
                taken=frozenset(facts),
            )  # fmt: skip
        )
    return max(codes)


def _offered(
    main: QuestionTree, out_dir: Path, chosen: Sequence[QuestionTree], settings: Settings
) -> list[QuestionTree]:
    """The companions the person says yes to: one yes/no for each kind that takes its facts
    from this set, not chosen with --with, and not written for it yet."""
    from sharewiz.cli.asking.prompts import confirm
    from sharewiz.sets.pack import companion_kinds

    taken = {tree.id for tree in chosen}
    offered = []
    for tree in companion_kinds(main, tree_dirs=settings.tree_dirs):
        if tree.id in taken or written_with(out_dir, tree.id):
            continue
        question = (
            f"Also write a {tree.title} for it, in {companion_dir(out_dir, tree.id)}? Its facts "
            "come from the answers you just gave: only its own questions are asked"
        )
        if confirm(question, default=False):
            offered.append(tree)
    return offered


def show_notes(notes: Sequence[str]) -> None:
    """What `--with` said without writing a set."""
    for note in notes:
        print_info(note)
