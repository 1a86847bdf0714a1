"""The wizard: a tree's questions in order, sections, repeating groups, then the review.

Each answer is handed to `on_answer` as soon as it is given (the caller saves the
answers file), and inside a repeating group `on_position` records which entry and
field the wizard is at, so an interrupted run loses nothing and resumes at the same
question.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from sharewiz.cli.asking.defaults import (
    certain_answers,
    follow_changes,
    offer_together,
    take_default,
    take_from,
)
from sharewiz.cli.asking.other_row import with_other_row
from sharewiz.cli.asking.position import Position
from sharewiz.cli.asking.profile_offer import ProfileOffer, own_entry_answers
from sharewiz.cli.asking.prompts import ask_answer
from sharewiz.cli.asking.routes import AnswerAgain, RouteGuard
from sharewiz.cli.asking.shortcuts import offered, sole_choice
from sharewiz.cli.asking.tick_questions import ask_as_ticks
from sharewiz.cli.asking.with_email import answer_parts, checker, email_of, hint
from sharewiz.cli.console import out, print_prose
from sharewiz.model.answers import Answers
from sharewiz.model.conditions import default_for, expression_context, is_asked
from sharewiz.model.offered import offered_choices
from sharewiz.model.tree import Question, QuestionTree, adjacent_run


class Wizard:
    """Asks a tree's questions, lets the user review and change answers, returns them."""

    def __init__(
        self,
        tree: QuestionTree,
        answers: Mapping[str, Any],
        *,
        on_answer: Callable[[Answers], None],
        defaults: Mapping[str, Any] | None = None,
        position: Position | None = None,
        on_position: Callable[[Position | None], None] | None = None,
        profile: ProfileOffer | None = None,
    ) -> None:
        """Start from existing answers (a resumed run or --answers); ask what is missing.

        `defaults` offers earlier answers as each missing question's default (`update`
        re-asks a question by leaving it out of `answers` and passing its old value here).
        `position` is where a resumed run stopped inside a group; `on_position` saves it.
        `profile` offers the organisation profile's answers in one go, and saves new ones.
        """
        self.tree = tree
        self.answers: Answers = dict(answers)
        self.on_answer = on_answer
        self.defaults: Mapping[str, Any] = defaults or {}
        self.position = position
        self.on_position = on_position
        self.profile = profile
        self.asked: set[str] = set()  # questions answered at a prompt in this run
        self.sections = [s.id for s in tree.sections]
        self.current_section = ""
        # `together` runs, and fields offered the same for a list (`group.field`), that the
        # officer chose to answer one by one
        self.declined: set[str] = set()
        self.routes = RouteGuard(tree, self.answers)  # a wrong route stops at its question

    # -- the whole run ------------------------------------------------------------------

    def run(self) -> Answers | None:
        """Ask everything missing, then review; None if the user quits without writing."""
        from sharewiz.cli.asking.review import review

        self.ask_missing()
        if self.profile is not None:  # only answers typed in this run, not a file's
            asked = [q for q in self.tree.questions() if q.id in self.asked]
            # and the own organisation's entries' answers (its privacy notice), by profile id
            own = own_entry_answers(self.tree, self.answers, self.profile.values.get(
                "controller_name", self.answers.get("controller_name")), self.profile.values)  # fmt: skip
            self.profile.offer_saving([*asked, *own[0]], {**self.answers, **own[1]})
        return self.answers if review(self) else None

    def ask_missing(self) -> None:
        """Ask, in order, every question that applies and has no answer yet.

        A group left open by an interrupted run is opened again where it stopped; so is
        the question whose answer revealed a wrong route, when the officer changes it.
        """
        while True:
            try:
                return self._ask_missing()
            except AnswerAgain:
                continue  # the answer was taken back: it is the first one missing again

    def _ask_missing(self) -> None:
        for question in self.tree.questions():
            context = expression_context(self.tree, self.answers)
            is_open = self.position is not None and self.position.group == question.id
            if (question.id in self.answers and not is_open) or not is_asked(
                question, self.tree, context
            ):
                continue
            self.show_section(question)
            if question.type == "group":
                self.edit_group(question, context)
            elif (taken := self.from_profile(question))[0]:
                self.set(question.id, taken[1])
            elif question.together and self._offer_together(question, context):
                continue
            elif question.ask_as_ticks and ask_as_ticks(self, question, context):
                continue
            elif (derived := take_from(question, context, self.defaults.get(question.id)))[0]:
                self.set(question.id, derived[1])
            elif take_default(question, context, self.defaults.get(question.id)):
                self.set(question.id, default_for(question, context))
            elif (
                only := sole_choice(question, context, self.defaults.get(question.id))
            ) is not None:
                self.set(question.id, only)
            else:
                self.answer(question, context, self.defaults.get(question.id))

    def _offer_together(self, first: Question, context: Mapping[str, Any]) -> bool:
        """Offer the defaults of a run of top-level `together` questions; True if taken.

        The run is the questions next to `first` with the same `together` name that still
        need an answer. No: each is asked, with its default.
        """
        if first.together in self.declined:
            return False
        section = self.tree.section_of(first.id).questions
        run = [q for q in adjacent_run(section, first)
               if q.id not in self.answers and is_asked(q, self.tree, context)]  # fmt: skip
        if any(q.id in self.defaults for q in run):
            return False  # re-asked by `update`: each with its earlier answer
        values = offer_together(run, context)
        if not values:
            if values is not None:
                self.declined.add(str(first.together))
            return False
        for question in run:
            self.set(question.id, values[question.id])
            self.asked.add(question.id)
        return True

    def from_profile(self, question: Question) -> tuple[bool, Any]:
        """`(True, answer)` where the officer takes the profile's answers (asked once); a
        list's answer as the profile's lines (`profile: signatories` on a top-level list)."""
        if self.profile is None:
            return False, None
        unanswered = [q for q in self.tree.questions() if q.id not in self.answers]
        if self.profile.accepted is not None:  # offered already: no list to make
            return self.profile.answer_for(unanswered, question)
        # an optional answer is listed as left empty only if it applies, given the profile
        context = expression_context(self.tree, {**self.profile.values, **self.answers})
        return self.profile.answer_for(
            unanswered, question, lambda q: is_asked(q, self.tree, context), context
        )

    def show_section(self, question: Question) -> None:
        """Print "Section 3 of 9: title" when the questions reach a new section."""
        if question.section == self.current_section:
            return
        self.current_section = question.section
        section = self.tree.section_of(question.id)
        number = self.sections.index(section.id) + 1
        out().rule(f"Section {number} of {len(self.sections)}: {section.title}", style="cyan")
        if section.description:
            print_prose(" ".join(section.description.split()), style="dim")

    def set(self, question_id: str, value: Any) -> None:
        """Record an answer, hand the answers to the caller to save, stop a wrong route.

        Raises:
            AnswerAgain: the answer revealed a wrong route and the officer changes it.
        """
        self.answers[question_id] = value
        self.on_answer(self.answers)
        try:
            self.routes.check(self.answers, question_id, self.on_answer)
        except AnswerAgain as again:  # in a list, perhaps an earlier field of the entry
            if again.entry is not None and self.position is not None:
                self.move_to(replace(self.position, entry=again.entry, answered=again.answered))
            raise

    def move_to(self, position: Position | None) -> None:
        """Record where the wizard is inside a group (None: outside every group)."""
        self.position = position
        if self.on_position is not None:
            self.on_position(position)

    def change(self, question_id: str) -> None:
        """Ask one answered question again (its answer as the default), then fill new gaps."""
        question = self.tree.question(question_id)
        before = certain_answers(self.tree, self.answers)  # what `take_from` took, so far
        while True:
            context = expression_context(self.tree, self.answers)
            try:
                if question.type == "group":
                    self.edit_group(question, context)
                else:
                    self.answer(question, context, self.answers.get(question.id))
                break
            except AnswerAgain:
                continue  # a wrong route: the same question again, its answer taken back
        if follow_changes(self.tree, self.answers, before, question_id):
            self.on_answer(self.answers)  # an answer taken from the one changed follows it
        self.ask_missing()  # a changed answer can make new questions apply

    # -- one question -----------------------------------------------------------------------

    def answer(self, question: Question, context: Mapping[str, Any], current: Any) -> None:
        """Ask a top-level question and record its answer (and the email address typed
        in it, for a `with_email` question: that question is then not asked)."""
        email = email_of(question, self.tree.section_of(question.id).questions)
        # `email` only where there is one: a stand-in `ask` may not take it
        value = (self.ask(question, context, current=current, email=email) if email
                 else self.ask(question, context, current=current))  # fmt: skip
        for question_id, part in answer_parts(question, email, value).items():
            self.set(question_id, part)
            self.asked.add(question_id)

    def ask(
        self,
        question: Question,
        context: Mapping[str, Any],
        *,
        current: Any = None,
        cancel: str | None = None,
        email: Question | None = None,
    ) -> Any:
        """Ask one question until it gets a valid answer (CANCEL if `cancel` is used).

        `email`: the question its `with_email` names, whose address it may hold too.
        """
        question = offered_choices(question, context)
        default = current if current is not None else default_for(question, context)
        question = offered(question, context, keep=default)  # the earlier answer stays offered
        question, default = with_other_row(question, context, default)  # `other:` its own row
        self.show_law(question)
        also = (hint(question, email), checker(question, email)) if email else None
        return ask_answer(question, default, cancel=cancel, also=also)

    def show_law(self, question: Question) -> None:
        """The line under a question's heading: its law, and that `?` shows its help."""
        parts = [question.citation] if question.citation else []
        parts.append("? for help")
        print_prose(" · ".join(parts), style="dim", indent=2)

    def edit_group(self, question: Question, context: Mapping[str, Any]) -> None:
        """Add, change, reorder and remove a repeating group's entries."""
        from sharewiz.cli.asking.groups import GroupEditor

        GroupEditor(self, question, context).run()
