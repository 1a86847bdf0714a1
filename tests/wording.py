"""What must never reach a document (issues 13 and 14): placeholders, slips and contradictions.

`placeholders` finds instructions left for the author (bracketed notes, "[Or: ...]",
TODO, a literal None, "e.g." in body text); `document_defects` finds those in a rendered
document and also grammar slips from pasted answers ("about about", "hospital..", a
sentence starting lower-case), unrendered Jinja, a lead-in with nothing after it, and
statements the same document contradicts elsewhere (each pair below with its reason).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A bracketed instruction: text in square brackets that is not a Markdown link ("[x](url)"),
# a task-list box ("[ ]", "[x]") or a Mermaid node label ('["Name"]').
# A law-report year ("[2016] EWCA Civ 1234") is a citation, not an instruction.
BRACKETED = re.compile(r"\[(?![\"' xX]\])(?!\")(?!\d{4}\])[^\]\n]{1,}\](?!\()")
# A literal None is a value printed by mistake; "None of ..." and "None named" are English.
FORBIDDEN_WORDS = re.compile(r"\b(TODO|TBC|TBD|XXX|FIXME)\b|\[Or:|\bNone\b(?!\s+[a-z])")
EG = re.compile(r"\be\.g\.", re.IGNORECASE)

# A Python or YAML value printed as text.
LITERAL_VALUE = re.compile(r"\b(?:null|True|False)\b")
UNRENDERED_JINJA = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
EMPTY_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s*$", re.MULTILINE)
DOUBLED_WORD = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
DOUBLED_STOP = re.compile(r"(?<![.\\])\\?\.\\?\.(?![.\\])")
# "... text. lower-case": a sentence that starts lower-case (pasted text not adjusted).
LOWER_AFTER_STOP = re.compile(r"(^[ \t]*)?(\S+)\.[ \t]+([a-z][\w'-]*)", re.MULTILINE)
ABBREVIATIONS = {"e.g", "i.e", "etc", "para", "paras", "art", "s", "ss", "v", "cf", "no", "reg"}
LEAD_IN = re.compile(
    r"\(all items listed above\)|\b(?:the following|as follows)\s*:\s*$", re.IGNORECASE
)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Contradiction:
    """Two statements that cannot both be true of one document, and why."""

    says: str  # a pattern
    and_says: str  # a pattern the first contradicts
    reason: str

    def found_in(self, text: str) -> str | None:
        """`reason: "first" / "second"` if the text holds both statements, else None."""
        first = re.search(self.says, text, re.MULTILINE)
        second = re.search(self.and_says, text, re.MULTILINE)
        if first and second:
            return f"{self.reason}: {first.group(0)!r} / {second.group(0)!r}"
        return None


CONTRADICTIONS = (
    Contradiction(
        r"We make some decisions (?:about you )?by automated means",
        r"We do not make (?:any )?decisions about you (?:by automated means|based solely)",
        "makes and does not make automated decisions (UK GDPR Art 13(2)(f), 22A-22D)",
    ),
    Contradiction(
        r"You are required by law to give us this information",
        r"You do not have to give us this information",
        "the same information is required by law and voluntary (Art 13(2)(e))",
    ),
    Contradiction(
        r"We do not (?:share your information with other organisations|give your information to anyone else)",
        r"We share your information with the following|^\| \*\*Shared with\*\* \| (?!No)",
        "says it shares with no one and lists recipients (Art 13(1)(e))",
    ),
    Contradiction(
        r"We do not send your information outside the UK|^\| \*\*Outside the UK\?\*\* \| No",
        r"^### Transfers outside the UK|goes outside the UK|^\| \*\*Outside the UK\?\*\* \| Yes",
        "says nothing goes outside the UK and describes transfers (Art 13(1)(f))",
    ),
    Contradiction(
        r"\bis not a public authority\b",
        r"\bPublic task \(UK GDPR Article 6\(1\)\(e\)\)",
        "public task relied on by a body the document says is not a public authority",
    ),
    Contradiction(
        r"does not include special category or criminal offence data",
        r"\bArticle 9\(2\)\([a-j]\)",
        "says there is no special category data and names an Art 9 condition",
    ),
    Contradiction(
        r"a data protection impact assessment is not required",
        r"a data protection impact assessment (?:is being carried out|has been carried out)",
        "the DPIA is both not required and carried out",
    ),
)


def placeholders(text: str, *, body: bool) -> list[str]:
    """Instructions left for the author; `body` text may not say "e.g." either."""
    found = [m.group(0) for m in BRACKETED.finditer(text)]
    found += [m.group(0) for m in FORBIDDEN_WORDS.finditer(text)]
    if body:
        found += [m.group(0) for m in EG.finditer(text)]
    return found


def document_defects(markdown: str) -> list[str]:
    """Everything in a rendered document that must not reach a reader, one line each."""
    found = [f"unrendered Jinja: {m.group(0)!r}" for m in UNRENDERED_JINJA.finditer(markdown)]
    text = FENCE.sub("", markdown)  # diagrams are Mermaid source, not prose
    found += [f"placeholder: {p!r}" for p in placeholders(text, body=True)]
    found += [f"literal value: {m.group(0)!r}" for m in LITERAL_VALUE.finditer(text)]
    found += [f"empty list item: {m.group(0)!r}" for m in EMPTY_LIST_ITEM.finditer(text)]
    found += [f"doubled word: {m.group(0)!r}" for m in DOUBLED_WORD.finditer(text)]
    found += [f"doubled full stop: {_around(text, m)!r}" for m in DOUBLED_STOP.finditer(text)]
    found += [
        f"sentence starts lower-case: {m.group(0).strip()!r}"
        for m in LOWER_AFTER_STOP.finditer(text)
        if _sentence_end(m.group(2)) and not (m.group(1) is not None and m.group(2).isdigit())
    ]
    found += _dangling_lead_ins(text)
    found += [c for c in (rule.found_in(text) for rule in CONTRADICTIONS) if c]
    return found


def _around(text: str, match: re.Match[str]) -> str:
    return text[max(0, match.start() - 30) : match.end() + 10]


def _sentence_end(word: str) -> bool:
    """Whether a full stop after this word ends a sentence (not "e.g." or "s." or a URL)."""
    word = word.strip("(*_\\").lower()
    if word in ABBREVIATIONS or "." in word or "@" in word or "/" in word:
        return False
    return not (len(word) == 1 and word.isalpha())  # an initial or a list letter


def _dangling_lead_ins(text: str) -> list[str]:
    """Lead-ins ("the following:", "(all items listed above)") with nothing to point at."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        if not LEAD_IN.search(line):
            continue
        if "listed above" in line.lower():
            before = lines[:number]
            start = max((i for i, b in enumerate(before) if b.startswith("#")), default=-1)
            if not any(_is_item(b) for b in before[start + 1 :]):
                found.append(f"nothing listed above: {line.strip()!r}")
            continue
        after = next((a for a in lines[number + 1 :] if a.strip()), "")
        if not after or after.startswith("#"):
            found.append(f"nothing follows: {line.strip()!r}")
    return found


def _is_item(line: str) -> bool:
    return bool(re.match(r"\s*(?:[-*+]|\d+\.|\|)\s*\S", line))
