"""Issue 14: the real wizard stops a wrong route at the question that reveals it.

Three cases, each driven in a pty by `WizardDriver` with an example's answers made wrong:
a routine feed in a disclosure record (from `sharewiz new`), a supplier ticked as a
processor among an agreement's parties (or, of two parties, one answered a processor),
and a one-off request about one person as an agreement's flow (those resumed just before
the group, so the run is short). For each:

- the stop comes right after the revealing answer, names the rule and the command that
  starts the right kind, and "save and stop" exits 1 with nothing in the folder but the
  answers (which `--resume` takes up again);
- "change that answer" asks the same question again (in a list's entry, the latest of
  its answers the finding rests on: a one-off flow's frequency, not the volume that
  settled it), and after a right answer the wizard goes on to the next question,
  without stopping again.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml

from sharewiz.model.yamlio import load_yaml
from sharewiz.sets.build import load_kind

pyte = pytest.importorskip("pyte")  # the screen the driver reads (a dev dependency)
from wizard_driver import Shown, WizardDriver  # noqa: E402 - needs pyte

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

ROOT = Path(__file__).resolve().parent.parent
SIZE = (45, 150)  # rows, columns: lists fit whole, so the driver sees every choice
CTRL_C = "\x03"
STOP = "What now?"


class Reached(Exception):  # noqa: N818 - the driven run got where the test wanted
    """The wizard went on past the changed question: the test has seen what it needs."""


class RouteDriver(WizardDriver):
    """Answers as `WizardDriver` does; at the wrong-route stop, picks `choice`.

    After "Change that answer" it answers from `fixed`, and raises `Reached` at the
    first prompt after the one asked again.
    """

    def __init__(self, *args: Any, choice: str, fixed: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice, self.fixed = choice, fixed
        self.stops: list[str] = []  # the screen at each stop
        self.revealed: list[tuple[str, str]] = []  # (record, prompt) answered before a stop
        self.after: list[str] = []  # the prompts shown after the change
        self.last = ""  # the prompt answered last

    def _answer(self, shown: Shown) -> None:
        if shown.text.startswith(STOP):
            self.stops.append(self.display())
            self.revealed.append((self.run.prompts[-1], self.last))
            if self.choice.startswith("Change"):
                self.answers = self.fixed
            return self._pick(shown, self.choice, "route")
        if self.revealed and self.choice.startswith("Change"):
            self.after.append(shown.text)
            if len(self.after) == 2:
                raise Reached
        self.last = shown.text
        return super()._answer(shown)


@dataclass
class Case:
    """A wrong route: the answers that reveal it, where it starts, what the stop says."""

    example: Path
    wrong: Callable[[dict[str, Any]], None]  # makes the example's answers wrong
    right: Callable[[dict[str, Any]], None]  # the answer given after "change"
    resume_at: str | None  # a group to resume just before (None: `sharewiz new KIND`)
    revealing: str  # the start of the driver's record of the revealing prompt
    rule: str
    kind: str
    # the prompt asked again after "change that answer", where the finding rests on an
    # earlier answer of the entry than the revealing one (None: the revealing one)
    again: str | None = None


def _routine_feed(answers: dict[str, Any]) -> None:
    answers.update(request_frequency="routine", request_volume=300)


def _one_off_request(answers: dict[str, Any]) -> None:
    answers.update(request_frequency="one_off", request_volume=1)


def _supplier_as_partner(answers: dict[str, Any]) -> None:
    last = answers["parties"][-1]
    answers["parties"].append({**last, "name": "Hosted Records Ltd", "organisation_type":
                               "company", "role": "processor", "processor_for": last["name"]})  # fmt: skip


def _supplier_as_controller(answers: dict[str, Any]) -> None:
    answers["parties"][-1].update(role="controller", processor_for=None)


def _first_party_a_processor(answers: dict[str, Any]) -> None:
    first, second = answers["parties"][:2]
    first.update(role="processor", processor_for=second["name"])


def _first_party_a_controller(answers: dict[str, Any]) -> None:
    answers["parties"][0].update(role="controller", processor_for=None)


def _one_off_flow(answers: dict[str, Any]) -> None:
    answers["flows"] = answers["flows"][:1]
    answers["flows"][0].update(frequency="one_off", volume=1)
    answers["flows"][0].pop("interval", None)


def _on_request(answers: dict[str, Any]) -> None:
    answers["flows"][0].update(frequency="on_request")


EXAMPLES = ROOT / "examples"
CASES = {
    "DD-ROUTINE": Case(
        EXAMPLES / "disclosure-police-housing.yaml", _routine_feed, _one_off_request, None,
        "request_frequency:", "DD-ROUTINE", "data-sharing-agreement",
    ),
    "DSA-PROCESSOR-PARTY": Case(
        EXAMPLES / "dsa-antenatal-health-visiting.yaml", _supplier_as_partner,
        _supplier_as_controller, "parties", "grid:parties.role:What is the role of each",
        "DSA-PROCESSOR-PARTY", "processor-contract",
    ),
    # two parties: their roles on the same one screen
    "DSA-PROCESSOR-PARTY-one-by-one": Case(
        ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml", _first_party_a_processor,
        _first_party_a_controller, "parties", "grid:parties.role:", "DSA-PROCESSOR-PARTY",
        "processor-contract",
    ),
    # settled by the flow's volume (a few people), but resting on its frequency (once
    # only): "change" goes back to the frequency, not the volume
    "DSA-ONE-OFF": Case(
        EXAMPLES / "dsa-antenatal-health-visiting.yaml", _one_off_flow, _on_request, "flows",
        "volume:", "DSA-ONE-OFF", "disclosure-decision", again="How often?",
    ),
}  # fmt: skip


def _env(tmp_path: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "xterm", "NO_COLOR": "1",
            "SHAREWIZ_HOME": str(tmp_path / "config"),
            "SHAREWIZ_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT / "src")}  # fmt: skip


def _spawn(tmp_path: Path, args: list[str], timeout: float) -> pexpect.spawn:
    return pexpect.spawn(sys.executable, ["-m", "sharewiz", *args], env=_env(tmp_path),
                         cwd=str(tmp_path), dimensions=SIZE, timeout=timeout,
                         encoding="utf-8")  # fmt: skip


def _start(
    case: Case, out: Path, tmp_path: Path, timeout: float
) -> tuple[pexpect.spawn, dict[str, Any]]:
    """The wizard, started on the case; and the (wrong) answers the driver gives."""
    data = yaml.safe_load(case.example.read_text("utf-8"))
    answers = dict(data["answers"])
    case.wrong(answers)
    if case.resume_at is None:
        args = ["new", data["kind"], "--out", str(out), "--format", "md"]
        return _spawn(tmp_path, args, timeout), answers
    tree = load_kind(data["kind"], tree_dirs=())
    ids = [q.id for q in tree.questions()]
    given = {k: v for k, v in answers.items() if k in ids[: ids.index(case.resume_at)]}
    out.mkdir(parents=True)
    (out / "answers.yaml").write_text(
        yaml.safe_dump({"kind": data["kind"], "tree_version": data["tree_version"],
                        "answers": given}, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )  # fmt: skip
    return _spawn(tmp_path, ["new", "--resume", str(out)], timeout), answers


def _drive(
    case: Case, tmp_path: Path, timeout: float, choice: str
) -> tuple[RouteDriver, int | None, Path]:
    """Drive the case to the stop, pick `choice`; the driver, the exit status, the folder."""
    out = tmp_path / "set"
    child, answers = _start(case, out, tmp_path, timeout)
    fixed = copy.deepcopy(answers)
    case.right(fixed)
    kind = load_yaml(case.example, plain=True)["kind"]
    driver = RouteDriver(child, load_kind(str(kind), tree_dirs=()), answers, size=SIZE,
                         timeout=timeout, choice=choice, fixed=fixed)  # fmt: skip
    try:
        driver.drive(limit=80)
    except Reached:
        child.send(CTRL_C)
        child.expect(pexpect.EOF)
    child.close(force=True)
    return driver, child.exitstatus, out


def _files(out: Path) -> set[str]:
    return {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}


@pytest.fixture
def timeout(request: pytest.FixtureRequest) -> float:
    return max(60.0, float(request.config.getoption("--spawn-timeout")))


@pytest.mark.parametrize("name", list(CASES))
def test_the_wizard_stops_at_the_revealing_answer_and_keeps_only_the_answers(
    name: str, tmp_path: Path, timeout: float
) -> None:
    case = CASES[name]
    driver, status, out = _drive(case, tmp_path, timeout, "Save the answers and stop")
    assert len(driver.stops) == 1, driver.display()
    assert driver.revealed[0][0].startswith(case.revealing), driver.run.prompts[-3:]
    screen = driver.stops[0]
    assert f"{case.rule}: " in screen
    assert f"Start the right document with: sharewiz new {case.kind}" in screen
    assert status == 1
    shown = " ".join(driver.display().split())
    assert f"start the right document with `sharewiz new {case.kind}`" in shown
    assert f"sharewiz new --resume {out}" in shown
    # nothing but the answers (and where in a list the wizard was, to resume there)
    assert _files(out) <= {"answers.yaml", ".sharewiz/wizard.json"}, _files(out)
    saved = load_yaml(out / "answers.yaml", plain=True)["answers"]
    assert saved  # the answers so far, the revealing one included
    resumed = _spawn(tmp_path, ["new", "--resume", str(out)], timeout)
    resumed.expect("Resuming")
    resumed.expect(r"\? ")  # it asks the next question
    resumed.send(CTRL_C)
    resumed.expect(pexpect.EOF)


@pytest.mark.parametrize("name", list(CASES))
def test_changing_the_answer_asks_it_again_and_a_right_one_goes_on(
    name: str, tmp_path: Path, timeout: float
) -> None:
    case = CASES[name]
    driver, _status, out = _drive(case, tmp_path, timeout, "Change that answer")
    assert len(driver.stops) == 1, driver.display()
    record, question = driver.revealed[0]
    assert record.startswith(case.revealing)
    again, went_on = driver.after
    if case.again is None:
        assert again == question  # the same question, asked again
    else:  # the earlier answer the finding rests on, then the entry's later ones again
        assert again.startswith(case.again), (again, question)
    assert not went_on.startswith(STOP) and went_on != again  # the next question
    assert not any(p.endswith(".md") for p in _files(out))
