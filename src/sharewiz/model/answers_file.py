"""The answers file: its envelope (kind, tree version, answers) read and written.

An answers file is plain YAML a person can edit and keep in git::

    # sharewiz answers ...
    kind: privacy-notice
    tree_version: 1
    sharewiz_version: 0.1.0
    answers:
      controller_name: Northshire County Council
      ...

Reading keeps every scalar as text, with the line of each key, for
`sharewiz.model.reading` to migrate, type and validate. Writing goes through one
function, `answers_to_yaml` (and `save_answers` on top of it): a file that exists is
edited in place (`sharewiz.model.answers_edit`), keeping the user's comments and style.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz import __version__
from sharewiz.errors import AnswersError
from sharewiz.model.answers import Answers
from sharewiz.model.answers_edit import Lookup, edit_answers_text
from sharewiz.model.atomic import write_text_atomic
from sharewiz.model.tree import QuestionTree
from sharewiz.model.yamlio import MarkedDict, dump_yaml, dump_yaml_reused, line_of, load_yaml

HEADER = (
    "# sharewiz answers: edit freely, then run `sharewiz render` or `sharewiz update`.\n"
    "# Keys are question ids; see `sharewiz explain` for the law behind each one.\n"
)
_FILE_KEYS = {"kind", "tree_version", "sharewiz_version", "answers"}


@dataclass
class AnswersFile:
    """An answers file: the kind, the tree version it was answered for, and answers."""

    kind: str
    answers: Answers
    tree_version: int = 0
    sharewiz_version: str = __version__
    path: Path | None = None
    lines: Mapping[str, int] = field(default_factory=dict)


def read_answers_file(path: Path) -> AnswersFile:
    """Read an answers file's envelope; answers stay raw text until typed by a tree."""
    data = load_yaml(path, plain=True, error=AnswersError)
    if data is None:
        data = MarkedDict()
    if not isinstance(data, MarkedDict):
        raise AnswersError(
            f"{path}:1: an answers file must be a mapping with 'kind' and 'answers'",
            hint="start it `kind: privacy-notice` (see `sharewiz list`), then `answers:` "
            "with one `question_id: answer` per line beneath",
        )
    unknown = set(data) - _FILE_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise AnswersError(
            f"{path}:{line_of(data, key)}: unknown key {key!r} at the top of the answers file",
            hint="answers go under 'answers:'; the top level holds kind, tree_version, sharewiz_version and answers",
        )
    kind = data.get("kind")
    if not isinstance(kind, str) or not kind:
        raise AnswersError(
            f"{path}:{data.line}: the answers file does not say its 'kind'",
            hint="add e.g. `kind: privacy-notice` (see `sharewiz list`)",
        )
    answers = data.get("answers") or MarkedDict()
    if not isinstance(answers, MarkedDict):
        raise AnswersError(
            f"{path}:{line_of(data, 'answers')}: 'answers' must be a mapping of question id: answer",
            hint="indent one `question_id: answer` per line under `answers:`",
        )
    version_text = str(data.get("tree_version") or "0")
    if not version_text.isdigit():
        raise AnswersError(
            f"{path}:{line_of(data, 'tree_version')}: 'tree_version' must be a whole number",
            hint="write the version of the questions the answers were given to, "
            "e.g. `tree_version: 1` (see `sharewiz list`)",
        )
    return AnswersFile(
        kind=kind,
        answers=answers,
        tree_version=int(version_text),
        sharewiz_version=str(data.get("sharewiz_version") or ""),
        path=path,
        lines=dict(answers.key_lines),
    )


def answers_to_yaml(
    kind: str,
    tree_version: int,
    answers: Mapping[str, Any],
    *,
    current: str | None = None,
    tree: QuestionTree | None = None,
) -> str:
    """The text of an answers file holding `answers`.

    Args:
        kind: the document kind (the tree's id).
        tree_version: the version of the tree the answers are for.
        answers: the answers, in tree order.
        current: the file's text as it stands, if it exists: it is edited in place, so
            comments, order, quoting and block style stay, only the values that changed
            change, and no change gives back `current` itself.
        tree: the question tree, so a value that means the same (`yes` for true) is kept.

    Returns:
        The file's new text; a fresh file starts with a header saying how to use it.
    """
    envelope = {"kind": kind, "tree_version": tree_version, "sharewiz_version": __version__}
    if current is not None:
        edited = edit_answers_text(current, envelope, answers, _lookup(tree))
        if edited is not None:
            return edited
    if not answers or _shares_containers(answers):  # `{}` or YAML anchors: dump it whole
        # A blank optional answer is kept (as null) so a resumed wizard does not ask again.
        return HEADER + dump_yaml({**envelope, "answers": dict(answers)})
    # The same text, an answer at a time: each answer's lines depend only on itself, and
    # a batch's sets share most answers, so their text is reused rather than re-dumped.
    parts = [HEADER, dump_yaml_reused(envelope), "answers:\n"]
    parts.extend(_answer_text(key, value) for key, value in answers.items())
    text = "".join(parts)
    if "\n...\n" in text:  # a text kept with its last blank lines (`|+`) ends a dump with
        return HEADER + dump_yaml({**envelope, "answers": dict(answers)})  # `...`: once
    return text


def _answer_text(key: str, value: Any) -> str:
    """One answer's lines of the dump; a group's entry by entry, as a row changes one."""
    if type(value) is list and len(value) > 1 and all(type(e) is dict and e for e in value):
        entries = [dump_yaml_reused({"answers": {key: [entry]}}).split("\n", 2) for entry in value]
        return entries[0][1] + "\n" + "".join(entry[2] for entry in entries)
    return dump_yaml_reused({"answers": {key: value}}).partition("\n")[2]


def _shares_containers(value: Any) -> bool:
    """Whether one list or mapping appears twice (YAML would write an anchor and alias)."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        inner: Iterable[Any]
        if isinstance(item, dict):
            inner = item.values()
        elif isinstance(item, list):
            inner = item
        else:
            continue
        if id(item) in seen:
            return True
        seen.add(id(item))
        stack.extend([v for v in inner if type(v) is not str])  # most answers are text
    return False


def _lookup(tree: QuestionTree | None) -> Lookup:
    if tree is None:
        return lambda _key: None
    questions = {question.id: question for question in tree.questions()}
    return questions.get


def read_current(path: Path) -> str | None:
    """An answers file's text as it stands, or None if there is none to edit."""
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError, IsADirectoryError):
        return None


def save_answers(
    path: Path,
    kind: str,
    tree_version: int,
    answers: Mapping[str, Any],
    *,
    tree: QuestionTree | None = None,
) -> None:
    """Write an answers file atomically, editing it in place if it exists (see `answers_to_yaml`).

    Nothing is written when the text would not change, so a no-op keeps the file's
    bytes and its modification time.
    """
    current = read_current(path)
    text = answers_to_yaml(kind, tree_version, answers, current=current, tree=tree)
    if text != current:
        write_text_atomic(path, text)
