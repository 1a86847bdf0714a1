"""Party 1's signatories from the organisation profile, in the real wizard.

A council officer's profile holds who signs its agreements ("name: job title" lines).
Yes to the profile takes them with party 1's other answers (only a role the job title
does not name is asked); no asks them as lines, as before; typed where the profile
lacks them, they are offered for saving and kept there as lines.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from sharewiz.model.yamlio import load_yaml

pyte = pytest.importorskip("pyte")  # the screen the driver reads (a dev dependency)
from wizard_driver import drive_example  # noqa: E402 - needs pyte

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

ROOT = Path(__file__).resolve().parent.parent
TWO_PARTY = ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml"
CTRL_C, DOWN, RIGHT = "\x03", "\x1b[B", "\x1b[C"
ROLES = RIGHT + DOWN + RIGHT + "\r"  # the roles' grid: each party's first role
PROFILE = '''name = "Northshire County Council"
organisation_type = "local_authority"
address = "County Hall\\nNorthtown NT1 1AA"
ico_registration = "Z1234567"
signatories = """
Priya Raman: Director of Resources
Dr Ade Bello: Caldicott Guardian
"""
'''
SIGNS = "Who signs: each name, a colon, then the job title"


def start(spawn: Callable[..., pexpect.spawn], tmp_path: Path, take: str) -> pexpect.spawn:
    """A new agreement with PROFILE, party 1 offered from it and answered `take`."""
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "profile.toml").write_text(PROFILE, encoding="utf-8")
    tui = spawn("new", "data-sharing-agreement", "--out", str(tmp_path / "set"), "--format", "md")
    tui.expect("What is this sharing called")
    tui.send("Test sharing\r")
    for prompt in ("Reference number", "protocol's folder", "Which overarching"):
        tui.expect(prompt)
        tui.send("\r")
    tui.expect("Who signs for this organisation\\?: Priya Raman: Director of Resources; Dr Ade")
    tui.expect("Use your organisation profile for party 1")
    tui.send(take + "\r")
    return tui


def stop(tui: pexpect.spawn, out: Path) -> list[dict[str, object]]:
    """Ctrl-C; the parties the run saved."""
    tui.send(CTRL_C)
    tui.expect("continue with: sharewiz new --resume")
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 130
    parties: list[dict[str, object]] = load_yaml(out / "answers.yaml", plain=True)["answers"][
        "parties"
    ]
    return parties


def test_yes_takes_party_1s_signatories_and_asks_only_a_role_not_named(
    spawn: Callable[..., pexpect.spawn], tmp_path: Path
) -> None:
    tui = start(spawn, tmp_path, "y")
    tui.expect("The other parties, after Northshire County Council:")
    tui.expect("one per line")
    tui.send("Northshire Police\r\r")
    steps = [("What is the role of each", ROLES), ("What kind of organisation", "\r"),
             ("Which law governs", "\r"), ("Operational contact", "IG, ig@c.example\r"),
             ("Registered or main postal address", "Police HQ\r\r"), ("ICO registration", "\r"),
             ("Operational contact", "Data, data@p.example\r"), ("rights requests about the data each", "\r")]  # fmt: skip
    for prompt, keys in steps:
        tui.expect(prompt)
        tui.send(keys)
    # party 1's signatories taken: the first's role asked (a director), no lines typed
    tui.expect("In what role do they sign")
    assert SIGNS not in tui.before, "party 1's signatories were asked as lines"
    assert "Party 1: Northshire County Council" in tui.before
    tui.send("\r")  # senior officer or director
    tui.expect(r"Caldicott Guardian \(the usual answer")  # named by the job title: taken
    tui.expect(r"Party 2: Northshire Police[\s\S]*" + SIGNS)  # party 2's typed as lines
    parties = stop(tui, tmp_path / "set")
    assert parties[0]["signatories"] == [
        {"name": "Priya Raman", "job_title": "Director of Resources", "role": "senior_officer"},
        {"name": "Dr Ade Bello", "job_title": "Caldicott Guardian", "role": "caldicott_guardian"},
    ]


def test_no_asks_party_1s_signatories_as_lines(
    spawn: Callable[..., pexpect.spawn], tmp_path: Path
) -> None:
    tui = start(spawn, tmp_path, "n")
    tui.expect("Each party's full legal name")
    tui.send("Northshire County Council\rNorthshire Police\r\r")
    steps = [("What is the role of each", ROLES), ("What kind of organisation", "\r"),
             ("What kind of organisation", "\r"), ("Which law governs", "\r"),
             ("Registered or main", "Hall\r\r"), ("ICO registration", "\r"),
             ("Operational contact", "IG, ig@c.example\r"), ("Registered or main", "HQ\r\r"),
             ("ICO registration", "\r"), ("Operational contact", "Data, data@p.example\r"),
             ("rights requests about the data each", "\r")]  # fmt: skip
    for prompt, keys in steps:
        tui.expect(prompt)
        tui.send(keys)
    tui.expect(r"Party 1: Northshire County Council[\s\S]*" + SIGNS)
    parties = stop(tui, tmp_path / "set")
    assert "signatories" not in parties[0] or not parties[0]["signatories"]


def test_signatories_typed_for_party_1_are_offered_for_saving_to_the_profile(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    timeout = max(60.0, float(request.config.getoption("--spawn-timeout")))
    run, saved = drive_example(
        TWO_PARTY, tmp_path, timeout, size=(45, 150), without=("signatories",)
    )
    assert "profile:save" in run.prompts  # the one new answer: party 1's signatories
    signatories = saved["parties"][0]["signatories"]
    profile = (tmp_path / "config" / "profile.toml").read_text(encoding="utf-8")
    lines = "\n".join(f"{s['name']}: {s['job_title']}" for s in signatories)
    assert f'signatories = """{lines}\n"""' in profile
