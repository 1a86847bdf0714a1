"""Document titles: a tree's title template rendered as plain text, reused while its names
keep their values.

A batch renders every set's titles (the documents' headers and file properties, the set's
title for `status`), and most sets of a batch share the names a title reads (a service's
name, a partnership's): a Jinja render costs more than looking the text up. A title is
reused only when every name it reads is known from its source and holds a plain value
(text, a number, a flag, a date, or nothing); a title whose filters or functions read
anything else is rendered every time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.sandbox import SandboxedEnvironment

# Values whose type and value alone fix how a title shows them
_PLAIN = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime})
_MISSING = object()  # a name the context lacks: it renders (or fails) the same each time
_RENDERED: dict[tuple[Any, ...], str] = {}
_RENDERED_LIMIT = 4096  # emptied when full, so a long batch's memory stays flat


def title_text(env: SandboxedEnvironment, source: str, context: Mapping[str, Any]) -> str:
    """The title `source` renders to over `context`, as one line of plain text.

    Raises what the render raises (a title naming what is missing, a sandbox refusal);
    a failed render is never kept.
    """
    from sharewiz.model.expressions import unescape_markdown
    from sharewiz.model.sandbox import time_budget

    template, names = _compiled(env, source)
    key = _key(env, source, names, context)
    text = _RENDERED.get(key) if key is not None else None
    if text is None:
        with time_budget():  # a custom tree's title is template code, bounded like any
            text = " ".join(unescape_markdown(template.render(context)).split())
        if key is not None:
            if len(_RENDERED) >= _RENDERED_LIMIT:
                _RENDERED.clear()
            _RENDERED[key] = text
    return text


def _key(
    env: SandboxedEnvironment,
    source: str,
    names: tuple[str, ...] | None,
    context: Mapping[str, Any],
) -> tuple[Any, ...] | None:
    """What the title's text depends on, or None when that cannot be told."""
    if names is None:
        return None
    values = []
    for name in names:
        value = context.get(name, _MISSING)
        kind = type(value)
        if kind not in _PLAIN and value is not _MISSING:
            return None
        # the type too (1, 1.0 and True show differently), and a number by its text
        # (-0.0 equals 0.0 but shows otherwise)
        values.append((kind, repr(value) if kind is float else value))
    return (id(env), source, *values)


@cache
def _compiled(env: SandboxedEnvironment, source: str) -> tuple[Template, tuple[str, ...] | None]:
    """The title compiled once per process, with the names its text depends on (None
    when a filter, test or function could read more than its arguments)."""
    from jinja2 import meta, nodes

    template = env.from_string(source)
    parsed = env.parse(source)
    names = meta.find_undeclared_variables(parsed)
    # a function or method called (a clock, a counter), or another template, may give anything
    if next(
        parsed.find_all((nodes.Call, nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)),
        None,
    ):
        return template, None
    # so may a filter or test Jinja gives the context or environment to
    given = [env.filters.get(node.name) for node in parsed.find_all(nodes.Filter)]
    given += [env.tests.get(node.name) for node in parsed.find_all(nodes.Test)]
    if any(getattr(function, "jinja_pass_arg", None) is not None for function in given):
        return template, None
    return template, tuple(sorted(names))
