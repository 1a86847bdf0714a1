"""Regenerate a set after its answers change, keeping the hand edits made to it.

`update DIR` reads DIR/answers.yaml, migrates it to the current question tree (declared
renames and removals), applies --set, asks again only what needs it (missing, invalid,
new since the last render, or named with --ask), re-renders, and writes:

- Markdown: a 3-way merge of the file on disk with the new render, from the base
  sharewiz last wrote (`DIR/.sharewiz/base/`); conflicts are written with markers;
- DOCX/HTML: replaced only if nobody edited them since sharewiz wrote them (sha256 in
  the set's state); an edited one is kept and the new one written beside it as
  `name.new.docx`.

The state records the hash of what sharewiz *rendered* for each file, so a file with a
merged hand edit is still reported as edited by `status` until it matches the render.
Asking at a terminal is the caller's: `ask_again` takes the asking function.

`plan_update` computes all of this without writing, so --dry-run and `diff` share it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.errors import UserError
from sharewiz.model.answers import Answers
from sharewiz.model.conditions import is_asked, missing_answers
from sharewiz.model.tree import QuestionTree
from sharewiz.render.formats import DEFAULT_FORMATS, FORMATS, markdown_names, render_files
from sharewiz.sets.build import check_complete
from sharewiz.sets.state import ANSWERS_NAME, SetState, base_path, read_state, sha256
from sharewiz.sets.sync import CONFLICT, KEPT, MERGED, NEW, UNCHANGED, UPDATED, read_bytes
from sharewiz.sets.versions import RenderPlan

# Asks the questions of a tree at a terminal: (tree, answers so far without those to ask,
# save after each answer, old values offered as defaults) -> the answers, None if stopped.
Asker = Callable[
    [QuestionTree, dict[str, Any], Callable[[Mapping[str, Any]], None], dict[str, Any]],
    "Answers | None",
]


@dataclass
class Answered:
    """A set's answers after migration and --set, and what must be asked again."""

    tree: QuestionTree
    answers: Answers
    defaults: dict[str, Any] = field(default_factory=dict)  # old values offered when re-asked
    to_ask: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # migrations and invalid answers, for the user
    state: SetState | None = None  # what sharewiz last wrote here


@dataclass(frozen=True)
class Planned:
    """One file an update would write: its new bytes, and what happens."""

    name: str
    path: Path
    data: bytes
    status: str
    detail: str = ""
    before: bytes | None = None
    rendered: bytes = b""  # the new render itself (`data` may be a merge of it)
    record: bool = True  # False: leave this file's base and hash as they were


@dataclass
class UpdatePlan:
    """Everything an update would write: answers, files, their hashes, merge bases, version."""

    answers_text: str  # answers.yaml as given (not what a protocol filled in), versioned
    files: list[Planned]
    hashes: dict[str, str]  # file name -> sha256 of what was rendered for it
    formats: tuple[str, ...]
    markdown: dict[str, str]
    versions: RenderPlan
    gone: list[str] = field(default_factory=list)  # files of the last render not made now


def load_set(
    out_dir: Path,
    overrides: Sequence[tuple[str, str]] = (),
    ask: Sequence[str] = (),
    *,
    tree_dirs: Sequence[Path] = (),
    reask_invalid: bool = False,
) -> Answered:
    """Read a set's answers by the one path; work out which questions to ask again.

    An answer that no longer fits its question is an error, as for every command,
    unless `reask_invalid` (an update at a terminal): then it is asked again.
    """
    from sharewiz.model.reading import answers_error, read_answers
    from sharewiz.sets.build import kind_loader

    path = out_dir / ANSWERS_NAME
    if not path.is_file():
        raise UserError(
            f"{out_dir}: no {ANSWERS_NAME} here, so this is not a folder sharewiz wrote",
            hint="give the folder that holds the documents and their answers.yaml",
        )
    read = read_answers(path, tree_for=kind_loader(tree_dirs), overrides=overrides, strict=False)
    overridden = {key.split(".")[0] for key, _ in overrides}
    # an unknown id cannot be asked, and a --set value that does not fit is the user's now
    fatal = [p for p in read.problems if p.unknown or p.question in overridden]
    if read.problems and (fatal or not reask_invalid):
        raise answers_error(str(path), read.tree, read.problems)
    result = Answered(
        tree=read.tree, answers=read.answers, notes=list(read.notes),
        state=read_state(out_dir),
    )  # fmt: skip
    for problem in read.problems:
        result.notes.append(f"{problem}: the answer no longer fits; asked again")
        if problem.question not in result.to_ask:
            result.to_ask.append(problem.question)
            result.answers.pop(problem.question, None)
            value = read.raw.get(problem.question)
            if isinstance(value, str):
                result.defaults[problem.question] = value
    _what_to_ask(result, read.file.tree_version, ask, overridden=overridden)
    return result


def _what_to_ask(
    result: Answered, file_version: int, ask: Sequence[str], overridden: set[str]
) -> None:
    tree, answers = result.tree, result.answers
    known = {q.id for q in tree.questions()}
    for question_id in ask:
        if question_id not in known:
            raise UserError(
                f"--ask {question_id}: unknown question id",
                hint="see `sharewiz explain` for the ids",
            )
        if question_id not in result.to_ask:
            result.to_ask.append(question_id)
            if question_id in answers:
                result.defaults[question_id] = answers.pop(question_id)
    for question in missing_answers(tree, answers):
        if question.id not in result.to_ask:
            result.to_ask.append(question.id)
            if question.id in answers:  # a group with an incomplete entry: offer it back
                result.defaults[question.id] = answers.pop(question.id)
    previous = result.state.questions if result.state and result.state.questions else None
    if previous is not None:
        seen = {tree.renamed.get(q, q) for q in previous}
        new = [q for q in known if q not in seen]
    elif file_version < tree.version:
        new = list(known)  # no record of what was asked: every unanswered question may be new
    else:
        new = []
    from sharewiz.model.conditions import expression_context

    context = expression_context(tree, answers)
    for question in tree.questions():
        if (
            question.id in new
            and question.id not in answers
            and question.id not in overridden
            and question.id not in result.to_ask
            and is_asked(question, tree, context)
        ):
            result.to_ask.append(question.id)
            result.notes.append(f"{question.id}: new since these answers were written; asked")


def ask_again(
    answered: Answered, save: Callable[[Mapping[str, Any]], None], ask: Asker
) -> Answers | None:
    """Ask the questions in `to_ask` with `ask` (old answers offered as defaults).

    Args:
        answered: The set's answers and what to ask again (from :func:`load_set`).
        save: Called with the answers after each one, so nothing is lost on Ctrl-C.
        ask: Asks at the terminal; the CLI passes its wizard, so this library never
            imports the terminal layer.

    Returns:
        The answers, or None if the person stopped before the end.
    """
    tree = answered.tree
    start: dict[str, Any] = {q.id: answered.answers.get(q.id) for q in tree.questions()}
    for question_id in answered.to_ask:
        start.pop(question_id, None)
    final = ask(tree, start, save, answered.defaults)
    if final is None:
        return None
    return {k: v for k, v in final.items() if v is not None}


def formats_of(out_dir: Path, state: SetState | None, tree: QuestionTree) -> tuple[str, ...]:
    """The formats last written: from the set's state, else from the files present."""
    if state and state.formats:
        return tuple(f for f in state.formats if f in FORMATS)
    from sharewiz.render.formats import safe_name

    present = [
        f
        for f in FORMATS
        if any((out_dir / f"{safe_name(d.id)}.{f}").exists() for d in tree.documents)
    ]
    return tuple(present) or DEFAULT_FORMATS


def plan_update(
    out_dir: Path,
    tree: QuestionTree,
    answers: Mapping[str, Any],
    *,
    formats: Sequence[str] | None = None,
    reference_docx: Path | None = None,
    template_dirs: Sequence[Path] = (),
    tree_dirs: Sequence[Path] = (),
) -> UpdatePlan:
    """Render and decide, file by file, what an update writes (nothing is written here)."""
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.model.answers_file import answers_to_yaml, read_current
    from sharewiz.render.engine import render_set
    from sharewiz.sets.versions import prepare_render

    # version, history and protocol link, exactly as `render` does (nothing written here)
    versions = prepare_render(
        tree, answers, out_dir, template_dirs=template_dirs, tree_dirs=tree_dirs
    )
    answers = versions.answers
    check_complete(tree, answers, str(out_dir / ANSWERS_NAME))
    previous = versions.previous
    documents = render_set(
        tree, answers, kb=load_knowledge(), template_dirs=template_dirs,
        extra_context=versions.context,
    )  # fmt: skip
    chosen = tuple(formats) if formats else formats_of(out_dir, previous, tree)
    recorded = previous.files if previous else {}
    plan = [
        _plan_file(out_dir, name, data, recorded.get(name))
        for name, data in render_files(documents, chosen, reference_docx)
    ]
    hashes: dict[str, str] = {}
    for item in plan:
        if item.record:  # the render's hash, even where a hand edit was merged in
            hashes[item.name] = hashes[item.path.name] = sha256(item.rendered)
    answers_text = answers_to_yaml(
        tree.id, tree.version, versions.saved_answers,
        current=read_current(out_dir / ANSWERS_NAME), tree=tree,
    )  # fmt: skip
    hashes[ANSWERS_NAME] = sha256(answers_text.encode("utf-8"))
    skip = {item.name for item in plan if not item.record}
    markdown = {k: v for k, v in markdown_names(documents).items() if k not in skip}
    made = {item.name for item in plan} | {item.path.name for item in plan}
    gone = sorted(
        name
        for name in recorded
        if name not in made and name != ANSWERS_NAME and ".new." not in name
    )
    return UpdatePlan(answers_text, plan, hashes, chosen, markdown, versions, gone)


def _plan_file(out_dir: Path, name: str, data: bytes, recorded: str | None) -> Planned:
    from sharewiz.sets.merging import has_markers, merge

    path = out_dir / name
    disk = read_bytes(path)
    if disk is None or disk == data:
        return Planned(
            name, path, data, NEW if disk is None else UNCHANGED, before=disk, rendered=data
        )
    if recorded == sha256(disk):
        return Planned(name, path, data, UPDATED, before=disk, rendered=data)
    if not name.endswith(".md"):
        return _beside(name, path, data)
    theirs = disk.decode("utf-8", errors="replace")
    if has_markers(theirs):
        return Planned(
            name, path, disk, CONFLICT,
            "still has conflict markers from the last update: resolve them, then update again",
            before=disk, rendered=data, record=False,
        )  # fmt: skip
    base = read_bytes(base_path(out_dir, name))
    if base is None:  # no record of what sharewiz wrote: keep the file, put the new one beside
        return _beside(name, path, data)
    merged = merge(base.decode("utf-8"), data.decode("utf-8"), theirs)
    if merged.conflicts:
        lines = ", ".join(map(str, merged.conflicts))
        detail = f"conflict{'s' if len(merged.conflicts) > 1 else ''} at line{'s' if len(merged.conflicts) > 1 else ''} {lines}"
        status = CONFLICT
    else:
        detail, status = "your edits kept", MERGED
    return Planned(
        name, path, merged.text.encode("utf-8"), status, detail, before=disk, rendered=data
    )


def _beside(name: str, path: Path, data: bytes) -> Planned:
    stem, _, ext = name.rpartition(".")
    aside = path.with_name(f"{stem}.new.{ext}")
    return Planned(
        name, aside, data, KEPT,
        f"edited since sharewiz wrote it: kept as is, the new version is {aside.name}",
        before=read_bytes(aside), rendered=data,
    )  # fmt: skip


def apply_plan(out_dir: Path, plan: UpdatePlan) -> None:
    """Write what `plan_update` decided, then record the merge bases and the set's state.

    The caller holds the set's lock.
    """
    from sharewiz.sets.sync import write_bases, write_if_changed
    from sharewiz.sets.versions import finish_render

    write_if_changed(out_dir / ANSWERS_NAME, plan.answers_text.encode("utf-8"))
    for item in plan.files:
        if item.status != UNCHANGED:
            write_if_changed(item.path, item.data)
    write_bases(out_dir, plan.markdown)
    finish_render(plan.versions, formats=plan.formats, written=plan.hashes)
