"""Class: every error about a faulty file names its file and line and says what to do.

Each case breaks one thing in a custom tree, an answers file or a CSV of rows, runs the
command a user would, and checks the one `error:` line (`file:line: message`) and the
`hint:` line beneath it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import Result

from helpers import build_file_tree, visitor_kind, visitor_tree
from hostile_helpers import DPIA_EXAMPLE, run, visitor_answers
from sharewiz.model.tree import QUESTION_TYPES

ALL_TYPES = ", ".join(QUESTION_TYPES)


def error_and_hint(result: Result) -> tuple[str, str]:
    """The error and hint text of a failed command, with rich's line wrapping undone."""
    text = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "Traceback" not in text and "internal error" not in text, result.output
    assert text.count("error: ") == 1 and "hint: " in text, result.output
    error, hint = text.split("error: ", 1)[1].split(" hint: ", 1)
    return error, hint


# (case, a change to the tree: (old, new) text or visitor_tree arguments, line, message, hint)
TREE_CASES = [
    ("type-near", ("type: text", "type: txet"), 14, "unknown question type 'txet' (in 'site_name')",
     f"did you mean 'text'? use one of: {ALL_TYPES}"),
    ("type-far", ("type: text", "type: banana"), 14, "unknown question type 'banana'",
     f"use one of: {ALL_TYPES}"),
    ("question-key", {"question": "promt: Which?\n"}, 17, "unknown key 'promt' in a question",
     "did you mean 'prompt'? allowed keys: across, as_lines, ask_as_ticks, choices, choices_expr"),
    ("tree-key", {"top": "titel: Visitors\n"}, 5, "unknown key 'titel' in the tree",
     "did you mean 'title'? allowed keys: added, description"),
    ("missing-help", ("        help: The building's name.\n", ""), 13,
     "question 'site_name' needs 'help'", "add `help: ...` to it"),
    ("bad-id", ("- id: site_name", "- id: Site-Name"), 13, "question id 'Site-Name' must be",
     "e.g. 'site_name'"),
    ("min-over-max", {"question": "min: 5\nmax: 2\n"}, 17, "'min' is greater than 'max'",
     "swap them: min 2, max 5"),
    ("bad-pattern", {"question": "pattern: '[a-'\n"}, 17, "bad pattern in 'site_name'",
     "write a regular expression in single quotes"),
    ("unknown-when", {"question": "when: site_nmae\n"}, 17,
     "expression 'site_nmae' names unknown question(s): site_nmae", "did you mean 'site_name'?"),
    ("choices-on-text", {"question": "choices: [a, b]\n"}, 17,
     "'site_name' is text; only choice and multi questions take choices",
     "make it `type: choice` or `type: multi`"),
    ("bad-version", ("version: 1", "version: one"), 2, "'version' must be a whole number",
     "write e.g. `version: 1`"),
    ("added-unknown", {"version": 2, "top": "added:\n  2: [site_nam]\n"}, 6,
     "'added' names unknown question 'site_nam'", "did you mean 'site_name'? questions: site_name"),
    ("empty-section", {"sections": "- id: more\n  title: More\n  questions: []\n"}, 17,
     "section 'more' has no questions", "list its questions under 'questions:'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "line", "message", "hint"),
    [case[1:] for case in TREE_CASES],
    ids=[case[0] for case in TREE_CASES],
)
def test_a_faulty_tree_names_its_line_and_says_what_to_do(
    tmp_path: Path,
    change: tuple[str, str] | dict[str, object],
    line: int,
    message: str,
    hint: str,
) -> None:
    custom = visitor_kind(tmp_path / "custom", **(change if isinstance(change, dict) else {}))
    tree = custom / "questions" / "visitor.yaml"
    if isinstance(change, tuple):
        text = tree.read_text(encoding="utf-8")
        assert change[0] in text
        tree.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    answers = visitor_answers(tmp_path / "answers.yaml", "Town Hall")
    result = run("check", answers, "--templates", custom)
    error, said = error_and_hint(result)
    assert error.startswith(f"{tree}:{line}: {message}"), result.output
    assert hint in said, result.output


def test_an_include_cycle_names_the_include_and_its_line(tmp_path: Path) -> None:
    custom = visitor_kind(tmp_path / "custom", sections="- include: fragments/loop.yaml\n")
    loop = build_file_tree(
        custom / "questions",
        {
            "fragments/loop.yaml": """\
                fragment: loop
                sections:
                  - include: fragments/loop.yaml
                """
        },
    )
    answers = visitor_answers(tmp_path / "answers.yaml", "Town Hall")
    error, hint = error_and_hint(run("check", answers, "--templates", custom))
    assert error == (
        f"{loop / 'fragments' / 'loop.yaml'}:3: include cycle: visitor.yaml -> loop.yaml -> loop.yaml"
    )
    assert (
        hint == "remove this include of 'fragments/loop.yaml': that file is already being included"
    )


ANSWERS_CASES = [
    ("not-a-mapping", "- a list\n", 1, "an answers file must be a mapping",
     "start it `kind: privacy-notice`"),
    ("answers-a-list", "kind: dpia-screening\ntree_version: 1\nanswers:\n  - x\n", 3,
     "'answers' must be a mapping", "indent one `question_id: answer` per line"),
    ("version-text", "kind: dpia-screening\ntree_version: three\nanswers: {}\n", 2,
     "'tree_version' must be a whole number", "e.g. `tree_version: 1`"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "message", "hint"),
    [case[1:] for case in ANSWERS_CASES],
    ids=[case[0] for case in ANSWERS_CASES],
)
def test_a_faulty_answers_file_names_its_line(
    tmp_path: Path, text: str, line: int, message: str, hint: str
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(text, encoding="utf-8")
    error, said = error_and_hint(run("check", answers))
    assert error.startswith(f"{answers}:{line}: {message}"), error
    assert hint in said


def test_a_byte_that_is_not_utf8_is_found_by_line(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(b"kind: dpia-screening\nanswers:\n  project_name: Caf\xe9\n")
    error, hint = error_and_hint(run("check", answers))
    assert error == f"{answers}:3: not UTF-8 text (byte 0xe9)"
    assert "save the file as UTF-8" in hint


CSV_CASES = [
    ("unnamed-column", "project_name,,document_date\n", "row 1, column 2: a column has no name",
     "name every column with a question id"),
    ("repeated-column", "project_name,document_date,project_name\n",
     "row 1, column 3: column project_name appears more than once (first as column 1)",
     "keep one column per question id"),
    ("unknown-column", "project_nmae\n", "row 1, column project_nmae: unknown question id",
     "columns are question ids"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("header", "message", "hint"),
    [case[1:] for case in CSV_CASES],
    ids=[case[0] for case in CSV_CASES],
)
def test_a_faulty_csv_header_names_row_and_column(
    tmp_path: Path, header: str, message: str, hint: str
) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(header + "Alpha,2026-01-01,x\n", encoding="utf-8")
    result = run("render", DPIA_EXAMPLE, "--rows", rows, "--out", tmp_path / "out", "-f", "md")
    error, said = error_and_hint(result)
    assert error.startswith(f"{rows}:{message}"), error
    assert hint in said


def test_a_bad_cell_fails_its_row_naming_row_and_column(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "project_name,document_date\nAlpha,2026-01-01\nBeta,2026-13-01\nGamma\n", encoding="utf-8"
    )
    result = run("render", DPIA_EXAMPLE, "--rows", rows, "--out", tmp_path / "out", "-f", "md")
    text = " ".join(result.output.split())
    assert result.exit_code == 5, result.output  # PARTIAL: the good row is written
    assert f"{rows}:row 3, column document_date: '2026-13-01' is not a real date" in text
    assert f"{rows}:row 4: has 1 cells but the header has 2 columns (leave a cell empty" in text
    assert "Traceback" not in text


def test_the_visitor_tree_itself_is_sound(tmp_path: Path) -> None:
    """The cases above break a tree that is otherwise good: it renders as it is."""
    assert visitor_tree().count("\n") == 16
    custom = visitor_kind(tmp_path / "custom")
    answers = visitor_answers(tmp_path / "answers.yaml", "Town Hall")
    result = run("render", answers, "--templates", custom, "--out", tmp_path / "out", "-f", "md")
    assert result.exit_code == 0, result.output


def test_validate_gives_the_errors_own_hint_as_its_fix(tmp_path: Path) -> None:
    custom = visitor_kind(tmp_path / "custom", question="promt: Which?\n")
    result = run("validate", custom, "--json")
    assert result.exit_code == 1, result.output
    [finding] = json.loads(result.output)["findings"]
    assert (finding["line"], finding["message"]) == (17, "unknown key 'promt' in a question")
    assert finding["fix"].startswith(
        "did you mean 'prompt'? allowed keys: across, as_lines, ask_as_ticks, choices,"
    )


def test_validate_prints_each_findings_hint_beneath_it(tmp_path: Path) -> None:
    custom = visitor_kind(tmp_path / "custom")
    tree = custom / "questions" / "visitor.yaml"
    tree.write_text(tree.read_text(encoding="utf-8").replace("type: text", "type: txet"), "utf-8")
    result = run("validate", custom)
    lines = result.output.splitlines()
    first = lines.index(f"{tree}:14: error: unknown question type 'txet' (in 'site_name')")
    assert lines[first + 1] == f"    hint: did you mean 'text'? use one of: {ALL_TYPES}"


def test_a_condition_that_fails_on_the_answers_names_its_tree_line(tmp_path: Path) -> None:
    custom = visitor_kind(
        tmp_path / "custom",
        questions="- id: extra\n  type: text\n  prompt: X?\n  help: X.\n  when: site_name + 1 > 2\n",
    )
    answers = visitor_answers(tmp_path / "answers.yaml", "Town Hall")
    error, hint = error_and_hint(run("check", answers, "--templates", custom))
    tree = custom / "questions" / "visitor.yaml"
    assert error.startswith(f"{tree}:17: expression 'site_name + 1 > 2' failed:"), error
    assert "the expression at that line of the tree needs fixing" in hint
