"""Document titles are reused only while every name they read keeps its value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sharewiz.model.expressions import unescape_markdown
from sharewiz.render import titles
from sharewiz.render.engine import template_environment
from sharewiz.render.titles import title_text

SOURCES = [
    "Privacy notice: {{ service_name }}",
    "{{ service_name }} ({{ partner | default('none') }})",
    "{% if partner %}{{ partner | upper }}{% else %}{{ service_name }}{% endif %}",
    "{{ service_name }} {{ partner is none }}",
    "{{ service_name }}: {{ partner | join_and }}",  # a list: never kept
    "{{ service_name }} {{ range(2) | list }}",  # a function: never kept
    "{{ service_name }} {{ [1, 2] | random }}",  # a filter given the context: never kept
    "{{ answers.service_name }}",  # a mapping: never kept
]

VALUES = st.one_of(
    st.text(max_size=12),
    st.integers(-3, 3),
    st.booleans(),
    st.sampled_from([1.0, 0.0, -0.0, 2.5]),
    st.none(),
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    st.lists(st.text(max_size=5), max_size=3),
)


def _fresh(source: str, context: dict[str, object]) -> str:
    env = template_environment()
    text = env.from_string(source).render(context)
    return " ".join(unescape_markdown(text).split())


def _outcome(
    render: Callable[[str, dict[str, object]], str], source: str, context: dict[str, object]
) -> tuple[str, str]:
    """The text, or the kind of error: a title that fails must fail the same way."""
    try:
        return ("text", render(source, context))
    except Exception as exc:  # noqa: BLE001 - compared, not handled
        return ("error", type(exc).__name__)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(VALUES, VALUES), min_size=1, max_size=6))
def test_a_title_is_always_what_rendering_it_afresh_gives(rows: list[tuple[object, object]]):
    """Whatever runs of values come one after another (equal text, 1 then True then
    1.0, a date, a list), the title is that of a fresh render, never a stale one."""
    env = template_environment()
    for service, partner in rows:
        context = {"service_name": service, "partner": partner}
        context["answers"] = dict(context)
        for source in SOURCES:
            if "random" in source:
                continue  # its text is not a function of its values: the last test checks it is never kept
            kept = _outcome(partial(title_text, env), source, context)
            assert kept == _outcome(_fresh, source, context), (source, context)


def test_equal_values_of_other_types_show_as_themselves():
    env = template_environment()
    source = "Set {{ n }}"
    assert [title_text(env, source, {"n": n}) for n in (1, True, 1.0, 1, "1")] == [
        "Set 1",
        "Set Yes",
        "Set 1.0",
        "Set 1",
        "Set 1",
    ]


def test_a_title_over_plain_values_is_kept_and_one_that_may_read_more_is_not():
    env = template_environment()
    titles._RENDERED.clear()
    title_text(env, "Notice: {{ service_name }}", {"service_name": "Early help"})
    assert list(titles._RENDERED.values()) == ["Notice: Early help"]
    for source in SOURCES[4:]:
        title_text(
            env, source, {"service_name": "x", "partner": ["a"], "answers": {"service_name": "x"}}
        )
    assert list(titles._RENDERED.values()) == ["Notice: Early help"]


def test_a_failed_title_is_not_kept_and_fails_again():
    env = template_environment()
    source = "{{ service_name.missing.deeper }}"
    for _ in range(2):
        with pytest.raises(Exception):  # noqa: B017, PT011 - Jinja's own error for the tree
            title_text(env, source, {"service_name": None})
