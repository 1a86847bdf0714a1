"""Issue 14: no placeholder, contradiction or dangling reference reaches a document, over
every example and a generated matrix of answer combinations across every branch of every
tree (`tests/matrix.py`), rendered to Markdown in-process as `render` does."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from matrix import EXAMPLES, Combination, all_combinations, combinations
from sharewiz.law.knowledge import KnowledgeBase, load_knowledge
from sharewiz.model.conditions import effective_answers, evaluate, expression_context
from sharewiz.model.tree import list_kinds
from sharewiz.render.engine import render_set
from wording import document_defects


@cache
def _kb() -> KnowledgeBase:
    return load_knowledge()


def _defects(combination: Combination) -> Iterator[tuple[str, str]]:
    """(document id, defect) for each defect in the combination's rendered documents."""
    for document in render_set(combination.tree, combination.answers, kb=_kb()):
        for defect in document_defects(document.markdown):
            yield document.id, defect


def test_the_check_finds_each_kind_of_defect() -> None:
    assert document_defects("This notice is for adults leaving hospital..\n")
    assert document_defects("It helps. the council decides.\n")
    assert document_defects("We talk about about you.\n")
    assert document_defects("Kept for {{ years }} years; shared: None; public: True\n")
    assert document_defects("Items:\n\n- \n")
    assert document_defects("We share the following:\n\n## Next\n")
    assert document_defects("## Data\n\nWe share them (all items listed above).\n")
    assert document_defects("TODO: [Or: describe the decision]\n")
    assert document_defects(
        "We make some decisions about you by automated means.\n\n"
        "We do not make decisions about you by automated means alone.\n"
    )
    assert document_defects(
        "You are required by law to give us this information.\n"
        "You do not have to give us this information, but if you do not, we cannot help.\n"
    )
    assert not document_defects(
        "# Title\n\n1. the first item, e.g\\. none\n\nSee s. 5 of the Act. It is 1.5 m.\n"
        "```mermaid\nA --> A\n```\n"
    )


def test_the_matrix_covers_every_tree_with_hundreds_of_combinations() -> None:
    found = all_combinations()
    assert len(found) >= 300
    assert {c.example for c in found} == {path.stem for path in EXAMPLES}
    assert {c.tree.id for c in found} == {kind for kind, _path in list_kinds()}
    # deterministic: the same combinations, in the same order, every time
    again = combinations.__wrapped__(EXAMPLES[0])
    assert [c.change for c in again] == [c.change for c in combinations(EXAMPLES[0])]
    assert [c.answers for c in again] == [c.answers for c in combinations(EXAMPLES[0])]


def _outcomes(kind: str) -> dict[str, set[bool]]:
    """Each condition of a kind's tree (question, group-inner, document) and the values
    it takes over the matrix."""
    seen: dict[str, set[bool]] = defaultdict(set)
    for combination in all_combinations():
        tree = combination.tree
        if tree.id != kind:
            continue
        full = effective_answers(tree, combination.answers)
        context = expression_context(tree, full)
        for question in tree.questions():
            if question.when:
                seen[question.id].add(bool(evaluate(question.when, context)))
            blank = {inner.id: None for inner in question.questions}
            for entry in full.get(question.id) or [] if question.type == "group" else []:
                for inner in question.questions:
                    if inner.when:
                        value = evaluate(inner.when, {**context, **blank, **entry})
                        seen[f"{question.id}.{inner.id}"].add(bool(value))
        for spec in tree.documents:
            if spec.when:
                seen[f"document {spec.id}"].add(bool(evaluate(spec.when, context)))
    return seen


@pytest.mark.parametrize("kind", [kind for kind, _path in list_kinds()])
def test_every_condition_is_taken_both_ways(kind: str) -> None:
    one_way = {name: values for name, values in _outcomes(kind).items() if len(values) < 2}
    assert not one_way, f"{kind}: conditions the matrix never turns: {one_way}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_rendered_combination_has_a_defect(example: Path) -> None:
    report = [
        f"{combination.change} / {document}: {defect}"
        for combination in combinations(example)
        for document, defect in _defects(combination)
    ]
    assert not report, f"{len(report)} defects, first 20:\n" + "\n".join(report[:20])
