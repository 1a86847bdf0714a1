"""A web address in an answer split at its colon (`split_at_colon`): its own colons
("https:", a port, a path's) are part of it, and the colon after it splits the answer.

An agreement's privacy notice takes when and how people are told after a colon
("https://www.trust.nhs.uk/privacy: at the booking appointment"), so the split must not
fall inside the address; the rule is the one place answers and lines are split, so it
is checked for every field of every built-in tree that splits at a colon.
"""

from __future__ import annotations

from typing import Any

import pytest

from sharewiz.cli.asking.across import complete
from sharewiz.cli.asking.lines import colon_field, read_lines, split_answer
from sharewiz.model.colon_split import split_at_colon
from sharewiz.model.tree import Question, list_kinds
from sharewiz.sets.build import load_kind
from test_wizard_agreement_cuts import agreement, answering, completing

NOTICE = "https://www.trust.example.nhs.uk/privacy/maternity"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{NOTICE}: at the booking appointment", (NOTICE, "at the booking appointment")),
        (NOTICE, (NOTICE, None)),  # the scheme's colon does not split
        (f"  {NOTICE}  ", (NOTICE, None)),
        (f"{NOTICE}:", (NOTICE, "")),  # the colon ends it: nothing after, asked on its own
        ("https://intranet.example.org:8443/ig/notice: on the leaflet",
         ("https://intranet.example.org:8443/ig/notice", "on the leaflet")),  # a port
        ("https://example.org/a:b: at sign-up", ("https://example.org/a:b", "at sign-up")),
        (f"Online at {NOTICE}: at booking", (f"Online at {NOTICE}", "at booking")),
        (f"Leaflet: see {NOTICE}", ("Leaflet", f"see {NOTICE}")),  # first colon, before it
        (f"{NOTICE}:at booking", (f"{NOTICE}:at booking", None)),  # no space: part of it
        ("HTTP://EXAMPLE.ORG/P: told", ("HTTP://EXAMPLE.ORG/P", "told")),
        ("Schools: attendance: exclusions", ("Schools", "attendance: exclusions")),
        (": nothing before it", (": nothing before it", None)),
    ],
)  # fmt: skip
def test_a_web_addresss_colons_are_part_of_it(text: str, expected: tuple[str, str | None]) -> None:
    assert split_at_colon(text) == expected


def _split_fields() -> list[tuple[str, Question, Question]]:
    """(kind, group, field) for every field of every built-in tree with `split_at_colon`,
    in groups inside entries too (a party's signatories)."""
    found = []

    def walk(kind: str, group: Question) -> None:
        for field in group.questions:
            if field.split_at_colon:
                found.append((kind, group, field))
            if field.type == "group":
                walk(kind, field)

    for kind, _path in list_kinds():
        for question in load_kind(kind).questions():
            if question.type == "group":
                walk(kind, question)
    return found


SPLIT_FIELDS = _split_fields()


def test_every_split_field_is_checked() -> None:
    # the agreement's privacy notice and data items, a party's signatories, a retention
    # period, a notice's categories and purposes, a processor's types of data: at least
    assert len({(g.id, f.id) for _k, g, f in SPLIT_FIELDS}) >= 8
    assert ("privacy_notices", "where") in {(g.id, f.id) for _k, g, f in SPLIT_FIELDS}


@pytest.mark.parametrize(
    ("kind", "group", "field"), SPLIT_FIELDS,
    ids=[f"{k}-{g.id}.{f.id}" for k, g, f in SPLIT_FIELDS],
)  # fmt: skip
def test_a_web_address_in_any_split_field_is_kept_whole(
    kind: str, group: Question, field: Question
) -> None:
    # every condition holding: the field after the colon is asked (a notice for children)
    context: dict[str, Any] = {q.id: True for q in load_kind(kind).questions()}
    second = colon_field(group, field, context)
    assert second is not None and second.id == field.split_at_colon
    entry: dict[str, Any] = {field.id: f"{NOTICE}: more here"}
    assert split_answer(group, field, entry, context) == [second.id]
    assert (entry[field.id], entry[second.id]) == (NOTICE, "more here")
    entry = {field.id: "https://example.org:8443/a:b"}  # no colon after it: kept whole
    assert split_answer(group, field, entry, context) == []
    assert entry == {field.id: "https://example.org:8443/a:b"}
    if group.as_lines and group.questions[0] is field:  # typed as lines: the same rule
        assert read_lines(group, f"{NOTICE}: more here\nhttps://example.org/x") == [
            {field.id: NOTICE, second.id: "more here"}, {field.id: "https://example.org/x"}]  # fmt: skip


def test_a_privacy_notice_takes_when_people_are_told_after_a_colon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = agreement()
    asked = answering(wizard, monkeypatch, where=f"{NOTICE}: at the booking appointment")
    complete(completing(wizard, "privacy_notices", "where", "when_told"))
    assert asked == ["where", "where"]  # "When and how are people told?" of neither party
    assert [(e["where"], e["when_told"]) for e in wizard.answers["privacy_notices"]] == [
        (NOTICE, "at the booking appointment")] * 2  # fmt: skip
    # a web address alone (its scheme's colon no split): when people are told is asked
    asked = answering(wizard, monkeypatch, where=NOTICE, when_told="at the first contact")
    complete(completing(wizard, "privacy_notices", "where", "when_told"))
    assert asked == ["where", "when_told"] * 2
    assert [(e["where"], e["when_told"]) for e in wizard.answers["privacy_notices"]] == [
        (NOTICE, "at the first contact")] * 2  # fmt: skip
    # a description, as the prompt allows, splits at its colon too
    asked = answering(wizard, monkeypatch, where="Leaflet at reception: given at booking")
    complete(completing(wizard, "privacy_notices", "where", "when_told"))
    assert asked == ["where", "where"]
    assert wizard.answers["privacy_notices"][1]["when_told"] == "given at booking"
