"""The grid prompt: a choice for each of several entries, on one screen.

↑/↓ move between the rows, ←/→ (and Space) change the highlighted row's choice, Enter
accepts (refused, naming the rows, while a row has no choice), `?` shows the help and
returns to the grid as it was, and Ctrl-C or Ctrl-D stop the wizard as every prompt does.
The table itself (rows, layout, scrolling) is `grid_table.py`.
"""

from __future__ import annotations

from collections.abc import Sequence

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.styles import Style

from sharewiz.cli.asking.grid_table import GridRow, GridTable
from sharewiz.cli.asking.layout import columns, fit_prompt, screen_rows, tall
from sharewiz.cli.asking.prompts import show_help
from sharewiz.cli.console import print_answer
from sharewiz.errors import Interrupted

GRID_HINT = "(↑/↓ to move, ←/→ or Space to change, Enter when done"
_STYLE = Style.from_dict({
    "qmark": "fg:#5f87af bold", "question": "bold", "instruction": "fg:#808080",
    "pointer": "fg:#5f87af bold", "highlighted": "bold", "current": "reverse",
    "unchosen": "fg:#808080", "missing": "fg:#d70000 bold", "detail": "italic",
})  # fmt: skip


def grid(
    message: str, rows: Sequence[GridRow], *, help_text: str | None = None, law: str = ""
) -> list[str]:
    """Each row's choice (its value), once every row has one; `?` shows `help_text`.

    `law`: the question's citation, shown under the table where a choice has none.
    """
    table = GridTable(list(rows), law=law)
    hint = GRID_HINT + ("; ? for help)" if help_text else ")")
    while True:
        if _run(message, hint, table, allow_help=help_text is not None) == "help":
            show_help(help_text or "", wait=tall(help_text or "", len(table.rows)))
            continue  # back to the grid, every choice and the highlighted row kept
        print_answer(message, table.summary())
        return table.values()


def _run(message: str, hint: str, table: GridTable, *, allow_help: bool) -> str:
    """Show the grid until Enter is accepted ("done") or `?` is pressed ("help")."""
    control = FormattedTextControl(lambda: _screen(message, hint, table), show_cursor=False)
    app: Application[str] = Application(
        layout=Layout(HSplit([Window(control, dont_extend_height=True, wrap_lines=False)])),
        key_bindings=_keys(table, allow_help=allow_help), style=_STYLE, erase_when_done=True,
        full_screen=False,
    )  # fmt: skip
    try:
        return app.run()
    except (KeyboardInterrupt, EOFError):
        raise Interrupted("you stopped the wizard before the end") from None


def _screen(message: str, hint: str, table: GridTable) -> StyleAndTextTuples:
    """The question and its hint wrapped at words, then the table fitted to the screen."""
    shown, instruction = fit_prompt(message, hint)
    head: StyleAndTextTuples = [("class:qmark", "? "), ("class:question", shown), ("", " "),
                                ("class:instruction", instruction or ""), ("", "\n")]  # fmt: skip
    used = 1 + shown.count("\n") + (instruction or "").count("\n")
    body: StyleAndTextTuples = []
    for line in table.lines(columns(), screen_rows() - used - 1):
        body += [(" ".join(f"class:{s}" for s in style.split()), piece) for style, piece in line]
        body.append(("", "\n"))
    return head + body[:-1]


def _keys(table: GridTable, *, allow_help: bool) -> KeyBindings:
    """The grid's keys: each changes the table, Enter and `?` end the prompt."""
    keys = KeyBindings()

    @keys.add("up")
    @keys.add("s-tab")
    def _up(_event: KeyPressEvent) -> None:
        table.move(-1)

    @keys.add("down")
    @keys.add("tab")
    def _down(_event: KeyPressEvent) -> None:
        table.move(1)

    @keys.add("pageup")
    def _page_up(_event: KeyPressEvent) -> None:
        table.move(-max(1, screen_rows() - 8))

    @keys.add("pagedown")
    def _page_down(_event: KeyPressEvent) -> None:
        table.move(max(1, screen_rows() - 8))

    @keys.add("right")
    @keys.add(" ")
    def _next(_event: KeyPressEvent) -> None:
        table.change(1)

    @keys.add("left")
    def _previous(_event: KeyPressEvent) -> None:
        table.change(-1)

    @keys.add("enter")
    def _done(event: KeyPressEvent) -> None:
        if table.accept():
            event.app.exit(result="done")

    @keys.add("c-c", eager=True)
    @keys.add("c-d", eager=True)
    def _stop(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt(), style="class:aborting")

    if allow_help:

        @keys.add("?", eager=True)
        def _help(event: KeyPressEvent) -> None:
            event.app.exit(result="help")

    return keys
