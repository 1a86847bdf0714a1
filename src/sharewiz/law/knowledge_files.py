"""Reading one knowledge file: its keys, its entries, their ids, links and data.

Each file `knowledge/<collection>.yaml` is one collection; everything is checked as it
is read, so a problem is a `file:line: message` naming the key.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sharewiz.errors import KnowledgeError
from sharewiz.law.knowledge import Collection, Entry
from sharewiz.law.knowledge_schema import check_data
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


def _fail(path: Path, line: int, message: str, hint: str | None = None) -> KnowledgeError:
    return KnowledgeError(f"{path}:{line}: {message}", hint=hint)


def load_file(path: Path) -> tuple[Collection, MarkedDict]:
    """One collection and the YAML it was read from (for line numbers in later checks)."""
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
    check_data(path, collection, item, data, label)
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


__all__ = ["load_file"]
