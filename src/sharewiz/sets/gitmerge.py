"""After a `git merge`: regenerate a set's derived files from its merged answers.

Two people change different answers of one set in two clones. git merges
`answers.yaml` cleanly (different lines), but the files sharewiz derives from it (the
documents and `.sharewiz/state.json`, which holds the merge bases) can conflict: both sides added a
version, both re-rendered. Those files are sharewiz's to remake, so `sharewiz update DIR`
after the merge settles them: each derived text file holding git's conflict markers is
put back to this clone's side (`<<<<<<< HEAD`), which is a whole, consistent earlier
render; the update then renders the merged answers and merges them in as usual (a
binary file git could not merge is this clone's, and is replaced from the new render).

Nothing is lost: where the other side of a document held lines the regenerated
document does not (a hand edit made in the other clone), that side is kept beside it as
`name.theirs.md` and reported.
"""

from __future__ import annotations

import json
from pathlib import Path

from sharewiz.errors import UserError
from sharewiz.sets.merging import END, START
from sharewiz.sets.old_layouts import OLD_BASE_DIR
from sharewiz.sets.state import ANSWERS_NAME, bases_from_json, state_dir, state_path

_OPEN, _BASE, _MIDDLE, _CLOSE = "<<<<<<<", "|||||||", "=======", ">>>>>>>"
ANSWERS_HINT = "choose the answers in it (they are yours), then run `sharewiz update` again"


def sides(text: str) -> tuple[str, str] | None:
    """(this side, the other side) of a file with git conflict markers; None if none.

    sharewiz's own merge markers (`<<<<<<< your edits`) are not git's and are left alone.
    """
    ours: list[str] = []
    theirs: list[str] = []
    where = "both"
    found = False
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if bare.startswith(_OPEN) and bare not in (START,):
            where, found = "ours", True
        elif bare.startswith(_BASE) and where == "ours":
            where = "base"
        elif bare == _MIDDLE and where in ("ours", "base"):
            where = "theirs"
        elif bare.startswith(_CLOSE) and bare != END and where == "theirs":
            where = "both"
        elif where == "both":
            ours.append(line)
            theirs.append(line)
        elif where == "ours":
            ours.append(line)
        elif where == "theirs":
            theirs.append(line)
    return ("".join(ours), "".join(theirs)) if found else None


def git_marker_line(text: str) -> int | None:
    """The 1-based line of the first git conflict marker in `text`; None if it has none."""
    if sides(text) is None:  # sharewiz's own merge markers are not git's
        return None
    return next(
        number
        for number, line in enumerate(text.splitlines(), 1)
        if line.startswith(_OPEN) and line != START
    )


def refuse_git_conflicts(path: Path, *, hint: str) -> None:
    """Raise UserError naming `path:line` if the file holds git conflict markers."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return  # no file (or no folder) to refuse: the caller says what is missing
    line = git_marker_line(text)
    if line is not None:
        raise UserError(f"{path}:{line}: still has git conflict markers", hint=hint)


def undo_git_conflicts(out_dir: Path) -> dict[str, str]:
    """Put each derived file with git conflict markers back to this clone's side.

    Returns:
        Document file name -> the lines of the other side that its own last render did
        not have (the other clone's hand edits), for :func:`keep_other_sides`.

    Raises:
        UserError: answers.yaml itself still has git conflict markers (it is the
            person's: they must choose).
    """
    from sharewiz.model.atomic import write_text_atomic

    refuse_git_conflicts(out_dir / ANSWERS_NAME, hint=ANSWERS_HINT)
    state = state_path(out_dir)
    old_bases = sorted((state_dir(out_dir) / OLD_BASE_DIR).glob("*.md"))  # an older layout
    documents = [p for p in sorted(out_dir.glob("*")) if p.suffix in (".md", ".html")]
    other_bases: dict[str, str] = {}
    others: dict[str, str] = {}
    for path in [state, *old_bases, *documents]:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        split = sides(text)
        # the other clone's last render of each document, to tell its hand edits
        if path == state:
            other_bases.update(_bases_in(split[1] if split else text))
        elif path in old_bases:
            other_bases[path.name] = split[1] if split else text
        if split is None:
            continue
        write_text_atomic(path, split[0].encode("utf-8"))
        if path in documents:
            others[path.name] = split[1]
    edits = {}
    for name, text in others.items():
        rendered = set(other_bases.get(name, "").splitlines())
        edits[name] = "".join(
            line for line in text.splitlines(keepends=True) if line.rstrip("\r\n") not in rendered
        )
    return edits


def _bases_in(state_text: str) -> dict[str, str]:
    """The merge bases a state.json text holds (one side of a git conflict); {} if none."""
    try:
        data = json.loads(state_text)
        return bases_from_json(data.get("bases")) if isinstance(data, dict) else {}
    except (ValueError, TypeError):  # not whole JSON, or not a mapping of bases
        return {}


def keep_other_sides(out_dir: Path, edits: dict[str, str]) -> list[Path]:
    """After regenerating: where a document lacks some of the other clone's hand edits
    (lines from :func:`undo_git_conflicts`), keep those lines beside it, and say where."""
    from sharewiz.model.atomic import write_text_atomic

    kept = []
    for name, text in edits.items():
        path = out_dir / name
        now = set(path.read_text(encoding="utf-8").splitlines()) if path.is_file() else set()
        if all(line in now for line in text.splitlines() if line.strip()):
            continue
        stem, _, ext = name.rpartition(".")
        aside = out_dir / f"{stem}.theirs.{ext}"
        write_text_atomic(aside, text.encode("utf-8"))
        kept.append(aside)
    return kept
