"""A portfolio of document sets: the central log of agreements and what needs attention.

The ICO Accountability Framework expects a central log of current sharing agreements
and their regular review (legal checklist DSA-23, DSA-17). `sharewiz status` is that log:
one row per set with its kind, title, parties, version, last render, review date, check
results, and every reason it needs attention:

- its answers do not fit, or miss answers the installed questions now require;
- the templates changed since it was rendered (the standard wording moved on);
- a file sharewiz wrote was edited by hand, or is gone;
- its answers file, or its protocol (Tier 1), changed since it was rendered;
- its review date has passed;
- checks or cross-document rules found errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from sharewiz.law.consistency import SetFacts, check_portfolio
from sharewiz.portfolio.loaders import read_once
from sharewiz.portfolio.reviews import due_reviews, parse_within, review_due
from sharewiz.portfolio.set_status import (
    DEFAULT_WITHIN_DAYS,
    SetStatus,
    add_finding,
    set_status,
)
from sharewiz.sets.links import find_sets, protocol_dir_of

# importable from here too
__all__ = ["SetStatus", "due_reviews", "parse_within", "review_due", "set_status"]


def discover(dirs: Sequence[Path] | None = None) -> list[Path]:
    """Set folders in the given folders (default: under the current directory)."""
    return find_sets(list(dirs) if dirs else [Path.cwd()])


def portfolio_status(
    dirs: Sequence[Path] | None = None,
    *,
    today: dt.date | None = None,
    within_days: int = DEFAULT_WITHIN_DAYS,
    template_dirs: Sequence[Path] = (),
    tree_dirs: Sequence[Path] = (),
) -> list[SetStatus]:
    """The status of every set, with cross-document findings, sorted by folder.

    A set whose state records what `status` shows, made from the answers file, tree,
    knowledge base and sharewiz it has now, is shown from that record, without reading
    its answers (`sharewiz.sets.summary`) until they are asked for (the exports, and
    cross-document rules when one applies to a kind present, need them); every other
    set is read and checked in full.
    """
    today = today or dt.date.today()
    loaders = read_once(template_dirs, tree_dirs)  # each kind's tree, templates, protocol
    statuses = [
        set_status(d, today=today, within_days=within_days, template_dirs=template_dirs,
                   tree_dirs=tree_dirs, loaders=loaders)
        for d in discover(dirs)
    ]  # fmt: skip
    facts = [
        SetFacts(s.dir.resolve(), s.kind, s.answers, protocol_dir_of(s.dir.resolve(), s.answers))
        for s in (statuses if _cross_checked(statuses) else [])
        if s.answers
    ]
    cross = check_portfolio(facts, today=today)
    for status in statuses:
        for finding in cross.get(status.dir.resolve(), []):
            add_finding(status, finding)
    return sorted(statuses, key=lambda s: str(s.dir))


def _cross_checked(statuses: Sequence[SetStatus]) -> bool:
    """Whether a cross-document rule applies to a kind among these sets (then every
    set's answers are needed: an agreement is compared with the notices, for one)."""
    from sharewiz.law.rules import load_rules

    kinds = {kind for rule in load_rules() if rule.scope == "portfolio" for kind in rule.kinds}
    return any(status.kind in kinds for status in statuses)
