"""Versions and change history of a document set, and the hash of its kind's templates.

Each render that changes a document raises its version: the major number when a
*material* answer changed (see `sharewiz.sets.changes`), the minor number otherwise. The
history of versions, each with its date and a plain-English summary generated from the
answer differences, is kept in the set's state (`sharewiz.sets.state`) and shown to
templates as `history`.

A render is planned with :func:`prepare_render` before anything is written, and recorded
with :func:`finish_render` once its files are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.model.tree import QuestionTree
from sharewiz.sets.changes import Change, needs_resigning, summarise_changes
from sharewiz.sets.state import (
    NOT_READ,
    HistoryEntry,
    NotRead,
    SetState,
    file_sha256,
    relative_dir,
    state_answers,
    state_as_read,
    write_state,
)

if TYPE_CHECKING:
    from jinja2 import Environment


def bump_version(version: str, *, major: bool) -> str:
    """`1.4` -> `2.0` (major) or `1.5` (minor); anything unreadable counts as 1.0."""
    match = re.fullmatch(r"(\d+)(?:\.(\d+))?(?:\.\d+)*", version.strip())
    first, second = (int(match.group(1)), int(match.group(2) or 0)) if match else (1, 0)
    return f"{first + 1}.0" if major else f"{first}.{second + 1}"


VERSION_FILE = "VERSION"  # `templates/<kind>/VERSION`: the version of a kind's templates


@dataclass(frozen=True)
class KindTemplates:
    """The templates a kind renders with: their version, one hash, and each file's hash."""

    version: str  # the text of `<kind>/VERSION` (custom folders first); "" if none
    hash: str  # of every template the kind renders with (see `templates_hash`)
    files: Mapping[str, str]  # template name -> sha256 of its text

    def label(self, kind: str, *, beside: str = "") -> str:
        """`privacy-notice templates 1.4`; with the hash's start when the version alone
        would not tell two different sets of templates apart from `beside`'s."""
        shown = self.version or "(no version)"
        if not self.version or self.version == beside:
            shown += f" #{self.hash[:8]}"
        return f"{kind} templates {shown}"


def kind_templates(templates: Sequence[str], template_dirs: Sequence[Path]) -> KindTemplates:
    """The version, hash and per-file hashes of the templates a kind renders with.

    `templates` are the kind's document templates; the version is read from the
    `VERSION` file in the folder of the first (`privacy-notice/VERSION`).
    """
    from jinja2 import TemplateNotFound

    from sharewiz.render.engine import template_environment

    sources = _template_sources(templates, template_dirs)
    version = ""
    if templates:
        env = template_environment(tuple(template_dirs))
        assert env.loader is not None
        folder = Path(sorted(templates)[0]).parent.as_posix()
        try:
            version = env.loader.get_source(env, f"{folder}/{VERSION_FILE}")[0].strip()
        except TemplateNotFound:
            version = ""
    files = {name: hashlib.sha256(text.encode()).hexdigest() for name, text in sources.items()}
    return KindTemplates(version, _digest(sources), dict(sorted(files.items())))


def templates_hash(templates: Sequence[str], template_dirs: Sequence[Path]) -> str:
    """A hash of the templates a kind renders with: its own, and every one they include.

    Templates are found as rendering finds them (custom folders first) and followed
    through `include`, `import` and `extends`, so a change to another kind's templates
    leaves this hash alone. A template naming another by a computed name makes every
    template count.
    """
    return _digest(_template_sources(templates, template_dirs))


def _digest(sources: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(sources):
        digest.update(f"{name}\0{sources[name]}\0".encode())
    return digest.hexdigest()


def _template_sources(templates: Sequence[str], template_dirs: Sequence[Path]) -> dict[str, str]:
    """Template name -> text of the kind's templates and every one they reach."""
    from jinja2 import TemplateError

    from sharewiz.render.engine import template_environment

    env = template_environment(tuple(template_dirs))
    assert env.loader is not None
    sources: dict[str, str] = {}
    pending = sorted(set(templates))
    while pending:
        name = pending.pop()
        if name in sources:
            continue
        try:
            source = env.loader.get_source(env, name)[0]
            references = list(_references(env, source))
        except TemplateError:  # missing or broken: the render itself says so
            sources[name] = sources.get(name, "")
            continue
        sources[name] = source
        if None in references:  # a computed name: it could be any template
            references = list(env.list_templates(extensions=["j2"]))
        pending.extend(ref for ref in references if ref is not None and ref not in sources)
    return sources


@lru_cache(maxsize=512)
def _references(env: Environment, source: str) -> tuple[str | None, ...]:
    """The templates a template's text names (None for a computed name), parsed once per
    text: every batch hashes its kind's templates, and parsing them cost more than the
    rest of a batch's set-up."""
    from jinja2 import meta

    return tuple(meta.find_referenced_templates(env.parse(source)))


@dataclass
class RenderPlan:
    """What a render of a set will record: answers to render, context, the new state."""

    set_dir: Path
    answers: dict[str, Any]
    context: dict[str, Any]
    state: SetState  # files and formats are filled in by finish_render
    previous: SetState | None = None  # the state before this render
    changes: list[Change] = field(default_factory=list)
    new_entry: HistoryEntry | None = None
    saved_answers: dict[str, Any] = field(default_factory=dict)  # to write to answers.yaml


def prepare_render(
    tree: QuestionTree,
    answers: Mapping[str, Any],
    set_dir: Path,
    *,
    template_dirs: Sequence[Path] = (),
    tree_dirs: Sequence[Path] = (),
    today: dt.date | None = None,
    templates: KindTemplates | None = None,
    previous: SetState | None | NotRead = NOT_READ,
) -> RenderPlan:
    """Work out the version, history and protocol link of a render, writing nothing.

    Args:
        tree: The set's question tree.
        answers: Typed answers, before defaults.
        set_dir: The set's folder (where `.sharewiz/` is).
        template_dirs: Custom template folders, as for rendering.
        tree_dirs: Custom question-tree folders (to read a linked protocol).
        today: The date of a new history entry when the document date did not change.
        templates: The kind's templates (version and hashes) if already known (a batch
            worker reads them once, not per set); read here when None.
        previous: The set's state as the caller read it (None: it has none); read here
            when not given.

    Returns:
        The answers to render (inherited answers filled, version set), the extra
        template context (`history`, `protocol`) and what to record after writing.
    """
    from sharewiz.sets.links import fill_from_source, inherit, protocol_dir_of, read_protocol

    answers = dict(answers)
    own = dict(answers)  # what the user answered, before anything is inherited
    protocol_info: dict[str, str] = {}
    protocol_context: dict[str, Any] | None = None
    protocol_dir = protocol_dir_of(set_dir, answers)
    if protocol_dir is not None:
        protocol = read_protocol(protocol_dir, tree_dirs=tree_dirs)
        answers = inherit(tree, answers, protocol)
        protocol_context = protocol.context()
        protocol_info = {
            "dir": relative_dir(protocol_dir, set_dir),
            "version": protocol.version,
            "hash": protocol.fingerprint,
        }
    # the facts of the set this one is about (`source_dir`): taken anew, never saved
    from_source = fill_from_source(tree, answers, set_dir, tree_dirs=tree_dirs)
    answers = from_source.answers
    for question_id in from_source.taken:
        own.pop(question_id, None)
    previous = state_as_read(set_dir, previous)
    history = previous.history if previous is not None else []
    has_version = any(q.id == "document_version" for q in tree.questions())
    answered = str(answers.get("document_version") or "") if has_version else ""
    if templates is None:
        templates = kind_templates([d.template for d in tree.documents], template_dirs)
    content = {k: v for k, v in answers.items() if k != "document_version"}
    changes: list[Change] = []
    entry: HistoryEntry | None = None
    when = str(answers.get("document_date") or (today or dt.date.today()).isoformat())
    if previous is None or not history:
        version = answered or (history[-1].version if history else "1.0")
        if not history:
            first = (
                "First version"
                if version in ("1", "1.0")
                else "This version (earlier versions are not recorded here)"
            )
            entry = HistoryEntry(version, when, [first], resign=True)
    else:
        last = history[-1].version
        changes = summarise_changes(tree, previous.answers, content)
        summary = [c.summary for c in changes]
        if previous.templates_hash and previous.templates_hash != templates.hash:
            summary.append("Standard wording updated")
        if (
            protocol_info
            and previous.protocol.get("hash") != protocol_info["hash"]
            and not any(c.question_id == "protocol_version" for c in changes)  # said once
        ):
            summary.append(f"Protocol updated to version {protocol_info['version']}")
        explicit = answered and answered not in (previous.answered_version, previous.version)
        version = answered if explicit else last
        if summary or explicit:
            if not explicit:
                version = bump_version(last, major=needs_resigning(changes))
            if str(previous.answers.get("document_date") or "") == when:
                when = (today or dt.date.today()).isoformat()  # the date did not move: today
            entry = HistoryEntry(
                version, when, summary or ["Version updated"], needs_resigning(changes)
            )
    if has_version:
        answers["document_version"] = own["document_version"] = version
    answered_version = answered
    if entry is None and previous is not None and answered == previous.version:
        # the file holds the version sharewiz wrote into it: nothing was answered anew
        answered_version = previous.answered_version
    full_history = [*history, entry] if entry else list(history)
    state = SetState(
        kind=tree.id,
        tree_version=tree.version,
        questions=[q.id for q in tree.questions()],
        templates_hash=templates.hash,
        templates_version=templates.version,
        template_files=dict(templates.files),
        version=version,
        answered_version=answered_version,
        rendered_on=(today or dt.date.today()).isoformat(),
        answers=state_answers(answers),
        protocol=protocol_info,
        source=dict(from_source.link),
        history=full_history,
        given=previous.given if previous is not None else {},  # a batch render sets it anew
    )
    if full_history and full_history[-1].date and "document_date" in answers:
        # the version's date is the one recorded for it, so footers, notices and the
        # history table agree; answers.yaml (and the state's answers) keep the answer
        answers["document_date"] = full_history[-1].date
    context = {
        "history": [e.as_dict() for e in full_history],
        "protocol": protocol_context,
    }
    return RenderPlan(set_dir, answers, context, state, previous, changes, entry, own)


def finish_render(plan: RenderPlan, *, formats: Sequence[str], written: Mapping[str, str]) -> None:
    """After the files are written: record the set's state, with the hash of every file.

    Args:
        plan: What :func:`prepare_render` planned.
        formats: The formats rendered.
        written: File name -> sha256 of the bytes sharewiz rendered for it (for a file
            `update` merged a hand edit into, the render's, not the merge's). Files of
            an earlier render that were not written now, and are still there, keep
            their hashes: sharewiz still knows it wrote them.
    """
    state = plan.state
    previous = plan.previous
    if previous is not None:
        kept = {
            name: digest
            for name, digest in previous.files.items()
            if name not in written and file_sha256(plan.set_dir / name) is not None
        }
        state.files = dict(sorted({**kept, **written}.items()))
        if plan.new_entry is None:  # nothing changed: keep the date it was last really rendered
            state.rendered_on = previous.rendered_on or state.rendered_on
    else:
        state.files = dict(sorted(written.items()))
    state.formats = list(formats)
    write_state(plan.set_dir, state, new=previous is None)
