"""`inside`: a folder sharewiz reads or writes must not lead out of its root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sharewiz.errors import UserError
from sharewiz.model.paths import inside


def test_plain_folders_below_the_root_are_themselves(tmp_path: Path) -> None:
    root = tmp_path / "set"
    (root / ".sharewiz" / "deeper").mkdir(parents=True)
    for path in (root, root / ".sharewiz", root / ".sharewiz" / "deeper", root / "not-yet"):
        assert inside(path, root, what="x") == path


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_a_symlink_at_any_depth_that_leads_out_is_refused(tmp_path: Path, depth: int) -> None:
    outside, root = tmp_path / "outside", tmp_path / "set"
    (outside / "b" / "c").mkdir(parents=True)
    root.mkdir()
    names = ["a", "b", "c"][:depth]
    parent = root.joinpath(*names[:-1])
    parent.mkdir(parents=True, exist_ok=True)
    (parent / names[-1]).symlink_to(outside.joinpath(*names[1:]) if depth > 1 else outside)
    with pytest.raises(UserError, match="leads outside"):
        inside(root.joinpath(*["a", "b", "c"]), root, what="the record folder")


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_a_symlink_that_stays_inside_and_a_root_that_is_a_symlink_are_allowed(
    tmp_path: Path,
) -> None:
    real = tmp_path / "real"
    (real / "kept").mkdir(parents=True)
    (real / "alias").symlink_to(real / "kept")
    assert inside(real / "alias", real, what="x") == real / "alias"
    (tmp_path / "link-to-real").symlink_to(real)
    root = tmp_path / "link-to-real"
    assert inside(root / "kept", root, what="x") == root / "kept"


def test_dot_dot_out_of_the_root_is_refused(tmp_path: Path) -> None:
    (tmp_path / "set").mkdir()
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(UserError, match="leads outside"):
        inside(tmp_path / "set" / ".." / "elsewhere", tmp_path / "set", what="x")
