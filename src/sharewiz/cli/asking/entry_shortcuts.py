"""An entry's fields answered without a prompt of their own, or several with one yes/no.

`shortcut_answers` is the one place a list's entry takes answers so: the usual default
(`take_default`) and the only choice left (`sole_choice`), each said in one line, and
optional fields usually left empty (`empty_together`), left empty with one yes.

A flow runs for the whole agreement unless it starts later or ends sooner: its own
"From when?" and "Until when?" are nearly always left empty, two prompts per flow. Given
the same `empty_together` name, the wizard lists their prompts (each says what empty
means) and asks one yes/no: yes leaves them all empty, no asks each. Offered only while
none of them has an answer in the entry, so an entry with its own dates is asked them
with those answers. Nothing is suggested (the fields have no default), and the answers
file holds each field as before. See docs/question-trees.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sharewiz.cli.asking.defaults import take_default
from sharewiz.cli.asking.lines import split_answer
from sharewiz.cli.asking.other_row import settle_other
from sharewiz.cli.asking.prompts import confirm
from sharewiz.cli.asking.shortcuts import sole_choice
from sharewiz.cli.asking.with_email import take_email
from sharewiz.cli.console import print_prose
from sharewiz.model.conditions import default_for
from sharewiz.model.tree import Question, adjacent_run

LEAVE_EMPTY = "Leave these empty? (No: you are asked each one)"


def leave_run_empty(
    group: Question, field: Question, entry: Mapping[str, Any], done: list[str]
) -> list[str]:
    """The fields of the `empty_together` run starting at `field` that the officer leaves
    empty with one yes (their ids), or [] (not such a run, one of them answered, or no)."""
    if not field.empty_together:
        return []
    run = [q for q in adjacent_run(group.questions, field, "empty_together") if q.id not in done]
    if len(run) < 2 or any(entry.get(q.id) not in (None, "") for q in run):
        return []
    for question in run:
        print_prose(question.prompt, indent=2)
    if not confirm(LEAVE_EMPTY, default=True):
        return []
    return [q.id for q in run]


def shortcut_answers(
    group: Question,
    field: Question,
    context: Mapping[str, Any],
    entry: Mapping[str, Any],
    done: list[str],
    *,
    ends_list: bool,
) -> dict[str, Any]:
    """The answers `field` (and the fields after it in its run) take without their own
    prompts, by id, or {} to ask it: its `empty_together` run left empty with one yes, its
    usual default (`take_default`), or the only choice left (`sole_choice`), never for a
    first answer that may end the list (`ends_list`)."""
    empty = leave_run_empty(group, field, entry, done)
    if empty:
        return dict.fromkeys(empty)
    current = entry.get(field.id)
    if take_default(field, context, current):
        return {field.id: default_for(field, context)}
    only = None if ends_list else sole_choice(field, context, current)
    return {} if only is None else {field.id: only}


def settled_by(
    group: Question, question: Question, entry: dict[str, Any], context: Mapping[str, Any]
) -> list[str]:
    """The entry's later fields its typed answer to `question` also settles, not asked:
    the text after a colon (`split_at_colon`, where that field is asked for `context`),
    an email address (`with_email`), the text of a row "another, not listed" left
    unticked (`other`)."""
    return [*split_answer(group, question, entry, context),
            *take_email(question, group.questions, entry), *settle_other(question, entry)]  # fmt: skip
