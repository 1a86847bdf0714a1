"""docs/scripting.md: its command examples and its Python example run as written."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sharewiz.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "scripting.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"^\$ sharewiz (.+?)  # exit (\d+)$", DOC, flags=re.M)
PYTHON = re.findall(r"```python\n(.*?)```", DOC, flags=re.S)


@pytest.fixture
def examples_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_doc_has_examples() -> None:
    assert len(COMMANDS) >= 5 and len(PYTHON) == 1


def test_command_examples_exit_as_documented(examples_here: Path) -> None:
    for line, code in COMMANDS:  # in order: `status out` reads what `render` wrote
        result = CliRunner().invoke(app, shlex.split(line))
        assert result.exit_code == int(code), f"sharewiz {line}\n{result.output}"
        if "--json" in line:
            document = json.loads(result.stdout)  # one JSON document, on failure too
            said = document["error"] if "error" in document else document  # says its code
            assert said.get("exit_code", 0) == int(code), f"sharewiz {line}\n{result.output}"


def test_a_json_error_names_the_file_and_line(examples_here: Path) -> None:
    bad = examples_here / "bad.yaml"
    bad.write_text("kind: privacy-notice\nanswers: [\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(bad), "--json"])
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "answers-error" and error["exit_code"] == 1
    assert (error["file"], error["line"]) == (str(bad), 3)
    assert error["hint"].startswith("fix the YAML at that line")


def test_python_example_runs(examples_here: Path) -> None:
    exec(compile(PYTHON[0], "docs/scripting.md", "exec"), {})
    assert (examples_here / "api-out" / "privacy-notice.md").is_file()


def _documented(command: str) -> dict[str, object]:
    """The JSON example that follows "`COMMAND --json`" in the doc."""
    after = DOC[DOC.index(f"`{command} --json`") :]
    document: dict[str, object] = json.loads(re.search(r"```json\n(.*?)```", after, re.S)[1])
    return document


def test_the_documented_json_shapes_are_the_real_ones(examples_here: Path) -> None:
    answers = "examples/privacy-notice-council-adult-social-care.yaml"
    invoke = CliRunner().invoke
    invoke(app, ["render", answers, "-o", "out", "-f", "md"])
    update = json.loads(invoke(app, ["update", "out", "--json"]).stdout)
    documented = _documented("update")
    assert set(update) == set(documented)
    assert set(update["sets"][0]) == set(documented["sets"][0])
    due = json.loads(invoke(app, ["due", "out", "--json", "--today", "2028-05-01"]).stdout)
    assert set(due) == set(_documented("due"))
    assert set(due["reviews"][0]) == set(_documented("due")["reviews"][0])
    render = json.loads(invoke(app, ["render", answers, "-o", "out", "-f", "md", "--json"]).stdout)
    assert set(render) == set(_documented("render"))
    assert set(render["sets"][0]) == set(_documented("render")["sets"][0])
