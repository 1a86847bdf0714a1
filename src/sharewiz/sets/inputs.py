"""What a set's render is made from, as one hash: a re-run with nothing new writes nothing.

A render is a pure function of its inputs: the answers it renders and those it saves,
the template context (history, protocol), the tree, the kind's templates, the knowledge
base, sharewiz itself, the formats, the audience, the reference DOCX and the text the
saved answers are edited into when it is another file. :func:`render_inputs` hashes them; the set's state keeps
the hash. When a batch runs again and the hash is the one recorded, and every file is
exactly as sharewiz wrote it (:func:`as_recorded`), rendering again would give the same
bytes: the update engine then plans nothing, without rendering (a no-op re-run of a
batch costs reading, not rendering).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import stat
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from sharewiz import __version__
from sharewiz.model.sameness import ABSENT, same
from sharewiz.model.tree import QuestionTree
from sharewiz.sets.jsontext import json_default
from sharewiz.sets.state import ANSWERS_NAME, SetState, file_sha256, sha256
from sharewiz.sets.versions import RenderPlan

_TREES: dict[int, tuple[QuestionTree, str]] = {}
# a question's `file='/path/to/questions/x.yaml'` in a tree's repr, the folders apart
_FOLDERS = re.compile(r"""file=(['"])(?:[^'"]*[/\\])?([^/\\'"]*)\1""")


def render_inputs(
    tree: QuestionTree,
    versions: RenderPlan,
    *,
    formats: Sequence[str],
    audience: str,
    reference_docx: Path | None,
    answers_source: str | None,
) -> str:
    """The hash of everything a render of this set is made from.

    Args:
        tree: The set's question tree.
        versions: The render's plan (answers, saved answers, context, templates hash).
        formats: The formats written.
        audience: "internal" or "public".
        reference_docx: The reference DOCX for styles, if not the built-in one.
        answers_source: The text of the answers file the saved answers are edited into,
            when it is not the set's own copy (None: the set's own, or a CSV row).
    """
    rendered, saved = versions.answers, versions.saved_answers
    as_rendered = {
        k
        for k, v in saved.items()
        if v is rendered.get(k, ABSENT) or same(v, rendered.get(k, ABSENT))
    }
    inputs: dict[str, Any] = {
        "sharewiz": __version__,
        "knowledge": knowledge_digest(),
        "tree": tree_digest(tree),
        "templates": versions.state.templates_hash,
        "answers": versions.answers,  # made JSON-ready as they are written (json_default)
        # the saved answers are mostly those rendered: those are named, not written again
        # (by value, not identity: the same inputs give the same hash on every run)
        "saved_as_rendered": sorted(as_rendered),
        "saved": {k: v for k, v in saved.items() if k not in as_rendered},
        "context": versions.context,
        "formats": list(formats),
        "audience": audience,
        "reference_docx": reference_stamp(reference_docx),
        "answers_source": None if answers_source is None else sha256(answers_source.encode()),
    }
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=json_default)
    return sha256(text.encode("utf-8"))


def checks_key(tree: QuestionTree) -> str:
    """The hash of what a set's checks are made from besides its answers: sharewiz, the
    knowledge base (rules included) and the question tree (`sets.summary` records it)."""
    text = "\0".join((__version__, knowledge_digest(), tree_digest(tree)))
    return sha256(text.encode("utf-8"))


def as_recorded(out_dir: Path, state: SetState) -> bool:
    """Whether every file the state records (answers.yaml too) holds exactly those bytes."""
    if ANSWERS_NAME not in state.files:
        return False
    return all(file_sha256(out_dir / name) == digest for name, digest in state.files.items())


def reference_stamp(reference_docx: Path | None) -> str:
    """The reference DOCX as an input: a hash of its bytes ("" for none).

    Its content, not where it is or when it was copied: the same reference in another
    clone gives the same state, so colleagues re-rendering a set do not change it.
    """
    from sharewiz.render.docx.reference import MAX_FILE_BYTES

    if reference_docx is None:
        return ""
    try:
        info = reference_docx.stat()
    except OSError:
        return str(reference_docx.name)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        # never read (a device or a pipe could give bytes for ever): the render refuses it
        return f"{reference_docx.name}:{info.st_mode}:{info.st_size}"
    return _content_hash(reference_docx.resolve(), info.st_size, info.st_mtime_ns)


@cache  # read once per file and version of it: a batch asks for every set
def _content_hash(path: Path, size: int, _mtime_ns: int) -> str:
    try:
        with path.open("rb") as handle:  # no more than it had: it may have grown since
            return sha256(handle.read(size + 1))
    except OSError:
        return path.name


def tree_digest(tree: QuestionTree) -> str:
    """A hash of the tree's questions, choices and labels; once per tree object."""
    known = _TREES.get(id(tree))
    if known is not None and known[0] is tree:
        return known[1]
    # a frozen dataclass: every field but kb, without the folders its files are in (the
    # same tree in another clone or installation is the same input: the state must agree)
    fields = [f.name for f in dataclasses.fields(tree) if f.repr and f.name != "path"]
    content = repr([getattr(tree, name) for name in fields])
    digest = sha256(_FOLDERS.sub(r"file=\1\2\1", content).encode("utf-8"))
    _TREES[id(tree)] = (tree, digest)  # keeps the tree alive, so its id is not reused
    return digest


@cache
def knowledge_digest() -> str:
    """A hash of the built-in knowledge base's files, once per process."""
    from sharewiz.model.paths import data_dir

    digest = hashlib.sha256()
    root = data_dir("knowledge")
    for path in sorted(root.rglob("*.yaml")):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
