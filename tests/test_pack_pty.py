"""`new data-sharing-agreement --with dpia-screening` in a real terminal: after the
agreement is written, only the screening's own questions are asked (its facts come from
the agreement), and both sets are written."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

from sharewiz.model.yamlio import load_yaml
from sharewiz.sets.build import load_kind
from sharewiz.sets.state import ANSWERS_NAME

pytest.importorskip("pyte")
from wizard_driver import WizardDriver  # noqa: E402 - needs pyte

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]


class PackDriver(WizardDriver):
    """Answers the agreement's prompts until its review writes it, then the screening's."""

    def __init__(self, child: pexpect.spawn, *, size: tuple[int, int], timeout: float) -> None:
        """Drive `new data-sharing-agreement --with dpia-screening` with the two examples."""
        super().__init__(child, load_kind("data-sharing-agreement"),
                         load_yaml(AGREEMENT, plain=True)["answers"], size=size, timeout=timeout)  # fmt: skip
        self.size, self.then = size, load_kind("dpia-screening")
        self.first_part = -1  # prompts of the agreement's part, once it is written

    def _wizard_menu(self, shown: Any) -> bool:
        if shown.text.startswith("Also write a DPIA screening for it"):
            self._submit("y\r", "offer")  # the one yes/no offered after the agreement
            return True
        handled = super()._wizard_menu(shown)
        if handled and shown.text.startswith("What next?") and self.first_part < 0:
            screen, stream, run = self.screen, self.stream, self.run
            screening = load_yaml(SCREENING, plain=True)["answers"]
            WizardDriver.__init__(self, self.child, self.then, screening, size=self.size,
                                  timeout=self.timeout)  # fmt: skip
            self.screen, self.stream, self.run = screen, stream, run  # one terminal, one run
            self.first_part = run.count
        return handled


ROOT = Path(__file__).resolve().parent.parent
SIZE = (45, 150)  # rows, columns: lists fit whole, so the driver sees every choice
AGREEMENT = ROOT / "examples" / "dsa-police-housing-monthly-feed.yaml"
SCREENING = ROOT / "examples" / "dpia-screening-police-housing-feed.yaml"


@pytest.mark.parametrize("how", [["--with", "dpia-screening"], []], ids=["with", "offered"])
def test_new_with_dpia_screening_asks_only_its_own_questions(
    tmp_path: Path, request: pytest.FixtureRequest, how: list[str]
) -> None:
    timeout = max(60.0, float(request.config.getoption("--spawn-timeout")))
    tree = load_kind("dpia-screening")
    mapped = set(tree.from_sets["data-sharing-agreement"])
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "xterm", "NO_COLOR": "1",
           "SHAREWIZ_HOME": str(tmp_path / "config"), "SHAREWIZ_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": str(ROOT / "src")}  # fmt: skip
    args = ["-m", "sharewiz", "new", "data-sharing-agreement", "--answers", str(AGREEMENT),
            "--out", "feed", "--format", "md", *how]  # fmt: skip
    child = pexpect.spawn(sys.executable, args, env=env, cwd=str(tmp_path), dimensions=SIZE,
                          timeout=timeout, encoding="utf-8")  # fmt: skip
    driver = PackDriver(child, size=SIZE, timeout=timeout)
    try:  # the agreement's optional questions and its review, then the screening's
        run = driver.drive()
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, "\n".join(run.prompts)
    assert driver.first_part > 0, "the agreement was never reviewed"
    asked = [p.split(":", 1)[0] for p in run.prompts[driver.first_part :]]
    assert not mapped & set(asked), asked  # no fact of the agreement is asked again
    own = [q for q in asked if q in {question.id for question in tree.questions()}]
    # its own questions, the seven facts of the agreement left out (counted when this was
    # written: organisation and lead, the screening, the sign-off; a new document's
    # version, date and review date, a year on, are taken unasked)
    assert len(own) == 22, asked
    assert not {"document_version", "document_date", "review_date"} & set(asked)
    # and the profile, the review (and the offer, when made)
    assert len(asked) == 24 + (not how), asked
    assert asked.count("offer") == (not how)
    assert asked.count("review") == 1
    facts = load_yaml(tmp_path / "feed-dpia-screening" / ANSWERS_NAME, plain=True)["answers"]
    assert facts["source_dir"] == "../feed" and not mapped & set(facts)
    text = (tmp_path / "feed-dpia-screening" / "dpia-screening.md").read_text(encoding="utf-8")
    assert "| Scale | about 300 incident records a month |" in text
    assert (tmp_path / "feed" / "data-sharing-agreement.md").is_file()
