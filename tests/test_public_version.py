"""`render --audience public`: the copy to publish, without security details, staff
names below the signatories or internal references, and saying a fuller version exists."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from sharewiz.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
NOTE = "> **Published version.** This copy is for publication."


def _render(example: str, out: Path, *audience: str) -> None:
    args = ["render", str(ROOT / "examples" / f"{example}.yaml"), "--out", str(out), "-f", "md"]
    result = runner.invoke(app, [*args, *audience])
    assert result.exit_code == 0, result.output


def test_the_public_agreement_leaves_out_security_staff_and_references(tmp_path: Path) -> None:
    _render("dsa-antenatal-health-visiting", tmp_path / "full")
    _render("dsa-antenatal-health-visiting", tmp_path / "public", "--audience", "public")
    full = (tmp_path / "full" / "data-sharing-agreement.md").read_text()
    public = (tmp_path / "public" / "data-sharing-agreement.md").read_text()
    for internal in ("NSP-DSA-014", "DPIA-2026-031", "Head of Midwifery", "**In transit.**"):
        assert internal in full
        assert internal not in public
    assert NOTE in public and NOTE not in full
    assert "Dr Alan Okafor" in public  # signatories stay named
    assert "maternity.ig@northshirehospitals.example.nhs.uk" in public  # a contact route stays


def test_the_public_processor_schedule_leaves_out_its_security_measures(tmp_path: Path) -> None:
    _render("processor-case-management", tmp_path, "--audience", "public")
    public = (tmp_path / "processor-contract.md").read_text()
    assert "Multi-factor" not in public and "multi-factor" not in public
    assert "Contract Manager" not in public
    assert "set out in the full version of this schedule" in public and NOTE in public


def test_an_unknown_audience_is_a_clear_error(tmp_path: Path) -> None:
    example = ROOT / "examples" / "dsa-antenatal-health-visiting.yaml"
    result = runner.invoke(
        app, ["render", str(example), "--out", str(tmp_path), "--audience", "press"]
    )
    assert result.exit_code == 1
    assert result.output == "error: unknown audience 'press'\nhint: use one of: internal, public\n"
