"""Folders stay folders: includes, template loads and state writes stay inside their root."""

from __future__ import annotations

from pathlib import Path

from helpers import visitor_kind
from hostile_helpers import DPIA_EXAMPLE, assert_clean_error, run, visitor_answers

SECRET = "secret text from outside the folder"


def outside_file(tmp_path: Path, name: str, text: str = SECRET) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_include_leading_out_of_the_questions_folder_is_refused(tmp_path: Path) -> None:
    outside_file(tmp_path, "frag.yaml", "fragment: f\ndescription: x\nsections: []\n")
    custom = visitor_kind(tmp_path / "custom")
    tree = custom / "questions" / "visitor.yaml"
    tree.write_text(
        tree.read_text(encoding="utf-8") + "  - include: ../../outside/frag.yaml\n",
        encoding="utf-8",
    )
    line = len(tree.read_text(encoding="utf-8").splitlines())
    result = run("validate", custom)
    text = " ".join(result.output.split())
    assert f"visitor.yaml:{line}: error: included file '../../outside/frag.yaml' leads" in text
    assert "Traceback" not in text and result.exit_code == 1, result.output


def test_an_include_through_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    target = outside_file(tmp_path, "frag.yaml", "fragment: f\ndescription: x\nsections: []\n")
    custom = visitor_kind(tmp_path / "custom")
    (custom / "questions" / "frag.yaml").symlink_to(target)
    tree = custom / "questions" / "visitor.yaml"
    tree.write_text(tree.read_text(encoding="utf-8") + "  - include: frag.yaml\n", "utf-8")
    answers = visitor_answers(tmp_path / "answers.yaml", "Town Hall")
    result = run("render", answers, "--out", tmp_path / "out", "--templates", custom)
    assert_clean_error(result, "visitor.yaml:", "'frag.yaml' leads outside")


def test_a_template_symlink_out_of_its_folder_is_not_read(tmp_path: Path) -> None:
    target = outside_file(tmp_path, "stolen.md.j2")
    custom = visitor_kind(tmp_path / "custom")
    notice = custom / "templates" / "visitor" / "notice.md.j2"
    notice.unlink()
    notice.symlink_to(target)
    answers = visitor_answers(tmp_path / "answers.yaml", "Town Hall")
    result = run("render", answers, "--out", tmp_path / "out", "--templates", custom)
    assert_clean_error(result, "notice.md.j2", "leads outside")
    assert not list((tmp_path / "out").rglob("*.md")) if (tmp_path / "out").exists() else True
    assert SECRET not in result.output


def test_validate_reports_a_dangling_template_symlink(tmp_path: Path) -> None:
    custom = visitor_kind(tmp_path / "custom")
    (custom / "templates" / "visitor" / "gone.md.j2").symlink_to(tmp_path / "missing.md.j2")
    result = run("validate", custom, "--json")
    text = " ".join(result.output.split())
    assert '"rule": "TEMPLATE-LINK"' in text and "dangling" in text, result.output
    assert "Traceback" not in text and result.exit_code == 1


def test_a_sharewiz_folder_that_is_a_symlink_is_never_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / ".sharewiz").symlink_to(elsewhere, target_is_directory=True)
    result = run("render", DPIA_EXAMPLE, "--format", "md", "--out", out)
    assert_clean_error(result, ".sharewiz", "leads outside")
    assert list(elsewhere.iterdir()) == []


def test_a_base_folder_symlinked_out_of_the_set_is_never_read_or_emptied(tmp_path: Path) -> None:
    """`.sharewiz/base/` held the merge bases before state.json did: a set that still has
    one is read once and the folder removed, but never through a symlink."""
    out = tmp_path / "out"
    assert run("render", DPIA_EXAMPLE, "--format", "md", "--out", out).exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "dpia-screening.md").write_text("someone else's", encoding="utf-8")
    (out / ".sharewiz" / "base").symlink_to(elsewhere, target_is_directory=True)
    result = run("render", DPIA_EXAMPLE, "--format", "md", "--out", out, "--force")
    assert result.exit_code == 0, result.output  # state.json holds the bases: not read
    assert [p.name for p in elsewhere.iterdir()] == ["dpia-screening.md"]
    state = out / ".sharewiz" / "state.json"
    state.write_text(state.read_text(encoding="utf-8").replace('"bases"', '"unknown"'))
    result = run("render", DPIA_EXAMPLE, "--format", "md", "--out", out, "--force")
    assert_clean_error(result, "base", "leads outside")  # an older set's bases: refused
    assert [p.name for p in elsewhere.iterdir()] == ["dpia-screening.md"]
