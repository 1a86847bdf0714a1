"""The library's front door: load a kind, read answers, render and write a set.

The CLI calls these; so can any Python program (`from sharewiz.build import ...`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.answers import (
    AnswersFile,
    missing_answers,
    parse_answers,
    read_answers_file,
    save_answers,
)
from sharewiz.errors import AnswersError, MissingAnswersError, UnknownKindError
from sharewiz.output import DEFAULT_FORMATS, safe_name, write_set
from sharewiz.render import RenderedDocument, render_set
from sharewiz.tree import QuestionTree, load_tree, tree_path

ANSWERS_NAME = "answers.yaml"


@dataclass
class BuildResult:
    """What rendering one set produced."""

    out_dir: Path
    documents: list[RenderedDocument]
    files: list[Path] = field(default_factory=list)
    tree: QuestionTree | None = None  # the tree and answers rendered, for the checks
    answers: Mapping[str, Any] = field(default_factory=dict)


def load_kind(kind: str, *, tree_dirs: Sequence[Path] = ()) -> QuestionTree:
    """Load and validate the question tree of a document kind (custom folders first)."""
    return load_tree(tree_path(kind, tuple(tree_dirs)), search_dirs=tuple(tree_dirs))


def read_answers(
    path: Path, *, tree_dirs: Sequence[Path] = ()
) -> tuple[QuestionTree, AnswersFile, dict[str, Any]]:
    """Read an answers file and type every answer by its tree; report all problems at once."""
    file = read_answers_file(path)
    try:
        tree = load_kind(file.kind, tree_dirs=tree_dirs)
    except UnknownKindError as exc:
        raise AnswersError(f"{path}: {exc.message}", hint=exc.hint) from exc
    if file.tree_version > tree.version:
        raise AnswersError(
            f"{path}: answered for version {file.tree_version} of the {tree.id!r} questions, but this sharewiz has version {tree.version}",
            hint="upgrade sharewiz to render this file",
        )
    raw = _migrate(tree, file.answers)
    answers, problems = parse_answers(raw, tree, str(path))
    if problems:
        raise AnswersError(
            f"{path}: {len(problems)} answer(s) do not fit the {tree.id!r} questions:\n  "
            + "\n  ".join(problems),
            hint="fix each line above (see `sharewiz explain` for what the questions mean)",
        )
    return tree, file, answers


def _migrate(tree: QuestionTree, raw: Mapping[str, Any]) -> Any:
    """Apply a tree's declared renames; drop only answers the tree declares removed."""
    from sharewiz.yamlio import MarkedDict

    migrated = MarkedDict()
    migrated.line = getattr(raw, "line", 0)
    lines = getattr(raw, "key_lines", {})
    for key, value in raw.items():
        if key in tree.removed:
            continue
        new_key = tree.renamed.get(key, key)
        migrated[new_key] = value
        migrated.key_lines[new_key] = lines.get(key, 0)
    return migrated


def check_complete(tree: QuestionTree, answers: Mapping[str, Any], source: str) -> None:
    """Raise MissingAnswersError listing each required answer that is missing."""
    missing = missing_answers(tree, answers)
    if missing:
        lines = "\n  ".join(f"{q.id}: {q.prompt}" for q in missing)
        raise MissingAnswersError(
            f"{source}: {len(missing)} required answer(s) missing, nothing written:\n  {lines}",
            hint="add them to the answers file, or answer them interactively with `sharewiz new --answers FILE`",
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
) -> BuildResult:
    """Render a complete set of answers and write it, with a copy of the answers.

    `defaults` (the organisation profile's values by question id) lie beneath the
    answers; those used are written into the saved answers, so the set can be
    rendered again without the profile.
    """
    from sharewiz.knowledge import load_knowledge
    from sharewiz.versions import finish_render, prepare_render

    used_defaults = False
    if defaults:
        from sharewiz.custom import fill_defaults

        filled = fill_defaults(tree, answers, defaults)
        used_defaults = filled != dict(answers)
        answers = filled
    # version, history and protocol link (issue 9): computed first, recorded after writing
    plan = prepare_render(tree, answers, out_dir, template_dirs=template_dirs)
    answers = plan.answers
    check_complete(tree, answers, source)
    documents = render_set(
        tree, answers, kb=load_knowledge(), template_dirs=template_dirs, extra_context=plan.context
    )
    files = write_set(
        documents, out_dir, formats=formats, force=force, reference_docx=reference_docx
    )
    answers_path = out_dir / ANSWERS_NAME
    same_file = answers_path.exists() and Path(source).exists() and answers_path.samefile(source)
    if used_defaults or not same_file:  # keep the user's own file as is, unless it lacks values
        # the answers as given (not what a protocol filled in), with the version rendered
        save_answers(answers_path, tree.id, tree.version, plan.saved_answers)
    finish_render(plan, files)
    return BuildResult(
        out_dir=out_dir, documents=documents, files=[answers_path, *files], tree=tree,
        answers=answers,
    )  # fmt: skip


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
