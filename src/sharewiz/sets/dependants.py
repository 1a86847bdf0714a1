"""Updating the agreements under a protocol after the protocol changes.

`sharewiz update --dependants PROTOCOL_DIR` finds every agreement whose `protocol_dir`
is that folder (:func:`sharewiz.sets.links.find_dependants`) and renders each again, so it
inherits the protocol's new partners and standards and cites its new version. The
version history of each agreement records the change, and says whether the partners
must sign again.

Until the merge-preserving `sharewiz update` lands, each dependant is simply rendered
again (`build_set(..., force=True)`); a set with hand-edited files is refused unless
`force` is given, so nobody's edits are lost silently. `update_dependant` is the one
function the real update command should call (or replace) per dependant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sharewiz.errors import UserError
from sharewiz.render.formats import FORMATS
from sharewiz.sets.links import ANSWERS_NAME, find_dependants
from sharewiz.sets.records import edited_files, read_record, written_hashes


@dataclass
class DependantResult:
    """What updating one dependant did."""

    dir: Path
    version: str
    summary: list[str] = field(default_factory=list)
    resign: bool = False
    files: list[Path] = field(default_factory=list)
    error: str = ""  # why it was not updated (e.g. hand edits), empty if it was


def formats_of(set_dir: Path) -> tuple[str, ...]:
    """The formats a set was last written in (md and docx if unknown)."""
    record = read_record(set_dir)
    names = written_hashes(set_dir, record)
    found = tuple(f for f in FORMATS if any(n.endswith(f".{f}") for n in names))
    return found or ("md", "docx")


def update_dependant(
    set_dir: Path,
    *,
    force: bool = False,
    template_dirs: Sequence[Path] = (),
    tree_dirs: Sequence[Path] = (),
) -> DependantResult:
    """Render one dependant agreement again, after its protocol changed."""
    from sharewiz.sets.build import build_set, read_answers
    from sharewiz.sets.versions import read_history

    edited, _missing = edited_files(set_dir, written_hashes(set_dir, read_record(set_dir)))
    if edited and not force:
        raise UserError(
            f"{set_dir}: {', '.join(edited)} edited by hand since sharewiz wrote it; not updated",
            hint="move your edits into the answers or templates, or use --force to replace them",
        )
    answers_path = set_dir / ANSWERS_NAME
    tree, _file, answers = read_answers(answers_path, tree_dirs=tree_dirs)
    before = len(read_history(set_dir))
    result = build_set(
        tree, answers, set_dir, formats=formats_of(set_dir), force=True,
        template_dirs=template_dirs, source=str(answers_path),
    )  # fmt: skip
    record = read_record(set_dir)
    history = read_history(set_dir)
    added = history[-1] if len(history) > before else None
    return DependantResult(
        dir=set_dir,
        version=record.version if record else "",
        summary=list(added.summary) if added else [],
        resign=bool(added.resign) if added else False,
        files=result.files,
    )


def update_dependants(
    protocol_dir: Path,
    search_roots: Sequence[Path],
    *,
    force: bool = False,
    template_dirs: Sequence[Path] = (),
    tree_dirs: Sequence[Path] = (),
) -> list[DependantResult]:
    """Update every agreement under a protocol; one that cannot be updated says why in
    its result's `error`, and the others are still updated."""
    if not (protocol_dir / ANSWERS_NAME).is_file():
        raise UserError(
            f"{protocol_dir}: no protocol set here (no {ANSWERS_NAME})",
            hint="give the folder of the protocol's document set",
        )
    from sharewiz.errors import SharewizError

    results = []
    for set_dir in find_dependants(protocol_dir, search_roots):
        try:
            results.append(
                update_dependant(
                    set_dir, force=force, template_dirs=template_dirs, tree_dirs=tree_dirs
                )
            )
        except SharewizError as exc:
            results.append(DependantResult(dir=set_dir, version="", error=exc.message))
    return results
