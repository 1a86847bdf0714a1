"""A portfolio of document sets: the central log of agreements and what needs attention.

The ICO Accountability Framework expects a central log of current sharing agreements
and their regular review (legal checklist DSA-23, DSA-17). `sharewiz status` is that log:
one row per set with its kind, title, parties, version, last render, review date, check
results, and every reason it needs attention:

- its answers do not fit, or miss answers the installed questions now require;
- the templates changed since it was rendered (the standard wording moved on);
- a file sharewiz wrote was edited by hand, or is gone;
- its protocol (Tier 1) changed since it was rendered;
- its review date has passed;
- checks or cross-document rules found errors.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.errors import SharewizError
from sharewiz.law.consistency import SetFacts, check_portfolio
from sharewiz.law.findings import Finding
from sharewiz.model.tree import QuestionTree
from sharewiz.sets.links import find_sets, protocol_dir_of
from sharewiz.sets.settle import OpenConflict, open_conflicts
from sharewiz.sets.state import ANSWERS_NAME, SetState, edited_files, read_state, state_answers
from sharewiz.sets.versions import KindTemplates, kind_templates

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
    answers: dict[str, Any] = field(default_factory=dict)
    tree: QuestionTree | None = None
    state: SetState | None = None  # what sharewiz last wrote, from .sharewiz/state.json
    conflicts: list[OpenConflict] = field(default_factory=list)  # files a person must settle
    out_of_date: list[str] = field(default_factory=list)  # why a render now would differ

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


def discover(dirs: Sequence[Path] | None = None) -> list[Path]:
    """Set folders in the given folders (default: under the current directory)."""
    return find_sets(list(dirs) if dirs else [Path.cwd()])


def portfolio_status(
    dirs: Sequence[Path] | None = None,
    *,
    today: dt.date | None = None,
    within_days: int = DEFAULT_WITHIN_DAYS,
    template_dirs: Sequence[Path] = (),
    tree_dirs: Sequence[Path] = (),
) -> list[SetStatus]:
    """The status of every set, with cross-document findings, sorted by folder."""
    from functools import cache

    from sharewiz.sets.build import load_kind

    today = today or dt.date.today()
    # each kind's tree and templates are read once for the whole portfolio, not per set
    trees = cache(lambda kind: load_kind(kind, tree_dirs=tree_dirs))
    templates = cache(lambda names: kind_templates(names, template_dirs))
    statuses = [
        set_status(d, today=today, within_days=within_days, template_dirs=template_dirs,
                   tree_dirs=tree_dirs, tree_for=trees, templates_for=templates)
        for d in discover(dirs)
    ]  # fmt: skip
    facts = [
        SetFacts(s.dir.resolve(), s.kind, s.answers, protocol_dir_of(s.dir.resolve(), s.answers))
        for s in statuses
        if s.answers
    ]
    cross = check_portfolio(facts, today=today)
    for status in statuses:
        for finding in cross.get(status.dir.resolve(), []):
            _add_finding(status, finding)
    return sorted(statuses, key=lambda s: str(s.dir))


def _add_finding(status: SetStatus, finding: Finding) -> None:
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
    tree_for: Callable[[str], QuestionTree] | None = None,
    templates_for: Callable[[tuple[str, ...]], KindTemplates] | None = None,
) -> SetStatus:
    """The status of one set folder; problems are collected, never raised.

    `tree_for` and `templates_for` load a kind's tree and its templates' version and
    hashes (a portfolio passes loaders that read each kind once); by default they are
    read for this set.
    """
    from sharewiz.model.answers_file import read_answers_file
    from sharewiz.model.conditions import effective_answers
    from sharewiz.model.reading import read_answers
    from sharewiz.sets.build import kind_loader

    status = SetStatus(dir=set_dir, kind="?")
    try:
        read = read_answers(set_dir / ANSWERS_NAME, tree_for=tree_for or kind_loader(tree_dirs))
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
    answers = _with_protocol(status, tree, answers, tree_dirs)
    full = effective_answers(tree, answers)
    status.answers = full
    status.title = set_title(tree, full)
    status.parties = party_names(full)
    status.document_date = str(full.get("document_date") or "")
    status.review_date = str(full.get("review_date") or "")
    status.version = (state.version if state else "") or str(full.get("document_version") or "")
    status.last_rendered = state.rendered_on if state else ""
    _check_answers(status, tree, answers, file.tree_version)
    current = (templates_for or (lambda names: kind_templates(names, template_dirs)))(
        tuple(d.template for d in tree.documents)
    )
    _check_files(status, tree, full, state, template_dirs, current)
    if state is not None and _answers_changed(state, answers):
        status.out_of_date.append(f"{ANSWERS_NAME} changed since it was rendered")
    _check_review(status, today, within_days)
    _run_checks(status, tree, full, today)
    return status


def _with_protocol(
    status: SetStatus, tree: QuestionTree, answers: dict[str, Any], tree_dirs: Sequence[Path]
) -> dict[str, Any]:
    from sharewiz.sets.links import inherit, read_protocol

    protocol_dir = protocol_dir_of(status.dir, answers)
    if protocol_dir is None:
        return answers
    try:
        protocol = read_protocol(protocol_dir, tree_dirs=tree_dirs)
    except SharewizError as exc:
        status.problems.append(f"protocol cannot be read: {exc.message.splitlines()[0]}")
        return answers
    recorded = status.state.protocol if status.state is not None else {}
    if recorded:
        if recorded.get("hash") != protocol.fingerprint:
            was, now = recorded.get("version") or "?", protocol.version or "?"
            change = f"version {was} → {now}" if was != now else f"version {now}, answers changed"
            status.out_of_date.append(f"protocol changed ({change})")
            status.problems.append(
                f"protocol changed since rendered ({change}): update with "
                f"`sharewiz update --dependants {protocol_dir}`"
            )
    return inherit(tree, answers, protocol)


def _answers_changed(state: SetState, answers: dict[str, Any]) -> bool:
    """Whether the answers (protocol's included) differ from those last rendered; the
    version is sharewiz's to move, so it is not an answer here."""
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
    elif answered_for and answered_for < tree.version:
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


def _check_review(status: SetStatus, today: dt.date, within_days: int) -> None:
    due = review_due(status)
    if due is None:
        if status.tree is not None and any(q.id == "review_date" for q in status.tree.questions()):
            status.notes.append("no review date")
        return
    days = (due - today).days
    if days < 0:
        status.problems.append(f"review overdue since {due.isoformat()} ({-days} days)")
    elif days <= within_days:
        status.notes.append(f"review due {due.isoformat()} (in {days} days)")


def review_due(status: SetStatus) -> dt.date | None:
    """The set's review date, if it has a valid one."""
    try:
        return dt.date.fromisoformat(status.review_date) if status.review_date else None
    except ValueError:
        return None


def _run_checks(
    status: SetStatus, tree: QuestionTree, answers: dict[str, Any], today: dt.date
) -> None:
    from sharewiz.law.rules import run_checks

    status.errors, status.warnings = 0, 0
    for finding in run_checks(tree, answers, today=today):
        _add_finding(status, finding)


def set_title(tree: QuestionTree, answers: dict[str, Any]) -> str:
    """The title of the set's first document, as its header shows it."""
    from sharewiz.model.expressions import unescape_markdown
    from sharewiz.model.sandbox import time_budget
    from sharewiz.render.engine import template_environment

    if not tree.documents:
        return tree.title
    env = template_environment()
    try:
        with time_budget():  # a custom tree's title is template code, bounded like any
            text = env.from_string(tree.documents[0].title).render({**answers, "answers": answers})
    except Exception:  # a title naming something missing: fall back to the kind's title
        return tree.title
    return " ".join(unescape_markdown(text).split()) or tree.title


def party_names(answers: dict[str, Any]) -> list[str]:
    """The parties of a set (its `parties` answer), or its controller."""
    names = [str(p.get("name")) for p in answers.get("parties") or [] if p.get("name")]
    if not names and answers.get("controller_name"):
        names = [str(answers["controller_name"])]
    return names


def due_reviews(
    statuses: Iterable[SetStatus], *, today: dt.date, within_days: int
) -> list[tuple[SetStatus, dt.date, int]]:
    """(set, review date, days left) for sets whose review is past or within the window."""
    found = []
    for status in statuses:
        due = review_due(status)
        if due is not None and (due - today).days <= within_days:
            found.append((status, due, (due - today).days))
    return sorted(found, key=lambda item: (item[1], str(item[0].dir)))


def parse_within(text: str) -> int:
    """`60d`, `8w`, `3m` (30-day months) or `60` -> days; a clear error otherwise."""
    from sharewiz.errors import UserError

    value = text.strip().lower()
    factor = {"d": 1, "w": 7, "m": 30}.get(value[-1:], 1)
    number = value[:-1] if value[-1:] in ("d", "w", "m") else value
    if not number.isdigit():
        raise UserError(
            f"--within {text!r}: not a number of days",
            hint="write e.g. 60d (days), 8w (weeks) or 3m (months of 30 days)",
        )
    return int(number) * factor
