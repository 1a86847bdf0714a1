"""Deterministic JSON text of sharewiz's records, reusing what a batch writes again and again.

`.sharewiz/state.json` is indented, key-sorted JSON; Python encodes indented JSON in pure
Python, slowly, and a batch writes one for every set with mostly the same answers in it.
:func:`dumps` gives exactly the text of
`json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False, default=str)`, encoding
the top two levels of mappings itself and reusing the text of each value below them.
:func:`plain_json` makes answers JSON-ready in the first place (or, for text written
without indenting, :func:`json_default` as it is written).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from json.encoder import encode_basestring
from typing import Any

_LEVELS = 2  # mappings this deep are laid out here; values inside them are reused
_REUSED: dict[str, str] = {}  # repr of a value -> its JSON at level 0
_REUSED_LIMIT = 4096  # emptied when full, so a long batch's memory stays flat


def dumps(value: Any) -> str:
    """`json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False, default=str)`."""
    return _encode(value, 0, {})


def _encode(value: Any, level: int, met: dict[tuple[int, int], str]) -> str:
    """`value`'s text at `level`; `met` holds the text of each list or mapping below the
    laid-out levels already written in this document, by identity (all stay alive while
    it is written), so one held in two places is written once."""
    kind = type(value)
    if kind is str:  # a set's own text (a merge base's line): never reused
        return encode_basestring(value)
    if (
        kind is dict
        and value
        and level < _LEVELS
        and set(map(type, value)) == {str}  # json converts other keys: let it
    ):
        inner = "\n" + " " * (level + 1)
        items = [
            f"{encode_basestring(key)}: {_encode(item, level + 1, met)}"  # as json writes keys
            for key, item in sorted(value.items())
        ]
        return "{" + inner + ("," + inner).join(items) + "\n" + " " * level + "}"
    if kind is list and value:
        # the lines of a merge base: laid out here, as json does, not kept for reuse
        inner = "\n" + " " * (level + 1)
        try:  # encode_basestring takes only text: anything else is json's to write
            lines = ("," + inner).join(map(encode_basestring, value))
        except TypeError:
            pass
        else:
            return "[" + inner + lines + "\n" + " " * level + "]"
    key = (id(value), level)
    text = met.get(key)
    if text is None:  # json's strings hold no newline: every one is a line of the layout
        text = met[key] = _reused(value).replace("\n", "\n" + " " * level)
    return text


def _reused(value: Any) -> str:
    key = repr(value)  # tells apart 1, 1.0, True and "1", and dates from text
    text = _REUSED.get(key)
    if text is None:
        text = json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False, default=str)
        if len(_REUSED) >= _REUSED_LIMIT:
            _REUSED.clear()
        _REUSED[key] = text
    return text


_SCALARS = frozenset({str, int, bool, float, type(None)})  # JSON-ready as they are


def json_default(value: Any) -> Any:
    """What `plain_json` makes of a value `json` cannot write itself, as `json.dumps`'s
    `default`: JSON text of values with text keys (answers, as typed) is then that of
    their `plain_json`, written by json's C encoder without a plain copy made first."""
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    return plain_json(value)


def plain_json(value: Any) -> Any:
    """Answers as JSON-ready values (dates as ISO text), for comparing and storing."""
    kind = type(value)  # the common types first: an ABC's isinstance is slow, per node
    if kind in _SCALARS:
        return value
    if kind is dict:  # most values are text: taken as they are, without a call each
        return {
            k if type(k) is str else str(k): v if type(v) in _SCALARS else plain_json(v)
            for k, v in value.items()
        }
    if kind is list:
        return [v if type(v) in _SCALARS else plain_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
