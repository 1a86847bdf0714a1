"""The batch's shortcuts give exactly what the plain code gives (no timings here)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from sharewiz import __version__
from sharewiz.model.answers_file import HEADER, answers_to_yaml
from sharewiz.model.yamlio import dump_yaml
from sharewiz.sets import jsontext


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


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        "text",
        {"a": {}},
        {"b": [], "a": {"z": 1, "y": [1, {"k": "line\nbreak"}], "x": None}},
        {"a": {"b": {"c": {"d": [1.0, True, "1"]}}}},
        {"é": "ü", 'quote"': "back\\slash", "date": dt.date(2026, 4, 1)},
        {1: "numbers as keys", 2: 2},
        {"a": {1: "inner numbers as keys"}},
    ],
)
def test_record_json_is_json_dumps(value: Any) -> None:
    expected = json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False, default=str)
    assert jsontext.dumps(value) == expected
    assert jsontext.dumps(value) == expected  # again, from the reused text


def test_state_json_is_json_dumps(tmp_path: Path) -> None:
    from sharewiz.sets.build import read_answers
    from sharewiz.sets.state import HistoryEntry, SetState, state_answers

    example = (
        Path(__file__).parents[1] / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    tree, _file, answers = read_answers(example)
    state = SetState(
        tree.id,
        tree.version,
        formats=["md", "docx"],
        version="1.0",
        answers=state_answers(answers),
        files={"notice.md": "ab" * 32, "answers.yaml": "cd" * 32},
        history=[HistoryEntry("1.0", "2026-04-01", ["First version"], resign=True)],
    )
    data = json.loads(state.to_json())
    assert state.to_json() == json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
