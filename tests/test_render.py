"""Rendering: answers are data, never structure or template code; failures are loud."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from helpers import build_file_tree
from sharewiz.errors import TemplateError
from sharewiz.law.choices import tree_knowledge
from sharewiz.law.knowledge import load_knowledge
from sharewiz.model.expressions import escape_markdown
from sharewiz.model.tree_loader import load_tree
from sharewiz.render.engine import render_set
from sharewiz.render.formats import safe_name
from sharewiz.sets.build import build_set, read_answers

NASTY = [
    "{{ 7*7 }}",
    "{% if true %}x{% endif %}",
    "# Heading",
    "| a | b |",
    "<!-- comment",
    "<script>alert(1)</script>",
    "1. not a list",
    "- not a bullet",
    "> not a quote",
    "***",
    "[link](https://evil.example)",
    "![img](x.png)",
    "`code`",
    "Smith &amp; Co",
    "    indented",
    "trailing \\",
]

md = MarkdownIt("commonmark").enable("table")


def text_of(markdown: str) -> str:
    """Render Markdown and return its text content only (structure dropped)."""
    tokens = md.parse(markdown)
    parts = []
    for token in tokens:
        if token.type == "inline" and token.children:
            parts.extend(
                child.content for child in token.children if child.type in ("text", "code_inline")
            )
    return "".join(parts)


@pytest.mark.parametrize("value", NASTY)
def test_escaped_value_is_one_plain_paragraph(value: str) -> None:
    escaped = escape_markdown(value)
    tokens = md.parse(escaped)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], escaped
    inline = tokens[1].children or []
    assert {t.type for t in inline} <= {"text", "softbreak"}, escaped
    assert "".join(t.content for t in inline) == value.strip(), escaped


@pytest.fixture
def council(repo_root: Path) -> tuple[Any, dict[str, Any]]:
    tree, _file, answers = read_answers(
        repo_root / "examples/privacy-notice-council-adult-social-care.yaml"
    )
    return tree, answers


@pytest.mark.parametrize("value", NASTY)
def test_nasty_answers_appear_literally_and_change_no_structure(council: Any, value: str) -> None:
    tree, answers = council
    plain = render_set(tree, answers, kb=load_knowledge())[0].markdown
    nasty = dict(answers, service_name=value, controller_name=value)
    nasty["recipients"] = [dict(answers["recipients"][0], name=value, why=value)]
    rendered = render_set(tree, nasty, kb=load_knowledge())[0].markdown

    def shape(markdown: str) -> list[str]:
        return [t.type for t in md.parse(markdown) if t.type != "inline"]

    plain_one = dict(answers, service_name="X", controller_name="X")
    plain_one["recipients"] = [dict(answers["recipients"][0], name="X", why="X")]
    expected_shape = shape(render_set(tree, plain_one, kb=load_knowledge())[0].markdown)
    assert shape(rendered) == expected_shape
    assert value.strip() in text_of(rendered)
    if "7*7" in value:
        assert "49" not in rendered and "49" not in plain


def test_template_typo_names_template_line_and_variable(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            "demo.yaml": """
                id: demo
                version: 1
                title: Demo
                documents:
                  - id: demo
                    template: demo/doc.md.j2
                    title: Demo
                sections:
                  - id: s
                    title: S
                    questions:
                      - id: name
                        type: text
                        prompt: Name?
                        help: Name.
            """,
            "templates/demo/doc.md.j2": "# {{ name }}\n\nHello {{ nmae }}\n",
        },
    )
    tree = load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    with pytest.raises(TemplateError) as info:
        render_set(tree, {"name": "x"}, kb=load_knowledge(), template_dirs=[tmp_path / "templates"])
    assert info.value.message == f"{tmp_path / 'templates/demo/doc.md.j2'}:3: 'nmae' is undefined"


def test_missing_template_is_a_clear_error(council: Any, tmp_path: Path) -> None:
    tree, answers = council
    from dataclasses import replace

    broken = replace(tree, documents=(replace(tree.documents[0], template="nowhere.md.j2"),))
    with pytest.raises(TemplateError, match="template 'nowhere.md.j2' not found"):
        render_set(broken, answers, kb=load_knowledge())


def test_existing_files_are_not_overwritten(council: Any, tmp_path: Path) -> None:
    tree, answers = council
    build_set(tree, answers, tmp_path, formats=["md"])
    target = tmp_path / "privacy-notice.md"
    target.write_text("my edits")
    result = build_set(tree, answers, tmp_path, formats=["md"])  # nothing new: the edit stands
    assert target.read_text() == "my edits" and not result.written
    changed = dict(answers, service_name="Other service")
    result = build_set(tree, changed, tmp_path, formats=["md"])  # merged: a conflict here
    assert [o.name for o in result.conflicts] == ["privacy-notice.md"]
    assert "my edits" in target.read_text()
    build_set(tree, answers, tmp_path, formats=["md"], force=True)
    assert target.read_text().startswith("# Privacy notice")


def test_rendering_is_deterministic(council: Any, tmp_path: Path) -> None:
    tree, answers = council
    first = build_set(tree, answers, tmp_path / "a", formats=["md", "docx", "html"])
    second = build_set(tree, answers, tmp_path / "b", formats=["md", "docx", "html"])
    for one, two in zip(first.files, second.files, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("Northshire County Council", "northshire-county-council"),
        ("CON", "document-con"),
        ("", "document"),
        ("École St. Mary's / Year 7", "ecole-st-mary-s-year-7"),
        ("a" * 200, "a" * 80),
    ],
)
def test_safe_names(text: str, name: str) -> None:
    assert safe_name(text) == name


def test_spaces_at_the_edges_shrink_to_one() -> None:
    assert escape_markdown("; ") == "; "
    assert escape_markdown("    four spaces would be code") == " four spaces would be code"
    assert escape_markdown("two trailing would break  ") == "two trailing would break "


def test_choice_labels_filter_and_inner_group_labels(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            "demo.yaml": """
                id: demo
                version: 1
                title: Demo
                documents:
                  - id: demo
                    template: demo/doc.md.j2
                    title: Demo
                sections:
                  - id: s
                    title: S
                    questions:
                      - id: colours
                        type: multi
                        prompt: Colours?
                        help: Pick.
                        choices:
                          - {value: r, label: Red}
                          - {value: g, label: Green}
                      - id: things
                        type: group
                        prompt: Things?
                        help: Add.
                        questions:
                          - id: size
                            type: choice
                            prompt: Size?
                            help: Pick.
                            choices: [{value: s, label: Small}]
            """,
            "templates/demo/doc.md.j2": (
                "{{ colours | choice_labels('colours') | join_and }}\n"
                "{% for t in things %}{{ choice_label('things.size', t.size) }}{% endfor %}\n"
            ),
        },
    )
    tree = load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    answers = {"colours": ["r", "g"], "things": [{"size": "s"}]}
    doc = render_set(tree, answers, kb=load_knowledge(), template_dirs=[tmp_path / "templates"])[0]
    assert doc.markdown == "Red and Green\nSmall\n"


def test_documents_get_the_usual_file_permissions(council: Any, tmp_path: Path) -> None:
    import os

    tree, answers = council
    umask = os.umask(0)
    os.umask(umask)
    result = build_set(tree, answers, tmp_path, formats=["md"])
    for path in result.files:
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path
