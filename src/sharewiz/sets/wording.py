"""What new templates change in a set's documents (`sharewiz diff --wording DIR`).

A set's state records the version and hashes of the templates it was made with (its
kind's own, `sets.versions.KindTemplates`), not their text: keeping every template in
every set would multiply a batch's files and bytes. So the wording that changed is
shown where it lands, in the documents: the answers as last rendered are rendered again
with the current templates, and each document is compared with the Markdown last
rendered (the merge base). Answer changes are left out; `sharewiz diff` shows those.
The template files whose hashes differ are named too (a set recorded by an older
sharewiz kept one hash for all of them, so it cannot say which).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sharewiz.errors import UserError
from sharewiz.sets.state import SetState, read_state
from sharewiz.sets.versions import KindTemplates, kind_templates


@dataclass
class WordingChanges:
    """The templates a set was made with, those it would be made with now, and the
    wording that differs in each document."""

    kind: str
    made_with: KindTemplates
    now: KindTemplates
    changed: list[str] = field(default_factory=list)  # template files added, changed, gone
    documents: list[tuple[str, str, str]] = field(default_factory=list)  # name, before, now

    @property
    def files_known(self) -> bool:
        """Whether the state recorded each template's hash (not only one for all)."""
        return bool(self.made_with.files)

    def report(self) -> list[str]:
        """Plain lines saying what changed (the document diffs are the caller's to show)."""
        if self.made_with.hash == self.now.hash:
            return [f"Made with {self.now.label(self.kind)}: the templates have not changed."]
        lines = [
            f"Made with {self.made_with.label(self.kind, beside=self.now.version)}; now "
            f"{self.now.label(self.kind, beside=self.made_with.version)}."
        ]
        if not self.files_known:
            lines.append(
                "This set's record holds one hash for all its templates (an older "
                "sharewiz), so which files changed is not known; the documents show how."
            )
        lines.extend(f"template changed: {name}" for name in self.changed)
        return lines


def wording_changes(
    out_dir: Path, *, template_dirs: Sequence[Path] = (), tree_dirs: Sequence[Path] = ()
) -> WordingChanges:
    """Render a set's recorded answers with the current templates; compare with the last
    render. Writes nothing.

    Raises:
        UserError: the folder has no record of a render (nothing to compare with).
    """
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.render.engine import render_set
    from sharewiz.render.formats import markdown_names
    from sharewiz.sets.build import load_kind

    state = read_state(out_dir)
    if state is None or not state.kind:
        raise UserError(
            f"{out_dir}: sharewiz has no record of rendering this folder",
            hint=f"render it first; then `sharewiz diff --wording {out_dir}` shows what new "
            "templates change",
        )
    tree = load_kind(state.kind, tree_dirs=tree_dirs)
    now = kind_templates([d.template for d in tree.documents], template_dirs)
    made = KindTemplates(state.templates_version, state.templates_hash, state.template_files)
    changes = WordingChanges(tree.id, made, now, changed=_changed_files(made, now))
    answers, context = _as_last_rendered(out_dir, state, tree_dirs)
    documents = render_set(
        tree, answers, kb=load_knowledge(), template_dirs=template_dirs, extra_context=context
    )
    for name, markdown in markdown_names(documents).items():
        before = state.bases.get(name, "")
        if before != markdown:
            changes.documents.append((name, before, markdown))
    return changes


def _changed_files(made: KindTemplates, now: KindTemplates) -> list[str]:
    if not made.files:
        return []
    names = sorted(set(made.files) | set(now.files))
    return [name for name in names if made.files.get(name) != now.files.get(name)]


def _as_last_rendered(
    out_dir: Path, state: SetState, tree_dirs: Sequence[Path]
) -> tuple[dict[str, object], dict[str, object]]:
    """The answers and template context of the last render, as its state recorded them."""
    from sharewiz.errors import SharewizError
    from sharewiz.sets.links import protocol_dir_of, read_protocol

    answers: dict[str, object] = dict(state.answers)
    history = [entry.as_dict() for entry in state.history]
    if history and history[-1]["date"] and "document_date" in answers:
        answers["document_date"] = history[-1]["date"]  # as the render showed it
    protocol = None
    protocol_dir = protocol_dir_of(out_dir, answers)
    if protocol_dir is not None:
        try:
            protocol = read_protocol(protocol_dir, tree_dirs=tree_dirs).context()
        except SharewizError:
            protocol = None  # the protocol moved: its wording is not what is asked here
    return answers, {"history": history, "protocol": protocol}
