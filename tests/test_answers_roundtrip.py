"""Answers files are the user's: sharewiz edits them in place, keeping comments and style."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from sharewiz import __version__
from sharewiz.cli.app import app
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.answers_file import answers_to_yaml, read_answers_file, save_answers
from sharewiz.model.tree import tree_path
from sharewiz.model.tree_loader import load_tree

ROOT = Path(__file__).resolve().parents[1]
COUNCIL = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
runner = CliRunner()
TREE_VERSION = load_tree(tree_path("privacy-notice"), knowledge=tree_knowledge()).version

# A hand-written file: comments everywhere, a folded block, `yes`, quotes, flow lists.
HAND_WRITTEN = (
    COUNCIL.read_text(encoding="utf-8")
    # as of the current tree, so that rendering it changes nothing
    .replace(
        re.search(r"tree_version: \d+\n", COUNCIL.read_text(encoding="utf-8")).group(0),  # type: ignore[union-attr]
        f"tree_version: {TREE_VERSION}\nsharewiz_version: {__version__}\n",
    )
    .replace(
        "  service_name: Adult social care assessments\n",
        "  # the service, as residents know it\n"
        "  service_name: 'Adult social care assessments'   # agreed with comms\n"
        "  audience: >\n"
        "    adults who ask us for care and support,\n"
        "    and their carers\n",
    )
    .replace("  audience: adults who ask us for care and support, and their carers\n", "")
)


def _hand_written_set(tmp_path: Path) -> Path:
    source = tmp_path / "answers.yaml"
    source.write_text(HAND_WRITTEN, encoding="utf-8")
    out = tmp_path / "notice"
    result = runner.invoke(app, ["render", str(source), "--out", str(out), "--format", "md"])
    assert result.exit_code == 0, result.output
    return out


def test_render_copies_the_users_file_byte_for_byte(tmp_path: Path) -> None:
    out = _hand_written_set(tmp_path)
    assert (out / "answers.yaml").read_text(encoding="utf-8") == HAND_WRITTEN


def test_update_with_nothing_to_change_leaves_the_file_byte_identical(tmp_path: Path) -> None:
    out = _hand_written_set(tmp_path)
    result = runner.invoke(app, ["update", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "answers.yaml").read_text(encoding="utf-8") == HAND_WRITTEN


def test_update_set_changes_only_the_line_of_that_answer(tmp_path: Path) -> None:
    out = _hand_written_set(tmp_path)
    result = runner.invoke(app, ["update", str(out), "--set", "controller_name=Southshire Council"])
    assert result.exit_code == 0, result.output
    expected = HAND_WRITTEN.replace(
        "controller_name: Northshire County Council", "controller_name: Southshire Council"
    ).replace('document_version: "1.0"', 'document_version: "2.0"')  # a material change
    assert (out / "answers.yaml").read_text(encoding="utf-8") == expected


def _tree():  # type: ignore[no-untyped-def]
    return load_tree(tree_path("privacy-notice"), knowledge=tree_knowledge())


def test_a_value_that_means_the_same_is_not_rewritten(tmp_path: Path) -> None:
    tree = _tree()
    path = tmp_path / "answers.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    raw = dict(read_answers_file(path).answers)
    typed = {**raw, "has_dpo": True, "has_representative": False}  # the file says yes / no
    save_answers(path, tree.id, tree.version, typed, tree=tree)
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN


def test_a_changed_group_entry_changes_only_its_field(tmp_path: Path) -> None:
    tree = _tree()
    raw = read_answers_file(COUNCIL).answers
    recipients = [dict(entry) for entry in raw["recipients"]]
    recipients[1]["why"] = "to care for you"
    text = answers_to_yaml(
        tree.id, tree.version, {**raw, "recipients": recipients}, current=HAND_WRITTEN, tree=tree
    )
    assert text == HAND_WRITTEN.replace(
        "why: so they can provide the care in your support plan", "why: to care for you"
    )


def test_yaml_1_2_text_stays_text_and_new_text_is_quoted_only_where_needed() -> None:
    current = "# mine\nkind: k\ntree_version: 1\nanswers:\n  a: NO   # really the word\n  b: off\n"
    text = answers_to_yaml(
        "k", 1, {"a": "NO", "b": "off", "c": "null", "d": "yes"}, current=current
    )
    assert text.startswith("# mine\nkind: k\ntree_version: 1\nsharewiz_version:")
    assert text.endswith("  a: NO   # really the word\n  b: off\n  c: 'null'\n  d: yes\n")
    assert answers_to_yaml("k", 1, {"a": "NO", "b": "off"}, current=current) == current


def test_a_new_answer_goes_in_tree_order_and_a_removed_one_goes(tmp_path: Path) -> None:
    current = "kind: k\ntree_version: 1\nanswers:\n  a: 1  # one\n  c: 3\n  gone: x\n"
    text = answers_to_yaml("k", 2, {"a": 1, "b": "two\nlines", "c": 3}, current=current)
    assert "answers:\n  a: 1  # one\n  b: |-\n    two\n    lines\n  c: 3\n" in text
    assert "tree_version: 2\n" in text
