"""A processor contract's controller signatories from the organisation profile.

The controller is the officer's own organisation, and the profile holds who signs for it
("name: job title" lines, as party 1's signatories in an agreement): `profile: signatories`
on the top-level list lists them with the profile's other answers in the one yes/no; yes
takes them (each signatory's role then taken from the job title or asked, as after typed
lines), no asks them as lines. Typed where the profile holds none, they are offered for
saving; never put beneath an answers file, which names each contract's own signatories.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import tree_error
from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.profile_offer import profile_offer
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.settings import fill_defaults, offer_defaults
from sharewiz.model.tree_loader import load_tree
from sharewiz.model.yamlio import load_yaml
from sharewiz.sets.build import read_answers

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "processor-case-management.yaml"
COUNCIL = "Northshire County Council"
SIGNATORIES = "Priya Raman: Director of Resources\nDr Ade Bello: Caldicott Guardian"
TYPED = "Helen Ward: Director of Children's Services"


def _tree():  # type: ignore[no-untyped-def]
    return load_tree(ROOT / "questions" / "processor-contract.yaml", knowledge=tree_knowledge())


def test_the_controllers_signatories_are_the_profiles_never_filled_beneath_a_file() -> None:
    tree = _tree()
    assert tree.question("controller_signatories").profile == "signatories"
    assert tree.question("processor_signatories").profile is None  # the supplier's own
    offer = profile_offer({"controller_name": COUNCIL, "signatories": SIGNATORIES}, tree)
    assert offer.values["controller_signatories"] == SIGNATORIES
    assert offer.keys["controller_signatories"] == "signatories"  # saved as the profile's
    assert (
        offer_defaults(tree, {"signatories": SIGNATORIES})
        .question("controller_signatories")
        .default
        is None
    )
    assert "controller_signatories" not in fill_defaults(tree, {}, {"signatories": SIGNATORIES})


@pytest.mark.parametrize(
    ("question", "message"),
    [
        # the profile's lines go on a list, not on a question of one answer
        (
            "{id: name, type: text, prompt: N, help: H, profile: signatories}",
            "'profile' of 'name' names 'signatories', which the profile holds as lines of "
            "signatories: it goes on a list",
        ),
        # a list takes only the signatories
        (
            "{id: signs, type: group, prompt: S, help: H, profile: dpo_name, "
            "as_lines: 'Who signs', questions: [{id: name, type: text, prompt: N, help: H}]}",
            "'profile' of 'signs' names 'dpo_name', which the profile holds as one answer, "
            "but 'signs' is a list",
        ),
        # read as lines: the list must be typed as lines, its name field split at a colon
        (
            "{id: signs, type: group, prompt: S, help: H, profile: signatories, "
            "questions: [{id: name, type: text, prompt: N, help: H}]}",
            "'profile' of 'signs' gives its entries as lines",
        ),
        # the whole list from the profile: none of its fields takes another answer too
        (
            "{id: signs, type: group, prompt: S, help: H, profile: signatories, as_lines: "
            "'Who signs', questions: [{id: name, type: text, prompt: N, help: H, "
            "split_at_colon: job_title}, {id: job_title, type: text, prompt: J, help: H, "
            "profile: controller_name}]}",
            "'profile' of 'signs' gives the whole list, so its field 'job_title' cannot take "
            "'controller_name' from the profile too",
        ),
        (
            "{id: signs, type: group, prompt: S, help: H, profile: party_name, "
            "questions: [{id: name, type: text, prompt: N, help: H}]}",
            "'profile' of 'signs' must name a question the organisation profile answers",
        ),
    ],
)
def test_a_top_level_list_takes_only_the_profiles_signatories_typed_as_lines(
    tmp_path: Path, question: str, message: str
) -> None:
    error = tree_error(tmp_path, question)
    assert message in error and "demo.yaml:9" in error


def contract(
    monkeypatch: pytest.MonkeyPatch, profile: dict[str, Any], take: bool
) -> tuple[Wizard, list[str], list[str], dict[str, Any]]:
    """The example contract lacking its name and controller signatories, with `profile`,
    its yes/nos answered `take`, run to the end of the questions and the offer to save;
    the lines prompts shown, the yes/nos, and what was saved to the profile."""
    tree, _file, answers = read_answers(EXAMPLE)
    later = ("controller_name", "controller_signatories")
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id not in later}
    offer = profile_offer(profile, tree)
    saved: dict[str, Any] = {}
    offer.save = lambda key, value: saved.__setitem__(key, value)
    wizard = Wizard(tree, start, on_answer=lambda _answers: None, profile=offer)
    lines: list[str] = []

    def ask_lines(message: str, *_a: Any, **_k: Any) -> str:
        lines.append(message)
        return TYPED

    role = tree.question("controller_signatories").questions[-1]
    monkeypatch.setattr(
        wizard, "ask", lambda q, *_a, **_k: "senior_officer" if q is role else COUNCIL
    )
    monkeypatch.setattr("sharewiz.cli.asking.lines.ask_lines", ask_lines)
    offers: list[str] = []
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm", lambda message, **_: (
        offers.append(message) or take or message.startswith("Save them")))  # fmt: skip
    wizard.ask_missing()
    offer.offer_saving([q for q in tree.questions() if q.id in wizard.asked], wizard.answers)
    return wizard, lines, offers, saved


def test_yes_takes_the_controllers_signatories_with_the_profiles_other_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = {"controller_name": COUNCIL, "signatories": SIGNATORIES}
    wizard, lines, offers, saved = contract(monkeypatch, profile, take=True)
    said = " ".join(capsys.readouterr().out.split())
    listed = said[: said.index("Use them")] if "Use them" in said else said
    assert ("Who signs for the controller?: Priya Raman: Director of Resources; "
            "Dr Ade Bello: Caldicott Guardian") in listed  # fmt: skip
    assert offers == ["Use them? (No: you are asked each one, with these as suggestions)"]
    assert ("Priya Raman: Director of Resources; Dr Ade Bello: Caldicott Guardian (from your "
            "organisation profile; change it from the review)") in said  # fmt: skip
    # the roles as after typed lines: taken where the job title names it, asked otherwise
    assert wizard.answers["controller_signatories"] == [
        {"name": "Priya Raman", "job_title": "Director of Resources", "role": "senior_officer"},
        {"name": "Dr Ade Bello", "job_title": "Caldicott Guardian", "role": "caldicott_guardian"},
    ]
    assert lines == [] and saved == {}  # none typed; the profile holds them


def test_no_asks_them_as_lines_and_a_profile_holding_others_keeps_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    profile = {"controller_name": COUNCIL, "signatories": SIGNATORIES}
    wizard, lines, _offers, saved = contract(monkeypatch, profile, take=False)
    assert [line.split(":")[0] for line in lines] == ["Who signs"]
    assert wizard.answers["controller_signatories"][0]["name"] == "Helen Ward"
    # a contract's own signatories never replace those the profile holds
    assert "signatories" not in saved


def test_typed_where_the_profile_has_none_they_are_offered_for_saving(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard, lines, offers, saved = contract(monkeypatch, {"controller_name": COUNCIL}, take=True)
    assert len(lines) == 1 and wizard.answers["controller_signatories"][0]["name"] == "Helen Ward"
    assert offers[-1] == "Save them to your profile, to offer them in your next documents?"
    assert saved["signatories"] == TYPED  # as the profile holds them: a line each


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_in_the_real_wizard_the_controllers_signatories_are_not_typed(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    pytest.importorskip("pyte")  # the screen the driver reads (a dev dependency)
    from wizard_driver import drive_example

    timeout = max(60.0, float(request.config.getoption("--spawn-timeout")))
    run, saved = drive_example(EXAMPLE, tmp_path, timeout, size=(45, 150))
    asked = {p.split(":", 2)[1] for p in run.prompts if p.startswith("lines:")}
    assert "controller_signatories" not in asked and "processor_signatories" in asked
    expected = load_yaml(EXAMPLE, plain=True)["answers"]["controller_signatories"]
    assert saved["controller_signatories"] == expected
