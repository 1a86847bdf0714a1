"""Class: a custom template reaching outside the data it is given (issue 18, item 1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from hostile_helpers import ROOT, CustomTemplate, assert_clean_error
from sharewiz.render import engine
from sharewiz.sets.build import render_answers_file

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PLAIN = (str, int, float, bool, type(None), dt.date)


def impure(value: Any, where: str, seen: set[int]) -> list[str]:
    """Paths to anything in a template context that is not plain data or an approved function."""
    if isinstance(value, PLAIN):
        return []
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, Mapping) and type(value).__module__ in ("builtins", "yaml"):
        items = value.items()
    elif isinstance(value, Mapping) and type(value).__name__ in ("mappingproxy", "MarkedDict"):
        items = value.items()
    elif type(value) in (list, tuple) or type(value).__name__ == "MarkedList":
        items = enumerate(value)
    elif callable(value) and where in engine.CONTEXT_FUNCTIONS:
        return []
    else:
        return [f"{where}: {type(value).__module__}.{type(value).__qualname__}"]
    found = []
    for key, item in items:
        name = key if where == "" else f"{where}.{key}"
        found += impure(item, str(name), seen)
    return found


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_kinds_context_is_plain_data(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contexts: list[dict[str, Any]] = []
    build = engine.build_context

    def recording(*args: Any, **kwargs: Any) -> dict[str, Any]:
        contexts.append(build(*args, **kwargs))
        return contexts[-1]

    monkeypatch.setattr(engine, "build_context", recording)
    render_answers_file(example, out_dir=tmp_path, formats=["md"])
    assert contexts
    for context in contexts:
        assert impure(context, "", set()) == []
        question = context["tree"]["question"](next(iter(context["answers"])))
        assert impure(question, "tree.question()", set()) == []


ESCAPES = {
    "write_text": "{{ tree.path.parent.joinpath('pwned').write_text('x') }}",
    "open": "{{ open('pwned', 'w') }}",
    "import": "{% import 'os' as os %}{{ os.system('touch pwned') }}",
    "class": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "format": "{{ '{0.__class__.__init__.__globals__}'.format(tree) }}",
    "format_map": "{{ '{0.__class__}'.format_map(tree) }}",
    "globals": "{{ choice_label.__globals__ }}",
    "kb_mutation": "{{ kb.rights.clear() }}",
}


@pytest.mark.parametrize("source", ESCAPES.values(), ids=ESCAPES.keys())
def test_a_custom_template_cannot_reach_outside_its_data(
    source: str, custom_template: CustomTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = custom_template.render(source)
    assert_clean_error(result, "screening.md.j2:1")
    assert not list(tmp_path.rglob("pwned"))
    assert (
        sorted(p.name for p in tmp_path.rglob("*") if p.name != "out")
        == [n for n in before if n != "out"]
        or not (tmp_path / "out" / "dpia-screening.md").exists()
    )
    assert not (tmp_path / "out" / "dpia-screening.md").exists()
