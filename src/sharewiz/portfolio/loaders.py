"""How `status` reads a kind's tree, its templates' version and hashes, and a protocol."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sharewiz.model.tree import QuestionTree
from sharewiz.sets.links import ProtocolSet
from sharewiz.sets.versions import KindTemplates, kind_templates


@dataclass(frozen=True)
class Loaders:
    """How a kind's tree, its templates' version and hashes, and a protocol are read."""

    tree_for: Callable[[str], QuestionTree]
    templates_for: Callable[[tuple[str, ...]], KindTemplates]
    protocol_for: Callable[[Path], ProtocolSet]
    template_dirs: Sequence[Path] = ()  # to render a set sharewiz has no record of
    tree_dirs: Sequence[Path] = ()  # to read the set another takes its facts from


def read_each_time(template_dirs: Sequence[Path], tree_dirs: Sequence[Path]) -> Loaders:
    """Loaders that read what they are asked for at each call (one set's status)."""
    from sharewiz.sets.build import kind_loader
    from sharewiz.sets.links import read_protocol

    return Loaders(
        tree_for=kind_loader(tree_dirs),
        templates_for=lambda names: kind_templates(names, template_dirs),
        protocol_for=lambda folder: read_protocol(folder, tree_dirs=tree_dirs),
        template_dirs=template_dirs,
        tree_dirs=tree_dirs,
    )


def read_once(template_dirs: Sequence[Path], tree_dirs: Sequence[Path]) -> Loaders:
    """Loaders that read each kind's tree and templates, and each protocol, once (a
    portfolio's sets share them)."""
    from sharewiz.sets.build import load_kind
    from sharewiz.sets.links import read_protocol

    return Loaders(
        tree_for=cache(lambda kind: load_kind(kind, tree_dirs=tree_dirs)),
        templates_for=cache(lambda names: kind_templates(names, template_dirs)),
        protocol_for=cache(lambda folder: read_protocol(folder, tree_dirs=tree_dirs)),
        template_dirs=template_dirs,
        tree_dirs=tree_dirs,
    )
