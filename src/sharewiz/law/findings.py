"""The one Finding type: a problem found, the law behind it, the fix, and its JSON shape.

Compliance rules (`check`, `render`, `new`, `update`), cross-document rules (`status`)
and authoring checks (`validate`) all report `Finding`s, so every command prints and
serialises them the same way. The JSON shape is versioned by `FINDINGS_JSON_VERSION`
(docs/checks.md, "Findings as JSON"); raise it when a key changes meaning or goes away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SEVERITIES: tuple[str, ...] = ("error", "warning", "advice")
FINDINGS_JSON_VERSION = 1
_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Finding:
    """One problem, with the law (or house rule) behind it and the fix.

    `file` and `line` say where the problem is when it is in a file sharewiz reads
    (a tree, template or rules file); findings about answers leave them unset.
    """

    rule_id: str
    severity: str
    message: str
    citation: str = ""
    fix: str = ""
    refs: tuple[str, ...] = ()
    file: str | None = None
    line: int | None = None

    @property
    def where(self) -> str:
        """`file:line` (or just `file`), empty when the finding is about answers."""
        if self.file is None:
            return ""
        return self.file if self.line is None else f"{self.file}:{self.line}"

    def as_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data: the same keys from every command."""
        return {
            "rule": self.rule_id,
            "severity": self.severity,
            "message": self.message,
            "citation": self.citation,
            "fix": self.fix,
            "refs": list(self.refs),
            "file": self.file,
            "line": self.line,
        }


def finding_from_dict(data: Mapping[str, Any]) -> Finding:
    """The finding :meth:`Finding.as_dict` gave (as a set's state records it)."""
    line = data.get("line")
    return Finding(
        rule_id=str(data["rule"]),
        severity=str(data["severity"]),
        message=str(data.get("message") or ""),
        citation=str(data.get("citation") or ""),
        fix=str(data.get("fix") or ""),
        refs=tuple(str(ref) for ref in data.get("refs") or ()),
        file=None if data.get("file") is None else str(data["file"]),
        line=None if line is None else int(line),
    )


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Errors, then warnings, then advice; by rule id, then place, within each."""
    return sorted(
        findings,
        key=lambda f: (_RANK[f.severity], f.rule_id, f.file or "", f.line or 0, f.message),
    )


def has_errors(findings: Sequence[Finding]) -> bool:
    """Whether any finding is error-level (what makes `check` and `validate` fail)."""
    return any(f.severity == "error" for f in findings)


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    """Number of findings per severity, every severity present."""
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}


def findings_json(findings: Sequence[Finding]) -> dict[str, Any]:
    """`findings` (each `Finding.as_dict()`) and their `summary` (count per severity).

    Every JSON document that carries findings carries them this way, beside
    `findings_version` at its top level.
    """
    return {"findings": [f.as_dict() for f in findings], "summary": counts(findings)}


__all__ = [
    "FINDINGS_JSON_VERSION",
    "SEVERITIES",
    "Finding",
    "counts",
    "findings_json",
    "has_errors",
    "sort_findings",
]
