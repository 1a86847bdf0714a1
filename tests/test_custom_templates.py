"""Custom folders: override one block or fragment, add a new kind, init-templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import build_file_tree, visitor_kind
from sharewiz.cli.app import app
from sharewiz.errors import OutputExistsError, UserError
from sharewiz.model.settings import init_templates, settings_for
from sharewiz.sets.build import load_kind

runner = CliRunner()


def flat(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


EXAMPLE = "examples/privacy-notice-council-adult-social-care.yaml"

COMPLAINTS = """\
{% extends "privacy-notice/notice.base.md.j2" %}
{% block complaints %}
## Complaints

Tell our Customer Feedback Team at {{ complaints_contact }}; we answer within 20 working days.

{% endblock %}
"""

VISITOR_TEMPLATE = """\
# Visitor notice: {{ site_name }}

{{ controller_name }} records your name when you visit {{ site_name }}.
"""


def visitor_with_controller(root: Path) -> Path:
    """The `visitor` kind with the built-in controller fragment included."""
    return visitor_kind(
        root,
        template=VISITOR_TEMPLATE,
        question="example: County Hall\n",
        sections="- include: fragments/controller.yaml\n",
    )


def _render(repo_root: Path, out: Path, *extra: str) -> str:
    result = runner.invoke(
        app, ["render", str(repo_root / EXAMPLE), "--format", "md", "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return (out / "privacy-notice.md").read_text(encoding="utf-8")


def test_override_one_block_changes_only_that_clause(tmp_path: Path, repo_root: Path) -> None:
    custom = build_file_tree(
        tmp_path / "custom", {"templates/privacy-notice/notice.md.j2": COMPLAINTS}
    )
    before = _render(repo_root, tmp_path / "before")
    after = _render(repo_root, tmp_path / "after", "--templates", str(custom))
    section = after.split("## Complaints")[1].split("## Changes to this notice")[0]
    assert section == (
        "\n\nTell our Customer Feedback Team at dataprotection@northshire.example.gov.uk;"
        " we answer within 20 working days.\n\n"
    )
    # everything before and after the complaints section is untouched
    assert before.split("## Complaints")[0] == after.split("## Complaints")[0]
    assert (
        before.split("## Changes to this notice")[1] == after.split("## Changes to this notice")[1]
    )


def test_a_plain_templates_folder_still_works(tmp_path: Path, repo_root: Path) -> None:
    custom = build_file_tree(tmp_path / "plain", {"privacy-notice/notice.md.j2": COMPLAINTS})
    after = _render(repo_root, tmp_path / "out", "--templates", str(custom))
    assert "Customer Feedback Team" in after


def test_profile_template_dirs_are_used(tmp_path: Path, repo_root: Path) -> None:
    custom = build_file_tree(
        tmp_path / "custom", {"templates/privacy-notice/notice.md.j2": COMPLAINTS}
    )
    result = runner.invoke(app, ["profile", "set", "template_dirs", str(custom)])
    assert result.exit_code == 0, result.output
    assert "Customer Feedback Team" in _render(repo_root, tmp_path / "out")


def test_a_custom_fragment_replaces_the_built_in_one(tmp_path: Path) -> None:
    custom = build_file_tree(
        tmp_path / "custom",
        {
            "questions/fragments/document.yaml": """\
            fragment: document
            description: Our own version fields.
            questions:
              - id: document_version
                type: text
                prompt: Version
                help: Our house numbering.
                default: "0.1"
              - id: document_date
                type: date
                prompt: Date
                help: The date.
                default_from: today
              - id: review_date
                type: date
                prompt: Review
                help: The review date.
                default_from: add_months(document_date, 6)
            """
        },
    )
    tree = load_kind("privacy-notice", tree_dirs=settings_for([custom]).tree_dirs)
    assert tree.question("document_version").default == "0.1"
    assert load_kind("privacy-notice").question("document_version").default == "1.0"


def test_add_a_new_kind_from_a_custom_folder(tmp_path: Path) -> None:
    custom = visitor_with_controller(tmp_path / "custom")
    answers = (
        build_file_tree(
            tmp_path,
            {
                "visitor.yaml": """\
            kind: visitor
            tree_version: 1
            answers:
              site_name: County Hall
              controller_name: Northshire County Council
              controller_address: County Hall
              controller_email: ig@northshire.example.gov.uk
              has_dpo: no
            """
            },
        )
        / "visitor.yaml"
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["render", str(answers), "-f", "md", "-o", str(out), "--templates", str(custom)]
    )
    assert result.exit_code == 0, result.output
    text = (out / "visitor-notice.md").read_text(encoding="utf-8")
    assert text == (
        "# Visitor notice: County Hall\n\n"
        "Northshire County Council records your name when you visit County Hall.\n"
    )
    # without the folder the kind is unknown
    result = runner.invoke(app, ["render", str(answers), "-f", "md", "-o", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "no question tree for kind 'visitor'" in flat(result.output)


def test_list_shows_kinds_from_profile_folders(tmp_path: Path) -> None:
    custom = visitor_with_controller(tmp_path / "custom")
    assert runner.invoke(app, ["profile", "set", "template_dirs", str(custom)]).exit_code == 0
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    assert "visitor" in result.output and "privacy-notice" in result.output


def test_a_missing_custom_folder_is_a_clear_error(tmp_path: Path, repo_root: Path) -> None:
    result = runner.invoke(
        app,
        ["render", str(repo_root / EXAMPLE), "-f", "md", "--templates", str(tmp_path / "nope")],
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope'}: custom templates folder not found" in flat(result.output)


def test_init_templates_copies_a_kind(tmp_path: Path) -> None:
    files = init_templates(tmp_path / "org", "privacy-notice")
    names = {p.as_posix() for p in files}
    assert {
        "questions/privacy-notice.yaml",
        "questions/fragments/controller.yaml",
        "questions/fragments/document.yaml",
        "templates/privacy-notice/notice.md.j2",
        "templates/privacy-notice/notice.base.md.j2",
    } <= names
    assert all((tmp_path / "org" / name).is_file() for name in names)
    with pytest.raises(OutputExistsError, match="already exists"):
        init_templates(tmp_path / "org", "privacy-notice")
    assert init_templates(tmp_path / "org", "privacy-notice", force=True) == files
    with pytest.raises(UserError, match="no built-in kind 'nope'"):
        init_templates(tmp_path / "org", "nope")


def test_init_templates_cli_copies_everything(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init-templates", str(tmp_path / "all")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "all/questions/privacy-notice.yaml").is_file()
    assert not (tmp_path / "all/templates/reference.docx").exists()
    again = runner.invoke(app, ["init-templates", str(tmp_path / "all")])
    assert again.exit_code == 1
    assert "already exists" in flat(again.output) and "--force" in flat(again.output)


def test_a_copied_folder_validates_clean(tmp_path: Path) -> None:
    init_templates(tmp_path / "org", "privacy-notice")
    result = runner.invoke(app, ["validate", str(tmp_path / "org")])
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output
