"""A batch re-run: which sets are unchanged is decided in the parent, before any worker.

A set's render is a pure function of what its batch job gives it (the base answers and
its CSV row, or its answers file), of what the batch shares (options, settings, the tree,
the kind's templates, the knowledge base, sharewiz itself) and of the set's own folder.
Each render records :func:`job_key`, the hash of the first two, in the set's state.
When a batch runs again, a set whose recorded key is this run's and whose every file
holds the bytes the state records would render to the same bytes: the parent reports it
unchanged from its state (:func:`unchanged_result`), as the worker would, without
reading its answers, checking or rendering. Worker processes are started only for the
sets left, so a batch with nothing new starts none.

Anything the key cannot vouch for goes to a worker, whose update engine decides
(`sharewiz.sets.engine`): a set under a protocol (the protocol may have changed), a set
with no key or checks recorded, `--force`, and a set whose files were touched.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sharewiz import __version__
from sharewiz.errors import SharewizError
from sharewiz.sets.jsontext import plain_json
from sharewiz.sets.state import ANSWERS_NAME, read_state, sha256, state_path

if TYPE_CHECKING:
    from sharewiz.model.tree import QuestionTree
    from sharewiz.sets.worker import Job, Options, SetResult


def job_key(job: Job, options: Options, tree: QuestionTree) -> str:
    """The hash of what a batch job gives its set, with everything the batch shares.

    Args:
        job: The set's job: a CSV row over the base answers, or an answers file.
        options: The batch's options (formats, settings, `--set` values, the base).
        tree: The question tree of the set's kind.
    """
    shared, computed_dates = _shared(options, tree)
    given: Any
    if job.path is not None:
        try:
            given = sha256(job.path.read_bytes())
        except OSError:
            given = None  # unreadable: the worker reports it
    else:
        given = [list(cell) for cell in job.cells]
    own = {"given": given, "today": _today_if_read(job, options, computed_dates)}
    text = json.dumps(own, sort_keys=True, ensure_ascii=False, default=str)
    return sha256(f"{shared}\0{text}".encode())


# (options, tree) -> what every job of the batch shares: its hash, the tree's computed
# dates; worked out once per batch and process, not per set
_SHARED: dict[tuple[int, int], tuple[Options, QuestionTree, str, tuple[str, ...]]] = {}


def forget_shared() -> None:
    """Drop what the last batch shared (a new batch may have new templates)."""
    _SHARED.clear()


def _shared(options: Options, tree: QuestionTree) -> tuple[str, tuple[str, ...]]:
    from sharewiz.sets.inputs import knowledge_digest, reference_stamp, tree_digest
    from sharewiz.sets.worker import kind_templates_once

    known = _SHARED.get((id(options), id(tree)))
    if known is not None and known[0] is options and known[1] is tree:
        return known[2], known[3]
    settings = options.settings
    shared = {
        "sharewiz": __version__,
        "knowledge": knowledge_digest(),
        "tree": tree_digest(tree),
        "templates": kind_templates_once(tree, settings.template_dirs).hash,
        "formats": list(options.formats),
        "audience": options.audience,
        "overrides": [list(pair) for pair in options.overrides],
        "base": None if options.base is None else plain_json(dict(options.base.raw)),
        # custom folders count by what they hold (the tree and templates above), not where
        # they are: the same set in another clone keeps its key
        "reference_docx": reference_stamp(settings.reference_docx),
        "defaults": plain_json(dict(settings.defaults)),
    }
    text = json.dumps(shared, sort_keys=True, ensure_ascii=False, default=str)
    computed = _clock_dates(tree)
    # the objects are kept with their ids, so an id is never another object's
    _SHARED[(id(options), id(tree))] = (options, tree, sha256(text.encode("utf-8")), computed)
    return _SHARED[(id(options), id(tree))][2], computed


def _clock_dates(tree: QuestionTree) -> tuple[str, ...]:
    """The date questions whose computed default may read the clock: one naming `today`
    or any answer but another date (a date from a date moves only if that one does)."""
    from jinja2 import TemplateError

    from sharewiz.model.expressions import expression_names

    questions = [q for q in tree.questions() if q.type == "date"]
    dates = {q.id for q in questions}
    clock = []
    for question in questions:
        if not question.default_from:
            continue
        try:
            names = expression_names(question.default_from)
        except TemplateError:
            names = {"today"}
        if not names <= dates:
            clock.append(question.id)
    return tuple(clock)


def _today_if_read(job: Job, options: Options, computed_dates: tuple[str, ...]) -> str | None:
    """Today's date when the set's answers may take it: a date question whose default is
    computed (`document_date` from `today`) left unanswered is pinned to the day it is
    first rendered (`model.conditions.pin_dates`), so another day is another input."""
    from sharewiz.model import expressions

    if not computed_dates:
        return None
    if job.path is None and options.base is not None:
        cells = dict(job.cells)
        raw = options.base.raw
        given = [cells[qid] if qid in cells else raw.get(qid) for qid in computed_dates]
        if all(value is not None and value != "" for value in given):
            return None
    return expressions.today()  # the clock `pin_dates` reads


def unchanged_result(job: Job, options: Options) -> SetResult | None:
    """The set's result when this job would leave it exactly as it is; else None.

    Reads only the set's state and the files it records (no answers typed, no checks,
    no render): the findings are those its last render recorded, the date-dependent
    ones judged again as of the document's date, as the update engine reports them.
    """
    from sharewiz.law.findings import has_errors
    from sharewiz.render.meta import render_date
    from sharewiz.sets.inputs import as_recorded
    from sharewiz.sets.summary import recorded_findings
    from sharewiz.sets.worker import DRAFT, UNCHANGED, SetResult, cached_tree

    if options.force:
        return None
    out_dir = job.out_dir
    try:
        if not state_path(out_dir).is_file():
            return None
        state = read_state(out_dir)
        if state is None or not state.job or not state.checked or state.protocol:
            return None
        tree = cached_tree(state.kind, options.settings.tree_dirs)
        if state.job != job_key(job, options, tree) or not as_recorded(out_dir, state):
            return None
    except SharewizError:  # unreadable state, unknown kind: the worker says why
        return None
    as_of = render_date({"document_date": state.checked.get("document_date")})
    findings = recorded_findings(state.kind, state.checked, today=as_of)
    files = [out_dir / ANSWERS_NAME, *(out_dir / name for name in state.hand_checked_files())]
    return SetResult(
        job.index,
        job.label,
        str(out_dir),
        DRAFT if has_errors(findings) else UNCHANGED,
        files=[str(path) for path in files],
        findings=[finding.as_dict() for finding in findings],
    )
