"""The parties' names typed as lines after party 1 from the profile, in the real wizard.

A council officer's profile gives party 1; the other parties are typed a line each. A
line naming party 1 again is refused and kept to correct; Ctrl-C after the lines keeps
every party, and the resumed run goes on with the parties' roles, not the lines again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from sharewiz.model.yamlio import load_yaml

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

CTRL_C, BACKSPACE = "\x03", "\x7f"
PROFILE = """name = "Northshire County Council"
organisation_type = "local_authority"
address = "County Hall\\nNorthtown NT1 1AA"
ico_registration = "Z1234567"
"""


def test_the_other_parties_are_typed_as_lines_and_survive_ctrl_c(
    spawn: Callable[..., pexpect.spawn], tmp_path: Path
) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "profile.toml").write_text(PROFILE, encoding="utf-8")
    out = tmp_path / "set"
    tui = spawn("new", "data-sharing-agreement", "--out", str(out), "--format", "md")
    tui.expect("What is this sharing called")
    tui.send("Test sharing\r")
    for prompt in ("Reference number", "protocol's folder", "Which overarching"):
        tui.expect(prompt)
        tui.send("\r")
    tui.expect("Use your organisation profile for party 1")
    tui.send("y\r")
    tui.expect("The other parties, after Northshire County Council:")
    tui.expect("one per line; press Enter on an empty line to finish")  # two parties at least
    tui.send("Northshire Police\rNorthshire County Council\r\r")  # party 1 again: refused
    tui.expect(r"Line 2 \(Northshire County Council\) repeats party 1: give each party once\.")
    tui.send(BACKSPACE * len("Northshire County Council") + "Northshire Fire and Rescue\r\r")
    tui.expect("What is the role of each of these")  # the lines taken: each party's fields
    tui.send(CTRL_C)
    tui.expect("continue with: sharewiz new --resume")
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 130
    parties = load_yaml(out / "answers.yaml", plain=True)["answers"]["parties"]
    assert [p["name"] for p in parties] == [
        "Northshire County Council", "Northshire Police", "Northshire Fire and Rescue"]  # fmt: skip
    assert parties[0]["ico_registration"] == "Z1234567"  # party 1's profile answers kept

    tui = spawn("new", "--resume", str(out))
    index = tui.expect(["What is the role of each of these", "one per line"])
    assert index == 0, "the resumed run asked the parties' names again"  # their roles next
    tui.close(force=True)
