"""One prompt at the terminal: the only module that imports questionary.

Every prompt behaves the way people expect from forms: yes/no waits for Enter, a
pre-filled answer is replaced by typing (and kept by Enter), a long answer ends with
Enter on an empty line, `?` shows the help, and Ctrl-C or Ctrl-D stop the wizard
(never an empty answer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

from sharewiz.cli.asking.form_keys import bind, form_keys
from sharewiz.cli.asking.help_text import help_for
from sharewiz.cli.asking.layout import columns, fit_prompt, tall, wrap_description
from sharewiz.cli.console import out, print_answer, print_prose
from sharewiz.errors import Interrupted
from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.tree import Question

HELP = "\x00help"  # what a prompt returns when the user asks for help
CANCEL = "\x00cancel"  # what ask_answer returns when the user cancels (see `cancel=`)
UNCHOSEN = "\x00unchosen"  # the first row of a pick list of legal grounds: no answer
LONG_TEXT_HINT = "(press Enter on an empty line to finish)"

STYLE = questionary.Style(
    [("qmark", "fg:#5f87af bold"), ("question", "bold"), ("answer", "fg:#5f8700 bold"),
     ("instruction", "fg:#808080"), ("pointer", "fg:#5f87af bold"), ("highlighted", "bold"),
     ("selected", "reverse")]
)  # fmt: skip


@dataclass(frozen=True)
class Option:
    """One entry of a pick list: the value returned, the label shown, why it is offered."""

    value: str
    label: str
    description: str | None = None
    disabled: str | None = None


# -- pick lists and yes/no ---------------------------------------------------------------


def select(
    message: str,
    options: Sequence[Option],
    *,
    default: str | None = None,
    help_text: str | None = None,
) -> str:
    """Pick one option with the arrow keys and Enter; `?` shows `help_text` and asks again.

    Labels longer than the screen are cut, and the whole text is shown under the list
    while the option is highlighted, wrapped to the screen.
    """
    width = columns() - 6
    choices = []
    for option in options:
        label, description = option.label, option.description
        if len(label) > width:
            label, description = label[: width - 1] + "…", _with(option.label, description)
        choices.append(
            questionary.Choice(label, option.value, disabled=option.disabled,
                               description=wrap_description(description))
        )  # fmt: skip
    message, instruction = fit_prompt(
        message, "(arrow keys, then Enter" + ("; ? for help)" if help_text else ")")
    )
    # echoed in the option's whole label, wrapped at words (the terminal cut it mid-word)
    labels = {o.value: o.label for o in options}
    while True:
        prompt = questionary.select(
            message, choices=choices, default=default, style=STYLE, instruction=instruction
        )
        result = _run(prompt, allow_help=help_text is not None, echo=message,
                      shown=lambda value: labels.get(value, str(value)))  # fmt: skip
        if result == HELP and help_text:
            show_help(help_text, wait=tall(help_text, len(options)))
            continue
        return str(result)


def tick(
    message: str,
    options: Sequence[Option],
    *,
    help_text: str | None = None,
    ticked: Sequence[str] = (),
) -> list[str]:
    """Tick any number of options (none is an answer too); `?` shows `help_text`.

    `ticked`: the values ticked to start with (an earlier answer).
    """
    width = columns() - 6
    choices = [questionary.Choice(o.label if len(o.label) <= width else o.label[: width - 1]
                                  + "…", o.value, checked=o.value in ticked)
               for o in options]  # fmt: skip
    hint = "(Space to tick, Enter when done; none ticked is an answer"
    message, instruction = fit_prompt(message, hint + ("; ? for help)" if help_text else ")"))
    while True:
        prompt = questionary.checkbox(
            message, choices=choices, style=STYLE, instruction=instruction
        )
        shown = ticked_in_words({o.value: o.label for o in options})
        result = _run(prompt, allow_help=help_text is not None, echo=message, shown=shown)
        if result == HELP and help_text:
            show_help(help_text, wait=tall(help_text, len(options)))
            continue
        return [str(value) for value in result or []]


def confirm(message: str, *, default: bool | None, help_text: str | None = None) -> bool:
    """Yes or no: `y` or `n` (or Enter for the default), then Enter.

    Without a default (a question whose answer would be a legal conclusion), Enter alone
    does not answer: the person types y or n.
    """
    if default is None:
        return _undecided_yes_no(message, help_text)
    message, hint = fit_prompt(message, "(Y/n, then Enter) " if default else "(y/N, then Enter) ")
    while True:
        prompt = questionary.confirm(
            message, default=default, auto_enter=False, style=STYLE, instruction=hint
        )
        result = _run(prompt, allow_help=help_text is not None)
        if result == HELP and help_text:
            show_help(help_text)
            continue
        return bool(result)


_YES, _NO = ("y", "yes"), ("n", "no")


def _undecided_yes_no(message: str, help_text: str | None) -> bool:
    def validate(text: str) -> bool | str:
        word = text.strip().lower()
        return word in _YES + _NO + ("?",) or "Type y for yes or n for no, then Enter."

    shown, instruction = fit_prompt(message, "(y/n, then Enter)")
    while True:
        prompt = questionary.text(shown, validate=validate, style=STYLE, instruction=instruction)
        form_keys(prompt.application, multiline=False)
        word = str(_run(prompt, allow_help=False, echo=message, shown=_yes_or_no)).strip().lower()
        if word == "?":
            show_help(help_text or "Answer y for yes or n for no.")
            continue
        return word in _YES


def _yes_or_no(typed: Any) -> str:
    """A typed y or n echoed as the word, as a yes/no with a default echoes it."""
    return "Yes" if str(typed).strip().lower() in _YES else "No"


def show_help(text: str, *, wait: bool = False) -> None:
    """Print help wrapped to the screen; with `wait`, wait for a key before going on."""
    print_prose(text, style="italic")
    if wait:  # a long list would push the help off the screen as soon as it is redrawn
        pause("Press any key to go back to the question")


def pause(message: str) -> None:
    """Wait for any key (a page of text stays on screen until it is read)."""
    _run(questionary.press_any_key_to_continue(message), allow_help=False)


# -- one question of a tree --------------------------------------------------------------


def ask_answer(
    question: Question,
    default: Any,
    *,
    cancel: str | None = None,
    also: tuple[str, Callable[[str], str | None]] | None = None,
) -> Any:
    """Ask one question until it gets a valid, typed answer.

    With `cancel` (e.g. "leave empty to cancel adding a party"), an empty text answer or
    the extra last choice returns CANCEL instead of an answer. `also`: a text answer's
    further form, the hint saying it and the check refusing it (`with_email`).
    """
    help_text = help_for(question)
    kind = question.type
    if kind in ("choice", "multi") and not question.choices:
        kind = "text"  # computed choices with nothing to offer yet: type the answer
    if kind == "text" and question.choices:  # names to pick (the parties), kept as words
        return _ask_names(question, default, help_text)
    while True:
        if kind == "yes_no":
            start = bool(default) if default is not None else None
            return confirm(question.prompt, default=start, help_text=help_text)
        if kind == "choice":
            return _ask_choice(question, default, help_text, cancel)
        shown = ticked_in_words({c.value: c.label for c in question.choices})
        value = _run(_make_prompt(question, kind, default, cancel, also), allow_help=kind == "multi",
                     echo=question.prompt, shown=shown if kind == "multi" else str)  # fmt: skip
        if value == HELP or (isinstance(value, str) and value.strip() == "?"):
            show_help(help_text, wait=tall(help_text, len(question.choices)))
            continue
        if cancel and kind != "multi" and not str(value).strip():
            return CANCEL
        try:
            return coerce(question, list(value or []) if kind == "multi" else value)
        except InvalidAnswer as exc:  # only reachable for types without inline validation
            out().print(f"  {exc}", style="red", markup=False)


def _ask_choice(question: Question, default: Any, help_text: str, cancel: str | None) -> Any:
    options = [Option(c.value, c.label, c.help or None) for c in question.choices]
    if cancel:
        options.append(Option(CANCEL, f"({cancel})"))
    if question.starts_unchosen and default is None:  # a legal ground: none assumed
        first = "(not chosen yet: ↓ to choose)" if question.required else "(none of these)"
        options.insert(0, Option(UNCHOSEN, first))
        default = UNCHOSEN
    while True:
        picked = select(question.prompt, options, default=default, help_text=help_text)
        if picked == UNCHOSEN and not question.required:
            return None  # an optional ground left empty
        if picked != UNCHOSEN:
            return picked if picked == CANCEL else coerce(question, picked)
        out().print("  Choose one with ↓ or ↑, then press Enter.", style="red")


def _ask_names(question: Question, default: Any, help_text: str) -> str | None:
    """Tick one or more of the names offered; the answer names them in words ("A and B")."""
    options = [Option(c.value, c.label) for c in question.choices]
    earlier = [c.value for c in question.choices if c.value in str(default or "")]
    while True:
        picked = tick(f"{question.prompt} (tick one or more)", options, help_text=help_text,
                      ticked=earlier)  # fmt: skip
        if picked or not question.required:
            return names_in_words(picked) or None
        out().print("  Tick at least one (Space), then press Enter.", style="red")


def ask_lines(
    message: str, check: Callable[[str], bool | str], *, hint: str, help_text: str
) -> str:
    """Lines of text ended by Enter on an empty line (`hint` says so); `?` alone shows the
    help; `check` refuses an answer with a message under it, the lines kept to correct."""
    shown, instruction = fit_prompt(message, hint + "\n")
    while True:
        prompt = questionary.text(shown, validate=lambda text: text.strip() == "?" or check(text),
                                  multiline=True, instruction=instruction, style=STYLE)  # fmt: skip
        form_keys(prompt.application, multiline=True)
        text = str(_run(prompt, allow_help=False, echo=message))
        if text.strip() != "?":
            return text
        show_help(help_text)


def names_in_words(names: Sequence[str]) -> str:
    """`A`, `A and B`, `A, B and C`: names picked from a list, as a sentence says them."""
    names = list(names)
    return " and ".join(names) if len(names) < 3 else f"{', '.join(names[:-1])} and {names[-1]}"


def _make_prompt(
    question: Question, kind: str, default: Any, cancel: str | None,
    also: tuple[str, Callable[[str], str | None]] | None = None,
) -> questionary.Question:  # fmt: skip
    if kind == "multi":
        chosen = set(default or [])
        choices = [
            questionary.Choice(c.label, c.value, checked=c.value in chosen,
                               description=wrap_description(c.help or None))
            for c in question.choices
        ]  # fmt: skip
        message, instruction = fit_prompt(
            question.prompt, "(Space to tick, Enter when done; ? for help)"
        )
        return questionary.checkbox(
            message, choices=choices, style=STYLE, validate=_multi_validator(question),
            instruction=instruction,
        )  # fmt: skip
    multiline = kind == "long_text"
    instruction = LONG_TEXT_HINT + "\n" if multiline else None
    if cancel:
        instruction = f"({cancel})" + ("\n" if multiline else "")
    if also:
        instruction = " ".join(filter(None, (instruction, also[0])))
    message, instruction = fit_prompt(question.prompt, instruction)
    prompt = questionary.text(
        message,
        default="" if default is None else str(default),
        validate=_text_validator(
            question, allow_empty=cancel is not None, also=also[1] if also else None
        ),  # fmt: skip
        multiline=multiline,
        instruction=instruction,
        style=STYLE,
    )
    form_keys(prompt.application, multiline=multiline)
    return prompt


def _text_validator(
    question: Question, *, allow_empty: bool, also: Callable[[str], str | None] | None = None
) -> Callable[[str], bool | str]:
    def validate(text: str) -> bool | str:
        if text.strip() == "?":
            return True
        if not text.strip():
            if allow_empty or not question.required:
                return True
            return "This question needs an answer (type ? for help)."
        try:
            coerce(question, text)
        except InvalidAnswer as exc:
            return str(exc)
        return (also(text) if also else None) or True

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


# -- keys ----------------------------------------------------------------------------------


def _run(
    prompt: questionary.Question,
    *,
    allow_help: bool,
    echo: str | None = None,
    shown: Callable[[Any], str] = str,
) -> Any:
    """Ask with our keys; Ctrl-C and Ctrl-D stop the wizard.

    With `echo` (the question), the answer (as `shown` words it) is shown under it wrapped
    at words to the screen, instead of the prompt's own line, which the terminal cuts
    mid-word and which says only "done" for a tick list.
    """
    keys = KeyBindings()

    @keys.add("c-d", eager=True)
    def _stop(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError(), style="class:aborting")

    if allow_help:

        @keys.add("?", eager=True)
        def _help(event: KeyPressEvent) -> None:
            event.app.exit(result=HELP)

    bind(prompt.application, keys)
    if echo is not None:
        prompt.application.erase_when_done = True
    try:
        result = prompt.unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        raise Interrupted("you stopped the wizard before the end") from None
    if echo is not None and result not in (HELP, UNCHOSEN) and str(result).strip() != "?":
        print_answer(echo, shown(result) if result is not None else "")
    return result


def ticked_in_words(labels: dict[str, str]) -> Callable[[Any], str]:
    """How a tick list's answer is echoed: the labels ticked, or "none ticked"."""
    return lambda values: "; ".join(labels.get(str(v), str(v)) for v in values) or "none ticked"


def _with(label: str, description: str | None) -> str:
    return label if not description else f"{label}. {description}"
