"""`sharewiz validate`, expressions: knowledge they name, questions never asked, rules never fired.

Questions never asked and rules that can never fire are found the same way: a condition
that is constantly false, or that names only what is never there (questions never
asked; names no tree of the rule's kinds asks).
The compliance rules are loaded with the rules loader itself, from `knowledge/rules/`,
so a rules file that `check` would reject is reported here at its `file:line`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.errors import SharewizError
from sharewiz.model.tree import EXPRESSION_GLOBALS, QuestionTree

if TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment

    from sharewiz.render.validate import Validator


def expression_names(env: SandboxedEnvironment, source: str, *, template: bool = False) -> set[str]:
    """The names an expression (or, with `template`, a template) reads, globals left out."""
    from jinja2 import meta

    text = source if template else "{{ (" + source + ") }}"
    return set(meta.find_undeclared_variables(env.parse(text))) - set(env.globals)


def constant_false(env: SandboxedEnvironment, source: str) -> bool:
    """Whether an expression is false whatever the answers (e.g. `false and x`)."""
    from jinja2 import nodes as n

    ast = env.parse("{{ (" + source + ") }}")
    output = ast.body[0]
    if not isinstance(output, n.Output) or len(output.nodes) != 1:
        return False
    try:
        return not output.nodes[0].as_const(n.EvalContext(env))
    except Exception:  # noqa: BLE001 - jinja2.nodes.Impossible and friends: not constant
        return False


def check_reachable(validator: Validator, tree: QuestionTree) -> None:
    """Warn about questions whose conditions can never be true."""
    env = validator.env
    never: set[str] = set()
    conditions: dict[str, list[str]] = {}
    for section in tree.sections:
        for question in section.questions:
            conditions[question.id] = [c for c in (section.when, question.when) if c]
    changed = True
    reasons: dict[str, str] = {}
    while changed:
        changed = False
        for qid, sources in conditions.items():
            if qid in never:
                continue
            for source in sources:
                if constant_false(env, source):
                    reasons[qid] = f"its condition {source!r} is always false"
                else:
                    names = expression_names(env, source) - EXPRESSION_GLOBALS
                    if names and names <= never:
                        reasons[qid] = (
                            f"its condition {source!r} names only questions never asked "
                            f"({', '.join(sorted(names))})"
                        )
                if qid in reasons:
                    never.add(qid)
                    changed = True
                    break
    for question in tree.questions():
        if question.id in never:
            validator.add(
                "QUESTION-NEVER-ASKED",
                question.file,
                question.line,
                f"question {question.id!r} is never asked: {reasons[question.id]}",
            )


def check_rules(validator: Validator) -> int:
    """Load the compliance rules and warn about those the checked trees never fire.

    A rule can never fire when its condition is always false, or when it names a
    question that no checked tree of its kinds asks (rules for kinds not checked
    are skipped).

    Returns:
        The number of rules checked (0 when the rules do not load).
    """
    from sharewiz.law.consistency import PORTFOLIO_FACTS
    from sharewiz.law.facts import FACTS
    from sharewiz.law.rules import RULE_GLOBALS, load_rules, rules_dir

    folder = rules_dir()
    try:
        rules = load_rules(folder, kb=validator.kb)
    except SharewizError as exc:
        validator.add_error("RULE-INVALID", exc, folder)
        return 0
    asked = {tree.id: {q.id for q in tree.questions()} for tree in validator.trees}
    known = EXPRESSION_GLOBALS | RULE_GLOBALS | set(FACTS) | set(PORTFOLIO_FACTS)
    for rule in rules:
        kinds = [kind for kind in rule.kinds if kind in asked]
        if not kinds:
            continue
        condition = " and ".join(f"({c})" for c in (rule.each, rule.when) if c)
        unknown = expression_names(validator.env, condition) - known
        unknown -= set().union(*(asked[kind] for kind in kinds))
        if constant_false(validator.env, rule.when):
            message = f"rule {rule.id!r} can never fire: its condition is always false"
        elif unknown:
            message = (
                f"rule {rule.id!r} can never fire: no {' or '.join(kinds)} tree asks "
                f"{', '.join(sorted(unknown))}"
            )
        else:
            continue
        validator.add("RULE-NEVER-FIRES", rule.file, rule.line, message)
    return len(rules)


def check_kb_refs(
    validator: Validator, ast: nodes.Node, file: str | Path, line: int | None
) -> None:
    """Knowledge collections and entries named literally must exist."""
    from jinja2 import nodes as n

    from sharewiz.render.read_only import knowledge_data

    for node in ast.find_all((n.Getattr, n.Getitem)):
        parts = _kb_path(node)
        if parts is None or len(parts) < 1:
            continue
        where = line if line is not None else node.lineno
        collection = parts[0]
        if collection not in validator.kb:
            validator.add(
                "KB-UNKNOWN", file, where, f"knowledge collection {collection!r} does not exist"
            )
            continue
        entries = knowledge_data(validator.kb)[collection]  # as templates see it
        if len(parts) >= 2 and not hasattr(entries, parts[1]):
            if parts[1] not in entries:
                validator.add(
                    "KB-UNKNOWN",
                    file,
                    where,
                    f"knowledge entry {parts[1]!r} is not in collection {collection!r}",
                )
    for node in ast.find_all(n.Filter):
        if node.name == "label_of" and node.args and isinstance(node.args[0], n.Const):
            collection = str(node.args[0].value)
            if collection not in validator.kb:
                validator.add(
                    "KB-UNKNOWN",
                    file,
                    line if line is not None else node.lineno,
                    f"label_of: knowledge collection {collection!r} does not exist",
                )


def tree_expressions(tree: QuestionTree) -> Iterator[tuple[str, str, int]]:
    """(expression, file, line) for every expression in a tree."""
    for source in tree.meta.values():
        yield source, str(tree.path), 1
    for spec in tree.documents:
        if spec.when:
            yield spec.when, str(tree.path), 1
    for section in tree.sections:
        for question in section.questions:
            if section.when:
                yield section.when, question.file, question.line
            for inner in (question, *question.questions):
                for expression in (inner.when, inner.default_from):
                    if expression:
                        yield expression, inner.file, inner.line


def _kb_path(node: nodes.Node) -> list[str] | None:
    """`kb.a.b` or `kb['a']['b']` (outermost node given) -> ['a', 'b']; None otherwise."""
    from jinja2 import nodes as n

    parts: list[str] = []
    current: Any = node
    while isinstance(current, (n.Getattr, n.Getitem)):
        if isinstance(current, n.Getattr):
            parts.insert(0, current.attr)
        elif isinstance(current.arg, n.Const) and isinstance(current.arg.value, str):
            parts.insert(0, current.arg.value)
        else:
            parts = []  # a dynamic key: only what lies before it can be checked
        current = current.node
    if isinstance(current, n.Name) and current.name == "kb" and parts:
        # Only the outermost node of a chain is checked, so report each chain once.
        return parts[:2]
    return None


__all__ = [
    "check_kb_refs",
    "check_reachable",
    "check_rules",
    "constant_false",
    "expression_names",
    "tree_expressions",
]
