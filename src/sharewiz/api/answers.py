"""Reading and checking one answers file: `load` and `check`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharewiz.errors import ExitCode, UserError
from sharewiz.law.findings import FINDINGS_JSON_VERSION, Finding, findings_json, has_errors
from sharewiz.model.settings import Settings
from sharewiz.model.tree import QuestionTree


@dataclass(frozen=True)
class Loaded:
    """An answers file read through the one path: read, migrate, type, validate."""

    path: Path  # the answers file itself
    tree: QuestionTree
    answers: dict[str, Any]  # typed, with the profile's defaults beneath
    missing: list[str]  # ids of required answers still missing
    tree_version: int  # the tree version the answers were written for


def answers_file(target: Path) -> Path:
    """The answers file a path names: itself, or `answers.yaml` in a set's folder."""
    from sharewiz.sets.state import ANSWERS_NAME

    path = target / ANSWERS_NAME if target.is_dir() else target
    if not path.is_file():
        raise UserError(
            f"{path}: no answers file here",
            hint="give an answers file, or a folder written by `sharewiz new` or `render`",
        )
    return path


def load(target: Path, *, settings: Settings | None = None) -> Loaded:
    """Read an answers file (or a set's folder) and complete it as `render` does.

    Args:
        target: An answers file, or a folder holding `answers.yaml`.
        settings: Custom folders and profile defaults; built-in ones if omitted.

    Returns:
        The tree, the typed answers and the required answers still missing.

    Raises:
        UserError: the file is missing, malformed or does not fit its tree.
    """
    from sharewiz.model.conditions import missing_answers
    from sharewiz.model.settings import fill_defaults
    from sharewiz.sets.build import read_answers

    settings = settings or Settings()
    path = answers_file(target)
    tree, file, answers = read_answers(path, tree_dirs=settings.tree_dirs)
    answers = fill_defaults(tree, answers, settings.defaults)  # beneath, as for `render`
    missing = [q.id for q in missing_answers(tree, answers)]
    return Loaded(path, tree, answers, missing, file.tree_version)


@dataclass(frozen=True)
class CheckReport:
    """The compliance findings over one answers file."""

    loaded: Loaded
    findings: list[Finding]

    @property
    def exit_code(self) -> ExitCode:
        """1 for an error-level finding or a missing required answer, else 0."""
        failed = has_errors(self.findings) or self.loaded.missing
        return ExitCode.USER_ERROR if failed else ExitCode.OK

    def to_json(self) -> dict[str, Any]:
        """The `check --json` document (shape in docs/scripting.md)."""
        return {
            "findings_version": FINDINGS_JSON_VERSION,
            "file": str(self.loaded.path),
            "kind": self.loaded.tree.id,
            **findings_json(self.findings),
            "missing": self.loaded.missing,
        }

    def require_complete(self) -> None:
        """Raise the error `render` gives when required answers are missing."""
        from sharewiz.sets.build import check_complete

        loaded = self.loaded
        if loaded.missing:
            check_complete(loaded.tree, loaded.answers, str(loaded.path),
                           answered_version=loaded.tree_version)  # fmt: skip


def check(target: Path, *, settings: Settings | None = None) -> CheckReport:
    """Check answers against the compliance rules.

    Args:
        target: An answers file, or a folder holding `answers.yaml`.
        settings: Custom folders and profile defaults; built-in ones if omitted.

    Returns:
        The findings, and the answers they were made from.
    """
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.law.rules import run_checks

    loaded = load(target, settings=settings)
    findings = run_checks(loaded.tree, loaded.answers, load_knowledge())
    if target.is_dir():  # a set's folder: files left with conflicts are errors too
        from sharewiz.sets.settle import conflict_findings
        from sharewiz.sets.state import read_state

        findings = [*conflict_findings(target, read_state(target)), *findings]
    return CheckReport(loaded, findings)
