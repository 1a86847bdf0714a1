"""Read a set's answers for a regeneration, and work out what must be asked again.

`update DIR` reads DIR/answers.yaml, migrates it to the current question tree (declared
renames and removals), applies --set, and asks again only what needs it (missing,
invalid, new since the last render, or named with --ask). Asking at a terminal is the
caller's: `ask_again` takes the asking function. The regeneration itself (plan, show,
apply: the 3-way merge of every file) is `sharewiz.sets.engine`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.errors import UserError
from sharewiz.model.answers import Answers
from sharewiz.model.conditions import is_asked, missing_answers
from sharewiz.model.tree import QuestionTree
from sharewiz.model.yamlio import plain_data
from sharewiz.sets.state import ANSWERS_NAME, SetState, read_state

# Asks the questions of a tree at a terminal: (tree, answers so far without those to ask,
# save after each answer, old values offered as defaults) -> the answers, None if stopped.
Asker = Callable[
    [QuestionTree, dict[str, Any], Callable[[Mapping[str, Any]], None], dict[str, Any]],
    "Answers | None",
]


@dataclass
class Answered:
    """A set's answers after migration and --set, and what must be asked again."""

    tree: QuestionTree
    answers: Answers
    defaults: dict[str, Any] = field(default_factory=dict)  # old values offered when re-asked
    to_ask: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # migrations and invalid answers, for the user
    state: SetState | None = None  # what sharewiz last wrote here


def load_set(
    out_dir: Path,
    overrides: Sequence[tuple[str, str]] = (),
    ask: Sequence[str] = (),
    *,
    tree_dirs: Sequence[Path] = (),
    reask_invalid: bool = False,
) -> Answered:
    """Read a set's answers by the one path; work out which questions to ask again.

    An answer that no longer fits its question is an error, as for every command,
    unless `reask_invalid` (an update at a terminal): then it is asked again.
    """
    from sharewiz.model.reading import answers_error, read_answers
    from sharewiz.sets.build import kind_loader
    from sharewiz.sets.gitmerge import ANSWERS_HINT, refuse_git_conflicts
    from sharewiz.sets.links import fill_from_source

    path = out_dir / ANSWERS_NAME
    if not path.is_file():
        raise UserError(
            f"{out_dir}: no {ANSWERS_NAME} here, so this is not a folder sharewiz wrote",
            hint="give the folder that holds the documents and their answers.yaml",
        )
    refuse_git_conflicts(path, hint=ANSWERS_HINT)  # a clear line, not a YAML error
    read = read_answers(path, tree_for=kind_loader(tree_dirs), overrides=overrides, strict=False)
    overridden = {key.split(".")[0] for key, _ in overrides}
    # an unknown id cannot be asked, and a --set value that does not fit is the user's now
    fatal = [p for p in read.problems if p.unknown or p.question in overridden]
    if read.problems and (fatal or not reask_invalid):
        raise answers_error(str(path), read.tree, read.problems)
    result = Answered(
        tree=read.tree, answers=read.answers, notes=list(read.notes),
        state=read_state(out_dir),
    )  # fmt: skip
    for problem in read.problems:
        result.notes.append(f"{problem}: the answer no longer fits; asked again")
        if problem.question not in result.to_ask:
            result.to_ask.append(problem.question)
            result.answers.pop(problem.question, None)
            value = read.raw.get(problem.question)
            question = read.tree.question(problem.question)
            # a list's entries are offered back as written: the wizard asks only the
            # fields that do not fit, never the whole list again
            if isinstance(value, str) or (question.type == "group" and isinstance(value, list)):
                result.defaults[problem.question] = plain_data(value)
    # the facts taken from the set named in `source_dir` are answered: never asked
    result.answers = fill_from_source(
        read.tree, result.answers, out_dir, tree_dirs=tree_dirs
    ).answers
    _what_to_ask(result, read.file.tree_version, ask, overridden=overridden)
    return result


def _what_to_ask(
    result: Answered, file_version: int, ask: Sequence[str], overridden: set[str]
) -> None:
    tree, answers = result.tree, result.answers
    known = {q.id for q in tree.questions()}
    for question_id in ask:
        if question_id not in known:
            raise UserError(
                f"--ask {question_id}: unknown question id",
                hint="see `sharewiz explain` for the ids",
            )
        if question_id not in result.to_ask:
            result.to_ask.append(question_id)
            if question_id in answers:
                result.defaults[question_id] = answers.pop(question_id)
    for question in missing_answers(tree, answers):
        if question.id not in result.to_ask:
            result.to_ask.append(question.id)
            if question.id in answers:  # a group with an incomplete entry: offer it back
                result.defaults[question.id] = answers.pop(question.id)
    previous = result.state.questions if result.state and result.state.questions else None
    if previous is not None:
        seen = {tree.renamed.get(q, q) for q in previous}
        new = [q for q in known if q not in seen]
    elif file_version < tree.version:
        new = list(known)  # no record of what was asked: every unanswered question may be new
    else:
        new = []
    from sharewiz.model.conditions import expression_context

    context = expression_context(tree, answers)
    for question in tree.questions():
        if (
            question.id in new
            and question.id not in answers
            and question.id not in overridden
            and question.id not in result.to_ask
            and is_asked(question, tree, context)
        ):
            result.to_ask.append(question.id)
            result.notes.append(f"{question.id}: new since these answers were written; asked")


def ask_again(
    answered: Answered, save: Callable[[Mapping[str, Any]], None], ask: Asker
) -> Answers | None:
    """Ask the questions in `to_ask` with `ask` (old answers offered as defaults).

    Args:
        answered: The set's answers and what to ask again (from :func:`load_set`).
        save: Called with the answers after each one, so nothing is lost on Ctrl-C.
        ask: Asks at the terminal; the CLI passes its wizard, so this library never
            imports the terminal layer.

    Returns:
        The answers, or None if the person stopped before the end.
    """
    tree = answered.tree
    start: dict[str, Any] = {q.id: answered.answers.get(q.id) for q in tree.questions()}
    for question_id in answered.to_ask:
        start.pop(question_id, None)
    final = ask(tree, start, save, answered.defaults)
    if final is None:
        return None
    return {k: v for k, v in final.items() if v is not None}
