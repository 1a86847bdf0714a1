"""What changed since sharewiz last rendered a set: `diff`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharewiz.errors import ExitCode, MissingAnswersError
from sharewiz.model.settings import Settings


@dataclass(frozen=True)
class AnswerChange:
    """One answer added, removed or changed since the last render."""

    question: str
    before: Any  # None when added
    after: Any  # None when removed

    @property
    def change(self) -> str:
        """`added`, `removed` or `changed`."""
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "changed"

    def __str__(self) -> str:
        """One line: `answer changed: key: "a" -> "b"`."""
        if self.before is None:
            return f"answer added:   {self.question}: {_short(self.after)}"
        if self.after is None:
            return f"answer removed: {self.question} (was {_short(self.before)})"
        return f"answer changed: {self.question}: {_short(self.before)} -> {_short(self.after)}"


@dataclass(frozen=True)
class DiffReport:
    """The answers changed, and a unified diff per Markdown document that would change.

    When required answers are missing nothing is compared: `missing` holds that error,
    and `notes` still say what the answers' migration did.
    """

    dir: Path
    answer_changes: list[AnswerChange] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)  # file name -> unified diff
    notes: list[str] = field(default_factory=list)  # migrations applied to the answers
    missing: MissingAnswersError | None = None

    @property
    def changed(self) -> bool:
        """Whether the answers or the documents would change."""
        return bool(self.answer_changes or self.documents)

    @property
    def exit_code(self) -> ExitCode:
        """1 when anything would change (as `git diff --exit-code`) or answers are
        missing, else 0."""
        return ExitCode.USER_ERROR if self.changed or self.missing else ExitCode.OK

    def to_json(self, *, exit_code: bool = False) -> dict[str, Any]:
        """The `diff --json` document: each answer changed, each file's diff, the notes.

        Its `exit_code` is the one `diff` ends with: with `exit_code` (`--exit-code`)
        1 when anything changed, else 0.
        """
        return {
            "dir": str(self.dir),
            "changed": self.changed,
            "answers": [
                {"question": c.question, "change": c.change, "before": c.before,
                 "after": c.after}
                for c in self.answer_changes
            ],
            "files": [
                {"file": str(self.dir / name), "diff": text}
                for name, text in self.documents.items()
            ],
            "notes": self.notes,
            "exit_code": int(self.exit_code if exit_code else ExitCode.OK),
        }  # fmt: skip


def diff(target: Path, *, settings: Settings | None = None) -> DiffReport:
    """Compare a set's answers and Markdown with what a render now would give.

    The render is planned exactly as `update` plans it, against the same state, and
    compared with the text sharewiz last wrote (or, without it, the file on disk).

    Args:
        target: A set's folder (it holds `answers.yaml`).
        settings: Custom folders and profile defaults; built-in ones if omitted.

    Returns:
        The answers changed and the documents' diffs; nothing is written. If required
        answers are missing, nothing is compared: `missing` says which, and the
        migration notes are still there.
    """
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.render.engine import render_set
    from sharewiz.render.formats import markdown_names
    from sharewiz.sets.build import check_complete
    from sharewiz.sets.merging import unified
    from sharewiz.sets.state import ANSWERS_NAME
    from sharewiz.sets.update import load_set
    from sharewiz.sets.versions import prepare_render

    settings = settings or Settings()
    answered = load_set(target, tree_dirs=settings.tree_dirs)
    tree, answers = answered.tree, answered.answers
    try:
        check_complete(tree, answers, str(target / ANSWERS_NAME))
    except MissingAnswersError as exc:
        exc.hint = f"answer them with `sharewiz update {target}`"
        return DiffReport(target, notes=list(answered.notes), missing=exc)
    versions = prepare_render(tree, answers, target, template_dirs=settings.template_dirs,
                              tree_dirs=settings.tree_dirs)  # fmt: skip
    report = DiffReport(target, notes=list(answered.notes))
    if versions.previous is not None:  # the answers as recorded, not the dates shown
        report.answer_changes.extend(_answer_changes(versions.previous.answers,
                                                     versions.state.answers))  # fmt: skip
    documents = render_set(tree, versions.answers, kb=load_knowledge(),
                           template_dirs=settings.template_dirs,
                           extra_context=versions.context)  # fmt: skip
    bases = versions.previous.bases if versions.previous is not None else {}
    for name, markdown in markdown_names(documents).items():
        before, label = bases.get(name), "last rendered"
        if before is None:
            on_disk = target / name
            before = on_disk.read_text(encoding="utf-8") if on_disk.is_file() else ""
            label = "on disk"
        text = unified(before, markdown, name, before_label=label,
                       after_label="from the answers now")  # fmt: skip
        if text:
            report.documents[name] = text
    return report


def _answer_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[AnswerChange]:
    keys = sorted(set(before) | set(after))
    changed = (key for key in keys if before.get(key) != after.get(key))
    return [AnswerChange(key, before.get(key), after.get(key)) for key in changed]


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 70 else text[:67] + "..."
