"""A set's own answer changes, layered over what a batch (or another file) gives it.

A set rendered from a batch row or another answers file gets a copy of those answers
in its `answers.yaml`; its state keeps them as `given`. A person may then change the
set's own answers (`sharewiz update DIR --set ...`, or by editing the file). When the
batch runs again, the set's answers are layered::

    base answers  <-  the CSV row  <-  the set's own changes since the batch last gave

so a change to the base or the CSV flows into the set, and the set's own change is
neither lost nor a reason to refuse the set.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sharewiz.model.tree import QuestionTree
from sharewiz.sets.state import ANSWERS_NAME, SetState, state_answers

# sharewiz moves these at every new version: never the set's own change
_MANAGED = ("document_version", "document_date")


def own_changes(
    out_dir: Path, tree: QuestionTree, state: SetState | None
) -> tuple[dict[str, Any], set[str]]:
    """The set's own answers that differ from what it was last given: (changed, removed).

    Empty when the set has no record of what it was given, or no answers of its own.
    """
    from sharewiz.errors import SharewizError
    from sharewiz.model.reading import read_answers

    path = out_dir / ANSWERS_NAME
    if state is None or not state.given or not path.is_file():
        return {}, set()
    try:
        read = read_answers(path, tree_for=lambda _kind: tree)
    except SharewizError:  # not readable as this kind's answers: the batch's answers stand
        return {}, set()
    own = state_answers(read.answers)
    changed = {
        key: read.answers[key]
        for key, value in own.items()
        if key not in _MANAGED and state.given.get(key) != value
    }
    removed = {key for key in state.given if key not in own and key not in _MANAGED}
    return changed, removed


def layer(
    out_dir: Path, tree: QuestionTree, given: Mapping[str, Any], state: SetState | None
) -> dict[str, Any]:
    """The answers to render: `given` with the set's own changes on top."""
    changed, removed = own_changes(out_dir, tree, state)
    answers = {k: v for k, v in given.items() if k not in removed}
    answers.update(changed)
    return answers
