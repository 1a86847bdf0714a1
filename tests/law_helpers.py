"""Helpers for the law tests (issue 13): answers built from an example, checked and
rendered through the CLI, so the tests do not depend on where library modules live."""

from __future__ import annotations

import copy
import importlib
import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def cli_app() -> Any:
    """The Typer app, wherever the CLI module lives."""
    for name in ("sharewiz.cli.app", "sharewiz.cli"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        app = getattr(module, "app", None)
        if app is not None:
            return app
    raise ImportError("no sharewiz CLI app found")


def example(name: str) -> dict[str, Any]:
    """An example answers file as a mapping (kind, tree_version, answers)."""
    with (EXAMPLES / f"{name}.yaml").open(encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle))


def change(mapping: dict[str, Any], changes: dict[str, Any]) -> None:
    """Replace answers in `mapping`; a value of ... removes the answer."""
    for key, value in changes.items():
        if value is ...:
            mapping.pop(key, None)
        else:
            mapping[key] = value


def with_answers(name: str, **changes: Any) -> dict[str, Any]:
    """The example with some answers replaced (a value of ... removes the answer)."""
    doc = copy.deepcopy(example(name))
    answers = doc["answers"]
    change(answers, changes)
    return doc


def with_condition(name: str, index: int = 0, **changes: Any) -> dict[str, Any]:
    """A notice example with its `index`th Art 9 condition entry changed (... removes)."""
    doc = with_answers(name)
    entry = doc["answers"]["special_conditions"][index]
    change(entry, changes)
    return doc


def with_criminal(name: str, **condition: Any) -> dict[str, Any]:
    """A notice example that also uses criminal offence data, under `condition`."""
    doc = with_answers(name)
    answers = doc["answers"]
    answers["data_categories"].append(
        {"name": "Offending history", "category": "criminal_offence", "provision": "not_from_them"}
    )
    answers["criminal_conditions"] = [{"items": ["Offending history"], **condition}]
    return doc


def write(doc: dict[str, Any], folder: Path, stem: str = "answers") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def check(doc: dict[str, Any], folder: Path) -> dict[str, Any]:
    """`sharewiz check FILE --json` through the CLI: the parsed report."""
    path = write(doc, folder)
    result = CliRunner().invoke(cli_app(), ["check", str(path), "--json"])
    assert result.stdout.strip(), result.output
    report: dict[str, Any] = json.loads(result.stdout)
    report["exit_code"] = result.exit_code
    return report


def rule_ids(doc: dict[str, Any], folder: Path) -> set[str]:
    return {finding["rule"] for finding in check(doc, folder)["findings"]}


def render(doc: dict[str, Any], folder: Path, stem: str = "answers") -> dict[str, str]:
    """`sharewiz render FILE --format md` through the CLI: {document file name: Markdown}."""
    path = write(doc, folder, stem)
    out = folder / f"{stem}-out"
    result = CliRunner().invoke(
        cli_app(), ["render", str(path), "-o", str(out), "--format", "md", "--force"]
    )
    assert result.exit_code in (0, 7), result.output  # 7: written as a draft (issue 13)
    docs = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.md"))}
    assert docs, result.output
    return docs
