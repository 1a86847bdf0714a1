"""`status` shows a set from its state's record while nothing it was made from changed.

A render records what `status` shows (title, parties, dates, findings); `status` trusts
that record only while the answers file holds the bytes sharewiz wrote and the tree,
knowledge base and sharewiz are those it was made with. These tests drive both ways
and check they agree, and that an edit to answers.yaml is never hidden by the record.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from portfolio_helpers import build_portfolio
from sharewiz.cli.app import app
from sharewiz.model import reading
from sharewiz.portfolio.loaders import Loaders, read_each_time
from sharewiz.portfolio.set_status import set_status
from sharewiz.portfolio.status import discover
from sharewiz.sets.build import load_kind
from sharewiz.sets.state import state_path

ROOT = Path(__file__).resolve().parents[1]
COUNCIL = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
BEFORE_REVIEW = "2026-12-01"  # the example's review date is 2027-04-01
AFTER_REVIEW = "2027-05-01"
CHANGED = "answers.yaml changed since it was rendered"
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [*map(str, args)])
    return result.exit_code, result.output


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    out = tmp_path / "notice"
    code, output = run("render", COUNCIL, "--out", out, "--format", "md")
    assert code == 0, output
    return out


@pytest.fixture
def answers_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a set's answers fails: only a status shown from the record gets through."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("answers.yaml was read")

    monkeypatch.setattr(reading, "read_answers", refuse)


def status_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    code, output = run("status", "--json", "--today", BEFORE_REVIEW, *args)
    return code, json.loads(output)


def test_an_unchanged_set_is_shown_from_its_record(notice: Path, answers_never_read: None) -> None:
    code, report = status_json(notice)
    assert code == 0, report
    [row] = report["sets"]
    assert row["title"] == "Privacy notice: Adult social care assessments"
    assert row["parties"] == ["Northshire County Council"]
    assert row["review_date"] == "2027-04-01"
    assert [f["rule"] for f in row["findings"]] == ["SC-HEALTH-SECRECY"]
    assert row["problems"] == [] and row["out_of_date"] == []


def test_answers_edited_by_hand_make_the_set_out_of_date(notice: Path) -> None:
    answers = notice / "answers.yaml"
    text = answers.read_text(encoding="utf-8")
    answers.write_text(text.replace("Northshire County Council", "Southshire Council", 1), "utf-8")
    code, output = run("status", "--today", BEFORE_REVIEW, notice)
    assert code == 1, output
    assert f"{CHANGED}: render it again (`sharewiz update {notice}`)" in output
    assert "Southshire Council" in output  # the answers as they are now, not the record's
    code, output = run("status", "--out-of-date", "--today", BEFORE_REVIEW, notice)
    assert (code, output) == (1, f"{notice}: out of date: {CHANGED}\n" + output.split("\n", 1)[1])
    code, report = status_json(notice)
    assert report["sets"][0]["out_of_date"] == [CHANGED]
    assert report["sets"][0]["parties"] == ["Southshire Council"]


def test_a_comment_added_to_the_answers_changes_nothing(notice: Path) -> None:
    answers = notice / "answers.yaml"
    answers.write_text("# reviewed by the DPO\n" + answers.read_text(encoding="utf-8"), "utf-8")
    code, report = status_json(notice)
    assert code == 0, report
    assert report["sets"][0]["out_of_date"] == [] and report["sets"][0]["problems"] == []


def test_the_review_date_is_judged_on_the_day_status_runs(
    notice: Path, answers_never_read: None
) -> None:
    code, output = run("status", "--json", "--today", AFTER_REVIEW, notice)
    [row] = json.loads(output)["sets"]
    assert code == 1
    assert "REVIEW-OVERDUE" in [f["rule"] for f in row["findings"]]
    assert "review overdue since 2027-04-01 (30 days)" in row["problems"]


def test_a_record_made_with_other_rules_or_trees_is_not_trusted(notice: Path) -> None:
    state = json.loads(state_path(notice).read_text(encoding="utf-8"))
    state["checked"]["with"] = "another sharewiz"
    state["checked"]["findings"] = []  # were it trusted, the finding would be lost
    state_path(notice).write_text(json.dumps(state), encoding="utf-8")
    code, report = status_json(notice)
    assert code == 0, report
    assert [f["rule"] for f in report["sets"][0]["findings"]] == ["SC-HEALTH-SECRECY"]


@pytest.mark.parametrize("today", [dt.date(2026, 12, 1), dt.date(2031, 1, 1)])
def test_the_record_gives_what_reading_in_full_gives(tmp_path: Path, today: dt.date) -> None:
    """Every set of a portfolio (protocol, agreement, notices), some edited by hand."""
    portfolio = build_portfolio(tmp_path, ROOT / "examples")
    custom = tmp_path / "custom"
    edited = portfolio / "agreement" / "data-sharing-agreement.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAdded by hand.\n", "utf-8")
    (portfolio / "privacy-notice-charity-food-bank" / "privacy-notice-summary.md").unlink()
    loaders = read_each_time([custom / "templates"], [custom / "questions"])
    folders = discover([portfolio])
    assert len(folders) == 4
    for folder in folders:
        assert_same_status(folder, today, loaders)


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")), ids=str)
def test_every_example_from_its_record_as_read_in_full(tmp_path: Path, example: Path) -> None:
    code, output = run("render", example, "--out", tmp_path / "set", "--format", "md")
    assert code in (0, 7), output  # 7: a draft, with error-level findings recorded too
    for today in (dt.date(2026, 12, 1), dt.date(2031, 1, 1)):
        assert_same_status(tmp_path / "set", today, read_each_time((), ()))


def assert_same_status(folder: Path, today: dt.date, loaders: Loaders) -> None:
    recorded = set_status(folder, today=today, loaders=loaders)
    read = set_status(folder, today=today, loaders=loaders, trust_record=False)
    assert recorded.answers_reader is not None  # shown from the record
    assert read.answers_reader is None
    assert recorded.as_dict() == read.as_dict()
    assert recorded.answers == read.answers  # read when asked (exports, cross checks)


def test_a_protocol_changed_since_is_seen_without_reading_the_agreement(
    tmp_path: Path,
) -> None:
    portfolio = build_portfolio(tmp_path, ROOT / "examples")
    custom = tmp_path / "custom"
    answers = portfolio / "protocol" / "answers.yaml"
    text = answers.read_text(encoding="utf-8")
    answers.write_text(
        text.replace("protocol_name: Northshire", "protocol_name: Southshire"), "utf-8"
    )
    loaders = read_each_time([custom / "templates"], [custom / "questions"])
    status = set_status(portfolio / "agreement", today=dt.date(2026, 12, 1), loaders=loaders)
    assert status.answers_reader is not None
    assert status.out_of_date == ["protocol changed (version 2.0, answers changed)"]


def test_answers_written_for_an_older_tree_are_noted_from_the_record(tmp_path: Path) -> None:
    """Rendered in place, the answers file keeps its older tree version: both ways say so."""
    folder = tmp_path / "notice"
    folder.mkdir()
    text = COUNCIL.read_text(encoding="utf-8")
    now = load_kind("privacy-notice").version
    assert f"\ntree_version: {now}\n" in text
    older = text.replace(f"\ntree_version: {now}\n", f"\ntree_version: {now - 1}\n")
    (folder / "answers.yaml").write_text(older, encoding="utf-8")
    code, output = run("render", folder / "answers.yaml", "--format", "md")
    assert code == 0, output
    assert_same_status(folder, dt.date(2026, 12, 1), read_each_time((), ()))
    status = set_status(folder, today=dt.date(2026, 12, 1))
    assert status.notes == [f"answered for questions version {now - 1}; now {now}"]
