"""Every command is documented, and the documentation's links point at real files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer.main

from sharewiz.cli.app import app
from sharewiz.errors import ExitCode


def _commands(group: Any, prefix: str) -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):  # a sub-app such as `profile`
            names.extend(_commands(command, f"{prefix} {name}"))
        else:
            names.append(f"{prefix} {name}")
    return names


def _docs(repo_root: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((repo_root / "docs").glob("*.md"))
    )


def test_every_command_appears_in_the_docs(repo_root: Path) -> None:
    group = typer.main.get_command(app)
    commands = _commands(group, "sharewiz")
    assert "sharewiz profile set" in commands and "sharewiz validate" in commands
    docs = _docs(repo_root)
    missing = [c for c in commands if c not in docs]
    assert not missing, f"not in docs/*.md: {missing}"


def test_every_exit_code_is_documented(repo_root: Path) -> None:
    text = (repo_root / "docs/exit-codes.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {int(code)} | `{code.name}` |" in text


def test_shell_completion_is_documented(repo_root: Path) -> None:
    assert "--install-completion" in _docs(repo_root)


def test_links_between_docs_resolve(repo_root: Path) -> None:
    for page in (repo_root / "docs").glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.md)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).is_file(), f"{page.name} links to missing {target}"


def test_every_help_has_a_description_examples_and_plain_option_metavars() -> None:
    import re

    from typer.testing import CliRunner

    group = typer.main.get_command(app)
    for command in _commands(group, ""):
        result = CliRunner().invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0, command
        usage, description = result.output.split("\n\n")[:2]
        assert len(description.strip()) > 20, command
        examples = result.output.split("Examples:\n\n")[1].split("\n\n")[0]
        assert examples.lstrip().startswith(f"sharewiz{command}"), command
        # a required argument is named bare, as in a manual: not "{ANSWERS}...", which
        # reads as a set of choices
        assert not re.search(r"[{}]", usage), f"{command}: {usage}"
        # no programmer types (`<list[Path]>`, `<str>`) beside an argument or an option
        assert not re.search(r"<[a-zA-Z][^>]*>", result.output), f"{command}: {result.output}"
        # a command list at 80 columns shows each command's whole summary, never cut
        listed = result.output.partition("Commands:")[2]
        assert "..." not in listed, f"{command}: {listed}"
