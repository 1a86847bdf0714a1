"""Issue 14: a wrong route is stopped by `render` and `check`, naming the right kind.

A one-off request in an agreement, a supplier named as a sharing partner and a routine
feed in a disclosure record are each an error finding of a rule with `route:`; `render`
writes nothing (not even a draft, which could publish privacy wording about the person
concerned) and names the command that starts the right document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from law_helpers import with_answers, write
from sharewiz.cli.app import app


def _one_off_flow() -> dict[str, Any]:
    doc = with_answers("dsa-antenatal-health-visiting")
    flow = doc["answers"]["flows"][0]
    flow.update(frequency="one_off", volume=1)
    flow.pop("interval", None)
    return doc


def _supplier_as_partner() -> dict[str, Any]:
    doc = with_answers("dsa-antenatal-health-visiting")
    parties = doc["answers"]["parties"]
    parties.append(
        {
            **parties[-1],
            "name": "Hosted Records Ltd",
            "organisation_type": "company",
            "role": "processor",
            "processor_for": parties[-1]["name"],
        }
    )
    return doc


def _routine_feed() -> dict[str, Any]:
    return with_answers(
        "disclosure-police-housing", request_frequency="routine", request_volume=300
    )


CASES = [
    ("DSA-ONE-OFF", _one_off_flow, "disclosure-decision"),
    ("DSA-PROCESSOR-PARTY", _supplier_as_partner, "processor-contract"),
    ("DD-ROUTINE", _routine_feed, "data-sharing-agreement"),
]


@pytest.mark.parametrize(("rule", "make", "kind"), CASES, ids=[c[0] for c in CASES])
def test_render_writes_nothing_and_names_the_right_kind(
    rule: str, make: Any, kind: str, tmp_path: Path
) -> None:
    path = write(make(), tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["render", str(path), "-o", str(out), "--format", "md"])
    assert result.exit_code == 1, result.output
    assert "these answers are not for a " in result.output
    assert f"  {rule}: " in result.output
    assert f"hint: start the right document with `sharewiz new {kind}`" in result.output
    assert not out.exists()


@pytest.mark.parametrize(("rule", "make", "kind"), CASES, ids=[c[0] for c in CASES])
def test_check_reports_the_error_with_the_command(
    rule: str, make: Any, kind: str, tmp_path: Path
) -> None:
    path = write(make(), tmp_path)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1, result.output
    line = next(line for line in result.output.splitlines() if line.startswith(f"error {rule}:"))
    assert f"`sharewiz new {kind}`" in line


def test_a_bulk_request_is_routine_whatever_its_frequency_answer(tmp_path: Path) -> None:
    path = write(with_answers("disclosure-police-housing", request_volume=300), tmp_path)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert "error DD-ROUTINE: This is a request covering about 300 people" in result.output
    few = write(with_answers("disclosure-police-housing", request_volume=3), tmp_path / "few")
    assert "DD-ROUTINE" not in CliRunner().invoke(app, ["check", str(few)]).output
