"""Updating the agreements under a protocol after the protocol changes.

`sharewiz update --dependants PROTOCOL_DIR` finds every agreement whose `protocol_dir`
is that folder (:func:`sharewiz.sets.links.find_dependants`) and regenerates each through
the one update engine (`sharewiz.sets.engine`), exactly as `update` does: each inherits
the protocol's new partners and standards and cites its new version, hand edits are
merged (or kept beside), and `dry_run` plans without writing. The version history of
each agreement records the change, and says whether the partners must sign again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sharewiz.errors import UserError
from sharewiz.sets.engine import SetPlan
from sharewiz.sets.links import find_dependants
from sharewiz.sets.state import ANSWERS_NAME


@dataclass
class DependantResult:
    """What updating one dependant did (or, in a dry run, would do)."""

    dir: Path
    plan: SetPlan | None = None  # None when it could not be updated
    error: str = ""  # why it was not updated, empty if it was

    @property
    def version(self) -> str:
        """The agreement's version after the update."""
        return self.plan.versions.state.version if self.plan else ""

    @property
    def summary(self) -> list[str]:
        """What changed, as the new history entry says (empty if nothing did)."""
        entry = self.plan.versions.new_entry if self.plan else None
        return list(entry.summary) if entry else []

    @property
    def resign(self) -> bool:
        """Whether the partners must sign the agreement again."""
        entry = self.plan.versions.new_entry if self.plan else None
        return bool(entry and entry.resign)


def update_dependant(
    set_dir: Path,
    *,
    overrides: Sequence[tuple[str, str]] = (),
    formats: Sequence[str] | None = None,
    dry_run: bool = False,
    force: bool = False,
    reference_docx: Path | None = None,
    template_dirs: Sequence[Path] = (),
    tree_dirs: Sequence[Path] = (),
) -> DependantResult:
    """Regenerate one dependant agreement after its protocol changed (or plan it)."""
    from sharewiz.sets.engine import apply_plan, plan_set
    from sharewiz.sets.lock import check_unlocked, locked
    from sharewiz.sets.update import load_set

    answered = load_set(set_dir, overrides, tree_dirs=tree_dirs)
    if answered.to_ask:
        raise UserError(
            f"{set_dir}: {len(answered.to_ask)} question(s) need an answer: "
            + ", ".join(answered.to_ask),
            hint=f"answer them with `sharewiz update {set_dir}`, then update the dependants again",
        )

    def plan() -> SetPlan:
        return plan_set(
            set_dir, answered.tree, answered.answers, formats=formats, force=force,
            reference_docx=reference_docx, template_dirs=template_dirs, tree_dirs=tree_dirs,
        )  # fmt: skip

    if dry_run:
        return DependantResult(set_dir, plan())
    check_unlocked(set_dir.resolve().parent)  # a batch may be writing this set
    with locked(set_dir):
        made = plan()
        apply_plan(set_dir, made)
    return DependantResult(set_dir, made)


def update_dependants(
    protocol_dir: Path,
    search_roots: Sequence[Path],
    *,
    overrides: Sequence[tuple[str, str]] = (),
    formats: Sequence[str] | None = None,
    dry_run: bool = False,
    force: bool = False,
    reference_docx: Path | None = None,
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
                    set_dir,
                    overrides=overrides,
                    formats=formats,
                    dry_run=dry_run,
                    force=force,
                    reference_docx=reference_docx,
                    template_dirs=template_dirs,
                    tree_dirs=tree_dirs,
                )  # fmt: skip
            )
        except SharewizError as exc:
            results.append(DependantResult(dir=set_dir, error=exc.message))
    return results
