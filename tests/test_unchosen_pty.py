"""A pick list of legal grounds starts on "not chosen yet" (`starts_unchosen`), in a pty:
Enter pressed by habit is refused, and a choice made with the arrow keys is echoed and
saved as usual."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pexpect
import pytest

from helpers import build_file_tree, saved, stopped, tree_error
from sharewiz.model.tree import Question

pytest.importorskip("pyte")  # the screen as a terminal shows it (a dev dependency)
from test_grid_pty import DOWN, PTY_SIZE, Seen  # noqa: E402 - needs pyte

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]
ROOT = Path(__file__).resolve().parents[1]

TREE = """
id: grounds
version: 1
title: Grounds record
description: One legal ground, to exercise a pick list that starts unchosen.
documents:
  - id: grounds
    template: grounds/grounds.md.j2
    title: Grounds
sections:
  - id: main
    title: Grounds
    questions:
      - id: condition
        type: choice
        starts_unchosen: true
        prompt: Which Art 9(2) condition?
        help: The condition that lets you use the information.
        citation: UK GDPR Art 9(2)
        choices:
          - {value: explicit_consent, label: Explicit consent}
          - {value: substantial_public_interest, label: Substantial public interest}
      - id: name
        type: text
        prompt: Your name?
        help: Anything.
"""


@pytest.mark.pty
def test_enter_by_habit_chooses_no_legal_ground(
    spawn: Callable[..., pexpect.spawn], tmp_path: Path
) -> None:
    custom = build_file_tree(tmp_path / "custom", {
        "questions/grounds.yaml": TREE,
        "templates/grounds/grounds.md.j2": "{{ condition }}",
    })  # fmt: skip
    out = tmp_path / "set"
    tui = spawn("new", "grounds", "--templates", str(custom), "--out", str(out), "--format", "md")
    seen = Seen(tui, PTY_SIZE)
    seen.expect(r"» \(not chosen yet: ↓ to choose\)")
    tui.send("\r")
    seen.expect(r"Choose one with ↓ or ↑, then press Enter\.")
    seen.expect(r"» \(not chosen yet: ↓ to choose\)")  # asked again, nothing assumed
    assert "condition" not in saved(out)
    tui.send(DOWN + DOWN + "\r")
    seen.expect(r"Your name\?")
    assert "Which Art 9(2) condition? Substantial public interest" in seen.text()
    stopped(tui)
    assert saved(out)["condition"] == "substantial_public_interest"


@pytest.mark.parametrize(
    "question",
    [
        "{id: c, type: choice, prompt: C, help: H, choices: [a, b], default: a, "
        "starts_unchosen: true}",
        "{id: c, type: multi, prompt: C, help: H, choices: [a, b], starts_unchosen: true}",
        "{id: c, type: choice, prompt: C, help: H, choices: [a, b], starts_unchosen: maybe}",
    ],
)
def test_starts_unchosen_is_refused_beside_a_default_or_off_a_choice(
    tmp_path: Path, question: str
) -> None:
    assert "demo.yaml:9: 'starts_unchosen' of 'c'" in tree_error(tmp_path, question)


@pytest.mark.pty
def test_an_optional_ground_starts_on_none_of_these_which_leaves_it_empty(
    spawn: Callable[..., pexpect.spawn], tmp_path: Path
) -> None:
    optional = TREE.replace("        starts_unchosen: true\n",
                            "        starts_unchosen: true\n        required: false\n")  # fmt: skip
    custom = build_file_tree(tmp_path / "custom", {
        "questions/grounds.yaml": optional,
        "templates/grounds/grounds.md.j2": "{{ condition }}",
    })  # fmt: skip
    out = tmp_path / "set"
    tui = spawn("new", "grounds", "--templates", str(custom), "--out", str(out), "--format", "md")
    seen = Seen(tui, PTY_SIZE)
    seen.expect(r"» \(none of these\)")
    tui.send("\r")
    seen.expect(r"Your name\?")
    stopped(tui)
    assert saved(out).get("condition") is None


# Collections whose entries are legal grounds (or, for special_categories, the legal class
# of an item): a pick list of them must never state one because Enter was pressed by habit
LEGAL_CHOICES = {
    "lawful_bases", "art9_conditions", "schedule1_conditions", "law_enforcement",
    "intelligence_services", "recognised_legitimate_interests", "transfer_mechanisms",
    "research", "gateways", "special_categories",
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(p.stem for p in (ROOT / "questions").glob("*.yaml")))
def test_every_built_in_pick_list_of_legal_grounds_starts_unchosen(kind: str) -> None:
    # which special category, a recognised legitimate interest, a Schedule 9 condition, a
    # transfer safeguard, a research exemption and a disclosure's gateway started on their
    # first choice ("Racial or ethnic origin")
    from sharewiz.sets.build import kind_loader

    def walk(questions: Iterable[Question]) -> Iterator[Question]:
        for question in questions:
            yield question
            yield from walk(question.questions)

    tree = kind_loader(())(kind)
    starting_on_first = [
        question.id
        for question in walk(tree.questions())
        if question.type == "choice"
        and question.choices_from in LEGAL_CHOICES
        and question.default is None
        and question.default_from is None
        and not question.starts_unchosen
    ]
    assert starting_on_first == []
