"""The public library, `sharewiz.api`, called directly as a script would (no CLI, no profile)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from sharewiz import api
from sharewiz.errors import ExitCode, UserError

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"


def _answers(tmp_path: Path, **changes: object) -> Path:
    data = yaml.safe_load(COUNCIL.read_text(encoding="utf-8"))
    data["answers"].update(changes)
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_load_reads_a_file_or_a_set_folder(tmp_path: Path) -> None:
    shutil.copy(COUNCIL, tmp_path / "answers.yaml")
    from_file = api.load(tmp_path / "answers.yaml")
    from_folder = api.load(tmp_path)
    assert from_file.tree.id == "privacy-notice"
    assert from_file.answers == from_folder.answers
    assert from_file.missing == []


def test_load_of_a_folder_without_answers_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no answers file here"):
        api.load(tmp_path)


def test_check_passes_the_example_and_fails_a_public_authority_on_legitimate_interests(
    tmp_path: Path,
) -> None:
    good = api.check(COUNCIL)
    assert good.exit_code == ExitCode.OK
    assert good.to_json()["kind"] == "privacy-notice"
    bad = api.check(
        _answers(
            tmp_path,
            purposes=[
                {
                    "description": "to assess needs",
                    "basis": "legitimate_interests",
                    "legitimate_interest": "helping people",
                }
            ],
        )
    )
    assert bad.exit_code == ExitCode.USER_ERROR
    assert "LB-PUBLIC-AUTHORITY-LI" in {f.rule_id for f in bad.findings}


def test_render_one_set_then_again_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = api.render([COUNCIL], out=out, formats=["md"])
    assert first.exit_code == ExitCode.OK
    assert first.single is not None and first.single.written
    assert (out / "privacy-notice.md").is_file()
    again = api.render([COUNCIL], out=out, formats=["md"])
    assert again.single is not None and again.single.written == []
    document = again.to_json()
    assert document["total"] == 1 and document["unchanged"] == 1
    assert document["sets"][0]["input"] == str(COUNCIL)


def test_render_a_batch_reports_each_set(tmp_path: Path) -> None:
    seen: list[str] = []
    report = api.render(
        [COUNCIL, ROOT / "examples" / "privacy-notice-school-pupils.yaml"],
        out=tmp_path,
        formats=["md"],
        jobs=1,
        on_set=lambda result: seen.append(result.status),
    )
    assert report.batch is not None and report.batch.total == 2
    assert seen == ["written", "written"]
    assert report.exit_code == ExitCode.OK


def test_status_and_due_over_rendered_sets(tmp_path: Path) -> None:
    api.render([COUNCIL], out=tmp_path / "notice", formats=["md"])
    report = api.status([tmp_path], today=dt.date(2026, 1, 1))
    assert [s.kind for s in report.sets] == ["privacy-notice"]
    assert report.to_json()["needs_attention"] == len(report.needing_attention)
    far_ahead = api.due([tmp_path], today=dt.date(2040, 1, 1), within_days=0)
    assert len(far_ahead.reviews) == 1
    assert far_ahead.reviews[0][2] < 0  # overdue by then
    assert far_ahead.exit_code == ExitCode.USER_ERROR
