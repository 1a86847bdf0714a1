"""Which fields of its names' list items an expression's truth depends on.

A rule's condition such as `basis_uses | selectattr('public_authority') |
selectattr('basis', 'equalto', 'legitimate_interests') | list` is true or false
according to two fields of each `basis_uses` entry, whatever the others hold (the
party's name, the purpose's wording). :func:`truth_footprint` works that out from the
expression alone, so a batch can tell that a condition found nothing over the same
fields and need not be evaluated again (`sharewiz.law.reuse`).

The analysis is conservative: any use it does not recognise makes the expression depend
on the whole value of every name in that part. A name's footprint is the set of fields
read of its items (an empty set: only how many there are), or None for its whole value.
It holds for a list of plain mappings; for any other value the whole value counts
(`project`).

Abstract values:

- items of N: some of N's entries, in order; which ones depends only on the footprint;
- an item of N: one of N's entries (the `each` rule's `item`, or `first`);
- a value: wholly determined by the footprint (a field's value, a count, a text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sharewiz.model.sameness import ABSENT

Footprint = dict[str, frozenset[str] | None]

_SELECTING = frozenset({"selectattr", "rejectattr"})
_KEEPING = frozenset({"list"})  # items of N stay items of N
_ONE = frozenset({"first", "last"})  # items of N give an item of N
_COUNTING = frozenset({"length", "count"})  # items of N give how many


@dataclass
class _Found:
    """An abstract value and what it depends on so far."""

    kind: str  # "items", "item" or "value"
    source: str = ""  # N, for items and item
    reads: Footprint = field(default_factory=dict)


class _GiveUp(Exception):  # noqa: N818 - not an error: the caller counts whole values
    pass


def truth_footprint(when: str, each: str = "") -> Footprint | None:
    """What the truth of `when` (for every `item` of `each`, if given) depends on: each
    name read, with the fields of its items read (None: its whole value). None when the
    expressions cannot be analysed (a syntax error, a filter reading the names given)."""
    from sharewiz.model.expression_reads import names_read
    from sharewiz.model.expressions import expression_names

    named: set[str] = set()  # every name read, the filters' reads included
    hidden: set[str] = set()  # those only a filter reads from the names given
    for source in (when, each):
        if source:
            names = names_read(source)
            if names is None:
                return None
            named |= names
            hidden |= names - expression_names(source)
    try:
        scope: dict[str, _Found] = {}
        reads: Footprint = {}
        if each:
            items = _analyse(_parse(each), scope, truth=False)
            if items.kind == "items":
                scope["item"] = _Found("item", items.source, {})
            else:  # the items themselves are determined: `item` reads nothing more
                scope["item"] = _Found("value", "", {})
            reads = _merge(reads, _as_truth(items).reads)
        reads = _merge(reads, _as_truth(_analyse(_parse(when), scope, truth=True)).reads)
    except _GiveUp:
        return None
    # a name only a filter reads from the names given (`names_read`) counts whole, and so
    # does any name the analysis did not reach
    if each:
        named.discard("item")
    return _merge(reads, {n: None for n in named if n not in reads or n in hidden})


def project(value: Any, fields: frozenset[str] | None) -> Any:
    """The part of a name's value a footprint names: each item's fields in order (a plain
    mapping's; ABSENT for a field it lacks), or the whole value when `fields` is None or
    the value is not a list of plain mappings."""
    if fields is None or type(value) is not list:
        return value
    ordered = sorted(fields)
    parts = []
    for item in value:
        if type(item) is not dict:
            return value
        parts.append(tuple([item.get(name, ABSENT) for name in ordered]))
    return tuple(parts)


def _parse(source: str) -> Any:
    from jinja2 import TemplateSyntaxError

    from sharewiz.model.expressions import expression_environment

    try:
        template = expression_environment().parse("{{ (" + source + ") }}")
    except TemplateSyntaxError as exc:
        raise _GiveUp from exc
    output: Any = template.body[0]  # {{ ... }}: one Output node holding the expression
    return output.nodes[0]


def _merge(*all_reads: Mapping[str, frozenset[str] | None]) -> Footprint:
    merged: Footprint = {}
    for reads in all_reads:
        for name, fields in reads.items():
            if name not in merged:
                merged[name] = fields
            else:
                known = merged[name]
                merged[name] = None if known is None or fields is None else known | fields
    return merged


def _whole(found: _Found) -> _Found:
    """The value itself is used: items or an item depend on their whole list."""
    if found.kind == "value":
        return found
    return _Found("value", "", _merge(found.reads, {found.source: None}))


def _as_truth(found: _Found) -> _Found:
    """Only the value's truth is used: items are true when there are any (decided by the
    footprint); an item is a mapping, true unless empty, so its whole value counts."""
    if found.kind == "items":
        return _Found("value", "", _merge(found.reads, {found.source: frozenset()}))
    return _whole(found)


def _field(found: _Found, name: str) -> _Found:
    """A field of an item read: the item's source depends on that field."""
    return _Found("value", "", _merge(found.reads, {found.source: frozenset({name})}))


def _analyse(node: Any, scope: Mapping[str, _Found], *, truth: bool) -> _Found:  # noqa: C901, PLR0911, PLR0912 - one case per node type
    """The abstract value of an expression node; `truth`: only its truth is used."""
    from jinja2 import nodes

    if isinstance(node, nodes.Const):
        return _Found("value")
    if isinstance(node, nodes.Name):
        if node.name in scope:
            return scope[node.name]
        return _Found("items", node.name, {})
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return _values([_whole(_analyse(i, scope, truth=False)) for i in node.items])
    if isinstance(node, nodes.Filter):
        return _filter(node, scope)
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        name = node.attr if isinstance(node, nodes.Getattr) else _const_text(node.arg)
        base = _analyse(node.node, scope, truth=False)
        if base.kind == "item" and name is not None:
            return _field(base, name)
        if isinstance(node, nodes.Getitem):
            return _values([_whole(base), _whole(_analyse(node.arg, scope, truth=False))])
        return _whole(base)
    if isinstance(node, (nodes.And, nodes.Or)):
        # `a or b` gives one of them: where only its truth is used, theirs is enough
        parts = [_analyse(node.left, scope, truth=truth), _analyse(node.right, scope, truth=truth)]
        return _values([_as_truth(p) if truth else _whole(p) for p in parts])
    if isinstance(node, nodes.Not):
        return _as_truth(_analyse(node.node, scope, truth=True))
    if isinstance(node, nodes.CondExpr):
        test = _as_truth(_analyse(node.test, scope, truth=True))
        branches = [
            _analyse(b, scope, truth=truth) for b in (node.expr1, node.expr2) if b is not None
        ]
        if len(branches) == 2 and all(b.kind == "items" for b in branches):
            if branches[0].source == branches[1].source:  # the same list, filtered or not
                reads = _merge(test.reads, branches[0].reads, branches[1].reads)
                return _Found("items", branches[0].source, reads)
        done = [_as_truth(b) if truth else _whole(b) for b in branches]
        return _values([test, *done])
    if isinstance(node, nodes.Test):
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            raise _GiveUp
        tested = [node.node, *node.args, *(k.value for k in node.kwargs)]
        return _values([_whole(_analyse(t, scope, truth=False)) for t in tested])
    if isinstance(node, nodes.Compare):
        parts = [_analyse(node.expr, scope, truth=False)]
        parts += [_analyse(op.expr, scope, truth=False) for op in node.ops]
        return _values([_whole(p) for p in parts])
    if isinstance(node, (nodes.BinExpr, nodes.UnaryExpr, nodes.Concat)):
        children = [c for c in node.iter_child_nodes() if isinstance(c, nodes.Expr)]
        return _values([_whole(_analyse(c, scope, truth=False)) for c in children])
    # anything else (a call, a slice...): every name in it counts whole
    return _values([_whole(scope[n.name]) if n.name in scope else _Found("value", "", {n.name: None})
                    for n in node.find_all(nodes.Name)])  # fmt: skip


def _values(parts: list[_Found]) -> _Found:
    """A value made from these parts' values."""
    return _Found("value", "", _merge(*(p.reads for p in parts)))


def _const_text(node: Any) -> str | None:
    from jinja2 import nodes

    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return str(node.value)
    return None


def _filter(node: Any, scope: Mapping[str, _Found]) -> _Found:
    """A filter over items keeps them items (`selectattr`, `list`), picks one (`first`),
    counts them or maps them to a field; any other filter uses whole values."""
    base = _analyse(node.node, scope, truth=False) if node.node is not None else _Found("value")
    arguments = [_whole(_analyse(a, scope, truth=False)) for a in node.args]
    arguments += [_whole(_analyse(k.value, scope, truth=False)) for k in node.kwargs]
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        raise _GiveUp
    if base.kind == "items":
        if node.name in _SELECTING and node.args and not node.kwargs:
            name = _const_text(node.args[0])
            if name is not None:
                selected = _field(base, name.split(".")[0])
                return _Found(
                    "items", base.source, _merge(selected.reads, *(a.reads for a in arguments))
                )
        if node.name in _KEEPING and not node.args and not node.kwargs:
            return base
        if node.name in _ONE and not node.args and not node.kwargs:
            return _Found("item", base.source, base.reads)
        if node.name in _COUNTING and not node.args and not node.kwargs:
            return _as_truth(base)  # how many: decided by the footprint, as the truth is
        mapped = [k for k in node.kwargs if k.key == "attribute"]
        if node.name == "map" and not node.args and len(mapped) == len(node.kwargs) == 1:
            name = _const_text(mapped[0].value)
            if name is not None:
                return _field(base, name.split(".")[0])
    return _values([_whole(base), *arguments])
