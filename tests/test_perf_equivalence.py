"""The batch's shortcuts give exactly what the plain code gives (no timings here)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections import OrderedDict
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sharewiz import __version__
from sharewiz.model.answers_file import HEADER, answers_to_yaml
from sharewiz.model.expressions import Markdown
from sharewiz.model.yamlio import dump_yaml
from sharewiz.sets import jsontext


def _whole(answers: dict[str, Any]) -> str:
    body = {"kind": "k", "tree_version": 2, "sharewiz_version": __version__, "answers": answers}
    return HEADER + dump_yaml(body)


SHARED = ["a", "b"]


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"name": "Northshire", "count": 1, "ratio": 1.0, "flag": True, "text": "1", "none": None},
        {"long": "word " * 60, "lines": "first\nsecond\n", "quoted": "yes", "colon": "a: b"},
        {"list": ["x", "y"], "groups": [{"id": "a", "n": 2}, {"id": "b", "n": None}]},
        {"empty_list": [], "empty_map": {}, "date": "2026-04-01", "hash": "# not a comment"},
        {"first": SHARED, "second": SHARED},  # one list twice: anchors, dumped whole
        {"kept": "x\n\n", "after": 1},  # `|+` text: the dump ends with `...`, once
        {
            "parties": [
                {"name": "A", "signatories": [{"name": "S", "role": "yes"}, {"name": "T"}]},
                {"name": "B: Ltd", "notes": "word " * 40, "text": "one\ntwo\n"},
                {"name": "C", "empty": [], "none": None, "map": {"k": [1, 2]}},
            ],
            "one": [{"name": "only"}],
            "blank": [{"name": "x"}, {}],
            "ends_kept": [{"text": "a\n\n"}, {"text": "b"}],
        },
    ],
)
def test_answers_text_is_the_whole_dump(answers: dict[str, Any]) -> None:
    assert answers_to_yaml("k", 2, answers) == _whole(answers)
    assert answers_to_yaml("k", 2, answers) == _whole(answers)  # again, from the cache


def test_answers_text_tells_types_apart() -> None:
    for value in (1, 1.0, True, "1", "true", None):
        assert answers_to_yaml("k", 2, {"v": value}) == _whole({"v": value})


_SHARED = [{"name": "A", "roles": ["x", 1, True]}, {"name": "B"}]


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        "text",
        {"a": {}},
        {"b": [], "a": {"z": 1, "y": [1, {"k": "line\nbreak"}], "x": None}},
        {"a": {"b": {"c": {"d": [1.0, True, "1"]}}}},
        {"é": "ü", 'quote"': "back\\slash", "date": dt.date(2026, 4, 1)},
        {1: "numbers as keys", 2: 2},
        {"a": {1: "inner numbers as keys"}},
        {"lines": ["one", "two"], "mixed": ["one", 2, None], "a": {"b": ["x", "y"], "c": []}},
        {"kept": Markdown("**x**"), "m": OrderedDict(b=[1], a="z"), "t": ("x", "y")},
        [Markdown("a"), "b"],
        # one list held in several places, at the same level and at others
        {"answers": {"g": _SHARED, "h": _SHARED}, "given": {"g": _SHARED}, "top": _SHARED},
    ],
)
def test_record_json_is_json_dumps(value: Any) -> None:
    expected = json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False, default=str)
    assert jsontext.dumps(value) == expected
    assert jsontext.dumps(value) == expected  # again, from the reused text


def test_state_json_is_json_dumps(tmp_path: Path) -> None:
    from sharewiz.sets.build import read_answers
    from sharewiz.sets.state import HistoryEntry, SetState, state_answers

    example = (
        Path(__file__).parents[1] / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    tree, _file, answers = read_answers(example)
    state = SetState(
        tree.id,
        tree.version,
        formats=["md", "docx"],
        version="1.0",
        answers=state_answers(answers),
        files={"notice.md": "ab" * 32, "answers.yaml": "cd" * 32},
        history=[HistoryEntry("1.0", "2026-04-01", ["First version"], resign=True)],
    )
    data = json.loads(state.to_json())
    assert state.to_json() == json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


_ANSWER = st.one_of(
    st.none(),
    st.text(max_size=4),
    st.integers(-2, 2),
    st.booleans(),
    st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    st.lists(st.dictionaries(st.sampled_from("ab"), st.text(max_size=3)), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdef"), st.tuples(_ANSWER, _ANSWER, st.integers(0, 3))))
@hypothesis.example({"a": (True, 1, 2), "b": ([{"a": "1"}], [{"a": "1"}], 2), "c": (1, 1, 2)})
def test_the_given_answers_recorded_are_those_given(
    answers: dict[str, tuple[Any, Any, int]],
) -> None:
    """Whether each answer rendered is the very value given, an equal copy, another value or
    none, the state records `state_answers` of what was given, to the byte."""
    from sharewiz.sets.state import given_answers, state_answers

    given_now = {key: value for key, (value, _other, _how) in answers.items()}
    rendered = {}
    for key, (value, other, how) in answers.items():
        if how < 3:  # 3: not rendered at all
            rendered[key] = (value, copy.deepcopy(value), other)[how]
    recorded = state_answers(rendered)
    kept = given_answers(given_now, rendered, recorded)
    assert kept == state_answers(given_now)
    assert jsontext.dumps({"a": recorded, "g": kept}) == jsontext.dumps(
        {"a": recorded, "g": state_answers(given_now)}
    )


def _batch_json(*args: str) -> dict[str, Any]:
    from typer.testing import CliRunner

    from sharewiz.cli.app import app

    result = CliRunner().invoke(app, ["render", *args, "--json"])
    assert result.exit_code in (0, 5), result.output  # 5: some sets failed
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unchanged_set_reported_by_the_parent_is_what_the_worker_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """The parent's no-op shortcut (`sets.rerun`) gives each set the result, files and
    findings the update engine gives it, drafts included; and it writes nothing."""
    import csv

    from sharewiz.sets import rerun

    example = (
        Path(__file__).parents[1] / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    rows = tmp_path / "rows.csv"
    with rows.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [
                ["controller_name", "review_date", "controller_email"],
                ["Ash School", "2027-01-01", "ash@example.org"],
                ["Birch School", "2026-01-01", "birch@example.org"],  # review overdue
                ["Cedar School", "2027-01-01", "not an email"],  # fails: no state
            ]
        )
    args = [str(example), "--rows", str(rows), "--out", str(tmp_path / "out")]
    args += ["--format", "md,docx", "--jobs", jobs]
    _batch_json(*args)
    files = {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*") if p.is_file()}
    with monkeypatch.context() as plain:
        plain.setattr(rerun, "unchanged_result", lambda _job, _options: None)
        by_worker = _batch_json(*args)
    rendered: list[str] = []
    if jobs == "1":  # in this process: see which sets went to the worker's code
        from sharewiz.sets import pool

        def render_job(job: Any) -> Any:
            rendered.append(job.label)
            return worker_render(job)

        worker_render = pool.render_job
        monkeypatch.setattr(pool, "render_job", render_job)
    by_parent = _batch_json(*args)
    assert [label.rpartition(":")[2] for label in rendered] == (["row 4"] if jobs == "1" else [])
    assert [s["status"] for s in by_parent["sets"]] == ["unchanged", "unchanged", "failed"]
    assert by_parent == by_worker
    assert {p: p.stat().st_mtime_ns for p in files} == files


def test_the_job_key_names_everything_a_batch_gives_a_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another row, base, option or day (for a date the set takes from the clock) is
    another key, so the set goes to a worker; the same job is the same key."""
    from dataclasses import replace

    from sharewiz.model import expressions
    from sharewiz.sets.rerun import forget_shared, job_key
    from sharewiz.sets.worker import Base, Job, Options, cached_tree

    tree = cached_tree("privacy-notice")
    base = Base(tmp_path / "base.yaml", "privacy-notice", {"controller_name": "A"})
    dated = replace(base, raw={**base.raw, "document_date": "2026-04-01"})
    options = Options(formats=("md",), base=base)
    job = Job(0, "row 1", tmp_path / "a", cells=(("controller_email", "a@example.org"),))

    def key(job: Job = job, options: Options = options) -> str:
        forget_shared()
        return job_key(job, options, tree)

    first = key()
    assert key() == first
    others = [
        key(replace(job, cells=(("controller_email", "b@example.org"),))),
        key(options=replace(options, formats=("md", "docx"))),
        key(options=replace(options, audience="public")),
        key(options=replace(options, overrides=(("controller_name", "B"),))),
        key(options=replace(options, base=replace(base, raw={"controller_name": "B"}))),
        key(options=replace(options, base=dated)),
    ]
    assert len({first, *others}) == len(others) + 1
    monkeypatch.setattr(expressions, "today", lambda: "2031-01-01")
    assert key() != first  # document_date is pinned from the clock
    with_date = replace(options, base=dated)
    monkeypatch.undo()
    on_the_day = key(options=with_date)
    monkeypatch.setattr(expressions, "today", lambda: "2031-01-01")
    assert key(options=with_date) == on_the_day  # answered: the clock is not read


def test_a_render_derives_the_facts_once_for_the_checks_and_the_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sharewiz.law import facts, rules
    from sharewiz.sets.build import build_set, read_answers

    example = (
        Path(__file__).parents[1] / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    calls: list[object] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return derive(*args, **kwargs)

    derive = facts.compute_facts
    monkeypatch.setattr(facts, "compute_facts", counted)
    monkeypatch.setattr(rules, "compute_facts", counted)
    tree, _file, answers = read_answers(example)
    result = build_set(tree, answers, tmp_path / "set", formats=("md",))
    assert len(calls) == 1 and result.findings is not None


def test_a_render_builds_the_arrangement_once_for_the_facts_and_the_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The condition uses, the arrangement's facts and the templates' `arrangement` all
    read the one arrangement of the set's answers, built once per set, not once each, and
    each of its condition entries is worked out once for all of them."""
    from sharewiz.law import condition_uses
    from sharewiz.model import arrangement
    from sharewiz.sets.build import build_set, read_answers

    built: list[Any] = []
    worked: list[Any] = []

    def counted(answers: Any) -> Any:
        built.append(build(answers))
        return built[-1]

    def counted_entry(*args: Any) -> Any:
        worked.append(args[1])
        return work(*args)

    build, work = arrangement.build_notice_arrangement, condition_uses.entry_conditions
    monkeypatch.setattr(arrangement, "build_notice_arrangement", counted)
    monkeypatch.setattr(condition_uses, "entry_conditions", counted_entry)
    example = (
        Path(__file__).parents[1] / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    tree, _file, answers = read_answers(example)
    result = build_set(tree, answers, tmp_path / "set", formats=("md",))
    assert len(built) == 1 and "## " in result.documents[0].markdown
    assert len(built[0].conditions) > 1 and len(worked) == len(built[0].conditions)


# -- simple expressions evaluated directly (sharewiz.model.direct_expressions) ---------------


def _outcome(evaluate: Any, names: Any) -> tuple[str, Any]:
    """('value', v) or ('error', its type and message): what a caller would see."""
    try:
        value = evaluate(names)
    except Exception as exc:  # noqa: BLE001 - the error itself is what is compared
        return "error", (type(exc).__name__, str(exc))
    return "value", _comparable(value)


def _comparable(value: Any) -> Any:
    """The value, with an undefined one (which `==` would refuse) as what it stands for."""
    from jinja2 import Undefined

    if isinstance(value, Undefined):
        return "undefined", value._undefined_name, value._undefined_hint
    if isinstance(value, (list, tuple)):
        return type(value)(_comparable(item) for item in value)
    return value


def _by_jinja(source: str) -> Any:
    """The expression evaluated by Jinja alone (no direct closure)."""
    from sharewiz.model.expressions import Expression, compile_expression

    return Expression(compile_expression(source)._template).evaluate


EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_expression_a_render_evaluates_gives_what_jinja_gives(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sharewiz.model import expressions
    from sharewiz.sets.build import render_answers_file

    evaluate = expressions.Expression.evaluate
    direct: list[str] = []

    def both(self: Any, names: Any) -> Any:
        if self._direct is not None:
            direct.append(self.source)
            expected = _outcome(_by_jinja(self.source), names)
            assert _outcome(lambda n: evaluate(self, n), names) == expected, self.source
        return evaluate(self, names)

    monkeypatch.setattr(expressions.Expression, "evaluate", both)
    render_answers_file(example, out_dir=tmp_path, formats=["md"])
    assert direct  # every tree and the rules have conditions taken directly


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("a and b", {"a": 0, "b": 1}),
        ("a or b", {"a": "", "b": []}),
        ("x is sameas false", {"x": 0}),
        ("x is none and not y", {"x": None, "y": ""}),
        ("y in [1, 2] and z not in ('a', 'b')", {"y": 2, "z": "a"}),
        ("a.b.c == 'd'", {"a": {"b": {"c": "d"}}}),
        ("a['b'] != 3", {"a": {"b": 3}}),
        ("m if n else o", {"m": 1, "n": 0, "o": 2}),
        ("a < b", {"a": 1, "b": 2}),
        ("{'k': [a]}", {"a": 1}),
        ("missing", {}),  # undefined, returned as is
        ("missing == 1", {}),  # undefined, then used: an error
        ("a.nothing", {"a": {}}),
        ("a.nothing and b", {"a": {}, "b": 1}),  # an undefined attribute tested: an error
        ("a < b", {"a": 1, "b": "x"}),  # a TypeError, wrapped by Jinja
        ("a.__class__", {"a": 1}),  # the sandbox refuses it
        ("a and (b | list)", {"a": 1, "b": "xy"}),
        ("a and (b | first)", {"a": 1, "b": "xy"}),
        ("a and (b | label_of('lawful_bases'))", {"a": 1, "b": "x"}),  # Jinja takes over
        ("xs | join(' / ') | lower", {"xs": ["A", 1, None]}),  # given the evaluation context
        ("xs | join(d)", {"xs": ["a", "b"], "d": 3}),
        ("xs | join(attribute='a')", {"xs": [{"a": 1}, {"a": "B"}]}),
        ("x | lower", {"x": 1}),
        ("x | length", {"x": 5}),  # a TypeError, wrapped by Jinja
        ("x | md", {"x": "*a*"}),  # one of ours
        ("['a', 'b'] | select('in', x) | list", {"x": "abc"}),  # a literal list, built once
        ("{'k': ['a', 'b']}['k'] + ['c']", {}),  # copied: never the one kept
        ("kb | list", {"kb": ["x"]}),  # reads only kb, which does not say it never changes
        ("add_months", {}),  # a global
        ("xs | selectattr('a') | list", {"xs": [{"a": 1}, {"a": 0}, {"a": "x"}]}),
        ("xs | rejectattr('a.b') | list", {"xs": [{"a": {"b": 1}}, {"a": {"b": None}}]}),
        ("xs | selectattr('a', 'equalto', 1) | list", {"xs": [{"a": 1}, {"a": True}, {"a": 2}]}),
        ("xs | selectattr('a', 'in', ['p', 'q']) | list", {"xs": [{"a": "p"}, {"a": "r"}]}),
        ("xs | rejectattr('a', 'sameas', false) | list", {"xs": [{"a": 0}, {"a": False}]}),
        ("xs | selectattr('0') | list", {"xs": [[1], [0]]}),  # a number looks up an item
        ("xs | select | list", {"xs": [0, 1, "", "a"]}),
        ("xs | reject('none') | list", {"xs": [None, 1]}),
        ("xs | map(attribute='a') | list", {"xs": [{"a": 1}, {"b": 2}]}),  # undefined kept
        ("xs | map(attribute='a', default='-') | list", {"xs": [{"a": 1}, {"b": 2}]}),
        ("(xs | selectattr('a')) and 1", {"xs": []}),  # lazy: true even when it yields nothing
        ("xs | selectattr('a') | list", {"xs": None}),  # nothing to select from
        ("xs | selectattr('a') | list", {"xs": [1]}),  # an item without it: undefined is false
        ("xs | selectattr('a', 'nosuch') | list", {"xs": [{"a": 1}]}),  # Jinja's error
        ("xs | selectattr('a', 'defined') | list", {"xs": [{"a": 1}, {}]}),
        ("xs | list | length", {"xs": "abc"}),
        ("(a | list) + b", {"a": "x", "b": ["y"]}),  # `+` through the sandbox's bound
        ("a - 1", {"a": 3}),
        ("a + 1", {"a": "x"}),  # a TypeError, wrapped by Jinja
        ("{'x': [1], 'y': a}[k]", {"a": 2, "k": "y"}),
        ("x is sameas false", {"x": False}),
    ],
)
def test_a_direct_expression_gives_jinja_s_value_or_error(source: str, names: Any) -> None:
    from sharewiz.model.expressions import compile_expression

    expected = _outcome(_by_jinja(source), names)
    assert _outcome(compile_expression(source).evaluate, names) == expected


class _Reads(dict[str, Any]):
    """A mapping that records which names were read."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.read: list[str] = []

    def __getitem__(self, key: str) -> Any:
        self.read.append(key)
        return super().__getitem__(key)


def test_simple_conditions_are_evaluated_without_jinja_and_stop_at_a_false_and() -> None:
    from sharewiz.model.direct_expressions import direct_closure
    from sharewiz.model.expressions import compile_expression, expression_environment

    env = expression_environment()
    assert direct_closure("basis == 'consent' and not has_dpo", env) is not None
    assert direct_closure("items | random", env) is None  # reads the template context
    assert direct_closure("items | join(', ') | lower", env) is not None
    expression = compile_expression("flag and (items | selectattr('x') | list)")
    names = _Reads({"flag": False, "items": [{"x": 1}]})
    assert expression.evaluate(names) is False
    assert names.read == ["flag"]  # the filter on the right was never reached


# -- rules over the same values as the last set (sharewiz.law.reuse) -------------------------


def _counting_rule(tmp_path: Path) -> Any:
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.law.rules import load_rules

    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "t.yaml").write_text(
        "rules:\n"
        "  - id: T-COUNT\n"
        "    severity: warning\n"
        "    kinds: [privacy-notice]\n"
        "    when: count is not none\n"
        "    message: 'count {{ count }}, items {{ items | join(\",\") }}'\n"
        "    citation: UK GDPR Art 5\n"
        "    fix: none\n"
        "    refs: [lawful_bases.public_task]\n",
        encoding="utf-8",
    )
    return load_rules(folder, kb=load_knowledge())[0]


def test_a_rule_over_the_same_values_is_not_evaluated_again(tmp_path: Path) -> None:
    from sharewiz.law.reuse import fire_reusing
    from sharewiz.law.rules import _fire

    rule = _counting_rule(tmp_path)
    runs: list[str] = []

    def fire(rule: Any, context: dict[str, Any]) -> Any:
        runs.append(context["count"])
        return _fire(rule, context)

    def message(**context: Any) -> str:
        return str(fire_reusing([rule], context, fire)[0].message)

    items = ["a"]
    first = fire_reusing([rule], {"count": 1, "items": items, "other": 1}, fire)
    again = fire_reusing([rule], {"count": 1, "items": ["a"], "other": 2}, fire)  # not read
    assert again == first and runs == [1]
    messages = [message(count=c, items=items) for c in (True, 1.0, -0.0, 0.0, "1", 1)]
    # equal in Python, printed differently
    assert messages == [f"count {c}, items a" for c in ("yes", "1.0", "-0.0", "0.0", "1", "1")]
    items.append("b")  # changed in place after the rule ran over it
    assert message(count=1, items=items).endswith("a,b")
    assert message(count=1, items=["a"]) == "count 1, items a"  # as before, run again
    assert len(runs) == 9


def test_a_batch_gives_each_set_what_it_gives_the_set_alone(tmp_path: Path) -> None:
    """Whatever a batch reuses from one set for the next (rules' findings, answers'
    text, the effective pass), each set's files are those of the set rendered alone."""
    interest = "purposes.0.legitimate_interest"
    table = [
        ["controller_name", "purposes.0.basis", interest, "review_date", "purposes.1.description"],
        ["Ash", "public_task", "", "2027-01-01", "To plan care"],
        ["Birch", "legitimate_interests", "Safety", "2027-01-01", "To plan care"],  # rules fire
        ["Cedar", "legitimate_interests", "Safety", "2026-01-01", "To plan care"],  # overdue
        ["Damson", "public_task", "", "2027-01-01", "To plan care"],  # as the first again
        ["Elder", "public_task", "", "2027-01-01", "To plan the care of children"],
    ]
    _assert_batch_is_each_alone(tmp_path, table)


def test_a_row_changing_what_conditions_defaults_and_facts_read_renders_as_alone(
    tmp_path: Path,
) -> None:
    """Rows that turn questions on and off (`has_dpo`, children, transfers), change what
    a default reads (`controller_email` under an empty `rights_contact`), a group entry's
    inner condition (a category made special), the facts and rules (the kind of
    organisation, a basis, the review date), each back and forth from row to row: the
    effective pass started from the last row's gives every set what a fresh pass gives."""
    table = [
        [
            "controller_name", "controller_email", "rights_contact", "has_dpo",
            "audience_includes_children", "data_categories.1.category",
            "data_categories.1.special_category_type", "purposes.0.basis",
            "purposes.0.legitimate_interest", "international_transfers",
            "transfer_destinations", "transfer_mechanism", "review_date", "controller_type",
        ],
        ["Ash", "a@ash.example", "", "yes", "no", "personal", "", "public_task", "", "no", "", "", "2027-04-01", "local_authority"],
        ["Birch", "b@birch.example", "", "no", "no", "personal", "", "public_task", "", "no", "", "", "2027-04-01", "local_authority"],
        ["Cedar", "c@cedar.example", "help@cedar.example", "no", "yes", "personal", "", "public_task", "", "no", "", "", "2027-04-01", "local_authority"],
        ["Damson", "d@damson.example", "", "yes", "yes", "special_category", "health", "legitimate_interests", "Safety", "no", "", "", "2026-01-01", "charity"],
        ["Elder", "e@elder.example", "", "yes", "no", "personal", "", "public_task", "", "yes", "the United States", "idta_addendum", "2027-04-01", "local_authority"],
        ["Fir", "f@fir.example", "", "yes", "no", "personal", "", "public_task", "", "yes", "the United States", "approval_regulations", "2027-04-01", "local_authority"],
        ["Gean", "a@ash.example", "", "yes", "no", "personal", "", "public_task", "", "no", "", "", "2027-04-01", "local_authority"],
    ]  # fmt: skip
    _assert_batch_is_each_alone(tmp_path, table)


def _assert_batch_is_each_alone(tmp_path: Path, table: list[list[str]]) -> None:
    """Every file of a batch over `table` is the file of its row rendered alone, with
    nothing kept from an earlier set."""
    import csv

    from sharewiz.law import reuse
    from sharewiz.model import conditions

    rows = tmp_path / "rows.csv"
    with rows.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)
    _render_rows(rows, tmp_path / "batch")
    for number, row in enumerate(table[1:], 1):
        reuse._last.clear()
        conditions._last_effective[:] = [None]
        jsontext._REUSED.clear()
        alone = tmp_path / f"row-{number}.csv"
        with alone.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([table[0], row])
        _render_rows(alone, tmp_path / "alone")
    batch = {
        p.relative_to(tmp_path / "batch"): p.read_bytes()
        for p in (tmp_path / "batch").rglob("*")
        if p.is_file()
    }
    each = {
        p.relative_to(tmp_path / "alone"): p.read_bytes()
        for p in (tmp_path / "alone").rglob("*")
        if p.is_file()
    }
    assert len(batch) > (len(table) - 1) * 3 and batch == each


def _render_rows(rows: Path, out: Path) -> None:
    from typer.testing import CliRunner

    from sharewiz.cli.app import app

    example = (
        Path(__file__).parents[1] / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    args = [str(example), "--rows", str(rows), "--out", str(out), "--jobs", "1", "--json"]
    result = CliRunner().invoke(app, ["render", *args])
    assert json.loads(result.stdout)["failed"] == 0, result.output


def test_a_part_reading_only_a_knowledge_base_that_never_changes_is_worked_out_once() -> None:
    from sharewiz.model.direct_expressions import NEVER_CHANGES
    from sharewiz.model.expressions import compile_expression

    class Knowledge:
        def __init__(self, entries: list[dict[str, Any]]) -> None:
            self.walked = 0
            self._entries = entries

        @property
        def entries(self) -> list[dict[str, Any]]:
            self.walked += 1
            return self._entries

    class Frozen(Knowledge):
        pass

    setattr(Frozen, NEVER_CHANGES, True)
    source = "x | select('in', kb.entries | selectattr('apd') | map(attribute='id') | list) | list"
    expression = compile_expression(source)
    rows = [{"id": "a", "apd": True}, {"id": "b", "apd": False}, {"id": "c", "apd": True}]
    frozen, other = Frozen(rows), Frozen(rows[:1])
    first = expression.evaluate({"x": ["a", "b", "c"], "kb": frozen})
    again = expression.evaluate({"x": ["c"], "kb": frozen})
    assert (first, again, frozen.walked) == (["a", "c"], ["c"], 1)
    assert expression.evaluate({"x": ["a", "c"], "kb": other}) == ["a"]  # another: walked
    assert other.walked == 1
    changing = Knowledge(rows)  # does not say it never changes: walked every time
    for _ in range(2):
        assert expression.evaluate({"x": ["a"], "kb": changing}) == ["a"]
    assert changing.walked == 2
    kept = compile_expression("kb.entries | map(attribute='id') | list")
    one = kept.evaluate({"kb": frozen})
    one.append("changed by the caller")
    assert kept.evaluate({"kb": frozen}) == ["a", "b", "c"]  # a fresh copy each time


def test_a_row_over_the_base_types_as_the_base_and_row_typed_afresh() -> None:
    from sharewiz.model.answers_file import read_answers_file
    from sharewiz.model.migration import migrate
    from sharewiz.model.reading import type_answers, typed_values
    from sharewiz.model.rows import apply_values
    from sharewiz.model.yamlio import plain_data
    from sharewiz.sets.build import read_answers

    example = (
        Path(__file__).parents[1] / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    tree, _file, _answers = read_answers(example)
    base = plain_data(migrate(tree, read_answers_file(example))[0])
    typed = typed_values(tree, base)
    cells = [("controller_name", "School 1"), ("purposes.0.description", "To teach")]
    for row in (cells, [("has_dpo", "perhaps"), ("review_date", "soon")], []):
        raw = apply_values(base, row)
        plain = type_answers(tree, raw, source="row")
        reused = type_answers(tree, raw, source="row", typed=typed)
        assert repr(reused) == repr(plain)  # the same values, types and problems
        assert bool(plain[1]) == (row is not cells and bool(row))  # the bad row's problems
    first, _ = type_answers(tree, apply_values(base, []), source="row", typed=typed)
    first["purposes"][0]["description"] = "changed by the caller"  # a value typed once
    again, _ = type_answers(tree, apply_values(base, []), source="row", typed=typed)
    assert again["purposes"] == plain[0]["purposes"]  # each set's answers are its own


def _plain_reference(value: Any) -> Any:
    """plain_json as its docstring says, without shortcuts."""
    from collections.abc import Mapping

    if isinstance(value, Mapping):
        return {str(k): _plain_reference(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_reference(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@pytest.mark.parametrize(
    "value",
    [
        {"a": 1, "b": 1.0, "c": True, "d": None, "e": "x", 1: "number key", (1, 2): "tuple"},
        [1, [2, {"k": dt.date(2026, 4, 1)}], ("t", Markdown("m")), OrderedDict(z=1)],
        {Markdown("key"): {"inner": [None, dt.datetime(2026, 4, 1, 9, 30), object]}},
        "text",
        Markdown("**kept**"),
    ],
)
def test_plain_json_is_its_plain_definition(value: Any) -> None:
    assert repr(jsontext.plain_json(value)) == repr(_plain_reference(value))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_answers_written_with_json_default_are_their_plain_json(example: Path) -> None:
    """The render-inputs hash writes answers as they are, made JSON-ready by
    `json_default` as json meets them: the text is that of their `plain_json`."""
    from types import MappingProxyType

    from sharewiz.sets.build import read_answers

    _tree, _file, answers = read_answers(example)
    value = {
        "answers": answers,
        "context": {"history": [{"date": dt.date(2026, 4, 1)}], "protocol": None},
        "odd": [("t", Markdown("m")), OrderedDict(z=1), MappingProxyType({"k": [object]})],
    }
    written = json.dumps(value, sort_keys=True, ensure_ascii=False, default=jsontext.json_default)
    plain = json.dumps(jsontext.plain_json(value), sort_keys=True, ensure_ascii=False, default=str)
    assert written == plain


@pytest.mark.parametrize(
    ("when", "each", "expected"),
    [
        (  # a list filtered on two fields: only they (and how many) count
            "basis_uses | selectattr('public_authority') "
            "| selectattr('basis', 'equalto', 'legitimate_interests') | list",
            "",
            {"basis_uses": frozenset({"basis", "public_authority"})},
        ),
        (  # each item's fields read, with those the items are picked by
            "item.art9.data.needs_schedule1 and not item.schedule1",
            "condition_uses | selectattr('art9') | list",
            {"condition_uses": frozenset({"art9", "schedule1"})},
        ),
        (  # a field compared with another name's whole value
            "(organisations | selectattr('name', 'equalto', item.party) | list if item.party "
            "else organisations) | rejectattr('public_authority') | list",
            "uses | selectattr('official') | list",
            {
                "organisations": frozenset({"name", "public_authority"}),
                "uses": frozenset({"official", "party"}),
            },
        ),
        ("x | map(attribute='a.b') | join(', ') == 'z'", "", {"x": frozenset({"a"})}),
        ("(x | first).a and y | length > 1", "", {"x": frozenset({"a"}), "y": frozenset()}),
        # uses it does not know: whole values
        ("x | unique | list", "", {"x": None}),
        ("x[0].a", "", {"x": None}),
        ("item.get('a')", "x | list", {"x": None}),
        ("item == y", "x | list", {"x": None, "y": None}),
        ("(x or y) | selectattr('a') | list", "", {"x": None, "y": None}),
        ("x | selectattr(y) | list", "", None),  # which test or filter is called: not known
        ("party | items_of_party", "", dict.fromkeys(("party", "parties", "data_items", "flows"))),
        ("x | random", "", None),
    ],
)
def test_a_condition_s_truth_depends_on_the_fields_it_reads(
    when: str, each: str, expected: Any
) -> None:
    from sharewiz.model.footprint import truth_footprint

    assert truth_footprint(when, each) == expected


def test_the_names_an_expression_reads_include_those_its_filters_read() -> None:
    from sharewiz.model.expression_reads import names_read

    assert names_read("x | map('label_of', 'lawful_bases') | list") == {"x", "kb"}
    assert names_read("x | select('in', y) | list") == {"x", "y"}
    assert names_read("x | map(y) | list") is None  # which filter: not known
    assert names_read("x | random") is None
    assert names_read("x | list | length") == {"x"}


def test_a_rule_that_found_nothing_is_not_evaluated_again_over_the_same_fields() -> None:
    from sharewiz.law.reuse import fire_reusing
    from sharewiz.law.rules import _fire, load_rules

    rule = next(r for r in load_rules() if r.id == "LB-PUBLIC-AUTHORITY-LI")
    runs: list[Any] = []

    def fire(rule: Any, context: dict[str, Any]) -> Any:
        runs.append(context["basis_uses"])
        return _fire(rule, context)

    def use(party: str, basis: str, public: bool = True) -> dict[str, Any]:
        return {"party": party, "purpose": "p", "basis": basis, "public_authority": public}

    def found(*uses: dict[str, Any]) -> list[str]:
        context = {"basis_uses": list(uses), "found": None}
        return [f.message for f in fire_reusing([rule], context, fire)]

    assert found(use("Ash", "public_task")) == []
    assert found(use("Birch", "public_task")) == []  # another party's name: not read
    assert len(runs) == 1
    assert found(use("Birch", "public_task", public=False)) == []  # a field read: run
    assert found(use("Cedar", "legitimate_interests"))[0].startswith("Cedar is a public")
    assert found(use("Damson", "legitimate_interests"))[0].startswith("Damson")  # found: run
    assert len(runs) == 4
