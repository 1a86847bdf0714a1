"""Versions and change history of a document set.

Each render that changes a document raises its version: the major number when a
*material* answer changed (see `sharewiz.sets.changes`), the minor number otherwise. The
history of versions, each with its date and a plain-English summary generated from the
answer differences, is kept in `DIR/.sharewiz/history.yaml` and shown to templates as
`history`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.errors import UserError
from sharewiz.model.tree import QuestionTree
from sharewiz.sets.changes import Change, needs_resigning, summarise_changes
from sharewiz.sets.records import (
    RenderRecord,
    file_hash,
    plain_json,
    read_record,
    templates_hash,
    write_record,
)
from sharewiz.sets.state import state_dir

HISTORY_NAME = "history.yaml"
_HISTORY_HEADER = (
    "# sharewiz version history of this document set: written at each render that changes\n"
    "# a document. Keep it with the documents (e.g. in git); edit summaries if you wish.\n"
)


@dataclass
class HistoryEntry:
    """One version of a set: its number, date, what changed, and whether to re-sign."""

    version: str
    date: str
    summary: list[str]
    resign: bool = False

    def as_dict(self) -> dict[str, Any]:
        """What templates and the history file see."""
        return {
            "version": self.version,
            "date": self.date,
            "summary": list(self.summary),
            "resign": self.resign,
        }


# -- version numbers and history -----------------------------------------------------


def bump_version(version: str, *, major: bool) -> str:
    """`1.4` -> `2.0` (major) or `1.5` (minor); anything unreadable counts as 1.0."""
    match = re.fullmatch(r"(\d+)(?:\.(\d+))?(?:\.\d+)*", version.strip())
    first, second = (int(match.group(1)), int(match.group(2) or 0)) if match else (1, 0)
    return f"{first + 1}.0" if major else f"{first}.{second + 1}"


def read_history(set_dir: Path) -> list[HistoryEntry]:
    """The set's version history, oldest first (empty if there is none yet)."""
    from sharewiz.errors import FileFormatError
    from sharewiz.model.yamlio import load_yaml

    path = state_dir(set_dir) / HISTORY_NAME
    if not path.is_file():
        return []
    try:
        data = load_yaml(path, plain=True) or {}
    except FileFormatError as exc:
        raise UserError(exc.message, hint=f"fix or delete {path}") from exc
    entries = data.get("history") if isinstance(data, Mapping) else None
    if not isinstance(entries, list):
        raise UserError(f"{path}: expected a 'history:' list", hint=f"fix or delete {path}")
    history = []
    for item in entries:
        if not isinstance(item, Mapping) or not item.get("version"):
            raise UserError(f"{path}: each history entry needs a version", hint="fix the file")
        summary = item.get("summary") or []
        history.append(
            HistoryEntry(
                version=str(item["version"]),
                date=str(item.get("date") or ""),
                summary=[str(s) for s in (summary if isinstance(summary, list) else [summary])],
                resign=str(item.get("resign", "")).lower() in ("true", "yes"),
            )
        )
    return history


def write_history(set_dir: Path, history: Sequence[HistoryEntry]) -> None:
    """Write the history file atomically."""
    from sharewiz.model.atomic import write_text_atomic
    from sharewiz.model.yamlio import dump_yaml_reused

    # fresh lists and mappings (no anchors), the same first entry for most of a batch
    text = _HISTORY_HEADER + dump_yaml_reused({"history": [e.as_dict() for e in history]})
    write_text_atomic(state_dir(set_dir) / HISTORY_NAME, text)


# -- the render hook -----------------------------------------------------------------


@dataclass
class RenderPlan:
    """What a render of a set will record: answers to render, context, record, history."""

    set_dir: Path
    answers: dict[str, Any]
    context: dict[str, Any]
    record: RenderRecord
    history: list[HistoryEntry]
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
    template_hash: str | None = None,
) -> RenderPlan:
    """Work out the version, history and protocol link of a render, writing nothing.

    Args:
        tree: The set's question tree.
        answers: Typed answers, before defaults.
        set_dir: The set's folder (where `.sharewiz/` is).
        template_dirs: Custom template folders, as for rendering.
        tree_dirs: Custom question-tree folders (to read a linked protocol).
        today: The date of a new history entry when the document date did not change.
        template_hash: The templates' hash if already known (a batch worker hashes them
            once, not per set); computed here when None.

    Returns:
        The answers to render (inherited answers filled, version set), the extra
        template context (`history`, `protocol`) and what to record after writing.
    """
    from sharewiz.sets.links import inherit, protocol_dir_of, read_protocol

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
            "dir": str(protocol_dir),
            "version": protocol.version,
            "hash": protocol.fingerprint,
        }
    previous = read_record(set_dir)
    history = read_history(set_dir)
    has_version = any(q.id == "document_version" for q in tree.questions())
    answered = str(answers.get("document_version") or "") if has_version else ""
    if template_hash is None:
        template_hash = templates_hash([d.template for d in tree.documents], template_dirs)
    content = {k: v for k, v in answers.items() if k != "document_version"}
    changes: list[Change] = []
    entry: HistoryEntry | None = None
    when = str(answers.get("document_date") or (today or dt.date.today()).isoformat())
    if not history or previous is None:
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
        if previous.templates_hash and previous.templates_hash != template_hash:
            summary.append("Standard wording updated")
        if protocol_info and previous.protocol.get("hash") != protocol_info["hash"]:
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
    full_history = [*history, entry] if entry else list(history)
    record = RenderRecord(
        kind=tree.id,
        tree_version=tree.version,
        version=version,
        answered_version=answered,
        rendered_on=(today or dt.date.today()).isoformat(),
        templates_hash=template_hash,
        answers=plain_json(content),
        protocol=protocol_info,
    )
    context = {
        "history": [e.as_dict() for e in full_history],
        "protocol": protocol_context,
    }
    return RenderPlan(set_dir, answers, context, record, full_history, changes, entry, own)


def finish_render(
    plan: RenderPlan, files: Sequence[Path | str], written: Mapping[str, str] | None = None
) -> None:
    """After the files are written: record their hashes, and the history if it grew.

    Args:
        plan: What :func:`prepare_render` planned.
        files: The files written, as paths or as names inside the set folder.
        written: File name -> sha256 of the bytes just written, when the caller has them
            (saves reading every file back); otherwise the files are read and hashed.
    """
    hashes = {}
    for item in files:
        path = Path(item) if isinstance(item, Path) else plan.set_dir / item
        known = written.get(path.name) if written is not None else None
        digest = known if known is not None else file_hash(path)
        if digest is not None and path.name != "answers.yaml":
            hashes[path.name] = digest
    previous = read_record(plan.set_dir)
    if previous is not None and plan.new_entry is None:
        # nothing changed: keep the date it was last really rendered
        plan.record.rendered_on = previous.rendered_on or plan.record.rendered_on
        hashes = {**previous.files, **hashes}
    plan.record.files = hashes
    write_record(plan.set_dir, plan.record)
    if plan.new_entry is not None:
        write_history(plan.set_dir, plan.history)
