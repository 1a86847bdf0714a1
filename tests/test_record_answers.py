"""Issue 14, the records: answers a rule depends on are never assumed for the officer, and
signatories are recorded one way in every kind.

The disclosure record's "how often" has no default, so DD-ROUTINE (a routine feed sent to a
data sharing agreement) rests on an answer someone gave, never on one-off by default. The
processor contract's signatories are the agreement's list (name, job title, role), migrated
from version 1's two free-text lines; the approval record's information governance lead row
is filled from a signatory in that role, and left out where no one holds it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from typer.testing import CliRunner

from law_helpers import cli_app, render, with_answers, write
from sharewiz.model.reading import read_answers
from sharewiz.sets.build import load_kind, render_answers_file

MIGRATIONS = Path(__file__).parent / "migrations"

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


def test_how_many_has_no_default_either(tmp_path: Path) -> None:
    """DD-ROUTINE also stops a bulk request: Enter by habit must not record one person."""
    question = next(
        q for q in load_kind("disclosure-decision").questions() if q.id == "request_volume"
    )
    assert question.default is None and question.default_from is None and question.required
    path = write(with_answers(DD, request_volume=...), tmp_path)
    result = CliRunner().invoke(cli_app(), ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert "request_volume: About how many people does the request cover?" in result.output


def test_the_example_still_says_one_off_and_renders(tmp_path: Path) -> None:
    text = render(with_answers(DD), tmp_path)["disclosure-decision.md"]
    assert "One request, decided on its own facts" in text


PC = "processor-case-management"
IG_LEAD = "Information governance lead"


def _inner(kind: str, group: str, nested: str | None = None) -> list[tuple[str, str]]:
    question = next(q for q in load_kind(kind).questions() if q.id == group)
    if nested:
        question = next(q for q in question.questions if q.id == nested)
    return [(q.id, q.type) for q in question.questions]


def test_the_processor_contract_asks_signatories_as_the_agreement_does() -> None:
    agreement = _inner("data-sharing-agreement", "parties", "signatories")
    assert agreement == [("name", "text"), ("job_title", "text"), ("role", "choice")]
    assert _inner("processor-contract", "controller_signatories") == agreement
    assert _inner("processor-contract", "processor_signatories") == agreement


def test_the_schedule_signs_each_person_in_their_role_in_markdown_and_docx(tmp_path: Path) -> None:
    text = render(with_answers(PC), tmp_path / "md")["processor-contract.md"]
    assert (
        f"| Northshire County Council | Sam Okoro, Head of Information Governance | {IG_LEAD} | | |"
    ) in text
    assert (
        "| CareWorks Systems Ltd | Daniel Hughes, Managing Director | Senior officer | | |" in text
    )
    path = write(with_answers(PC), tmp_path / "docx")
    render_answers_file(path, out_dir=tmp_path / "out", formats=["docx"])
    document = docx.Document(str(tmp_path / "out" / "processor-contract.docx"))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Northshire County Council", "Sam Okoro, Head of Information Governance", IG_LEAD,
            "", ""] in rows  # fmt: skip


def v1_with_signatory(tmp_path: Path, line: str | None) -> tuple[Path, Any]:
    """The version 1 example with `line` as its one-line controller signatory, read."""
    doc = yaml.safe_load((MIGRATIONS / f"{PC}.v1.yaml").read_text(encoding="utf-8"))
    doc["answers"]["controller_signatory"] = line
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path, read_answers(path, tree_for=load_kind, strict=False)


def test_a_version_1_schedule_splits_each_signatory_into_name_and_job_title(
    tmp_path: Path,
) -> None:
    old = MIGRATIONS / f"{PC}.v1.yaml"
    read = read_answers(old, tree_for=load_kind, strict=False)
    (controller,) = read.answers["controller_signatories"]
    (processor,) = read.answers["processor_signatories"]
    assert controller["name"] == "Helen Ward"
    assert controller["job_title"] == "Director of Children's Services"
    assert (processor["name"], processor["job_title"]) == ("Daniel Hughes", "Managing Director")
    assert "controller_signatory" not in read.answers
    assert (
        "controller_signatory: moved to controller_signatories.name (its first controller "
        "signatory), split at its comma into name and job_title"
    ) in read.notes
    assert not [n for n in read.notes if "covering everything" in n]
    result = CliRunner().invoke(cli_app(), ["render", str(old), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "o" / "processor-contract.md").read_text(encoding="utf-8")
    assert "| Northshire County Council | Helen Ward, Director of Children's Services |" in text


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Helen Ward", "Helen Ward"),  # no comma: no job title to take
        ("Ward, Helen, Director of Children's Services", "Ward, Helen, Director of Children's Services"),
        ("Helen Ward,", "Helen Ward,"),  # nothing after the comma
        (", Director", ", Director"),  # nothing before it
    ],
)  # fmt: skip
def test_a_version_1_signatory_of_another_shape_stays_whole_as_the_name_and_says_so(
    tmp_path: Path, line: str, name: str
) -> None:
    path, read = v1_with_signatory(tmp_path, line)
    (controller,) = read.answers["controller_signatories"]
    assert controller["name"] == name and not controller.get("job_title")
    assert (
        "controller_signatory: moved to controller_signatories.name (its first controller "
        "signatory), the whole line as the name: it is not one 'name, job_title' pair, so "
        "check it, and give the job_title that is asked"
    ) in read.notes
    result = CliRunner().invoke(cli_app(), ["render", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1, result.output
    assert f"    controller_signatories.0.job_title ({name}): Their job title" in result.output


@pytest.mark.parametrize("line", ["", "   ", None])
def test_an_empty_version_1_signatory_moves_nothing_and_the_signatories_are_asked(
    tmp_path: Path, line: str | None
) -> None:
    path, read = v1_with_signatory(tmp_path, line)
    assert not read.answers.get("controller_signatories")
    assert not [n for n in read.notes if n.startswith("controller_signatory:")]
    result = CliRunner().invoke(cli_app(), ["render", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1, result.output
    assert "controller_signatories" in result.output


def test_the_role_is_suggested_from_an_information_governance_job_title() -> None:
    doc = with_answers(PC)
    for signatory in doc["answers"]["controller_signatories"]:
        signatory.pop("role")
    from sharewiz.model.conditions import effective_answers

    answers = effective_answers(load_kind("processor-contract"), doc["answers"])
    assert [s["role"] for s in answers["controller_signatories"]] == ["senior_officer", "ig_lead"]


def _approval(text: str) -> str:
    match = re.search(r"^# Approval record\n(.*?)(?=^#)", text + "\n#", re.S | re.M)
    assert match
    return match.group(1)


def test_the_approval_record_names_the_ig_lead_or_leaves_the_row_out(tmp_path: Path) -> None:
    doc: dict[str, Any] = with_answers("dsa-supporting-families")
    record = _approval(render(doc, tmp_path / "none")["data-sharing-agreement.md"])
    assert IG_LEAD not in record
    assert "| Northshire Police | Senior Information Risk Owner (SIRO) | Helen Marsh | |" in record

    police = next(p for p in doc["answers"]["parties"] if p["name"] == "Northshire Police")
    police["signatories"].append(
        {"name": "Ravi Shah", "job_title": "Information Governance Manager", "role": "ig_lead"}
    )
    record = _approval(render(doc, tmp_path / "held")["data-sharing-agreement.md"])
    assert f"| Northshire Police | {IG_LEAD} | Ravi Shah | |" in record
    assert record.count(IG_LEAD) == 1  # only the party that has one
