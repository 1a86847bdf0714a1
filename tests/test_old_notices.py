"""Issue 14: a privacy notice answered for tree version 3 cannot say which item was the
health data, so nothing is inferred: `render`, `check` and `update` name each item whose
kind must be answered, with the path that answers it and the values it accepts, and the
paths given back with `--set` let the update go on. Never a traceback, never a document."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from law_helpers import cli_app

MIGRATIONS = Path(__file__).parent / "migrations"
OLD_NOTICES = sorted(MIGRATIONS.glob("privacy-notice-*.v3.yaml"))
KINDS = "[personal, special_category, criminal_offence]"


def _items(old: Path) -> list[str]:
    return [c["name"] for c in yaml.safe_load(old.read_text())["answers"]["data_categories"]]


@pytest.mark.parametrize("old", OLD_NOTICES, ids=lambda p: p.stem)
@pytest.mark.parametrize("command", ["render", "check"])
def test_each_item_whose_kind_is_unknown_is_named_with_its_fix(
    old: Path, command: str, tmp_path: Path
) -> None:
    args = [command, str(old)] + (["-o", str(tmp_path / "out")] if command == "render" else [])
    result = CliRunner().invoke(cli_app(), args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for index, name in enumerate(_items(old)):
        line = f"    data_categories.{index}.category ({name}): What kind of data is it? {KINDS}"
        assert line in result.output.splitlines(), result.output
    assert "GROUP.<entry from 0>.FIELD is that entry's field" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.md"))


def test_update_names_each_item_and_goes_on_once_they_are_given(tmp_path: Path) -> None:
    old = MIGRATIONS / "privacy-notice-council-adult-social-care.v3.yaml"
    folder = tmp_path / "notice"
    folder.mkdir()
    shutil.copyfile(old, folder / "answers.yaml")
    runner = CliRunner()
    result = runner.invoke(cli_app(), ["update", str(folder)])
    assert result.exit_code == 3, result.output  # needs a terminal, or the answers given
    paths = re.findall(r"^  (data_categories\.\d+\.category) \(", result.output, re.MULTILINE)
    assert len(paths) == len(_items(old)), result.output

    kinds = {"Health and wellbeing": "special_category"}
    given = []
    for path, name in zip(paths, _items(old), strict=True):
        given += ["--set", f"{path}={kinds.get(name, 'personal')}"]
    given += ["--set", "data_categories.2.special_category_type=health"]
    given += ["--set", "special_conditions.0.items=Health and wellbeing"]
    new_since = ("audience_includes_children=no", "public_authority_override=no", "full_notice_url=",
                 "dpo_address=", "research_purposes=no")  # fmt: skip
    for new in new_since:
        given += ["--set", new]
    result = runner.invoke(cli_app(), ["update", str(folder), *given])
    assert result.exit_code == 0, result.output
    text = (folder / "privacy-notice.md").read_text(encoding="utf-8")
    assert "special category data): Health and wellbeing." in text
