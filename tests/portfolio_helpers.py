"""A small portfolio for the portfolio, versions and exports tests.

The agreement and protocol kinds are written inline into a custom folder (questions/
and templates/), shaped like the real data-sharing-agreement and
information-sharing-protocol kinds (same question ids), so these tests do not depend on
those kinds being installed. Privacy notices come from examples/.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from helpers import build_file_tree
from sharewiz.model.yamlio import dump_yaml
from sharewiz.sets.build import build_set, load_kind, read_answers

_PARTIES = """
      - id: parties
        type: group
        prompt: Parties
        help: Each organisation.
        item_name: party
        questions:
          - id: name
            type: text
            prompt: Name
            help: Legal name.
          - id: role
            type: choice
            prompt: Role
            help: Controller relationship.
            choices:
              - {value: controller, label: Controller}
              - {value: joint_controller, label: Joint controller}
              - {value: processor, label: Processor}
"""

PROTOCOL_TREE = (
    """
id: information-sharing-protocol
version: 1
title: Information sharing protocol
description: A test protocol.
documents:
  - id: protocol
    template: information-sharing-protocol/protocol.md.j2
    title: "Protocol: {{ protocol_name }}"
meta:
  version: document_version
  date: document_date
sections:
  - id: main
    title: Protocol
    questions:
      - id: protocol_name
        type: text
        prompt: Name
        help: Its name.
      - id: document_version
        type: text
        prompt: Version
        help: Version.
        default: "1.0"
      - id: document_date
        type: date
        prompt: Date
        help: Date.
      - id: review_date
        type: date
        prompt: Review
        help: Review date.
        required: false
"""
    + _PARTIES
    + """
      - id: security_standards
        type: multi
        prompt: Standards
        help: Shared standards.
        required: false
        choices:
          - {value: cyber_essentials_plus, label: Cyber Essentials Plus}
          - {value: dspt, label: Data Security and Protection Toolkit}
      - id: breach_notify_hours
        type: number
        prompt: Hours
        help: Breach notice.
        required: false
"""
)

AGREEMENT_TREE = (
    """
id: data-sharing-agreement
version: 1
title: Data sharing agreement
description: A test agreement.
documents:
  - id: data-sharing-agreement
    template: data-sharing-agreement/agreement.md.j2
    title: "Data sharing agreement: {{ agreement_title }}"
    numbered: true
meta:
  version: document_version
  date: document_date
sections:
  - id: main
    title: Agreement
    questions:
      - id: agreement_title
        type: text
        prompt: Title
        help: Its name.
      - id: document_version
        type: text
        prompt: Version
        help: Version.
        default: "1.0"
      - id: document_date
        type: date
        prompt: Date
        help: Date.
      - id: review_date
        type: date
        prompt: Review
        help: Review date.
        required: false
      - id: protocol_dir
        type: text
        prompt: Protocol folder
        help: The protocol's set folder.
        required: false
      - id: protocol_name
        type: text
        prompt: Protocol
        help: Its name.
        required: false
      - id: protocol_version
        type: text
        prompt: Protocol version
        help: Its version.
        required: false
"""
    + _PARTIES
    + """
      - id: purpose
        type: long_text
        prompt: Purpose
        help: Why.
      - id: data_subjects
        type: text
        prompt: Whose data
        help: Data subjects.
      - id: flows
        type: group
        prompt: Flows
        help: Who sends what to whom.
        item_name: flow
        required: false
        questions:
          - id: from_parties
            type: text
            prompt: From
            help: Sender.
          - id: to_parties
            type: text
            prompt: To
            help: Receiver.
          - id: items
            type: text
            prompt: What
            help: Data.
          - id: method
            type: choice
            prompt: How
            help: Method.
            choices:
              - {value: sftp, label: Secure file transfer (SFTP)}
              - {value: email, label: Secure email}
          - id: frequency
            type: text
            prompt: How often
            help: Frequency.
      - id: party_bases
        type: group
        prompt: Bases
        help: Lawful basis per party.
        item_name: lawful basis
        required: false
        questions:
          - id: party
            type: text
            prompt: Party
            help: Party.
          - id: basis
            type: choice
            prompt: Basis
            help: Basis.
            choices: [public_task, legal_obligation, consent]
      - id: retention
        type: group
        prompt: Retention
        help: Per party.
        item_name: retention entry
        required: false
        questions:
          - id: party
            type: text
            prompt: Party
            help: Party.
          - id: period
            type: text
            prompt: How long
            help: Period.
      - id: security_standards
        type: multi
        prompt: Standards
        help: Shared standards.
        required: false
        choices:
          - {value: cyber_essentials_plus, label: Cyber Essentials Plus}
          - {value: dspt, label: Data Security and Protection Toolkit}
      - id: breach_notify_hours
        type: number
        prompt: Hours
        help: Breach notice.
        required: false
"""
)

PROTOCOL_TEMPLATE = """
# {{ protocol_name }}

Version {{ document_version }}

## Partners

{% for p in parties %}- {{ p.name }}
{% endfor %}

## Version history

{% include "_partials/version-history.md.j2" %}
"""

AGREEMENT_TEMPLATE = """
# Data sharing agreement: {{ agreement_title }}

Version {{ document_version }}{% if protocol %}. Made under the {{ protocol.name }} (version {{ protocol.version }}).{% endif %}

## Parties

{% for p in parties %}- {{ p.name }} ({{ p.role }})
{% endfor %}

## Data flows

{% include "_partials/data-flows.md.j2" %}

## Version history

{% include "_partials/version-history.md.j2" %}
"""

PROTOCOL_ANSWERS: dict[str, Any] = {
    "protocol_name": "Northshire Information Sharing Protocol",
    "document_version": "2.0",
    "document_date": "2026-09-01",
    "review_date": "2027-09-01",
    "parties": [
        {"name": "Northshire County Council", "role": "controller"},
        {"name": "Northshire Police", "role": "controller"},
        {"name": "Northshire Healthcare NHS Foundation Trust", "role": "controller"},
    ],
    "security_standards": ["cyber_essentials_plus", "dspt"],
    "breach_notify_hours": 24,
}

AGREEMENT_ANSWERS: dict[str, Any] = {
    "agreement_title": "Adults at risk",
    "document_version": "1.0",
    "document_date": "2026-04-01",
    "review_date": "2026-10-01",
    "protocol_dir": "../protocol",
    "purpose": "To keep adults at risk of abuse or neglect safe.",
    "data_subjects": "adults at risk and their carers",
    "flows": [
        {
            "from_parties": "Northshire County Council",
            "to_parties": "Northshire Police",
            "items": "safeguarding referrals",
            "method": "sftp",
            "frequency": "as needed",
        },
        {
            "from_parties": "Northshire Police",
            "to_parties": "Northshire County Council",
            "items": "incident reports about adults at risk",
            "method": "email",
            "frequency": "daily",
        },
    ],
    "party_bases": [
        {"party": "Northshire County Council", "basis": "public_task"},
        {"party": "Northshire Police", "basis": "public_task"},
    ],
    "retention": [
        {"party": "Northshire County Council", "period": "6 years after the case closes"},
        {"party": "Northshire Police", "period": "6 years"},
    ],
}


def write_custom(root: Path) -> Path:
    """The custom folder holding both mini kinds; returns it."""
    return build_file_tree(
        root,
        {
            "questions/information-sharing-protocol.yaml": PROTOCOL_TREE,
            "questions/data-sharing-agreement.yaml": AGREEMENT_TREE,
            "templates/information-sharing-protocol/protocol.md.j2": PROTOCOL_TEMPLATE,
            "templates/data-sharing-agreement/agreement.md.j2": AGREEMENT_TEMPLATE,
        },
    )


def write_answers(set_dir: Path, kind: str, answers: dict[str, Any]) -> Path:
    """Write an answers.yaml for a set folder."""
    set_dir.mkdir(parents=True, exist_ok=True)
    path = set_dir / "answers.yaml"
    path.write_text(
        dump_yaml({"kind": kind, "tree_version": 1, "answers": answers}), encoding="utf-8"
    )
    return path


def render_dir(set_dir: Path, custom: Path, *, formats: tuple[str, ...] = ("md",)) -> None:
    """Render a set folder's answers.yaml into itself, with the custom folder."""
    tree, _file, answers = read_answers(set_dir / "answers.yaml", tree_dirs=[custom / "questions"])
    build_set(
        tree, answers, set_dir, formats=formats, force=True,
        template_dirs=[custom / "templates"], source=str(set_dir / "answers.yaml"),
    )  # fmt: skip


def agreement_tree(custom: Path) -> Any:
    """The mini agreement tree."""
    return load_kind("data-sharing-agreement", tree_dirs=[custom / "questions"])


def build_portfolio(root: Path, examples: Path) -> Path:
    """root/ with custom/, protocol/, agreement/ and two privacy notices, all rendered.

    Returns the portfolio folder (root/portfolio).
    """
    custom = write_custom(root / "custom")
    portfolio = root / "portfolio"
    write_answers(portfolio / "protocol", "information-sharing-protocol", PROTOCOL_ANSWERS)
    render_dir(portfolio / "protocol", custom)
    write_answers(portfolio / "agreement", "data-sharing-agreement", AGREEMENT_ANSWERS)
    render_dir(portfolio / "agreement", custom, formats=("md", "docx", "html"))
    for name in ("privacy-notice-council-adult-social-care", "privacy-notice-charity-food-bank"):
        target = portfolio / name
        target.mkdir(parents=True)
        shutil.copy(examples / f"{name}.yaml", target / "answers.yaml")
        render_dir(target, custom)
    return portfolio
