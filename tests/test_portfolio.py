"""The portfolio: status, review dates, the calendar, Tier 1 -> Tier 2 links, consistency."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from portfolio_helpers import PROTOCOL_ANSWERS, build_portfolio, render_dir, write_answers
from sharewiz.cli.app import app
from sharewiz.law.consistency import SetFacts, check_portfolio, durations, names_match
from sharewiz.model.expressions import date_long
from sharewiz.portfolio.ics import ReviewEvent, calendar_text, escape_text, fold
from sharewiz.portfolio.status import due_reviews, parse_within, portfolio_status
from sharewiz.sets.dependants import update_dependants
from sharewiz.sets.links import find_dependants, find_sets
from sharewiz.sets.state import read_state

TODAY = dt.date(2026, 11, 25)
runner = CliRunner()


@pytest.fixture
def portfolio(tmp_path: Path, repo_root: Path) -> Path:
    return build_portfolio(tmp_path, repo_root / "examples")


@pytest.fixture
def custom(portfolio: Path) -> Path:
    return portfolio.parent / "custom"


def _status(portfolio: Path, custom: Path, **kwargs: object) -> dict[str, object]:
    statuses = portfolio_status(
        [portfolio],
        today=TODAY,
        template_dirs=[custom / "templates"],
        tree_dirs=[custom / "questions"],
        **kwargs,  # type: ignore[arg-type]
    )
    return {s.dir.name: s for s in statuses}


# -- discovery --------------------------------------------------------------------------


def test_sets_are_found_under_a_folder_but_not_inside_state_folders(portfolio: Path) -> None:
    (portfolio / "agreement" / ".sharewiz" / "answers.yaml").write_text("kind: x\n")
    names = sorted(p.name for p in find_sets([portfolio]))
    assert names == [
        "agreement",
        "privacy-notice-charity-food-bank",
        "privacy-notice-council-adult-social-care",
        "protocol",
    ]


def test_a_set_folder_given_directly_is_that_set(portfolio: Path) -> None:
    assert find_sets([portfolio / "protocol"]) == [portfolio / "protocol"]


# -- status -----------------------------------------------------------------------------


def test_fresh_portfolio_rows(portfolio: Path, custom: Path) -> None:
    rows = _status(portfolio, custom)
    agreement = rows["agreement"]
    assert agreement.kind == "data-sharing-agreement"
    assert agreement.title == "Data sharing agreement: Adults at risk"
    assert agreement.parties == [p["name"] for p in PROTOCOL_ANSWERS["parties"]]  # inherited
    assert agreement.version == "1.0"
    assert agreement.last_rendered  # the render date is recorded
    protocol = rows["protocol"]
    assert protocol.version == "2.0" and not protocol.needs_attention
    notice = rows["privacy-notice-council-adult-social-care"]
    assert notice.parties == ["Northshire County Council"]
    assert notice.review_date == "2027-04-01"
    assert not notice.needs_attention


def test_past_review_date_needs_attention(portfolio: Path, custom: Path) -> None:
    agreement = _status(portfolio, custom)["agreement"]
    assert agreement.needs_attention
    assert "review overdue since 2026-10-01 (55 days)" in agreement.problems


def test_hand_edited_file_needs_attention(portfolio: Path, custom: Path) -> None:
    notice_dir = portfolio / "privacy-notice-charity-food-bank"
    md = notice_dir / "privacy-notice.md"
    md.write_text(md.read_text() + "\nA sentence a person added.\n")
    notice = _status(portfolio, custom)["privacy-notice-charity-food-bank"]
    assert notice.problems == ["edited by hand since sharewiz wrote it: privacy-notice.md"]


def test_missing_file_and_changed_templates_need_attention(portfolio: Path, custom: Path) -> None:
    (portfolio / "agreement" / "data-sharing-agreement.html").unlink()
    template = custom / "templates" / "information-sharing-protocol" / "protocol.md.j2"
    template.write_text(template.read_text() + "\nNew standard wording.\n")
    rows = _status(portfolio, custom)
    assert "missing: data-sharing-agreement.html" in rows["agreement"].problems
    # the same version (no VERSION file was raised): the hashes tell the two apart
    [problem] = rows["protocol"].problems
    assert re.fullmatch(
        r"made with information-sharing-protocol templates 1\.0 #[0-9a-f]{8}, now "
        r"information-sharing-protocol templates 1\.0 #[0-9a-f]{8}: render it again "
        r"\(`sharewiz diff --wording .*protocol` shows the wording that changed\)",
        problem,
    ), problem


def test_protocol_changed_since_agreement_rendered(portfolio: Path, custom: Path) -> None:
    changed = dict(PROTOCOL_ANSWERS)
    changed["parties"] = [
        *PROTOCOL_ANSWERS["parties"],
        {"name": "Northshire Fire", "role": "controller"},
    ]
    write_answers(portfolio / "protocol", "information-sharing-protocol", changed)
    render_dir(portfolio / "protocol", custom)
    rows = _status(portfolio, custom)
    assert rows["protocol"].version == "3.0"  # a partner joined: material
    assert any(
        p.startswith("protocol changed since rendered (version 2.0 → 3.0)")
        for p in rows["agreement"].problems
    )


def test_answers_missing_for_installed_tree_need_attention(portfolio: Path, custom: Path) -> None:
    answers = dict(PROTOCOL_ANSWERS)
    del answers["protocol_name"]
    write_answers(portfolio / "protocol", "information-sharing-protocol", answers)
    protocol = _status(portfolio, custom)["protocol"]
    assert protocol.problems[0] == (
        "1 answer(s) missing for version 1 of the questions: protocol_name"
    )


def test_unreadable_answers_are_a_problem_not_a_crash(portfolio: Path, custom: Path) -> None:
    (portfolio / "protocol" / "answers.yaml").write_text("kind: [oops\n")
    rows = _status(portfolio, custom)
    assert rows["protocol"].problems[0].startswith("answers cannot be read:")
    assert rows["agreement"].problems[0].startswith("protocol cannot be read:")


def test_set_without_record_is_compared_with_a_fresh_render(portfolio: Path, custom: Path) -> None:
    notice = portfolio / "privacy-notice-charity-food-bank"
    (notice / ".sharewiz" / "state.json").unlink()
    assert not _status(portfolio, custom)[notice.name].problems
    (notice / "privacy-notice.md").write_text("changed\n")
    assert (
        "documents differ from a fresh render"
        in _status(portfolio, custom)[notice.name].problems[0]
    )


def test_an_old_manifest_alone_is_migrated_and_its_hashes_used(
    portfolio: Path, custom: Path
) -> None:
    notice = portfolio / "privacy-notice-charity-food-bank"
    (notice / ".sharewiz" / "state.json").unlink()
    (notice / ".sharewiz" / "manifest.json").write_text(
        json.dumps({"files": {"privacy-notice.md": "0" * 64, "answers.yaml": "1" * 64}})
    )
    problems = _status(portfolio, custom)[notice.name].problems
    assert problems == ["edited by hand since sharewiz wrote it: privacy-notice.md"]
    assert not (notice / ".sharewiz" / "manifest.json").exists()
    state = read_state(notice)
    assert state is not None and state.files["privacy-notice.md"] == "0" * 64


# -- consistency --------------------------------------------------------------------------


def test_cross_document_findings(portfolio: Path, custom: Path) -> None:
    agreement = _status(portfolio, custom)["agreement"]
    rules = sorted(f.rule_id for f in agreement.findings if f.rule_id.startswith("PF-"))
    assert rules == ["PF-RECIPIENT", "PF-RETENTION"]
    recipient = next(f for f in agreement.findings if f.rule_id == "PF-RECIPIENT")
    assert recipient.message.startswith(
        "Northshire County Council sends data to Northshire Police under 'Adults at risk'"
    )
    assert recipient.citation == "UK GDPR Art 13(1)(e), Art 14(1)(e)"
    assert agreement.errors is not None  # the checks module ran too


def test_party_not_in_protocol_is_an_error(tmp_path: Path) -> None:
    protocol = SetFacts(tmp_path / "p", "information-sharing-protocol",
                        {"parties": [{"name": "Northshire County Council"}]})  # fmt: skip
    agreement = SetFacts(
        tmp_path / "a",
        "data-sharing-agreement",
        {
            "protocol_dir": "../p",
            "parties": [
                {"name": "Northshire County Council", "role": "controller"},
                {"name": "Acme Analytics Ltd", "role": "processor"},
                {"name": "Southshire Police", "role": "controller"},
            ],
            "party_bases": [{"party": "Southshire Police", "basis": "consent"}],
        },
        protocol_dir=tmp_path / "p",  # the link sets.links works out from protocol_dir
    )
    findings = check_portfolio([protocol, agreement])[agreement.dir]
    assert [(f.rule_id, f.severity) for f in findings] == [("PF-SIGNATORY", "error")]
    assert "Southshire Police is a party" in findings[0].message


def test_lawful_basis_must_match_the_notice(tmp_path: Path) -> None:
    notice = SetFacts(tmp_path / "n", "privacy-notice", {
        "controller_name": "The Northshire County Council",
        "purposes": [{"basis": "public_task"}],
        "retention_period": "We keep records for 6 years.",
        "recipients": [{"name": "Northshire Police force"}],
    })  # fmt: skip
    agreement = SetFacts(tmp_path / "a", "data-sharing-agreement", {
        "flows": [{"from_parties": ["Northshire County Council"], "to_parties": ["Northshire Police"]}],
        "party_bases": [{"party": "northshire county council", "basis": "consent"}],
        "retention": [{"party": "Northshire County Council", "period": "six years"}],
    })  # fmt: skip
    findings = check_portfolio([notice, agreement])[agreement.dir]
    assert [f.rule_id for f in findings] == ["PF-BASIS"]  # recipient named; no digits to compare


def test_name_matching_and_durations() -> None:
    assert names_match("The Northshire Police", "northshire  police")
    assert not names_match("", "x")
    assert durations("6 years, then 3 Months") == {(6, "year"), (3, "month")}


# -- review dates -------------------------------------------------------------------------


def test_due_lists_past_and_near_reviews(portfolio: Path, custom: Path) -> None:
    statuses = list(_status(portfolio, custom).values())
    due = due_reviews(statuses, today=dt.date(2027, 3, 1), within_days=60)
    assert [(s.dir.name, d.isoformat(), left) for s, d, left in due] == [
        ("agreement", "2026-10-01", -151),
        ("privacy-notice-council-adult-social-care", "2027-04-01", 31),
    ]


@pytest.mark.parametrize(("text", "days"), [("60d", 60), ("8w", 56), ("3m", 90), ("7", 7)])
def test_parse_within(text: str, days: int) -> None:
    assert parse_within(text) == days


def test_parse_within_rejects_nonsense() -> None:
    from sharewiz.errors import UserError

    with pytest.raises(UserError, match="not a number of days"):
        parse_within("soon")


def test_ics_folds_escapes_and_uses_crlf() -> None:
    long = "Review: " + "é" * 80 + "; a, b\\c\nnext"
    text = calendar_text(
        [ReviewEvent("x@sharewiz", dt.date(2027, 1, 2), "20260101T000000Z", long, "d")]
    )
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    assert fold("x" * 80) == "x" * 75 + "\r\n " + "x" * 5
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == long


def test_cli_due_writes_a_calendar_that_parses(
    portfolio: Path, custom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(portfolio)
    result = runner.invoke(
        app, ["due", "--today", "2026-11-25", "--ics", "reviews.ics", "--templates", str(custom)]
    )
    assert result.exit_code == 1, result.output  # the agreement's review is overdue
    assert "Wrote 4 review date(s) to reviews.ics." in result.output
    assert "55 days overdue" in result.output
    data = (portfolio / "reviews.ics").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    calendar = icalendar.Calendar.from_ical(data)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    event = events["Review: Data sharing agreement: Adults at risk"]
    assert event.decoded("DTSTART") == dt.date(2026, 10, 1)
    assert event.decoded("DTSTAMP") == dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc)
    assert "Folder: " in str(event["DESCRIPTION"])
    # stable: the same portfolio gives the same file
    runner.invoke(app, ["due", "--ics", "again.ics", "--templates", str(custom)])
    assert (portfolio / "again.ics").read_bytes() == data


def test_cli_due_nothing_due(
    portfolio: Path, custom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(portfolio)
    result = runner.invoke(
        app, ["due", "protocol", "--today", "2026-11-25", "--templates", str(custom)]
    )
    assert result.exit_code == 0
    assert result.output == "No reviews due within 60 days.\n"


# -- CLI status ---------------------------------------------------------------------------


def test_cli_status_table_and_exit_code(
    portfolio: Path, custom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(portfolio)
    result = runner.invoke(app, ["status", "--today", "2026-11-25", "--templates", str(custom)])
    assert result.exit_code == 1
    assert "agreement: review overdue since 2026-10-01 (55 days)" in result.output
    assert "agreement: warning: PF-RETENTION:" in result.output  # advice is called advice
    assert result.output.rstrip().endswith("4 set(s), 1 need attention.")


def test_cli_status_into_a_pipe_is_a_list_not_a_table(
    portfolio: Path, custom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(portfolio)
    result = runner.invoke(app, ["status", "--today", "2026-11-25", "--templates", str(custom)])
    lines = result.output.splitlines()
    at = lines.index("agreement")
    assert lines[at + 1] == "  Kind: data-sharing-agreement"
    assert "  State: needs attention" in lines[at + 1 : at + 10]
    assert any(line.startswith("  Checks: ") and line.endswith(" advice") for line in lines)


def test_cli_status_at_80_columns_wraps_its_notes_at_words(
    portfolio: Path, custom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from rich.console import Console

    from sharewiz.cli import console as console_module

    buffer = io.StringIO()
    screen = Console(file=buffer, force_terminal=True, width=80, color_system=None)
    monkeypatch.setattr(console_module, "out", lambda: screen)
    monkeypatch.chdir(portfolio)
    runner.invoke(app, ["status", "--today", "2026-11-25", "--templates", str(custom)])
    lines = buffer.getvalue().splitlines()
    notes = [n for n, line in enumerate(lines) if line.startswith("agreement: warning: PF-")]
    assert notes, lines
    for at in notes:  # a note's words are whole, its later lines indented under it
        following = []
        for line in lines[at + 1 :]:
            if not line.startswith("    "):
                break
            following.append(line)
        assert following, lines  # long enough to wrap at 80 columns
        # (a path is never broken: the only words a line may run past the screen with)
        assert all(len(line) <= 80 or "/" in line for line in [lines[at], *following])
        words = " ".join(" ".join([lines[at], *following]).split())
        assert "agreement: warning: PF-" in words
    # before: each was one line the terminal cut at the 80th column, mid-word


def test_cli_status_ok_exits_zero(portfolio: Path, custom: Path) -> None:
    result = runner.invoke(
        app,
        [
            "status",
            str(portfolio / "protocol"),
            "--today",
            "2026-11-25",
            "--templates",
            str(custom),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1 set(s), 0 need attention." in result.output


def test_cli_status_json(portfolio: Path, custom: Path) -> None:
    result = runner.invoke(
        app,
        ["status", str(portfolio), "--json", "--today", "2026-11-25", "--templates", str(custom)],
    )
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["needs_attention"] == 1
    agreement = next(s for s in data["sets"] if s["kind"] == "data-sharing-agreement")
    assert agreement["version"] == "1.0"
    assert {"PF-RECIPIENT", "PF-RETENTION"} <= {f["rule"] for f in agreement["findings"]}


def test_cli_status_bad_date_and_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["status", str(tmp_path), "--today", "tomorrow"])
    assert result.exit_code == 1
    assert "error: --today 'tomorrow' is not a date" in result.output
    result = runner.invoke(app, ["status", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "no such folder" in result.output


def test_cli_status_empty_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["status", str(tmp_path)])
    assert result.exit_code == 0
    assert result.output == "No document sets found (folders holding answers.yaml).\n"


# -- Tier 1 -> Tier 2 -----------------------------------------------------------------------


def test_agreement_cites_and_inherits_from_its_protocol(portfolio: Path) -> None:
    text = (portfolio / "agreement" / "data-sharing-agreement.md").read_text()
    assert "Made under the Northshire Information Sharing Protocol (version 2.0)." in text
    assert "- Northshire Healthcare NHS Foundation Trust (controller)" in text


def test_find_dependants(portfolio: Path) -> None:
    assert find_dependants(portfolio / "protocol", [portfolio]) == [portfolio / "agreement"]
    assert find_dependants(portfolio / "agreement", [portfolio]) == []


def test_update_dependants_after_protocol_change(portfolio: Path, custom: Path) -> None:
    changed = dict(PROTOCOL_ANSWERS)
    changed["parties"] = [
        *PROTOCOL_ANSWERS["parties"],
        {"name": "Northshire Fire", "role": "controller"},
    ]
    write_answers(portfolio / "protocol", "information-sharing-protocol", changed)
    render_dir(portfolio / "protocol", custom)
    results = update_dependants(
        portfolio / "protocol", [portfolio], template_dirs=[custom / "templates"],
        tree_dirs=[custom / "questions"],
    )  # fmt: skip
    assert len(results) == 1 and not results[0].error
    result = results[0]
    assert result.version == "2.0" and result.resign
    assert result.summary == [
        "Protocol version changed from 2.0 to 3.0",
        "Party added: Northshire Fire",
    ]  # the protocol's new version is said once
    text = (portfolio / "agreement" / "data-sharing-agreement.md").read_text()
    assert "(version 3.0)" in text and "- Northshire Fire (controller)" in text
    state = read_state(portfolio / "agreement")
    assert state is not None and [h.version for h in state.history] == ["1.0", "2.0"]
    rows = _status(portfolio, custom)
    assert not any("protocol changed" in p for p in rows["agreement"].problems)


def test_update_dependants_merges_a_hand_edited_agreement(portfolio: Path, custom: Path) -> None:
    md = portfolio / "agreement" / "data-sharing-agreement.md"
    md.write_text(md.read_text() + "\nEdited.\n")
    changed = dict(PROTOCOL_ANSWERS, breach_notify_hours=12)
    write_answers(portfolio / "protocol", "information-sharing-protocol", changed)
    render_dir(portfolio / "protocol", custom)
    results = update_dependants(
        portfolio / "protocol", [portfolio], template_dirs=[custom / "templates"],
        tree_dirs=[custom / "questions"],
    )  # fmt: skip
    assert not results[0].error and results[0].plan is not None
    assert not results[0].plan.conflicts
    text = md.read_text()
    assert text.endswith("Edited.\n") and "(version 3.0)" in text


def test_cli_update_dependants(
    portfolio: Path, custom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(portfolio)
    changed = dict(PROTOCOL_ANSWERS, breach_notify_hours=12)
    write_answers(portfolio / "protocol", "information-sharing-protocol", changed)
    render_dir(portfolio / "protocol", custom)
    result = runner.invoke(app, ["update", "--dependants", "protocol", "--templates", str(custom)])
    assert result.exit_code == 0, result.output
    # breach notice time is material for the protocol (3.0), not for the agreement (1.1)
    assert result.output == (
        "agreement: version 1.1 (no re-signing needed)\n"
        "  - Protocol version changed from 2.0 to 3.0\n"
        "  - Breach notify hours changed from 24 to 12\n"
    )


def test_cli_update_dependants_names_the_folders_it_searched(
    portfolio: Path, custom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # it said "No agreements found under protocol", naming the protocol, not where it looked
    monkeypatch.chdir(portfolio)
    (portfolio / "elsewhere").mkdir()
    result = runner.invoke(
        app, ["update", "--dependants", "protocol", "--search", "elsewhere",
              "--templates", str(custom)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == (
        "No agreements linked to protocol found in elsewhere"
        " (--search DIR looks in other folders).\n"
    )


def test_cli_update_dependants_needs_a_protocol(tmp_path: Path) -> None:
    result = runner.invoke(app, ["update", "--dependants", str(tmp_path)])
    assert result.exit_code == 1
    assert "no protocol set here" in result.output


def test_protocol_dir_that_does_not_exist_is_a_clear_error(portfolio: Path, custom: Path) -> None:
    from sharewiz.errors import UserError

    answers = (
        (portfolio / "agreement" / "answers.yaml").read_text().replace("../protocol", "../gone")
    )
    (portfolio / "agreement" / "answers.yaml").write_text(answers)
    with pytest.raises(UserError, match="no protocol set here"):
        render_dir(portfolio / "agreement", custom)
    assert "protocol cannot be read" in _status(portfolio, custom)["agreement"].problems[0]


# -- the built-in protocol and agreement kinds ---------------------------------------------


def test_real_agreement_under_real_protocol(
    tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = repo_root / "examples"
    (tmp_path / "protocol").mkdir()
    (tmp_path / "dsa").mkdir()
    protocol_text = (examples / "protocol-northshire-partnership.yaml").read_text()
    (tmp_path / "protocol" / "answers.yaml").write_text(protocol_text)
    dsa_text = (examples / "dsa-supporting-families.yaml").read_text()
    dsa_text = dsa_text.replace(
        '  protocol_name: Northshire Information Sharing Protocol\n  protocol_version: "2.0"\n',
        "  protocol_dir: ../protocol\n",
    )
    assert "protocol_dir" in dsa_text
    (tmp_path / "dsa" / "answers.yaml").write_text(dsa_text)
    monkeypatch.chdir(tmp_path)
    for name in ("protocol", "dsa"):
        result = runner.invoke(app, ["render", f"{name}/answers.yaml", "--format", "md,docx"])
        assert result.exit_code == 0, result.output
    agreement = (tmp_path / "dsa" / "data-sharing-agreement.md").read_text()
    assert (
        "made under the Northshire Information Sharing Protocol (version 2.0, dated "
        "1 September 2026)" in agreement
    )
    assert "```mermaid\nflowchart LR\n" in agreement
    statuses = {s.dir.name: s for s in portfolio_status([tmp_path], today=TODAY)}
    signatory = [f for f in statuses["dsa"].findings if f.rule_id == "PF-SIGNATORY"]
    # the DWP and the academy trust are parties to the agreement but not protocol partners
    assert sorted(f.message.split(" is a party")[0] for f in signatory) == [
        "Department for Work and Pensions",
        "Northshire Learning Trust",
    ]
    # the protocol changes: the agreement is flagged, then updated
    (tmp_path / "protocol" / "answers.yaml").write_text(
        protocol_text.replace("breach_notify_hours: 24", "breach_notify_hours: 12")
    )
    result = runner.invoke(
        app, ["render", "protocol/answers.yaml", "--format", "md,docx", "--force"]
    )
    assert result.exit_code == 0, result.output
    statuses = {s.dir.name: s for s in portfolio_status([tmp_path], today=TODAY)}
    assert statuses["protocol"].version == "3.0"
    assert any("protocol changed since rendered" in p for p in statuses["dsa"].problems)
    result = runner.invoke(app, ["update", "--dependants", "protocol"])
    assert result.exit_code == 0, result.output
    assert "dsa: version 1.2 (no re-signing needed)" in result.output
    agreement = (tmp_path / "dsa" / "data-sharing-agreement.md").read_text()
    # version 3.0 was made today (its document date did not move): it carries that date
    dated = read_state(tmp_path / "protocol").history[-1].date  # type: ignore[union-attr]
    assert f"(version 3.0, dated {date_long(dated)})" in agreement
    assert "| 1.2 | " in agreement and "Protocol version changed from 2.0 to 3.0" in agreement


def test_every_command_gives_findings_one_shape(
    portfolio: Path, custom: Path, tmp_path: Path, repo_root: Path
) -> None:
    """check, render, status and validate --json: the same envelope version, the same keys."""
    from sharewiz.law.findings import FINDINGS_JSON_VERSION

    example = repo_root / "examples" / "dsa-supporting-families.yaml"  # has findings
    broken = tmp_path / "broken-templates"
    (broken / "privacy-notice").mkdir(parents=True)
    (broken / "privacy-notice" / "notice.md.j2").write_text("{{ no_such_question }}\n")
    runs = {
        "check": ["check", "--json", str(example)],
        "render": ["render", str(example), "--out", str(tmp_path / "out"),
                   "--format", "md", "--json"],
        "status": ["status", str(portfolio), "--json", "--today", "2026-11-25",
                   "--templates", str(custom)],
        "validate": ["validate", "--json", str(broken)],
    }  # fmt: skip
    shapes = {}
    for command, args in runs.items():
        data = json.loads(runner.invoke(app, args).output)
        assert data["findings_version"] == FINDINGS_JSON_VERSION, command
        sets = data.get("sets", [data])
        findings = [f for entry in sets for f in entry["findings"]]
        assert findings, command
        shapes[command] = {frozenset(f) for f in findings}
    keys = frozenset({"rule", "severity", "message", "citation", "fix", "refs", "file", "line"})
    assert shapes == dict.fromkeys(runs, {keys})
