"""A pack: the sets written with an agreement (`--with dpia-screening`), answers typed once.

A companion kind is one whose tree takes facts from the main set's kind (`from_sets:`,
`sharewiz.model.tree_from_sets`). Its set is written in a sibling folder,
`OUT-<kind>/`, as a set of its own (`status` and `update` treat it so): its answers.yaml
holds only its own answers and `source_dir`, the main set's folder relative to it, and
its facts are taken from the main set each time it is rendered (`sharewiz.sets.links`).

`render AGREEMENT.yaml --with dpia-screening` reads the companion's own answers from the
answers file beside the agreement's, named `AGREEMENT.dpia-screening.yaml` (one answers
file per set). Everything is checked before anything is written: a missing file or a
missing answer names the questions to answer and the file to put them in.

`privacy-wording` is accepted and is the agreement's own per-party wording, which every
agreement set already writes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharewiz.errors import MissingAnswersError, UserError
from sharewiz.model.tree import QuestionTree
from sharewiz.model.tree_from_sets import SOURCE_DIR_ID
from sharewiz.sets.build import BuildResult
from sharewiz.sets.state import ANSWERS_NAME, relative_dir

# --with values a main set writes itself: main kind -> {value: what to tell the person}
WRITTEN_BY_MAIN_SET: dict[str, dict[str, str]] = {
    "data-sharing-agreement": {
        "privacy-wording": "each party's privacy wording is part of the agreement set "
        "(privacy-notice-wording), so it is written with it",
    },
}


@dataclass(frozen=True)
class Companion:
    """A set to write with the main one: its tree, own answers and folder."""

    tree: QuestionTree
    answers: dict[str, Any]  # its own answers and `source_dir`; the facts come at render
    out_dir: Path
    source: Path | None = None  # the answers file its own answers came from, if any


def parse_with(values: str | Sequence[str]) -> list[str]:
    """The kinds of a `--with` option: a comma list, or several options; no duplicates."""
    items = [values] if isinstance(values, str) else list(values)
    kinds = [k.strip() for item in items for k in item.split(",") if k.strip()]
    return list(dict.fromkeys(kinds))


def companion_dir(out_dir: Path, kind: str) -> Path:
    """The folder of the companion set of `kind`: `OUT-<kind>` beside the main set."""
    return out_dir.parent / f"{out_dir.name}-{kind}"


def companion_answers_path(answers_path: Path, kind: str) -> Path:
    """Where `render` reads a companion's own answers: `STEM.<kind>.yaml` beside the file."""
    return answers_path.with_name(f"{answers_path.stem}.{kind}.yaml")


def companion_trees(
    main: QuestionTree, kinds: Sequence[str], *, tree_dirs: Sequence[Path] = ()
) -> tuple[list[QuestionTree], list[str]]:
    """The trees of the companion kinds, and a note for each kind the main set writes.

    Raises UserError for a kind that takes no facts from the main set's kind.
    """
    from sharewiz.model.tree import resolve_kind
    from sharewiz.sets.build import load_kind

    trees, notes = [], []
    written = WRITTEN_BY_MAIN_SET.get(main.id, {})
    for kind in kinds:
        if kind in written:
            notes.append(f"--with {kind}: {written[kind]}")
            continue
        tree = load_kind(resolve_kind(kind, tuple(tree_dirs)), tree_dirs=tree_dirs)
        if main.id not in tree.from_sets:
            takers = [*(t.id for t in companion_kinds(main, tree_dirs)), *written]
            raise UserError(
                f"--with {kind}: a {tree.id} does not take its facts from a {main.id}",
                hint=f"use one of: {', '.join(takers)}" if takers else "drop --with",
            )
        trees.append(tree)
    return trees, notes


def companion_kinds(main: QuestionTree, tree_dirs: Sequence[Path] = ()) -> list[QuestionTree]:
    """The trees of every kind that takes its facts from a set of the main one's kind
    (a custom tree that does not load is not one: `sharewiz validate` reports it)."""
    from sharewiz.errors import SharewizError
    from sharewiz.model.tree import list_kinds
    from sharewiz.sets.build import load_kind

    trees = []
    for kind, _path in list_kinds(tuple(tree_dirs)):
        with contextlib.suppress(SharewizError):
            trees.append(load_kind(kind, tree_dirs=tree_dirs))
    return [tree for tree in trees if main.id in tree.from_sets]


def own_answers(
    companion: QuestionTree, answers: Mapping[str, Any], out_dir: Path
) -> dict[str, Any]:
    """A companion's own answers with `source_dir` naming the main set, relative to it."""
    target = companion_dir(out_dir, companion.id)
    return {**answers, SOURCE_DIR_ID: relative_dir(out_dir.resolve(), target.resolve())}


def plan_companions(
    main: QuestionTree,
    main_answers: Mapping[str, Any],
    answers_path: Path,
    out_dir: Path,
    kinds: Sequence[str],
    *,
    tree_dirs: Sequence[Path] = (),
) -> tuple[list[Companion], list[str]]:
    """Every companion of a `render --with`, complete, before anything is written.

    Raises MissingAnswersError naming the companion's missing answers (all of them when
    its answers file is missing) and the file to write them in.
    """
    from sharewiz.model.reading import read_answers
    from sharewiz.sets.build import check_complete, kind_loader
    from sharewiz.sets.links import facts_from

    trees, notes = companion_trees(main, kinds, tree_dirs=tree_dirs)
    companions = []
    for tree in trees:
        path = companion_answers_path(answers_path, tree.id)
        own: dict[str, Any] = {}
        if path.is_file():
            read = read_answers(path, tree_for=kind_loader(tree_dirs))
            if read.tree.id != tree.id:
                raise UserError(
                    f"{path}: these answers are for {read.tree.id!r}, not {tree.id!r}",
                    hint=f"write `kind: {tree.id}` and its own answers in {path.name}",
                )
            own = dict(read.answers)
        own = own_answers(tree, own, out_dir)
        facts = facts_from(tree, main, main_answers)
        try:
            check_complete(tree, {**own, **facts}, str(path))
        except MissingAnswersError as exc:
            exc.hint = (
                f"write the {tree.id}'s own answers in {path} (`kind: {tree.id}`, then "
                f"`answers:`); its facts ({', '.join(sorted(facts))}) come from the "
                f"{main.id}, and nothing was written"
            )
            raise
        out = companion_dir(out_dir, tree.id)
        companions.append(Companion(tree, own, out, path if path.is_file() else None))
    return companions, notes


def write_companions(
    companions: Sequence[Companion],
    *,
    formats: Sequence[str],
    force: bool = False,
    reference_docx: Path | None = None,
    template_dirs: Sequence[Path] = (),
    audience: str = "internal",
) -> list[BuildResult]:
    """Render and write each companion set, after the main set is written (its facts are
    read from the main set's folder)."""
    from sharewiz.sets.build import build_set

    return [
        build_set(
            c.tree,
            c.answers,
            c.out_dir,
            formats=formats,
            force=force,
            reference_docx=reference_docx,
            template_dirs=template_dirs,
            source=str(c.source or c.out_dir / ANSWERS_NAME),
            audience=audience,
        )  # fmt: skip
        for c in companions
    ]


def written_with(out_dir: Path, kind: str) -> bool:
    """Whether a companion set of `kind` exists for the main set in `out_dir`."""
    return (companion_dir(out_dir, kind) / ANSWERS_NAME).is_file()
