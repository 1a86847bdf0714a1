"""Issue 14: a wrong route is stopped at the question that reveals it, on partial answers.

`settled_routes` evaluates only the rules with `route:` over the answers given so far.
A question not asked yet has no key, and a rule reads it as None; the facts may take None
to mean "not given" (a one-off flow with no volume is a request about a few people), so
a finding counts only once no answer still to come can take it away. The wizard's side
(what it offers, and that carrying on is not asked again) is driven in-process here;
tests/test_wizard_routes_pty.py drives the real wizard.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.routes import AnswerAgain, WrongRoute
from sharewiz.law.routes import rests_on, route_rules, settled_routes
from sharewiz.law.rules import check_answers, load_rules
from sharewiz.model.tree import QuestionTree
from sharewiz.sets.build import read_answers
from wizard_script import Script

ROOT = Path(__file__).resolve().parent.parent


def example(name: str) -> tuple[QuestionTree, dict[str, Any]]:
    tree, _file, answers = read_answers(ROOT / "examples" / f"{name}.yaml")
    return tree, dict(answers)


def before(tree: QuestionTree, answers: dict[str, Any], question_id: str) -> dict[str, Any]:
    """The answers a wizard run holds when it reaches `question_id` (in tree order)."""
    ids = [q.id for q in tree.questions()]
    return {k: v for k, v in answers.items() if k in ids[: ids.index(question_id)]}


def fired(tree: QuestionTree, answers: dict[str, Any], **known: Any) -> list[tuple[str, str]]:
    return [(f.rule_id, kind) for f, kind in settled_routes(tree, answers, **known)]


def one_off_flow(volume: Any = ...) -> tuple[QuestionTree, dict[str, Any]]:
    """An agreement at its first flow: a one-off, with the volume given (... not yet)."""
    tree, answers = example("dsa-antenatal-health-visiting")
    flow = {k: v for k, v in answers["flows"][0].items()
            if k in ("from_parties", "to_parties", "items", "method")}  # fmt: skip
    flow["frequency"] = "one_off"
    if volume is not ...:
        flow["volume"] = volume
    return tree, {**before(tree, answers, "flows"), "flows": [flow]}


def test_only_rules_with_route_are_evaluated() -> None:
    kinds = {"data-sharing-agreement", "disclosure-decision", "information-sharing-protocol"}
    for kind in kinds:
        assert route_rules(kind)
        assert all(rule.route for rule in route_rules(kind))
    assert route_rules("privacy-notice") == ()
    assert {r.id for r in route_rules("data-sharing-agreement")} == {
        r.id for r in load_rules() if r.route and r.applies_to("data-sharing-agreement")
    }


@pytest.mark.parametrize(
    "name",
    ["dsa-antenatal-health-visiting", "disclosure-police-housing", "protocol-northshire-partnership",
     "dsa-health-visiting-two-trusts-ten-councils"],
)  # fmt: skip
def test_the_examples_take_the_right_route_at_every_question(name: str) -> None:
    tree, answers = example(name)
    for question in tree.questions():  # the answers as a run holds them, question by question
        assert fired(tree, before(tree, answers, question.id)) == [], question.id
    assert fired(tree, answers) == []


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_lists_filled_field_by_field_take_the_right_route_at_every_field(path: Path) -> None:
    tree, answers = example(path.stem)
    for group in (q for q in tree.questions() if q.type == "group" and answers.get(q.id)):
        so_far = before(tree, answers, group.id)
        entries, fields = answers[group.id], [f.id for f in group.questions]
        for count in range(len(fields) + 1):
            # every entry cut to its first fields (asked across the list), or only the last
            cut = [{f: e[f] for f in fields[:count] if f in e} for e in entries]
            for partial in (cut, [*entries[:-1], cut[-1]]):
                assert fired(tree, {**so_far, group.id: partial}) == [], (group.id, count)


def test_a_disclosure_record_stops_at_a_routine_frequency_before_the_volume_is_asked() -> None:
    tree, answers = example("disclosure-police-housing")
    so_far = before(tree, answers, "request_frequency")
    assert fired(tree, so_far) == []
    routine = [("DD-ROUTINE", "data-sharing-agreement")]
    assert fired(tree, {**so_far, "request_frequency": "routine"}) == routine
    one_off = {**so_far, "request_frequency": "one_off"}
    assert fired(tree, one_off) == []  # the volume is still to come: nothing yet
    assert fired(tree, {**one_off, "request_volume": 300}) == routine
    assert fired(tree, {**one_off, "request_volume": 1}) == []


def test_a_one_off_flow_waits_for_its_volume() -> None:
    tree, partial = one_off_flow()
    rules = route_rules(tree.id)
    # read over the whole answers, the volume not given counts as a few people ...
    assert [f.rule_id for f in check_answers(tree.id, partial, rules=rules)] == ["DSA-ONE-OFF"]
    # ... but here it is not given *yet*: the volume may still make it a bulk extract
    assert fired(tree, partial) == []
    stop = [("DSA-ONE-OFF", "disclosure-decision")]
    assert fired(tree, one_off_flow(volume=None)[1]) == stop  # left empty: a request
    assert fired(tree, one_off_flow(volume=3)[1]) == stop
    assert fired(tree, one_off_flow(volume=500)[1]) == []


def test_a_one_off_flow_rests_on_its_frequency_not_the_volume_that_settled_it() -> None:
    tree, answers = one_off_flow(volume=3)
    found = [f for f, _kind in settled_routes(tree, answers)]
    flow = answers["flows"][0]

    def without(field: str) -> dict[str, Any]:
        return {**answers, "flows": [{k: v for k, v in flow.items() if k != field}]}

    assert not rests_on(tree, answers, without("volume"), found)  # read as a few people
    assert not rests_on(tree, answers, without("method"), found)
    assert rests_on(tree, answers, without("frequency"), found)  # the answer to change


def test_a_processor_stops_at_its_role_whatever_the_other_parties_turn_out_to_be() -> None:
    tree, answers = example("dsa-antenatal-health-visiting")
    names = [{"name": p["name"]} for p in answers["parties"]]  # roles not asked yet
    so_far = before(tree, answers, "parties")
    assert fired(tree, {**so_far, "parties": names}) == []
    supplier = {"name": "Hosted Records Ltd", "role": "processor"}
    stop = [("DSA-PROCESSOR-PARTY", "processor-contract")]
    assert fired(tree, {**so_far, "parties": [*names, supplier]}) == stop


def test_a_finding_already_shown_is_left_out_and_a_new_one_is_not() -> None:
    tree, answers = one_off_flow(volume=2)
    [(finding, _kind)] = settled_routes(tree, answers)
    shown = {(finding.rule_id, finding.message)}
    assert fired(tree, answers, known=shown) == []
    second = copy.deepcopy(answers)
    second["flows"].append({**second["flows"][0], "volume": 1})
    assert fired(tree, second, known=shown) == [("DSA-ONE-OFF", "disclosure-decision")]


# -- the wizard, in-process -------------------------------------------------------------


def disclosure_wizard(
    monkeypatch: pytest.MonkeyPatch, picks: Sequence[str], saves: list[dict[str, Any]]
) -> tuple[Wizard, Script]:
    tree, answers = example("disclosure-police-housing")
    wizard = Wizard(tree, before(tree, answers, "request_frequency"),
                    on_answer=lambda now: saves.append(copy.deepcopy(now)))  # fmt: skip
    script = Script(picks)
    monkeypatch.setattr("sharewiz.cli.asking.routes.select", script)
    return wizard, script


def test_changing_the_answer_takes_it_back_and_asks_the_same_question(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    saves: list[dict[str, Any]] = []
    wizard, script = disclosure_wizard(monkeypatch, ["Change that answer"], saves)
    with pytest.raises(AnswerAgain):
        wizard.set("request_frequency", "routine")
    shown = capsys.readouterr().out
    assert "DD-ROUTINE: This is a regular feed or scheduled extract" in shown
    assert "Start the right document with: sharewiz new data-sharing-agreement" in shown
    assert [m for m, _o in script.menus] == ["What now?"]
    assert saves[0]["request_frequency"] == "routine"  # saved first, then taken back
    assert "request_frequency" not in saves[-1] and "request_frequency" not in wizard.answers


def test_stopping_keeps_the_answers_and_names_the_right_kind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saves: list[dict[str, Any]] = []
    wizard, _script = disclosure_wizard(monkeypatch, ["Save the answers and stop"], saves)
    with pytest.raises(WrongRoute) as stopped:
        wizard.set("request_frequency", "routine")
    assert stopped.value.exit_code == 1
    assert stopped.value.hint == (
        "start the right document with `sharewiz new data-sharing-agreement`"
    )
    assert saves[-1]["request_frequency"] == "routine"


def test_carrying_on_is_not_asked_again_and_the_review_cannot_write(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    saves: list[dict[str, Any]] = []
    wizard, script = disclosure_wizard(monkeypatch, ["Carry on"], saves)
    wizard.set("request_frequency", "routine")
    wizard.set("request_volume", 300)  # the same finding: not offered again
    wizard.set("request_frequency", "routine")
    assert [m for m, _o in script.menus] == ["What now?"]
    review = Script(["Quit for now"])
    monkeypatch.setattr("sharewiz.cli.asking.review.select", review)
    from sharewiz.cli.asking.review import review as show_review

    assert show_review(wizard) is False
    write = review.menus[0][1][0]
    assert write.label == "Write the documents" and write.disabled
    said = " ".join(capsys.readouterr().out.split())  # wrapped at words to the screen
    assert "`sharewiz new data-sharing-agreement`" in said
