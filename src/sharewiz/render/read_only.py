"""What templates see of the knowledge base and the derived facts: read-only plain data."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sharewiz.law.knowledge import KnowledgeBase

_KNOWLEDGE_DATA: dict[int, tuple[KnowledgeBase, Mapping[str, Any]]] = {}


def knowledge_data(kb: KnowledgeBase) -> Mapping[str, Any]:
    """The knowledge base as read-only plain data: `kb.rights.object.data.article` reads
    the same as on the objects, and `kb.rights.values()` lists a collection's entries.

    Built once per knowledge base (a batch renders many sets with one).
    """
    known = _KNOWLEDGE_DATA.get(id(kb))
    if known is not None and known[0] is kb:
        return known[1]
    data = MappingProxyType(
        {
            collection.id: MappingProxyType({entry.id: _plain_entry(entry) for entry in collection})
            for collection in kb
        }
    )
    _KNOWLEDGE_DATA[id(kb)] = (kb, data)  # keeps kb alive, so its id is not reused
    return data


def _plain_entry(entry: Any) -> Mapping[str, Any]:
    fields = {f.name: getattr(entry, f.name) for f in dataclasses.fields(entry)}
    return MappingProxyType({**fields, "data": _read_only(fields["data"]), "ref": entry.ref})


_SCALARS = frozenset({str, bool, int, type(None)})  # read-only as they are
_ENTRIES: dict[int, tuple[Any, Mapping[str, Any]]] = {}  # id -> (a knowledge entry, its data)


def read_only(value: Any) -> Any:
    """Derived facts as read-only plain data (a knowledge entry as `kb` gives it)."""
    kind = type(value)  # the common types first: an ABC's isinstance is slow, per node
    if kind in _SCALARS:
        return value
    if kind is dict:  # most values are text or flags: taken as they are, without a call each
        return MappingProxyType(
            {
                k if type(k) is str else str(k): v if type(v) in _SCALARS else read_only(v)
                for k, v in value.items()
            }
        )
    if kind is list:
        return tuple(v if type(v) in _SCALARS else read_only(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _entry_data(value)
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): read_only(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(read_only(v) for v in value)
    return value


def _entry_data(entry: Any) -> Mapping[str, Any]:
    """A knowledge entry in the facts as plain data, made once per entry: the facts of
    every set of a batch name the same few entries, and an entry never changes (a frozen
    dataclass; anything else is made afresh)."""
    params = getattr(type(entry), "__dataclass_params__", None)
    if params is None or not params.frozen:
        return _plain_entry(entry)
    known = _ENTRIES.get(id(entry))
    if known is None or known[0] is not entry:
        if len(_ENTRIES) >= 4096:
            _ENTRIES.clear()
        known = _ENTRIES[id(entry)] = (entry, _plain_entry(entry))  # keeps it: its id stays
    return known[1]


def _read_only(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): _read_only(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_read_only(v) for v in value)
    return value
