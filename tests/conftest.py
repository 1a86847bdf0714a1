"""Shared fixtures: every test runs with its own cache and config folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


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
