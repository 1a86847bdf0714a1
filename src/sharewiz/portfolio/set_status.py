"""The status of one set folder: shown from its state's record, or read and checked.

`sharewiz.portfolio.status` gathers these for a portfolio. A set whose state records
what `status` shows (`sharewiz.sets.summary`), made from the answers file, question
tree, knowledge base and sharewiz it has now, is shown from that record: its files are
hashed and compared with the state, its protocol's fingerprint too, and only the
date-dependent checks are judged again. Any other set is read, typed and checked in full.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.errors import SharewizError
from sharewiz.law.findings import Finding
from sharewiz.model.tree import QuestionTree
from sharewiz.portfolio.loaders import Loaders, read_each_time
from sharewiz.portfolio.reviews import check_review
from sharewiz.portfolio.source_status import check_source
from sharewiz.sets.links import ProtocolSet, protocol_dir_of
from sharewiz.sets.settle import OpenConflict, open_conflicts
from sharewiz.sets.state import (
    ANSWERS_NAME,
    SetState,
    edited_files,
    file_sha256,
    read_state,
    state_answers,
)
from sharewiz.sets.summary import party_names, recorded_findings, set_title
from sharewiz.sets.versions import KindTemplates

DEFAULT_WITHIN_DAYS = 60


@dataclass
class SetStatus:
    """Everything `status`, `due` and the exports know about one set."""

    dir: Path
    kind: str
    title: str = ""
    parties: list[str] = field(default_factory=list)
    version: str = ""
    last_rendered: str = ""
    review_date: str = ""
    document_date: str = ""
    errors: int | None = None  # None: checks not available
    warnings: int | None = None
    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tree: QuestionTree | None = None
    state: SetState | None = None  # what sharewiz last wrote, from .sharewiz/state.json
    conflicts: list[OpenConflict] = field(default_factory=list)  # files a person must settle
    out_of_date: list[str] = field(default_factory=list)  # why a render now would differ
    # set when the status was shown from the state's record: reads the answers when asked
    answers_reader: Callable[[], dict[str, Any]] | None = field(default=None, repr=False)
    _answers: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def answers(self) -> dict[str, Any]:
        """The set's answers, defaults filled in (read on first use for a set shown from
        its record; {} when they cannot be read)."""
        if self._answers is None:
            self._answers = self.answers_reader() if self.answers_reader is not None else {}
        return self._answers

    @answers.setter
    def answers(self, value: dict[str, Any]) -> None:
        self._answers = value

    @property
    def needs_attention(self) -> bool:
        """Whether anything here needs someone to act."""
        return bool(self.problems)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (no answers)."""
        return {
            "dir": str(self.dir),
            "kind": self.kind,
            "title": self.title,
            "parties": self.parties,
            "version": self.version,
            "last_rendered": self.last_rendered,
            "review_date": self.review_date,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.as_dict() for f in self.findings],
            "needs_attention": self.needs_attention,
            "problems": self.problems,
            "conflicts": [c.as_dict() for c in self.conflicts],
            "out_of_date": self.out_of_date,
            "notes": self.notes,
        }


def _recorded_answers(status: SetStatus, loaders: Loaders) -> dict[str, Any]:
    """The answers of a set shown from its record, read as for any set (the protocol's
    filled in), for the exports and cross-document rules; {} when they cannot be read."""
    from sharewiz.model.conditions import effective_answers
    from sharewiz.model.reading import read_answers
    from sharewiz.sets.links import fill_from_source, inherit

    try:
        read = read_answers(status.dir / ANSWERS_NAME, tree_for=loaders.tree_for)
    except SharewizError as exc:  # changed since the record was trusted: say so, never raise
        status.problems.append(f"answers cannot be read: {exc.message}")
        return {}
    answers, protocol_dir = read.answers, protocol_dir_of(status.dir, read.answers)
    if protocol_dir is not None:
        with contextlib.suppress(SharewizError):  # reported when the record was read
            answers = inherit(read.tree, answers, loaders.protocol_for(protocol_dir))
    with contextlib.suppress(SharewizError):  # reported when the record was read
        answers = fill_from_source(
            read.tree, answers, status.dir, tree_dirs=loaders.tree_dirs
        ).answers
    return effective_answers(read.tree, answers)


def add_finding(status: SetStatus, finding: Finding) -> None:
    status.findings.append(finding)
    if finding.severity == "error":
        status.errors = (status.errors or 0) + 1
        status.problems.append(f"{finding.rule_id}: {finding.message}")
    else:
        status.warnings = (status.warnings or 0) + 1


def set_status(
    set_dir: Path,
    *,
    today: dt.date,
    within_days: int = DEFAULT_WITHIN_DAYS,
    template_dirs: Sequence[Path] = (),
    tree_dirs: Sequence[Path] = (),
    loaders: Loaders | None = None,
    trust_record: bool = True,
) -> SetStatus:
    """The status of one set folder; problems are collected, never raised.

    Args:
        set_dir: The set's folder.
        today: The date reviews and dated checks are judged on.
        within_days: How far ahead a review counts as due.
        template_dirs: Custom template folders.
        tree_dirs: Custom question-tree folders.
        loaders: How trees, templates and protocols are read (a portfolio passes
            loaders that read each once); by default they are read for this set.
        trust_record: Show the set from its state's record when nothing it was made
            from changed (False: read and check its answers whatever the record says).
    """
    loaders = loaders or read_each_time(template_dirs, tree_dirs)
    status = SetStatus(dir=set_dir, kind="?")
    if trust_record and _from_record(status, today, within_days, loaders):
        return status
    return _read_in_full(SetStatus(dir=set_dir, kind="?"), today, within_days, loaders)


def _from_record(status: SetStatus, today: dt.date, within_days: int, loaders: Loaders) -> bool:
    """Fill in the status from the state's record; False (nothing shown) when the answers
    file, the tree, the knowledge base or sharewiz changed since it was made."""
    from sharewiz.sets.inputs import checks_key

    try:
        state = read_state(status.dir)
        if state is None or not state.checked:
            return False
        tree = loaders.tree_for(state.kind)
    except SharewizError:
        return False  # said by the full reading
    record = state.checked
    if record.get("with") != checks_key(tree):
        return False
    if file_sha256(status.dir / ANSWERS_NAME) != state.files.get(ANSWERS_NAME):
        return False
    status.kind, status.tree, status.state = tree.id, tree, state
    status.answers_reader = lambda: _recorded_answers(status, loaders)
    status.title = str(record.get("title") or "")
    status.parties = [str(name) for name in record.get("parties") or []]
    status.document_date = str(record.get("document_date") or "")
    status.review_date = str(record.get("review_date") or "")
    status.version = state.version
    status.last_rendered = state.rendered_on
    _check_protocol(status, state.answers, loaders)
    check_source(status, tree, state.answers, loaders)
    _note_answered_for(status, tree, int(record.get("answered_for") or 0))
    _check_files(status, tree, {}, state, (), _templates_of(tree, loaders))
    check_review(status, today, within_days)
    status.errors, status.warnings = 0, 0
    for finding in recorded_findings(tree.id, record, today=today):
        add_finding(status, finding)
    return True


def _read_in_full(
    status: SetStatus, today: dt.date, within_days: int, loaders: Loaders
) -> SetStatus:
    """The status of a set from its answers, read, typed and checked now."""
    from sharewiz.law.rules import full_answers
    from sharewiz.model.answers_file import read_answers_file
    from sharewiz.model.reading import read_answers
    from sharewiz.sets.links import inherit

    set_dir = status.dir
    try:
        read = read_answers(set_dir / ANSWERS_NAME, tree_for=loaders.tree_for)
    except SharewizError as exc:
        status.problems.append(f"answers cannot be read: {exc.message}")
        with contextlib.suppress(SharewizError):  # the kind, if the file says it
            status.kind = read_answers_file(set_dir / ANSWERS_NAME).kind
        return status
    tree, file, answers = read.tree, read.file, read.answers
    status.kind = file.kind
    status.tree = tree
    try:
        state = status.state = read_state(set_dir)
    except SharewizError as exc:
        status.problems.append(exc.message.splitlines()[0])
        state = None
    protocol = _check_protocol(status, answers, loaders)
    answers = inherit(tree, answers, protocol) if protocol is not None else answers
    answers = check_source(status, tree, answers, loaders)
    full = status.answers = full_answers(tree, answers)
    status.title = set_title(tree, full)
    status.parties = party_names(full)
    status.document_date = str(full.get("document_date") or "")
    status.review_date = str(full.get("review_date") or "")
    status.version = (state.version if state else "") or str(full.get("document_version") or "")
    status.last_rendered = state.rendered_on if state else ""
    _check_answers(status, tree, answers, file.tree_version)
    _check_files(status, tree, full, state, loaders.template_dirs, _templates_of(tree, loaders))
    if state is not None and _answers_changed(state, answers):
        status.out_of_date.append(f"{ANSWERS_NAME} changed since it was rendered")
        recorded = state.files.get(ANSWERS_NAME)
        if recorded and file_sha256(set_dir / ANSWERS_NAME) != recorded:
            # edited since it was rendered: not a newer tree or protocol read anew
            status.problems.append(
                f"{ANSWERS_NAME} changed since it was rendered: render it again "
                f"(`sharewiz update {set_dir}`)"
            )
    check_review(status, today, within_days)
    _run_checks(status, tree, full, today)
    return status


def _templates_of(tree: QuestionTree, loaders: Loaders) -> KindTemplates:
    return loaders.templates_for(tuple(d.template for d in tree.documents))


def _check_protocol(
    status: SetStatus, answers: dict[str, Any], loaders: Loaders
) -> ProtocolSet | None:
    """The protocol the set sits under, if any; one changed since the render is a problem."""
    protocol_dir = protocol_dir_of(status.dir, answers)
    if protocol_dir is None:
        return None
    try:
        protocol = loaders.protocol_for(protocol_dir)
    except SharewizError as exc:
        status.problems.append(f"protocol cannot be read: {exc.message.splitlines()[0]}")
        return None
    recorded = status.state.protocol if status.state is not None else {}
    if recorded and recorded.get("hash") != protocol.fingerprint:
        was, now = recorded.get("version") or "?", protocol.version or "?"
        change = f"version {was} → {now}" if was != now else f"version {now}, answers changed"
        status.out_of_date.append(f"protocol changed ({change})")
        status.problems.append(
            f"protocol changed since rendered ({change}): update with "
            f"`sharewiz update --dependants {protocol_dir}`"
        )
    return protocol


def _answers_changed(state: SetState, answers: dict[str, Any]) -> bool:
    """Whether the answers (protocol's included) differ from those last rendered; the
    version is sharewiz's to move, so it is not an answer here. A state that recorded no
    answers (an old folder's) cannot tell."""
    if not state.answers:
        return False
    now = state_answers({k: v for k, v in answers.items() if k != "document_version"})
    return now != {k: v for k, v in state.answers.items() if k != "document_version"}


def _check_answers(
    status: SetStatus, tree: QuestionTree, answers: dict[str, Any], answered_for: int
) -> None:
    from sharewiz.model.conditions import missing_answers

    missing = missing_answers(tree, answers)
    if missing:
        ids = ", ".join(q.id for q in missing[:5]) + (" ..." if len(missing) > 5 else "")
        status.problems.append(
            f"{len(missing)} answer(s) missing for version {tree.version} of the questions: {ids}"
        )
    else:
        _note_answered_for(status, tree, answered_for)


def _note_answered_for(status: SetStatus, tree: QuestionTree, answered_for: int) -> None:
    if answered_for and answered_for < tree.version:
        status.notes.append(f"answered for questions version {answered_for}; now {tree.version}")


def _check_files(
    status: SetStatus,
    tree: QuestionTree,
    answers: dict[str, Any],
    state: SetState | None,
    template_dirs: Sequence[Path],
    current: KindTemplates,
) -> None:
    if state is None:
        if _rendered_markdown_differs(status, tree, answers, template_dirs):
            status.out_of_date.append("documents differ from a fresh render")
            status.problems.append(
                "documents differ from a fresh render (hand-edited, or templates changed); "
                "no sharewiz record to tell which"
            )
        return
    status.conflicts = open_conflicts(status.dir, state)
    status.problems.extend(str(conflict) for conflict in status.conflicts)
    edited, missing = edited_files(status.dir, state)
    if edited:
        status.problems.append(f"edited by hand since sharewiz wrote it: {', '.join(edited)}")
    if missing:
        status.problems.append(f"missing: {', '.join(missing)}")
    if not state.templates_hash:
        status.notes.append("templates used are not recorded (an older sharewiz): render it again")
    elif state.templates_hash != current.hash:
        status.out_of_date.append("templates changed")
        made = KindTemplates(state.templates_version, state.templates_hash, {})
        status.problems.append(
            f"made with {made.label(tree.id, beside=current.version)}, now "
            f"{current.label(tree.id, beside=state.templates_version)}: render it again "
            f"(`sharewiz diff --wording {status.dir}` shows the wording that changed)"
        )

    if state.tree_version and state.tree_version < tree.version:
        status.notes.append(
            f"rendered with questions version {state.tree_version}; now {tree.version}"
        )


def _rendered_markdown_differs(
    status: SetStatus, tree: QuestionTree, answers: dict[str, Any], template_dirs: Sequence[Path]
) -> bool:
    """For a set without a record: render in memory and compare with its Markdown files."""
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.render.engine import render_set
    from sharewiz.render.formats import safe_name
    from sharewiz.sets.versions import prepare_render

    try:
        # the same version, history and protocol a render here would use
        plan = prepare_render(tree, answers, status.dir, template_dirs=template_dirs)
        documents = render_set(
            tree, plan.answers, kb=load_knowledge(), template_dirs=template_dirs,
            extra_context=plan.context,
        )  # fmt: skip
    except SharewizError as exc:
        status.problems.append(f"cannot be rendered: {exc.message.splitlines()[0]}")
        return False
    found = False
    for doc in documents:
        path = status.dir / f"{safe_name(doc.id)}.md"
        if path.is_file():
            found = True
            if path.read_text(encoding="utf-8") != doc.markdown:
                return True
    if not found:
        status.out_of_date.append("not rendered yet")
        status.problems.append("not rendered yet: run `sharewiz render DIR/answers.yaml`")
    return False


def _run_checks(
    status: SetStatus, tree: QuestionTree, answers: dict[str, Any], today: dt.date
) -> None:
    from sharewiz.law.rules import check_answers

    status.errors, status.warnings = 0, 0
    for finding in check_answers(tree.id, answers, today=today):  # defaults already filled
        add_finding(status, finding)
