"""`ask_as_ticks`: independent yes/no questions, usually no, asked as one tick list.

Questions next to each other in a section with the same `ask_as_ticks` name ("Is any of
the information sent outside the UK?", "Do you make solely automated decisions?") are
asked by the wizard as one list, "Which of these apply?": each ticked one is yes, each
left unticked no. Every question keeps its own id, answer and follow-up questions, so
answers files, templates and rules do not change. The checks here run at load, so a
tree that could not be asked that way is refused with `file:line`.
"""

from __future__ import annotations

from sharewiz.errors import TreeError
from sharewiz.model.expressions import expression_names
from sharewiz.model.tree import Question, QuestionTree, adjacent_run


def tick_run(questions: tuple[Question, ...], first: Question) -> list[Question]:
    """`first` and the questions right after it with the same `ask_as_ticks` name."""
    return adjacent_run(questions, first, "ask_as_ticks")


def check_ask_as_ticks(tree: QuestionTree) -> None:
    """Refuse a tick list the wizard could not ask as one list of independent answers.

    Its questions are top-level yes/no questions next to each other in one section (at
    least two), each usually no (`default: false`, or a `default_from` that says when it
    is yes: an unticked row is a no, so a question whose answer must not be suggested
    stays on its own), and no condition or default of one reads another of the list
    (they are answered at once).
    """
    runs: dict[str, list[Question]] = {}
    for question in tree.questions():
        for inner in question.questions:
            if inner.ask_as_ticks:
                _refuse(inner, f"'ask_as_ticks' is for top-level questions, not the field "
                        f"{question.id}.{inner.id} of a list",
                        "a list's field is ticked across its entries with 'across'")  # fmt: skip
        if question.ask_as_ticks:
            runs.setdefault(question.ask_as_ticks, []).append(question)
    for name, members in runs.items():
        _check_run(tree, name, members)


def _check_run(tree: QuestionTree, name: str, members: list[Question]) -> None:
    first = members[0]
    section = tree.section_of(first.id).questions
    if tick_run(section, first) != members:
        stray = next(q for q in members if q not in tick_run(section, first))
        _refuse(stray, f"the questions of tick list {name!r} are not next to each other",
                f"move {stray.id!r} next to {first.id!r}, in the same section")  # fmt: skip
    if len(members) < 2:
        _refuse(first, f"tick list {name!r} has one question",
                "name two or more yes/no questions, or remove 'ask_as_ticks'")  # fmt: skip
    ids = {q.id for q in members}
    for question in members:
        if question.type != "yes_no":
            _refuse(question, f"'ask_as_ticks' is for yes/no questions ({question.id!r} is "
                    f"{question.type})", f"remove 'ask_as_ticks: {name}' from {question.id!r}")  # fmt: skip
        if question.default is not False and not question.default_from:
            _refuse(question, f"{question.id!r} in tick list {name!r} needs 'default: false' "
                    "or a 'default_from': left unticked, it is answered no",
                    "a question whose answer must not be suggested is asked on its own")  # fmt: skip
        if question.together or question.take_default:
            _refuse(question, f"{question.id!r} is in tick list {name!r} and also offered "
                    "another way ('together' or 'take_default')", "keep one of them")  # fmt: skip
        for source in (question.when, question.default_from):
            read = sorted(_names(source) & (ids - {question.id}))
            if read:
                _refuse(question, f"the condition or default of {question.id!r} reads "
                        f"{', '.join(read)}, in the same tick list {name!r}",
                        "the list's questions are answered at once: ask it after the list")  # fmt: skip


def _names(source: str | None) -> set[str]:
    if not source:
        return set()
    try:
        return expression_names(source)
    except Exception:  # noqa: BLE001 - a broken expression fails where it is checked
        return set()


def _refuse(question: Question, message: str, hint: str) -> None:
    raise TreeError(f"{question.where}: {message}", hint=hint)


__all__ = ["check_ask_as_ticks", "tick_run"]
