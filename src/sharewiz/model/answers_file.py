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
`sharewiz.model.reading` to migrate, type and validate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz import __version__
from sharewiz.errors import AnswersError
from sharewiz.model.answers import Answers
from sharewiz.model.atomic import write_text_atomic
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
        raise AnswersError(f"{path}:1: an answers file must be a mapping with 'kind' and 'answers'")
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
            f"{path}:{line_of(data, 'answers')}: 'answers' must be a mapping of question id: answer"
        )
    version_text = str(data.get("tree_version") or "0")
    if not version_text.isdigit():
        raise AnswersError(
            f"{path}:{line_of(data, 'tree_version')}: 'tree_version' must be a whole number"
        )
    return AnswersFile(
        kind=kind,
        answers=answers,
        tree_version=int(version_text),
        sharewiz_version=str(data.get("sharewiz_version") or ""),
        path=path,
        lines=dict(answers.key_lines),
    )


def answers_to_yaml(kind: str, tree_version: int, answers: Mapping[str, Any]) -> str:
    """The text of an answers file: header, envelope, answers in tree order."""
    envelope = {"kind": kind, "tree_version": tree_version, "sharewiz_version": __version__}
    if not answers or _shares_containers(answers):  # `{}` or YAML anchors: dump it whole
        # A blank optional answer is kept (as null) so a resumed wizard does not ask again.
        return HEADER + dump_yaml({**envelope, "answers": dict(answers)})
    # The same text, an answer at a time: each answer's lines depend only on itself, and
    # a batch's sets share most answers, so their text is reused rather than re-dumped.
    parts = [HEADER, dump_yaml_reused(envelope), "answers:\n"]
    for key, value in answers.items():
        parts.append(dump_yaml_reused({"answers": {key: value}}).partition("\n")[2])
    return "".join(parts)


def _shares_containers(value: Any) -> bool:
    """Whether one list or mapping appears twice (YAML would write an anchor and alias)."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (dict, list)):
            if id(item) in seen:
                return True
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return False


def save_answers(path: Path, kind: str, tree_version: int, answers: Mapping[str, Any]) -> None:
    """Atomically write an answers file."""
    write_text_atomic(path, answers_to_yaml(kind, tree_version, answers))
