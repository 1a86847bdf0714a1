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

from sharewiz.model.answers import Answers
from sharewiz.model.tree import QuestionTree
from sharewiz.sets.state import ANSWERS_NAME, SetState, state_answers

# sharewiz moves these at every new version of the set: the set's own stand unless the
# batch itself gives new ones (e.g. `--set document_version=2.0` for every set)
_MANAGED = ("document_version", "document_date")


def layer(
    out_dir: Path, tree: QuestionTree, given: Mapping[str, Any], state: SetState | None
) -> dict[str, Any]:
    """The answers to render: `given` with the set's own changes on top.

    The set's own changes are its answers that differ from what it was last given
    (`state.given`). Without a record of that, or without answers of its own, the set
    gets `given` as it is.
    """
    answers = dict(given)
    own = _own_answers(out_dir, tree, state)
    if own is None or state is None:
        return answers
    own_plain, now_given = state_answers(own), state_answers(given)
    for key in sorted(set(own_plain) | set(state.given)):
        if key in _MANAGED:
            if now_given.get(key) == state.given.get(key) and key in own:
                answers[key] = own[key]
        elif own_plain.get(key) != state.given.get(key):  # the set's own change
            if key in own:
                answers[key] = own[key]
            else:
                answers.pop(key, None)
    return answers


def _own_answers(out_dir: Path, tree: QuestionTree, state: SetState | None) -> Answers | None:
    """The set's own typed answers; None without a record of what it was given."""
    from sharewiz.errors import SharewizError
    from sharewiz.model.reading import read_answers

    path = out_dir / ANSWERS_NAME
    if state is None or not state.given or not path.is_file():
        return None
    try:
        return read_answers(path, tree_for=lambda _kind: tree).answers
    except SharewizError:  # not readable as this kind's answers: what is given stands
        return None
