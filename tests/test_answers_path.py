"""One answers path: every command gives the same answers file the same verdict and messages.

A set is rendered from a good agreement, then its answers.yaml is replaced by each case
below and every command that reads answers is run over it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import visitor_kind
from sharewiz.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dsa-supporting-families.yaml"
FIRST_BASIS = "  party_bases:\n    - party: Northshire County Council\n"

runner = CliRunner()


def _not_a_party(text: str) -> str:
    return text.replace(FIRST_BASIS, FIRST_BASIS.replace("Northshire County", "Nowhere"), 1)


def _bad_date_and_unknown_id(text: str) -> str:
    text = text.replace("document_date: 2026-07-15", "document_date: 2026-13-15", 1)
    return text.replace("answers:\n", "answers:\n  agreement_colour: blue\n", 1)


def _two_bad_entries(text: str) -> str:
    """Problems in two entries of one group: both are reported, not just the first."""
    return text.replace("      basis: public_task\n", "      basis: public_tsak\n", 2)


# (case, edit, the problem lines every command must report: (line text, message))
CASES: list[tuple[str, Callable[[str], str], list[tuple[str, str]]]] = [
    ("good", lambda text: text, []),
    (
        "party-not-a-party",
        _not_a_party,
        [
            (
                "    - party: Nowhere Council",
                "party_bases: lawful basis 1, party: 'Nowhere Council' is not one of: "
                "Northshire County Council, Northshire Police, Department for Work and "
                "Pensions, Northshire Learning Trust",
            )
        ],
    ),
    (
        "bad-date-and-unknown-id",
        _bad_date_and_unknown_id,
        [
            ("  agreement_colour: blue", "unknown question id 'agreement_colour'"),
            ("  document_date: 2026-13-15", "document_date: '2026-13-15' is not a real date"),
        ],
    ),
    (
        "two-bad-entries",
        _two_bad_entries,
        [
            ("      basis: public_tsak", "party_bases: lawful basis 1, basis: 'public_tsak'"),
            ("      basis: public_tsak", "party_bases: lawful basis 2, basis: 'public_tsak'"),
        ],
    ),
]

# command -> (arguments after the set folder's placeholder, exit code for good answers)
COMMANDS: dict[str, tuple[list[str], int]] = {
    "render": (["render", "{answers}", "--format", "md"], 0),
    "check": (["check", "{set}"], 0),
    "status": (["status", "{set}", "--today", "2026-08-01"], 0),
    "update --dry-run": (["update", "{set}", "--dry-run"], 0),
    "export json": (["export", "json", "{set}"], 0),
    "diff": (["diff", "{set}"], 0),
    "new --answers": (["new", "--answers", "{answers}", "--out", "{new}"], 3),  # no terminal
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A set rendered from the good example, copied afresh for each test."""
    folder = tmp_path_factory.mktemp("good") / "set"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "answers.yaml")
    result = runner.invoke(app, ["render", str(folder / "answers.yaml"), "--format", "md"])
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(("case", "change", "problems"), CASES, ids=[c[0] for c in CASES])
def test_every_command_gives_the_same_verdict_and_messages(
    rendered: Path,
    tmp_path: Path,
    command: str,
    case: str,
    change: Callable[[str], str],
    problems: list[tuple[str, str]],
) -> None:
    folder = tmp_path / "set"
    shutil.copytree(rendered, folder)
    answers = folder / "answers.yaml"
    text = change(EXAMPLE.read_text(encoding="utf-8"))
    answers.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    args, good_code = COMMANDS[command]
    values = {"answers": str(answers), "set": str(folder), "new": str(tmp_path / "new")}
    result = runner.invoke(app, [a.format(**values) for a in args])
    output = result.output
    if not problems:
        assert result.exit_code == good_code, output
        assert "do not fit" not in output
        return
    assert result.exit_code == 1, output
    assert f"{len(problems)} answer(s) do not fit the 'data-sharing-agreement' questions" in output
    found: dict[str, int] = {}  # a repeated line text: its first, then its next occurrence
    for line_text, message in problems:
        found[line_text] = lines.index(line_text, found.get(line_text, 0)) + 1
        assert f"{answers}:{found[line_text]}: {message}" in output, output


VISITOR_ANSWERS = """\
kind: visitor
tree_version: 1
answers:
  building: County Hall
  controller_name: Northshire County Council
"""


@pytest.fixture
def renamed_kind(tmp_path: Path) -> tuple[Path, Path]:
    """A custom kind whose tree renamed `building` to `site_name`, and old answers."""
    custom = visitor_kind(
        tmp_path / "custom",
        template="# Visitor notice: {{ site_name }}\n",
        version=2,
        top="renamed:\n  building: site_name\n",
        questions="""\
- id: controller_name
  type: text
  prompt: Who are you?
  help: The organisation's name.
""",
    )
    answers = tmp_path / "visitor.yaml"
    answers.write_text(VISITOR_ANSWERS, encoding="utf-8")
    return custom, answers


def test_a_custom_tree_rename_works_in_render(
    renamed_kind: tuple[Path, Path], tmp_path: Path
) -> None:
    custom, answers = renamed_kind
    out = tmp_path / "out"
    args = ["render", str(answers), "-f", "md", "-o", str(out), "--templates", str(custom)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (out / "visitor-notice.md").read_text(
        encoding="utf-8"
    ) == "# Visitor notice: County Hall\n"
    assert "site_name: County Hall" in (out / "answers.yaml").read_text(encoding="utf-8")


def test_a_custom_tree_rename_works_in_new_answers(
    renamed_kind: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    custom, answers = renamed_kind
    monkeypatch.setenv("SHAREWIZ_FORCE_TTY", "1")
    monkeypatch.setattr("sharewiz.cli.asking.review.review", lambda wizard: True)
    out = tmp_path / "new"
    args = [
        "new",
        "--answers",
        str(answers),
        "-f",
        "md",
        "-o",
        str(out),
        "--templates",
        str(custom),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (out / "visitor-notice.md").read_text(
        encoding="utf-8"
    ) == "# Visitor notice: County Hall\n"
    saved = (out / "answers.yaml").read_text(encoding="utf-8")
    assert "site_name: County Hall" in saved and "building" not in saved


@pytest.mark.parametrize("through", ["--templates", "profile"])
def test_every_command_honours_custom_folders(
    renamed_kind: tuple[Path, Path], tmp_path: Path, through: str
) -> None:
    """check accepts a custom kind exactly when render and status do (it used to refuse)."""
    custom, answers = renamed_kind
    extra = ["--templates", str(custom)]
    if through == "profile":
        assert runner.invoke(app, ["profile", "set", "template_dirs", str(custom)]).exit_code == 0
        extra = []
    out = tmp_path / "out"
    commands = [
        ["render", str(answers), "-f", "md", "-o", str(out), *extra],
        ["check", str(answers), *extra],
        ["check", str(out), *extra],
        ["status", str(out), *extra],
        ["diff", str(out), *extra],
        ["update", str(out), "--dry-run", *extra],
        ["export", "json", str(out), *extra],
        ["list", *extra],
    ]
    for args in commands:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
    assert "visitor" in runner.invoke(app, ["list", *extra]).output
