"""Issue 13: trees whose answers contract changed have a new version, and an answers
file written for an older version is migrated or reported question by question: every
answer it holds is still a question (or declared renamed or removed), and each required
answer it lacks is reported as newly required, with the version that added it.

The old files are the shipped examples as they were at commit 89cf123, before the law
corrections and public authority derivation changed the trees.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from law_helpers import ROOT, cli_app
from sharewiz.sets.build import load_kind

OLD = "89cf123"
EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))


def _old_example(name: str) -> str | None:
    result = subprocess.run(
        ["git", "show", f"{OLD}:examples/{name}.yaml"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return result.stdout if result.returncode == 0 else None


def _ids(kind: str) -> set[str]:
    tree = load_kind(kind)
    return (
        {q.id for q in tree.questions()} | set(tree.renamed) | set(tree.removed) | set(tree.moved)
    )


@pytest.fixture(params=EXAMPLES)
def old(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    text = _old_example(request.param)
    if text is None:
        pytest.skip(f"no git history here for {request.param} at {OLD}")  # e.g. an sdist
    path = tmp_path / f"{request.param}.yaml"
    path.write_text(text, encoding="utf-8")
    return path, yaml.safe_load(text)


def test_changed_trees_have_new_versions_and_declare_what_they_added() -> None:
    for kind, version in (
        ("privacy-notice", 7),
        ("disclosure-decision", 3),
        ("data-sharing-agreement", 7),
        ("information-sharing-protocol", 3),
    ):
        tree = load_kind(kind)
        assert tree.version == version
        assert tree.added and max(tree.added.values()) == version


def test_no_old_answer_is_silently_dropped(old: tuple[Path, dict[str, Any]]) -> None:
    _path, doc = old
    assert set(doc["answers"]) <= _ids(doc["kind"])


def test_an_old_file_renders_or_names_each_newly_required_answer(
    old: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, doc = old
    tree = load_kind(doc["kind"])
    result = CliRunner().invoke(cli_app(), ["render", str(path), "-o", str(tmp_path / "o")])
    check = CliRunner().invoke(cli_app(), ["check", str(path)])
    if result.exit_code in (0, 7):
        return
    assert result.exit_code == check.exit_code == 1, result.output
    # a question's line; the lines indented under a group's name its entries' gaps
    lines = [
        line
        for line in result.output.splitlines()
        if line.startswith("  ") and not line.startswith("   ")
    ]
    assert lines
    for line in lines:
        question = line.strip().split(":")[0]
        assert tree.added.get(question, 0) > doc["tree_version"], line
        assert (
            f"(newly required: added in version {tree.added[question]} of the {tree.id} "
            f"questions; these answers are for version {doc['tree_version']})"
        ) in line
        assert line in check.output  # check says the same, line by line


def test_the_disclosure_record_of_89cf123_is_told_what_is_new(tmp_path: Path) -> None:
    text = _old_example("disclosure-police-housing")
    if text is None:
        pytest.skip("no git history")
    path = tmp_path / "old.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli_app(), ["render", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "  dpo_view: What was the DPO's (or IG lead's) view? (newly required: added in " in (
        result.output
    )


@pytest.mark.parametrize(
    ("entry", "why"),
    [
        ("site_nam: {old: new}", "'site_nam' is not a question here"),
        ("site_kind: {hall: library}", "'library' is not one of its choices"),
    ],
)
def test_a_wrong_renamed_choices_entry_names_its_line(tmp_path: Path, entry: str, why: str) -> None:
    from helpers import visitor_tree
    from sharewiz.errors import TreeError

    kind = "- id: site_kind\n  type: choice\n  prompt: What kind of site?\n  help: Its kind.\n"
    kind += "  choices:\n    - {value: office, label: Office}\n    - {value: hall, label: Hall}\n"
    top = f"renamed:\n  site: site_name\nrenamed_choices:\n  {entry}\n"
    path = tmp_path / "visitor.yaml"
    path.write_text(visitor_tree(version=2, top=top, questions=kind), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index(f"  {entry}") + 1
    with pytest.raises(TreeError) as raised:
        load_kind("visitor", tree_dirs=[tmp_path])
    key = entry.partition(":")[0]
    assert raised.value.message == f"{path}:{line}: 'renamed_choices' of {key!r}: {why}"


def test_a_file_naming_no_tree_version_is_told_what_is_assumed_not_version_0(
    tmp_path: Path,
) -> None:
    doc = yaml.safe_load(
        (ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml").read_text("utf-8")
    )
    del doc["tree_version"]
    for key in ("data_categories", "special_conditions"):  # added in version 4
        del doc["answers"][key]
    path = tmp_path / "notice.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    version = load_kind("privacy-notice").version
    for command in ("render", "check"):
        result = CliRunner().invoke(cli_app(), [command, str(path), "-o", str(tmp_path / "o")]
                                    if command == "render" else [command, str(path)])  # fmt: skip
        assert result.exit_code == 1, result.output
        said = " ".join(result.output.split())
        assert "version 0" not in said
        assert ("data_categories: What kinds of personal information do you use? (newly "
                "required: added in version 4 of the privacy-notice questions)") in said  # fmt: skip
        assert (
            "The file does not say which version of the privacy-notice questions it was "
            "written for (it has no tree_version), so it is read as written for the oldest: "
            "answers under ids renamed since are moved to the new ones. If it was written for "
            f"the current questions, add `tree_version: {version}` at its top."
        ) in said
