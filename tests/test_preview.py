"""`sharewiz preview`: a kind rendered from example answers, without answering anything."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from helpers import build_file_tree
from sharewiz.cli.app import app
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.tree_loader import load_tree
from sharewiz.render.preview import example_answers
from sharewiz.sets.build import load_kind

runner = CliRunner()

TREE = """\
id: demo
version: 1
title: Demo
documents:
  - id: demo
    template: demo/demo.md.j2
    title: Demo
examples:
  name: From the tree's examples
sections:
  - id: s
    title: S
    questions:
      - id: name
        type: text
        prompt: Name
        help: x
        example: From the question's example
      - id: town
        type: text
        prompt: Town
        help: x
        example: Northtown
      - id: days
        type: number
        prompt: Days
        help: x
        default: 30
      - id: colour
        type: choice
        prompt: Colour
        help: x
        choices: [red, green]
      - id: shades
        type: multi
        prompt: Shades
        help: x
        choices: [light, dark]
      - id: only_if_green
        type: text
        prompt: Why green?
        help: x
        when: colour == 'green'
      - id: note
        type: text
        prompt: Note
        help: x
      - id: parties
        type: group
        prompt: Parties
        help: x
        questions:
          - id: party
            type: text
            prompt: Party
            help: x
            example: Northshire Police
          - id: email
            type: email
            prompt: Email
            help: x
"""


def test_example_answers_take_examples_defaults_and_first_choices(tmp_path: Path) -> None:
    root = build_file_tree(tmp_path, {"questions/demo.yaml": TREE})
    tree = load_tree(root / "questions/demo.yaml", knowledge=tree_knowledge())
    assert example_answers(tree) == {
        "name": "From the tree's examples",
        "town": "Northtown",
        "days": 30,
        "colour": "red",
        "shades": ["light"],
        "note": "[note]",
        "parties": [{"party": "Northshire Police", "email": "name@example.org"}],
    }


def test_built_in_kind_previews_with_its_examples() -> None:
    answers = example_answers(load_kind("privacy-notice"))
    assert answers["controller_name"] == "Northshire County Council"
    assert len(answers["purposes"]) == 1


def test_preview_to_stdout() -> None:
    result = runner.invoke(app, ["preview", "privacy-notice", "--stdout"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Privacy notice: Early Help family support\n")
    assert "## Your rights" in result.output


def test_preview_into_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "preview"
    result = runner.invoke(
        app, ["preview", "privacy-notice", "--format", "md,html", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "privacy-notice.md").is_file() and (out / "privacy-notice.html").is_file()
    assert not (out / "answers.yaml").exists()  # a preview is not a document set
    again = runner.invoke(app, ["preview", "privacy-notice", "--out", str(out)])
    assert again.exit_code == 1  # nothing overwritten without --force
    assert (
        runner.invoke(app, ["preview", "privacy-notice", "--out", str(out), "--force"]).exit_code
        == 0
    )


def test_preview_into_a_temporary_folder() -> None:
    result = runner.invoke(app, ["preview", "privacy-notice"])
    assert result.exit_code == 0, result.output
    assert "sharewiz-preview-privacy-notice-" in result.output


def test_preview_a_custom_kind(tmp_path: Path) -> None:
    root = build_file_tree(
        tmp_path,
        {
            "custom/questions/demo.yaml": TREE,
            "custom/templates/demo/demo.md.j2": "# {{ name }}\n\n{% for p in parties %}- {{ p.party }}\n{% endfor %}",
        },
    )
    result = runner.invoke(
        app, ["preview", "demo", "--stdout", "--templates", str(root / "custom")]
    )
    assert result.exit_code == 0, result.output
    assert result.output == "# From the tree's examples\n\n- Northshire Police\n"


def test_preview_an_unknown_kind() -> None:
    result = runner.invoke(app, ["preview", "no-such-kind", "--stdout"])
    assert result.exit_code == 1
    assert "no question tree for kind 'no-such-kind'" in result.output
