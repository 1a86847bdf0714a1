"""Fields asked across a list's entries (`across:`) and lists made one entry per party.

The wizard's prompts are replaced by scripts, so each test says what the officer typed
and ticked, and checks what the wizard asked and what it saved: each entry keeps its
own answer, as an answers file has it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from helpers import build_file_tree, typing_lines
from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.position import Position
from sharewiz.cli.asking.prompts import CANCEL, Option, names_in_words
from sharewiz.errors import Interrupted, TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.conditions import expression_context
from sharewiz.model.tree import Across
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import read_answers
from wizard_script import Grids

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ["Contact details", "Health", "Care needs", "Finances", "Family", "Photographs"]


class Ticks:
    """Stands in for `tick`: records each tick list and ticks the entries named for it."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers  # the start of a prompt -> the labels to tick (or a list a time)
        self.asked: list[tuple[str, list[str]]] = []

    def __call__(self, message: str, options: Sequence[Option], **_: Any) -> list[str]:
        self.asked.append((message, [o.label for o in options]))
        wanted: Any = next((v for k, v in self.answers.items() if message.startswith(k)), ())
        if wanted and isinstance(wanted[0], list):  # one list of labels per time it is asked
            wanted = wanted.pop(0) if len(wanted) > 1 else wanted[0]
        return [o.value for o in options if o.label in wanted]


def council(**changes: Any) -> Wizard:
    tree, _file, answers = read_answers(
        ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    answers = {q.id: answers.get(q.id) for q in tree.questions()} | changes
    return Wizard(tree, answers, on_answer=lambda _answers: None)


def typed(wizard: Wizard, monkeypatch: pytest.MonkeyPatch, answer: Any) -> list[str]:
    """Answer every one-entry question with `answer(question id, entry heading)`."""
    asked: list[str] = []

    def ask(question: Any, context: Any, **_: Any) -> Any:
        asked.append(question.id)
        return answer(question.id, len(asked))

    monkeypatch.setattr(wizard, "ask", ask)
    return asked


def one_by_one(group: Any) -> Any:
    """The group as a list without `as_lines`: its entries asked one by one (tests/test_lines.py)."""
    return replace(group, as_lines=None)


def test_a_list_of_categories_is_asked_its_kind_and_provision_on_one_screen_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = council()
    wizard.answers.pop("data_categories")
    names = iter([*[x for c in CATEGORIES for x in (c, None)], CANCEL])
    answers = {"name": lambda: next(names), "examples": lambda: next(names),
               "consequences": lambda: "we cannot assess your needs"}  # fmt: skip
    asked = typed(wizard, monkeypatch, lambda qid, _n: answers[qid]())
    lines = typing_lines(monkeypatch, wizard.tree, {"consequences": "we cannot assess your needs"})
    grids = Grids({"What kind of data": {"Health": "special_category", "Care needs":
                                         "special_category"},
                   "Which special category": "health",
                   "Must people give": {"Finances": "statutory",
                                        "Contact details": "needed_for_service"}})  # fmt: skip
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", grids)
    wizard.edit_group(one_by_one(wizard.tree.question("data_categories")), wizard.answers)
    entries = wizard.answers["data_categories"]
    assert [e["category"] for e in entries] == [
        "personal", "special_category", "special_category", "personal", "personal", "personal"]  # fmt: skip
    assert [e["special_category_type"] for e in entries] == [
        None, "health", "health", None, None, None]  # fmt: skip
    assert [e["provision"] for e in entries] == [
        "needed_for_service", "voluntary", "voluntary", "statutory", "voluntary", "voluntary"]  # fmt: skip
    # one screen per field, not a prompt per category; the follow-ups only where they apply
    assert asked[13:] == [] and lines == ["consequences"]  # the two a line each, one prompt
    assert len(grids.asked) == 3
    # the special category screen shows only the entries it applies to
    assert [label for label, _v in grids.rows("Which special category")] == ["Health", "Care needs"]
    assert all(set(e) == {q.id for q in wizard.tree.question("data_categories").questions}
               for e in entries)  # fmt: skip


def test_a_field_one_entry_needs_is_asked_of_it_as_usual(monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = council()
    wizard.answers.pop("data_categories")
    names = iter(["Contact details", None, "Health", None, "Care needs", None, CANCEL])
    answers = {"name": lambda: next(names), "examples": lambda: next(names),
               "special_category_type": lambda: "health"}  # fmt: skip
    asked = typed(wizard, monkeypatch, lambda qid, _n: answers[qid]())
    grids = Grids({"What kind of data": {"Health": "special_category"}})
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", grids)
    wizard.edit_group(one_by_one(wizard.tree.question("data_categories")), wizard.answers)
    # three categories on a screen for their kind, and for what people must give; the one
    # special category is asked which, on its own (its own list of categories, with help)
    assert [m[:20] for m, _ in grids.asked] == ["What kind of data is", "Must people give eac"]
    assert asked[7:] == ["special_category_type"]
    assert [e["provision"] for e in wizard.answers["data_categories"]] == ["voluntary"] * 3


def test_a_list_about_the_parties_starts_with_one_entry_per_party(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tree, _file, answers = read_answers(ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml")
    wizard = Wizard(tree, {k: v for k, v in answers.items() if k != "retention"},
                    on_answer=lambda _answers: None)  # fmt: skip
    asked = typed(wizard, monkeypatch, lambda qid, n: f"{qid} {n}")
    lines = typing_lines(monkeypatch, tree, {"period": "6 years"})
    wizard.edit_group(tree.question("retention"), answers)
    parties = [p["name"] for p in answers["parties"]]
    assert [e["party"] for e in wizard.answers["retention"]] == parties
    assert "party" not in asked  # "Which party?" is never asked of a list made per party
    assert lines == ["period"]  # each party's period a line of one prompt
    assert asked == ["deletion"] * len(parties)
    assert "Add or remove one from the review" in capsys.readouterr().out


def test_a_supplying_party_is_picked_from_the_parties_and_kept_in_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree, _file, answers = read_answers(ROOT / "tests" / "data" / "wizard" / "dsa-two-party.yaml")
    first, second = (p["name"] for p in answers["parties"])
    items = [*answers["data_items"], {**answers["data_items"][0], "field": "Extra"}]
    wizard = Wizard(tree, answers, on_answer=lambda _answers: None)
    for entry in items:  # only the supplying party is left to ask
        entry.pop("source_party", None)
    wizard.answers["data_items"] = items
    ticks = Ticks({f"Which of these does {first}": [items[0]["field"], "Extra"],
                   f"Which of these does {second}": ["Extra"]})  # fmt: skip
    monkeypatch.setattr("sharewiz.cli.asking.across.tick", ticks)
    monkeypatch.setattr("sharewiz.cli.asking.prompts.tick", Ticks({"Which party": [second]}))
    from sharewiz.cli.asking.across import complete
    from sharewiz.cli.asking.groups import GroupEditor

    editor = GroupEditor(wizard, tree.question("data_items"), answers)
    editor.completing = True
    complete(editor)
    got = [e["source_party"] for e in editor.entries]
    assert got[0] == first and got[-1] == f"{first} and {second}"
    assert got[1:-1] == [second] * (len(items) - 2)  # ticked in no list: asked, as a pick


def test_names_are_written_as_a_sentence_says_them() -> None:
    assert names_in_words(["A"]) == "A"
    assert names_in_words(["A", "B"]) == "A and B"
    assert names_in_words(["A", "B", "C"]) == "A, B and C"


def test_ctrl_c_in_a_grid_resumes_at_that_grid_with_the_answers_before_it_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = council()
    wizard.answers["data_categories"] = [{"name": c, "examples": None} for c in CATEGORIES]
    positions: list[Position | None] = []
    wizard.on_position = positions.append
    wizard.position = Position("data_categories", completing=True)
    special = {"Health": "special_category", "Care needs": "special_category"}
    grids = Grids({"What kind of data": special})

    def interrupted(message: str, rows: Sequence[Any], **kwargs: Any) -> list[str]:
        if message.startswith("Which special category"):
            raise Interrupted("stopped")
        return grids(message, rows, **kwargs)

    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", interrupted)
    typed(wizard, monkeypatch, lambda qid, _n: {"special_category_type": "health"}.get(qid))
    with pytest.raises(Interrupted):
        wizard.edit_group(wizard.tree.question("data_categories"), wizard.answers)
    saved = positions[-1]
    assert saved is not None and saved.completing and saved.entry is None
    assert wizard.answers["data_categories"][1]["category"] == "special_category"  # kept
    # resumed: at the special categories' screen; the kinds are not asked again
    resumed = Wizard(wizard.tree, wizard.answers, on_answer=lambda _a: None, position=saved)
    again = Grids({"Which special category": "health"})
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", again)
    asked = typed(
        resumed, monkeypatch, lambda qid, _n: {"special_category_type": "health"}.get(qid)
    )
    resumed.edit_group(resumed.tree.question("data_categories"), resumed.answers)
    assert again.asked[0][0].startswith("Which special category")
    assert again.rows("Which special category") == [("Health", None), ("Care needs", None)]
    assert "special_category_type" not in asked
    assert resumed.answers["data_categories"][1]["special_category_type"] == "health"


TREE = """
id: demo
version: 1
title: Demo
documents: [{id: demo, template: demo/demo.md.j2, title: Demo}]
sections:
  - id: main
    title: Main
    questions:
      {question}
"""


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("{id: kind, type: choice, prompt: K, help: H, choices: [a, b], "
         "across: {ticks: [{value: a, prompt: P}], otherwise: b}}", "applies to a group's"),
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: ok, type: yes_no, "
         "prompt: K, help: H, across: {ticks: [{value: maybe, prompt: P}], "
         "otherwise: no}}]}", "a value of 'ok' must be yes or no"),
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: kind, type: multi, "
         "prompt: K, help: H, choices: [a, b], across: {each: Which?}}]}", "must name {choice}"),
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: ok, type: yes_no, "
         "prompt: K, help: H, across: {ticks: [{value: yes, prompt: P}]}}]}", "with 'otherwise'"),
        ("{id: g, type: group, prompt: G, help: H, one_entry_per: name, questions: "
         "[{id: name, type: text, prompt: N, help: H}]}", "'one_entry_per' of 'g' must name"),
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: name, type: text, "
         "prompt: N, help: H, profile: party_name}]}",
         "'profile' of 'name' must name a question the organisation profile answers"),
        ("{id: name, type: text, prompt: N, help: H, profile: party_name}",
         "'profile' of 'name' must name a question the organisation profile answers"),
        ("{id: name, type: text, prompt: N, help: H, profile: signatories}",
         "'profile' of 'name' names 'signatories', which the profile holds as lines"),
        ("{id: x, type: yes_no, prompt: P, help: H, take_default: true}",
         "'take_default' of 'x' needs a default"),
        ("{id: k, type: choice, prompt: P, help: H, choices: [a, b], default: a, "
         "take_default: [c]}", "'take_default' of 'k' must be true, or a list of its choices"),
        ("{id: g, type: group, prompt: G, help: H, questions: [{id: more, type: text, prompt: "
         "M, help: H}, {id: name, type: text, prompt: N, help: H, split_at_colon: more}]}",
         "'split_at_colon' of 'name' must be on a text field and name a later"),
    ],
)  # fmt: skip
def test_a_wrong_across_or_other_way_of_asking_is_rejected_at_load(
    tmp_path: Path, question: str, message: str
) -> None:
    build_file_tree(tmp_path, {"demo.yaml": TREE.replace("{question}", "- " + question)})
    with pytest.raises(TreeError) as caught:
        load_tree(tmp_path / "demo.yaml", knowledge=tree_knowledge())
    assert message in str(caught.value) and "demo.yaml:" in str(caught.value)


def test_parties_roles_are_one_screen_and_more_signatories_are_asked_in_rounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree, _file, answers = read_answers(ROOT / "examples" / "protocol-northshire-partnership.yaml")
    wizard = Wizard(tree, {k: v for k, v in answers.items() if k != "parties"},
                    on_answer=lambda _answers: None)  # fmt: skip
    names = [p["name"] for p in answers["parties"]]
    given = iter(names)
    party_name = tree.question("parties").questions[0]

    typed_in = {"organisation_type": "local_authority", "address": "County Hall",
                "contact_name": "IG", "contact_email": "ig@example.org", "job_title": "Director"}  # fmt: skip

    def ask(question: Any, context: Any, **_: Any) -> Any:
        if question is party_name:  # not a signatory's name
            return next(given, CANCEL)
        return typed_in.get(question.id, "Jo Bloggs" if question.id == "name" else None)

    monkeypatch.setattr(wizard, "ask", ask)
    ticks = Ticks({"Which of these have another signatory?": [[names[1]], []]})
    monkeypatch.setattr("sharewiz.cli.asking.across.tick", ticks)
    grids = Grids(
        {"Who answers people's rights": {names[0]: "own"}, "What is the role": "controller"}
    )
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", grids)
    # the signatories asked in rounds (`across: more`), not typed as lines as the tree has them
    parties = tree.question("parties")
    signatories = next(q for q in parties.questions if q.id == "signatories")
    rounds_of = replace(signatories, as_lines=None,
                        across=Across(more="Which of these have another signatory?"))  # fmt: skip
    # and the parties' names asked one by one, not typed as lines as the tree has them
    parties = replace(parties, as_lines=None, questions=tuple(
        rounds_of if q is signatories else q for q in parties.questions))  # fmt: skip
    wizard.edit_group(parties, expression_context(tree, wizard.answers))
    parties = wizard.answers["parties"]
    assert [p["name"] for p in parties] == names
    assert [p["rights_route"] for p in parties] == ["own"] + ["central"] * (len(names) - 1)
    assert [p["role"] for p in parties] == ["controller"] * len(names)  # chosen on one screen
    assert [len(p["signatories"]) for p in parties] == [1, 2] + [1] * (len(names) - 2)
    rounds = [labels for m, labels in ticks.asked if m.startswith("Which of these have another")]
    assert rounds == [names, [names[1]]]  # the second round lists only the one ticked


def test_no_partys_role_is_assumed_each_row_starts_not_chosen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # joint or separate controller is a conclusion from who decides the purposes and means
    # (UK GDPR Art 4(7), Art 26(1)): the wizard assumes neither; each party's row starts
    # not chosen, and the grid takes Enter only once each has a role
    tree, _file, answers = read_answers(ROOT / "examples" / "protocol-northshire-partnership.yaml")
    wizard = Wizard(tree, {k: v for k, v in answers.items() if k != "parties"},
                    on_answer=lambda _answers: None)  # fmt: skip
    names = [p["name"] for p in answers["parties"]]

    given = iter(names)
    party_name = tree.question("parties").questions[0]
    party_role = next(q for q in tree.question("parties").questions if q.id == "role")
    roles_asked: list[str] = []
    typed_in = {"organisation_type": "local_authority", "address": "County Hall",
                "contact_name": "IG", "contact_email": "ig@example.org", "job_title": "Director"}  # fmt: skip

    def ask(question: Any, context: Any, **_: Any) -> Any:
        if question is party_name:
            return next(given, CANCEL)
        if question is party_role:  # not a signatory's role
            roles_asked.append(str(context.get("name")))
            return "joint_controller"
        return typed_in.get(question.id, "Jo Bloggs" if question.id == "name" else None)

    monkeypatch.setattr(wizard, "ask", ask)
    chosen = ["joint_controller", "joint_controller"] + ["controller"] * (len(names) - 2)
    grids = Grids({"What is the role": dict(zip(names, chosen, strict=True))})
    monkeypatch.setattr("sharewiz.cli.asking.grid_field.grid", grids)
    # the parties' names, and each party's signatories, typed as lines
    parties_prompt = tree.question("parties").as_lines
    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", lambda message, *_a, **_k: (
        "\n".join(given) if message == parties_prompt else "Jo Bloggs: Director"))  # fmt: skip
    wizard.edit_group(tree.question("parties"), expression_context(tree, wizard.answers))
    assert [p["role"] for p in wizard.answers["parties"]] == chosen
    assert roles_asked == []  # every party on the one screen
    assert grids.rows("What is the role") == [(name, None) for name in names]
