"""Links between sets: an agreement under its protocol; a set whose facts come from another.

Tier 1 -> Tier 2: a data sharing agreement that sits under an overarching protocol.

An agreement names its protocol by the folder of the protocol's document set, in the
answer `protocol_dir` (a path; a relative one is read from the agreement's own set
folder). When it is rendered, the agreement

- inherits what it leaves unanswered from the protocol (:data:`INHERITED`: the protocol's
  name and version, the partners, shared security standards, breach notice time);
- shows templates a `protocol` value (name, version, date, folder, partner names) so
  the document can cite the protocol and the version it sits under;
- records the protocol's version and a hash of its answers, so `sharewiz status` can
  flag agreements whose protocol changed after they were rendered.

A set of a kind whose tree declares `from_sets:` (a DPIA screening of an agreement) names
the set its facts come from in the answer `source_dir`, read the same way. Each time it is
rendered the mapped answers are taken from that set (:func:`fill_from_source`), so they
are never typed twice, and `update --dependants SOURCE_DIR` finds it as it finds an
agreement under a protocol (:func:`find_dependants`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.errors import AnswersError, UserError
from sharewiz.model.tree import QuestionTree
from sharewiz.model.tree_from_sets import SOURCE_DIR_ID
from sharewiz.sets.jsontext import plain_json
from sharewiz.sets.state import ANSWERS_NAME, read_state, relative_dir

PROTOCOL_DIR_ID = "protocol_dir"

# agreement question id -> protocol answer it is filled from when left unanswered.
# `version` is the protocol's current version (its history, else its answer).
INHERITED: dict[str, str] = {
    "protocol_name": "protocol_name",
    "protocol_version": "version",
    "parties": "parties",
    "security_standards": "security_standards",
    "breach_notify_hours": "breach_notify_hours",
}
_SKIPPED_DIRS = {".sharewiz", ".git", ".venv", "venv", "node_modules", "__pycache__"}


@dataclass(frozen=True)
class ProtocolSet:
    """The protocol an agreement sits under, as read from its set folder."""

    dir: Path
    kind: str
    answers: dict[str, Any]
    version: str
    fingerprint: str
    date: str = ""  # the date of its current version (ISO)

    def context(self) -> dict[str, Any]:
        """What templates see as `protocol`."""
        parties = [p.get("name") for p in self.answers.get("parties") or [] if p.get("name")]
        return {
            "dir": str(self.dir),
            "name": self.answers.get("protocol_name") or "",
            "version": self.version,
            "date": self.date,
            "parties": parties,
        }


def protocol_dir_of(set_dir: Path, answers: Mapping[str, Any]) -> Path | None:
    """The protocol folder an agreement names, resolved against its set folder."""
    return linked_dir(set_dir, answers, PROTOCOL_DIR_ID)


def source_dir_of(set_dir: Path, answers: Mapping[str, Any]) -> Path | None:
    """The folder of the set a set takes its facts from (`source_dir`), resolved."""
    return linked_dir(set_dir, answers, SOURCE_DIR_ID)


def linked_dir(set_dir: Path, answers: Mapping[str, Any], link_id: str) -> Path | None:
    """The folder named in the answer `link_id`, resolved against the set's folder."""
    value = answers.get(link_id)
    if not value or not isinstance(value, str):
        return None
    path = Path(value).expanduser()
    return (path if path.is_absolute() else set_dir / path).resolve()


def answers_fingerprint(answers: Mapping[str, Any]) -> str:
    """A hash of what a set says, leaving out the document's own date and version."""
    content = {k: v for k, v in answers.items() if k not in ("document_date", "document_version")}
    text = json.dumps(plain_json(content), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_protocol(
    protocol_dir: Path,
    *,
    tree_dirs: Sequence[Path] = (),  # noqa: ARG001 - kept for callers; answers are read as written
) -> ProtocolSet:
    """Read the protocol set in a folder; a clear error if there is none."""
    from sharewiz.model.answers_file import read_answers_file

    answers_path = protocol_dir / ANSWERS_NAME
    if not answers_path.is_file():
        raise UserError(
            f"{protocol_dir}: no protocol set here (no {ANSWERS_NAME})",
            hint=f"set '{PROTOCOL_DIR_ID}' to the folder of the protocol's document set",
        )
    # The answers as written: the agreement's own tree types whatever it inherits, and the
    # protocol's kind need not be loadable here (a custom tree, another version).
    file = read_answers_file(answers_path)
    kind, answers = file.kind, plain_json(file.answers)
    state = read_state(protocol_dir)
    version = (state.version if state else "") or str(answers.get("document_version") or "")
    # A new version carries its own date (sets.versions): answers.yaml may keep an older
    # document date, so the version and its date come from the protocol's history.
    dated = [e for e in state.history if e.version == version] if state else []
    date = dated[-1].date if dated and dated[-1].date else str(answers.get("document_date") or "")
    return ProtocolSet(
        dir=protocol_dir,
        kind=kind,
        answers=answers,
        version=version,
        fingerprint=answers_fingerprint(answers),
        date=date,
    )


def inherit(
    tree: QuestionTree, answers: Mapping[str, Any], protocol: ProtocolSet
) -> dict[str, Any]:
    """The agreement's answers with what it left unanswered filled in from its protocol."""
    from sharewiz.model.answers import InvalidAnswer, coerce

    known = {q.id: q for q in tree.questions()}
    result = dict(answers)
    for target, source in INHERITED.items():
        if target not in known or result.get(target) not in (None, "", []):
            continue
        value = protocol.version if source == "version" else protocol.answers.get(source)
        if value in (None, "", []):
            continue
        try:
            result[target] = coerce(known[target], value)
        except InvalidAnswer:
            continue  # the protocol's answer does not fit this tree: leave it to be asked
    return result


MAX_SEARCH_DEPTH = 64  # folders below a root that set discovery looks into


def find_sets(roots: Iterable[Path]) -> list[Path]:
    """Every document-set folder (one holding answers.yaml) at or under the roots.

    Looks at most `MAX_SEARCH_DEPTH` folders down, never through a symlinked folder, and
    skips folders it cannot read: a tree 1,300 folders deep, or a link loop, is not an error.
    """
    found: dict[Path, None] = {}
    for root in roots:
        if (root / ANSWERS_NAME).is_file():
            found[root] = None
            continue
        if not root.is_dir():
            raise UserError(f"{root}: no such folder", hint="give folders of document sets")
        found.update(dict.fromkeys(_set_folders(root)))
    return list(found)


def _set_folders(root: Path) -> list[Path]:
    """Folders under root holding answers.yaml, in path order (an explicit stack, not recursion)."""
    found: list[Path] = []
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name == ANSWERS_NAME and folder != root and entry.is_file():
                found.append(folder)
            elif (
                depth < MAX_SEARCH_DEPTH
                and entry.name not in _SKIPPED_DIRS
                and not entry.name.startswith(".")
                and entry.is_dir(follow_symlinks=False)
            ):
                stack.append((Path(entry.path), depth + 1))
    return sorted(found)


def find_dependants(protocol_dir: Path, search_roots: Iterable[Path]) -> list[Path]:
    """The sets under the roots whose `protocol_dir` or `source_dir` is this folder."""
    from sharewiz.model.answers_file import read_answers_file

    target = protocol_dir.resolve()
    dependants = []
    for set_dir in find_sets(search_roots):
        try:
            raw = read_answers_file(set_dir / ANSWERS_NAME).answers
        except AnswersError:
            continue  # status reports unreadable sets; discovery skips them
        linked = (protocol_dir_of(set_dir, raw), source_dir_of(set_dir, raw))
        if target in linked and set_dir.resolve() != target:
            dependants.append(set_dir)
    return dependants


@dataclass(frozen=True)
class SourceSet:
    """The set another set takes its facts from: its tree and typed answers."""

    dir: Path
    tree: QuestionTree
    answers: dict[str, Any]  # typed, with what it inherits from its own protocol
    fingerprint: str


def read_source(source_dir: Path, *, tree_dirs: Sequence[Path] = ()) -> SourceSet:
    """Read the set in `source_dir` by the one path (typed, its protocol's answers filled)."""
    from sharewiz.model.reading import read_answers
    from sharewiz.sets.build import kind_loader

    path = source_dir / ANSWERS_NAME
    if not path.is_file():
        raise UserError(
            f"{source_dir}: no document set here (no {ANSWERS_NAME})",
            hint=f"set {SOURCE_DIR_ID!r} to the folder of the set the answers come from",
        )
    read = read_answers(path, tree_for=kind_loader(tree_dirs))
    answers = dict(read.answers)
    protocol_dir = protocol_dir_of(source_dir, answers)
    if protocol_dir is not None:
        answers = inherit(read.tree, answers, read_protocol(protocol_dir))
    return SourceSet(source_dir, read.tree, answers, answers_fingerprint(answers))


def facts_from(
    tree: QuestionTree, source_tree: QuestionTree, source_answers: Mapping[str, Any]
) -> dict[str, Any]:
    """The answers `tree` takes from a set of `source_tree`'s kind (its `from_sets`).

    A fact the source leaves empty is left out, so the set's own answer (or the
    question) stands for it.
    """
    from sharewiz.model.answers import InvalidAnswer, coerce
    from sharewiz.model.conditions import effective_answers, evaluate, expression_context

    mapping = tree.from_sets.get(source_tree.id)
    if mapping is None:
        takes = ", ".join(sorted(tree.from_sets)) or "no other kind"
        raise UserError(
            f"a {tree.id} takes no answers from a {source_tree.id}",
            hint=f"{SOURCE_DIR_ID!r} must name a set of: {takes}",
        )
    context = expression_context(source_tree, effective_answers(source_tree, source_answers))
    known = {q.id: q for q in tree.questions()}
    facts: dict[str, Any] = {}
    for question_id, source in mapping.items():
        where = f"{tree.path}: from_sets {source_tree.id}.{question_id}"
        value = evaluate(source, context, where=where)
        if value is None or (isinstance(value, str | list) and not value):
            continue
        try:
            facts[question_id] = coerce(known[question_id], value)
        except InvalidAnswer as exc:
            raise UserError(
                f"{where}: the value it gives does not fit the question: {exc}",
                hint="the expression at that line of the tree needs fixing",
            ) from exc
    return facts


@dataclass(frozen=True)
class SourceFill:
    """A set's answers with its source's facts filled in, and the link to record."""

    answers: dict[str, Any]
    taken: frozenset[str] = frozenset()  # the ids filled from the source (never saved)
    link: Mapping[str, str] = field(default_factory=dict)  # dir (relative), kind, hash


def fill_from_source(
    tree: QuestionTree,
    answers: Mapping[str, Any],
    set_dir: Path,
    *,
    tree_dirs: Sequence[Path] = (),
) -> SourceFill:
    """The answers with the facts of the set in `source_dir` filled in (the source's win
    over any the file holds), the ids taken, and the link (`dir` relative to the set)."""
    source_dir = source_dir_of(set_dir, answers) if tree.from_sets else None
    if source_dir is None:
        return SourceFill(dict(answers))
    source = read_source(source_dir, tree_dirs=tree_dirs)
    facts = facts_from(tree, source.tree, source.answers)
    link = {
        "dir": relative_dir(source_dir, set_dir),
        "kind": source.tree.id,
        "hash": source.fingerprint,
    }
    return SourceFill({**answers, **facts}, frozenset(facts), link)
