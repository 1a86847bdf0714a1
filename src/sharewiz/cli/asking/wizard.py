"""The interactive wizard: questions become questionary prompts.

The only module that imports questionary. Each answer is handed to `on_answer` as soon
as it is given (the caller saves the answers file), so an interrupted run loses
nothing. `?` at any prompt shows the question's help and the law behind it; Ctrl-C
and Ctrl-D both cancel (never an empty answer).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

from sharewiz.cli.console import err, out, print_info
from sharewiz.errors import Interrupted
from sharewiz.model.answers import (
    Answers,
    InvalidAnswer,
    coerce,
    default_for,
    evaluate,
    expression_context,
    is_asked,
    offered_choices,
)
from sharewiz.model.tree import Question, QuestionTree

HELP = "\x00help"  # what a prompt returns when the user asks for help
_WRITE, _CHANGE, _QUIT = "write", "change", "quit"

STYLE = questionary.Style(
    [("qmark", "fg:#5f87af bold"), ("question", "bold"), ("answer", "fg:#5f8700 bold"),
     ("instruction", "fg:#808080"), ("pointer", "fg:#5f87af bold"), ("highlighted", "bold")]
)  # fmt: skip


class Wizard:
    """Asks a tree's questions, lets the user review and change answers, returns them."""

    def __init__(
        self,
        tree: QuestionTree,
        answers: Mapping[str, Any],
        *,
        on_answer: Callable[[Answers], None],
        defaults: Mapping[str, Any] | None = None,
    ) -> None:
        """Start from existing answers (a resumed run or --answers); ask what is missing.

        `defaults` offers earlier answers as each missing question's default (`update`
        re-asks a question by leaving it out of `answers` and passing its old value here).
        """
        self.tree = tree
        self.answers: Answers = dict(answers)
        self.on_answer = on_answer
        self.defaults: Mapping[str, Any] = defaults or {}
        self.sections = [s.id for s in tree.sections]
        self.current_section = ""

    # -- the whole run ------------------------------------------------------------------

    def run(self) -> Answers | None:
        """Ask everything missing, then review; None if the user quits without writing."""
        self.ask_missing()
        while True:
            self.show_summary()
            action = self.prompt(
                questionary.select(
                    "What next?",
                    choices=[
                        questionary.Choice("Write the documents", _WRITE),
                        questionary.Choice("Change an answer", _CHANGE),
                        questionary.Choice("Quit for now (answers are saved)", _QUIT),
                    ],
                    style=STYLE,
                ),
                help_text="Review the answers above. Choose 'Change an answer' to go back to any question.",
            )
            if action == _WRITE:
                return self.answers
            if action == _QUIT:
                return None
            self.change_one()

    def ask_missing(self) -> None:
        """Ask, in order, every question that applies and has no answer yet."""
        total = len(self.sections)
        for question in self.tree.questions():
            context = expression_context(self.tree, self.answers)
            if question.id in self.answers or not is_asked(question, self.tree, context):
                continue
            if question.section != self.current_section:
                self.current_section = question.section
                section = self.tree.section_of(question.id)
                number = self.sections.index(section.id) + 1
                out().rule(f"Section {number} of {total}: {section.title}", style="cyan")
                if section.description:
                    print_info(section.description.strip(), style="dim")
            self.set(
                question.id, self.ask(question, context, current=self.defaults.get(question.id))
            )

    def set(self, question_id: str, value: Any) -> None:
        """Record an answer and hand the answers to the caller to save."""
        self.answers[question_id] = value
        self.on_answer(self.answers)

    def change_one(self) -> None:
        """Let the user pick any answered question, ask it again, then fill new gaps."""
        context = expression_context(self.tree, self.answers)
        choices = [
            questionary.Choice(
                f"{q.prompt}  [{_short(display_value(q, self.answers.get(q.id)))}]", q.id
            )
            for q in self.tree.questions()
            if is_asked(q, self.tree, context)
        ]
        choices.append(questionary.Choice("(back to the summary)", ""))
        picked = self.prompt(
            questionary.select("Which answer do you want to change?", choices=choices, style=STYLE)
        )
        if not picked:
            return
        question = self.tree.question(picked)
        self.set(question.id, self.ask(question, context, current=self.answers.get(question.id)))
        # A changed answer can make new questions apply; drop answers that no longer do.
        self.ask_missing()

    # -- one question -----------------------------------------------------------------------

    def ask(self, question: Question, context: Mapping[str, Any], *, current: Any = None) -> Any:
        """Ask one question until it gets a valid answer."""
        question = offered_choices(question, context)
        default = current if current is not None else default_for(question, context)
        _print_law(question)
        if question.type == "group":
            return self.edit_group(question, default or [], context)
        while True:
            value = self.prompt(_make_prompt(question, default), help_text=_help_for(question))
            if value is HELP:
                continue
            try:
                answer = _convert(question, value)
            except InvalidAnswer as exc:  # only reachable for types without inline validation
                err().print(f"  {exc}", style="red", markup=False)
                continue
            if answer is None and question.required:
                err().print("  This question needs an answer.", style="red", markup=False)
                continue
            return answer

    def prompt(self, question: questionary.Question, *, help_text: str | None = None) -> Any:
        """Run one questionary prompt with our keys; `?` shows help and asks again."""
        _add_keys(question, allow_help=help_text is not None and not _is_text_prompt(question))
        try:
            result = question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Interrupted("you stopped the wizard before the end") from None
        if result == "?" and help_text is not None and _is_text_prompt(question):
            result = HELP
        if result is HELP and help_text:
            out().print(help_text, markup=False, style="italic")
        return result

    # -- repeating groups ---------------------------------------------------------------------

    def edit_group(
        self, question: Question, entries: list[dict[str, Any]], context: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        """Add, change and remove entries of a repeating group within its min/max."""
        entries = [dict(e) for e in entries]
        while not entries and (question.min or 0) > 0:
            entries.append(self.ask_entry(question, {}, context, len(entries) + 1))
        low, high = int(question.min or 0), question.max
        while True:
            self.show_entries(question, entries)
            choices = []
            if high is None or len(entries) < high:
                choices.append(questionary.Choice(f"Add a {question.item_name}", "add"))
            for number, entry in enumerate(entries, 1):
                choices.append(
                    questionary.Choice(
                        f"Change {question.item_name} {number}: {_short(entry_label(question, entry))}",
                        f"change:{number}",
                    )
                )
            if len(entries) > low:
                for number, entry in enumerate(entries, 1):
                    choices.append(
                        questionary.Choice(
                            f"Remove {question.item_name} {number}: {_short(entry_label(question, entry))}",
                            f"remove:{number}",
                        )
                    )
            done = questionary.Choice(
                "Done", "done", disabled=None if len(entries) >= low else f"add at least {low}"
            )
            choices.append(done)
            action = self.prompt(
                questionary.select(question.prompt, choices=choices, style=STYLE),
                help_text=_help_for(question),
            )
            if action is HELP:
                continue
            if action == "done":
                return entries
            if action == "add":
                entries.append(self.ask_entry(question, {}, context, len(entries) + 1))
            elif action.startswith("change:"):
                index = int(action.split(":")[1]) - 1
                entries[index] = self.ask_entry(question, entries[index], context, index + 1)
            elif action.startswith("remove:"):
                del entries[int(action.split(":")[1]) - 1]

    def ask_entry(
        self, group: Question, entry: Mapping[str, Any], context: Mapping[str, Any], number: int
    ) -> dict[str, Any]:
        """Ask the inner questions of one group entry."""
        print_info(f"{group.item_name.capitalize()} {number}", style="bold")
        result: dict[str, Any] = {}
        for inner in group.questions:
            inner_context = {**context, **{q.id: None for q in group.questions}, **result}
            if not evaluate(inner.when, inner_context, inner.where):
                result[inner.id] = None
                continue
            result[inner.id] = self.ask(inner, inner_context, current=entry.get(inner.id))
        return result

    def show_entries(self, question: Question, entries: list[dict[str, Any]]) -> None:
        """List a group's entries so far."""
        if not entries:
            print_info(f"  No {question.item_name} entries yet.", style="dim")
        for number, entry in enumerate(entries, 1):
            print_info(f"  {number}. {entry_label(question, entry)}")

    # -- summary ---------------------------------------------------------------------------------

    def show_summary(self) -> None:
        """A table of every answer that applies, by section."""
        from rich.table import Table
        from rich.text import Text

        table = Table(title="Your answers", show_lines=False, expand=False)
        table.add_column("Section", style="cyan")
        table.add_column("Question")
        table.add_column("Answer", style="green", overflow="fold")
        context = expression_context(self.tree, self.answers)
        for section in self.tree.sections:
            first = True
            for q in section.questions:
                if not is_asked(q, self.tree, context):
                    continue
                shown = display_value(q, self.answers.get(q.id))
                table.add_row(Text(section.title if first else ""), Text(q.prompt), Text(shown))
                first = False
        out().print(table)


def choose(message: str, options: list[tuple[str, str]]) -> str:
    """Pick one of (value, label) options; Ctrl-C/Ctrl-D cancel."""
    prompt = questionary.select(
        message, choices=[questionary.Choice(label, value) for value, label in options], style=STYLE
    )
    _add_keys(prompt, allow_help=False)
    try:
        return str(prompt.unsafe_ask())
    except (KeyboardInterrupt, EOFError):
        raise Interrupted("you stopped before choosing what to write") from None


# -- helpers -------------------------------------------------------------------------------------


def display_value(question: Question, value: Any) -> str:
    """An answer as the user would say it."""
    if value is None or value == [] or value == "":
        return "(none)"
    if question.type == "yes_no":
        return "Yes" if value else "No"
    if question.type == "choice":
        return question.label_for(str(value))
    if question.type == "multi":
        return "; ".join(question.label_for(v) for v in value)
    if question.type == "group":
        return "; ".join(entry_label(question, e) for e in value)
    return str(value)


def entry_label(group: Question, entry: Mapping[str, Any]) -> str:
    """A one-line label for a group entry: its item_label template, or its first answer."""
    if group.item_label:
        from sharewiz.model.expressions import expression_environment

        try:
            context = {q.id: entry.get(q.id) for q in group.questions}
            return str(
                expression_environment().from_string(group.item_label).render(context)
            ).strip()
        except Exception:  # noqa: BLE001 - a label is cosmetic; fall back to the first answer
            pass
    first = next((v for v in entry.values() if v not in (None, "", [])), "")
    return str(first)


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_law(question: Question) -> None:
    parts = [question.citation] if question.citation else []
    parts.append("? for help")
    print_info("  " + " · ".join(parts), style="dim")


def _help_for(question: Question) -> str:
    text = question.help
    if question.citation:
        text += f"\nLaw: {question.citation}"
    if question.choices and question.type in ("choice", "multi"):
        lines = [
            f"  - {c.label}: {c.help}" + (f" ({c.citation})" if c.citation else "")
            for c in question.choices
            if c.help
        ]
        if lines:
            text += "\nChoices:\n" + "\n".join(lines)
    return text


def _is_text_prompt(question: questionary.Question) -> bool:
    # A text prompt's buffer takes '?' as a character; choice prompts take it as a key.
    return bool(getattr(question, "_sharewiz_text", False))


def _add_keys(question: questionary.Question, *, allow_help: bool) -> None:
    keys = KeyBindings()

    @keys.add("c-d", eager=True)
    def _cancel(event: Any) -> None:
        event.app.exit(exception=EOFError(), style="class:aborting")

    if allow_help:

        @keys.add("?", eager=True)
        def _help(event: Any) -> None:
            event.app.exit(result=HELP)

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, keys]) if app.key_bindings else keys


def _make_prompt(question: Question, default: Any) -> questionary.Question:
    kind = question.type
    if kind in ("choice", "multi") and not question.choices:
        kind = "text"  # computed choices with nothing to offer yet: type the answer
    if kind == "yes_no":
        return questionary.confirm(
            question.prompt, default=bool(default) if default is not None else True, style=STYLE
        )
    if kind == "choice":
        choices = [
            questionary.Choice(c.label, c.value, description=c.help or None)
            for c in question.choices
        ]
        default_choice = next((c for c in choices if c.value == default), None)
        return questionary.select(
            question.prompt,
            choices=choices,
            default=default_choice,
            style=STYLE,
            instruction="(arrow keys, Enter; ? for help)",
        )
    if kind == "multi":
        chosen = set(default or [])
        choices = [
            questionary.Choice(
                c.label, c.value, checked=c.value in chosen, description=c.help or None
            )
            for c in question.choices
        ]
        return questionary.checkbox(
            question.prompt, choices=choices, style=STYLE, validate=_multi_validator(question),
            instruction="(Space to tick, Enter when done; ? for help)",
        )  # fmt: skip
    prompt = questionary.text(
        question.prompt,
        default="" if default is None else str(default),
        validate=_text_validator(question),
        multiline=kind == "long_text",
        instruction="(Esc then Enter to finish)" if kind == "long_text" else None,
        style=STYLE,
    )
    prompt._sharewiz_text = True  # type: ignore[attr-defined]
    return prompt


def _text_validator(question: Question) -> Callable[[str], bool | str]:
    def validate(text: str) -> bool | str:
        if text.strip() == "?":
            return True
        if not text.strip():
            return (
                True
                if not question.required
                else "This question needs an answer (type ? for help)."
            )
        try:
            coerce(question, text)
        except InvalidAnswer as exc:
            return str(exc)
        return True

    return validate


def _multi_validator(question: Question) -> Callable[[list[str]], bool | str]:
    def validate(values: list[str]) -> bool | str:
        if question.required and not values:
            return "Tick at least one (Space), then press Enter."
        try:
            coerce(question, values)
        except InvalidAnswer as exc:
            return str(exc)
        return True

    return validate


def _convert(question: Question, value: Any) -> Any:
    if question.type == "multi":
        return coerce(question, list(value or []))
    return coerce(question, value)
