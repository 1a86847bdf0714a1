"""Class: files that would make sharewiz build without bound (issue 18, item 3)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import visitor_kind
from hostile_helpers import DPIA_EXAMPLE, assert_clean_error, run

pytestmark = pytest.mark.timeout(120)

LAUGHS = "".join(f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10))
BILLION_LAUGHS = f"kind: dpia-screening\ntree_version: 1\nanswers:\n  l0: &l0 lol\n{LAUGHS}"


@pytest.mark.parametrize("command", ["render", "check", "status", "update"])
def test_billion_laughs_is_refused_by_every_command(command: str, tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "answers.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    target = folder if command in ("status", "update") else folder / "answers.yaml"
    result = run(command, target)
    text = " ".join(result.output.split())
    assert "expand to more than 1,000,000 values" in text, result.output
    assert "answers.yaml:" in text and "Traceback" not in result.output
    assert result.exit_code != 0 or command == "status"


@pytest.mark.parametrize("index", ["999999999", "1000000", "1000"])
def test_a_group_index_is_bounded_in_set_and_csv(index: str, tmp_path: Path) -> None:
    example = DPIA_EXAMPLE.parent / "privacy-notice-council-adult-social-care.yaml"
    result = run(
        "render", example, "--set", f"purposes.{index}.description=x", "--out", tmp_path / "a"
    )
    assert_clean_error(result, f"purposes.{index}.description", f"entry {index} is beyond")
    rows = tmp_path / "rows.csv"
    rows.write_text(f"purposes.{index}.description\nx\n", encoding="utf-8")
    result = run("render", example, "--rows", rows, "--out", tmp_path / "b")
    assert_clean_error(result, "rows.csv:row 1", f"entry {index} is beyond")


def test_an_include_chain_1000_deep_is_a_clear_error(tmp_path: Path) -> None:
    custom = visitor_kind(tmp_path / "custom")
    tree = custom / "questions" / "visitor.yaml"
    tree.write_text(tree.read_text(encoding="utf-8") + "  - include: f0.yaml\n", encoding="utf-8")
    for i in range(1000):
        (custom / "questions" / f"f{i}.yaml").write_text(
            f"fragment: f{i}\ndescription: x\nsections:\n  - include: f{i + 1}.yaml\n",
            encoding="utf-8",
        )
    result = run("validate", custom)
    text = " ".join(result.output.split())
    assert "includes nested more than 20 deep" in text and "Traceback" not in text, result.output
    assert result.exit_code == 1


def test_groups_nested_300_deep_are_a_clear_error(tmp_path: Path) -> None:
    custom = visitor_kind(tmp_path / "custom")
    nested = "".join(
        f"{'  ' * i}- id: g{i}\n{'  ' * i}  type: group\n{'  ' * i}  prompt: G\n"
        f"{'  ' * i}  help: G\n{'  ' * i}  questions:\n"
        for i in range(300)
    )
    tree = custom / "questions" / "visitor.yaml"
    tree.write_text(
        tree.read_text(encoding="utf-8").replace(
            "    questions:\n",
            "    questions:\n"
            + "      "
            + nested.replace("\n", "\n      ").rstrip()
            + "\n      "
            + "  " * 300
            + "- id: leaf\n",
            1,
        ),
        encoding="utf-8",
    )
    result = run("validate", custom)
    text = " ".join(result.output.split())
    assert "visitor.yaml:" in text and "nested more than" in text, result.output
    assert "Traceback" not in text and result.exit_code == 1


@pytest.mark.slow
@pytest.mark.parametrize("command", [("status",), ("due",), ("export", "ropa")])
def test_a_folder_1300_deep_does_not_crash_portfolio_commands(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    root = tmp_path / "portfolio"
    shutil.copytree(DPIA_EXAMPLE.parent, root / "examples")  # harmless files beside the depth
    made = [root / "d"]
    for _ in range(1299):
        made.append(made[-1] / "d")
    for folder in made:
        folder.mkdir()
    try:
        result = run(*command, root)
    finally:
        for folder in reversed(made):  # pytest's own clean-up recurses, so empty them first
            folder.rmdir()
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.exit_code in (0, 1), result.output


NOTICE_EXAMPLE = DPIA_EXAMPLE.parent / "privacy-notice-council-adult-social-care.yaml"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("!!set {a, b}", "expected one line of text, not a YAML set (!!set)"),
        ("!!binary aGVsbG8=", "expected one line of text, not a YAML binary value (!!binary)"),
    ],
)
def test_a_yaml_tagged_value_is_refused_not_written_as_python(
    value: str, expected: str, tmp_path: Path
) -> None:
    # a set once reached the notice as "{'b', 'a'}", in either order
    text = NOTICE_EXAMPLE.read_text(encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        text.replace("controller_name: Northshire County Council", f"controller_name: {value}"),
        encoding="utf-8",
    )
    for command in (("check", answers), ("render", answers, "--out", tmp_path / "out")):
        assert_clean_error(run(*command), "answers.yaml:11: controller_name:", expected)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("date", ["9999-12-31", "31/12/9999", "1 January 1066"])
def test_a_date_out_of_range_is_a_clear_error_not_a_crash(date: str, tmp_path: Path) -> None:
    # 9999-12-31 crashed the review-date check: three years on is past the last date
    rows = tmp_path / "rows.csv"
    rows.write_text(f"document_date\n{date}\n", encoding="utf-8")
    expected = f"{date!r} is outside the dates sharewiz takes (1900 to 2999)"
    for extra in (("--set", f"document_date={date}"), ("--rows", rows)):
        result = run("render", NOTICE_EXAMPLE, *extra, "--out", tmp_path / "out", "--json")
        assert expected in result.output, result.output
        assert "internal error" not in result.output and result.exit_code in (1, 5)
    answers = tmp_path / "answers.yaml"
    text = NOTICE_EXAMPLE.read_text(encoding="utf-8")
    answers.write_text(text.replace("document_date: 2026-04-01", f"document_date: {date}"))
    assert_clean_error(run("check", answers), "answers.yaml:9: document_date:", expected)
