"""A fingerprint tells a value the same as another exactly as strictly as `same` does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sharewiz.model.sameness import fingerprint, kept, same

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.sampled_from([0.0, -0.0, 1.0, 2.5]),
    st.text(max_size=3),
    st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 3)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from("abc"), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(VALUES, VALUES)
def test_equal_fingerprints_are_the_same_values_and_the_same_values_equal_fingerprints(
    first: Any, second: Any
) -> None:
    assert (fingerprint(first) == fingerprint(second)) == same(first, second)
    assert fingerprint(first) == fingerprint(kept(first))  # a copy is the same


def test_what_prints_differently_is_never_the_same() -> None:
    pairs = [
        (1, True),
        (1, 1.0),
        (0.0, -0.0),
        ([1], [True]),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}),  # order is printed
        ("1", 1),
        ([], ()),
        ({"k": [1, 2]}, {"k": [1, 2, 3]}),
        (dt.date(2026, 1, 1), "2026-01-01"),
    ]
    for first, second in pairs:
        assert fingerprint(first) != fingerprint(second), (first, second)


def test_a_value_changed_in_place_is_no_longer_the_same() -> None:
    value = {"parties": [{"name": "A"}]}
    taken = fingerprint(value)
    value["parties"][0]["name"] = "B"
    assert fingerprint(value) != taken


@dataclass(frozen=True)
class _Entry:
    id: str


def test_an_object_that_never_changes_is_the_same_only_as_itself() -> None:
    entry, twin = _Entry("x"), _Entry("x")
    assert fingerprint([entry]) == fingerprint([entry])
    assert fingerprint([entry]) != fingerprint([twin])  # as `same`: by which object it is
    assert fingerprint(MappingProxyType({"a": [1]})) == fingerprint(MappingProxyType({"a": [1]}))


def test_what_cannot_be_pickled_is_the_same_as_nothing() -> None:
    value = [lambda: 1]
    assert fingerprint(value) != fingerprint(value)
