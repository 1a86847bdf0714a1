"""`sharewiz validate`: broken trees and templates, each found at the right file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sharewiz.law.rules as rules_module
from helpers import build_file_tree, visitor_tree
from sharewiz.cli.app import app
from sharewiz.law.findings import FINDINGS_JSON_VERSION
from sharewiz.law.rules import load_rules, rules_dir
from sharewiz.render.validate import validate

runner = CliRunner()

TREE = visitor_tree(
    questions="""\
- id: keep_days
  type: number
  prompt: How many days do you keep the sign-in sheet?
  help: Storage limitation, UK GDPR Art 5(1)(e).
  default: 30
"""
)
TEMPLATE = """\
# Visitor notice: {{ site_name }}

We keep the sign-in sheet for {{ keep_days }} days.
"""


def problems(root: Path) -> list[str]:
    """Findings as `file-relative-to-root:line: severity: message`."""
    return [
        f"{Path(f.file).relative_to(root)}:{f.line}: {f.severity}: {f.message}"
        for f in validate([root]).findings
        if f.file is not None and Path(f.file).is_relative_to(root)
    ]


def folder(tmp_path: Path, tree: str = TREE, template: str = TEMPLATE, **extra: str) -> Path:
    files = {"questions/visitor.yaml": tree, "templates/visitor/notice.md.j2": template}
    files.update({name.replace("__", "/"): text for name, text in extra.items()})
    return build_file_tree(tmp_path / "custom", files)


def test_built_in_trees_and_templates_validate_clean() -> None:
    report = validate()
    assert report.findings == []
    assert report.trees >= 1 and report.templates >= 2
    # the rules are checked where they live, knowledge/rules/*.yaml
    assert report.rules == len(load_rules()) >= 30


def test_a_good_custom_folder_is_clean(tmp_path: Path) -> None:
    assert problems(folder(tmp_path)) == []


def test_schema_error_is_reported_per_file(tmp_path: Path) -> None:
    root = folder(
        tmp_path,
        questions__broken_yaml="""\
        id: broken
        version: 1
        title: Broken
        documents:
          - id: doc
            template: visitor/notice.md.j2
            title: Broken
        sections:
          - id: s
            title: S
            questions:
              - id: a
                type: chioce
                prompt: A
                help: x
        """.replace("broken_yaml", "broken.yaml"),
    )
    (root / "questions/broken_yaml").rename(root / "questions/broken.yaml")
    assert problems(root) == [
        "questions/broken.yaml:13: error: unknown question type 'chioce' (in 'a')"
    ]


def test_unknown_id_in_a_when(tmp_path: Path) -> None:
    root = folder(tmp_path, TREE + "        when: site_nmae\n")
    assert problems(root) == [
        "questions/visitor.yaml:22: error: expression 'site_nmae' names unknown question(s): site_nmae"
    ]


def test_template_variable_no_question_provides(tmp_path: Path) -> None:
    root = folder(tmp_path, template=TEMPLATE + "\nAsk {{ reception_email }} at {{ site_name }}.\n")
    assert problems(root) == [
        "templates/visitor/notice.md.j2:5: error: 'reception_email' is not a question of this tree, nor set in the template"
    ]


def test_variables_set_in_a_base_template_are_known(tmp_path: Path) -> None:
    base = (
        "{% set days = keep_days %}\n{% block body %}\n{{ site_name }} {{ days }}\n{% endblock %}\n"
    )
    child = '{% extends "visitor/base.md.j2" %}\n{% block body %}\n{{ days }} {{ nope }}\n{% endblock %}\n'
    root = folder(tmp_path, template=child, templates__visitor__base_md_j2=base)
    (root / "templates/visitor/base_md_j2").rename(root / "templates/visitor/base.md.j2")
    assert problems(root) == [
        "templates/visitor/notice.md.j2:3: error: 'nope' is not a question of this tree, nor set in the template"
    ]


def test_missing_template_is_reported_at_the_document(tmp_path: Path) -> None:
    root = folder(tmp_path, TREE.replace("visitor/notice.md.j2", "visitor/missing.md.j2"))
    found = problems(root)
    assert len(found) == 1
    assert found[0].startswith(
        "questions/visitor.yaml:7: error: template 'visitor/missing.md.j2' not found"
    )


def test_template_syntax_error(tmp_path: Path) -> None:
    root = folder(tmp_path, template=TEMPLATE + "{% if site_name %}\nno end\n")
    found = problems(root)
    assert found and all(p.startswith("templates/visitor/notice.md.j2:") for p in found)
    assert "error: Unexpected end of template" in found[0]


def test_unused_question_is_a_warning(tmp_path: Path) -> None:
    root = folder(tmp_path, template="# Visitor notice: {{ site_name }}\n")
    assert problems(root) == [
        "questions/visitor.yaml:17: warning: question 'keep_days' is not used by any template or expression of 'visitor'"
    ]


def test_unreachable_questions(tmp_path: Path) -> None:
    tree = TREE + (
        "      - id: never\n        type: text\n        prompt: N\n        help: x\n"
        "        when: false and site_name\n"
        "      - id: never_either\n        type: text\n        prompt: N\n        help: x\n"
        "        when: never\n"
    )
    template = TEMPLATE + "{{ never }} {{ never_either }}\n"
    assert problems(folder(tmp_path, tree, template)) == [
        "questions/visitor.yaml:22: warning: question 'never' is never asked: its condition 'false and site_name' is always false",
        "questions/visitor.yaml:27: warning: question 'never_either' is never asked: its condition 'never' names only questions never asked (never)",
    ]


def test_missing_knowledge_entries(tmp_path: Path) -> None:
    template = TEMPLATE + (
        "\n{{ kb.lawful_bases.public_task.title }}\n"
        "{{ kb.lawful_bases['no_such_basis'].title }}\n"
        "{{ kb.no_such_collection }}\n"
        "{{ site_name | label_of('nothing_here') }}\n"
    )
    assert problems(folder(tmp_path, template=template)) == [
        "templates/visitor/notice.md.j2:6: error: knowledge entry 'no_such_basis' is not in collection 'lawful_bases'",
        "templates/visitor/notice.md.j2:7: error: knowledge collection 'no_such_collection' does not exist",
        "templates/visitor/notice.md.j2:8: error: label_of: knowledge collection 'nothing_here' does not exist",
    ]


def test_markdown_the_docx_writer_does_not_understand(tmp_path: Path) -> None:
    template = TEMPLATE + (
        "\n<!-- page-break -->\n\n"
        "Visit <b>reception</b> first.\n\n"
        "![logo](logo.png)\n\n"
        "#### Too deep\n"
    )
    assert problems(folder(tmp_path, template=template)) == [
        "templates/visitor/notice.md.j2:7: error: raw HTML '</b>' is shown as text in Word and HTML output",
        "templates/visitor/notice.md.j2:7: error: raw HTML '<b>' is shown as text in Word and HTML output",
        "templates/visitor/notice.md.j2:9: error: image 'logo.png': DOCX and HTML output keep only its alt text",
        "templates/visitor/notice.md.j2:11: warning: heading skips a level: H4 'Too deep' follows H1",
    ]


NEVER_FIRING_RULES = """\
rules:
  - id: T-GHOST
    severity: warning
    kinds: [privacy-notice]
    when: no_tree_asks_this
    message: Never.
    citation: UK GDPR Art 5(2)
    fix: Nothing.
    refs: [dsa_contents.review]

  - id: T-OFF
    severity: warning
    kinds: [privacy-notice]
    when: "false"
    message: Never.
    citation: UK GDPR Art 5(2)
    fix: Nothing.
    refs: [dsa_contents.review]

  - id: T-OTHER-KIND
    severity: warning
    kinds: [no-such-kind]
    when: no_tree_asks_this
    message: Not checked (no tree of its kind).
    citation: UK GDPR Art 5(2)
    fix: Nothing.
    refs: [dsa_contents.review]
"""


@pytest.fixture
def rules_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real knowledge/rules/ folder, which the rules loader then reads."""
    import shutil

    folder = tmp_path / "knowledge" / "rules"
    shutil.copytree(rules_dir(), folder)
    load_rules()  # the built-in rules, cached for every other caller, stay the real ones
    monkeypatch.setattr(rules_module, "rules_dir", lambda: folder)
    return folder


def test_rules_that_can_never_fire(rules_copy: Path) -> None:
    (rules_copy / "zz-test.yaml").write_text(NEVER_FIRING_RULES, encoding="utf-8")
    report = validate()
    assert report.rules == len(load_rules()) + 3  # the real rules and the three here
    assert [f"{f.where}: {f.severity}: {f.message}" for f in report.findings] == [
        f"{rules_copy / 'zz-test.yaml'}:2: warning: rule 'T-GHOST' can never fire: "
        "no privacy-notice tree asks no_tree_asks_this",
        f"{rules_copy / 'zz-test.yaml'}:11: warning: rule 'T-OFF' can never fire: "
        "its condition is always false",
    ]
    assert {f.rule_id for f in report.findings} == {"RULE-NEVER-FIRES"}


def test_a_custom_tree_can_leave_a_built_in_rule_unfired(tmp_path: Path) -> None:
    tree = tmp_path / "custom" / "questions" / "privacy-notice.yaml"
    tree.parent.mkdir(parents=True)
    tree.write_text(TREE.replace("id: visitor", "id: privacy-notice", 1), encoding="utf-8")
    build_file_tree(tmp_path / "custom", {"templates/visitor/notice.md.j2": TEMPLATE})
    messages = [f.message for f in validate([tmp_path / "custom"]).findings]
    assert any(m.startswith("rule 'PN-ART14-SOURCE' can never fire: no privacy-notice tree asks")
               for m in messages)  # fmt: skip


def test_a_broken_rule_is_reported_at_its_line(rules_copy: Path) -> None:
    broken = (rules_copy / "transparency.yaml").read_text(encoding="utf-8")
    broken = broken.replace("severity: error", "severity: eror", 1)
    (rules_copy / "transparency.yaml").write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("    severity: eror") + 1
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{rules_copy / 'transparency.yaml'}:{line}: error: severity 'eror' in rule "
        f"{_rule_id_before(broken, line)!r} is not one of: error, warning, advice"
    )


def _rule_id_before(text: str, line: int) -> str:
    ids = [t.split(":", 1)[1].strip() for t in text.splitlines()[:line] if "- id:" in t]
    return ids[-1]


def test_cli_exit_codes_and_json(tmp_path: Path) -> None:
    good = runner.invoke(app, ["validate", str(folder(tmp_path / "a"))])
    assert good.exit_code == 0, good.output
    assert "0 error(s), 0 warning(s)" in good.output
    bad_root = folder(tmp_path / "b", template=TEMPLATE + "{{ nope }}\n")
    bad = runner.invoke(app, ["validate", str(bad_root)])
    assert bad.exit_code == 1
    line = f"{bad_root / 'templates/visitor/notice.md.j2'}:4: error: 'nope' is not a question of this tree, nor set in the template"
    assert line in bad.output.splitlines()
    as_json = runner.invoke(app, ["validate", str(bad_root), "--json"])
    assert as_json.exit_code == 1
    data = json.loads(as_json.output)
    assert data["findings_version"] == FINDINGS_JSON_VERSION
    assert data["summary"] == {"error": 1, "warning": 0, "advice": 0}
    (finding,) = data["findings"]
    assert (finding["rule"], finding["line"]) == ("TEMPLATE-UNKNOWN-NAME", 4)
    assert finding["file"] == str(bad_root / "templates/visitor/notice.md.j2")


def test_a_single_tree_file(tmp_path: Path) -> None:
    root = folder(tmp_path)
    result = runner.invoke(app, ["validate", str(root / "questions/visitor.yaml")])
    assert result.exit_code == 0, result.output
    assert "in 1 tree(s)" in result.output


def test_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "custom templates folder not found" in " ".join(result.output.split())
