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
class DiffReport:
    """The answers changed, and a unified diff per Markdown document that would change."""

    dir: Path
    answer_changes: list[str] = field(default_factory=list)  # `answer changed: key: a -> b`
    documents: dict[str, str] = field(default_factory=dict)  # file name -> unified diff
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the answers or the documents would change."""
        return bool(self.answer_changes or self.documents)

    @property
    def exit_code(self) -> ExitCode:
        """1 when anything would change, else 0 (as `git diff --exit-code`)."""
        return ExitCode.USER_ERROR if self.changed else ExitCode.OK


def diff(target: Path, *, settings: Settings | None = None) -> DiffReport:
    """Compare a set's answers and Markdown with what a render now would give.

    The render is planned exactly as `update` plans it, against the same state, and
    compared with the text sharewiz last wrote (or, without it, the file on disk).

    Args:
        target: A set's folder (it holds `answers.yaml`).
        settings: Custom folders and profile defaults; built-in ones if omitted.

    Returns:
        The answers changed and the documents' diffs; nothing is written.

    Raises:
        MissingAnswersError: required answers are missing, so nothing can be rendered.
    """
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.render.engine import render_set
    from sharewiz.render.formats import markdown_names
    from sharewiz.sets.build import check_complete
    from sharewiz.sets.merging import unified
    from sharewiz.sets.state import ANSWERS_NAME, base_path
    from sharewiz.sets.update import load_set
    from sharewiz.sets.versions import prepare_render

    settings = settings or Settings()
    answered = load_set(target, tree_dirs=settings.tree_dirs)
    tree, answers = answered.tree, answered.answers
    try:
        check_complete(tree, answers, str(target / ANSWERS_NAME))
    except MissingAnswersError as exc:
        exc.hint = f"answer them with `sharewiz update {target}`"
        raise
    versions = prepare_render(tree, answers, target, template_dirs=settings.template_dirs,
                              tree_dirs=settings.tree_dirs)  # fmt: skip
    report = DiffReport(target, notes=list(answered.notes))
    if versions.previous is not None:  # the answers as recorded, not the dates shown
        report.answer_changes.extend(_answer_changes(versions.previous.answers,
                                                     versions.state.answers))  # fmt: skip
    documents = render_set(tree, versions.answers, kb=load_knowledge(),
                           template_dirs=settings.template_dirs,
                           extra_context=versions.context)  # fmt: skip
    for name, markdown in markdown_names(documents).items():
        base, label = base_path(target, name), "last rendered"
        if not base.is_file():
            base, label = target / name, "on disk"
        before = base.read_text(encoding="utf-8") if base.is_file() else ""
        text = unified(before, markdown, name, before_label=label,
                       after_label="from the answers now")  # fmt: skip
        if text:
            report.documents[name] = text
    return report


def _answer_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    lines = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if old is None:
            lines.append(f"answer added:   {key}: {_short(new)}")
        elif new is None:
            lines.append(f"answer removed: {key} (was {_short(old)})")
        else:
            lines.append(f"answer changed: {key}: {_short(old)} -> {_short(new)}")
    return lines


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 70 else text[:67] + "..."
