"""Helpers shared by the tests: small trees written inline, golden comparison, hostile folders."""

from __future__ import annotations

import difflib
import errno
import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import pexpect


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


# -- a custom kind, for the tests of custom folders -----------------------------------------

VISITOR_TREE = """\
id: visitor
version: {version}
title: Visitor notice
description: A notice for visitors signing in at reception.
{top}documents:
  - id: visitor-notice
    template: visitor/notice.md.j2
    title: "Visitor notice: {{{{ site_name }}}}"
sections:
  - id: site
    title: The site
    questions:
      - id: site_name
        type: text
        prompt: Which building is this for?
        help: The building's name.
{question}{questions}{sections}"""


def visitor_tree(
    *, version: int = 1, top: str = "", question: str = "", questions: str = "", sections: str = ""
) -> str:
    """The YAML of `visitor`, a custom kind of one section that asks `site_name`.

    Each argument is YAML written from column 0 and indented here to fit:

    Args:
        version: the tree's version.
        top: top-level keys, placed before `documents:` (e.g. `renamed:`).
        question: keys added to the `site_name` question (e.g. `pattern: ...`).
        questions: more questions of its section, each starting `- id: ...`.
        sections: more sections (or includes), each starting `- ...`.
    """
    return VISITOR_TREE.format(
        version=version,
        top=top,
        question=textwrap.indent(question, " " * 8),
        questions=textwrap.indent(questions, " " * 6),
        sections=textwrap.indent(sections, " " * 2),
    )


def visitor_kind(root: Path, *, template: str = "{{ site_name }}\n", **tree: Any) -> Path:
    """A custom folder holding the `visitor` kind: its tree (see `visitor_tree`) and template."""
    return build_file_tree(
        root,
        {
            "questions/visitor.yaml": visitor_tree(**tree),
            "templates/visitor/notice.md.j2": template,
        },
    )


# -- a folder that refuses writes ------------------------------------------------------------


def deny_writes(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make creating, replacing or removing anything inside `folder` fail with EACCES.

    A read-only folder as the system reports one. `chmod` cannot make it: the tests may
    run as root, whom permissions do not stop. Every sharewiz write goes through
    `os.open`/`os.mkdir` (model/atomic.py), so refusing those inside the folder is what a
    read-only mount does; a missing parent still fails with ENOENT first, as it would.
    """
    root = folder.absolute()
    real_open, real_mkdir, real_unlink = os.open, os.mkdir, os.unlink

    def refused(path: Any) -> bool:
        name = Path(os.fsdecode(path)).absolute()
        return name.is_relative_to(root) and name.parent.is_dir()

    def denied(path: Any) -> PermissionError:
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))

    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and refused(path):
            raise denied(path)
        return real_open(path, flags, *args, **kwargs)

    def fake_mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if refused(path) and not Path(os.fsdecode(path)).is_dir():
            raise denied(path)
        real_mkdir(path, *args, **kwargs)

    def fake_unlink(path: Any, *args: Any, **kwargs: Any) -> None:
        if refused(path):
            raise denied(path)
        real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)
    monkeypatch.setattr(os, "unlink", fake_unlink)


def tree_error(tmp_path: Path, question: str) -> str:
    """The TreeError a one-question tree gives at load (`question` a flow mapping, on line
    9 of `demo.yaml`), as text; the test fails if the tree loads."""
    from sharewiz.errors import TreeError
    from sharewiz.law.choices import tree_knowledge
    from sharewiz.model.tree_loader import load_tree

    (tmp_path / "demo.yaml").write_text(
        "id: demo\nversion: 1\ntitle: Demo\ndocuments: [{id: demo, template: demo/demo.md.j2,"
        " title: Demo}]\nsections:\n  - id: main\n    title: Main\n    questions:\n"
        f"      - {question}\n",
        encoding="utf-8",
    )
    with pytest.raises(TreeError) as caught:
        load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    return str(caught.value)


def stopped(tui: pexpect.spawn) -> None:
    """Ctrl-C in the wizard (a pty): it stops with 130 and says how to carry on."""
    import pexpect

    tui.send("\x03")
    tui.expect("continue with: sharewiz new --resume")
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 130


def saved(out: Path) -> dict[str, object]:
    """The answers a wizard run saved in the set `out` ({} before the first one)."""
    from sharewiz.model.yamlio import load_yaml

    path = out / "answers.yaml"
    return dict(load_yaml(path, plain=True)["answers"]) if path.exists() else {}


def typing_lines(monkeypatch: Any, tree: Any, given: dict[str, Any]) -> list[str]:
    """Answer each prompt that takes a field a line per entry (`across: {lines}`) with
    `given[field id]` on every line; the ids of the fields so asked, a prompt each."""
    fields = {q.across.lines: q for g in tree.questions() if g.type == "group"
              for q in g.questions if q.across is not None and q.across.lines}  # fmt: skip
    asked: list[str] = []

    def lines(message: str, check: Any, **_: Any) -> str:
        field = fields[message]
        asked.append(field.id)
        for count in range(2, 100):  # as many lines as the prompt lists entries
            text = "\n".join([str(given[field.id])] * count)
            if check(text) is True:
                return text
        raise AssertionError(f"no number of lines fits {message!r}")

    monkeypatch.setattr("sharewiz.cli.asking.lines_across.ask_lines", lines)
    return asked
