"""What an officer sees at an 80x24 terminal: the profile offered, answers wrapped at words,
the review's findings summed up beside its menu, plain words for the kinds.

The screen is kept by pyte, as a terminal keeps it, so a test sees what stays visible
(prompt_toolkit redraws only what changes; the byte stream alone does not say).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest
import yaml
from typer.testing import CliRunner

from helpers import build_file_tree
from sharewiz.cli.app import app
from sharewiz.model.conditions import effective_answers
from sharewiz.model.tree import list_kinds
from sharewiz.model.yamlio import load_yaml
from sharewiz.sets.build import load_kind

pyte = pytest.importorskip("pyte")

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

ROOT = Path(__file__).resolve().parent.parent
TREE = """
id: contacts
version: 1
title: Contacts record
description: A record naming the organisation, to exercise the profile and long answers.
documents:
  - id: contacts
    template: contacts/contacts.md.j2
    title: Contacts
sections:
  - id: main
    title: Contacts
    questions:
      - id: controller_name
        type: text
        prompt: Full legal name of your organisation
        help: As registered.
      - id: dpo_email
        type: email
        prompt: DPO's email address
        help: A mailbox.
      - id: purpose
        type: text
        prompt: What is it for?
        help: One sentence.
"""


class Terminal:
    """A child process in a pty and the 80x24 screen its output leaves."""

    def __init__(self, child: pexpect.spawn, size: tuple[int, int]) -> None:
        self.child = child
        self.screen = pyte.Screen(size[1], size[0])
        self.stream = pyte.Stream(self.screen)

    def expect(self, pattern: str) -> None:
        self.child.expect(pattern)
        self.stream.feed(self.child.before + self.child.after)

    def rows(self) -> list[str]:
        return [row.rstrip() for row in self.screen.display]


@pytest.fixture
def terminal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    children: list[pexpect.spawn] = []
    timeout = float(request.config.getoption("--spawn-timeout"))

    def start(*args: str, size: tuple[int, int] = (24, 80)) -> Terminal:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "xterm", "NO_COLOR": "1",
               "SHAREWIZ_HOME": str(tmp_path / "config"),
               "SHAREWIZ_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT / "src")}  # fmt: skip
        child = pexpect.spawn(sys.executable, ["-m", "sharewiz", *args], env=env, cwd=str(tmp_path),
                              dimensions=size, timeout=timeout, encoding="utf-8")  # fmt: skip
        children.append(child)
        return Terminal(child, size)

    yield start
    for child in children:
        child.close(force=True)


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    return build_file_tree(
        tmp_path / "custom",
        {"questions/contacts.yaml": TREE, "templates/contacts/contacts.md.j2": "# {{ purpose }}\n"},
    )


def test_the_profile_is_offered_once_and_its_answers_are_used(
    terminal: Callable[..., Terminal], custom: Path, tmp_path: Path
) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "profile.toml").write_text(
        'name = "Northshire County Council"\ndpo_email = "dpo@northshire.example.gov.uk"\n',
        encoding="utf-8",
    )
    out = tmp_path / "set"
    tui = terminal("new", "contacts", "--templates", str(custom), "--out", str(out),
                   "--format", "md")  # fmt: skip
    tui.expect("Your organisation profile has these answers")
    tui.expect("Use them")
    shown = "\n".join(tui.rows())
    assert "Northshire County Council" in shown and "dpo@northshire.example.gov.uk" in shown
    tui.child.send("\r")  # yes (the default): neither question is asked
    tui.expect("What is it for")
    tui.child.send("To keep the council's contacts\r")
    tui.expect("What next")
    tui.child.send("\r")  # write the documents
    tui.child.expect(pexpect.EOF)
    answers = load_yaml(out / "answers.yaml", plain=True)["answers"]
    assert answers["controller_name"] == "Northshire County Council"
    assert answers["dpo_email"] == "dpo@northshire.example.gov.uk"
    assert "Full legal name of your organisation" not in tui.child.before


def test_a_long_answer_is_echoed_wrapped_at_words_to_the_screen(
    terminal: Callable[..., Terminal], custom: Path, tmp_path: Path
) -> None:
    words = [f"word{n:02d}" for n in range(45)]
    tui = terminal("new", "contacts", "--templates", str(custom), "--out", str(tmp_path / "s"))
    tui.expect("Full legal name")
    tui.child.send(" ".join(words) + "\r")
    tui.expect("DPO's email address")
    echoed = [row for row in tui.rows() if "word" in row]
    assert len(echoed) > 1  # wrapped to the 80 columns...
    tokens = [t for row in echoed for t in row.split() if "word" in t or re.fullmatch(r"\d+", t)]
    assert tokens == words  # ...between words: none is cut across two rows
    assert all(len(row) <= 80 for row in echoed)


def test_the_review_sums_up_its_findings_beside_the_menu_at_80_by_24(
    terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    data = load_yaml(ROOT / "examples" / "dsa-antenatal-health-visiting.yaml", plain=True)
    tree = load_kind(data["kind"], tree_dirs=())
    full = effective_answers(tree, data["answers"])  # what the example leaves out: defaults
    for question in tree.questions():
        data["answers"].setdefault(question.id, full.get(question.id))
    example = tmp_path / "antenatal.yaml"
    plain = json.loads(json.dumps(data, default=str))
    example.write_text(yaml.safe_dump(plain, sort_keys=False), encoding="utf-8")
    tui = terminal("new", "--answers", str(example), "--out", str(tmp_path / "s"))
    tui.expect("Quit for now")
    shown = "\n".join(tui.rows())
    # the summary and the whole menu are on one screen: nothing scrolled away
    assert "The checks found 2 pieces of advice" in shown
    assert "What next?" in shown and "Write the documents" in shown
    assert "Show the findings (2)" in shown
    tui.child.send("\x1b[B\r")  # Show the findings
    tui.expect("Which finding do you want to fix")
    tui.expect("back to the review")
    shown = "\n".join(tui.rows())
    assert "1. advice" in shown and "Fix:" in shown


def test_the_kinds_are_named_in_plain_words_not_tiers() -> None:
    # the wizard shows a kind's title ("Data sharing agreement (...). Answers are saved")
    # and the triage recommends it by title; its sections' titles head each section
    for kind, _path in list_kinds():
        tree = load_kind(kind, tree_dirs=())
        shown = [tree.title, tree.description]
        shown += [f"{s.title} {s.description}" for s in tree.sections]
        assert not [text for text in shown if "Tier" in text], kind
    result = CliRunner().invoke(app, ["list"])
    assert result.exit_code == 0 and "Tier" not in result.output


PICK_TREE = """
id: supply
version: 1
title: Supply record
description: Which party supplies each item, picked from the parties.
documents:
  - id: supply
    template: supply/supply.md.j2
    title: Supply
sections:
  - id: main
    title: Supply
    questions:
      - id: parties
        type: group
        prompt: Which organisations take part?
        help: One entry each.
        item_name: party
        item_label: "{{ name }}"
        min: 1
        questions:
          - id: name
            type: text
            prompt: Organisation's name
            help: Its legal name.
      - id: items
        type: group
        prompt: Which items are shared?
        help: One entry each.
        item_name: item
        item_label: "{{ field }}"
        min: 1
        questions:
          - id: field
            type: text
            prompt: Item name
            help: A short name.
          - id: source_party
            type: text
            prompt: Which party supplies it?
            help: Tick each party that supplies it.
            choices_expr: "parties | map(attribute='name') | list"
"""


def test_the_supplying_party_is_picked_from_the_parties_not_typed(
    terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    custom = build_file_tree(tmp_path / "pick", {"questions/supply.yaml": PICK_TREE,
                                                 "templates/supply/supply.md.j2": "# x\n"})  # fmt: skip
    out = tmp_path / "set"
    tui = terminal("new", "supply", "--templates", str(custom), "--out", str(out),
                   "--format", "md")  # fmt: skip
    tui.expect("cancel this party")  # (the live prompts say how to end the list)
    tui.child.send("Northshire County Council\r")
    for name in ("Northshire Police", ""):
        tui.expect("no more parties")
        tui.child.send(name + "\r")
    tui.expect("cancel this item")
    tui.child.send("Home address\r")
    tui.expect(r"Which party supplies it\? \(tick one or more\)")
    tui.expect("Northshire Police")
    tui.child.send("\x1b[B \r")  # the second party, ticked
    tui.expect("no more items")
    tui.child.send("\r")
    tui.expect("What next")
    tui.child.send("\r")
    tui.child.expect(pexpect.EOF)
    answers = load_yaml(out / "answers.yaml", plain=True)["answers"]
    assert answers["items"][0]["source_party"] == "Northshire Police"


def test_where_answers_are_saved_is_named_whole_on_its_own_row(
    terminal: Callable[..., Terminal], custom: Path, tmp_path: Path
) -> None:
    out = tmp_path / "a-folder-whose-name-is-long-enough" / "to-push-the-sentence-past-80"
    tui = terminal("new", "contacts", "--templates", str(custom), "--out", str(out))
    tui.expect("Full legal name")
    rows = tui.rows()
    assert any(row.endswith("Answers are saved as you go in:") for row in rows), rows
    path = str(out / "answers.yaml")
    if len(path) <= 78:  # a path wider than the screen can only wrap; the sentence never does
        assert f"  {path}" in rows, rows


def test_a_long_kind_title_wraps_the_saved_where_sentence_at_words(
    terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    # "Data sharing agreement (for one specific sharing). Answers are saved as you go in:"
    # is 82 characters: at 80 columns it once broke as "go i" / "n:"
    tui = terminal("new", "data-sharing-agreement", "--out", str(tmp_path / "dsa"))
    tui.expect("What is this sharing called")
    text = " ".join(tui.rows())
    assert "Answers are saved as you go in:" in text.replace("  ", " "), tui.rows()
    assert not any(row.endswith(" i") for row in tui.rows()), tui.rows()


LONG = " ".join(f"long{n:02d}" for n in range(22))  # 153 characters: two rows at 80 columns
WRAPPED_TREE = f"""
id: wrapped
version: 1
title: Wrapped prompts
description: Questions longer than the screen, each kind of prompt.
documents:
  - id: wrapped
    template: wrapped/wrapped.md.j2
    title: Wrapped
sections:
  - id: main
    title: Wrapped
    questions:
      - id: agreed
        type: yes_no
        prompt: {LONG} agreed?
        help: Yes or no.
        default: false
      - id: route
        type: choice
        prompt: {LONG} route?
        help: One of two.
        choices: [{{value: one, label: One}}, {{value: two, label: Two}}]
      - id: name
        type: text
        prompt: {LONG} name?
        help: Any name.
"""


def test_a_long_question_wraps_between_words_with_its_key_hint_whole(
    terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    custom = build_file_tree(
        tmp_path / "wrapped",
        {
            "questions/wrapped.yaml": WRAPPED_TREE,
            "templates/wrapped/wrapped.md.j2": "# {{ name }}\n",
        },
    )
    tui = terminal("new", "wrapped", "--templates", str(custom), "--out", str(tmp_path / "s"))

    def shown_whole(hint: str) -> None:
        rows = tui.rows()
        tokens = [t for row in rows for t in row.split() if re.fullmatch(r"long\d\d", t)]
        assert tokens[-22:] == LONG.split()  # no word cut across two rows
        assert any(hint in row for row in rows), hint  # the hint on one row, not broken
        # the terminal never breaks a row itself (a row it broke runs to the last column)
        ours = [row for row in rows if re.search(r"\blong\d\d\b|then Enter", row)]
        assert all(len(row) < 80 for row in ours), ours

    tui.expect(r"\(y/N, then Enter\)")
    shown_whole("(y/N, then Enter)")
    tui.child.send("n\r")
    tui.expect(r"\(arrow keys, then Enter; \? for help\)")
    shown_whole("(arrow keys, then Enter; ? for help)")
    tui.child.send("\r")
    tui.expect("name\\?")
    tui.child.send("Sam\r")
    tui.expect("What next")


PICK = " ".join(f"pick{n:02d}" for n in range(10))  # a 69-character choice label
PICKED_TREE = f"""
id: picked
version: 1
title: A long choice
description: A choice whose label, echoed after its question, is wider than the screen.
documents:
  - id: picked
    template: picked/picked.md.j2
    title: Picked
sections:
  - id: main
    title: Picked
    questions:
      - id: route
        type: choice
        prompt: Is any of the information held under a duty of confidence, and if so, what allows it to be shared?
        help: One of two.
        choices: [{{value: one, label: {PICK}}}, {{value: two, label: Two}}]
"""


def test_a_chosen_option_is_echoed_whole_and_wrapped_at_words(
    terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    custom = build_file_tree(
        tmp_path / "picked",
        {"questions/picked.yaml": PICKED_TREE, "templates/picked/picked.md.j2": "# {{ route }}\n"},
    )
    tui = terminal("new", "picked", "--templates", str(custom), "--out", str(tmp_path / "s"))
    tui.expect(r"\(arrow keys, then Enter; \? for help\)")
    tui.child.send("\r")
    tui.expect("What next")
    rows = tui.rows()
    tokens = [t for row in rows for t in row.split() if t.startswith("pick")]
    # the question and its answer are left on screen, the label's words whole (the
    # terminal once cut the echo at the 80th column: "person's in" / "dividual care")
    assert tokens == PICK.split(), rows
    assert all(len(row) < 80 for row in rows if "pick" in row), rows


PER_PARTY_TREE = """
id: perparty
version: 1
title: One entry per party
description: A list started with one entry per party, whose names are long.
documents:
  - id: perparty
    template: perparty/perparty.md.j2
    title: Per party
sections:
  - id: main
    title: Per party
    questions:
      - id: parties
        type: group
        prompt: Which organisations?
        help: Their names.
        item_name: party
        item_label: "{{ name }}"
        min: 1
        as_lines: Each organisation's name, one a line
        questions:
          - id: name
            type: text
            prompt: Name
            help: Its name.
      - id: retention
        type: group
        prompt: How long does each keep it?
        help: One entry each.
        item_name: retention entry
        item_label: "{{ party }}"
        min: 1
        one_entry_per: party
        questions:
          - id: party
            type: choice
            choices_expr: "parties | map(attribute='name') | list"
            prompt: Which party?
            help: The organisation.
          - id: period
            type: text
            prompt: How long?
            help: A period.
"""


def test_a_line_about_a_list_wraps_at_words(
    terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    custom = build_file_tree(
        tmp_path / "perparty",
        {"questions/perparty.yaml": PER_PARTY_TREE,
         "templates/perparty/perparty.md.j2": "# {{ retention }}\n"},
    )  # fmt: skip
    tui = terminal("new", "perparty", "--templates", str(custom), "--out", str(tmp_path / "s"))
    tui.expect("one a line")
    names = ["Riverside Medical Practice", "Northtown Community Wellbeing CIC"]
    for name in names:
        tui.child.send(name + "\r")
    tui.child.send("\r")
    tui.expect("How long\\?")
    rows = tui.rows()
    text = " ".join(" ".join(row.split()) for row in rows)
    # before: the terminal broke the line at the 80th column ("Northtown Communi" / "ty")
    assert (
        "One retention entry for each of: Riverside Medical Practice; Northtown Community "
        "Wellbeing CIC. Add or remove one from the review." in text
    ), rows
