"""A new list entered as lines (`as_lines:`): one entry a line, in one prompt.

"Which data items are shared?" asked entry by entry is a prompt a name, another a
description, and an empty answer to finish. Entered as lines, the officer types every
entry in one multi-line prompt, its name, and after a colon what the name's
`split_at_colon` field asks ("Mother's name and NHS number: to match records"). The
entries are saved at once; every other field is then asked as after any list is made
(`sharewiz.cli.asking.across.complete`): ticked across the entries where that is shorter,
entry by entry otherwise, and the field after the colon of each line that had none. The
answers file is the same as when the entries are asked one by one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sharewiz.cli.asking.help_text import help_for
from sharewiz.cli.asking.position import Position
from sharewiz.cli.asking.prompts import ask_lines
from sharewiz.cli.console import print_prose
from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.colon_split import split_at_colon
from sharewiz.model.conditions import evaluate
from sharewiz.model.tree import Question

if TYPE_CHECKING:
    from sharewiz.cli.asking.groups import GroupEditor

LINES_HINT = "(one per line; press Enter on an empty line to finish)"
NONE_HINT = "(one per line; press Enter on an empty line to finish, or at once if none)"


def colon_field(group: Question, field: Question, context: Mapping[str, Any]) -> Question | None:
    """The field that `field`'s text after a colon answers (its `split_at_colon`), where
    that field's `when` holds for the answers in `context` (None otherwise).

    A purpose's wording for children is asked only in a notice for children: elsewhere a
    colon in the purpose is kept as typed.
    """
    second = next((q for q in group.questions if q.id == field.split_at_colon), None)
    if second is None or not evaluate(second.when, context, second.where):
        return None
    return second


def split_answer(
    group: Question, field: Question, entry: dict[str, Any], context: Mapping[str, Any]
) -> list[str]:
    """An entry's answer typed as "name: more" (`split_at_colon`) split in two, when the
    fields are asked one by one, where the later field is asked (`colon_field`, its
    condition judged on `context`, the answers with the entry's); the id of the later
    field it answered (or none)."""
    value = entry.get(field.id)
    second = colon_field(group, field, context)
    if not isinstance(value, str) or second is None:
        return []  # no colon field, or not asked for these answers: the text is kept whole
    name, rest = split_at_colon(value)
    if rest is None:
        return []  # no colon, or nothing before it: the answer is kept as typed
    entry[field.id], entry[second.id] = name, rest or None
    return [second.id]


def read_lines(
    group: Question,
    text: str,
    context: Mapping[str, Any] | None = None,
    before: Sequence[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    """The entries a lines answer makes: one a line, trimmed, blank lines skipped.

    Each line answers the group's first field, and what follows a colon answers the
    field its `split_at_colon` names where that field is asked for the answers in
    `context` (`colon_field`; without a context, wherever it is named); otherwise the
    line is kept whole. Each part is checked as that field's typed answer is.
    `before`: the entries the list has already (party 1, from the profile): the lines
    are the others, counted with them and never naming one of them again.

    Raises:
        InvalidAnswer: too few or too many lines, a name given twice, or a part refused
            (too long, a character a document cannot hold), naming the line.
    """
    first = group.questions[0]
    second = _second(group, context)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    item, items = group.item_name, plural(group.item_name)
    low = int(group.min or 0) - len(before)
    high = None if group.max is None else int(group.max) - len(before)
    more = " more" if before else ""
    if len(lines) < low:
        given = f"; there {'is' if len(lines) == 1 else 'are'} {len(lines)}" if lines else ""
        need = f"at least {low}{more} {item if low == 1 else items}"
        raise InvalidAnswer(f"Type {need}, one per line{given}.")
    if high is not None and len(lines) > high:
        raise InvalidAnswer(f"At most {high}{more} {items}: there are {len(lines)}; "
                            f"remove {len(lines) - high}.")  # fmt: skip
    entries: list[dict[str, Any]] = []
    seen = {str(e.get(first.id)).casefold(): f"{item} {n}" for n, e in enumerate(before, 1)}
    for number, line in enumerate(lines, 1):
        name, rest = split_at_colon(line) if second is not None else (line, None)
        entry = {first.id: _part(first, name, number)}
        if rest and second is not None:  # nothing after the colon: that field is asked alone
            entry[second.id] = _part(second, rest, number)
        key = str(entry[first.id]).casefold()
        if key in seen:
            raise InvalidAnswer(f"Line {number} ({entry[first.id]}) repeats {seen[key]}: "
                                f"give each {item} once.")  # fmt: skip
        seen[key] = f"line {number}"
        entries.append(entry)
    return entries


def lines_of(group: Question, entries: Sequence[Mapping[str, Any]]) -> str:
    """Entries as the lines that make them (`read_lines` reversed): each entry's first
    field, then a colon and its `split_at_colon` field where that has an answer."""
    first = group.questions[0]
    second = _second(group, None)
    lines = []
    for entry in entries:
        rest = entry.get(second.id) if second is not None else None
        lines.append(f"{entry.get(first.id)}: {rest}" if rest not in (None, "") else
                     str(entry.get(first.id)))  # fmt: skip
    return "\n".join(lines)


def _second(group: Question, context: Mapping[str, Any] | None) -> Question | None:
    """The field a line's text after its colon answers, for the answers in `context`."""
    first = group.questions[0]
    if context is None:
        return next((q for q in group.questions if q.id == first.split_at_colon), None)
    blank = {q.id: None for q in group.questions}  # no entry has an answer yet
    return colon_field(group, first, {**context, **blank})


def _part(field: Question, text: str, number: int) -> Any:
    """One part of a line, typed and checked as the field's answer; refused naming the line."""
    try:
        return coerce(field, text)
    except InvalidAnswer as exc:
        shown = text if len(text) <= 40 else text[:39] + "…"
        raise InvalidAnswer(f"Line {number} ({shown}): {exc}") from None


def enter_as_lines(editor: GroupEditor) -> None:
    """Ask a new list's entries as lines, and save them at once; the position then says
    the list is made, so Ctrl-C from here on resumes at the next field, not the lines.

    A list whose first entry the organisation profile gives (party 1, the officer's own
    organisation) takes it first where the officer does; the lines are then the others.
    A list the profile gives whole (`profile: signatories`) is not typed where the officer
    takes the profile; typed where it holds none, it is offered for saving at the end.
    """
    profile = editor.wizard.profile
    own = profile.first_entry(editor.group, editor.context, f"{editor.item} 1") if profile else {}
    if own:
        print_prose(f"The other {editor.items}, after {editor.label(own)}:", style="bold")
    entries = _whole_from_profile(editor)
    if not entries:
        entries = _ask(editor, editor.group, editor.context, [own] if own else [])
        if editor.group.profile:  # typed in this run: offered for saving to the profile
            editor.wizard.asked.add(editor.group.id)
    editor.wizard.move_to(Position(editor.group.id, completing=True))
    editor.entries = [own, *entries] if own else entries
    editor.save()


def _whole_from_profile(editor: GroupEditor) -> list[dict[str, Any]]:
    """The entries of a list the profile gives whole (a processor contract's controller's
    signatories, `profile: signatories`), read from its lines as typed ones are, where the
    officer takes the profile's answers, said in one line; [] where not (they are typed)."""
    if editor.wizard.profile is None or not editor.group.profile:
        return []
    taken, text = editor.wizard.from_profile(editor.group)
    if not taken or not isinstance(text, str):
        return []
    try:
        entries = read_lines(editor.group, text, editor.context)
    except InvalidAnswer:
        return []  # lines this list refuses (more than it allows): typed instead
    shown = "; ".join(line.strip() for line in text.splitlines() if line.strip())
    print_prose(f"{shown} (from your organisation profile; change it from the review)",
                style="dim", indent=2)  # fmt: skip
    return entries


def enter_inner_lines(
    editor: GroupEditor, group: Question, context: Mapping[str, Any], into: dict[str, Any]
) -> list[dict[str, Any]]:
    """A new list inside an entry (a party's signatories) typed as lines, under the entry's
    heading, then each line's entry asked what its line did not give (a signatory's role
    where the job title does not name it). Saved in the entry `into` as it goes."""
    entries = _ask(editor, group, context)
    into[group.id] = entries
    editor.save()
    for number, given in enumerate(list(entries), 1):
        entries[number - 1] = editor.inner_entry(group, context, number, {}, given=given)
        editor.save()
    return entries


def _ask(
    editor: GroupEditor,
    group: Question,
    context: Mapping[str, Any],
    before: Sequence[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    """The lines prompt of `group`, checked as it is answered; the entries it makes, after
    those it has `before`.

    Where the field after the colon is not asked for these answers, the prompt without
    the colon (`as_lines_without_colon`), and each line is kept whole.
    """
    editor.wizard.show_law(group)
    second = _second(group, context)

    def check(text: str) -> bool | str:
        try:
            read_lines(group, text, context, before)
        except InvalidAnswer as exc:
            return str(exc)
        return True

    hint = NONE_HINT if int(group.min or 0) <= len(before) else LINES_HINT
    prompt = group.as_lines if second is not None else (
        group.as_lines_without_colon or group.as_lines)  # fmt: skip
    return read_lines(group, ask_lines(str(prompt), check, hint=hint,
                                       help_text=_help(group, second)), context, before)  # fmt: skip


def _help(group: Question, second: Question | None) -> str:
    """The list's help, then what each line holds: its name's help, and the colon's."""
    first = group.questions[0]
    parts = [help_for(group), f"Each line: {first.help}"]
    if second is not None:
        parts.append(f"After a colon: {second.prompt} {second.help}")
    return "\n".join(parts)


def plural(noun: str) -> str:
    """`party` -> `parties`, `data item` -> `data items`, `type of data` -> `types of data`."""
    head, of, rest = noun.partition(" of ")
    if of:
        return f"{plural(head)} of {rest}"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return noun if noun.endswith("s") else noun + "s"
