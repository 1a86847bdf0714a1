"""The one Jinja sandbox shared by templates, `when` conditions and computed defaults.

Answers are data, never template source: every value a template prints passes through
`finalize`, which escapes it for Markdown, so an answer like `# Heading`, `| a | b |`,
`{{ 7*7 }}` or `<!--` appears literally and changes no structure. Template authors mark
text they wrote themselves (knowledge wording) as trusted with the `md` filter.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.model.prose import (
    close_paragraphs,
    count_noun,
    mid_sentence,
    opening,
    phrase,
    plural,
    possessive,
    sentence,
    service_phrase,
)

if TYPE_CHECKING:
    from jinja2 import BaseLoader, Template
    from jinja2.sandbox import SandboxedEnvironment


class Markdown(str):
    """Text that is already Markdown (written by a template author), printed as is."""

    __slots__ = ()


_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_EDGE_SPACES = re.compile(r"^[ \t]+|[ \t]+$")
# Constructs that only mean something at the start of a line: headings, quotes, list
# markers, setext underlines, thematic breaks, fenced code.
_LINE_START = re.compile(r"^(\s*)(#|>|[-+*](?=\s|$)|=+\s*$|-+\s*$|\d+(?=[.)](?:\s|$))|```|~~~)")


def escape_markdown(text: str) -> Markdown:
    """Escape text so Markdown shows it literally, whatever characters it holds."""
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    lines = []
    for line in text.split("\n"):
        # Runs of spaces at either end shrink to one: four leading spaces would start a
        # code block and two trailing ones a hard break, but a separator like "; " stays.
        line = _EDGE_SPACES.sub(" ", line)
        line = _LINE_START.sub(_escape_line_start, line)
        lines.append(line)
    return Markdown("\n".join(lines))


_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def unescape_markdown(text: str) -> str:
    """Undo `escape_markdown` for plain text (titles, file properties): `\\#` -> `#`."""
    return _ESCAPED.sub(r"\1", text)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker[0].isdigit():
        return match.group(1) + marker + "\\"  # "1." -> "1\." ; the dot follows
    return match.group(1) + "\\" + marker


def finalize(value: Any) -> Any:
    """Escape every printed value unless the template marked it as Markdown."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (int, float)):
        return str(value)
    return escape_markdown(str(value))


# Filters -----------------------------------------------------------------------------


def md(value: Any) -> Markdown:
    """Trust text as Markdown: only for wording the template author controls."""
    return Markdown("" if value is None else str(value))


def _escaped(value: Any) -> str:
    return value if isinstance(value, Markdown) else escape_markdown(str(value))


def join_and(values: Iterable[Any], conjunction: str = "and") -> Markdown:
    """`['a', 'b', 'c']` -> `a, b and c`, each item escaped."""
    items = [_escaped(v) for v in values if v not in (None, "")]
    if len(items) <= 1:
        return Markdown("".join(items))
    return Markdown(", ".join(items[:-1]) + f" {conjunction} " + items[-1])


def bullets(values: Iterable[Any]) -> Markdown:
    """A Markdown bullet list, one escaped item per line."""
    return Markdown("\n".join(f"- {_escaped(v)}" for v in values if v not in (None, "")))


def cell(value: Any) -> Markdown:
    """A value made safe for one table cell: escaped, on one line."""
    if value is None:
        return Markdown("")
    text = _escaped(value if isinstance(value, (str, Markdown)) else finalize(value))
    return Markdown(" ".join(part.strip() for part in text.splitlines() if part.strip()))


def paragraphs(value: Any) -> Markdown:
    """Long text as Markdown paragraphs: blank lines kept, every line escaped.

    Each paragraph is closed as a sentence: one typed without a closing full stop ("NHSmail
    to a secure mailbox") gets one, as the clause it stands in needs; one ending in its own
    punctuation (`.`, `?`, `!`, `:`, `;`, `,`, an ellipsis) keeps it.
    """
    if value is None:
        return Markdown("")
    return escape_markdown(close_paragraphs(str(value)))


def address(value: Any) -> Markdown:
    """Lines of an address kept as lines (Markdown hard breaks), each escaped."""
    lines = [escape_markdown(line) for line in str(value or "").splitlines() if line.strip()]
    return Markdown("\\\n".join(lines))


def _choice_labels(context: Any, values: Any, question_id: str) -> list[str]:
    """Labels of a choice or multi answer: `purposes | choice_labels('purposes')`-style."""
    label = context["choice_label"]
    if values is None:
        return []
    if isinstance(values, (list, tuple)):
        return [label(question_id, v) for v in values]
    return [label(question_id, values)]


def _label_of(context: Any, value: Any, collection: str) -> str:
    """The title of a knowledge entry from its id: `basis | label_of('lawful_bases')`."""
    entry = context["kb"][collection][str(value)]
    # Templates see the knowledge base as plain mappings; `when` conditions as objects.
    return str(entry["title"] if isinstance(entry, Mapping) else entry.title)


def _items_of_party(context: Any, party: Any) -> list[str]:
    """The data items a party supplies, sends or receives: `party | items_of_party`.

    Read from the answers' `parties`, `data_items` and `flows` through the one
    arrangement model (`sharewiz.model.arrangement`), so a tree asks a party about the
    items it really handles.
    """
    from sharewiz.model.arrangement import build_arrangement

    answers = {key: context.get(key) for key in ("parties", "data_items", "flows")}
    return [item.field for item in build_arrangement(answers).items_of(str(party or ""))]


def _discloses_unpowered(context: Any, party: Any) -> bool:
    """Whether a party sends in a flow naming no power of its own (`party |
    discloses_unpowered`): its own power to share is then asked, as the discloser's."""
    from sharewiz.model.arrangement import build_arrangement

    answers = {key: context.get(key) for key in ("parties", "data_items", "flows")}
    return str(party or "") in build_arrangement(answers).unpowered_senders()


def date_long(value: Any) -> str:
    """`2026-03-01` -> `1 March 2026` (British order); other text unchanged."""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def add_months(value: Any, months: int) -> str:
    """An ISO date moved on by whole months (clamped to the month's last day)."""
    day = dt.date.fromisoformat(str(value))
    month_index = day.month - 1 + int(months)
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last)).isoformat()


# A UK postcode: area letters, district, then the inward code ("NT1 1AA", "G2 1DU").
_POSTCODE = re.compile(r"\b([A-Z]{1,2})\d[A-Z\d]?\s*\d[A-Z]{2}\b")


def postcode_area(value: Any) -> str:
    """The area letters of the last UK postcode in an address (`NT1 1AA` -> `NT`), or ``""``.

    Lets a tree suggest which of the UK's legal systems applies from a party's address.
    """
    found = _POSTCODE.findall("" if value is None else str(value).upper())
    return str(found[-1]) if found else ""


FILTERS: Mapping[str, Callable[..., Any]] = {
    "md": md,
    "join_and": join_and,
    "bullets": bullets,
    "cell": cell,
    "paragraphs": paragraphs,
    "sentence": sentence,
    "phrase": phrase,
    "mid_sentence": mid_sentence,
    "service_phrase": service_phrase,
    "opening": opening,
    "address": address,
    "date_long": date_long,
    "add_months": add_months,
    "plural": plural,
    "postcode_area": postcode_area,
    "count_noun": count_noun,
    "possessive": possessive,
}

GLOBALS: Mapping[str, Any] = {"add_months": add_months}


def today() -> str:
    """Today's date as ISO text (used only for wizard defaults, never at render)."""
    return dt.date.today().isoformat()


def make_environment(
    loader: BaseLoader | None = None, *, cache_dir: Path | None = None
) -> SandboxedEnvironment:
    """A bounded sandbox (`sharewiz.model.sandbox`), strict, with our filters and escaping."""
    from jinja2 import FileSystemBytecodeCache, StrictUndefined, pass_context

    from sharewiz.model.public_authority import is_public_authority
    from sharewiz.model.sandbox import SIZED_FILTERS, BoundedSandbox, bounded_filter

    bytecode_cache = FileSystemBytecodeCache(str(cache_dir)) if cache_dir else None
    env = BoundedSandbox(
        loader=loader,
        undefined=StrictUndefined,
        finalize=finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache,
    )
    env.filters.update(FILTERS)
    env.filters["label_of"] = pass_context(_label_of)
    env.filters["choice_labels"] = pass_context(_choice_labels)
    env.filters["items_of_party"] = pass_context(_items_of_party)
    env.filters["discloses_unpowered"] = pass_context(_discloses_unpowered)
    env.filters["is_public_authority"] = pass_context(is_public_authority)
    env.filters = {
        name: bounded_filter(function, sized=name in SIZED_FILTERS)
        for name, function in env.filters.items()
    }
    env.globals.update(GLOBALS)
    return env


@cache
def expression_environment() -> SandboxedEnvironment:
    """The environment for `when` conditions and computed defaults."""
    return make_environment()


def expression_names(source: str) -> set[str]:
    """The variable names an expression reads; raises jinja2.TemplateSyntaxError."""
    from jinja2 import meta

    env = expression_environment()
    parsed = env.parse("{{ (" + source + ") }}")
    return set(meta.find_undeclared_variables(parsed)) - set(env.globals)


class Expression:
    """A compiled expression, evaluated over a mapping of names without copying it.

    Jinja's own `TemplateExpression` copies its keyword arguments into a new dict, then
    again with the globals, on every call. A tree's conditions run over a context of
    every answer (a hundred names or more) about a hundred times per set, so in a batch
    those copies cost more than the expressions; here the names and the globals are
    chained instead (names first, as in Jinja), which reads the same values.
    """

    def __init__(self, template: Template, source: str | None = None) -> None:
        """Wrap the template Jinja compiled for `{% set result = <expression> %}`.

        With its `source`, the parts of the expression that need no Jinja context are
        also evaluated directly (`sharewiz.model.direct_expressions`), Jinja taking over
        wherever they stop.
        """
        from sharewiz.model.direct_expressions import direct_closure

        self.source = source
        self._template = template
        self._globals = template.globals
        self._direct = None if source is None else direct_closure(source, template.environment)

    def __call__(self, **names: Any) -> Any:
        """Evaluate with the names as keywords (as Jinja's compiled expressions take them)."""
        return self.evaluate(names)

    def evaluate(self, names: Mapping[str, Any]) -> Any:
        """The expression's value over `names` (not copied, not changed).

        Raises:
            jinja2.TemplateError: the expression failed or went over a sandbox limit
                (any other exception it raises is wrapped in a TemplateRuntimeError).
        """
        if self._direct is not None:
            try:
                return self._direct(names)
            except Exception:  # noqa: BLE001 - Jinja evaluates it again: its value or its error
                pass
        from jinja2 import TemplateError, TemplateRuntimeError

        from sharewiz.model.sandbox import time_budget

        template = self._template
        # What Template.new_context(shared=True) makes, minus the set of global names
        # it builds each time, which only `{% import %}` reads (an expression has none).
        context = template.environment.context_class(
            template.environment,
            ChainMap(names, self._globals),  # type: ignore[arg-type]  # any mapping is read
            template.name,
            {},
        )
        with time_budget():
            try:
                for _ in template.root_render_func(context):  # an assignment: yields nothing
                    pass
            except TemplateError:
                raise
            except Exception as exc:  # noqa: BLE001 - whatever an expression raises is its error
                raise TemplateRuntimeError(f"{type(exc).__name__}: {exc}") from exc
        return context.vars["result"]


@cache
def compile_expression(source: str) -> Expression:
    """Compile an expression once per process; evaluate it with `.evaluate(mapping)`.

    Cached: a batch evaluates the same `when` and default expressions for every set, and
    compiling dominated its cost (the compiled expression keeps no state between calls).
    """
    env = expression_environment()
    compiled = env.compile_expression(source, undefined_to_none=False)
    return Expression(compiled._template, source)
