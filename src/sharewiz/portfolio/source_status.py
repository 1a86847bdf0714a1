"""`status` of a set that takes its facts from another (`source_dir`, sets/links.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.errors import SharewizError
from sharewiz.model.tree import QuestionTree

if TYPE_CHECKING:
    from sharewiz.portfolio.loaders import Loaders
    from sharewiz.portfolio.set_status import SetStatus


def check_source(
    status: SetStatus, tree: QuestionTree, answers: dict[str, Any], loaders: Loaders
) -> dict[str, Any]:
    """The answers with the facts of the set named in `source_dir` filled in; a source
    changed since the render, or one that cannot be read, is a problem."""
    from sharewiz.sets.links import fill_from_source

    try:
        filled = fill_from_source(tree, answers, status.dir, tree_dirs=loaders.tree_dirs)
    except SharewizError as exc:
        status.problems.append(f"source set cannot be read: {exc.message.splitlines()[0]}")
        return answers
    recorded = status.state.source if status.state is not None else {}
    if recorded and filled.link and recorded.get("hash") != filled.link.get("hash"):
        where = Path(os.path.normpath(status.dir / filled.link["dir"]))
        status.out_of_date.append(f"{filled.link['kind']} changed")
        status.problems.append(
            f"the {filled.link['kind']} it takes its facts from changed since rendered: "
            f"update with `sharewiz update --dependants {where}`"
        )
    return filled.answers
