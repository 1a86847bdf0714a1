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
from sharewiz.sets.links import find_dependants
from sharewiz.sets.state import ANSWERS_NAME, edited_files, read_state


@dataclass
class DependantResult:
    """What updating one dependant did."""

    dir: Path
    version: str
    summary: list[str] = field(default_factory=list)
    resign: bool = False
    files: list[Path] = field(default_factory=list)
    error: str = ""  # why it was not updated (e.g. hand edits), empty if it was


def update_dependant(
    set_dir: Path,
    *,
    force: bool = False,
    template_dirs: Sequence[Path] = (),
    tree_dirs: Sequence[Path] = (),
) -> DependantResult:
    """Render one dependant agreement again, after its protocol changed."""
    from sharewiz.sets.build import build_set, read_answers
    from sharewiz.sets.update import formats_of

    before = read_state(set_dir)
    edited, _missing = edited_files(set_dir, before) if before else ([], [])
    if edited and not force:
        raise UserError(
            f"{set_dir}: {', '.join(edited)} edited by hand since sharewiz wrote it; not updated",
            hint="move your edits into the answers or templates, or use --force to replace them",
        )
    answers_path = set_dir / ANSWERS_NAME
    tree, _file, answers = read_answers(answers_path, tree_dirs=tree_dirs)
    result = build_set(
        tree, answers, set_dir, formats=formats_of(set_dir, before, tree), force=True,
        template_dirs=template_dirs, source=str(answers_path),
    )  # fmt: skip
    after = read_state(set_dir)
    history = after.history if after else []
    added = history[-1] if len(history) > (len(before.history) if before else 0) else None
    return DependantResult(
        dir=set_dir,
        version=after.version if after else "",
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
