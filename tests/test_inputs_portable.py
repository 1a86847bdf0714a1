"""What a set records of its inputs is the same in every clone and installation.

Two colleagues re-rendering the same set from clones in different folders must record
the same state: a hash that took in where the question tree or the reference DOCX sits
would change state.json (and make a batch render again) on every machine in turn.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

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


def _inputs_hash(rendered: dict[str, object], saved: dict[str, object]) -> str:
    from types import SimpleNamespace

    from sharewiz.sets.inputs import render_inputs

    plan: Any = SimpleNamespace(  # all render_inputs reads of a render's plan
        answers=rendered,
        saved_answers=saved,
        context={"history": []},
        state=SimpleNamespace(templates_hash="t"),
    )
    tree = load_kind("privacy-notice")
    return render_inputs(
        tree, plan, formats=["md"], audience="internal", reference_docx=None, answers_source=None
    )


def test_the_inputs_hash_sees_every_saved_answer_whether_or_not_it_is_the_one_rendered() -> None:
    """The saved answers that are the very values rendered are named, not written again:
    the hash still changes with each of them, and with which of them are saved."""
    items = ["a", "b"]
    same = _inputs_hash({"x": items, "y": "1"}, {"x": items, "y": "1"})
    assert same == _inputs_hash({"x": items, "y": "1"}, {"x": items, "y": "1"})
    changed_both = ["a", "c"]
    others = {
        "a saved value of its own": _inputs_hash({"x": items, "y": "1"}, {"x": ["a"], "y": "1"}),
        "another": _inputs_hash({"x": items, "y": "1"}, {"x": ["b"], "y": "1"}),
        "the value rendered and saved": _inputs_hash(
            {"x": changed_both, "y": "1"}, {"x": changed_both, "y": "1"}
        ),
        "an answer not saved": _inputs_hash({"x": items, "y": "1"}, {"y": "1"}),
        "an answer saved, not rendered": _inputs_hash({"y": "1"}, {"x": items, "y": "1"}),
    }
    for what, digest in others.items():
        assert digest != same, what
    assert len(set(others.values())) == len(others)


@pytest.mark.timeout(20)
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_reference_that_is_no_regular_file_is_never_read(tmp_path: Path) -> None:
    """A device or a pipe could give bytes for ever: its stamp is made without reading it
    (the render then refuses it with a clear error)."""
    pipe = tmp_path / "reference.docx"
    os.mkfifo(pipe)  # reading it would wait for a writer for ever
    for path in (Path("/dev/zero"), Path("/dev/urandom"), pipe):
        assert reference_stamp(path).startswith(path.name + ":")
