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
    """Merge the new render (`ours`) into the edited file (`theirs`) from their `base`.

    Where both sides only *added* lines at the same place (nothing of the base changed
    there), both additions are kept, the render's first: a line a person adds after the
    version history table and the row the next version adds to it are not a conflict.
    """
    from merge3 import Merge3

    base_lines = base.splitlines(keepends=True)
    mine = theirs.splitlines(keepends=True)
    new = ours.splitlines(keepends=True)
    merger = Merge3(base_lines, mine, new)
    lines: list[str] = []
    conflicts: list[int] = []
    for region in merger.merge_regions():
        if region[0] == "conflict" and region[1] == region[2]:
            # both sides only added lines here: keep both, the render's first
            _, _, _, astart, aend, bstart, bend = region
            lines.extend(_ended(new[bstart:bend]))
            lines.extend(mine[astart:aend])
            continue
        # a real conflict is narrowed to the lines that differ (lines both sides agree on
        # are taken once), as merge3's `reprocess` does
        for part in merger.reprocess_merge_regions(iter([region])):
            kind = part[0]
            if kind == "unchanged":
                lines.extend(base_lines[part[1] : part[2]])
            elif kind in ("a", "same"):
                lines.extend(mine[part[1] : part[2]])
            elif kind == "b":
                lines.extend(new[part[1] : part[2]])
            else:
                astart, aend, bstart, bend = (int(i) for i in part[3:7])
                conflicts.append(len(lines) + 1)
                lines.append(START + "\n")
                lines.extend(_ended(mine[astart:aend]))
                lines.append(MIDDLE + "\n")
                lines.extend(_ended(new[bstart:bend]))
                lines.append(END + "\n")
    return MergeResult("".join(lines), tuple(conflicts))


def _ended(lines: list[str]) -> list[str]:
    """Lines whose last one ends with a newline, so a marker or more text can follow."""
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return lines


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
