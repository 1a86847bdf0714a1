"""A text field asked of a list's entries in one prompt, a line each (`across: {lines}`).

Each party's law for its task, each party's retention period and a notice's consequences
of not giving information are typed a line per entry, in the order the prompt lists
them. The prompts are replaced by scripts, so each test says what the officer typed and
checks what was asked, refused and saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers import build_file_tree
from sharewiz.cli.asking.across import complete
from sharewiz.cli.asking.lines_across import listed, read_answer_lines
from sharewiz.errors import TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.answers import InvalidAnswer
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import load_kind
from test_wizard_agreement_cuts import agreement, answering, completing

TRUST = "Northshire Hospitals NHS Foundation Trust"
COUNCIL = "Northshire County Council"


def test_each_line_answers_its_entry_in_order() -> None:
    field = next(q for q in load_kind("data-sharing-agreement").question("party_bases").questions
                 if q.id == "legal_source")  # fmt: skip
    labels = [f"{TRUST}: Public task", f"{COUNCIL}: Public task"]
    text = "NHS Act 2006, s2\n\n  Children Act 2004, s10  \n"
    assert read_answer_lines(field, labels, text) == ["NHS Act 2006, s2", "Children Act 2004, s10"]
    # a line may repeat its number, or its entry's name and a colon, as the prompt lists it
    text = f"1. NHS Act 2006, s2\n{COUNCIL}: public task: Children Act 2004, s10"
    assert read_answer_lines(field, labels, text) == ["NHS Act 2006, s2", "Children Act 2004, s10"]
    # too few or too many: refused, saying how many (the prompt keeps the text to correct)
    with pytest.raises(InvalidAnswer, match=r"^Type 2 lines, one for each of them in the order "
                       r"shown; there is 1\.$"):  # fmt: skip
        read_answer_lines(field, labels, "NHS Act 2006, s2\n")
    with pytest.raises(InvalidAnswer, match="there are 3"):
        read_answer_lines(field, labels, "a\nb\nc")
    with pytest.raises(InvalidAnswer, match=r"^Line 2 \(.*\) needs an answer after its name\.$"):
        read_answer_lines(field, labels, f"NHS Act 2006, s2\n{COUNCIL}: Public task:")


def test_a_line_is_checked_as_the_fields_own_prompt_checks_it() -> None:
    notice = load_kind("privacy-notice")
    field = next(q for q in notice.question("purposes").questions if q.id == "legal_source")
    with pytest.raises(InvalidAnswer, match=r"^Line 2 \(To keep records\): contains the "
                       r"character U\+0007"):  # fmt: skip
        read_answer_lines(field, ["To teach", "To keep records"], "Education Act 1996\nA\x07B")


def test_the_entries_are_listed_numbered_above_the_prompt() -> None:
    assert listed(["A: Public task", "B: Public task"]) == [
        "One line for each of these, in this order:", "1. A: Public task", "2. B: Public task"]  # fmt: skip


def test_two_parties_laws_are_one_prompt_and_a_colon_still_splits_a_retention_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = agreement()
    shown: list[str] = []

    def lines(message: str, check: Any, *, hint: str, help_text: str) -> str:
        shown.append(message)
        assert check("only one line") == (
            "Type 2 lines, one for each of them in the order shown; there is 1."
        )
        assert "Art 6(3)" in help_text or "Art 5(1)(e)" in help_text
        if "law" in message:
            return "NHS Act 2006, section 2\nthe council's functions under the Children Act 2004\n"
        return "8 years: deleted from the trust's system\n25th birthday\n"

    monkeypatch.setattr("sharewiz.cli.asking.lines_across.ask_lines", lines)
    asked = answering(wizard, monkeypatch, deletion="shredded")
    complete(completing(wizard, "party_bases", "legal_source"))
    assert [e["legal_source"] for e in wizard.answers["party_bases"]] == [
        "NHS Act 2006, section 2", "the council's functions under the Children Act 2004"]  # fmt: skip
    complete(completing(wizard, "retention", "period", "deletion"))
    retention = wizard.answers["retention"]
    assert [(e["period"], e["deletion"]) for e in retention] == [
        ("8 years", "deleted from the trust's system"), ("25th birthday", "shredded")]  # fmt: skip
    assert asked == ["deletion"]  # only the line without a colon is asked how it is deleted
    assert shown[0] == "Which law gives each of these parties its task or obligation?"
    assert len(shown) == 2


def test_one_entry_needing_the_field_is_asked_it_as_usual(monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = agreement()
    wizard.answers["party_bases"][1]["basis"] = "legitimate_interests"  # its law not asked
    monkeypatch.setattr("sharewiz.cli.asking.lines_across.ask_lines",
                        lambda *a, **k: pytest.fail("one entry: no lines prompt"))  # fmt: skip
    asked = answering(wizard, monkeypatch, legal_source="NHS Act 2006, section 2")
    complete(completing(wizard, "party_bases", "legal_source"))
    assert asked == ["legal_source"]


TREE = """
id: demo
version: 1
title: Demo
description: A demo tree.
documents:
  - id: demo
    template: demo/doc.md.j2
    title: Demo
sections:
  - id: one
    title: One
    questions:
      - id: things
        type: group
        prompt: Things?
        help: Things.
        questions:
          - id: name
            type: text
            prompt: Name?
            help: A name.
          - id: why
            type: FIELD_TYPE
            prompt: Why?
            help: Why it is needed.
            EXTRA
            across:
              lines: Why is each needed?
"""


@pytest.mark.parametrize(
    ("field_type", "extra", "wrong"),
    [
        ("long_text", "example: x", "'across' applies to a group's choice, multi, yes_no or text"),
        ("yes_no", "example: x", "must be on a text field"),
        ("text", "required: false", "must be on a required field"),
        ("text", "default: because", "must be on a field without a default"),
    ],
)
def test_lines_is_refused_where_a_line_cannot_answer_each_entry(
    tmp_path: Path, field_type: str, extra: str, wrong: str
) -> None:
    text = TREE.replace("FIELD_TYPE", field_type).replace("EXTRA", extra)
    build_file_tree(tmp_path, {"demo.yaml": text})
    with pytest.raises(TreeError) as info:
        load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    message = str(info.value)
    assert wrong in message and "demo.yaml:" in message  # file:line


def test_lines_beside_another_key_of_across_is_refused(tmp_path: Path) -> None:
    text = TREE.replace("FIELD_TYPE", "text").replace("EXTRA", "example: x").replace(
        "              lines: Why is each needed?",
        "              lines: Why is each needed?\n              which: Which?")  # fmt: skip
    build_file_tree(tmp_path, {"demo.yaml": text})
    with pytest.raises(TreeError, match="must be alone in 'across'"):
        load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())


def test_the_built_in_trees_type_these_fields_as_lines() -> None:
    def lines_of(kind: str, group: str, field: str) -> str:
        found = next(q for q in load_kind(kind).question(group).questions if q.id == field)
        assert found.across is not None
        return found.across.lines

    assert lines_of("data-sharing-agreement", "party_bases", "legal_source")
    assert lines_of("data-sharing-agreement", "retention", "period")
    assert lines_of("privacy-notice", "purposes", "legal_source")
    assert lines_of("privacy-notice", "data_categories", "consequences")
