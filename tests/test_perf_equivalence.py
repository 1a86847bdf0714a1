"""The batch's shortcuts give exactly what the plain code gives (no timings here)."""

from __future__ import annotations

from typing import Any

import pytest

from sharewiz import __version__
from sharewiz.answers import HEADER, answers_to_yaml
from sharewiz.yamlio import dump_yaml


def _whole(answers: dict[str, Any]) -> str:
    body = {"kind": "k", "tree_version": 2, "sharewiz_version": __version__, "answers": answers}
    return HEADER + dump_yaml(body)


SHARED = ["a", "b"]


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"name": "Northshire", "count": 1, "ratio": 1.0, "flag": True, "text": "1", "none": None},
        {"long": "word " * 60, "lines": "first\nsecond\n", "quoted": "yes", "colon": "a: b"},
        {"list": ["x", "y"], "groups": [{"id": "a", "n": 2}, {"id": "b", "n": None}]},
        {"empty_list": [], "empty_map": {}, "date": "2026-04-01", "hash": "# not a comment"},
        {"first": SHARED, "second": SHARED},  # one list twice: anchors, dumped whole
    ],
)
def test_answers_text_is_the_whole_dump(answers: dict[str, Any]) -> None:
    assert answers_to_yaml("k", 2, answers) == _whole(answers)
    assert answers_to_yaml("k", 2, answers) == _whole(answers)  # again, from the cache


def test_answers_text_tells_types_apart() -> None:
    for value in (1, 1.0, True, "1", "true", None):
        assert answers_to_yaml("k", 2, {"v": value}) == _whole({"v": value})
