"""Helpers shared by the tests: small trees written inline, golden comparison."""

from __future__ import annotations

import difflib
import textwrap
from pathlib import Path


def build_file_tree(root: Path, files: dict[str, str]) -> Path:
    """Write {relative path: text} under root (text is dedented); return root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def assert_golden(actual: str, golden: Path, *, update: bool) -> None:
    """Compare text with a golden file byte for byte; show a unified diff on failure."""
    if update or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
        if not update:
            raise AssertionError(f"{golden} did not exist; written. Review it and commit it.")
        return
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=str(golden),
                tofile="rendered",
            )
        )
        raise AssertionError(f"output differs from {golden} (run with --update-golden):\n{diff}")
