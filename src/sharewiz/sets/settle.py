"""Open conflicts in a set, and settling them.

A regeneration leaves two kinds of work for a person (`sharewiz.sets.engine`):

- a Markdown file with conflict markers (`<<<<<<< your edits` ... `>>>>>>> new answers`);
- a file kept as the person left it, with sharewiz's new one beside it
  (`agreement.new.docx`): typically a Word file edited in Word.

:func:`open_conflicts` finds both (for `status` and `check`); :func:`settle` closes one:
`accept` keeps the person's file and drops sharewiz's copy, `take_new` replaces the
person's file with sharewiz's. Either way the state already records what sharewiz
rendered, so a later update with nothing new leaves the file alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sharewiz.errors import UserError
from sharewiz.law.findings import Finding
from sharewiz.sets.state import SetState, read_state

MARKERS, BESIDE = "conflict markers", "new version beside it"


@dataclass(frozen=True)
class OpenConflict:
    """One file a person must settle."""

    file: str  # the set's file, relative to its folder (`agreement.docx`)
    kind: str  # MARKERS or BESIDE
    beside: str = ""  # the new version's name, for BESIDE

    def as_dict(self) -> dict[str, str]:
        """The conflict's entry in `status --json`."""
        return {"file": self.file, "kind": self.kind, "beside": self.beside}

    def __str__(self) -> str:
        if self.kind == MARKERS:
            return f"{self.file}: still has conflict markers: resolve them, then update again"
        return (
            f"{self.file}: edited, with sharewiz's new version beside it ({self.beside}): "
            f"settle with `sharewiz update DIR --accept {self.file}` (keep yours) "
            f"or `--take-new {self.file}`"
        )


def beside_name(name: str) -> str:
    """`agreement.docx` -> `agreement.new.docx`: where a new version waits beside a file."""
    stem, _, ext = name.rpartition(".")
    return f"{stem}.new.{ext}"


def open_conflicts(out_dir: Path, state: SetState | None) -> list[OpenConflict]:
    """Every file of the set still holding conflict markers or waiting beside a new one."""
    from sharewiz.sets.merging import has_markers

    if state is None:
        return []
    found = []
    for name in sorted(state.hand_checked_files()):
        path = out_dir / name
        if (out_dir / beside_name(name)).is_file():
            found.append(OpenConflict(name, BESIDE, beside_name(name)))
        elif name.endswith(".md") and path.is_file():
            if has_markers(path.read_text(encoding="utf-8", errors="replace")):
                found.append(OpenConflict(name, MARKERS))
    return found


def conflict_findings(out_dir: Path, state: SetState | None) -> list[Finding]:
    """The open conflicts as error findings, for `check DIR` (a file with conflict
    markers is not a document anyone should sign)."""
    from sharewiz.sets.merging import START

    findings = []
    for conflict in open_conflicts(out_dir, state):
        line = None
        if conflict.kind == MARKERS:
            lines = (out_dir / conflict.file).read_text(encoding="utf-8").splitlines()
            line = next((n for n, text in enumerate(lines, 1) if text == START), None)
        findings.append(
            Finding(
                rule_id="SET-CONFLICT",
                severity="error",
                message=str(conflict).split(": ", 1)[1],
                fix="resolve it, then run `sharewiz update` on the folder",
                file=str(out_dir / conflict.file),
                line=line,
            )
        )
    return findings


def settle(out_dir: Path, name: str, *, take_new: bool) -> str:
    """Settle one open conflict; return what was done, for the user.

    Args:
        out_dir: The set's folder.
        name: The set's file (`agreement.docx`; `agreement.new.docx` is taken too).
        take_new: Replace the person's file with sharewiz's new version; otherwise keep
            the person's file and drop the new version.

    Raises:
        UserError: nothing is open for that file, or markers are still in it.
    """
    from sharewiz.sets.merging import has_markers
    from sharewiz.sets.sync import read_bytes, write_if_changed

    given, name = name, Path(name).name.replace(".new.", ".")
    if not name or name in (".", ".."):  # `--accept .`: the folder itself, not one of its files
        raise UserError(
            f"{out_dir}: {given!r} is not a file of the set; give the file to settle",
            hint=_open_files_hint(out_dir),
        )
    path, aside = out_dir / name, out_dir / beside_name(name)
    if aside.is_file():
        if take_new:
            kept = _keep_yours(path)
            aside.replace(path)
            return f"{path}: replaced by sharewiz's new version; yours is kept as {kept.name}"
        aside.unlink()
        return f"{path}: kept as you left it; {aside.name} removed"
    text = read_bytes(path)
    if text is None or not has_markers(text.decode("utf-8", errors="replace")):
        raise UserError(
            f"{path}: nothing to settle (no conflict markers, no {aside.name})",
            hint=_open_files_hint(out_dir),
        )
    if not take_new:
        raise UserError(
            f"{path}: still has conflict markers",
            hint="edit the file to keep what you want and remove the markers, "
            "or take sharewiz's version with --take-new",
        )
    state = read_state(out_dir)
    rendered = state.bases.get(name) if state is not None else None
    if rendered is None:
        raise UserError(f"{path}: sharewiz's last render is not recorded here")
    kept = _keep_yours(path)
    write_if_changed(path, rendered.encode("utf-8"))
    return f"{path}: replaced by sharewiz's last render; yours is kept as {kept.name}"


def _open_files_hint(out_dir: Path) -> str:
    """What is open to settle in the set, named, or that nothing is."""
    names = sorted({conflict.file for conflict in open_conflicts(out_dir, read_state(out_dir))})
    if not names:
        return f"nothing in {out_dir} is waiting to be settled (`sharewiz status {out_dir}`)"
    return f"open to settle in {out_dir}: {', '.join(names)}"


def _keep_yours(path: Path) -> Path:
    """Copy the person's file to `name.yours.ext` before sharewiz replaces it."""
    from sharewiz.sets.sync import write_if_changed

    stem, _, ext = path.name.rpartition(".")
    kept = path.with_name(f"{stem}.yours.{ext}")
    write_if_changed(kept, path.read_bytes())
    return kept
