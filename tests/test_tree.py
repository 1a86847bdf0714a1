"""Question trees: built-in trees load; bad trees fail with file:line and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import build_file_tree
from sharewiz.errors import FileFormatError, TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.tree import QUESTION_TYPES, list_kinds
from sharewiz.model.tree_loader import load_tree

GOOD = """
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
      - id: name
        type: text
        prompt: Name?
        help: A name.
      - id: likes
        type: yes_no
        prompt: Likes?
        help: Yes or no.
        when: name == 'x'
"""


def write_tree(tmp_path: Path, text: str, name: str = "demo.yaml") -> Path:
    build_file_tree(tmp_path, {name: text})
    return tmp_path / name


@pytest.mark.parametrize(("kind", "path"), list_kinds())
def test_built_in_trees_load(kind: str, path: Path) -> None:
    tree = load_tree(path, knowledge=tree_knowledge())
    assert tree.id == kind
    for question in tree.questions():
        assert question.help, f"{question.where}: every question needs help"


def test_good_tree(tmp_path: Path) -> None:
    tree = load_tree(write_tree(tmp_path, GOOD), knowledge=tree_knowledge())
    assert [q.id for q in tree.questions()] == ["name", "likes"]
    assert tree.question("likes").when == "name == 'x'"
    assert tree.question("name").line == 13


def broken(tmp_path: Path, old: str, new: str) -> TreeError:
    text = GOOD.replace(old, new, 1)
    assert text != GOOD, "the replacement must change the tree"
    with pytest.raises(TreeError) as info:
        load_tree(write_tree(tmp_path, text), knowledge=tree_knowledge())
    return info.value


def test_unknown_type_suggests_the_nearest(tmp_path: Path) -> None:
    error = broken(tmp_path, "type: yes_no", "type: yes_noo")
    assert (
        error.message
        == f"{tmp_path / 'demo.yaml'}:18: unknown question type 'yes_noo' (in 'likes')"
    )
    assert error.hint == f"did you mean 'yes_no'? use one of: {', '.join(QUESTION_TYPES)}"


def test_unknown_type_lists_types_when_nothing_is_close(tmp_path: Path) -> None:
    error = broken(tmp_path, "type: yes_no", "type: banana")
    assert error.hint is not None and all(t in error.hint for t in QUESTION_TYPES)


def test_duplicate_id(tmp_path: Path) -> None:
    error = broken(tmp_path, "id: likes", "id: name")
    assert error.message.startswith(f"{tmp_path / 'demo.yaml'}:17: duplicate question id 'name'")
    assert "first defined at" in error.message and ":13" in error.message


def test_when_naming_an_unknown_question(tmp_path: Path) -> None:
    error = broken(tmp_path, "when: name == 'x'", "when: nmae == 'x'")
    assert error.message == (
        f"{tmp_path / 'demo.yaml'}:21: expression \"nmae == 'x'\" names unknown question(s): nmae"
    )
    assert error.hint == "did you mean 'name'?"


def test_a_condition_reading_a_later_question_is_refused(tmp_path: Path) -> None:
    # the wizard asks in order: 'name' would always see 'likes' unanswered, and an
    # answers file's 'name' would be dropped as not applying
    text = GOOD.replace("        help: A name.\n", "        help: A name.\n        when: likes\n")
    text = text.replace("        when: name == 'x'\n", "")
    with pytest.raises(TreeError) as info:
        load_tree(write_tree(tmp_path, text), knowledge=tree_knowledge())
    assert info.value.message == (
        f"{tmp_path / 'demo.yaml'}:13: the condition or default of 'name' reads likes, "
        "asked after it, so it would always read no answer"
    )
    assert info.value.hint is not None and "move the question" in info.value.hint


def test_a_condition_reading_itself_is_refused(tmp_path: Path) -> None:
    error = broken(tmp_path, "when: name == 'x'", "when: not likes")
    assert "the condition or default of 'likes' reads likes" in error.message


def test_a_section_condition_reading_its_own_questions_is_refused(tmp_path: Path) -> None:
    error = broken(tmp_path, "    title: One\n", "    title: One\n    when: likes\n")
    assert "the condition or default of section 'one' reads likes" in error.message


def test_choices_narrowed_by_a_later_question_are_refused(tmp_path: Path) -> None:
    # the wizard narrows a pick list from the answers given when it is asked: one named
    # after it would always read no answer, and the list would never narrow
    text = GOOD.replace(
        "        help: A name.\n",
        "        help: A name.\n"
        "      - id: colour\n        type: choice\n        prompt: Colour?\n"
        "        help: One colour.\n        choices: [red, blue]\n"
        "        choices_when: \"likes or choice == 'red'\"\n",
    )
    with pytest.raises(TreeError) as info:
        load_tree(write_tree(tmp_path, text), knowledge=tree_knowledge())
    assert info.value.message == (
        f"{tmp_path / 'demo.yaml'}:17: the condition or default of 'colour' (its choices_when) "
        "reads likes, asked after it, so it would always read no answer"
    )


def test_together_on_a_field_of_a_list_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace(
        "      - id: likes\n",
        "      - id: people\n        type: group\n        prompt: People\n        help: Who.\n"
        "        questions:\n          - id: who\n            type: text\n"
        "            prompt: Who?\n            help: A name.\n            together: run\n"
        "      - id: likes\n",
    )
    with pytest.raises(TreeError) as info:
        load_tree(write_tree(tmp_path, text), knowledge=tree_knowledge())
    assert "'together' is for top-level questions, not the field people.who" in info.value.message


def test_bad_expression(tmp_path: Path) -> None:
    error = broken(tmp_path, "when: name == 'x'", "when: name == == 'x'")
    assert error.message.startswith(f"{tmp_path / 'demo.yaml'}:21: bad expression")


def test_misspelt_key(tmp_path: Path) -> None:
    error = broken(tmp_path, "prompt: Likes?", "promt: Likes?")
    assert error.message == f"{tmp_path / 'demo.yaml'}:19: unknown key 'promt' in a question"
    assert error.hint is not None and error.hint.startswith("did you mean 'prompt'? allowed keys:")
    assert "choices_from" in error.hint and "when" in error.hint


def test_missing_help(tmp_path: Path) -> None:
    error = broken(tmp_path, "        help: Yes or no.\n", "")
    assert error.message == f"{tmp_path / 'demo.yaml'}:17: question 'likes' needs 'help'"


def test_choices_referring_to_nothing(tmp_path: Path) -> None:
    error = broken(
        tmp_path, "type: yes_no", "type: choice\n        choices_from: no_such_collection"
    )
    assert error.message.startswith(
        f"{tmp_path / 'demo.yaml'}:19: choices_from 'no_such_collection'"
    )


def test_choice_without_choices(tmp_path: Path) -> None:
    error = broken(tmp_path, "type: yes_no", "type: choice")
    assert "needs one of 'choices', 'choices_from' or 'choices_expr' (exactly one)" in error.message


def test_duplicate_choice_value(tmp_path: Path) -> None:
    error = broken(tmp_path, "type: yes_no", "type: choice\n        choices: [a, b, a]")
    assert "duplicate choice value 'a'" in error.message


def test_bad_version(tmp_path: Path) -> None:
    error = broken(tmp_path, "version: 1", "version: one")
    assert (
        error.message
        == f"{tmp_path / 'demo.yaml'}:2: 'version' must be a whole number of 1 or more"
    )


def test_group_needs_questions(tmp_path: Path) -> None:
    error = broken(tmp_path, "type: yes_no", "type: group")
    assert "group 'likes' has no questions" in error.message


def test_bad_pattern(tmp_path: Path) -> None:
    error = broken(tmp_path, "help: A name.", "help: A name.\n        pattern: '[a-'")
    assert "bad pattern in 'name'" in error.message


def test_include_and_cycle(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            "frag/a.yaml": """
                fragment: a
                questions:
                  - id: from_a
                    type: text
                    prompt: A?
                    help: A.
                  - include: b.yaml
            """,
            "frag/b.yaml": """
                fragment: b
                questions:
                  - include: a.yaml
            """,
        },
    )
    text = GOOD.replace("      - id: likes", "      - include: frag/a.yaml\n      - id: likes")
    with pytest.raises(TreeError) as info:
        load_tree(write_tree(tmp_path, text), knowledge=tree_knowledge())
    assert (
        info.value.message
        == f"{tmp_path / 'frag' / 'b.yaml'}:3: include cycle: demo.yaml -> a.yaml -> b.yaml -> a.yaml"
    )


def test_include_of_missing_file(tmp_path: Path) -> None:
    error = broken(
        tmp_path, "      - id: likes", "      - include: nowhere.yaml\n      - id: likes"
    )
    assert error.message == f"{tmp_path / 'demo.yaml'}:17: included file 'nowhere.yaml' not found"


def test_yaml_traps_in_a_tree_are_errors(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match=r"demo.yaml:22: duplicate key 'id'"):
        load_tree(write_tree(tmp_path, GOOD + "id: again\n"), knowledge=tree_knowledge())


def test_a_tree_that_is_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(TreeError) as info:
        load_tree(write_tree(tmp_path, "- just\n- a list\n"), knowledge=tree_knowledge())
    assert info.value.message == f"{tmp_path / 'demo.yaml'}:1: a question tree must be a mapping"


_WITH_GROUP = """      - id: people
        type: group
        prompt: People?
        help: Each person.
        questions:
          - {id: name, type: text, prompt: Name?, help: A name.}
          - {id: job_title, type: text, prompt: Job?, help: A job.}
"""


@pytest.mark.parametrize(
    ("moved", "message"),
    [
        ("people.name, job_title", None),
        ("people.name, nosuch", "'moved' sends 'signatory' to 'people.name, nosuch'"),
        ("people.name, job_title, more", "must name its new place as group.inner"),
        ("people.name, other.job_title", "must name its new place as group.inner"),
    ],
)
def test_a_moved_answer_split_in_two_must_name_two_questions_of_the_group(
    tmp_path: Path, moved: str, message: str | None
) -> None:
    text = GOOD.replace("version: 1\n", f"version: 2\nmoved:\n  signatory: '{moved}'\n", 1)
    text = text.rstrip("\n") + "\n" + _WITH_GROUP
    if message is None:
        tree = load_tree(write_tree(tmp_path, text), knowledge=tree_knowledge())
        assert tree.moved == {"signatory": moved}
        return
    with pytest.raises(TreeError) as info:
        load_tree(write_tree(tmp_path, text), knowledge=tree_knowledge())
    assert message in str(info.value)


@pytest.mark.parametrize(("kind", "path"), list_kinds())
def test_no_pick_list_opens_on_a_legal_requirement(kind: str, path: Path) -> None:
    # a pick list opens on its first choice: Enter by habit must not say the law obliges
    # people to give their information (UK GDPR Art 13(2)(e)); the issue 16 defaults rule
    tree = load_tree(path, knowledge=tree_knowledge())
    for question in tree.questions():
        for asked in (question, *question.questions):
            values = [c.value for c in asked.choices]
            if asked.type == "choice" and "statutory" in values:
                assert values[0] != "statutory", f"{kind}: {asked.id} opens on 'statutory'"
