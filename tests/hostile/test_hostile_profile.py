"""Class: a profile home that cannot hold a profile, and a profile naming a broken DOCX."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import deny_writes
from hostile_helpers import DPIA_EXAMPLE, assert_clean_error, corrupt_member, run
from sharewiz.model.profile import load_profile
from sharewiz.render.docx.writer import default_reference_path

RENDER = ("render", DPIA_EXAMPLE, "--format", "md", "--force", "--out")


@pytest.fixture
def home_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "sharewiz-home"
    home.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("SHAREWIZ_HOME", str(home))
    return home


@pytest.mark.parametrize(
    "args",
    [
        ("profile", "set", "name", "Northshire County Council"),
        ("profile", "show"),
        ("profile", "unset", "name"),
        ("profile", "edit"),
        ("list",),
        ("status", "TMP"),
        (*RENDER, "TMP"),
    ],
    ids=["set", "show", "unset", "edit", "list", "status", "render"],
)
def test_a_home_that_is_a_file_is_one_clear_error_everywhere(
    args: tuple[object, ...], home_is_a_file: Path, tmp_path: Path
) -> None:
    result = run(*(tmp_path if arg == "TMP" else arg for arg in args))
    assert_clean_error(result, f"SHAREWIZ_HOME is {home_is_a_file}, which is a file, not a folder")
    assert result.output.count("error:") == 1, result.output
    assert "hint: point SHAREWIZ_HOME at a folder" in " ".join(result.output.split())
    assert home_is_a_file.read_text(encoding="utf-8") == "not a folder\n"


def test_a_read_only_home_refuses_set_but_still_serves_its_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("SHAREWIZ_HOME", str(home))
    assert run("profile", "set", "name", "Northshire County Council").exit_code == 0
    before = (home / "profile.toml").read_bytes()
    deny_writes(home, monkeypatch)
    result = run("profile", "set", "dpo_email", "dpo@northshire.gov.uk")
    assert_clean_error(
        result,
        f"cannot write {home / 'profile.toml'}: Permission denied",
        f"hint: SHAREWIZ_HOME is {home}: make it a folder you can write to",
    )
    assert (home / "profile.toml").read_bytes() == before
    assert "Northshire County Council" in run("profile", "show").output
    assert run(*RENDER, tmp_path / "out").exit_code == 0  # reading the profile still works


def test_a_home_that_cannot_be_made_names_its_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.setenv("SHAREWIZ_HOME", str(locked / "sharewiz"))
    deny_writes(locked, monkeypatch)
    result = run("profile", "set", "name", "Northshire County Council")
    assert_clean_error(
        result, f"cannot write {locked / 'sharewiz' / 'profile.toml'}", "SHAREWIZ_HOME"
    )
    assert not (locked / "sharewiz").exists()


def not_a_zip(path: Path) -> Path:
    path.write_bytes(b"PK but not really a zip")
    return path


def gone(path: Path) -> Path:
    path.unlink()
    return path


def a_folder(path: Path) -> Path:
    path.unlink()
    path.mkdir()
    return path


BREAKAGES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "damaged": (corrupt_member, "is damaged"),
    "not-a-zip": (not_a_zip, "is not a .docx file"),
    "deleted": (gone, "does not exist"),
    "a-folder": (a_folder, "is not a regular file"),
}


@pytest.mark.parametrize(("breaks", "reason"), BREAKAGES.values(), ids=BREAKAGES.keys())
def test_a_profile_docx_that_breaks_later_can_still_be_shown_and_removed(
    breaks: Callable[[Path], Path], reason: str, tmp_path: Path
) -> None:
    reference = tmp_path / "brand.docx"
    shutil.copyfile(default_reference_path(), reference)
    assert run("profile", "set", "reference_docx", reference).exit_code == 0
    breaks(reference)

    shown = run("profile", "show")
    assert shown.exit_code == 0, shown.output
    warning = " ".join(shown.stderr.split())
    assert (
        f"warning: reference_docx cannot be used for Word output: reference DOCX {reference}"
        in warning
    )
    assert reason in warning and "sharewiz profile unset reference_docx" in warning

    assert run("list").exit_code == 0  # commands that write no Word file are not stopped
    assert run(*RENDER, tmp_path / "md").exit_code == 0
    word = run("render", DPIA_EXAMPLE, "--format", "docx", "--out", tmp_path / "word")
    assert_clean_error(word, f"reference DOCX {reference}", reason, "profile unset reference_docx")
    assert not (tmp_path / "word").exists() or not list((tmp_path / "word").glob("*.docx"))

    removed = run("profile", "unset", "reference_docx")
    assert removed.exit_code == 0 and "reference_docx removed from" in removed.output
    assert "reference_docx" not in load_profile().values
    assert (
        run("render", DPIA_EXAMPLE, "--format", "docx", "--out", tmp_path / "word").exit_code == 0
    )


@pytest.mark.parametrize(("breaks", "reason"), BREAKAGES.values(), ids=BREAKAGES.keys())
def test_profile_set_refuses_a_docx_word_output_could_not_use(
    breaks: Callable[[Path], Path], reason: str, tmp_path: Path
) -> None:
    reference = tmp_path / "brand.docx"
    shutil.copyfile(default_reference_path(), reference)
    breaks(reference)
    result = run("profile", "set", "reference_docx", reference)
    assert_clean_error(result, "(reference_docx): reference_docx: reference DOCX", reason)
    assert "reference_docx" not in load_profile().values


def test_unset_of_a_key_never_set_says_so(tmp_path: Path) -> None:
    result = run("profile", "unset", "dpo_email")
    assert result.exit_code == 0 and "dpo_email was not set in" in result.output


def test_a_project_file_saved_with_a_byte_order_mark_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Notepad may save UTF-8 with a byte order mark; TOML does not allow one, and the file
    # was refused with "not valid TOML: Empty key at line 1 col 0"
    monkeypatch.chdir(tmp_path)
    project = tmp_path / "sharewiz.toml"
    project.write_bytes('\ufeff# our partnership\nname = "Northshire Partnership"\n'.encode())
    result = run("profile", "show")
    assert result.exit_code == 0 and "Northshire Partnership" in result.output, result.output
    result = run("profile", "set", "--project", "email", "team@northshire.example.gov.uk")
    assert result.exit_code == 0, result.output
    text = project.read_text(encoding="utf-8-sig")
    assert text.startswith("# our partnership\n") and "team@northshire" in text
