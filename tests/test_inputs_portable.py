"""What a set records of its inputs is the same in every clone and installation.

Two colleagues re-rendering the same set from clones in different folders must record
the same state: a hash that took in where the question tree or the reference DOCX sits
would change state.json (and make a batch render again) on every machine in turn.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sharewiz.model.paths import data_dir
from sharewiz.sets.build import load_kind
from sharewiz.sets.inputs import checks_key, reference_stamp, tree_digest


def _questions_copy(folder: Path) -> Path:
    shutil.copytree(data_dir("questions"), folder)
    return folder


def test_the_same_tree_in_two_folders_is_the_same_input(tmp_path: Path) -> None:
    first = load_kind("privacy-notice", tree_dirs=[_questions_copy(tmp_path / "a")])
    second = load_kind("privacy-notice", tree_dirs=[_questions_copy(tmp_path / "clone" / "b")])
    assert first.path != second.path
    assert tree_digest(first) == tree_digest(second)
    assert checks_key(first) == checks_key(second)
    assert tree_digest(first) == tree_digest(load_kind("privacy-notice"))  # the built-in one


def test_a_changed_tree_is_another_input(tmp_path: Path) -> None:
    folder = _questions_copy(tmp_path / "a")
    tree_file = folder / "privacy-notice.yaml"
    text = tree_file.read_text(encoding="utf-8")
    tree_file.write_text(text.replace("title: Privacy notice\n", "title: Our notice\n", 1))
    assert tree_digest(load_kind("privacy-notice", tree_dirs=[folder])) != tree_digest(
        load_kind("privacy-notice")
    )


def test_a_reference_docx_is_its_content_wherever_and_whenever_it_was_copied(
    tmp_path: Path,
) -> None:
    first, second, other = tmp_path / "a.docx", tmp_path / "x" / "b.docx", tmp_path / "c.docx"
    second.parent.mkdir()
    first.write_bytes(b"PK reference styles")
    second.write_bytes(b"PK reference styles")
    other.write_bytes(b"PK other styles")
    os.utime(second, ns=(1_000_000_000, 1_000_000_000))
    assert reference_stamp(first) == reference_stamp(second) != reference_stamp(other)
    assert reference_stamp(None) == ""
    first.write_bytes(b"PK changed styles!")  # another size: read again
    assert reference_stamp(first) != reference_stamp(second)
