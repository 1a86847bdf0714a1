"""`--with dpia-screening`: a DPIA screening written with an agreement, its facts taken
from the agreement's answers (the tree's `from_sets:`), never typed twice."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from helpers import assert_golden
from sharewiz.cli.app import app
from sharewiz.errors import TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import load_kind

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"
# each agreement example, and the screening example of the same arrangement
PAIRS = [
    ("dsa-police-housing-monthly-feed", "dpia-screening-police-housing-feed"),
    ("dsa-supporting-families", "dpia-screening-supporting-families"),
]
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [*map(str, args)])
    return result.exit_code, result.output


def mapped_ids() -> set[str]:
    return set(load_kind("dpia-screening").from_sets["data-sharing-agreement"])


def write_pack_inputs(tmp_path: Path, agreement: str, screening: str) -> Path:
    """The agreement's answers file, and beside it the screening's own answers only."""
    path = tmp_path / f"{agreement}.yaml"
    shutil.copy(EXAMPLES / f"{agreement}.yaml", path)
    own = yaml.safe_load((EXAMPLES / f"{screening}.yaml").read_text(encoding="utf-8"))
    for question_id in mapped_ids():
        own["answers"].pop(question_id, None)
    (tmp_path / f"{agreement}.dpia-screening.yaml").write_text(
        yaml.safe_dump(own, sort_keys=False), encoding="utf-8"
    )
    return path


def state_answers(folder: Path) -> dict[str, Any]:
    state = json.loads((folder / ".sharewiz" / "state.json").read_text(encoding="utf-8"))
    answers: dict[str, Any] = state["answers"]
    return answers


def saved_answers(folder: Path) -> dict[str, Any]:
    data = yaml.safe_load((folder / "answers.yaml").read_text(encoding="utf-8"))
    answers: dict[str, Any] = data["answers"]
    return answers


@pytest.mark.parametrize(("agreement", "screening"), PAIRS)
def test_render_with_writes_the_screening_from_the_agreements_facts(
    tmp_path: Path, agreement: str, screening: str
) -> None:
    path = write_pack_inputs(tmp_path, agreement, screening)
    out = tmp_path / "out"
    code, output = run("render", path, "-o", out, "-f", "md", "--with", "dpia-screening")
    assert code == 0, output
    dpia = tmp_path / "out-dpia-screening"
    assert f"Wrote 2 files to {dpia}" in output
    facts, given = state_answers(dpia), state_answers(out)
    assert facts["project_name"] == given["agreement_title"]
    # which party screens is the screener's to say: an agreement has several controllers
    assert facts["organisation_name"] in {party["name"] for party in given["parties"]}
    assert facts["scale"] == given["volume"]
    assert facts["project_description"] == given["purpose"]
    assert facts["data_subjects"].startswith(given["data_subjects"])
    for item in given["data_items"]:
        if item.get("identifiability") != "anonymous":
            assert item["field"] in facts["personal_data"]
    senders = {p for flow in given["flows"] for p in flow["from_parties"]}
    assert set(facts["data_sources"].split(", ")) == senders
    # its own file holds its own answers and the link, relative: never the facts
    saved = saved_answers(dpia)
    assert saved["source_dir"] == "../out"
    assert not mapped_ids() & set(saved)
    text = (dpia / "dpia-screening.md").read_text(encoding="utf-8")
    assert f"# DPIA screening record: {given['agreement_title']}" in text


def test_a_changed_agreement_flows_into_the_screening_on_update(tmp_path: Path) -> None:
    agreement, screening = PAIRS[0]
    path = write_pack_inputs(tmp_path, agreement, screening)
    out, dpia = tmp_path / "out", tmp_path / "out-dpia-screening"
    code, output = run("render", path, "-o", out, "-f", "md", "--with", "dpia-screening")
    assert code == 0, output
    answers = out / "answers.yaml"
    text = answers.read_text(encoding="utf-8")
    text = text.replace(
        "agreement_title: Monthly anti-social behaviour information for tenancy management",
        "agreement_title: Monthly ASB feed",
    ).replace("volume: about 300 incident records a month", "volume: about 450 records a month")
    answers.write_text(text, encoding="utf-8")
    assert run("update", out)[0] == 0
    code, output = run("status", dpia)
    assert "the data-sharing-agreement it takes its facts from changed" in output, output
    code, output = run("update", "--dependants", out, "--search", tmp_path)
    assert code == 0, output
    assert "Project name changed from Monthly anti-social behaviour" in output
    facts = state_answers(dpia)
    assert (facts["project_name"], facts["scale"]) == (
        "Monthly ASB feed",
        "about 450 records a month",
    )
    rendered = (dpia / "dpia-screening.md").read_text(encoding="utf-8")
    assert "| Scale | about 450 records a month |" in rendered
    assert not mapped_ids() & set(saved_answers(dpia))
    assert run("status", dpia)[0] == 0


def test_missing_screening_answers_name_them_and_write_nothing(tmp_path: Path) -> None:
    path = tmp_path / "feed.yaml"
    shutil.copy(EXAMPLES / f"{PAIRS[0][0]}.yaml", path)
    code, output = run("render", path, "-o", tmp_path / "out", "--with", "dpia-screening")
    assert code == 1
    assert (
        f"error: {tmp_path / 'feed.dpia-screening.yaml'}: 8 required answer(s) missing:" in output
    )
    assert "  screened_by: Who carried out the screening? (name)\n" in output
    assert "  project_name" not in output  # a fact of the agreement is never asked for
    assert "write the dpia-screening's own answers in" in output
    assert "nothing was written" in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.yaml"]


def test_with_privacy_wording_says_it_is_written_with_the_agreement(tmp_path: Path) -> None:
    code, output = run(
        "render", EXAMPLES / f"{PAIRS[0][0]}.yaml", "-o", tmp_path / "out", "-f", "md",
        "--with", "privacy-wording",
    )  # fmt: skip
    assert code == 0, output
    assert (
        "--with privacy-wording: each party's privacy wording is part of the agreement set"
        in output
    )
    assert (tmp_path / "out" / "privacy-notice-wording.md").is_file()
    assert not (tmp_path / "out-privacy-wording").exists()


def test_with_a_kind_that_takes_nothing_from_the_agreement_fails(tmp_path: Path) -> None:
    code, output = run(
        "render", EXAMPLES / f"{PAIRS[0][0]}.yaml", "-o", tmp_path / "out",
        "--with", "privacy-notice",
    )  # fmt: skip
    assert code == 1
    assert "--with privacy-notice: a privacy-notice does not take its facts from a" in output
    assert "use one of: dpia-screening, privacy-wording" in output
    assert not (tmp_path / "out").exists()


def test_with_is_refused_for_a_batch(tmp_path: Path) -> None:
    feed = EXAMPLES / f"{PAIRS[0][0]}.yaml"
    code, output = run("render", feed, feed, "-o", tmp_path, "--with", "dpia-screening")
    assert code == 1
    assert "--with writes the sets that go with one answers file, not a batch" in output


def test_golden_screening_of_the_police_feed(tmp_path: Path, update_golden: bool) -> None:
    path = write_pack_inputs(tmp_path, *PAIRS[0])
    code, output = run(
        "render", path, "-o", tmp_path / "out", "-f", "md", "--with", "dpia-screening"
    )
    assert code == 0, output
    text = (tmp_path / "out-dpia-screening" / "dpia-screening.md").read_text(encoding="utf-8")
    assert_golden(
        text, GOLDEN / "pack-police-housing-feed" / "dpia-screening.md", update=update_golden
    )


# -- the mapping, checked when the tree loads ----------------------------------------------


def broken_tree(tmp_path: Path, old: str, new: str) -> TreeError:
    text = (ROOT / "questions" / "dpia-screening.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "dpia-screening.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TreeError) as info:
        load_tree(path, knowledge=tree_knowledge())
    return info.value


def line_of(tmp_path: Path, text: str) -> int:
    lines = (tmp_path / "dpia-screening.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_mapping_an_unknown_question_fails_with_file_and_line(tmp_path: Path) -> None:
    error = broken_tree(tmp_path, "    scale: volume", "    scael: volume")
    line = line_of(tmp_path, "scael: volume")
    assert error.message == (
        f"{tmp_path / 'dpia-screening.yaml'}:{line}: 'from_sets' of 'data-sharing-agreement' "
        "fills unknown question 'scael'"
    )
    assert error.hint is not None and "scale" in error.hint


def test_a_bad_mapping_expression_fails_with_file_and_line(tmp_path: Path) -> None:
    error = broken_tree(tmp_path, "    scale: volume", "    scale: volume +")
    line = line_of(tmp_path, "scale: volume +")
    assert error.message.startswith(
        f"{tmp_path / 'dpia-screening.yaml'}:{line}: 'from_sets': bad expression 'volume +'"
    )


def test_a_mapping_needs_the_source_dir_question(tmp_path: Path) -> None:
    text = (ROOT / "questions" / "dpia-screening.yaml").read_text(encoding="utf-8")
    fragment = (ROOT / "questions" / "fragments" / "dpia-project.yaml").read_text(encoding="utf-8")
    (tmp_path / "fragments").mkdir()
    shutil.copy(ROOT / "questions" / "fragments" / "document.yaml", tmp_path / "fragments")
    start = fragment.index("      - id: source_dir")
    end = fragment.index("      - id: project_name")
    (tmp_path / "fragments" / "dpia-project.yaml").write_text(
        fragment[:start] + fragment[end:], encoding="utf-8"
    )
    path = tmp_path / "dpia-screening.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TreeError) as info:
        load_tree(path, knowledge=tree_knowledge())
    assert "'from_sets' needs a question 'source_dir'" in info.value.message
    assert info.value.message.startswith(f"{path}:")
