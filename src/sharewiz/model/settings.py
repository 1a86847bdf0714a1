"""Custom folders: an organisation's own question trees and templates, searched first.

A custom folder (given with `--templates DIR` or the profile's `template_dirs`) is laid
out like sharewiz's own data::

    DIR/
      questions/            # trees (<kind>.yaml) and fragments (fragments/*.yaml)
      templates/            # <kind>/*.md.j2, searched before the built-in templates

Either subfolder may be missing. A folder with neither is taken as a plain templates
folder (the original meaning of `--templates`). A file in a custom folder replaces the
built-in file of the same relative path; everything else still comes from sharewiz.
See docs/templates.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.errors import OutputExistsError, UserError
from sharewiz.model.atomic import check_writable, write_text_atomic
from sharewiz.model.paths import data_dir

if TYPE_CHECKING:
    from sharewiz.model.tree import QuestionTree


@dataclass(frozen=True)
class Settings:
    """Everything an organisation changes, resolved once per command and passed down.

    The CLI makes it (`sharewiz.cli.profile.resolve_settings`) from `--templates`,
    `--reference-docx` and the organisation profile (`sharewiz.model.profile`); no
    library module below the CLI reads the profile itself.
    """

    tree_dirs: tuple[Path, ...] = ()  # custom question trees, searched first
    template_dirs: tuple[Path, ...] = ()  # custom templates, searched first
    reference_docx: Path | None = None  # the branded DOCX whose styles Word output uses
    defaults: Mapping[str, Any] = field(default_factory=dict)  # answers by question id
    # `--trust` was given: folders named by a project sharewiz.toml run too. Without it
    # only folders the user named (command line, own profile, `trusted_folders`) are here.
    trusted: bool = False


def settings_for(
    folders: Sequence[Path],
    *,
    reference_docx: Path | None = None,
    defaults: Mapping[str, Any] | None = None,
    trusted: bool = False,
) -> Settings:
    """Settings for these custom folders, split into questions and templates folders.

    Each folder must exist; one holding neither questions/ nor templates/ is taken as a
    plain folder of templates.
    """
    trees: list[Path] = []
    templates: list[Path] = []
    for folder in folders:
        folder = folder.expanduser()
        if not folder.is_dir():
            raise UserError(
                f"{folder}: custom templates folder not found",
                hint="give a folder holding questions/ and/or templates/ (see docs/templates.md), "
                "or fix `template_dirs` in your profile (`sharewiz profile show`)",
            )
        questions, own_templates = folder / "questions", folder / "templates"
        if questions.is_dir() or own_templates.is_dir():
            if questions.is_dir():
                trees.append(questions)
            if own_templates.is_dir():
                templates.append(own_templates)
        else:
            templates.append(folder)  # a plain folder of templates
    return Settings(
        tree_dirs=tuple(dict.fromkeys(trees)),
        template_dirs=tuple(dict.fromkeys(templates)),
        reference_docx=reference_docx,
        defaults=dict(defaults or {}),
        trusted=trusted,
    )


def init_templates(target: Path, kind: str | None = None, *, force: bool = False) -> list[Path]:
    """Copy built-in trees and templates into a custom folder to start from.

    With a kind, only its tree, the fragments it includes and its templates are copied.
    Nothing existing is overwritten without `force`.

    Raises:
        OutputExistsError: a file would be overwritten without `force`.
        WriteError: `target` cannot be made or written (read-only, a file in the way).

    Returns:
        The files written, relative to `target`.
    """
    from sharewiz.model.tree import list_kinds

    questions, templates = data_dir("questions"), data_dir("templates")
    if kind is None:
        pairs = [(p, Path("questions") / p.relative_to(questions)) for p in _files(questions)]
        pairs += [
            (p, Path("templates") / p.relative_to(templates))
            for p in _files(templates)
            if p.suffix == ".j2"
        ]
    else:
        kinds = dict(list_kinds())
        if kind not in kinds:
            raise UserError(
                f"no built-in kind {kind!r} to copy",
                hint=f"use one of: {', '.join(kinds)} (see `sharewiz list`)",
            )
        pairs = [(kinds[kind], Path("questions") / f"{kind}.yaml")]
        pairs += [
            (p, Path("questions") / p.relative_to(questions)) for p in _fragments_of(kinds[kind])
        ]
        folder = templates / kind
        if folder.is_dir():
            pairs += [(p, Path("templates") / p.relative_to(templates)) for p in _files(folder)]
    existing = [rel for _src, rel in pairs if (target / rel).exists()]
    if existing and not force:
        raise OutputExistsError(
            f"{target / existing[0]} already exists ({len(existing)} file(s) would be overwritten)",
            hint="choose another folder, or add --force to overwrite",
        )
    # A read-only folder is refused before any file is copied.
    check_writable(target, elsewhere="give init-templates another folder")
    for source, rel in pairs:
        write_text_atomic(target / rel, source.read_bytes())
    return [rel for _src, rel in pairs]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _fragments_of(tree_file: Path) -> list[Path]:
    """The fragment files a tree includes, directly or through other fragments."""
    from sharewiz.model.yamlio import load_yaml

    found: list[Path] = []
    pending = [tree_file]
    while pending:
        text = load_yaml(pending.pop())
        for target in _include_targets(text):
            path = data_dir("questions") / target
            if path.is_file() and path not in found:
                found.append(path)
                pending.append(path)
    return sorted(found)


def _include_targets(data: object) -> list[str]:
    if isinstance(data, dict):
        own = [str(data["include"])] if isinstance(data.get("include"), str) else []
        return own + [t for value in data.values() for t in _include_targets(value)]
    if isinstance(data, list):
        return [t for item in data for t in _include_targets(item)]
    return []


# -- profile values as question defaults ------------------------------------------------------


def offer_defaults(tree: QuestionTree, defaults: Mapping[str, Any]) -> QuestionTree:
    """The tree with these values as the defaults of its top-level questions.

    A value that does not fit its question (say an ICO number a tree's pattern rejects)
    is not offered; the tree's own default stays.
    """
    from dataclasses import replace

    from sharewiz.model.answers import InvalidAnswer, coerce

    if not defaults:
        return tree
    sections = []
    for section in tree.sections:
        questions = []
        for question in section.questions:
            key = question.profile or question.id  # a tree's own name for a profile answer
            if key in defaults and question.type != "group":
                try:
                    value = coerce(question, defaults[key])
                except InvalidAnswer:
                    value = None
                if value is not None:
                    question = replace(question, default=value, default_from=None)
            questions.append(question)
        sections.append(replace(section, questions=tuple(questions)))
    return replace(tree, sections=tuple(sections))


def fill_defaults(
    tree: QuestionTree, answers: Mapping[str, Any], defaults: Mapping[str, Any]
) -> dict[str, Any]:
    """Answers with profile values added beneath them, only where a question applies.

    The result is what gets saved beside the documents, so the render can be repeated
    without the profile. A value the wizard only offers (`offered_only`: the protocol an
    agreement sits under) is left out: an empty answer there means none.
    """
    from sharewiz.model.conditions import effective_answers
    from sharewiz.model.profile import SETTINGS

    offered_only = {s.question for s in SETTINGS if s.offered_only}
    defaults = {k: v for k, v in defaults.items() if k not in offered_only}
    if not defaults:
        return dict(answers)
    full = effective_answers(offer_defaults(tree, defaults), answers)
    result = dict(answers)
    for question in tree.questions():
        qid = question.id
        offered = (question.profile or qid) in defaults and question.type != "group"
        if offered and answers.get(qid) is None and full.get(qid) is not None:
            result[qid] = full[qid]
    return {q.id: result[q.id] for q in tree.questions() if q.id in result}
