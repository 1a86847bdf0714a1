"""An optional field asked only of the entries ticked for it (`across: {which: ...}`).

A data item's source and a notice source's Art 14(5) exceptions are usually left empty:
one tick list asks which entries have one, the others are left empty unasked, and each
ticked entry is asked the field. The prompts are replaced by scripts, so each test says
what the officer ticked and typed, and checks what was asked and saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from helpers import build_file_tree
from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.across import complete
from sharewiz.cli.asking.position import Position
from sharewiz.cli.asking.prompts import Option
from sharewiz.errors import Interrupted, TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import read_answers
from test_wizard_agreement_cuts import agreement, answering, completing

ROOT = Path(__file__).resolve().parent.parent
ITEMS = ["Mother's name, date of birth and NHS number", "Address, telephone number and GP practice",
         "Estimated date of delivery and booking date"]  # fmt: skip
SOURCE_LIST = "Which of these will you say where the supplying party gets them from?"


def ticking(monkeypatch: pytest.MonkeyPatch, *labels: str) -> list[tuple[str, list[str]]]:
    """Tick the entries named in every tick list `which` shows; the lists shown."""
    shown: list[tuple[str, list[str]]] = []

    def tick(message: str, options: Sequence[Option], **_: Any) -> list[str]:
        shown.append((message, [o.label for o in options]))
        return [o.value for o in options if o.label in labels]

    monkeypatch.setattr("sharewiz.cli.asking.which_entries.tick", tick)
    return shown


def test_a_source_is_asked_only_of_the_items_ticked_and_the_others_left_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = agreement()
    shown = ticking(monkeypatch)  # none ticked: the usual answer
    asked = answering(wizard, monkeypatch)
    complete(completing(wizard, "data_items", "source"))
    assert shown == [(SOURCE_LIST, ITEMS)] and asked == []
    assert [e["source"] for e in wizard.answers["data_items"]] == [None] * 3
    # two ticked: only those two are asked, each its own answer
    shown = ticking(monkeypatch, ITEMS[0], ITEMS[2])
    asked = answering(wizard, monkeypatch, source="from the booking record")
    complete(completing(wizard, "data_items", "source"))
    assert asked == ["source", "source"]
    assert [e["source"] for e in wizard.answers["data_items"]] == [
        "from the booking record", None, "from the booking record"]  # fmt: skip
    # changed from the review: the entry is asked the field as usual, its answer offered
    currents: list[Any] = []
    monkeypatch.setattr(wizard, "ask", lambda q, c, current=None, **_: currents.append(
        (q.id, current)) or "from the mother")  # fmt: skip
    editor = completing(wizard, "data_items")
    editor.fill(1, adding=False, fields=["source"])
    assert currents == [("source", "from the booking record")]
    assert wizard.answers["data_items"][0]["source"] == "from the mother"


def test_one_entry_alone_is_asked_the_field_with_no_tick_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = agreement()
    wizard.answers["data_items"] = wizard.answers["data_items"][:1]
    shown = ticking(monkeypatch, ITEMS[0])
    asked = answering(wizard, monkeypatch, source=None)
    complete(completing(wizard, "data_items", "source"))
    assert shown == [] and asked == ["source"]


def test_a_sources_art14_exceptions_are_asked_only_of_the_sources_ticked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree, _file, answers = read_answers(ROOT / "examples" / "privacy-notice-school-pupils.yaml")
    wizard = Wizard(tree, {q.id: answers.get(q.id) for q in tree.questions()},
                    on_answer=lambda _a: None)  # fmt: skip
    shown = ticking(monkeypatch, "Northshire County Council")
    asked = answering(wizard, monkeypatch, art14_exemptions=["expressly_laid_down_by_law"],
                      art14_exemption_law="Children Act 2004, section 11")  # fmt: skip
    fields = ("art14_exemptions", "art14_exemption_law", "art14_exemption_measures")
    complete(completing(wizard, "sources", *fields))
    assert len(shown) == 1 and shown[0][1] == [s["name"] for s in answers["sources"]]
    assert "rely on an exception to telling people individually" in shown[0][0]
    assert asked == ["art14_exemptions", "art14_exemption_law"]  # of the council alone
    school, council, dfe = wizard.answers["sources"]
    assert school["art14_exemptions"] == dfe["art14_exemptions"] == []  # none ticked
    assert council["art14_exemptions"] == ["expressly_laid_down_by_law"]
    assert council["art14_exemption_law"] == "Children Act 2004, section 11"
    assert school["art14_exemption_law"] is None and school["art14_exemption_measures"] is None


def test_ctrl_c_after_the_ticks_resumes_at_the_ticked_entry_never_the_list_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = agreement()
    for entry in wizard.answers["data_items"]:  # as the tick lists before it answered them
        entry |= {"identifiability": "personal", "criminal_offence": False,
                  "obligation": "voluntary"}  # fmt: skip
    positions: list[Position | None] = []
    wizard.on_position = positions.append
    ticking(monkeypatch, *ITEMS)  # all three have a source

    def ask(question: Any, context: Any, **_: Any) -> Any:
        if context["field"] == ITEMS[1]:
            raise Interrupted("stopped")
        return "from the maternity record"

    monkeypatch.setattr(wizard, "ask", ask)
    with pytest.raises(Interrupted):
        complete(completing(wizard, "data_items", "source"))
    saved = positions[-1]
    assert saved == Position("data_items", 2, False, ["source#which:1,2,3"], True)
    # as the file reads back: every field of every entry, None where not answered
    fields = [q.id for q in wizard.tree.question("data_items").questions]
    read_back = [{f: e.get(f) for f in fields} for e in wizard.answers["data_items"]]
    resumed = Wizard(wizard.tree, {**wizard.answers, "data_items": read_back},
                     on_answer=lambda _a: None, position=saved)  # fmt: skip
    shown = ticking(monkeypatch)
    asked = answering(resumed, monkeypatch, source="from the booking record")
    resumed.edit_group(resumed.tree.question("data_items"), resumed.answers)
    assert shown == [] and asked == ["source", "source"]  # items 2 and 3; no list again
    assert [e["source"] for e in resumed.answers["data_items"]] == [
        "from the maternity record",
        "from the booking record",
        "from the booking record",
    ]


def test_ctrl_c_in_the_tick_list_asks_the_list_again(monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = agreement()
    positions: list[Position | None] = []
    wizard.on_position = positions.append

    def stopped(*_a: Any, **_k: Any) -> list[str]:
        raise Interrupted("stopped")

    monkeypatch.setattr("sharewiz.cli.asking.which_entries.tick", stopped)
    with pytest.raises(Interrupted):
        complete(completing(wizard, "data_items", "source"))
    assert positions[-1] == Position("data_items", completing=True)
    assert all("source" not in e for e in wizard.answers["data_items"])  # nothing assumed


TREE = """
id: demo
version: 1
title: Demo
documents: [{{id: demo, template: demo/demo.md.j2, title: Demo}}]
sections:
  - id: main
    title: Main
    questions:
      - id: things
        type: group
        prompt: Things
        help: H
        questions:
          - {{id: name, type: text, prompt: N, help: H}}
          - {field}
"""


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("{id: note, type: text, prompt: P, help: H, across: {which: W}}",
         "'which' of 'note' must be on an optional field (required: false)"),
        ("{id: note, type: text, prompt: P, help: H, required: false, default: x, "
         "across: {which: W}}", "'which' of 'note' must be on a field without a default"),
        ("{id: ok, type: yes_no, prompt: P, help: H, required: false, across: {which: W}}",
         "'which' of 'ok' must not be on a yes/no field"),
        ("{id: kind, type: choice, prompt: P, help: H, required: false, choices: [a, b], "
         "across: {which: W, same: S}}", "'which' of 'kind' must be alone in 'across'"),
        ("{id: note, type: long_text, prompt: P, help: H, required: false, across: {whch: W}}",
         "'across' applies to a group's choice, multi, yes_no or text field"),
    ],
)  # fmt: skip
def test_a_wrong_which_is_refused_at_load_with_its_line(
    tmp_path: Path, field: str, message: str
) -> None:
    build_file_tree(tmp_path, {"demo.yaml": TREE.format(field=field)})
    with pytest.raises(TreeError) as caught:
        load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    assert f"demo.yaml:15: {message}" in str(caught.value)


def test_which_fits_an_optional_field_of_any_type(tmp_path: Path) -> None:
    field = "{id: note, type: long_text, prompt: P, help: H, required: false, across: {which: W}}"
    build_file_tree(tmp_path, {"demo.yaml": TREE.format(field=field)})
    tree = load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    across = tree.question("things").questions[1].across
    assert across is not None and across.which == "W" and not across.ticks
