"""Editing an answers file in place: the user's comments, order, quoting and style stay.

An answers file is the user's own: they add comments, fold long answers into `>`
blocks, write `yes` for true and keep the file in git. When sharewiz changes some
answers (`update --set`, a resumed wizard, a pinned date, a new document version) it
edits the file with ruamel.yaml's round-trip mode, so only the lines whose values
changed change, and a change of nothing leaves the file byte-identical.

Scalars are read as text, as `sharewiz.model.yamlio` reads answers: only `null` (or an
empty value) is null, so `NO`, `off` and `~` stay the text the user typed, and a value
written here is quoted exactly when that reader would otherwise misread it. Whether an
old value still means the new one is decided by the question's own typing (`yes` is
the answer true), so a value that means the same is never rewritten.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.tree import Question

_WORDS = {"yes", "no", "y", "n"}

# Find the question an answer (or a group entry's field) belongs to; None if unknown.
Lookup = Callable[[str], Question | None]

_NULL = [("tag:yaml.org,2002:null", re.compile(r"^(?:null|)$"))]
# The first key inside `answers:` (after any blank or comment lines), for its indentation.
_NESTED = re.compile(r"^answers:[^\n]*\n(?:[ \t]*(?:#[^\n]*)?\n)*( +)[^\s#-]", re.MULTILINE)


class _TextResolver(VersionedResolver):
    """Every scalar is text but `null` and empty, as `yamlio` reads answers files."""

    @property
    def versioned_resolver(self) -> Any:
        # Fresh lists each time: ruamel's `resolve` extends the list it is given.
        return {"n": list(_NULL), "": list(_NULL)}


def edit_answers_text(current: str, envelope: Mapping[str, Any], answers: Mapping[str, Any],
                      lookup: Lookup) -> str | None:  # fmt: skip
    """`current` with its envelope and answers changed to these, or None if unreadable.

    Args:
        current: the answers file's text as it stands.
        envelope: kind, tree_version and sharewiz_version; sharewiz_version is only
            updated when something else changed, so a no-op stays byte-identical.
        answers: the answers the file should now hold; a key the file has and these
            lack is removed unless it was blank, and a blank answer is added only at
            the top level (so a resumed wizard does not ask it again).
        lookup: the question of an answer id, to tell whether a value still means the same.

    Returns:
        The new text (`current` itself when nothing changed), or None when `current` is
        not a mapping ruamel can read, for the caller to write the file afresh.
    """
    yaml = YAML(typ="rt")
    yaml.Resolver = _TextResolver
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the user's long lines
    try:
        _data, sequence_indent, offset = load_yaml_guess_indent(current)
        document = yaml.load(current)
    except YAMLError:
        return None
    if not isinstance(document, CommentedMap):
        return None
    # ruamel writes the whole file with one indentation: the user's, as found
    nested = _NESTED.search(current)
    mapping = len(nested.group(1)) if nested else 2
    if offset is None:  # no block list yet: write them as sharewiz does (`- ` under the key)
        sequence_indent, offset = mapping, 0
    yaml.indent(mapping=mapping, sequence=sequence_indent, offset=offset)
    version = envelope.get("sharewiz_version")
    order = [*envelope, "answers"]
    changed = False
    for key, value in envelope.items():
        if key != "sharewiz_version" and _text(value) != document.get(key):
            _put(document, key, _text(value), order)
            changed = True
    held = document.get("answers")
    if not isinstance(held, CommentedMap):
        if held is None and not answers:
            return current if not changed else _dump(yaml, document, version, order)
        held = CommentedMap()
        document["answers"] = held
        changed = True
    changed = _edit_mapping(held, answers, lookup, top=True) or changed
    return _dump(yaml, document, version, order) if changed else current


def _dump(yaml: YAML, document: CommentedMap, version: Any, order: list[str]) -> str:
    if version is not None and document.get("sharewiz_version") != _text(version):
        _put(document, "sharewiz_version", _text(version), order)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def _edit_mapping(held: CommentedMap, new: Mapping[str, Any], lookup: Lookup, *, top: bool) -> bool:
    """Change `held` to hold `new`, touching only the keys whose meaning changed."""
    changed = False
    for key in [k for k in held if k not in new]:
        if held[key] not in (None, "", [], {}):  # a blank left out means the same
            del held[key]
            changed = True
    order = list(new)
    for key, value in new.items():
        if key not in held:
            if value is None and not top:
                continue
            _put(held, key, _text(value), order)
            changed = True
        elif not _same(held[key], value, lookup(key)):
            held[key] = _replace(held[key], value, lookup(key))
            changed = True
    return changed


def _same(old: Any, new: Any, question: Question | None) -> bool:
    """Whether the text in the file still means the answer `new`."""
    if question is None:
        return bool(_plain(old) == _plain(new))
    try:
        return bool(coerce(question, _plain(old)) == coerce(question, _plain(new)))
    except InvalidAnswer:
        return False


def _replace(old: Any, new: Any, question: Question | None) -> Any:
    """The value to store: a group edited entry by entry, anything else written anew."""
    if (
        question is not None
        and question.type == "group"
        and isinstance(old, CommentedSeq)
        and isinstance(new, list)
    ):
        inner = {q.id: q for q in question.questions}
        for index, entry in enumerate(new):
            if (
                index < len(old)
                and isinstance(old[index], CommentedMap)
                and isinstance(entry, Mapping)
            ):
                _edit_mapping(old[index], entry, inner.get, top=False)
            elif index < len(old):
                old[index] = _text(entry)
            else:
                old.append(_text(entry))
        del old[len(new) :]
        return old
    if isinstance(new, bool) and isinstance(old, str) and old.strip().lower() in _WORDS:
        word = "yes" if new else "no"  # in the user's own words and case
        return word.upper() if old.isupper() else word.title() if old.istitle() else word
    return _text(new)


def _put(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set `key`; a new key goes after the nearest key before it in `order` (tree order)."""
    if key in mapping:
        mapping[key] = value
        return
    position = len(mapping)
    if key in order:
        position = 0
        for earlier in reversed(order[: order.index(key)]):
            if earlier in mapping:
                position = list(mapping).index(earlier) + 1
                break
    mapping.insert(position, key, value)


def _plain(value: Any) -> Any:
    """A value as plain data, as the answers reader would see it (ruamel types dropped)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str):
        return None if value is None else str(value)
    return _text(value)


def _text(value: Any) -> Any:
    """A new value as ruamel should write it: text scalars, long text as a `|` block."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return LiteralScalarString(value) if "\n" in value else str(value)
    if isinstance(value, Mapping):
        entry = CommentedMap()
        for key, inner in value.items():
            if inner is not None:
                entry[str(key)] = _text(inner)
        return entry
    if isinstance(value, list):
        return CommentedSeq(_text(item) for item in value)
    return value


__all__ = ["Lookup", "edit_answers_text"]
