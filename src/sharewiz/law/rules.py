"""Compliance checks: rules as data (`knowledge/rules/*.yaml`) evaluated over answers.

A rule names the document kinds it applies to, a `when` expression in the same Jinja
sandbox as question trees (over the answers and the derived facts of `sharewiz.law.facts`),
and a plain-English message, citation and fix. A rule with `scope: portfolio` compares a
set with the other sets of a portfolio (`sharewiz.law.consistency` gives it their facts);
a rule with `each` fires once per item of a list, with the item as `item`. Rules are
validated at load, so a typo is a `file:line` error, never a wrong report; nothing prints.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import ChainMap
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.errors import KnowledgeError
from sharewiz.law.facts import compute_facts
from sharewiz.law.findings import SEVERITIES, Finding, sort_findings
from sharewiz.law.knowledge import KnowledgeBase, load_knowledge
from sharewiz.law.messages import message_environment, rule_finding
from sharewiz.law.reuse import fire_reusing, names_read
from sharewiz.model.paths import data_dir
from sharewiz.model.yamlio import MarkedDict, line_of, load_yaml

if TYPE_CHECKING:
    from sharewiz.model.expressions import Expression
    from sharewiz.model.tree import QuestionTree

_RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
_KIND = re.compile(r"^[a-z][a-z0-9-]*$")
_FILE_KEYS = {"description", "rules"}
_RULE_KEYS = ("id", "severity", "kinds", "when", "message", "citation", "fix", "refs")
_OPTIONAL_KEYS = ("scope", "each", "route")
SCOPES: tuple[str, ...] = ("set", "portfolio")
# Names a rule may use besides question ids and facts; `found` is the value of `when`,
# so a message can name what made the rule fire; `item` is the item of an `each` rule.
RULE_GLOBALS = frozenset({"kb", "today", "found", "item", "true", "false", "none", "add_months"})


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
    scope: str = "set"
    each: str = ""
    _items: Expression | None = field(default=None, compare=False, repr=False)
    route: str = ""  # the kind the answers describe instead, when this rule fires

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
        if key not in _RULE_KEYS + _OPTIONAL_KEYS:
            raise _fail(path, line_of(item, key), f"unknown key {key!r} in {label}",
                        hint=f"allowed keys: {', '.join(_RULE_KEYS + _OPTIONAL_KEYS)}")  # fmt: skip
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
    kinds, refs = _kinds_and_refs(path, item, kb, label)
    scope, each, route = _scope_each_and_route(path, item, label)
    condition, names = _compile(path, line_of(item, "when"), item["when"], label)
    items = None
    if each:
        items, each_names = _compile(path, line_of(item, "each"), each, label)
        names |= each_names
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
        scope=scope,
        each=each.strip(),
        _items=items,
        route=route,
    )


def _kinds_and_refs(
    path: Path, item: MarkedDict, kb: KnowledgeBase, label: str
) -> tuple[list[str], list[str]]:
    kinds = _text_list(path, item, "kinds", label)
    for kind in kinds:
        if not _KIND.match(kind):
            raise _fail(
                path, line_of(item, "kinds"), f"{kind!r} in {label} is not a document kind id"
            )
    refs = _text_list(path, item, "refs", label)
    for ref in refs:
        _check_ref(path, line_of(item, "refs"), ref, kb, label)
    return kinds, refs


def _scope_each_and_route(path: Path, item: MarkedDict, label: str) -> tuple[str, str, str]:
    scope = item.get("scope", "set")
    if scope not in SCOPES:
        raise _fail(path, line_of(item, "scope"),
                    f"scope {scope!r} in {label} is not one of: {', '.join(SCOPES)}")  # fmt: skip
    each = item.get("each", "")
    if not isinstance(each, str) or ("each" in item and not each.strip()):
        raise _fail(path, line_of(item, "each"), f"'each' must be non-empty text in {label}")
    route = item.get("route", "")
    if not isinstance(route, str) or (route and not _KIND.match(route)):
        raise _fail(path, line_of(item, "route"), f"'route' must be a document kind in {label}")
    return scope, each, route


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
        parsed = message_environment().parse(source)
    except TemplateSyntaxError as exc:
        raise _fail(path, line, f"bad template in the {key} of {label}: {exc.message}") from exc
    return set(meta.find_undeclared_variables(parsed))


# --- running -------------------------------------------------------------------------


def check_answers(
    kind: str,
    answers: Mapping[str, Any],
    *,
    kb: KnowledgeBase | None = None,
    rules: Sequence[Rule] | None = None,
    today: dt.date | None = None,
    facts: Mapping[str, Any] | None = None,
) -> list[Finding]:
    """Evaluate every set rule for `kind` over typed answers (no question tree needed).

    Names the answers lack count as unanswered (None); `facts` if already derived.
    """
    kb = kb or load_knowledge()
    rules = load_rules() if rules is None else rules
    applicable = _set_rules(kind, rules)
    context = rule_context(applicable, answers, kb=kb, today=today, facts=facts)
    return fire_rules(applicable, context)


# (kind, the rules' ids) -> (the rules, kept alive so their ids stay theirs; those for the kind)
_FOR_KIND: dict[tuple[str, tuple[int, ...]], tuple[tuple[Rule, ...], tuple[Rule, ...]]] = {}


def _set_rules(kind: str, rules: Sequence[Rule]) -> tuple[Rule, ...]:
    """The set rules for `kind`, picked once per kind and list of rules (not once per set)."""
    key = (kind, tuple(map(id, rules)))
    known = _FOR_KIND.get(key)
    if known is None:
        if len(_FOR_KIND) >= 256:
            _FOR_KIND.clear()
        chosen = tuple(rule for rule in rules if rule.scope == "set" and rule.applies_to(kind))
        known = _FOR_KIND[key] = (tuple(rules), chosen)
    return known[1]


def rule_context(
    rules: Sequence[Rule],
    answers: Mapping[str, Any],
    *,
    kb: KnowledgeBase,
    today: dt.date | None = None,
    extra: Mapping[str, Any] | None = None,
    facts: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """What `rules` see: the answers, the derived facts, `kb`, and any `extra` facts.

    One context serves every rule (not a copy per rule): each name any rule reads starts
    as None. A rule reads only the names it uses, so it sees what it would alone.
    """
    context: dict[str, Any] = dict.fromkeys(names_read(rules))
    context.update(answers)
    context.update(compute_facts(answers, kb=kb, today=today) if facts is None else facts)
    context.update(extra or {})
    context["kb"] = kb
    return context


def fire_rules(rules: Sequence[Rule], context: dict[str, Any]) -> list[Finding]:
    """The findings of `rules` over one context, errors first.

    A rule with `each` is evaluated once per item its `each` expression lists, with
    the item as `item`, and gives one finding per item its `when` holds for. A rule
    over the values it last ran over gives its findings again (`sharewiz.law.reuse`).
    """
    return sort_findings(fire_reusing(rules, context, _fire))


def _fire(rule: Rule, context: dict[str, Any]) -> list[Finding]:
    scopes: list[MutableMapping[str, Any]] = [context]
    if rule._items is not None:
        items = _evaluate(rule, rule._items, context) or []
        scopes = [ChainMap({"item": item}, context) for item in items]
    return [
        rule_finding(rule, ChainMap({"found": found}, scope))
        for scope in scopes
        if (found := _evaluate(rule, rule._condition, scope))
    ]


def wrong_route(findings: Sequence[Finding]) -> list[tuple[Finding, str]]:
    """Each finding of a `route:` rule (the answers describe that other kind), with the kind."""
    routes = {rule.id: rule.route for rule in load_rules() if rule.route}
    return [(f, routes[f.rule_id]) for f in findings if f.rule_id in routes]


def _evaluate(rule: Rule, expression: Expression, context: Mapping[str, Any]) -> Any:
    from jinja2 import TemplateError as JinjaError

    try:
        return expression.evaluate(context)
    except (JinjaError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise KnowledgeError(
            f"{rule.where}: rule {rule.id} failed on these answers: {exc}",
            hint="this is a bug in the rule: report it",
        ) from exc


def full_answers(tree: QuestionTree, answers: Mapping[str, Any]) -> dict[str, Any]:
    """What checks see: every question of the tree, with defaults filled in (None: unanswered)."""
    from sharewiz.model.conditions import effective_answers

    full: dict[str, Any] = {q.id: None for q in tree.questions()}
    full.update(effective_answers(tree, answers))
    return full


def run_checks(
    tree: QuestionTree,
    answers: Mapping[str, Any],
    kb: KnowledgeBase | None = None,
    *,
    rules: Sequence[Rule] | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """Every finding for a set of answers to `tree`, errors first (defaults filled in)."""
    return check_answers(tree.id, full_answers(tree, answers), kb=kb, rules=rules, today=today)


def rules_table(rules: Sequence[Rule]) -> str:
    """A Markdown table of rules (id, severity, kinds, citation), kept in docs/checks.md."""
    lines = ["| Rule | Severity | Kinds | Citation |", "|---|---|---|---|"]
    for rule in sorted(rules, key=lambda r: (r.file.name, r.line)):
        kinds = ", ".join(rule.kinds) + (" (portfolio)" if rule.scope == "portfolio" else "")
        citation = rule.citation.replace("|", "\\|")
        lines.append(f"| `{rule.id}` | {rule.severity} | {kinds} | {citation} |")
    return "\n".join(lines) + "\n"


__all__ = [
    "RULE_GLOBALS",
    "SCOPES",
    "Rule",
    "check_answers",
    "fire_rules",
    "load_rules",
    "rule_context",
    "rules_table",
    "run_checks",
    "wrong_route",
]
