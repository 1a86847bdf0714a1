"""The one record of a document set: `DIR/.sharewiz/state.json`.

Beside the documents, sharewiz keeps::

    DIR/.sharewiz/state.json        # what sharewiz last wrote here (below); relative paths only
    DIR/.sharewiz/lock              # present only while a render or update runs (sets.lock)

`state.json` holds the kind, the tree version and its question ids, the formats, the
version and hashes of the kind's own templates, the document version, the answers as last rendered, the
sha256 of every file as last written, the Markdown of each document exactly as last
rendered (`bases`: update's merge base, one JSON string a line so git diffs stay
readable), the protocol the set sits under, the version history and what `status` shows
of the set as rendered (its title and findings). Every command reads it with
:func:`read_state`; render and update write it with :func:`write_state`. The text is
deterministic (sorted keys, no clock), so an unchanged set rewrites nothing.

Folders written before state.json existed (`manifest.json`, `record.json` and
`history.yaml`) are read and migrated on first touch: state.json is written atomically
first, and only then are the old files removed. Merge bases kept as files
(`.sharewiz/base/<doc>.md`, before they moved into state.json) are read into the state,
and the folder is removed by the next :func:`write_state`, once state.json holds them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz import __version__
from sharewiz.errors import UserError
from sharewiz.model.paths import inside
from sharewiz.sets.jsontext import dumps, plain_json

STATE_DIR = ".sharewiz"
STATE_NAME = "state.json"
STATE_FORMAT = 1
ANSWERS_NAME = "answers.yaml"
_OLD_FILES = ("manifest.json", "record.json", "history.yaml")  # the layout before state.json


@dataclass
class HistoryEntry:
    """One version of a set: its number, date, what changed, and whether to re-sign."""

    version: str
    date: str
    summary: list[str]
    resign: bool = False

    def as_dict(self) -> dict[str, Any]:
        """What templates and state.json see."""
        return {
            "version": self.version,
            "date": self.date,
            "summary": list(self.summary),
            "resign": self.resign,
        }


@dataclass
class SetState:
    """What sharewiz last wrote into a set's folder, and the set's version history."""

    kind: str = ""
    tree_version: int = 0
    questions: list[str] = field(default_factory=list)  # the tree's ids, to spot new ones
    formats: list[str] = field(default_factory=list)
    templates_hash: str = ""  # "" when unknown (a folder migrated from the old layout)
    templates_version: str = ""  # of the kind's templates (`templates/<kind>/VERSION`)
    template_files: dict[str, str] = field(default_factory=dict)  # template -> sha256
    version: str = ""  # the version given to the documents
    answered_version: str = ""  # the `document_version` answer it came from, if any
    rendered_on: str = ""
    answers: dict[str, Any] = field(default_factory=dict)  # as rendered (see state_answers)
    files: dict[str, str] = field(
        default_factory=dict
    )  # name -> sha256 as written (answers.yaml: as rendered from)
    protocol: dict[str, str] = field(default_factory=dict)  # dir (relative), version, hash
    source: dict[str, str] = field(default_factory=dict)  # `source_dir`: dir, kind, hash
    history: list[HistoryEntry] = field(default_factory=list)  # oldest first
    # what a batch row or another answers file gave this set, under its own changes
    # (`sharewiz.sets.layers`); empty for a set rendered from its own answers.yaml
    given: dict[str, Any] = field(default_factory=dict)
    inputs: str = ""  # the hash of what the last render was made from (sets.inputs)
    job: str = ""  # the hash of the batch job that last rendered the set (sets.rerun)
    # what `status` shows of the set as rendered, reused while nothing it depends on
    # changed (`sharewiz.sets.summary`): title, parties, dates, the findings
    checked: dict[str, Any] = field(default_factory=dict)
    # document file name (`notice.md`) -> its Markdown exactly as last rendered: the base
    # of update's 3-way merge (a file merged with a hand edit differs from it)
    bases: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """Deterministic JSON: sorted keys, one trailing newline."""
        data = {
            "format": STATE_FORMAT,
            "sharewiz_version": __version__,
            "kind": self.kind,
            "tree_version": self.tree_version,
            "questions": self.questions,
            "formats": self.formats,
            "templates_hash": self.templates_hash,
            "version": self.version,
            "answered_version": self.answered_version,
            "rendered_on": self.rendered_on,
            "answers": self.answers,
            "files": dict(sorted(self.files.items())),
            "protocol": self.protocol,
            "history": [entry.as_dict() for entry in self.history],
        }
        if self.source:  # only a set that takes facts from another: others' bytes stay
            data["source"] = self.source
        if self.given:
            data["given"] = self.given
        if self.inputs:
            data["inputs"] = self.inputs
        if self.job:
            data["job"] = self.job
        if self.checked:
            data["checked"] = self.checked
        if self.template_files:
            data["templates_version"] = self.templates_version
            data["template_files"] = dict(sorted(self.template_files.items()))
        if self.bases:  # a line a JSON string: a change to one line is one line of diff
            data["bases"] = {name: text.split("\n") for name, text in self.bases.items()}
        return dumps(data) + "\n"  # json.dumps(indent=1, sort_keys=True), reusing text

    def hand_checked_files(self) -> dict[str, str]:
        """The files whose edits are a person's hand edits (answers.yaml is meant to be edited)."""
        return {name: digest for name, digest in self.files.items() if name != ANSWERS_NAME}


def state_dir(out_dir: Path) -> Path:
    """The `.sharewiz/` folder of a set; refused when a symlink leads it out of the set."""
    return inside(out_dir / STATE_DIR, out_dir, what="sharewiz's record folder")


def state_path(out_dir: Path) -> Path:
    """The set's `state.json`."""
    return state_dir(out_dir) / STATE_NAME


def sha256(data: bytes) -> str:
    """Hex sha256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """Hex sha256 of a file, or None if there is no file there."""
    try:
        return sha256(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError):
        return None


def state_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as state.json keeps them: JSON values (dates as ISO text), no empty ones."""
    return {k: v for k, v in plain_json(dict(answers)).items() if v is not None}


def given_answers(
    given: Mapping[str, Any], rendered: Mapping[str, Any], recorded: Mapping[str, Any]
) -> dict[str, Any]:
    """`state_answers(given)`, taking the value `recorded` (the `state_answers` of
    `rendered`) holds for each answer given as the very value rendered.

    A batch set is rendered from most of its given answers as they are; state.json's
    text then writes each such value once (`jsontext.dumps` reuses the text of a value
    met before), and it is not made JSON-ready twice.
    """
    shared = {k for k, v in given.items() if k in recorded and rendered.get(k) is v}
    plain = state_answers({k: v for k, v in given.items() if k not in shared})
    return {k: recorded[k] if k in shared else plain[k] for k in given if k in shared or k in plain}


def edited_files(out_dir: Path, state: SetState) -> tuple[list[str], list[str]]:
    """(files whose bytes differ from what sharewiz rendered, files that are gone).

    A file `update` merged a hand edit into counts as edited until it again holds exactly
    what sharewiz rendered.
    """
    edited, missing = [], []
    for name, expected in sorted(state.hand_checked_files().items()):
        actual = file_sha256(out_dir / name)
        if actual is None:
            missing.append(name)
        elif actual != expected:
            edited.append(name)
    return edited, missing


def relative_dir(target: Path, out_dir: Path) -> str:
    """`target` relative to the set's folder, in `/` form (state.json keeps no absolute path)."""
    try:
        return Path(os.path.relpath(target, out_dir.resolve())).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return ""


# -- reading and writing ----------------------------------------------------------------------


class NotRead:
    """A state not read yet: the callee reads it (`NOT_READ`)."""


NOT_READ = NotRead()  # a set's state the caller did not read: read it where it is needed


def state_as_read(out_dir: Path, state: SetState | None | NotRead) -> SetState | None:
    """`state` as the caller read it, or the set's state read now when it did not."""
    return read_state(out_dir) if isinstance(state, NotRead) else state


def read_state(out_dir: Path) -> SetState | None:
    """The set's state, or None if sharewiz has not written one here.

    A folder in the old layout is migrated (state.json written, old files removed); in a
    folder that cannot be written to, the old files are read and left as they are.
    """
    from sharewiz.sets.old_layouts import read_old_bases, read_old_layout

    folder = state_dir(out_dir)
    path = folder / STATE_NAME
    data = read_record_json(path)
    if data is not None:
        state = _typed_state(data, path)
        if "bases" not in data:  # written before the bases moved into state.json
            state.bases = read_old_bases(out_dir)
        return state
    if not folder.is_dir():  # no record folder, so no older layout either: a new set
        return None
    old = read_old_layout(out_dir)
    if old is None:
        data = read_record_json(path)  # another process may have just migrated it
        return _typed_state(data, path) if data is not None else None
    old.bases = read_old_bases(out_dir)
    with contextlib.suppress(OSError):
        write_state(out_dir, old)
        for name in _OLD_FILES:
            with contextlib.suppress(FileNotFoundError):
                (state_dir(out_dir) / name).unlink()
    return old


def write_state(out_dir: Path, state: SetState, *, new: bool = False) -> None:
    """Write state.json atomically; an unchanged state is not rewritten.

    Merge bases still kept as files from before state.json held them are removed once
    state.json, written first, holds each of them. `new`: the set had no state when its
    render was planned (and it is locked), so there is nothing to compare or remove.
    """
    from sharewiz.model.atomic import write_text_atomic
    from sharewiz.sets.old_layouts import remove_old_bases

    path = state_path(out_dir)
    text = state.to_json()
    if new:
        write_text_atomic(path, text)
        return
    try:
        unchanged = path.read_text(encoding="utf-8") == text
    except OSError:
        unchanged = False
    if not unchanged:
        write_text_atomic(path, text)
    remove_old_bases(out_dir, state)


def read_record_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from `.sharewiz/`; None if absent. Unreadable is an error naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):  # the set's folder is a file: no record
        return None
    except (OSError, ValueError) as exc:
        raise _unreadable(path, str(exc)) from exc
    if not isinstance(data, dict):
        raise _unreadable(path, "not a JSON object")
    return data


def _unreadable(path: Path, why: str) -> UserError:
    return UserError(
        f"{path}: cannot read sharewiz's record of this folder ({why})",
        hint=f"delete {path} and render the set again with --force",
    )


def _typed_state(data: Mapping[str, Any], path: Path) -> SetState:
    """The state in `data`; a value of the wrong type is an error naming the file."""
    try:
        return _from_json(data, path)
    except (TypeError, ValueError, AttributeError) as exc:
        raise _unreadable(path, f"a value has the wrong type: {exc}") from exc


def _from_json(data: Mapping[str, Any], path: Path) -> SetState:
    if int(data.get("format", 0) or 0) > STATE_FORMAT:
        raise UserError(
            f"{path}: written by a newer sharewiz (format {data.get('format')})",
            hint="upgrade sharewiz to work on this folder",
        )
    history = data.get("history") or []
    if not isinstance(history, list):
        raise _unreadable(path, "'history' is not a list")
    return SetState(
        kind=str(data.get("kind", "")),
        tree_version=int(data.get("tree_version", 0) or 0),
        questions=[str(q) for q in data.get("questions") or []],
        formats=[str(f) for f in data.get("formats") or []],
        templates_hash=str(data.get("templates_hash", "")),
        version=str(data.get("version", "")),
        answered_version=str(data.get("answered_version", "")),
        rendered_on=str(data.get("rendered_on", "")),
        answers=dict(data.get("answers") or {}),
        files=string_map(data.get("files")),
        protocol=string_map(data.get("protocol")),
        source=string_map(data.get("source")),
        history=[history_entry(item, path) for item in history],
        given=dict(data.get("given") or {}),
        inputs=str(data.get("inputs") or ""),
        job=str(data.get("job") or ""),
        checked=dict(data.get("checked") or {}),
        templates_version=str(data.get("templates_version") or ""),
        template_files=string_map(data.get("template_files")),
        bases=bases_from_json(data.get("bases")),
    )


def bases_from_json(value: Any) -> dict[str, str]:
    """The `bases` of state.json (file name -> a list of lines) back to file name -> text."""
    return {
        str(name): "\n".join(map(str, lines)) if isinstance(lines, list) else str(lines)
        for name, lines in dict(value or {}).items()
    }


def string_map(value: Any) -> dict[str, str]:
    """A JSON object of text values, every key and value as text."""
    return {str(k): str(v) for k, v in dict(value or {}).items()}


def history_entry(item: Any, path: Path) -> HistoryEntry:
    """One entry of a `history` list; UserError naming `path` if it has no version."""
    if not isinstance(item, Mapping) or not item.get("version"):
        raise UserError(f"{path}: each history entry needs a version", hint=f"fix {path}")
    summary = item.get("summary") or []
    return HistoryEntry(
        version=str(item["version"]),
        date=str(item.get("date") or ""),
        summary=[str(s) for s in (summary if isinstance(summary, list) else [summary])],
        resign=str(item.get("resign", "")).lower() in ("true", "yes"),
    )
