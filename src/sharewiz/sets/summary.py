"""What `status` shows of a set, recorded by its render so `status` need not read it again.

`status` over many sets must not read, type and check every set's answers on each run.
A render has just done all of that, so it records in the set's state what `status`
shows (:func:`checked_record`): the title, the parties, the document and review dates,
and the findings of the rules that hold on any day, with what the date-dependent rules
read (`sharewiz.law.dated`). The record names what it was made with (:func:`checks_key`:
sharewiz, the knowledge base and rules, the question tree); with the answers file's
hash, already in the state, that says when it can be trusted. `status` then judges
only the date-dependent rules again, as of its own day (:func:`recorded_findings`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sharewiz.law.dated import check_dated, dated_inputs, dated_rule_ids
from sharewiz.law.findings import Finding, finding_from_dict, sort_findings
from sharewiz.model.tree import QuestionTree
from sharewiz.sets.jsontext import plain_json

if TYPE_CHECKING:
    from collections.abc import Mapping


def checked_record(
    tree: QuestionTree,
    full: Mapping[str, Any],
    findings: list[Finding],
    *,
    key: str,
    answered_for: int | None = None,
) -> dict[str, Any]:
    """What `status` shows of a set, from its render; {} when it cannot be reused.

    Args:
        tree: The set's question tree.
        full: The answers checked (defaults filled in, as `law.rules.full_answers` gives).
        findings: The render's findings.
        key: What the record was made with (:func:`sharewiz.sets.inputs.checks_key`).
        answered_for: The tree version the answers file was written for, if it says.
    """
    dated = dated_inputs(tree.id, full)
    if dated is None:  # a date-dependent rule reads more than answers: check in full
        return {}
    judged_again = dated_rule_ids(tree.id)
    return {
        "with": key,
        "title": set_title(tree, full),
        "parties": party_names(full),
        "document_date": str(full.get("document_date") or ""),
        "review_date": str(full.get("review_date") or ""),
        "findings": [f.as_dict() for f in findings if f.rule_id not in judged_again],
        "dated": plain_json(dated),
        "answered_for": answered_for or tree.version,
    }


def recorded_findings(kind: str, record: Mapping[str, Any], *, today: dt.date) -> list[Finding]:
    """The findings of a set as of `today`, from its record: the date-dependent rules are
    judged again, the others' findings hold on any day."""
    kept = [finding_from_dict(item) for item in record.get("findings") or []]
    return sort_findings([*kept, *check_dated(kind, record.get("dated") or {}, today=today)])


def set_title(tree: QuestionTree, answers: Mapping[str, Any]) -> str:
    """The title of the set's first document, as its header shows it."""
    from sharewiz.render.engine import template_environment
    from sharewiz.render.titles import title_text

    if not tree.documents:
        return tree.title
    try:
        text = title_text(
            template_environment(), tree.documents[0].title, {**answers, "answers": answers}
        )
    except Exception:  # a title naming something missing: fall back to the kind's title
        return tree.title
    return text or tree.title


def party_names(answers: Mapping[str, Any]) -> list[str]:
    """The parties of a set (its `parties` answer), or its controller."""
    names = [str(p.get("name")) for p in answers.get("parties") or [] if p.get("name")]
    if not names and answers.get("controller_name"):
        names = [str(answers["controller_name"])]
    return names
