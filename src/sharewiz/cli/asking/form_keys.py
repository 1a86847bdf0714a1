"""The keys of a typed answer: it behaves as a form field does.

A pre-filled answer is selected, so typing replaces it rather than appending to it
("Data Protection OfficerPriya Shah"), Backspace empties it and Enter keeps it; in a long
answer, Enter on an empty line finishes (Esc or Alt then Enter too), and `?` alone
asks for help at once.
"""

from __future__ import annotations

from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys


def form_keys(app: Application[Any], *, multiline: bool) -> None:
    """A pre-filled answer is selected: typing replaces it, Backspace empties it, Enter keeps it.

    In a long answer, Enter on an empty line finishes (Esc or Alt then Enter too).
    """
    buffer: Buffer = app.current_buffer
    untouched = {"yes": bool(buffer.text)}
    if untouched["yes"]:  # show it selected, as a form field does
        buffer.cursor_position = 0
        buffer.start_selection()
        buffer.cursor_position = len(buffer.text)

    def touched(_buffer: Buffer) -> None:
        if untouched["yes"]:
            untouched["yes"] = False
            buffer.exit_selection()

    buffer.on_text_changed += touched
    buffer.on_cursor_position_changed += touched
    pristine = Condition(lambda: untouched["yes"])
    keys = KeyBindings()

    @keys.add(Keys.Any, filter=pristine)
    def _replace(event: KeyPressEvent) -> None:
        buffer.text = ""
        buffer.insert_text(event.data)

    @keys.add("backspace", filter=pristine)
    @keys.add("delete", filter=pristine)
    def _clear(_event: KeyPressEvent) -> None:  # one key empties it, as in a form field
        buffer.text = ""

    @keys.add("enter", filter=pristine)
    def _keep(_event: KeyPressEvent) -> None:
        buffer.exit_selection()
        buffer.validate_and_handle()

    if multiline:

        @keys.add("enter", filter=~pristine)
        def _line_or_finish(_event: KeyPressEvent) -> None:
            document = buffer.document
            if buffer.text.strip() in ("", "?") or (  # "?" alone: help, at once
                document.is_cursor_at_the_end and not document.current_line.strip()
            ):
                buffer.text = buffer.text.rstrip()
                buffer.validate_and_handle()
            else:
                buffer.newline(copy_margin=False)

    bind(app, keys)


def bind(app: Application[Any], keys: KeyBindings) -> None:
    """Add `keys` to the prompt application's own."""
    app.key_bindings = merge_key_bindings([app.key_bindings, keys]) if app.key_bindings else keys
