"""Simple expressions evaluated as plain Python closures, without a Jinja context.

Most `when` conditions and rule conditions are names, comparisons with constants,
`and`/`or`/`not`, attribute lookups and tests such as `is sameas false`. Jinja runs each
of them by building a template context, resolving every name the expression reads and
starting a time budget; a batch evaluates about a hundred of them per set, and those steps
cost more than the expressions. Here the parsed expression is turned once into nested
closures that read the names straight from the mapping.

Only nodes whose Python meaning is exactly what Jinja compiles them to are taken, and
attribute and item lookups go through the sandbox's own `getattr`/`getitem`; of the
filters, `list`, `select`, `reject`, `selectattr`, `rejectattr` and `map(attribute=...)`
as Jinja's own do them (lazily, with its attribute getter and its tests), and any other
that needs no template context (`join`, `lower`, ours) through the environment's own
function. Anything else (a filter that reads the template context, calls, a name the
mapping lacks) gives up: the caller then
evaluates the whole expression with Jinja, which gives its value or its error. Since an
expression has no side effects, giving up part-way changes nothing, and an `and` whose
left side is false never reaches a filter on its right.

What is the same at every evaluation is worked out once (`_constant`): a list, tuple or
mapping written out of constants is built once and handed out as a fresh copy, as Jinja
builds a new one each time; and a part that reads nothing but `kb` (such as `kb.x |
selectattr('data.y') | map(attribute='id') | list`, which walks a whole collection of
the knowledge base) is evaluated once per knowledge base, when that object declares it
never changes after loading (`NEVER_CHANGES`). A batch evaluates such parts for every
set with the same knowledge base.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jinja2 import Environment, nodes
from jinja2.filters import make_attrgetter

from sharewiz.model.sandbox import LIMITS

Closure = Callable[[Mapping[str, Any]], Any]

# A class attribute set to True by a type whose objects never change once made (the
# knowledge base): what an expression computes from one of them alone can be kept.
NEVER_CHANGES = "never_changes_after_loading"


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


def _closure(node: nodes.Node, env: Environment) -> Closure:
    closure = _node_closure(node, env)
    return closure if closure is _give_up else _constant(node, env, closure)


def _node_closure(node: nodes.Node, env: Environment) -> Closure:  # noqa: C901 - one case a node type
    if isinstance(node, nodes.Const):
        value = node.value
        return lambda _names: value
    if isinstance(node, nodes.Name) and node.ctx == "load":
        return _name(node.name, env.globals)
    if isinstance(node, (nodes.List, nodes.Tuple)):
        items = [_closure(item, env) for item in node.items]
        build = list if isinstance(node, nodes.List) else tuple
        return lambda names: build([item(names) for item in items])
    if isinstance(node, nodes.Dict):
        pairs = [(_closure(pair.key, env), _closure(pair.value, env)) for pair in node.items]
        return lambda names: {key(names): value(names) for key, value in pairs}
    if isinstance(node, (nodes.Add, nodes.Sub)):
        return _arithmetic(node, env)
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
    if isinstance(node, nodes.Filter):
        return _filter(node, env)
    return _give_up


_LITERALS = (nodes.Const, nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair)
_KEPT_TYPES = (str, int, float, bool, type(None), list, tuple, dict)  # what a kept part gives


def _constant(node: nodes.Node, env: Environment, closure: Closure) -> Closure:
    """`closure`, or one that reuses its value where the node's value cannot change.

    A literal container of constants is built once and copied on each use; a part that
    reads only `kb`, once per knowledge base object that never changes (see the module's
    docstring). Anything else, and any value that is not plain data (a lazy filter's
    generator, Jinja's Undefined), is evaluated as before.
    """
    if isinstance(node, nodes.Const) or isinstance(node, nodes.Name):
        return closure
    if isinstance(node, (nodes.List, nodes.Tuple, nodes.Dict)) and all(
        isinstance(inner, _LITERALS) for inner in node.find_all(nodes.Node)
    ):
        try:
            built = closure({})  # reads no name
        except Exception:  # noqa: BLE001 - e.g. an unhashable key: Jinja says so when evaluated
            return closure
        copy = _copier(built)
        return lambda _names: copy(built)
    read = {name.name for name in node.find_all(nodes.Name)}
    if read != {"kb"}:
        return closure
    knowledge = _name("kb", env.globals)
    # the knowledge base last evaluated over, the value, how to copy it
    kept: list[Any] = [None, None, _fresh]

    def once_per_knowledge_base(names: Mapping[str, Any]) -> Any:
        kb = knowledge(names)
        if kb is kept[0] and kb is not None:
            return kept[2](kept[1])
        value = closure(names)
        if getattr(type(kb), NEVER_CHANGES, False) is True and _plain(value):
            kept[:] = [kb, value, _copier(value)]  # holds the knowledge base: its id stays its
            return kept[2](value)
        return value

    return once_per_knowledge_base


def _plain(value: Any) -> bool:
    """Plain data all the way down (a kept part's value must not be a generator)."""
    kind = type(value)
    if kind is list or kind is tuple:
        return all(map(_plain, value))
    if kind is dict:
        return all(map(_plain, value)) and all(map(_plain, value.values()))
    return kind in _KEPT_TYPES


_SCALARS = (str, int, float, bool, type(None))


def _copier(value: Any) -> Callable[[Any], Any]:
    """How to copy a kept value: one level for a list or mapping of scalars (the usual),
    nothing for a scalar or a tuple of them, else container by container."""
    kind = type(value)
    if kind in _SCALARS:
        return _itself
    items = list(value.values()) if kind is dict else value
    if all(type(item) in _SCALARS for item in items):
        return list if kind is list else dict if kind is dict else _itself
    return _fresh


def _fresh(value: Any) -> Any:
    """A new copy of the containers in a kept value, as a new evaluation would build them."""
    kind = type(value)
    if kind is list:
        return [_fresh(item) for item in value]
    if kind is dict:
        return {key: _fresh(item) for key, item in value.items()}
    if kind is tuple:
        return tuple(_fresh(item) for item in value)
    return value


def _arithmetic(node: nodes.Add | nodes.Sub, env: Environment) -> Closure:
    """`+` and `-`: through the sandbox's `call_binop` where it bounds them (as Jinja does)."""
    left, right = _closure(node.left, env), _closure(node.right, env)
    sign = node.operator
    if sign in getattr(env, "intercepted_binops", ()):
        call_binop = env.call_binop  # type: ignore[attr-defined]  # a sandbox's
        return lambda names: call_binop(None, sign, left(names), right(names))
    compute = operator.add if sign == "+" else operator.sub
    return lambda names: compute(left(names), right(names))


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


# select, reject, selectattr, rejectattr: (an attribute first?, keep the items that fail?)
_SELECTS: Mapping[str, tuple[bool, bool]] = {
    "select": (False, False),
    "reject": (False, True),
    "selectattr": (True, False),
    "rejectattr": (True, True),
}


def _filter(node: nodes.Filter, env: Environment) -> Closure:
    """The filters a batch's conditions use most, as `jinja2.filters` has them."""
    if node.node is None or node.dyn_args or node.dyn_kwargs:
        return _give_up
    value = _closure(node.node, env)
    arguments = [_closure(arg, env) for arg in node.args]
    keywords: dict[str, Closure] = {
        str(keyword.key): _closure(keyword.value, env) for keyword in node.kwargs
    }
    if node.name == "list" and not arguments and not keywords:
        return lambda names: _list(value(names))
    if node.name in _SELECTS and not keywords:
        by_attribute, negate = _SELECTS[node.name]

        def select(names: Mapping[str, Any]) -> Any:
            keep = _keep(env, [arg(names) for arg in arguments], by_attribute=by_attribute)
            return _selected(value(names), keep, negate=negate)

        return select
    if node.name == "map" and not arguments and "attribute" in keywords:
        if set(keywords) - {"attribute", "default"}:
            return _give_up

        def map_attribute(names: Mapping[str, Any]) -> Any:
            given = {key: keyword(names) for key, keyword in keywords.items()}
            getter = make_attrgetter(env, given["attribute"], default=given.get("default"))
            return _mapped(value(names), getter)

        return map_attribute
    return _called_filter(node, env, value, arguments, keywords)


def _called_filter(
    node: nodes.Filter,
    env: Environment,
    value: Closure,
    arguments: list[Closure],
    keywords: dict[str, Closure],
) -> Closure:
    """Any other filter that needs no template context (`join`, `lower`, ours), called as
    Jinja's compiled code calls it: the environment's own (bounded) function, given the
    evaluation context or the environment first when it asks for one."""
    from jinja2.nodes import EvalContext

    function: Any = env.filters.get(node.name)
    wants = getattr(function, "jinja_pass_arg", None)
    if function is None or (wants is not None and wants.name not in _PASSED):
        return _give_up
    leading: tuple[Any, ...] = ()
    if wants is not None:
        leading = (EvalContext(env),) if wants.name == "eval_context" else (env,)

    def call(names: Mapping[str, Any]) -> Any:
        given = value(names)
        args = [arg(names) for arg in arguments]
        return function(*leading, given, *args, **{k: kw(names) for k, kw in keywords.items()})

    return call


_PASSED = frozenset({"eval_context", "environment"})  # what a filter may ask for here


def _list(value: Any) -> list[Any]:
    result = list(value)
    if len(result) > LIMITS.length:  # the sandbox's limit: Jinja reports it
        raise GiveUp
    return result


def _keep(env: Environment, args: list[Any], *, by_attribute: bool) -> Callable[[Any], Any]:
    """What `select_or_reject` tests each item with: its attribute (or itself) through a
    named test, or its truth when no test is named."""
    if by_attribute and not args:
        raise GiveUp  # Jinja's error for a missing attribute name
    getter = make_attrgetter(env, args[0]) if by_attribute else _itself
    rest = args[1:] if by_attribute else args
    if not rest:
        return lambda item: bool(getter(item))
    test: Any = env.tests.get(rest[0]) if isinstance(rest[0], str) else None
    if test is None or hasattr(test, "jinja_pass_arg"):
        raise GiveUp
    test_args = rest[1:]
    return lambda item: test(getter(item), *test_args)


def _itself(item: Any) -> Any:
    return item


def _selected(value: Any, keep: Callable[[Any], Any], *, negate: bool) -> Iterator[Any]:
    # a generator, as Jinja's: lazy, and true as a whole even when it yields nothing
    if value:
        for item in value:
            if bool(keep(item)) is not negate:
                yield item


def _mapped(value: Any, getter: Callable[[Any], Any]) -> Iterator[Any]:
    if value:
        for item in value:
            yield getter(item)
