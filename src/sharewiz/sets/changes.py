"""What changed between two sets of answers, in plain English, and whether to re-sign.

A change is *material* when it needs the partners to sign again (parties, purpose,
lawful basis, data, retention, special category data); the rules are data, in
`knowledge/portfolio/versioning.yaml`. Versioning (`sharewiz.sets.versions`) uses these
summaries for each new history entry; `sharewiz update` prints them with
:func:`describe_update`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sharewiz.model.paths import data_dir
from sharewiz.model.tree import Question, QuestionTree
from sharewiz.sets.jsontext import plain_json

_DURATION = re.compile(r"\b(\d+)\s*(day|week|month|year)s?\b", re.IGNORECASE)
_SHORT = 80


@dataclass(frozen=True)
class Change:
    """One difference between two sets of answers, in plain English."""

    question_id: str
    action: str  # "added", "removed", "changed" or "renamed"
    summary: str
    material: bool


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
def load_versioning_rules(path: Path | None = None) -> VersioningRules:
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
    rules = rules or load_versioning_rules()
    material = rules.material_for(tree.id)
    old, new = plain_json(dict(old_answers)), plain_json(dict(new_answers))
    changes: list[Change] = []
    # an answer recorded under a question's old id is the same answer: a rename, not an
    # addition (and no change at all to the document's content)
    for old_id, new_id in tree.renamed.items():
        if old_id in old and old_id not in new and new_id not in old:
            old[new_id] = old.pop(old_id)
            changes.append(
                Change(new_id, "renamed", f"Question {old_id} renamed to {new_id}", False)
            )
    if tree.renamed_choices:  # an old choice value recorded is the same answer, too
        from sharewiz.model.renamed_choices import migrate_choices_in

        for key in list(old):
            old[key] = migrate_choices_in(tree, key, old[key], [])
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


def _key_text(value: Any) -> str:
    """A group key's value as text; a multi answer (several parties) joined with commas."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value or "")


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
        return " → ".join(_key_text(entry.get(k)) for k in keys)

    old_by = {key_of(e): e for e in old}
    new_by = {key_of(e): e for e in new}
    result: list[tuple[str, str]] = []
    for key, entry in new_by.items():
        if key not in old_by:
            result.append(("added", f"{noun} added: {_clip(key)}"))
        elif _filled(old_by[key]) != _filled(entry):
            before, after = _filled(old_by[key]), _filled(entry)
            inner = {q.id: q for q in question.questions}
            fields = [f for f in {**before, **after} if before.get(f) != after.get(f)]
            what = ", ".join(_field_label(inner.get(f), f) for f in fields)
            result.append(("changed", f"{noun} changed: {_clip(key)} ({what})"))
    for key in old_by:
        if key not in new_by:
            result.append(("removed", f"{noun} removed: {_clip(key)}"))
    return result


def _filled(entry: Any) -> dict[str, Any]:
    """A group entry's answered fields: an empty field and a field the tree has only
    since added are the same (no answer), not a change."""
    if not isinstance(entry, Mapping):
        return {"": entry}
    return {str(k): v for k, v in entry.items() if not _empty(v)}


def _field_label(question: Question | None, qid: str) -> str:
    if question is not None and len(question.prompt) <= 40:
        return question.prompt.rstrip("?").lower()
    return _humanise(qid).lower()


def describe_update(
    tree: QuestionTree, old_answers: Mapping[str, Any], new_answers: Mapping[str, Any]
) -> tuple[list[str], bool]:
    """For `sharewiz update`: (summary lines of what changed, whether partners re-sign)."""
    changes = summarise_changes(tree, old_answers, new_answers)
    return [c.summary for c in changes], needs_resigning(changes)
