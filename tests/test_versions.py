"""Versions and change history: summaries from answer differences, re-signing, the record."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from portfolio_helpers import AGREEMENT_ANSWERS, agreement_tree, write_answers, write_custom
from sharewiz.errors import UserError
from sharewiz.sets.build import build_set, load_kind, read_answers
from sharewiz.sets.changes import (
    Change,
    describe_update,
    load_versioning_rules,
    needs_resigning,
    summarise_changes,
)
from sharewiz.sets.state import HistoryEntry, read_state
from sharewiz.sets.versions import bump_version


@pytest.fixture
def notice_tree() -> Any:
    return load_kind("privacy-notice")


@pytest.fixture
def council(repo_root: Path) -> dict[str, Any]:
    _tree, _file, answers = read_answers(
        repo_root / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    return answers


def _render(set_dir: Path, answers: dict[str, Any], tree: Any) -> str:
    build_set(tree, answers, set_dir, formats=("md",), force=True)
    return (set_dir / "privacy-notice.md").read_text()


# -- summaries ------------------------------------------------------------------------------


def test_no_change_no_summary(notice_tree: Any, council: dict[str, Any]) -> None:
    assert summarise_changes(notice_tree, council, dict(council)) == []


def test_retention_change_names_both_periods(notice_tree: Any, council: dict[str, Any]) -> None:
    new = dict(council, retention_period=council["retention_period"].replace("8 years", "10 years"))
    changes = summarise_changes(notice_tree, council, new)
    assert changes == [
        Change("retention_period", "changed", "Retention changed from 8 years to 10 years", True)
    ]
    assert needs_resigning(changes)


def test_short_text_change_shows_old_and_new(notice_tree: Any, council: dict[str, Any]) -> None:
    new = dict(council, service_name="Adult social care")
    [change] = summarise_changes(notice_tree, council, new)
    assert change.summary == (
        "Service changed from Adult social care assessments to Adult social care"
    )
    assert not change.material and not needs_resigning([change])


def test_group_entries_added_removed_changed(notice_tree: Any, council: dict[str, Any]) -> None:
    recipients = [dict(r) for r in council["recipients"]]
    recipients[0]["why"] = "to plan care together"
    del recipients[1]
    recipients.append({"name": "Northshire Police", "why": "safeguarding", "processor": False})
    changes = summarise_changes(notice_tree, council, dict(council, recipients=recipients))
    assert [c.summary for c in changes] == [
        "Recipient changed: NHS Northshire Integrated Care Board and local NHS trusts "
        "(why do you share with them)",
        "Recipient added: Northshire Police",
        "Recipient removed: Care providers who deliver your care",
    ]
    assert all(c.material for c in changes)


def test_choice_and_yes_no_use_labels(notice_tree: Any, council: dict[str, Any]) -> None:
    new = copy.deepcopy(dict(council, collected_from="both", automated_decisions=True))
    new["data_categories"][2]["special_category_type"] = "racial_ethnic_origin"
    summaries = [c.summary for c in summarise_changes(notice_tree, council, new)]
    assert summaries == [
        "Collected from changed from From the people themselves to Both",
        "Category of information changed: Health and wellbeing (which special category)",
        "Automated decisions changed from no to yes",
    ]


def test_added_and_removed_answers(notice_tree: Any, council: dict[str, Any]) -> None:
    new = dict(council, controller_phone=None, ico_registration="ZA999999")
    del new["ico_registration"]
    new["controller_phone"] = None
    summaries = [c.summary for c in summarise_changes(notice_tree, council, new)]
    assert summaries == [
        "Telephone number removed (was 01632 960000)",
        "ICO registration number removed (was Z1234567)",
    ]


def test_bookkeeping_answers_are_not_changes(notice_tree: Any, council: dict[str, Any]) -> None:
    new = dict(council, document_version="7.0", document_date="2030-01-01")
    assert summarise_changes(notice_tree, council, new) == []


def test_agreement_party_added_is_material(tmp_path: Path) -> None:
    tree = agreement_tree(write_custom(tmp_path))
    old = {"parties": [{"name": "Northshire County Council", "role": "controller"}]}
    new = {"parties": [*old["parties"], {"name": "Northshire Police", "role": "controller"}]}
    lines, resign = describe_update(tree, old, new)
    assert lines == ["Party added: Northshire Police"]
    assert resign


def test_agreement_flow_keyed_by_both_parties(tmp_path: Path) -> None:
    tree = agreement_tree(write_custom(tmp_path))
    flows = [dict(f) for f in AGREEMENT_ANSWERS["flows"]]
    flows[1]["frequency"] = "weekly"
    [change] = summarise_changes(tree, AGREEMENT_ANSWERS, dict(AGREEMENT_ANSWERS, flows=flows))
    assert change.summary == (
        "Data flow changed: Northshire Police → Northshire County Council (how often)"
    )


def test_rules_are_data() -> None:
    rules = load_versioning_rules()
    assert "retention" in rules.material_for("data-sharing-agreement")
    assert "parties" in rules.material_for("some-custom-kind")  # the default list
    assert rules.labels["retention_period"] == "Retention"


@pytest.mark.parametrize(
    ("version", "major", "expected"),
    [("1.0", False, "1.1"), ("1.4", True, "2.0"), ("3", False, "3.1"), ("2.1.5", True, "3.0"),
     ("draft", False, "1.1")],
)  # fmt: skip
def test_bump_version(version: str, major: bool, expected: str) -> None:
    assert bump_version(version, major=major) == expected


# -- renders bump versions and fill the history ----------------------------------------------


def test_first_render_records_version_one(
    tmp_path: Path, notice_tree: Any, council: dict[str, Any]
) -> None:
    text = _render(tmp_path, council, notice_tree)
    assert "| 1.0 | 1 April 2026 | First version |" in text
    state = read_state(tmp_path)
    assert state is not None and state.version == "1.0"
    assert "privacy-notice.md" in state.files


def test_unchanged_render_keeps_version_and_history(
    tmp_path: Path, notice_tree: Any, council: dict[str, Any]
) -> None:
    first = _render(tmp_path, council, notice_tree)
    state = (tmp_path / ".sharewiz" / "state.json").read_bytes()
    assert _render(tmp_path, council, notice_tree) == first
    assert (tmp_path / ".sharewiz" / "state.json").read_bytes() == state


def test_material_change_bumps_major_minor_change_bumps_minor(
    tmp_path: Path, notice_tree: Any, council: dict[str, Any]
) -> None:
    _render(tmp_path, council, notice_tree)
    minor = dict(council, audience="adults who ask us for care, and their carers")
    text = _render(tmp_path, minor, notice_tree)
    assert "This is version 1.1 of this notice" in text
    major = dict(minor, retention_period="We keep records for 10 years.")
    text = _render(tmp_path, major, notice_tree)
    assert "This is version 2.0 of this notice" in text
    history = _history(tmp_path)
    assert [(h.version, h.resign) for h in history] == [
        ("1.0", True),
        ("1.1", False),
        ("2.0", True),
    ]
    assert history[2].summary == ["Retention changed from 8 years to 10 years"]
    # the date of a change whose document date did not move is the day it was rendered
    assert history[1].date != "2026-04-01"


def test_a_version_the_user_sets_is_kept(
    tmp_path: Path, notice_tree: Any, council: dict[str, Any]
) -> None:
    _render(tmp_path, council, notice_tree)
    text = _render(tmp_path, dict(council, document_version="5.0", document_date="2026-06-01"),
                   notice_tree)  # fmt: skip
    assert "This is version 5.0 of this notice" in text
    last = _history(tmp_path)[-1]
    assert (last.version, last.date, last.summary) == ("5.0", "2026-06-01", ["Version updated"])


def test_template_change_is_a_minor_version(
    tmp_path: Path, notice_tree: Any, council: dict[str, Any], repo_root: Path
) -> None:
    custom = tmp_path / "templates"
    shutil.copytree(repo_root / "templates" / "privacy-notice", custom / "privacy-notice")
    out = tmp_path / "set"
    build_set(notice_tree, council, out, formats=("md",), template_dirs=[custom])
    notice = custom / "privacy-notice" / "notice.md.j2"
    notice.write_text(notice.read_text() + "\nNew wording.\n")
    build_set(notice_tree, council, out, formats=("md",), force=True, template_dirs=[custom])
    last = _history(out)[-1]
    assert (last.version, last.summary) == ("1.1", ["Standard wording updated"])


def test_answers_file_written_beside_has_the_new_version(
    tmp_path: Path, notice_tree: Any, council: dict[str, Any]
) -> None:
    _render(tmp_path, council, notice_tree)
    _render(tmp_path, dict(council, audience="carers"), notice_tree)
    assert 'document_version: "1.1"' in (tmp_path / "answers.yaml").read_text() or (
        "document_version: '1.1'" in (tmp_path / "answers.yaml").read_text()
    )
    # rendering those answers again changes nothing
    _tree, _file, answers = read_answers(tmp_path / "answers.yaml")
    _render(tmp_path, answers, notice_tree)
    assert [h.version for h in _history(tmp_path)] == ["1.0", "1.1"]


def test_history_errors_are_clear(tmp_path: Path) -> None:
    (tmp_path / ".sharewiz").mkdir()
    (tmp_path / ".sharewiz" / "state.json").write_text('{"history": 3}')
    with pytest.raises(UserError, match="'history' is not a list"):
        read_state(tmp_path)
    (tmp_path / ".sharewiz" / "state.json").write_text('{"history": [{"date": "x"}]}')
    with pytest.raises(UserError, match="needs a version"):
        read_state(tmp_path)


def test_broken_state_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / ".sharewiz").mkdir()
    (tmp_path / ".sharewiz" / "state.json").write_text("{not json")
    with pytest.raises(UserError, match="cannot read sharewiz's record"):
        read_state(tmp_path)


def test_history_summary_is_escaped_in_the_table(
    tmp_path: Path, notice_tree: Any, council: dict[str, Any]
) -> None:
    _render(tmp_path, council, notice_tree)
    text = _render(tmp_path, dict(council, service_name="A | B <script>"), notice_tree)
    row = next(line for line in text.splitlines() if line.startswith("| 1.1 "))
    assert row.count(" | ") == 2  # the pipe in the answer did not add a column
    assert "\\|" in row


def test_render_context_without_a_set_folder_has_empty_history(
    notice_tree: Any, council: dict[str, Any]
) -> None:
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.render.engine import render_set

    doc = render_set(notice_tree, council, kb=load_knowledge())[0]
    assert "Version history" not in doc.markdown
    doc = render_set(
        notice_tree, council, kb=load_knowledge(),
        extra_context={"history": [{"version": "9.0", "date": "2026-01-01",
                                    "summary": ["x"], "resign": False}]},
    )[0]  # fmt: skip
    assert "| 9.0 | 1 January 2026 | x |" in doc.markdown


def test_state_is_plain_json(tmp_path: Path) -> None:
    custom = write_custom(tmp_path / "custom")
    set_dir = tmp_path / "a"
    write_answers(set_dir, "data-sharing-agreement", dict(AGREEMENT_ANSWERS, protocol_dir=None))
    tree, _f, answers = read_answers(set_dir / "answers.yaml", tree_dirs=[custom / "questions"])
    build_set(tree, answers, set_dir, formats=("md",), template_dirs=[custom / "templates"],
              source=str(set_dir / "answers.yaml"))  # fmt: skip
    data = json.loads((set_dir / ".sharewiz" / "state.json").read_text())
    assert data["format"] == 1 and data["kind"] == "data-sharing-agreement"
    assert data["answers"]["flows"][0]["method"] == "sftp"
    assert data["protocol"] == {}


def _history(set_dir: Path) -> list[HistoryEntry]:
    state = read_state(set_dir)
    return state.history if state else []


def test_a_group_field_added_to_the_tree_is_not_a_change(notice_tree: Any) -> None:
    # answers recorded before the tree gained `statutory_function` against answers typed now
    old = {"purposes": [{"description": "Care", "basis": "public_task", "plain": None}]}
    new = {"purposes": [{"description": "Care", "basis": "public_task",
                         "statutory_function": None}]}  # fmt: skip
    assert summarise_changes(notice_tree, old, new) == []
    [change] = summarise_changes(notice_tree, old, {"purposes": [{"description": "Care"}]})
    assert change.summary == "Purpose changed: Care (lawful basis for this purpose)"


def test_rendering_does_not_depend_on_the_clock(
    tmp_path: Path, notice_tree: Any, council: dict[str, Any]
) -> None:
    """Issue 12: `facts.today` and `review_overdue` are judged as of the document date."""
    import datetime as dt

    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.render.engine import render_set

    custom = tmp_path / "templates" / "privacy-notice"
    custom.mkdir(parents=True)
    (custom / "summary.md.j2").write_text(
        "As of {{ facts.today }}; review overdue: {{ facts.review_overdue }}.\n"
    )
    answers = {**council, "document_date": "2026-04-01", "review_date": "2027-04-01"}

    def render(today: dt.date) -> list[str]:
        documents = render_set(
            notice_tree, answers, kb=load_knowledge(), template_dirs=[tmp_path / "templates"],
            today=today,
        )  # fmt: skip
        return [d.markdown for d in documents]

    before, after = render(dt.date(2026, 4, 2)), render(dt.date(2030, 1, 1))  # review passed
    assert before == after
    assert "As of 2026-04-01; review overdue: No." in before[-1]
    # without a document date, the injected clock is the date (and never the system's)
    del answers["document_date"]
    assert "As of 2030-01-01; review overdue: Yes." in render(dt.date(2030, 1, 1))[-1]
