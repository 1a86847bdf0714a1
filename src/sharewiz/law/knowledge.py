"""The legal knowledge base: `knowledge/*.yaml` loaded, validated and indexed.

Each file is one collection (lawful bases, Art 9 conditions, gateways...) of entries
with stable ids, plain-English explanations and precise citations. Question trees
take choices from it, templates quote it (`kb.lawful_bases.public_task.data.notice_wording`)
and checks cite it. Everything is validated at load, so a typo in a knowledge file is
reported as `file:line: message`, never as a traceback or a wrong document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sharewiz.errors import KnowledgeError
from sharewiz.model.paths import data_dir
from sharewiz.model.yamlio import MarkedDict, line_of, load_yaml

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")

_FILE_KEYS = {"collection", "title", "description", "citation", "entries"}
_FILE_REQUIRED = ("collection", "title", "description", "citation", "entries")
_ENTRY_KEYS = {
    "id",
    "title",
    "summary",
    "explanation",
    "applies_when",
    "limits",
    "citation",
    "links",
    "unconfirmed",
    "data",
}
_ENTRY_REQUIRED = ("id", "title", "summary", "explanation", "citation")
_ENTRY_TEXT = ("applies_when", "limits")

# Names that an entry or collection id may not take, because Jinja attribute access
# (`kb.rights.access`) would find the Python attribute instead of the entry.
_COLLECTION_ATTRS = {"id", "title", "description", "citation", "entries", "get"}
_KB_ATTRS = {"collection", "collections", "entry", "search"}

# --- data schemas -------------------------------------------------------------------
# For each known collection: data key -> (required, check). A check returns an error
# message or None. Unknown data keys in a known collection are rejected (typo
# protection); collections not listed here take free-form data.

Check = Callable[[Any], "str | None"]


def _is_text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be non-empty text"


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _is_int(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool)
    return None if ok else "must be a whole number"


def _is_text_list(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(v, str) and v for v in value)
    return None if ok else "must be a list of text items"


def _is_text_or_list(value: Any) -> str | None:
    return (
        None
        if _is_text(value) is None or _is_text_list(value) is None
        else ("must be text or a list of text items")
    )


def _one_of(*allowed: Any) -> Check:
    def check(value: Any) -> str | None:
        # type() as well as ==, so true is not taken for 1
        if any(type(value) is type(a) and value == a for a in allowed):
            return None
        return f"must be one of: {', '.join('null' if a is None else repr(a) for a in allowed)}"

    return check


def _rights_map(value: Any) -> str | None:
    if not isinstance(value, Mapping) or not value:
        return 'must be a mapping of right id to true, false or "limited"'
    for key, flag in value.items():
        if not (isinstance(flag, bool) or flag == "limited"):
            return f'right {key!r} must be true, false or "limited", not {flag!r}'
    return None


def _applies_under(value: Any) -> str | None:
    if value == "all" or _is_text_list(value) is None:
        return None
    return 'must be "all" or a list of lawful basis ids'


SCHEMAS: dict[str, dict[str, tuple[bool, Check]]] = {
    "lawful_bases": {
        "article": (True, _is_text),
        "public_authority_tasks_ok": (True, _is_bool),
        "rights": (True, _rights_map),
        "notice_wording": (True, _is_text),
        "needs_legal_source": (True, _is_bool),
        "balancing_test": (False, _is_bool),
    },
    "recognised_legitimate_interests": {
        "annex1_paragraph": (True, _is_text),
    },
    "rights": {
        "article": (True, _is_text),
        "notice_wording": (True, _is_text),
        "applies_under": (True, _applies_under),
        "in_force_from": (False, _is_text),
        # Contact details of the regulator, for the complaint right (one place to update).
        "regulator_name": (False, _is_text),
        "regulator_address": (False, _is_text),
        "regulator_phone": (False, _is_text),
        "regulator_url": (False, _is_text),
    },
    "special_categories": {
        "article": (True, _is_text),
    },
    "art9_conditions": {
        "letter": (True, _is_text),
        "article": (False, _is_text),
        "needs_schedule1": (True, _is_bool),
        "schedule1_part": (True, _one_of(1, 2, None)),
        "schedule1_paragraphs": (False, _is_text_list),
        "notice_wording": (True, _is_text),
    },
    "schedule1_conditions": {
        "part": (True, _one_of(1, 2, 3)),
        "paragraph": (True, _is_text),
        "needs_apd": (True, _is_bool),
        "for_criminal_offence": (True, _is_bool),
        "for_special_category": (False, _is_bool),
        "art9_conditions": (True, _is_text_list),
    },
    "dpia_triggers": {
        "source": (True, _one_of("art35_1", "art35_3", "ico_list")),
        "mandatory": (True, _is_bool),
        "with_other_criterion": (False, _is_bool),
    },
    "gateways": {
        "permits": (True, _is_text),
        "who": (True, _is_text_or_list),
        "limits": (True, _is_text),
        "sectors": (True, _is_text_list),
        "nations": (False, _is_text_list),
    },
    "dsa_contents": {
        "section": (True, _is_text),
        "required_by_law": (False, _is_bool),
    },
    "transfer_mechanisms": {
        "article": (True, _is_text),
        "copy_of_safeguards": (True, _is_bool),
        "notice_wording": (True, _is_text),
    },
    "caldicott_principles": {
        "number": (True, _is_int),
    },
    "common_law_confidentiality": {
        "kind": (True, _one_of("duty", "exception")),
    },
}


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
    if not root.is_dir():
        raise KnowledgeError(f"{root}: knowledge folder not found", hint="check the path")
    files = sorted(root.glob("*.yaml"))
    if not files:
        raise KnowledgeError(f"{root}: no knowledge files (*.yaml)", hint="check the path")
    collections: dict[str, Collection] = {}
    raw: dict[str, tuple[Path, MarkedDict]] = {}
    for path in files:
        collection, doc = _load_file(path)
        collections[collection.id] = collection
        raw[collection.id] = (path, doc)
    _check_references(collections, raw)
    return KnowledgeBase(collections)


def _fail(path: Path, line: int, message: str, hint: str | None = None) -> KnowledgeError:
    return KnowledgeError(f"{path}:{line}: {message}", hint=hint)


def _load_file(path: Path) -> tuple[Collection, MarkedDict]:
    doc = load_yaml(path, error=KnowledgeError)
    if not isinstance(doc, MarkedDict):
        raise _fail(path, line_of(doc, default=1), "a knowledge file must be a mapping")
    _check_keys(path, doc, _FILE_KEYS, "knowledge file")
    for key in _FILE_REQUIRED:
        if key == "entries":
            continue
        _require_text(path, doc, key, "knowledge file")
    stem = path.stem
    if doc["collection"] != stem:
        raise _fail(
            path,
            line_of(doc, "collection"),
            f"collection is {doc['collection']!r} but the file is named {path.name!r}",
            hint=f"set `collection: {stem}` or rename the file",
        )
    if not _ID.match(stem) or stem in _KB_ATTRS:
        raise _fail(
            path, 1, f"{stem!r} is not a usable collection id", hint="use snake_case, e.g. rights"
        )
    entries_raw = doc.get("entries")
    if not isinstance(entries_raw, list) or not entries_raw:
        raise _fail(path, line_of(doc, "entries", 1), "entries must be a non-empty list")
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for item in entries_raw:
        entry = _load_entry(path, stem, item)
        line = line_of(item, "id")
        if entry.id in seen:
            raise _fail(
                path,
                line,
                f"duplicate entry id {entry.id!r} (first on line {seen[entry.id]})",
                hint="entry ids must be unique within a collection",
            )
        seen[entry.id] = line
        entries.append(entry)
    collection = Collection(
        id=stem,
        title=doc["title"].strip(),
        description=doc["description"].strip(),
        citation=doc["citation"].strip(),
        entries=tuple(entries),
    )
    return collection, doc


def _check_keys(path: Path, mapping: MarkedDict, allowed: set[str], what: str) -> None:
    for key in mapping:
        if key not in allowed:
            raise _fail(
                path,
                line_of(mapping, key),
                f"unknown key {key!r} in {what}",
                hint=f"allowed keys: {', '.join(sorted(allowed))}",
            )


def _require_text(path: Path, mapping: MarkedDict, key: str, what: str) -> None:
    value = mapping.get(key)
    if not isinstance(value, str) or not value.strip():
        problem = "is missing" if key not in mapping else "must be non-empty text"
        raise _fail(
            path,
            line_of(mapping, key) if key in mapping else mapping.line,
            f"{key!r} {problem} in {what}",
            hint=f"every {what} needs a {key}",
        )


def _load_entry(path: Path, collection: str, item: Any) -> Entry:
    if not isinstance(item, MarkedDict):
        raise _fail(path, line_of(item, default=1), "each entry must be a mapping")
    label = f"entry {item.get('id')!r}" if isinstance(item.get("id"), str) else "an entry"
    _check_keys(path, item, _ENTRY_KEYS, label)
    for key in _ENTRY_REQUIRED:
        _require_text(path, item, key, label)
    entry_id: str = item["id"]
    if not _ID.match(entry_id) or entry_id in _COLLECTION_ATTRS:
        raise _fail(
            path,
            line_of(item, "id"),
            f"entry id {entry_id!r} must be snake_case and not one of "
            f"{', '.join(sorted(_COLLECTION_ATTRS))}",
        )
    for key in _ENTRY_TEXT:
        if key in item and item[key] is not None and not isinstance(item[key], str):
            raise _fail(path, line_of(item, key), f"{key!r} must be text in {label}")
    links = item.get("links") or []
    if not isinstance(links, list):
        raise _fail(path, line_of(item, "links"), f"'links' must be a list of URLs in {label}")
    for link in links:
        if not isinstance(link, str) or not _URL.match(link):
            raise _fail(
                path,
                line_of(links, default=line_of(item, "links")),
                f"link {link!r} in {label} is not an http(s) URL",
                hint="links must start with https:// or http://",
            )
    unconfirmed = item.get("unconfirmed")
    if unconfirmed is not None and (not isinstance(unconfirmed, str) or not unconfirmed.strip()):
        raise _fail(
            path,
            line_of(item, "unconfirmed"),
            f"'unconfirmed' must be null or a sentence in {label}",
        )
    data = item.get("data") or MarkedDict()
    if not isinstance(data, dict):
        raise _fail(path, line_of(item, "data"), f"'data' must be a mapping in {label}")
    _check_data(path, collection, item, data, label)
    return Entry(
        collection=collection,
        id=entry_id,
        title=item["title"].strip(),
        summary=item["summary"].strip(),
        explanation=item["explanation"].strip(),
        applies_when=(item.get("applies_when") or "").strip(),
        limits=(item.get("limits") or "").strip(),
        citation=item["citation"].strip(),
        links=tuple(links),
        unconfirmed=unconfirmed.strip() if unconfirmed else None,
        data=MappingProxyType(dict(data)),
    )


def _check_data(
    path: Path, collection: str, item: MarkedDict, data: dict[str, Any], label: str
) -> None:
    schema = SCHEMAS.get(collection)
    if schema is None:
        return
    data_line = line_of(item, "data")
    for key, value in data.items():
        if key not in schema:
            raise _fail(
                path,
                line_of(data, key, data_line),
                f"unknown data key {key!r} in {label}",
                hint=f"{collection} data keys: {', '.join(schema)} (see docs/knowledge.md)",
            )
        problem = schema[key][1](value)
        if problem:
            raise _fail(path, line_of(data, key, data_line), f"data.{key} {problem} in {label}")
    for key, (required, _check) in schema.items():
        if required and key not in data:
            raise _fail(
                path,
                data_line or item.line,
                f"data.{key} is missing in {label}",
                hint=f"{collection} entries need data keys: "
                + ", ".join(k for k, (req, _) in schema.items() if req),
            )


def _check_references(
    collections: Mapping[str, Collection], raw: Mapping[str, tuple[Path, MarkedDict]]
) -> None:
    """Cross-references between collections must resolve."""

    def target_ids(source: str, target: str, key: str, *, by: str | None = None) -> set[str]:
        if target not in collections:
            path, doc = raw[source]
            raise _fail(
                path,
                line_of(doc, "collection"),
                f"{source} entries refer to the {target!r} collection (data.{key}), "
                "which is not loaded",
                hint=f"add knowledge/{target}.yaml",
            )
        if by is None:
            return set(collections[target].ids)
        return {str(e.data.get(by)) for e in collections[target]}

    def check(
        source: str,
        key: str,
        target: str,
        values: Callable[[Any], list[str]],
        *,
        by: str | None = None,
        extra: frozenset[str] = frozenset(),
    ) -> None:
        if source not in collections:
            return
        path, doc = raw[source]
        known: set[str] | None = None
        for entry, item in zip(collections[source], doc["entries"], strict=True):
            if key not in entry.data:
                continue
            if known is None:
                known = target_ids(source, target, key, by=by) | extra
            for value in values(entry.data[key]):
                if value not in known:
                    data = item.get("data")
                    inner = data.get(key) if isinstance(data, MarkedDict) else None
                    line = line_of(inner, value) if isinstance(inner, MarkedDict) else 0
                    raise _fail(
                        path,
                        line or line_of(data, key, item.line),
                        f"data.{key} of entry {entry.id!r} names {value!r}, "
                        f"which is not in {target}",
                        hint=f"known: {', '.join(sorted(known))}",
                    )

    check("lawful_bases", "rights", "rights", lambda v: list(v))
    check(
        "rights",
        "applies_under",
        "lawful_bases",
        lambda v: [] if v == "all" else list(v),
    )
    check("schedule1_conditions", "art9_conditions", "art9_conditions", list, by="letter")


__all__ = ["Collection", "Entry", "KnowledgeBase", "SCHEMAS", "load_knowledge"]
