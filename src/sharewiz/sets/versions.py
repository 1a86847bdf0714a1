"""Versions and change history of a document set.

Each render that changes a document raises its version: the major number when a
*material* answer changed (one that needs the partners to sign again: parties, purpose,
lawful basis, data, retention, special category data), the minor number otherwise. The
rules are data, in `knowledge/portfolio/versioning.yaml`. The history of versions, each
with its date and a plain-English summary generated from the answer differences, is
kept in `DIR/.sharewiz/history.yaml` and shown to templates as `history`.

`sharewiz update` calls :func:`describe_update` to print what changed and whether the
partners must re-sign.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sharewiz.errors import UserError
from sharewiz.model.paths import data_dir
from sharewiz.model.tree import Question, QuestionTree
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
_DURATION = re.compile(r"\b(\d+)\s*(day|week|month|year)s?\b", re.IGNORECASE)
_SHORT = 80


@dataclass(frozen=True)
class Change:
    """One difference between two sets of answers, in plain English."""

    question_id: str
    action: str  # "added", "removed" or "changed"
    summary: str
    material: bool


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


@dataclass(frozen=True)
class VersioningRules:
    """The house rules of `knowledge/portfolio/versioning.yaml`."""

    bookkeeping: frozenset[str]
    material: Mapping[str, frozenset[str]]
    labels: Mapping[str, str]
    group_keys: Mapping[str, tuple[str, ...]]

    def material_for(self, kind: str) -> frozenset[str]:
        """The material question ids of a kind (the default list for unknown kinds)."""
        return self.material.get(kind, self.material.get("default", frozenset()))


@cache
def load_rules(path: Path | None = None) -> VersioningRules:
    """Read the versioning rules."""
    from sharewiz.model.yamlio import load_yaml

    source = path or data_dir("knowledge") / "portfolio" / "versioning.yaml"
    data = load_yaml(source, plain=True) or {}
    material = {
        str(kind): frozenset(str(i) for i in ids or [])
        for kind, ids in dict(data.get("material") or {}).items()
    }
    return VersioningRules(
        bookkeeping=frozenset(str(i) for i in data.get("bookkeeping") or []),
        material=material,
        labels={str(k): str(v) for k, v in dict(data.get("labels") or {}).items()},
        group_keys={
            str(k): tuple(str(i) for i in v) for k, v in dict(data.get("group_keys") or {}).items()
        },
    )


# -- summarising changes -------------------------------------------------------------


def summarise_changes(
    tree: QuestionTree,
    old_answers: Mapping[str, Any],
    new_answers: Mapping[str, Any],
    *,
    rules: VersioningRules | None = None,
) -> list[Change]:
    """Every difference between two sets of answers, in the tree's order, in plain English."""
    rules = rules or load_rules()
    material = rules.material_for(tree.id)
    old, new = plain_json(dict(old_answers)), plain_json(dict(new_answers))
    changes: list[Change] = []
    for question in tree.questions():
        qid = question.id
        if qid in rules.bookkeeping or _empty(old.get(qid)) and _empty(new.get(qid)):
            continue
        if old.get(qid) == new.get(qid):
            continue
        label = rules.labels.get(qid) or _humanise(qid)
        for action, text in _describe(question, label, old.get(qid), new.get(qid), rules):
            changes.append(Change(qid, action, text, qid in material))
    return changes


def needs_resigning(changes: Sequence[Change]) -> bool:
    """Whether any change is material, so the partners must agree and sign again."""
    return any(change.material for change in changes)


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def _humanise(qid: str) -> str:
    return qid.replace("_", " ").strip().capitalize()


def _describe(
    question: Question, label: str, old: Any, new: Any, rules: VersioningRules
) -> list[tuple[str, str]]:
    if question.type == "group":
        return _describe_group(question, label, old or [], new or [], rules)
    if question.type == "multi":
        return _describe_multi(question, label, old or [], new or [])
    old_text, new_text = _shown(question, old), _shown(question, new)
    if _empty(old):
        return [("added", f"{label} added: {_clip(new_text)}")]
    if _empty(new):
        return [("removed", f"{label} removed (was {_clip(old_text)})")]
    if len(old_text) <= _SHORT and len(new_text) <= _SHORT:
        return [("changed", f"{label} changed from {old_text} to {new_text}")]
    old_span, new_span = _durations(old_text), _durations(new_text)
    if old_span and new_span and old_span != new_span:
        return [("changed", f"{label} changed from {old_span} to {new_span}")]
    return [("changed", f"{label} changed")]


def _shown(question: Question, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if question.type == "choice":
        return question.label_for(str(value))
    return " ".join(str(value).split())


def _clip(text: str) -> str:
    return text if len(text) <= _SHORT else text[: _SHORT - 1].rstrip() + "…"


def _durations(text: str) -> str:
    spans = [f"{n} {unit.lower()}{'' if n == '1' else 's'}" for n, unit in _DURATION.findall(text)]
    return ", ".join(dict.fromkeys(spans))


def _describe_multi(
    question: Question, label: str, old: list[Any], new: list[Any]
) -> list[tuple[str, str]]:
    added = [question.label_for(str(v)) for v in new if v not in old]
    removed = [question.label_for(str(v)) for v in old if v not in new]
    parts = []
    if added:
        parts.append(("added", f"{label}: added {', '.join(added)}"))
    if removed:
        parts.append(("removed", f"{label}: removed {', '.join(removed)}"))
    return parts


def _describe_group(
    question: Question, label: str, old: list[Any], new: list[Any], rules: VersioningRules
) -> list[tuple[str, str]]:
    keys = rules.group_keys.get(question.id) or (
        (question.questions[0].id,) if question.questions else ()
    )
    noun = label if question.id in rules.labels else question.item_name.capitalize()

    def key_of(entry: Any) -> str:
        if not isinstance(entry, Mapping):
            return str(entry)
        return " → ".join(str(entry.get(k) or "") for k in keys)

    old_by = {key_of(e): e for e in old}
    new_by = {key_of(e): e for e in new}
    result: list[tuple[str, str]] = []
    for key, entry in new_by.items():
        if key not in old_by:
            result.append(("added", f"{noun} added: {_clip(key)}"))
        elif old_by[key] != entry:
            inner = {q.id: q for q in question.questions}
            fields = [
                (inner[f].id if f in inner else f)
                for f in entry
                if old_by[key].get(f) != entry.get(f)
            ]
            what = ", ".join(_field_label(inner.get(f), f) for f in fields)
            result.append(("changed", f"{noun} changed: {_clip(key)} ({what})"))
    for key in old_by:
        if key not in new_by:
            result.append(("removed", f"{noun} removed: {_clip(key)}"))
    return result


def _field_label(question: Question | None, qid: str) -> str:
    if question is not None and len(question.prompt) <= 40:
        return question.prompt.rstrip("?").lower()
    return _humanise(qid).lower()


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
    from sharewiz.model.answers import write_text_atomic
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


def describe_update(
    tree: QuestionTree, old_answers: Mapping[str, Any], new_answers: Mapping[str, Any]
) -> tuple[list[str], bool]:
    """For `sharewiz update`: (summary lines of what changed, whether partners re-sign)."""
    changes = summarise_changes(tree, old_answers, new_answers)
    return [c.summary for c in changes], needs_resigning(changes)
