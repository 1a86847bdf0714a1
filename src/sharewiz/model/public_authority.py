"""Public authority status: the one rule the law and the question trees both count by.

Status follows the law (DPA 2018 s7), so the kind of organisation settles it
(`knowledge/organisation_types.yaml`, each kind's `public_authority`). An organisation
is an exception to its kind only when it says so *and says why*: a "yes" to the
exception question with no reason changes nothing, and `sharewiz check` reports the
reason missing. Where the kind does not settle it ("other", or no kind), the answer to
"is it a public authority?" does.

The law (`sharewiz.law.organisations`) derives its facts from this rule, and the trees'
conditions and defaults read it through the `is_public_authority` filter, so the wizard
never counts an exception the checks do not. It lives in the model layer because tree
expressions are evaluated here, below the law.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def settled_status(kb: Any, kind: Any) -> bool | None:
    """Whether organisations of this kind are public authorities; None if it depends.

    Args:
        kb: the knowledge base (its `organisation_types` collection), as objects or as
            the plain mappings templates see.
        kind: an organisation type id, or None.
    """
    if not kind or "organisation_types" not in kb:
        return None
    types = kb["organisation_types"]
    if str(kind) not in types:
        return None
    entry = types[str(kind)]
    # templates see the knowledge base as plain mappings; trees and rules as objects
    data = entry["data"] if isinstance(entry, Mapping) else entry.data
    value = data.get("public_authority")
    return value if isinstance(value, bool) else None


def is_exception(settled: bool | None, override: Any, reason: Any) -> bool:
    """Whether an organisation departs from its kind's settled status: only with a reason."""
    return settled is not None and bool(override) and bool(_text(reason))


def public_authority_status(
    kb: Any, kind: Any, declared: Any, override: Any, reason: Any
) -> tuple[bool | None, bool]:
    """Whether an organisation is a public authority, and whether as an exception to its kind.

    Returns:
        (status, exception): the kind's status, turned over by an exception with its
        reason; where the kind does not settle it, the declared answer (None while it is
        not answered).
    """
    settled = settled_status(kb, kind)
    if settled is None:
        return (None if declared is None else bool(declared)), False
    exception = is_exception(settled, override, reason)
    return (not settled if exception else settled), exception


def is_public_authority(
    context: Any, kind: Any, declared: Any, override: Any, reason: Any
) -> bool | None:
    """The status as a tree expression reads it: `controller_type | is_public_authority(
    public_authority, public_authority_override, public_authority_reason)`; None while the
    kind does not settle it and the declared answer is not given."""
    return public_authority_status(context["kb"], kind, declared, override, reason)[0]


__all__ = ["is_exception", "is_public_authority", "public_authority_status", "settled_status"]
