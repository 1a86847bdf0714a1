"""Compliance checks: rules as data (`knowledge/rules/*.yaml`) evaluated over answers.

A rule names the document kinds it applies to, a `when` expression in the same Jinja
sandbox as question trees (over the answers and the derived facts of `sharewiz.law.facts`),
and a plain-English message, citation and fix. Rules are validated at load, so a typo
is a `file:line` error, never a wrong report. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.errors import KnowledgeError
from sharewiz.law.facts import FACTS, compute_facts
from sharewiz.law.knowledge import KnowledgeBase, load_knowledge
from sharewiz.model.paths import data_dir
from sharewiz.model.yamlio import MarkedDict, line_of, load_yaml

if TYPE_CHECKING:
    from sharewiz.model.expressions import Expression
    from sharewiz.model.tree import QuestionTree

SEVERITIES: tuple[str, ...] = ("error", "warning", "advice")
_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
_RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
_KIND = re.compile(r"^[a-z][a-z0-9-]*$")
_FILE_KEYS = {"description", "rules"}
_RULE_KEYS = ("id", "severity", "kinds", "when", "message", "citation", "fix", "refs")
# Names a rule may use besides question ids and facts; `found` is the value of `when`,
# so a message can name what made the rule fire.
RULE_GLOBALS = frozenset({"kb", "today", "found", "true", "false", "none", "add_months"})


@dataclass(frozen=True)
class Finding:
    """One problem found in a set of answers, with the law behind it and the fix."""

    rule_id: str
    severity: str
    message: str
    citation: str
    fix: str
    refs: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (`check --json`)."""
        return {
            "rule": self.rule_id,
            "severity": self.severity,
            "message": self.message,
            "citation": self.citation,
            "fix": self.fix,
            "refs": list(self.refs),
        }


@dataclass(frozen=True)
class Rule:
    """One compliance rule, validated and compiled."""

    id: str
    severity: str
    kinds: tuple[str, ...]
    when: str
    message: str
    citation: str
    fix: str
    refs: tuple[str, ...]
    file: Path
    line: int
    names: frozenset[str] = field(compare=False)
    _condition: Expression = field(compare=False, repr=False)

    @property
    def where(self) -> str:
        """`file:line` of the rule, for error messages."""
        return f"{self.file}:{self.line}"

    def applies_to(self, kind: str) -> bool:
        """Whether the rule is for this document kind."""
        return kind in self.kinds


# --- loading -------------------------------------------------------------------------


def rules_dir() -> Path:
    """The built-in rules folder, `knowledge/rules/`."""
    return data_dir("knowledge") / "rules"


def load_rules(root: Path | None = None, *, kb: KnowledgeBase | None = None) -> tuple[Rule, ...]:
    """Load and validate every `*.yaml` rules file under `root` (built-in by default).

    Raises:
        KnowledgeError: `file:line` for a bad severity, expression, template, reference,
            an unknown or missing key, or a duplicate rule id.
    """
    if root is None and kb is None:
        return _builtin_rules()
    return _load_rules(root or rules_dir(), kb or load_knowledge())


@cache
def _builtin_rules() -> tuple[Rule, ...]:
    return _load_rules(rules_dir(), load_knowledge())


def _load_rules(root: Path, kb: KnowledgeBase) -> tuple[Rule, ...]:
    if not root.is_dir():
        raise KnowledgeError(f"{root}: rules folder not found", hint="check the path")
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted(root.glob("*.yaml")):
        for rule in _load_file(path, kb):
            if rule.id in seen:
                raise KnowledgeError(
                    f"{rule.where}: duplicate rule id {rule.id!r} (first at {seen[rule.id]})",
                    hint="rule ids must be unique across all rules files",
                )
            seen[rule.id] = rule.where
            rules.append(rule)
    return tuple(rules)


def _fail(path: Path, line: int, message: str, hint: str | None = None) -> KnowledgeError:
    return KnowledgeError(f"{path}:{line}: {message}", hint=hint)


def _load_file(path: Path, kb: KnowledgeBase) -> list[Rule]:
    doc = load_yaml(path, error=KnowledgeError)
    if not isinstance(doc, MarkedDict):
        raise _fail(path, line_of(doc, default=1), "a rules file must be a mapping with `rules:`")
    for key in doc:
        if key not in _FILE_KEYS:
            raise _fail(path, line_of(doc, key), f"unknown key {key!r} in rules file",
                        hint="allowed keys: description, rules")  # fmt: skip
    items = doc.get("rules")
    if not isinstance(items, list) or not items:
        raise _fail(path, line_of(doc, "rules", 1), "`rules` must be a non-empty list")
    return [_load_rule(path, item, kb) for item in items]


def _load_rule(path: Path, item: Any, kb: KnowledgeBase) -> Rule:
    if not isinstance(item, MarkedDict):
        raise _fail(path, line_of(item, default=1), "each rule must be a mapping")
    label = f"rule {item.get('id')!r}" if isinstance(item.get("id"), str) else "a rule"
    for key in item:
        if key not in _RULE_KEYS:
            raise _fail(path, line_of(item, key), f"unknown key {key!r} in {label}",
                        hint=f"allowed keys: {', '.join(_RULE_KEYS)}")  # fmt: skip
    for key in _RULE_KEYS:
        if key not in item:
            raise _fail(path, item.line, f"{key!r} is missing in {label}",
                        hint=f"every rule needs: {', '.join(_RULE_KEYS)}")  # fmt: skip
    for key in ("id", "severity", "when", "message", "citation", "fix"):
        if not isinstance(item[key], str) or not item[key].strip():
            raise _fail(path, line_of(item, key), f"{key!r} must be non-empty text in {label}")
    rule_id = item["id"]
    if not _RULE_ID.match(rule_id):
        raise _fail(path, line_of(item, "id"), f"rule id {rule_id!r} is not like PN-PORTABILITY",
                    hint="use capital letters and digits in parts joined by dashes")  # fmt: skip
    if item["severity"] not in SEVERITIES:
        raise _fail(path, line_of(item, "severity"),
                    f"severity {item['severity']!r} in {label} is not one of: {', '.join(SEVERITIES)}")  # fmt: skip
    kinds = _text_list(path, item, "kinds", label)
    for kind in kinds:
        if not _KIND.match(kind):
            raise _fail(
                path, line_of(item, "kinds"), f"{kind!r} in {label} is not a document kind id"
            )
    refs = _text_list(path, item, "refs", label)
    for ref in refs:
        _check_ref(path, line_of(item, "refs"), ref, kb, label)
    condition, names = _compile(path, line_of(item, "when"), item["when"], label)
    for key in ("message", "fix"):
        names |= _template_names(path, line_of(item, key), item[key], label, key)
    return Rule(
        id=rule_id,
        severity=item["severity"],
        kinds=tuple(kinds),
        when=item["when"].strip(),
        message=" ".join(item["message"].split()),
        citation=" ".join(item["citation"].split()),
        fix=" ".join(item["fix"].split()),
        refs=tuple(refs),
        file=path,
        line=item.line,
        names=frozenset(names),
        _condition=condition,
    )


def _text_list(path: Path, item: MarkedDict, key: str, label: str) -> list[str]:
    value = item[key]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise _fail(path, line_of(item, key), f"{key!r} must be a non-empty list of ids in {label}")
    return list(value)


def _check_ref(path: Path, line: int, ref: str, kb: KnowledgeBase, label: str) -> None:
    collection, _, entry = ref.partition(".")
    if collection not in kb.collections or (entry and entry not in kb.collection(collection)):
        raise _fail(path, line, f"{label} refers to {ref!r}, which is not in the knowledge base",
                    hint="use collection.entry ids, e.g. lawful_bases.public_task (see `sharewiz explain`)")  # fmt: skip


def _compile(path: Path, line: int, source: str, label: str) -> tuple[Expression, set[str]]:
    from jinja2 import TemplateSyntaxError

    from sharewiz.model.expressions import compile_expression, expression_names

    try:
        names = expression_names(source)
        return compile_expression(source), names
    except TemplateSyntaxError as exc:
        raise _fail(path, line, f"bad expression in {label}: {exc.message}") from exc


def _template_names(path: Path, line: int, source: str, label: str, key: str) -> set[str]:
    from jinja2 import TemplateSyntaxError, meta

    try:
        parsed = _message_environment().parse(source)
    except TemplateSyntaxError as exc:
        raise _fail(path, line, f"bad template in the {key} of {label}: {exc.message}") from exc
    return set(meta.find_undeclared_variables(parsed))


# --- messages ------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MAX_VALUE = 80


def plain_value(value: Any) -> str:
    """An answer as it may appear in a terminal message: one line, no control codes."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = " ".join(str(value).split())
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


@cache
def _message_environment() -> Any:
    """The expression sandbox, printing values as safe plain text rather than Markdown."""
    from sharewiz.model.expressions import expression_environment

    return expression_environment().overlay(finalize=plain_value)


@cache
def _message_template(source: str) -> Any:
    """A rule's message or fix compiled once per process (a batch checks every set)."""
    return _message_environment().from_string(source)


def _render(rule: Rule, key: str, source: str, context: Mapping[str, Any]) -> str:
    from jinja2 import TemplateError as JinjaError

    try:
        text = _message_template(source).render(context)
    except (JinjaError, TypeError, ValueError, ArithmeticError) as exc:
        raise KnowledgeError(f"{rule.where}: the {key} of rule {rule.id} failed: {exc}") from exc
    return " ".join(str(text).split())


# --- running -------------------------------------------------------------------------


def check_answers(
    kind: str,
    answers: Mapping[str, Any],
    *,
    kb: KnowledgeBase | None = None,
    rules: Sequence[Rule] | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """Evaluate every rule for `kind` over typed answers (no question tree needed).

    Names a rule uses that the answers lack count as unanswered (None).
    """
    kb = kb or load_knowledge()
    rules = load_rules() if rules is None else rules
    applicable = [rule for rule in rules if rule.applies_to(kind)]
    # One context for every rule (not a copy per rule): each name any rule reads starts
    # as None. A rule can only read the names it uses, so it sees what it would alone.
    context: dict[str, Any] = dict.fromkeys(set().union(*(rule.names for rule in applicable)))
    context.update(answers)
    context.update(compute_facts(answers, kb=kb, today=today))
    context["kb"] = kb
    findings = []
    for rule in applicable:
        found = _evaluate(rule, context)
        if not found:
            continue
        shown = {**context, "found": found}  # what the message and fix are rendered with
        findings.append(
            Finding(
                rule_id=rule.id,
                severity=rule.severity,
                message=_render(rule, "message", rule.message, shown),
                citation=rule.citation,
                fix=_render(rule, "fix", rule.fix, shown),
                refs=rule.refs,
            )
        )
    return sort_findings(findings)


def _evaluate(rule: Rule, context: Mapping[str, Any]) -> Any:
    from jinja2 import TemplateError as JinjaError

    try:
        return rule._condition.evaluate(context)
    except (JinjaError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise KnowledgeError(
            f"{rule.where}: rule {rule.id} failed on these answers: {exc}",
            hint="this is a bug in the rule: report it",
        ) from exc


def run_checks(
    tree: QuestionTree,
    answers: Mapping[str, Any],
    kb: KnowledgeBase | None = None,
    *,
    rules: Sequence[Rule] | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """Every finding for a set of answers to `tree`, errors first (defaults filled in)."""
    from sharewiz.model.answers import effective_answers

    full: dict[str, Any] = {q.id: None for q in tree.questions()}
    full.update(effective_answers(tree, answers))
    return check_answers(tree.id, full, kb=kb, rules=rules, today=today)


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Errors, then warnings, then advice; by rule id within each."""
    return sorted(findings, key=lambda f: (_RANK[f.severity], f.rule_id))


def has_errors(findings: Sequence[Finding]) -> bool:
    """Whether any finding is error-level (what makes `sharewiz check` fail)."""
    return any(f.severity == "error" for f in findings)


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    """Number of findings per severity, every severity present."""
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}


__all__ = [
    "FACTS",
    "RULE_GLOBALS",
    "SEVERITIES",
    "Finding",
    "Rule",
    "check_answers",
    "counts",
    "has_errors",
    "load_rules",
    "plain_value",
    "rules_table",
    "run_checks",
    "sort_findings",
]


def rules_table(rules: Sequence[Rule]) -> str:
    """A Markdown table of rules (id, severity, kinds, citation), kept in docs/checks.md."""
    lines = ["| Rule | Severity | Kinds | Citation |", "|---|---|---|---|"]
    for rule in sorted(rules, key=lambda r: (r.file.name, r.line)):
        kinds = ", ".join(rule.kinds)
        citation = rule.citation.replace("|", "\\|")
        lines.append(f"| `{rule.id}` | {rule.severity} | {kinds} | {citation} |")
    return "\n".join(lines) + "\n"
