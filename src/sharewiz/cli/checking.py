"""`sharewiz check` and `sharewiz explain`: between the CLI's options and the library."""

from __future__ import annotations

import json
from pathlib import Path

from sharewiz.cli.console import out, print_info
from sharewiz.cli.report import show_findings
from sharewiz.errors import ExitCode, UserError
from sharewiz.law.findings import FINDINGS_JSON_VERSION, findings_json, has_errors
from sharewiz.law.knowledge import load_knowledge
from sharewiz.law.rules import run_checks
from sharewiz.model.conditions import missing_answers
from sharewiz.model.settings import Settings, fill_defaults
from sharewiz.sets.build import check_complete, read_answers
from sharewiz.sets.state import ANSWERS_NAME


def run_check(*, target: Path, as_json: bool, settings: Settings) -> int:
    """Check one answers file (or a document folder holding answers.yaml).

    The answers are read and completed as `render` does: custom trees first, the
    profile's values beneath the answers. Answers missing a required value fail as they
    do for `render`, with the same message and exit code, after the findings (a draft's
    other problems are worth seeing too).

    Returns:
        1 when there is an error-level finding, 0 otherwise (warnings and advice pass).
    """
    path = target / ANSWERS_NAME if target.is_dir() else target
    if not path.is_file():
        raise UserError(
            f"{path}: no answers file here",
            hint="give an answers file, or a folder written by `sharewiz new` or `render`",
        )
    tree, file, answers = read_answers(path, tree_dirs=settings.tree_dirs)
    answers = fill_defaults(tree, answers, settings.defaults)  # beneath, as for `render`
    missing = [q.id for q in missing_answers(tree, answers)]
    findings = run_checks(tree, answers, load_knowledge())
    if target.is_dir():  # a set's folder: files left with conflicts are errors too
        from sharewiz.sets.settle import conflict_findings
        from sharewiz.sets.state import read_state

        findings = [*conflict_findings(target, read_state(target)), *findings]
    if as_json:
        document = {
            "findings_version": FINDINGS_JSON_VERSION,
            "file": str(path),
            "kind": tree.id,
            **findings_json(findings),
            "missing": missing,
        }
        out().print(
            json.dumps(document, indent=2, ensure_ascii=False), markup=False, highlight=False
        )
    else:
        show_findings(findings, title=f"{path} ({tree.title})")
    if missing:
        # raises the error `render` gives
        check_complete(tree, answers, str(path), answered_version=file.tree_version)
    return int(ExitCode.USER_ERROR if has_errors(findings) else ExitCode.OK)


def run_explain(*, topic: str | None, search_text: str | None) -> int:
    """Describe a knowledge topic, search the knowledge base, or list the topics."""
    from sharewiz.law import explain

    kb = load_knowledge()
    if search_text is not None:
        entries = explain.search(kb, search_text, collection=topic)
        if not entries:
            raise UserError(
                f"nothing in the knowledge base matches {search_text!r}",
                hint="try fewer or shorter words, or `sharewiz explain` for the topics",
            )
        for entry in entries:
            print_info(f"{entry.ref}: {entry.title} ({entry.citation})")
        return 0
    if topic is None:
        for collection_id, title, size in explain.list_topics(kb):
            print_info(f"{collection_id}: {title} ({size} entries)")
        print_info("More: sharewiz explain TOPIC, or sharewiz explain --search WORDS")
        return 0
    print_info(explain.format_topic(explain.find_topic(kb, topic)))
    return 0


__all__ = ["run_check", "run_explain"]
