"""The data each knowledge collection's entries carry, and the references between them.

For each known collection, `SCHEMAS` gives its data keys: key -> (required, check). A
check returns an error message or None. Unknown data keys in a known collection are
rejected (typo protection); collections not listed take free-form data. Cross-references
(a lawful basis's rights, a Schedule 1 condition's Art 9 letters) must resolve.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.errors import KnowledgeError
from sharewiz.model.yamlio import MarkedDict, line_of

if TYPE_CHECKING:
    from sharewiz.law.knowledge import Collection

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


def _text_map(value: Any) -> str | None:
    if (
        isinstance(value, Mapping)
        and value
        and all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items())
    ):
        return None
    return "must be a mapping of ids to non-empty text"


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
        # When a policy document is not needed although `needs_apd` (para 10(2)).
        "apd_exception": (False, _one_of("disclosure_to_competent_authority")),
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
        # the organisation types (organisation_types ids) that may rely on the gateway
        "party_types": (False, _is_text_list),
        # false for a gateway that covers only depersonalised (non-personal) information
        "personal_data": (False, _is_bool),
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
    "research": {
        "article": (True, _is_text),  # the provision printed where the entry is relied on
        # an exemption from rights (DPA 2018 Sch 2 paras 27-28): the purposes it serves, in
        # the law's words and plainly; the rights it disapplies (right id -> their name and
        # article); whether access also needs results that identify no one (para 27(3)(b))
        "kind": (False, _one_of("exemption")),
        "paragraph": (False, _is_text),
        "purposes": (False, _is_text),
        "purposes_plain": (False, _is_text),
        "provisions": (False, _text_map),
        "identifying_results_condition": (False, _is_bool),
    },
    "organisation_types": {
        # true or false where the kind settles it (DPA 2018 s7); null where it must be asked
        "public_authority": (True, _one_of(True, False, None)),
        # listed in DPA 2018 Sch 7: processes for law enforcement under Part 3 by default
        "competent_authority": (True, _is_bool),
        # whether the NHS Data Security and Protection Toolkit applies to the kind
        "dspt": (False, _one_of("always", "with_nhs_data", "never")),
    },
    "art14": {
        # timing: an Art 14(3) deadline; exemption: an Art 14(5) exception
        "kind": (True, _one_of("timing", "exemption")),
        "point": (True, _is_text),
        "notice_wording": (True, _is_text),
        # timing (Art 14(3)(b)): the wording when it is not known whether it applies
        "conditional_wording": (False, _is_text),
        # timing: plain words for the short summary (a clause) and the young people's
        # version (sentences, true whether or not the deadline is known to apply)
        "summary_wording": (False, _is_text),
        "conditional_summary_wording": (False, _is_text),
        "young_people_wording": (False, _is_text),
        # exemption: relying on it needs protective measures (Art 14(7))
        "measures_required": (False, _is_bool),
        # exemption: the notice names the law (Art 14(5)(c), (d))
        "names_law": (False, _is_bool),
    },
    "caldicott_principles": {
        "number": (True, _is_int),
    },
    "common_law_confidentiality": {
        "kind": (True, _one_of("duty", "exception")),
    },
}


def _fail(path: Path, line: int, message: str, hint: str | None = None) -> KnowledgeError:
    return KnowledgeError(f"{path}:{line}: {message}", hint=hint)


def check_data(
    path: Path, collection: str, item: MarkedDict, data: dict[str, Any], label: str
) -> None:
    """The data of one entry must fit its collection's schema (`file:line` otherwise)."""
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


def check_references(
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
    check("gateways", "party_types", "organisation_types", list)
    # Art 19 notification has no entry of its own in rights
    check("research", "provisions", "rights", list, extra=frozenset({"notification"}))


__all__ = ["SCHEMAS", "check_data", "check_references"]
