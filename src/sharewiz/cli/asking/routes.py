"""Stopping a wrong route at the question that reveals it, before anything is written.

After every answer the wizard saves, the kind's rules with `route:` are evaluated over
the answers so far (`sharewiz.law.routes.settled_routes`). A finding not seen before
stops the wizard there: what was found and why (the rule's message and citation), the
command that starts the right kind, and three ways on:

- change that answer: it is taken back and the same question is asked again;
- save the answers and stop (`WrongRoute`, exit code 1, like `render` on these answers);
- carry on: the documents cannot be written while the finding stands (the review keeps
  saying so), and the same finding is not offered again.

Nothing here knows any rule: a new route rule needs no change to the wizard.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sharewiz.cli.asking.prompts import Option, select
from sharewiz.cli.console import out, print_prose
from sharewiz.errors import UserError
from sharewiz.law.findings import Finding
from sharewiz.law.routes import finding_key, rests_on, settled_routes
from sharewiz.model.answers import Answers
from sharewiz.model.tree import QuestionTree

_CHANGE, _STOP, _CARRY_ON = "change", "stop", "carry-on"
_UNANSWERED = object()  # a question with no answer before the one taken back


class AnswerAgain(Exception):  # noqa: N818 - a signal to the wizard, not an error
    """The officer chose to change the answer that revealed a wrong route.

    `entry` and `answered`: in a list, the entry (from 1) to go back to and the fields of
    it answered before the one taken back, where that is an earlier field than the one
    just answered (a flow's frequency, when its volume settled the finding).
    """

    def __init__(self, entry: int | None = None, answered: Sequence[str] = ()) -> None:
        """Go back to the answer taken back (in a list: entry `entry`, after `answered`)."""
        super().__init__()
        self.entry = entry
        self.answered = list(answered)


class WrongRoute(UserError):
    """The officer stopped at a wrong route: the answers describe another kind."""


class RouteGuard:
    """The wrong routes shown in one wizard run, and each answer as last saved."""

    def __init__(self, tree: QuestionTree, answers: Mapping[str, Any]) -> None:
        """Start from the answers the run starts with: what they settle is not a new stop.

        A resumed run stopped at a wrong route, or answers given with `--answers`, would
        otherwise stop at the first question asked, which did not reveal it (the review
        still shows it, and the documents still cannot be written).
        """
        self.tree = tree
        self.saved = copy.deepcopy(dict(answers))
        self.shown = {finding_key(f) for f, _kind in settled_routes(tree, answers)}

    def check(self, answers: Answers, question_id: str, save: Callable[[Answers], None]) -> None:
        """After `question_id`'s answer is saved: stop at a new wrong route.

        Raises:
            AnswerAgain: the officer changes the answer (taken back and saved without it).
            WrongRoute: the officer saves the answers and stops.
        """
        before = self.saved.get(question_id, _UNANSWERED)
        self.saved[question_id] = copy.deepcopy(answers.get(question_id))
        found = settled_routes(self.tree, answers, known=self.shown)
        if not found:
            return
        choice = _offer(self.tree, found)
        if choice == _CARRY_ON:
            self.shown |= {finding_key(f) for f, _kind in found}
            return
        if choice == _STOP:
            kinds = list(dict.fromkeys(kind for _f, kind in found))
            raise WrongRoute(
                f"these answers are not for a {self.tree.id}; nothing was written",
                hint=" or ".join(
                    f"start the right document with `sharewiz new {k}`" for k in kinds
                ),
            )
        back = _earlier_cause(self.tree, question_id, before, answers, [f for f, _k in found])
        if back is not None:  # an earlier field of the entry: back to it, the rest kept
            number, field_id, answered = back
            entries = copy.deepcopy(answers[question_id])
            del entries[number - 1][field_id]
            answers[question_id] = entries
            self.saved[question_id] = copy.deepcopy(entries)
            save(answers)
            raise AnswerAgain(number, answered)
        if before is _UNANSWERED:
            answers.pop(question_id, None)
            self.saved.pop(question_id, None)
        else:
            answers[question_id] = copy.deepcopy(before)
            self.saved[question_id] = before
        save(answers)
        raise AnswerAgain


def _earlier_cause(
    tree: QuestionTree, group_id: str, before: Any, answers: Answers, found: list[Finding]
) -> tuple[int, str, list[str]] | None:
    """Where a wrong route found in a list's entry goes back to, when it is not the answer
    just given: (the entry from 1, the field, the fields answered before it).

    The field is the latest of the entry that the findings rest on (`rests_on`: taken
    back, they no longer find it): a one-off flow is settled by its volume (a few
    people), but rests on its frequency ("once only"), the answer to change. None where
    the answer just given is that field, or `group_id` is not a list.
    """
    now = answers.get(group_id)
    if tree.question(group_id).type != "group" or not isinstance(now, list):
        return None
    earlier = before if isinstance(before, list) else []
    number = next((n for n, e in enumerate(now) if n >= len(earlier) or e != earlier[n]), None)
    if number is None or not isinstance(now[number], Mapping):
        return None
    entry, prior = now[number], earlier[number] if number < len(earlier) else {}
    given = [q.id for q in tree.question(group_id).questions if q.id in entry]
    for field_id in reversed(given):
        without = [*now]
        without[number] = {k: v for k, v in entry.items() if k != field_id}
        if rests_on(tree, answers, {**answers, group_id: without}, found):
            if (
                not isinstance(prior, Mapping)
                or prior.get(field_id, _UNANSWERED) != entry[field_id]
            ):
                return None  # the answer just given: taken back as any other
            return number + 1, field_id, given[: given.index(field_id)]
    return None


def _offer(tree: QuestionTree, found: list[tuple[Finding, str]]) -> str:
    """Say what was found, why it matters and the right command; the officer's choice."""
    kinds = list(dict.fromkeys(kind for _f, kind in found))
    commands = " or ".join(f"sharewiz new {kind}" for kind in kinds)
    out().rule("Wrong kind of document", style="red")
    needed = " or ".join(_words(kind) for kind in kinds)
    print_prose(f"The answers so far need {needed}, not {_words(tree.id)}:", style="bold")
    for finding, _kind in found:
        print_prose(f"{finding.rule_id}: {finding.message} ({finding.citation})", indent=2)
    print_prose(f"Start the right document with: {commands}", style="bold")
    return select(
        "What now?",
        [
            Option(_CHANGE, "Change that answer (back to the same question)"),
            Option(_STOP, f"Save the answers and stop, then run: {commands}"),
            Option(_CARRY_ON, "Carry on: the documents cannot be written while this stands"),
        ],
        help_text="Change the answer if it was a mistake. Stop if the sharing really needs "
        f"{needed}: your answers are kept. Carry on to finish "
        "the other answers first; the review keeps showing the finding, and the documents "
        "cannot be written until the answer changes.",
    )


def _words(kind: str) -> str:
    """A kind id in words: `data-sharing-agreement` -> "a data sharing agreement"."""
    words = kind.replace("-", " ")
    return f"{'an' if words[:1] in 'aeiou' else 'a'} {words}"


__all__ = ["AnswerAgain", "RouteGuard", "WrongRoute"]
