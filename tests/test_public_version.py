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


def _both(example: str, tmp_path: Path, document: str) -> tuple[str, str]:
    _render(example, tmp_path / "full")
    _render(example, tmp_path / "public", "--audience", "public")
    full = (tmp_path / "full" / f"{document}.md").read_text()
    return full, (tmp_path / "public" / f"{document}.md").read_text()


def test_the_public_disclosure_record_never_names_the_person_or_the_staff(tmp_path: Path) -> None:
    full, public = _both("disclosure-police-housing", tmp_path, "disclosure-decision")
    for private in (
        "14 Mill Lane",  # the person the information is about, and what was disclosed
        "the named tenant",
        "tenancy start date (6 May 2024)",
        "Alex Morgan",  # the requesting officer
        "Ruth Chen",  # the countersigning officer
        "Jo Patel",  # the decision maker (the role stays)
        "NP-26-118734",  # references
        "DL-2026-0417",
        "ignored two letters",  # the case's free text
    ):
        assert private in full, private
        assert private not in public, private
    assert "| About | One person, not named in this version |" in public
    assert "Data Protection Lead" in public and NOTE in public
    assert "Schedule 2" in public  # the law the decision rests on stays


def test_the_public_dpia_screening_leaves_out_staff_names_and_notes(tmp_path: Path) -> None:
    full, public = _both("dpia-screening-supporting-families", tmp_path, "dpia-screening")
    for private in ("Sam Okafor", "Priya Shah", "Mark Evans", "**Screener's notes.**"):
        assert private in full, private
        assert private not in public, private
    assert "| Screened by | Information Governance Officer | 18 November 2026 |" in public
    assert "Northshire County Council holds the full version." in public


def test_a_privacy_notice_is_public_already(tmp_path: Path) -> None:
    full, public = _both("privacy-notice-council-adult-social-care", tmp_path, "privacy-notice")
    assert public == full


def test_the_public_approval_record_keeps_roles_not_names(tmp_path: Path) -> None:
    full, public = _both("dsa-supporting-families", tmp_path, "data-sharing-agreement")
    record = public.split("# Approval record", 1)[1].split("\n# ", 1)[0]
    assert "Tom Okoye" in full.split("# Approval record", 1)[1]
    assert "Tom Okoye" not in record and "| Data protection officer (DPO) |" in record
