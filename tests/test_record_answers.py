"""Issue 14, the records: answers a rule depends on are never assumed for the officer.

The disclosure record's "how often" has no default, so DD-ROUTINE (a routine feed sent to a
data sharing agreement) rests on an answer someone gave, never on one-off by default.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from law_helpers import cli_app, render, with_answers, write
from sharewiz.sets.build import load_kind

DD = "disclosure-police-housing"


def test_how_often_has_no_default_and_the_routine_feed_is_not_under_the_cursor() -> None:
    question = next(
        q for q in load_kind("disclosure-decision").questions() if q.id == "request_frequency"
    )
    assert question.default is None and question.default_from is None
    assert question.choices[0].value != "one_off"


def test_a_record_without_how_often_is_not_taken_for_one_off(tmp_path: Path) -> None:
    path = write(with_answers(DD, request_frequency=...), tmp_path)
    for command in (["check", str(path)], ["render", str(path), "-o", str(tmp_path / "out")]):
        result = CliRunner().invoke(cli_app(), command)
        assert result.exit_code == 1, result.output
        assert (
            "request_frequency: Is this one request, or part of regular sharing?" in result.output
        )
    assert not (tmp_path / "out" / "disclosure-decision.md").exists()


def test_the_example_still_says_one_off_and_renders(tmp_path: Path) -> None:
    text = render(with_answers(DD), tmp_path)["disclosure-decision.md"]
    assert "One request, decided on its own facts" in text
