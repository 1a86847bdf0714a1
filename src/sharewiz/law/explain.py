"""`sharewiz explain`: find a knowledge topic and describe it in plain text.

Pure functions over a KnowledgeBase: nothing here prints. The CLI renders the results
through `sharewiz.cli.console`, and question help texts reuse `format_entry` so the wording
is the same everywhere.
"""

from __future__ import annotations

import re

from sharewiz.errors import KnowledgeError, UserError
from sharewiz.law.knowledge import Collection, Entry, KnowledgeBase

# Short names people type, mapped to collection ids. Keys are normalised (lower case,
# spaces, dashes and dots removed).
ALIASES: dict[str, str] = {
    "art6": "lawful_bases",
    "article6": "lawful_bases",
    "lawfulbasis": "lawful_bases",
    "bases": "lawful_bases",
    "basis": "lawful_bases",
    "rli": "recognised_legitimate_interests",
    "annex1": "recognised_legitimate_interests",
    "art9": "art9_conditions",
    "article9": "art9_conditions",
    "conditions": "art9_conditions",
    "specialcategory": "special_categories",
    "specialcategories": "special_categories",
    "scd": "special_categories",
    "schedule1": "schedule1_conditions",
    "sch1": "schedule1_conditions",
    "dpasch1": "schedule1_conditions",
    "art10": "criminal_offence",
    "article10": "criminal_offence",
    "criminal": "criminal_offence",
    "part3": "criminal_offence",
    "lawenforcement": "criminal_offence",
    "gateway": "gateways",
    "powers": "gateways",
    "right": "rights",
    "dpia": "dpia_triggers",
    "art35": "dpia_triggers",
    "caldicott": "caldicott_principles",
    "confidentiality": "common_law_confidentiality",
    "confidence": "common_law_confidentiality",
    "dsa": "dsa_contents",
    "agreement": "dsa_contents",
    "transfers": "transfer_mechanisms",
    "transfer": "transfer_mechanisms",
    "international": "transfer_mechanisms",
}

# "art9(2)(h)", "art 6(1)(e)", "9(2)(h)" -> an article reference to look up in data.article.
_ARTICLE = re.compile(r"^(?:art(?:icle)?)?(\d+[a-z]?(?:\(\w+\))*)$")
# "sch1 para 18", "schedule 1 paragraph 18", "sch1.18", "para 18"
_PARAGRAPH = re.compile(r"^(?:sch(?:edule)?\s*1)?\s*[.,]?\s*(?:para(?:graph)?)?\s*(\d+)$")


def _normalise(text: str) -> str:
    return re.sub(r"[\s\-_.]", "", text.lower())


def find_topic(kb: KnowledgeBase, topic: str) -> Collection | Entry:
    """Resolve what a user typed after `sharewiz explain`.

    Accepts a collection id (`rights`), an alias (`art9`, `sch1`, `dsa`), a reference
    (`lawful_bases.public_task`), an entry id that is unique across collections
    (`public_task`), an article reference (`art9(2)(h)`, `6(1)(e)`) or a Schedule 1
    paragraph (`sch1 para 18`).

    Raises:
        UserError: the topic is unknown or ambiguous; the hint lists what to type.
    """
    raw = topic.strip()
    text = raw.lower()
    if not text:
        raise UserError("no topic given", hint=_topics_hint(kb))
    if text in kb.collections:
        return kb.collection(text)
    alias = ALIASES.get(_normalise(text))
    if alias and alias in kb.collections:
        return kb.collection(alias)
    if "." in text:
        collection_id, _, entry_id = text.partition(".")
        collection_id = ALIASES.get(_normalise(collection_id), collection_id)
        if collection_id in kb.collections:
            collection = kb.collection(collection_id)
            if entry_id in collection:
                return collection.get(entry_id)
            found = _by_paragraph(collection, entry_id) or _by_letter(collection, entry_id)
            if found is not None:
                return found
            raise UserError(
                f"{collection_id} has no entry {entry_id!r}",
                hint=f"known entries: {', '.join(collection.ids)}",
            )
    by_id = [entry for collection in kb for entry in collection if entry.id == text]
    if len(by_id) == 1:
        return by_id[0]
    if len(by_id) > 1:
        raise UserError(
            f"{raw!r} is in more than one collection",
            hint=f"use one of: {', '.join(e.ref for e in by_id)}",
        )
    found = _by_article(kb, text) or _by_schedule_paragraph(kb, text)
    if found is not None:
        return found
    raise UserError(f"no knowledge topic {raw!r}", hint=_topics_hint(kb))


def _by_article(kb: KnowledgeBase, text: str) -> Entry | None:
    match = _ARTICLE.match(text.replace(" ", ""))
    if not match:
        return None
    wanted = match.group(1)
    for collection_id in ("lawful_bases", "art9_conditions", "rights", "transfer_mechanisms"):
        if collection_id not in kb.collections:
            continue
        for entry in kb.collection(collection_id):
            if str(entry.data.get("article", "")).replace(" ", "").lower() == wanted:
                return entry
    return None


def _by_schedule_paragraph(kb: KnowledgeBase, text: str) -> Entry | None:
    if not text.startswith("sch") or "schedule1_conditions" not in kb.collections:
        return None
    match = _PARAGRAPH.match(text)
    return _by_paragraph(kb.collection("schedule1_conditions"), match.group(1)) if match else None


def _by_paragraph(collection: Collection, value: str) -> Entry | None:
    match = _PARAGRAPH.match(value)
    if not match:
        return None
    return next((e for e in collection if e.data.get("paragraph") == match.group(1)), None)


def _by_letter(collection: Collection, value: str) -> Entry | None:
    return next((e for e in collection if e.data.get("letter") == value), None)


def _topics_hint(kb: KnowledgeBase) -> str:
    return (
        f"topics: {', '.join(kb.collections)}; shortcuts: art6, art9, sch1, art10, dpia, "
        "caldicott, dsa; or an entry such as lawful_bases.public_task, art9(2)(h), sch1 para 18"
    )


def search(kb: KnowledgeBase, text: str, *, collection: str | None = None) -> list[Entry]:
    """Entries matching every word of `text`, optionally within one collection.

    Raises:
        UserError: the collection is unknown.
    """
    if collection is not None:
        collection = ALIASES.get(_normalise(collection), collection)
        try:
            kb.collection(collection)
        except KnowledgeError as exc:
            raise UserError(exc.message, hint=exc.hint) from exc
    return kb.search(text, collection=collection)


def list_topics(kb: KnowledgeBase) -> list[tuple[str, str, int]]:
    """(collection id, title, number of entries) for each collection."""
    return [(c.id, c.title, len(c.entries)) for c in kb]


def format_entry(entry: Entry) -> str:
    """A plain-text block describing one entry, shared by `explain` and help texts."""
    lines = [entry.title, f"Citation: {entry.citation}", "", entry.explanation]
    if entry.applies_when:
        lines += ["", f"Applies when: {entry.applies_when}"]
    if entry.limits:
        lines += ["", f"Limits: {entry.limits}"]
    if entry.links:
        lines += ["", "Sources:"] + [f"  {link}" for link in entry.links]
    if entry.unconfirmed:
        lines += ["", f"Not yet confirmed: {entry.unconfirmed}"]
    lines += ["", f"Reference: {entry.ref}"]
    return "\n".join(lines)


def format_collection(collection: Collection) -> str:
    """A plain-text overview: title, citation, description and one line per entry."""
    width = max((len(e.id) for e in collection), default=0)
    lines = [collection.title, f"Citation: {collection.citation}", "", collection.description, ""]
    for entry in collection:
        mark = " (unconfirmed)" if entry.unconfirmed else ""
        lines.append(f"  {entry.id.ljust(width)}  {entry.summary}{mark}")
    lines += ["", f"More: sharewiz explain {collection.id}.<entry>"]
    return "\n".join(lines)


def format_topic(topic: Collection | Entry) -> str:
    """`format_entry` or `format_collection`, whichever fits."""
    return format_entry(topic) if isinstance(topic, Entry) else format_collection(topic)


__all__ = [
    "ALIASES",
    "find_topic",
    "format_collection",
    "format_entry",
    "format_topic",
    "list_topics",
    "search",
]


def explain(kb: KnowledgeBase, *, topic: str | None = None, search_text: str | None = None) -> str:
    """What `sharewiz explain` prints: a topic, the entries a search finds, or the topics.

    Raises:
        UserError: the topic is unknown, or the search finds nothing.
    """
    if search_text is not None:
        entries = search(kb, search_text, collection=topic)
        if not entries:
            raise UserError(
                f"nothing in the knowledge base matches {search_text!r}",
                hint="try fewer or shorter words, or `sharewiz explain` for the topics",
            )
        return "\n".join(f"{entry.ref}: {entry.title} ({entry.citation})" for entry in entries)
    if topic is None:
        lines = [f"{cid}: {title} ({size} entries)" for cid, title, size in list_topics(kb)]
        return "\n".join(
            [*lines, "More: sharewiz explain TOPIC, or sharewiz explain --search WORDS"]
        )
    return format_topic(find_topic(kb, topic))
