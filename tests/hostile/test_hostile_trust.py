"""Trust boundary: a project sharewiz.toml cannot make sharewiz run its templates or trees."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile_helpers import DPIA_EXAMPLE, assert_clean_error, run
from sharewiz.render import engine

# A template that would write a file if the sandbox let it reach a path.
WRITER = (
    "{% if tree.path is defined %}{{ tree.path.parent.joinpath('pwned').write_text('x') }}"
    "{% endif %}Custom screening\n"
)


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shared folder whose sharewiz.toml points template_dirs at its own templates."""
    folder = tmp_path / "shared"
    template = folder / "evil" / "dpia-screening" / "screening.md.j2"
    template.parent.mkdir(parents=True)
    template.write_text(WRITER, encoding="utf-8")
    (folder / "sharewiz.toml").write_text('template_dirs = ["evil"]\n', encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


def render(*options: str) -> object:
    return run(*options, "render", DPIA_EXAMPLE, "--format", "md", "--out", "out")


def test_a_project_file_cannot_make_its_templates_run(shared: Path) -> None:
    result = render()
    assert_clean_error(result, "sharewiz.toml", str(shared / "evil"), "--trust", "trusted_folders")
    assert not (shared / "out").exists()


def test_with_trust_the_templates_run_but_still_cannot_write(shared: Path) -> None:
    result = render("--trust")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    text = (shared / "out" / "dpia-screening.md").read_text(encoding="utf-8")
    assert "Custom screening" in text
    assert not list(shared.parent.rglob("pwned"))


def test_trusted_folders_in_the_users_own_profile_trust_a_folder(shared: Path) -> None:
    assert run("profile", "set", "trusted_folders", str(shared)).exit_code == 0
    result = render()
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "Custom screening" in (shared / "out" / "dpia-screening.md").read_text(encoding="utf-8")


def test_a_project_file_cannot_trust_folders_itself(shared: Path) -> None:
    (shared / "sharewiz.toml").write_text(
        'template_dirs = ["evil"]\ntrusted_folders = ["evil"]\n', encoding="utf-8"
    )
    assert_clean_error(render(), "sharewiz.toml:2", "trusted_folders", "own profile")
    result = run("profile", "set", "--project", "trusted_folders", str(shared))
    assert_clean_error(result, "trusted_folders", "own profile")


@pytest.mark.parametrize(
    "command",
    [["status"], ["diff", "out"], ["due"], ["export", "ropa"], ["export", "json"]],
    ids=lambda c: "-".join(c),
)
def test_read_only_commands_render_nothing_from_an_untrusted_folder(
    command: list[str], shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert render("--trust").exit_code == 0  # type: ignore[attr-defined]
    if command == ["status"]:
        (shared / "out" / ".sharewiz" / "state.json").unlink()  # so status renders to compare
    searched: list[tuple[Path, ...]] = []
    real = engine.template_environment

    def spy(extra_dirs: tuple[Path, ...] = ()) -> object:
        searched.append(extra_dirs)
        return real(extra_dirs)

    monkeypatch.setattr(engine, "template_environment", spy)
    result = run(*command)
    output = result.output  # type: ignore[attr-defined]
    assert "Traceback" not in output and "would run here" not in output, output
    assert "not using" in output, output  # says which folder it left out
    if command[0] in ("status", "diff"):
        assert searched, "expected a render with the built-in templates"
    assert all(shared / "evil" not in dirs for dirs in searched), searched
    assert not list(shared.parent.rglob("pwned"))
