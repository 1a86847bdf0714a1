"""Exports of a portfolio for other systems: record of processing, JSON, calendar.

The record of processing activities (RoPA) has one row per processing activity: each
purpose of a privacy notice, each flow of a data sharing agreement. Its columns are the
controller's fields of UK GDPR Art 30(1)(a)-(g) (checked against the legal checklist's
`records_of_processing_art30`), then the lawful basis and special category condition,
then the three things DPA 2018 Sch 1 para 41 adds to the record where a Schedule 1
condition needing an appropriate policy document is relied on (the condition, how the
processing satisfies Art 6, and whether the data is retained and erased as the policy
says and, if not, why), and where the row came from. A protocol sets a framework and
describes no processing of its own, so it has no rows.

A cell is never the literal `None`: a field the answers settle as empty says so in words
("No joint controllers"), one they do not cover says `NOT_RECORDED`, and the para 41
fields say `NOT_APPLICABLE` where no such condition is relied on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sharewiz.model.arrangement import Flow, expand_flows
from sharewiz.model.tree import QuestionTree
from sharewiz.portfolio.status import SetStatus
from sharewiz.sets.jsontext import plain_json

ROPA_COLUMNS: tuple[str, ...] = (
    "Controller name and contact details (Art 30(1)(a))",
    "Joint controllers (Art 30(1)(a))",
    "Representative (Art 30(1)(a))",
    "Data protection officer (Art 30(1)(a))",
    "Purposes of the processing (Art 30(1)(b))",
    "Categories of data subjects (Art 30(1)(c))",
    "Categories of personal data (Art 30(1)(c))",
    "Categories of recipients (Art 30(1)(d))",
    "Transfers to third countries or international organisations and safeguards (Art 30(1)(e))",
    "Time limits for erasure (Art 30(1)(f))",
    "Technical and organisational security measures (Art 30(1)(g))",
    "Lawful basis (Art 6)",
    "Special category or criminal offence condition",
    "Schedule 1 condition relied on (DPA 2018 Sch 1 para 41(a))",
    "How the processing satisfies Art 6 (DPA 2018 Sch 1 para 41(b))",
    "Retained and erased as the appropriate policy document says, and if not why "
    "(DPA 2018 Sch 1 para 41(c))",
    "Document set",
    "Kind",
    "Version",
    "Review date",
)
NOT_RECORDED = "Not recorded in this document set"
NOT_APPLICABLE = "Not applicable: no Schedule 1 condition needing a policy document"
_NO_TRANSFERS = "No transfers outside the UK"
_NO_JOINT = "No joint controllers"
_NO_REPRESENTATIVE = "No representative"
_NO_DPO = "No data protection officer"
_NO_RECIPIENTS = "No recipients"
_NO_CONDITION = "No special category or criminal offence data"


def _join(values: Iterable[Any], sep: str = "; ") -> str:
    return sep.join(" ".join(str(v).split()) for v in values if v not in (None, ""))


def _label(
    tree: QuestionTree,
    question_id: str,
    value: Any,
    group: str | None = None,
    *,
    cited: bool = False,
) -> str:
    """A choice's label, looked up in the tree (inside a group if given); `cited` adds the
    first provision its citation names ("Health or social care (UK GDPR Art 9(2)(h))")."""
    if value in (None, ""):
        return ""
    try:
        question = tree.question(group or question_id)
    except (KeyError, LookupError, ValueError):
        return str(value)
    if group is not None:
        question = next((q for q in question.questions if q.id == question_id), None)  # type: ignore[assignment]
    choice = (
        next((c for c in question.choices if c.value == str(value)), None) if question else None
    )
    if choice is None:
        return str(value)
    # "Art 9(2)(g) (as amended by DUAA 2025 s72(4))": the record names the provision alone
    provision = re.sub(r"\s*\(as amended .*$", "", choice.citation.split(";")[0]).strip()
    return f"{choice.label} ({provision})" if cited and provision else choice.label


def _multi(tree: QuestionTree, question_id: str, values: Any) -> str:
    return _join(_label(tree, question_id, v) for v in values or [])


def ropa_rows(statuses: Sequence[SetStatus]) -> list[dict[str, str]]:
    """One row per processing activity of every set, keyed by :data:`ROPA_COLUMNS`."""
    rows: list[dict[str, str]] = []
    for status in statuses:
        if status.tree is None:
            continue
        maker = _ROW_MAKERS.get(status.kind)
        if maker is None and status.answers.get("purposes"):
            maker = _notice_rows
        elif maker is None and status.answers.get("flows"):
            maker = _agreement_rows
        if maker is None:
            continue
        para41 = _para41(status.answers)
        for row in maker(status.tree, status.answers):
            for column, cell in para41.items():  # an agreement's rows state their own
                row.setdefault(column, cell)
            row.setdefault(ROPA_COLUMNS[14], row.get(ROPA_COLUMNS[11]) or "")  # para 41(b)
            row.update(
                {
                    "Document set": str(status.dir),
                    "Kind": status.kind,
                    "Version": status.version,
                    "Review date": status.review_date,
                }
            )
            rows.append(
                {c: " ".join(str(row.get(c) or "").split()) or NOT_RECORDED for c in ROPA_COLUMNS}
            )
    return rows


def _para41(a: Mapping[str, Any]) -> dict[str, str]:
    """The para 41 cells where a condition needing a policy document is relied on: (a)
    and (c) here, (b) (how Art 6 is met) is each row's lawful basis; else every para 41
    cell is `NOT_APPLICABLE`."""
    from sharewiz.law.facts import compute_facts
    from sharewiz.law.knowledge import load_knowledge

    facts = compute_facts(a, kb=load_knowledge())
    if not facts["needs_apd"]:
        return dict.fromkeys(ROPA_COLUMNS[13:16], NOT_APPLICABLE)
    conditions = list(
        dict.fromkeys(
            f"para {entry.data['paragraph']} {entry.title}"
            for use in facts["condition_uses"]
            if use["needs_apd"]
            for entry in (use["schedule1"], use["criminal_schedule1"])
            if entry is not None and entry.data.get("needs_apd")
        )
    )
    retention = facts["apd_retention"] or NOT_RECORDED
    return {ROPA_COLUMNS[13]: _join(conditions), ROPA_COLUMNS[15]: retention}


def _transfers(tree: QuestionTree, a: Mapping[str, Any]) -> str:
    if not a.get("international_transfers"):
        return _NO_TRANSFERS
    mechanism = _label(tree, "transfer_mechanism", a.get("transfer_mechanism"))
    return _join(
        [a.get("transfer_destinations"), mechanism and f"safeguard: {mechanism}",
         a.get("safeguards_copy")]
    )  # fmt: skip


def _notice_rows(tree: QuestionTree, a: Mapping[str, Any]) -> list[dict[str, str]]:
    controller = _join(
        [a.get("controller_name"), a.get("controller_address"), a.get("controller_email"),
         a.get("controller_phone")], ", "
    )  # fmt: skip
    dpo = _join([a.get("dpo_name"), a.get("dpo_email")], ", ") if a.get("has_dpo") else ""
    categories = a.get("data_categories") or []
    data = [_category_cell(tree, c) for c in categories]
    sensitive = [
        c for c in categories if c.get("category") in ("special_category", "criminal_offence")
    ]
    conditions = [
        (c.get("items"), [c.get("art9_condition"), c.get("schedule1_condition")], "special_conditions")
        for c in a.get("special_conditions") or []
    ] + [
        (c.get("items"), [c.get("criminal_condition"), c.get("criminal_schedule1_condition")],
         "criminal_conditions")
        for c in a.get("criminal_conditions") or []
    ]  # fmt: skip
    condition = "; ".join(
        f"{_join(items or [], ', ')}: "
        + _join(
            (
                _label(tree, key, value, group=group, cited=True)
                for key, value in zip(_CONDITION_QUESTIONS[group], values, strict=True)
            ),
            ", with ",
        )
        for items, values, group in conditions
    )
    base = {
        ROPA_COLUMNS[0]: controller,
        ROPA_COLUMNS[1]: _NO_JOINT,
        ROPA_COLUMNS[2]: a.get("representative_details")
        if a.get("has_representative")
        else _NO_REPRESENTATIVE,
        ROPA_COLUMNS[3]: dpo or (_NO_DPO if a.get("has_dpo") is False else ""),
        ROPA_COLUMNS[5]: a.get("audience") or "",
        ROPA_COLUMNS[6]: _join(data),
        ROPA_COLUMNS[7]: _join(r.get("name") for r in a.get("recipients") or []) or _NO_RECIPIENTS,
        ROPA_COLUMNS[8]: _transfers(tree, a),
        ROPA_COLUMNS[9]: a.get("retention_period") or "",
        ROPA_COLUMNS[12]: condition or _no_condition(sensitive),
    }
    rows = []
    for purpose in a.get("purposes") or [{}]:
        basis = _label(tree, "basis", purpose.get("basis"), group="purposes")
        rows.append(
            {
                **{k: str(v) for k, v in base.items()},
                ROPA_COLUMNS[4]: _join([purpose.get("description")]),
                ROPA_COLUMNS[11]: _join([basis, purpose.get("legal_source")], ": "),
            }
        )
    return rows


def _dpo_of(party: Mapping[str, Any]) -> str:
    """A party's data protection officer: its signatories who sign as DPO (UK GDPR
    Art 30(1)(a)); empty, so the cell says not recorded, when none does."""
    return _join(
        _join([s.get("name"), s.get("job_title")], ", ")
        for s in party.get("signatories") or []
        if s.get("role") == "dpo"
    )


_CONDITION_QUESTIONS = {
    "special_conditions": ("art9_condition", "schedule1_condition"),
    "criminal_conditions": ("criminal_condition", "criminal_schedule1_condition"),
}


def _category_cell(tree: QuestionTree, category: Mapping[str, Any]) -> str:
    """A notice's category of information, with its kind where it is special or criminal."""
    name = str(category.get("name") or "")
    if category.get("category") == "special_category":
        kind = _label(tree, "special_category_type", category.get("special_category_type"),
                      group="data_categories")  # fmt: skip
        return f"{name} (special category: {kind})" if kind else f"{name} (special category)"
    if category.get("category") == "criminal_offence":
        return f"{name} (criminal offence data)"
    return name


def _agreement_rows(tree: QuestionTree, a: Mapping[str, Any]) -> list[dict[str, str]]:
    parties = {p.get("name"): p for p in a.get("parties") or []}
    joint = [n for n, p in parties.items() if p.get("role") == "joint_controller"]
    from sharewiz.law.arrangement import arrangement_data
    from sharewiz.law.knowledge import load_knowledge

    retention = _join(f"{r.get('party')}: {r.get('period')}" for r in a.get("retention") or [])
    security = _join(
        [_multi(tree, "security_standards", a.get("security_standards")),
         a.get("security_in_transit"), a.get("security_at_rest"), a.get("access_controls")]
    )  # fmt: skip
    rows = []
    flows = expand_flows(a.get("flows") or [], ()) or [Flow(next(iter(parties), ""), "", ())]
    view = arrangement_data(a, load_knowledge())["parties"]
    for flow in flows:
        sender = flow.sender
        party = parties.get(sender) or {}
        # the sender's own conditions for the items of this flow, nothing of other parties'
        own = [
            c
            for c in (view.get(sender) or {}).get("conditions", [])
            if set(c["items"]) & set(flow.items)
        ]
        special = [f for c in own for f in c["special_items"] if f in flow.items]
        criminal = [f for c in own for f in c["criminal_items"] if f in flow.items]
        data = ["; ".join(flow.items)]
        data += [f"special category: {f}" for f in dict.fromkeys(special)]
        data += [f"criminal offence data: {f}" for f in dict.fromkeys(criminal)]
        condition = _join(
            _join(
                [_label(tree, "art9_condition", c["art9_condition"], group="party_bases", cited=True),
                 _label(tree, "schedule1_condition", c["schedule1_condition"], group="party_bases", cited=True),
                 _label(tree, "criminal_condition", c["criminal_condition"], group="party_bases", cited=True)]
            ) + (f" ({'; '.join(c['special_items'] + c['criminal_items'])})"
                 if c["special_items"] or c["criminal_items"] else "")
            for c in own
            if c["art9_condition"] or c["criminal_condition"]
        )  # fmt: skip
        apd = [d["condition"] for c in own for d in c["policy_documents"] if d["needed"]]
        method = _label(tree, "method", flow.method, group="flows")
        often = flow.interval or _label(tree, "frequency", flow.frequency, group="flows")
        rows.append(
            {
                ROPA_COLUMNS[0]: _join(
                    [
                        sender,
                        party.get("address"),
                        party.get("contact_name"),
                        party.get("contact_email"),
                    ],
                    ", ",
                ),  # fmt: skip
                ROPA_COLUMNS[1]: _join(joint) if sender in joint else _NO_JOINT,
                ROPA_COLUMNS[2]: _NO_REPRESENTATIVE,
                ROPA_COLUMNS[3]: _dpo_of(party),
                ROPA_COLUMNS[4]: _join(
                    [
                        a.get("purpose"),
                        a.get("agreement_title") and f"(agreement: {a.get('agreement_title')})",
                    ],
                    " ",
                ),  # fmt: skip
                ROPA_COLUMNS[5]: a.get("data_subjects") or "",
                ROPA_COLUMNS[6]: _join(data),
                ROPA_COLUMNS[7]: _join([flow.recipient, method and f"by {method}", often], ", "),
                ROPA_COLUMNS[8]: _transfers(tree, a),
                ROPA_COLUMNS[9]: retention,
                ROPA_COLUMNS[10]: security,
                ROPA_COLUMNS[11]: _join(
                    _join(
                        [
                            _label(tree, "basis", b.get("basis"), group="party_bases"),
                            b.get("legal_source"),
                        ],
                        ": ",
                    )
                    for b in a.get("party_bases") or []
                    if b.get("party") == sender
                    and (not b.get("items") or set(b["items"]) & set(flow.items))
                ),  # fmt: skip
                ROPA_COLUMNS[12]: condition or _no_condition(special or criminal),
                **_agreement_para41(apd),
            }
        )
    return rows


def _agreement_para41(documents: list[str]) -> dict[str, str]:
    """Para 41 (a) for the sender's own conditions that need a policy document; none
    needed by the sender: para 41 does not apply to its row."""
    if not documents:
        return dict.fromkeys(ROPA_COLUMNS[13:16], NOT_APPLICABLE)
    from sharewiz.law.knowledge import load_knowledge

    known = load_knowledge().collection("schedule1_conditions")
    named = (f"para {known[c].data['paragraph']} {known[c].title}" for c in documents if c in known)
    return {ROPA_COLUMNS[13]: _join(dict.fromkeys(named))}


def _no_condition(sensitive: Any) -> str:
    """The condition cell without a condition: missing if the data needs one."""
    return NOT_RECORDED if sensitive else _NO_CONDITION


_ROW_MAKERS: dict[str, Callable[[QuestionTree, Mapping[str, Any]], list[dict[str, str]]]] = {
    "privacy-notice": _notice_rows,
    "data-sharing-agreement": _agreement_rows,
}


def ropa_csv(rows: Sequence[Mapping[str, str]]) -> str:
    """The rows as CSV text (header first, CRLF rows as RFC 4180 and Excel expect).

    Every cell is safe to open in a spreadsheet (`neutralise_cell`).
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(ROPA_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: neutralise_cell(str(v)) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (CSV injection).

    Following OWASP's guidance, a cell starting with `=`, `+`, `-`, `@`, a tab or a
    carriage return gets a leading `'`, so `=HYPERLINK(...)` from an answer is shown,
    not followed. The apostrophe is visible in the cell: the price of safety.
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def portfolio_json(statuses: Sequence[SetStatus]) -> str:
    """Answers and derived facts of every set, for other systems (sorted, stable)."""
    from sharewiz.render.diagram import answers_mermaid

    sets = []
    for status in statuses:
        entry = status.as_dict()
        entry["answers"] = plain_json(status.answers)
        entry["history"] = [h.as_dict() for h in status.state.history] if status.state else []
        entry["data_flow_mermaid"] = (
            answers_mermaid(status.tree, status.answers) if status.tree else ""
        )
        entry["protocol"] = dict(status.state.protocol) if status.state else {}
        sets.append(entry)
    return json.dumps({"sets": sets}, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
