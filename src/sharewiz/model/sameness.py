"""Whether two values print alike, strictly: what lets a batch reuse work over equal values.

A batch's sets come from one base and differ in a few answers; work over values that are
"the same" as last time is given again (`sharewiz.law.reuse` for rules,
`sharewiz.model.conditions` for the effective pass). "The same" is stricter than `==`,
so nothing printed can differ: types must match (1, 1.0 and True print differently),
lists and mappings are compared item by item and in order, floats by their text, and
anything else only when it is the very same object of a type that never changes (a
frozen dataclass, such as a knowledge entry, or a type marked as never changing once
loaded, such as the knowledge base).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import MappingProxyType
from typing import Any

from sharewiz.model.direct_expressions import NEVER_CHANGES

_PLAIN = (str, int, bool, type(None), dt.date, dt.datetime)  # equal values print alike
ABSENT: Any = object()  # a name a mapping does not hold: the same only as itself


def same(a: Any, b: Any) -> bool:
    """Whether two values are the same for printing: same types, same items in order."""
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is str:  # the commonest, first
        return bool(a == b)
    if a is ABSENT or b is ABSENT:
        return a is b
    if kind is list or kind is tuple:
        return len(a) == len(b) and all(map(same, a, b))
    if kind is dict or kind is MappingProxyType:
        return list(a) == list(b) and all(same(value, b[key]) for key, value in a.items())
    if kind is float:
        return repr(a) == repr(b)  # -0.0 and 0.0 are equal but print differently
    if kind in _PLAIN:
        return bool(a == b)
    return a is b and never_changes(a)


def kept(value: Any) -> Any:
    """A copy of lists and mappings all the way down, so later changes in place do not
    reach it; other values as they are (`same` trusts only immutable ones)."""
    kind = type(value)
    if kind is str:
        return value
    if kind is list:
        return [kept(item) for item in value]
    if kind is tuple:
        return tuple(kept(item) for item in value)
    if kind is dict:
        return {key: kept(item) for key, item in value.items()}
    if kind is MappingProxyType:
        return MappingProxyType({key: kept(item) for key, item in value.items()})
    return value


def never_changes(value: Any) -> bool:
    """A frozen dataclass (a knowledge entry), or a type that says it never changes once
    loaded (the knowledge base)."""
    if getattr(type(value), NEVER_CHANGES, False) is True:
        return True
    params = getattr(type(value), "__dataclass_params__", None)
    return dataclasses.is_dataclass(value) and params is not None and bool(params.frozen)
