"""The built wheel carries questions/, templates/ and knowledge/ and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_wheel_works_from_another_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    wheel = next(dist.glob("sharewiz-*.whl"))
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    for folder in ("questions", "templates", "knowledge"):
        assert (site / "sharewiz" / "_data" / folder).is_dir()
    work = tmp_path / "elsewhere"
    work.mkdir()
    example = ROOT / "examples" / "privacy-notice-charity-food-bank.yaml"
    (work / "notice.yaml").write_text(example.read_text())
    env = dict(os.environ, PYTHONPATH=str(site))
    code = (
        "import sharewiz, sys; print(sharewiz.__file__); from sharewiz.cli.app import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "render", "notice.yaml", "--format", "md,docx"],
        cwd=work, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(site / "sharewiz" / "__init__.py"))
    assert (
        (work / "notice" / "privacy-notice.md")
        .read_text()
        .startswith("# Privacy notice: Food bank referrals")
    )
    assert (work / "notice" / "privacy-notice.docx").stat().st_size > 5000


def test_sdist_unpacked_passes_its_own_tests(tmp_path: Path) -> None:
    """The sdist carries what its tests need: data, examples, goldens, docs, licence."""
    import tarfile

    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(dist)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    archive = next(dist.glob("sharewiz-*.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    root = next((tmp_path / "unpacked").iterdir())
    assert (root / "LICENSE").read_text().startswith("MIT License")
    env = dict(os.environ, PYTHONPATH=str(root / "src"))
    code = "import sharewiz; print(sharewiz.__file__)"
    where = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert where.stdout.strip() == str(root / "src" / "sharewiz" / "__init__.py")
    result = subprocess.run(
        # Its own --basetemp: the inner run must not clean up the outer run's temp folders.
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "--basetemp", str(tmp_path / "inner"),
         "tests/test_examples.py", "tests/test_escaping.py", "tests/test_docs.py"],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
