"""The one update engine: every regeneration of a set is plan, then show, then apply.

`update`, `update --dependants`, `render` over an existing set and batch re-runs all
call :func:`plan_set` (which writes nothing) and then :func:`apply_plan`; `--dry-run`
shows the plan instead of applying it. Per file, against what the set's state says
sharewiz wrote last time:

- Markdown: a 3-way merge of the file on disk with the new render, from the base the
  set's state keeps (`bases` in `DIR/.sharewiz/state.json`); conflicts are written with
  markers, and a file that still has markers from an earlier merge is left alone;
- DOCX, HTML and PDF are made from the *merged* Markdown, so every format says what the
  `.md` says. Such a file edited by hand is kept; when sharewiz has something new for
  it, the new one is written beside it (`name.new.docx`) until the person settles it
  (`update --accept` / `--take-new`, see `sharewiz.sets.settle`). When sharewiz has
  nothing new for it, the person's file simply stays: nothing is written.

Nothing a person wrote is overwritten without a copy: `force` replaces edited files, and
keeps each as `name.yours.md` (or `.docx`) beside the new one. The state records the hash
of what sharewiz rendered for each Markdown file (so `status` reports a merged hand
edit until the file matches the render again) and of what it made for the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sharewiz.errors import UserError
from sharewiz.law.findings import Finding
from sharewiz.model.tree import QuestionTree
from sharewiz.render.engine import RenderedDocument
from sharewiz.render.formats import DEFAULT_FORMATS, FORMATS, render_files, safe_name
from sharewiz.sets.inputs import as_recorded, checks_key, render_inputs
from sharewiz.sets.state import ANSWERS_NAME, NOT_READ, NotRead, SetState, file_sha256, sha256
from sharewiz.sets.summary import checked_record, recorded_findings
from sharewiz.sets.sync import CONFLICT, KEPT, MERGED, NEW, UNCHANGED, UPDATED, read_bytes
from sharewiz.sets.versions import KindTemplates, RenderPlan

NEEDS_YOU = (CONFLICT, KEPT)  # outcomes a person must settle (exit 4)


@dataclass(frozen=True)
class Planned:
    """One file a regeneration would write: its new bytes, and what happens."""

    name: str
    path: Path  # where `data` goes (`name.new.docx` for a file kept as the person left it)
    data: bytes
    status: str
    detail: str = ""
    before: bytes | None = None
    record: bool = True  # False: leave this file's base and hash as they were
    digest: str = ""  # the hash to record: the render's, even where an edit was merged in
    keep: Path | None = None  # where the person's replaced file is kept (with --force)


@dataclass
class SetPlan:
    """Everything a regeneration would write: answers, files, hashes, merge bases, version."""

    answers_text: str  # answers.yaml as given (not what a protocol filled in), versioned
    files: list[Planned]
    formats: tuple[str, ...]
    markdown: dict[str, str]  # document file name -> the render, kept as the next base
    versions: RenderPlan
    findings: list[Finding] = field(default_factory=list)
    documents: list[RenderedDocument] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # files of the last render not made now
    answers_unread: bool = False  # answers.yaml had no text to edit: written without a look

    @property
    def conflicts(self) -> list[Planned]:
        """The files a person must settle: merge conflicts and files kept beside a new one."""
        return [item for item in self.files if item.status in NEEDS_YOU]

    @property
    def changed(self) -> list[Planned]:
        """The files whose bytes this plan writes."""
        return [item for item in self.files if item.status != UNCHANGED]

    def hashes(self) -> dict[str, str]:
        """File name -> sha256 to record in the state (the answers file included)."""
        recorded: dict[str, str] = {}
        for item in self.files:
            if item.record:  # under the file's own name, also when kept beside a .new file
                recorded[item.name] = item.digest
        recorded[ANSWERS_NAME] = sha256(self.answers_text.encode("utf-8"))
        return recorded


def formats_of(out_dir: Path, state: SetState | None, tree: QuestionTree) -> tuple[str, ...]:
    """The formats last written: from the set's state, else from the files present."""
    if state and state.formats:
        return tuple(f for f in state.formats if f in FORMATS)
    present = [
        f
        for f in FORMATS
        if any((out_dir / f"{safe_name(d.id)}.{f}").exists() for d in tree.documents)
    ]
    return tuple(present) or DEFAULT_FORMATS


def plan_set(
    out_dir: Path,
    tree: QuestionTree,
    answers: Mapping[str, Any],
    *,
    formats: Sequence[str] | None = None,
    reference_docx: Path | None = None,
    template_dirs: Sequence[Path] = (),
    tree_dirs: Sequence[Path] = (),
    templates: KindTemplates | None = None,
    force: bool = False,
    source: str = "",
    answered_version: int | None = None,
    audience: str = "internal",
    answers_source: Path | None = None,
    skip_unchanged: bool = False,
    previous: SetState | None | NotRead = NOT_READ,
) -> SetPlan:
    """Render a set and decide, file by file, what regenerating it writes (writes nothing).

    Args:
        out_dir: The set's folder.
        tree: Its question tree.
        answers: Its complete typed answers (before a protocol's are inherited).
        formats: The formats to write; None for those written last time.
        reference_docx: The reference DOCX for styles.
        template_dirs: Custom template folders, searched first.
        tree_dirs: Custom question-tree folders (to read a linked protocol).
        templates: The kind's templates (version, hashes) when the caller has them (a batch).
        force: Replace files a person edited instead of merging or keeping them.
        source: Where the answers came from, for the missing-answers message.
        answered_version: The tree version the answers were written for, so a missing
            answer to a question added since is reported as newly required.
        audience: "internal", or "public" for the copy to publish.
        answers_source: The answers file whose text the saved answers are edited into
            (comments and style kept); None for the set's own answers.yaml.
        skip_unchanged: Plan nothing, without checking or rendering, when the inputs are
            those recorded and every file is as sharewiz wrote it (`sets.inputs`; a batch).
        previous: The set's state, when the caller has read it (None: it has none).

    Returns:
        The plan; :func:`apply_plan` writes it.
    """
    from sharewiz.law.facts import compute_facts
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.law.rules import check_answers, full_answers
    from sharewiz.model.answers_file import answers_to_yaml, read_current
    from sharewiz.model.arrangement import arrangement_of
    from sharewiz.render.engine import render_set
    from sharewiz.render.formats import markdown_names
    from sharewiz.render.meta import render_date
    from sharewiz.sets.build import check_complete
    from sharewiz.sets.versions import prepare_render

    # version, history and protocol link, computed first and recorded after writing
    versions = prepare_render(
        tree, answers, out_dir, template_dirs=template_dirs, tree_dirs=tree_dirs,
        templates=templates, previous=previous,
    )  # fmt: skip
    previous = versions.previous
    chosen = tuple(formats) if formats else formats_of(out_dir, previous, tree)
    # the text the saved answers are edited into: the user's file (or the set's copy of
    # it), so their comments and style stay
    source_text = read_current(answers_source) if answers_source is not None else None
    # the set's own copy is checked by `as_recorded` instead: a file sharewiz wrote, edited
    # again with the same answers, stays as it is
    versions.state.inputs = render_inputs(
        tree, versions, formats=chosen, audience=audience, reference_docx=reference_docx,
        answers_source=source_text,
    )  # fmt: skip
    # errors make the set a draft; judged as of the document's date, as the render is
    as_of = render_date(versions.answers)
    if (
        skip_unchanged
        and not force
        and previous is not None
        and previous.checked  # the same inputs were complete and checked: what they gave
        and previous.inputs == versions.state.inputs
        and as_recorded(out_dir, previous)
    ):
        versions.state.checked = previous.checked
        findings = recorded_findings(tree.id, previous.checked, today=as_of)
        return _unchanged(out_dir, previous, chosen, versions, findings)
    check_complete(
        tree, versions.answers, source or str(out_dir / ANSWERS_NAME),
        answered_version=answered_version,
    )  # fmt: skip
    kb = load_knowledge()
    full = full_answers(tree, versions.answers)
    # each once, for the checks and the templates
    arrangement = arrangement_of(full)
    facts = compute_facts(full, kb=kb, today=as_of, arrangement=arrangement)
    findings = check_answers(tree.id, full, kb=kb, today=as_of, facts=facts)
    versions.state.checked = checked_record(
        tree, full, findings, key=checks_key(tree), answered_for=answered_version
    )
    documents = render_set(
        tree, versions.answers, kb=kb, template_dirs=template_dirs,
        extra_context={**versions.context, "audience": audience}, findings=findings,
        facts=facts, arrangement=arrangement,
    )  # fmt: skip
    recorded = previous.files if previous else {}
    bases = previous.bases if previous else {}
    files: list[Planned] = []
    for document in documents:
        files.extend(
            _plan_document(out_dir, document, chosen, recorded, bases, reference_docx, force=force)
        )
    current = source_text if source_text is not None else read_current(out_dir / ANSWERS_NAME)
    answers_text = answers_to_yaml(
        tree.id, tree.version, versions.saved_answers, current=current, tree=tree
    )
    held = {item.name for item in files if not item.record}
    markdown = {k: v for k, v in markdown_names(documents).items() if k not in held}
    # a file of a document still made (in any format) is not gone: its format may wait
    # for a conflict to be resolved, or no longer be asked for
    stems = {safe_name(d.id) for d in documents}
    gone = sorted(
        name
        for name in recorded
        if name != ANSWERS_NAME and ".new." not in name and name.partition(".")[0] not in stems
    )
    found = (answers_text, files, chosen, markdown, versions, findings, documents, gone)
    return SetPlan(*found, answers_unread=current is None)


def _unchanged(
    out_dir: Path,
    previous: SetState,
    formats: tuple[str, ...],
    versions: RenderPlan,
    findings: list[Finding],
) -> SetPlan:
    """The plan of a render whose inputs and files are exactly as last recorded: every
    file stays (rendering again would give the same bytes), nothing is written."""
    files = [
        Planned(name, out_dir / name, b"", UNCHANGED, digest=digest)
        for name, digest in previous.hand_checked_files().items()
    ]
    answers_text = (out_dir / ANSWERS_NAME).read_text(encoding="utf-8")
    return SetPlan(answers_text, files, formats, {}, versions, findings)


def _plan_document(
    out_dir: Path,
    document: RenderedDocument,
    formats: Sequence[str],
    recorded: Mapping[str, str],
    bases: Mapping[str, str],
    reference_docx: Path | None,
    *,
    force: bool,
) -> list[Planned]:
    """One document in every format: the Markdown merged first, the rest made from it.

    `recorded` and `bases` are the hashes and merge bases the set's state holds.
    """
    planned: list[Planned] = []
    text: str | None = document.markdown
    if "md" in formats:
        name = f"{safe_name(document.id)}.md"
        last = (recorded.get(name), bases.get(name))
        item = _plan_markdown(out_dir, name, document.markdown, last, force=force)
        planned.append(item)
        # Word and HTML follow the Markdown as merged; while it has conflict markers they
        # wait (the person resolves the .md, and the next update makes them from it)
        text = None if item.status == CONFLICT else item.data.decode("utf-8")
    others = [f for f in formats if f != "md"]
    if text is None or not others:
        return planned
    for name, data in render_files([replace(document, markdown=text)], others, reference_docx):
        planned.append(_plan_made(out_dir, name, data, recorded.get(name), force=force))
    return planned


def _plan_markdown(
    out_dir: Path, name: str, rendered: str, last: tuple[str | None, str | None], *, force: bool
) -> Planned:
    """The Markdown file: new, unchanged, or merged from its `last` (sha256, merge base)."""
    from sharewiz.sets.gitmerge import git_marker_line
    from sharewiz.sets.merging import has_markers, merge

    recorded, base = last
    path = out_dir / name
    data = rendered.encode("utf-8")
    digest = sha256(data)
    disk = read_bytes(path)
    if disk is None or disk == data or recorded == sha256(disk):
        return _plain(name, path, data, disk, digest)
    if force:
        return _forced(name, path, data, disk, digest)
    theirs = disk.decode("utf-8", errors="replace")
    git_line = git_marker_line(theirs)
    if git_line is not None:  # `update` settles these first (sets.gitmerge); others stop here
        raise UserError(
            f"{path}:{git_line}: still has git conflict markers",
            hint=f"run `sharewiz update {out_dir}` (no --dry-run): it remakes the files "
            "sharewiz derives from the merged answers, keeping the other side's edits beside them",
        )
    if has_markers(theirs):
        return Planned(
            name, path, disk, CONFLICT,
            "still has conflict markers from the last update: resolve them, then update again",
            before=disk, record=False,
        )  # fmt: skip
    if base is None:  # no record of what sharewiz wrote: keep the file, put the new one beside
        return _beside(name, path, data, digest)
    merged = merge(base, rendered, theirs)
    if not merged.conflicts:
        status, detail = MERGED, "your edits kept"
        if merged.text.encode("utf-8") == disk:
            status = UNCHANGED  # nothing new from sharewiz: the person's file stands
    else:
        many = len(merged.conflicts) > 1
        lines = ", ".join(map(str, merged.conflicts))
        status = CONFLICT
        detail = f"conflict{'s' if many else ''} at line{'s' if many else ''} {lines}"
    return Planned(
        name, path, merged.text.encode("utf-8"), status, detail, before=disk, digest=digest
    )


def _plan_made(
    out_dir: Path, name: str, data: bytes, recorded: str | None, *, force: bool
) -> Planned:
    """A file made from the Markdown (DOCX, HTML, PDF): replaced only if nobody edited it."""
    path = out_dir / name
    digest = sha256(data)
    disk = read_bytes(path)
    if disk is None or disk == data or recorded == sha256(disk):
        return _plain(name, path, data, disk, digest)
    if force:
        return _forced(name, path, data, disk, digest)
    if recorded == digest:  # edited by hand, and sharewiz has nothing new for it: it stands
        return Planned(name, path, disk, UNCHANGED, "edited by hand", before=disk, digest=digest)
    return _beside(name, path, data, digest)


def _plain(name: str, path: Path, data: bytes, disk: bytes | None, digest: str) -> Planned:
    status = NEW if disk is None else UNCHANGED if disk == data else UPDATED
    return Planned(name, path, data, status, before=disk, digest=digest)


def _forced(name: str, path: Path, data: bytes, disk: bytes, digest: str) -> Planned:
    """--force over a person's file: replaced, and their file kept as `name.yours.ext`."""
    stem, _, ext = name.rpartition(".")
    keep = path.with_name(f"{stem}.yours.{ext}")
    return Planned(
        name, path, data, UPDATED, f"replaced (--force); your file is kept as {keep.name}",
        before=disk, digest=digest, keep=keep,
    )  # fmt: skip


def _beside(name: str, path: Path, data: bytes, digest: str) -> Planned:
    from sharewiz.sets.settle import beside_name

    aside = path.with_name(beside_name(name))
    return Planned(
        name, aside, data, KEPT,
        f"edited since sharewiz wrote it: kept as is, the new version is {aside.name}",
        before=read_bytes(aside), digest=digest,
    )  # fmt: skip


def apply_plan(out_dir: Path, plan: SetPlan, *, write_answers: bool = True) -> None:
    """Write what :func:`plan_set` decided, then the set's state with the merge bases.

    Each file is written to a temporary name and renamed (a crash or Ctrl-C leaves the
    old file or the new one, never half); not synced: that guards only a power cut.

    The caller holds the set's lock. `write_answers` is False when the set's own
    answers.yaml was the input and nothing in it moved.
    """
    from sharewiz.model.atomic import write_text_atomic
    from sharewiz.sets.sync import write_if_changed
    from sharewiz.sets.versions import finish_render

    hashes = plan.hashes()
    if write_answers and plan.answers_unread:  # none there when planned: none to compare
        write_text_atomic(out_dir / ANSWERS_NAME, plan.answers_text)
    elif write_answers:
        write_if_changed(out_dir / ANSWERS_NAME, plan.answers_text.encode("utf-8"))
    else:  # the set's own file was rendered as it is: recorded as read, so `status` can
        # tell it unchanged since (`sets.summary`) without reading it
        hashes[ANSWERS_NAME] = file_sha256(out_dir / ANSWERS_NAME) or ""
        if not hashes[ANSWERS_NAME]:
            hashes.pop(ANSWERS_NAME)
    for item in plan.files:
        if item.keep is not None and item.before is not None:
            write_if_changed(item.keep, item.before)  # the person's file, before replacing it
        if item.status != UNCHANGED and item.data != item.before:  # `before`: read by the plan
            write_text_atomic(item.path, item.data)
    # the render is the next merge base; a file left with conflict markers keeps its own
    previous = plan.versions.previous
    plan.versions.state.bases = {**(previous.bases if previous else {}), **plan.markdown}
    finish_render(plan.versions, formats=plan.formats, written=hashes)
