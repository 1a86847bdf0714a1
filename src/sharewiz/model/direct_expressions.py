"""Simple expressions evaluated as plain Python closures, without a Jinja context.

Most `when` conditions and rule conditions are names, comparisons with constants,
`and`/`or`/`not`, attribute lookups and tests such as `is sameas false`. Jinja runs each
of them by building a template context, resolving every name the expression reads and
starting a time budget; a batch evaluates about a hundred of them per set, and those steps
cost more than the expressions. Here the parsed expression is turned once into nested
closures that read the names straight from the mapping.

Only nodes whose Python meaning is exactly what Jinja compiles them to are taken, and
attribute and item lookups go through the sandbox's own `getattr`/`getitem`. Anything
else (filters, calls, arithmetic, a name the mapping lacks) gives up: the caller then
evaluates the whole expression with Jinja, which gives its value or its error. Since an
expression has no side effects, giving up part-way changes nothing, and an `and` whose
left side is false never reaches a filter on its right.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment, nodes

Closure = Callable[[Mapping[str, Any]], Any]


class GiveUp(Exception):  # noqa: N818 - not an error: the caller evaluates with Jinja
    """This expression (or the part of it reached) is not one evaluated directly."""


_COMPARE: Mapping[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gteq": operator.ge,
    "lt": operator.lt,
    "lteq": operator.le,
    "in": lambda left, right: left in right,
    "notin": lambda left, right: left not in right,
}


def direct_closure(source: str, env: Environment) -> Closure | None:
    """A closure evaluating `source` over a mapping of names, or None if nothing in it is direct.

    The closure raises :class:`GiveUp` where it meets what it does not evaluate; names it
    reads come from the mapping first, then the environment's globals (as in Jinja).
    """
    from jinja2.parser import Parser

    try:
        node = Parser(env, source, state="variable").parse_expression()
    except Exception:  # noqa: BLE001 - a bad expression fails in Jinja, where it says why
        return None
    closure = _closure(node, env)
    return None if closure is _give_up else closure


def _give_up(_names: Mapping[str, Any]) -> Any:
    raise GiveUp


def _closure(node: nodes.Node, env: Environment) -> Closure:  # noqa: C901 - one case a node type
    if isinstance(node, nodes.Const):
        value = node.value
        return lambda _names: value
    if isinstance(node, nodes.Name) and node.ctx == "load":
        return _name(node.name, env.globals)
    if isinstance(node, (nodes.List, nodes.Tuple)):
        items = [_closure(item, env) for item in node.items]
        build = list if isinstance(node, nodes.List) else tuple
        return lambda names: build([item(names) for item in items])
    if isinstance(node, nodes.Not):
        inner = _closure(node.node, env)
        return lambda names: not inner(names)
    if isinstance(node, nodes.And):
        left, right = _closure(node.left, env), _closure(node.right, env)
        return lambda names: left(names) and right(names)
    if isinstance(node, nodes.Or):
        left, right = _closure(node.left, env), _closure(node.right, env)
        return lambda names: left(names) or right(names)
    if isinstance(node, nodes.CondExpr) and node.expr2 is not None:
        test, then, otherwise = (_closure(n, env) for n in (node.test, node.expr1, node.expr2))
        return lambda names: then(names) if test(names) else otherwise(names)
    if isinstance(node, nodes.Compare) and len(node.ops) == 1 and node.ops[0].op in _COMPARE:
        compare = _COMPARE[node.ops[0].op]
        left, right = _closure(node.expr, env), _closure(node.ops[0].expr, env)
        return lambda names: compare(left(names), right(names))
    if isinstance(node, nodes.Getattr) and node.ctx == "load":
        owner, attribute = _closure(node.node, env), node.attr
        return lambda names: env.getattr(owner(names), attribute)
    if isinstance(node, nodes.Getitem) and not isinstance(node.arg, nodes.Slice):
        owner, key = _closure(node.node, env), _closure(node.arg, env)
        return lambda names: env.getitem(owner(names), key(names))
    if isinstance(node, nodes.Test):
        return _test(node, env)
    return _give_up


def _name(name: str, globals_: Mapping[str, Any]) -> Closure:
    # As Jinja's Context.resolve_or_missing over ChainMap(names, globals): membership
    # first, then the value. Undefined: Jinja's StrictUndefined decides what follows.
    def read(names: Mapping[str, Any]) -> Any:
        if name in names:
            return names[name]
        if name in globals_:
            return globals_[name]
        raise GiveUp

    return read


def _test(node: nodes.Test, env: Environment) -> Closure:
    """`x is sameas false`, `x is none`: tests that take no context, positional arguments only."""
    test: Any = env.tests.get(node.name)
    # a test marked pass_context (or _environment, _eval_context) needs what Jinja passes
    if test is None or hasattr(test, "jinja_pass_arg"):
        return _give_up
    if node.kwargs or node.dyn_args or node.dyn_kwargs:
        return _give_up
    value = _closure(node.node, env)
    arguments = [_closure(arg, env) for arg in node.args]
    return lambda names: test(value(names), *(arg(names) for arg in arguments))
