"""The legal knowledge base: `knowledge/*.yaml` loaded, validated and indexed.

Each file is one collection (lawful bases, Art 9 conditions, gateways...) of entries
with stable ids, plain-English explanations and precise citations. Question trees
take choices from it, templates quote it (`kb.lawful_bases.public_task.data.notice_wording`)
and checks cite it. Everything is validated at load, so a typo in a knowledge file is
reported as `file:line: message`, never as a traceback or a wrong document: reading a
file is `knowledge_files`, the data each collection's entries carry `knowledge_schema`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sharewiz.errors import KnowledgeError
from sharewiz.model.paths import data_dir
from sharewiz.model.yamlio import MarkedDict

# --- model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One item of legal knowledge: a lawful basis, a condition, a gateway, a right."""

    collection: str
    id: str
    title: str
    summary: str
    explanation: str
    applies_when: str
    limits: str
    citation: str
    links: tuple[str, ...]
    unconfirmed: str | None
    data: Mapping[str, Any] = field(hash=False, compare=False)

    @property
    def ref(self) -> str:
        """The entry's global reference, `collection.id`."""
        return f"{self.collection}.{self.id}"


@dataclass(frozen=True)
class Collection:
    """One knowledge file: a titled, cited list of entries with unique ids."""

    id: str
    title: str
    description: str
    citation: str
    entries: tuple[Entry, ...]
    _index: Mapping[str, Entry] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        """Index the entries by id."""
        object.__setattr__(self, "_index", MappingProxyType({e.id: e for e in self.entries}))

    def get(self, entry_id: str) -> Entry:
        """The entry with this id; KnowledgeError naming the known ids if there is none."""
        try:
            return self._index[entry_id]
        except KeyError:
            raise KnowledgeError(
                f"knowledge collection {self.id!r} has no entry {entry_id!r}",
                hint=f"known entries: {', '.join(self._index)}",
            ) from None

    def __getitem__(self, entry_id: str) -> Entry:
        """`collection["public_task"]`, also what Jinja uses for `collection.public_task`."""
        return self.get(entry_id)

    def __getattr__(self, name: str) -> Entry:
        """`collection.public_task` in Python; unknown names are an AttributeError."""
        index = self.__dict__.get("_index", {})
        if not name.startswith("_") and name in index:
            return index[name]  # type: ignore[no-any-return]
        raise AttributeError(f"knowledge collection has no entry {name!r}")

    def __contains__(self, entry_id: object) -> bool:
        """Whether an entry with this id exists."""
        return entry_id in self._index

    def __iter__(self) -> Iterator[Entry]:
        """The entries in file order."""
        return iter(self.entries)

    def __len__(self) -> int:
        """The number of entries."""
        return len(self.entries)

    @property
    def ids(self) -> tuple[str, ...]:
        """The entry ids in file order."""
        return tuple(self._index)


class KnowledgeBase:
    """All collections, by id; attribute access for templates (`kb.rights.access`)."""

    # never changed once loaded: an expression's part that reads only `kb` is worked out
    # once (`sharewiz.model.direct_expressions.NEVER_CHANGES`)
    never_changes_after_loading = True

    def __init__(self, collections: Mapping[str, Collection]) -> None:
        """Keep the collections, in the order given."""
        self._collections: Mapping[str, Collection] = MappingProxyType(dict(collections))

    @property
    def collections(self) -> Mapping[str, Collection]:
        """Collections by id (read-only)."""
        return self._collections

    def collection(self, collection_id: str) -> Collection:
        """The collection with this id; KnowledgeError listing the known ones otherwise."""
        try:
            return self._collections[collection_id]
        except KeyError:
            raise KnowledgeError(
                f"no knowledge collection {collection_id!r}",
                hint=f"known collections: {', '.join(self._collections)}",
            ) from None

    def __getitem__(self, collection_id: str) -> Collection:
        """`kb["lawful_bases"]`."""
        return self.collection(collection_id)

    def __getattr__(self, name: str) -> Collection:
        """`kb.lawful_bases`, for Jinja; unknown names are an AttributeError."""
        if name.startswith("_"):
            raise AttributeError(name)
        collections = self.__dict__.get("_collections", {})
        if name in collections:
            return collections[name]  # type: ignore[no-any-return]
        raise AttributeError(f"no knowledge collection {name!r} (known: {', '.join(collections)})")

    def __contains__(self, collection_id: object) -> bool:
        """Whether a collection with this id exists."""
        return collection_id in self._collections

    def __iter__(self) -> Iterator[Collection]:
        """The collections, in load order."""
        return iter(self._collections.values())

    def entry(self, ref: str) -> Entry:
        """The entry named by `collection.id`."""
        collection_id, dot, entry_id = ref.partition(".")
        if not dot or not entry_id:
            raise KnowledgeError(
                f"knowledge reference {ref!r} is not of the form collection.id",
                hint="for example lawful_bases.public_task",
            )
        return self.collection(collection_id).get(entry_id)

    def search(self, text: str, *, collection: str | None = None) -> list[Entry]:
        """Entries whose id, title, summary, explanation or citation contain every word.

        Case-insensitive. Matches in the id or title rank before matches elsewhere;
        otherwise results keep knowledge-base order.
        """
        words = [w for w in re.split(r"\s+", text.lower().strip()) if w]
        if not words:
            return []
        pool = [self.collection(collection)] if collection else list(self._collections.values())
        scored: list[tuple[int, int, Entry]] = []
        for entry in (e for c in pool for e in c):
            head = f"{entry.ref} {entry.title}".lower().replace("_", " ")
            head_raw = f"{entry.ref} {entry.title}".lower()
            body = " ".join((entry.summary, entry.explanation, entry.citation)).lower()
            if all(w in head or w in head_raw or w in body for w in words):
                rank = 0 if all(w in head or w in head_raw for w in words) else 1
                scored.append((rank, len(scored), entry))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [entry for _, _, entry in scored]


# --- loading -------------------------------------------------------------------------


def load_knowledge(root: Path | None = None) -> KnowledgeBase:
    """Load and validate every `*.yaml` collection under `root`.

    Args:
        root: a folder of knowledge files; the built-in `knowledge/` folder by default
            (loaded once per process and cached).

    Raises:
        KnowledgeError: naming `file:line` for anything malformed or inconsistent.
    """
    if root is None:
        return _load_builtin()
    return _load_folder(root)


@cache
def _load_builtin() -> KnowledgeBase:
    return _load_folder(data_dir("knowledge"))


def _load_folder(root: Path) -> KnowledgeBase:
    # The file reader builds this module's classes, so it is imported when first needed.
    from sharewiz.law.knowledge_files import load_file
    from sharewiz.law.knowledge_schema import check_references

    if not root.is_dir():
        raise KnowledgeError(f"{root}: knowledge folder not found", hint="check the path")
    files = sorted(root.glob("*.yaml"))
    if not files:
        raise KnowledgeError(f"{root}: no knowledge files (*.yaml)", hint="check the path")
    collections: dict[str, Collection] = {}
    raw: dict[str, tuple[Path, MarkedDict]] = {}
    for path in files:
        collection, doc = load_file(path)
        collections[collection.id] = collection
        raw[collection.id] = (path, doc)
    check_references(collections, raw)
    return KnowledgeBase(collections)


__all__ = ["Collection", "Entry", "KnowledgeBase", "load_knowledge"]
