"""YAML reading: safe, line-aware, and free of PyYAML's YAML 1.1 surprises."""

from __future__ import annotations

from pathlib import Path

import pytest

from sharewiz.errors import FileFormatError
from sharewiz.model.yamlio import dump_yaml, line_of, load_yaml, parse_yaml


def test_yaml11_traps_stay_as_typed() -> None:
    data = parse_yaml("a: NO\nb: off\nc: 2026-01-01\nd: 0161 496 0000\ne: 01632\nf: yes\n", "x")
    assert data == {
        "a": "NO",
        "b": "off",
        "c": "2026-01-01",
        "d": "0161 496 0000",
        "e": "01632",
        "f": "yes",
    }


def test_core_schema_keeps_real_booleans_and_numbers() -> None:
    assert parse_yaml("a: true\nb: 12\nc: 1.5\nd: null\ne:\n", "x") == {
        "a": True,
        "b": 12,
        "c": 1.5,
        "d": None,
        "e": None,
    }


def test_plain_mode_keeps_every_scalar_as_text() -> None:
    data = parse_yaml("a: true\nb: 12\nc: [1, no]\nd: null\ne: ~\nf: Null\n", "x", plain=True)
    # Only `null` is no answer: `~` and `Null` are text (an organisation may be called Null).
    assert data == {"a": "true", "b": "12", "c": ["1", "no"], "d": None, "e": "~", "f": "Null"}


def test_duplicate_key_is_an_error_with_both_lines() -> None:
    with pytest.raises(FileFormatError) as info:
        parse_yaml("a: 1\nb: 2\na: 3\n", "answers.yaml")
    assert info.value.message == "answers.yaml:3: duplicate key 'a' (first on line 1)"


def test_syntax_error_names_file_and_line() -> None:
    with pytest.raises(FileFormatError) as info:
        parse_yaml("a: [1, 2\nb: 3\n", "tree.yaml")
    assert info.value.message.startswith("tree.yaml:2: ")


def test_python_tags_are_refused() -> None:
    with pytest.raises(FileFormatError):
        parse_yaml("a: !!python/object/apply:os.system ['echo hi']\n", "x")


def test_explicit_timestamp_tag_stays_text() -> None:
    assert parse_yaml("a: !!timestamp 2026-01-01\n", "x") == {"a": "2026-01-01"}


def test_lines_are_remembered() -> None:
    data = parse_yaml("top:\n  inner: 1\n  other:\n    - x\n", "x")
    assert data.line == 1
    assert line_of(data, "top") == 1
    assert line_of(data["top"], "other") == 3
    assert line_of(data["top"]["other"]) == 4


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="no such file"):
        load_yaml(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(FileFormatError, match="not UTF-8"):
        load_yaml(bad)


def test_dump_round_trips_ambiguous_text() -> None:
    data = {"a": "NO", "b": "2026-01-01", "c": "yes", "d": "two\nlines", "e": "12", "f": True}
    assert parse_yaml(dump_yaml(data), "x") == data
