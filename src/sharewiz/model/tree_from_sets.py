"""A tree's `from_sets:` block: answers taken from another document set, never typed twice.

A kind that is often written about an arrangement another set already describes (a DPIA
screening of a data sharing agreement) declares, per source kind, which of its questions
are facts of that set and the expression that reads each one from the source's answers:

```yaml
from_sets:
  data-sharing-agreement:
    project_name: agreement_title
    scale: volume
```

A set of the kind then names its source in the answer `source_dir` (a folder, relative
to the set), and each time it is rendered those answers are taken from the source: they
are never asked and never saved in its own answers file (`sharewiz.sets.links`).
Only facts belong here: a question that asks for a judgement stays the person's.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from sharewiz.errors import TreeError
from sharewiz.model.tree import suggest
from sharewiz.model.yamlio import MarkedDict, line_of

if TYPE_CHECKING:
    from sharewiz.model.question_parser import QuestionParser
    from sharewiz.model.tree import QuestionTree

SOURCE_DIR_ID = "source_dir"  # the answer naming the source set's folder

# source kind -> {question id of this tree: expression over the source's answers}
FromSets = Mapping[str, Mapping[str, str]]


def parse_from_sets(
    parser: QuestionParser, data: MarkedDict, path: Path
) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    """The `from_sets:` block as written, and the line of each `kind.question` in it.

    Expressions are checked for syntax here; the names they read are the source kind's,
    so they are not checked against this tree.
    """
    block = data.get("from_sets")
    if block is None:
        return {}, {}
    block = parser.mapping(block, path, line_of(data, "from_sets", data.line), "'from_sets'")
    result: dict[str, dict[str, str]] = {}
    lines: dict[str, int] = {}
    for kind, mapping in block.items():
        kind_line = line_of(block, kind, block.line)
        mapping = parser.mapping(mapping, path, kind_line, f"'from_sets' of {kind!r}")
        result[str(kind)] = {}
        for question_id, source in mapping.items():
            line = line_of(mapping, question_id, kind_line)
            lines[f"{kind}.{question_id}"] = line
            result[str(kind)][str(question_id)] = _syntax_checked(parser, source, path, line)
    return result, lines


def _syntax_checked(parser: QuestionParser, source: object, path: Path, line: int) -> str:
    from jinja2 import TemplateSyntaxError

    from sharewiz.model.expressions import expression_names

    if not isinstance(source, str) or not source.strip():
        raise parser.fail(
            path,
            line,
            "'from_sets': each answer must be an expression over the source set's answers",
            hint="write e.g. `project_name: agreement_title` (docs/question-trees.md)",
        )
    try:
        expression_names(source)
    except TemplateSyntaxError as exc:
        raise parser.fail(
            path,
            line,
            f"'from_sets': bad expression {source!r}: {exc.message}",
            hint="expressions are Jinja, e.g. `parties[0].name` (docs/question-trees.md)",
        ) from exc
    return source


def check_from_sets(tree: QuestionTree, lines: Mapping[str, int]) -> None:
    """Each mapped id is a top-level question of the tree, and the tree asks `source_dir`."""
    if not tree.from_sets:
        return
    known = {q.id for q in tree.questions()}
    if SOURCE_DIR_ID not in known:
        raise TreeError(
            f"{tree.path}:{min(lines.values(), default=1)}: 'from_sets' needs a question "
            f"{SOURCE_DIR_ID!r} (the folder of the set the answers come from)",
            hint=f"add an optional text question with id {SOURCE_DIR_ID!r}",
        )
    for kind, mapping in tree.from_sets.items():
        for question_id in mapping:
            if question_id not in known or question_id == SOURCE_DIR_ID:
                raise TreeError(
                    f"{tree.path}:{lines.get(f'{kind}.{question_id}', 1)}: 'from_sets' of "
                    f"{kind!r} fills unknown question {question_id!r}",
                    hint=suggest(question_id, sorted(known - {SOURCE_DIR_ID}), "questions"),
                )
