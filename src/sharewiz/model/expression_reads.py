"""Which names an expression's value depends on, told from its source alone.

What a batch reuses from one set for the next rests on this: an expression over the
same values of the names it reads gives the same value (`sharewiz.model.conditions`
starts each effective pass from the last one; `sharewiz.model.footprint` narrows a
rule's condition to the fields it reads). Besides the names an expression names, a
filter Jinja gives the evaluation's names (`pass_context`) reads some of them itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from sharewiz.model.expressions import expression_environment
from sharewiz.model.tree import Question, QuestionTree

# What the filters given the evaluation's names (`pass_context`) read from them, besides
# their arguments.
CONTEXT_READS: Mapping[str, frozenset[str]] = {
    "label_of": frozenset({"kb"}),
    "choice_labels": frozenset({"choice_label"}),
    "items_of_party": frozenset({"parties", "data_items", "flows"}),
    "discloses_unpowered": frozenset({"parties", "data_items", "flows"}),
    "is_public_authority": frozenset({"kb"}),
}


def _given_names(function: Any) -> bool:
    """Whether Jinja gives a filter or test the evaluation's names (`pass_context`); the
    environment or evaluation context (`pass_environment`, `pass_eval_context`) holds none."""
    marker = getattr(function, "jinja_pass_arg", None)
    return marker is not None and getattr(marker, "name", "context") == "context"


# Jinja's filters given the names only to call the filter or test their first argument names.
_CALLING = frozenset({"map", "select", "reject", "selectattr", "rejectattr"})


@cache  # a function of the text alone: a batch asks it for every set
def names_read(source: str) -> frozenset[str] | None:
    """Every name an expression's value depends on: those it names and those its filters
    read from the names given (`CONTEXT_READS`), also when called by name (`map('label_of',
    ...)`); None when that cannot be told (a syntax error, or another filter or test given
    the names, such as `random`)."""
    from jinja2 import TemplateSyntaxError, meta, nodes

    env = expression_environment()
    try:
        parsed = env.parse("{{ (" + source + ") }}")
    except TemplateSyntaxError:
        return None
    names = set(meta.find_undeclared_variables(parsed)) - set(env.globals)
    for node in parsed.find_all((nodes.Filter, nodes.Test)):
        known = env.filters if isinstance(node, nodes.Filter) else env.tests
        if not _given_names(known.get(node.name)):
            continue
        if node.name in CONTEXT_READS:
            names |= CONTEXT_READS[node.name]
        elif node.name not in _CALLING:
            return None
        else:  # any text among its arguments may name the filter or test it calls
            for const in node.find_all(nodes.Const):
                if not isinstance(const.value, str):
                    continue
                if const.value in CONTEXT_READS:
                    names |= CONTEXT_READS[const.value]
                elif const.value not in _CALLING and any(
                    _given_names(table.get(const.value)) for table in (env.filters, env.tests)
                ):
                    return None
            if any(not isinstance(arg, nodes.Const) for arg in node.args[:1]):
                return None  # the filter or test to call is worked out: anything may be
    return frozenset(names)


# tree id -> (tree, question id -> (the names its `when` and its section's read, those its
# value's default and its entries' expressions read; None: not known, so evaluated))
_READS: dict[
    int,
    tuple[QuestionTree, dict[str, tuple[frozenset[str] | None, frozenset[str] | None]]],
] = {}


def question_reads(
    tree: QuestionTree,
) -> Mapping[str, tuple[frozenset[str] | None, frozenset[str] | None]]:
    """What each top-level question's verdict and effective value depend on, once per tree."""
    known = _READS.get(id(tree))
    if known is not None and known[0] is tree:
        return known[1]
    reads = {}
    for question in tree.questions():
        section = tree.section_of(question.id) if question.section else None
        condition = _reads_of(question.when, section.when if section else None)
        reads[question.id] = (condition, _value_reads(question))
    _READS[id(tree)] = (tree, reads)  # keeps the tree, so its id is not reused
    return reads


def _value_reads(question: Question) -> frozenset[str] | None:
    """The names a question's default reads, and for a group those its entries' inner
    conditions and defaults read (nested groups too)."""
    found = _reads_of(question.default_from)
    for inner in question.questions if question.type == "group" else ():
        more = _reads_of(inner.when, inner.default_from)
        nested = _value_reads(inner)
        if found is None or more is None or nested is None:
            return None
        found |= more | nested
    return found


def _reads_of(*sources: str | None) -> frozenset[str] | None:
    found: frozenset[str] = frozenset()
    for source in sources:
        if source:
            names = names_read(source)
            if names is None:
                return None
            found |= names
    return found
