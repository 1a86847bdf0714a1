"""The command line, through Typer's runner: exit codes and exact messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import build_file_tree
from sharewiz import __version__
from sharewiz.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"sharewiz {__version__}\n"


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("new", "render", "list"):
        assert f"  {command} " in result.output


def test_list_shows_kinds_with_descriptions() -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert "privacy-notice" in result.output
    assert "A UK GDPR privacy notice for one service" in result.output


def test_render_writes_files_and_lists_them(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(COUNCIL), "--out", str(tmp_path), "--format", "md,html"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "privacy-notice.md").is_file()
    assert (tmp_path / "privacy-notice.html").is_file()
    assert (tmp_path / "answers.yaml").is_file()
    # the full notice and its layered summary (privacy-notice-summary), each as md and html
    assert (tmp_path / "privacy-notice-summary.md").is_file()
    assert f"Wrote 5 files to {tmp_path}:" in result.output
    assert "\x1b[" not in result.output  # no colour codes when not on a terminal


def test_render_default_folder_is_named_after_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render", str(COUNCIL), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "privacy-notice-council-adult-social-care" / "privacy-notice.md").is_file()


def test_render_over_a_hand_edit_merges_it(tmp_path: Path) -> None:
    runner.invoke(app, ["render", str(COUNCIL), "--out", str(tmp_path), "--format", "md"])
    again = runner.invoke(app, ["render", str(COUNCIL), "--out", str(tmp_path), "--format", "md"])
    assert again.exit_code == 0  # the same render again changes nothing and writes nothing
    assert "unchanged" in again.output
    target = tmp_path / "privacy-notice.md"
    target.write_text("edited by hand\n", encoding="utf-8")
    result = runner.invoke(app, ["render", str(COUNCIL), "--out", str(tmp_path), "--format", "md"])
    assert result.exit_code == 0, result.output  # nothing new from sharewiz: the edit stands
    assert target.read_text(encoding="utf-8") == "edited by hand\n"
    forced = runner.invoke(
        app, ["render", str(COUNCIL), "--out", str(tmp_path), "--format", "md", "--force"]
    )
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8") != "edited by hand\n"
    # nothing a person wrote is overwritten without a copy kept beside it
    assert (tmp_path / "privacy-notice.yours.md").read_text(encoding="utf-8") == "edited by hand\n"


@pytest.mark.parametrize("kind", ["data-sharing-agreement", "information-sharing-protocol"])
def test_a_file_without_its_parties_is_told_they_are_missing(kind: str, tmp_path: Path) -> None:
    """The governing law's default reads the first party's postcode: with no parties it
    said "expression ... failed: list object has no element 0" and blamed the tree."""
    answers = build_file_tree(tmp_path, {"in.yaml": f"kind: {kind}\nanswers: {{}}\n"}) / "in.yaml"
    result = runner.invoke(app, ["render", str(answers), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "required answer(s) missing:" in result.output
    assert "  parties: " in result.output
    assert "failed" not in result.output


def test_render_missing_answers_lists_them_and_writes_nothing(tmp_path: Path) -> None:
    answers = (
        build_file_tree(
            tmp_path, {"in.yaml": "kind: privacy-notice\nanswers:\n  service_name: Early Help\n"}
        )
        / "in.yaml"
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(answers), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {answers}: ")
    assert "required answer(s) missing:" in result.output
    assert "  controller_name: Full legal name of your organisation\n" in result.output
    assert "hint: add them to the answers file" in result.output
    assert not out.exists()


def test_render_bad_answers_file(tmp_path: Path) -> None:
    answers = (
        build_file_tree(
            tmp_path, {"in.yaml": "kind: privacy-notice\nanswers:\n  public_authority: perhaps\n"}
        )
        / "in.yaml"
    )
    result = runner.invoke(app, ["render", str(answers), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{answers}:3: public_authority: answer yes or no, not 'perhaps'" in result.output
    assert "Traceback" not in result.output


def test_render_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert result.output == f"error: {tmp_path / 'nope.yaml'}: no such file\nhint: check the path\n"


def test_render_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(COUNCIL), "--out", str(tmp_path), "--format", "md,odt"]
    )
    assert result.exit_code == 2  # a usage error, like any other bad option
    assert (
        result.output
        == "error: unknown output format 'odt'\nhint: use a comma-separated list of: md, docx, html, pdf\n"
    )


def test_render_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(
        app, ["render", str(COUNCIL), "--out", str(blocker / "sub"), "--format", "md"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--debug", "render", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "Traceback" in result.output


def test_new_without_a_terminal_points_to_render() -> None:
    result = runner.invoke(app, ["new", "privacy-notice"])
    assert result.exit_code == 3
    assert result.output == (
        "error: `sharewiz new` asks questions, so it needs a terminal, and this is not one\n"
        "hint: to write documents from an answers file without questions, use `sharewiz render ANSWERS`\n"
    )


def test_unknown_kind(tmp_path: Path) -> None:
    answers = build_file_tree(tmp_path, {"in.yaml": "kind: novel\nanswers: {}\n"}) / "in.yaml"
    result = runner.invoke(app, ["render", str(answers)])
    assert result.exit_code == 1
    assert "no question tree for kind 'novel'" in result.output
    assert "hint: use one of: " in result.output and "privacy-notice" in result.output


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from sharewiz.cli.app import app\n"
        "from typer.testing import CliRunner\n"
        "assert CliRunner().invoke(app, ['--help']).exit_code == 0\n"
        "heavy = {'questionary', 'prompt_toolkit', 'jinja2', 'yaml', 'docx', 'lxml', 'markdown_it'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"


def test_python_dash_m_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sharewiz", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout == f"sharewiz {__version__}\n"


def test_update_without_a_folder_is_a_usage_error() -> None:
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 2
    assert result.output == (
        "error: give the folder to update\n"
        "hint: sharewiz update DIR..., or sharewiz update --dependants PROTOCOL_DIR\n"
    )


@pytest.mark.parametrize(
    ("alias", "kind"),
    [
        ("dsa", "data-sharing-agreement"),
        ("isp", "information-sharing-protocol"),
        ("dpia", "dpia-screening"),
        ("notice", "privacy-notice"),
    ],
)
def test_kind_aliases(alias: str, kind: str) -> None:
    from sharewiz.model.tree import resolve_kind

    assert resolve_kind(alias) == kind
    result = runner.invoke(app, ["preview", alias, "--stdout"])
    assert result.exit_code in (0, 7), result.output  # 7: the example is a draft
    assert result.output.startswith("# ")


def test_a_mistyped_kind_gets_a_suggestion() -> None:
    result = runner.invoke(app, ["preview", "privacy-notise", "--stdout"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "error: no question tree for kind 'privacy-notise'\nhint: did you mean 'privacy-notice'? "
    )


def test_explain_takes_a_topic_of_several_words_unquoted() -> None:
    unquoted = runner.invoke(app, ["explain", "sch1", "para", "18"])
    quoted = runner.invoke(app, ["explain", "sch1 para 18"])
    assert unquoted.exit_code == 0, unquoted.output
    assert unquoted.output == quoted.output
    assert "Sch 1 para 18" in unquoted.output


def test_an_internal_error_exits_70_and_asks_for_a_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sharewiz.cli.app as cli_app

    def broken() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli_app, "app", broken)
    monkeypatch.setattr(sys, "argv", ["sharewiz", "list"])
    with pytest.raises(SystemExit) as exit_info:
        cli_app.main()
    assert exit_info.value.code == 70
    error = capsys.readouterr().err
    assert error.startswith("error: sharewiz hit an internal error: RuntimeError('a bug')\n")
    assert "please report it" in error


def test_a_mistyped_answer_key_gets_a_suggestion(tmp_path: Path) -> None:
    text = COUNCIL.read_text(encoding="utf-8").replace("controller_name:", "controler_name:")
    path = build_file_tree(tmp_path, {"typo.yaml": text}) / "typo.yaml"
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "unknown question id 'controler_name' (did you mean 'controller_name'?)" in result.output


def test_diff_exit_code_says_whether_anything_changed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["render", str(COUNCIL), "-o", str(out), "-f", "md"]).exit_code == 0
    assert runner.invoke(app, ["diff", str(out), "--exit-code"]).exit_code == 0
    answers = out / "answers.yaml"
    text = answers.read_text(encoding="utf-8")
    answers.write_text(text.replace("Northshire County Council", "Southshire Council", 1))
    changed = runner.invoke(app, ["diff", str(out), "--exit-code"])
    assert changed.exit_code == 1, changed.output
    assert runner.invoke(app, ["diff", str(out)]).exit_code == 0
