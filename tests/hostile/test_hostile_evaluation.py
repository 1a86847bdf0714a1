"""Class: unbounded work in templates, conditions, defaults and patterns (issue 18, item 2)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import visitor_kind
from hostile_helpers import (
    DPIA_EXAMPLE,
    CustomTemplate,
    assert_clean_error,
    run,
    visitor_answers,
)
from sharewiz.errors import AnswersError
from sharewiz.model import sandbox
from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.conditions import evaluate
from sharewiz.model.tree import Question

pytestmark = pytest.mark.timeout(60)

UNBOUNDED = {
    "exponent": ("{{ 9**(9**(9**9)) }}", "number limit"),
    "repetition": ("{{ 'a' * 10**10 }}", "over the limit"),
    "list_repetition": ("{{ [1] * 10**10 }}", "over the limit"),
    "doubling": (
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}",
        "over the limit",
    ),
    "range": ("{% for i in range(10**9) %}{% endfor %}", "range of 1,000,000,000"),
    "recursive_macro": (
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}",
        "nested deeper",
    ),
    "format_map": ("{{ '{0.__class__}'.format_map(tree) }}", "IndexError"),
    "format_attribute": ("{{ '{0.__class__.__mro__}'.format(tree) }}", "unsafe"),
    "center_filter": ("{{ 'a' | center(10**10) }}", "requested size"),
    "str_method": ("{{ 'a'.zfill(10**10) }}", "requested size"),
}


@pytest.mark.parametrize(("source", "expected"), UNBOUNDED.values(), ids=UNBOUNDED.keys())
def test_a_template_cannot_run_unbounded(
    source: str, expected: str, custom_template: CustomTemplate
) -> None:
    started = time.monotonic()
    result = custom_template.render(source)
    assert_clean_error(result, "screening.md.j2:1", expected)
    assert time.monotonic() - started < 15


def test_a_document_has_a_time_limit(
    custom_template: CustomTemplate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "LIMITS", sandbox.Limits(seconds=0.5))
    loops = "{% for i in range(9999) %}{% for j in range(9999) %}{% endfor %}{% endfor %}"
    started = time.monotonic()
    result = custom_template.render("line one\n" + loops)
    assert_clean_error(result, "screening.md.j2:2", "longer than 0.5 seconds")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "source",
    ["9**(9**(9**9))", "'a' * 10**10", "range(10**9) | list", "'{0.__class__}'.format_map(x)"],
)
def test_a_condition_or_default_cannot_run_unbounded(source: str) -> None:
    # `when` conditions and computed defaults are evaluated by this one function.
    with pytest.raises(AnswersError, match=r"^tree\.yaml:7: expression"):
        evaluate(source, {"x": [1]}, "tree.yaml:7")


def test_a_catastrophic_pattern_fails_the_answer_not_the_run(tmp_path: Path) -> None:
    custom = visitor_kind(tmp_path / "custom", question="pattern: ^(a+)+$")
    answers = visitor_answers(tmp_path / "answers.yaml", "a" * 50_000 + "b")
    started = time.monotonic()
    result = run("render", answers, "--templates", custom, "--out", tmp_path / "out")
    assert time.monotonic() - started < 15
    assert_clean_error(result, "answers.yaml:4", "took over", "visitor.yaml:13")


def test_the_email_check_is_linear() -> None:
    question = Question(id="email", type="email", prompt="Email", help="")
    started = time.monotonic()
    for text in ("a@" + "." * 99_999 + " ", "a" * 100_000, "a@" + "a" * 99_998):
        with pytest.raises(InvalidAnswer):
            coerce(question, text)
    assert coerce(question, "dpo@northshire.example.gov.uk") == "dpo@northshire.example.gov.uk"
    assert time.monotonic() - started < 2


def test_an_answer_has_a_length_limit() -> None:
    question = Question(id="notes", type="long_text", prompt="Notes", help="")
    with pytest.raises(InvalidAnswer, match="over the limit of 100,000"):
        coerce(question, "x" * 100_001)


def test_a_huge_answers_file_is_refused_quickly(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    with answers.open("wb") as file:  # sparse: 100 MB that takes no disk
        file.write(b"kind: privacy-notice\nanswers:\n  notes: |\n")
        file.truncate(100 * 1024 * 1024)
    started = time.monotonic()
    for command in ("render", "check"):
        assert_clean_error(run(command, answers), "answers.yaml", "too big")
    assert time.monotonic() - started < 5


def test_a_loop_that_calls_nothing_is_stopped_by_the_alarm(tmp_path: Path) -> None:
    # Looping over a string touches no sandbox hook; the per-document alarm stops it.
    # In a child process: pytest-timeout may hold SIGALRM here, and then the alarm stands aside.
    custom = CustomTemplate(tmp_path)
    custom.path.write_text(
        "{% set s = 'a' * 100000 %}\n{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    script = (
        "import sys\n"
        "from sharewiz.model import sandbox\n"
        "sandbox.LIMITS = sandbox.Limits(seconds=0.5)\n"
        "from sharewiz.cli.app import main\n"
        "sys.argv = ['sharewiz', *sys.argv[1:]]\n"
        "main()\n"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script, "render", str(DPIA_EXAMPLE), "--format", "md",
         "--out", str(custom.out), "--templates", str(custom.root)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert time.monotonic() - started < 30
    assert result.returncode == 1, result.stderr
    assert "screening.md.j2:2: took longer than 0.5 seconds" in result.stderr
    assert "hint:" in result.stderr and "Traceback" not in result.stderr
