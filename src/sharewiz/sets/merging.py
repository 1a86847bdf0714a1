"""Three-way merge of Markdown and unified diffs, for `update` and `diff`.

The merge itself is merge3 (from the Breezy project), a long-used line-based 3-way merge:
base is what sharewiz last wrote, `theirs` the file on disk (a person's edits), `ours`
the new render. A change on only one side is taken; the same change on both sides is
taken once; different changes to the same lines are a conflict, written with markers.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

START, MIDDLE, END = "<<<<<<< your edits", "=======", ">>>>>>> new answers"


@dataclass(frozen=True)
class MergeResult:
    """The merged text and the 1-based line of each conflict's start marker."""

    text: str
    conflicts: tuple[int, ...]


def merge(base: str, ours: str, theirs: str) -> MergeResult:
    """Merge the new render (`ours`) into the edited file (`theirs`) from their `base`."""
    from merge3 import Merge3

    merger = Merge3(
        base.splitlines(keepends=True),
        theirs.splitlines(keepends=True),
        ours.splitlines(keepends=True),
    )
    lines = list(merger.merge_lines(name_a="your edits", name_b="new answers", reprocess=True))
    conflicts = tuple(
        number for number, line in enumerate(lines, 1) if line.rstrip("\r\n") == START
    )
    return MergeResult("".join(lines), conflicts)


def has_markers(text: str) -> bool:
    """Whether a file still holds conflict markers from an earlier update."""
    return any(line.rstrip("\r\n") in (START, END) for line in text.splitlines())


def unified(
    before: str, after: str, name: str, *, before_label: str = "", after_label: str = ""
) -> str:
    """A unified diff of two texts, empty if they are equal."""
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{name}" + (f" ({before_label})" if before_label else ""),
            tofile=f"b/{name}" + (f" ({after_label})" if after_label else ""),
        )
    )
