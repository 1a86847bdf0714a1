"""Shared fixtures: every test runs with its own cache and config folders."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-golden` rewrites golden files instead of comparing with them."""
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files")
    parser.addoption("--spawn-timeout", type=float, default=20.0, help="pexpect timeout (s)")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SHAREWIZ_HOME", str(home / "config"))
    monkeypatch.setenv("SHAREWIZ_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("SHAREWIZ_FORCE_TTY", raising=False)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether the run was asked to rewrite golden files (or SHAREWIZ_UPDATE_GOLDEN=1)."""
    return (
        bool(request.config.getoption("--update-golden"))
        or os.environ.get("SHAREWIZ_UPDATE_GOLDEN") == "1"
    )


@pytest.fixture
def repo_root() -> Path:
    """The repository root (examples/, questions/, templates/)."""
    return Path(__file__).resolve().parent.parent


@pytest.fixture
def spawn(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., object]]:
    """Start `python -m sharewiz ARGS` in a pseudo-terminal, as a person would at a terminal.

    Its own home, config and cache folders under the test's `tmp_path`; the screen is the
    test module's `PTY_SIZE` (rows, columns), else 24 x 100, or `size=` for one run.
    Every child still running is closed at the end of the test.
    """
    import pexpect

    children: list[pexpect.spawn] = []
    timeout = float(request.config.getoption("--spawn-timeout"))
    default = getattr(request.module, "PTY_SIZE", (24, 100))

    def start(*args: str, size: tuple[int, int] | None = None) -> pexpect.spawn:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "xterm", "NO_COLOR": "1",
               "SHAREWIZ_HOME": str(tmp_path / "config"),
               "SHAREWIZ_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT / "src")}  # fmt: skip
        child = pexpect.spawn(sys.executable, ["-m", "sharewiz", *args], env=env, cwd=str(tmp_path),
                              dimensions=size or default, timeout=timeout, encoding="utf-8")  # fmt: skip
        children.append(child)
        return child

    yield start
    for child in children:
        child.close(force=True)
