"""Rule messages: the sandbox that renders a rule's message and fix as plain text.

A message may quote answers, and is printed on a terminal and in CI logs, so values
are shown as one line of plain text with control characters made visible, never as
Markdown or markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.errors import KnowledgeError
from sharewiz.law.findings import Finding
from sharewiz.model.expressions import Markdown

if TYPE_CHECKING:
    from sharewiz.law.rules import Rule

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MAX_VALUE = 80


def plain_value(value: Any) -> str:
    """An answer as it may appear in a terminal message: one line, no control codes.

    Long answers are cut short; a folder (a `Path`) is shown whole, so it can be opened,
    and so is wording the rule's author vouches for with `md` (a knowledge entry's
    citation, which a cut would leave half a reference).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = " ".join(str(value).split())
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if isinstance(value, (Path, Markdown)):
        return text
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


@cache
def message_environment() -> Any:
    """The expression sandbox, printing values as safe plain text rather than Markdown."""
    from sharewiz.model.expressions import expression_environment

    return expression_environment().overlay(finalize=plain_value)


@cache
def message_template(source: str) -> Any:
    """A rule's message or fix compiled once per process (a batch checks every set)."""
    return message_environment().from_string(source)


def rule_finding(rule: Rule, shown: Mapping[str, Any]) -> Finding:
    """The finding of a rule that holds, its message and fix rendered over `shown`."""
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        message=_render(rule, "message", rule.message, shown),
        citation=rule.citation,
        fix=_render(rule, "fix", rule.fix, shown),
        refs=rule.refs,
    )


def _render(rule: Rule, key: str, source: str, context: Mapping[str, Any]) -> str:
    from jinja2 import TemplateError as JinjaError

    try:
        text = message_template(source).render(context)
    except (JinjaError, TypeError, ValueError, ArithmeticError) as exc:
        raise KnowledgeError(f"{rule.where}: the {key} of rule {rule.id} failed: {exc}") from exc
    return " ".join(str(text).split())


__all__ = ["message_environment", "message_template", "plain_value", "rule_finding"]
