"""Reading one question of a tree file: its keys, type, choices, bounds and expressions.

The tree loader (`sharewiz.model.tree_loader`) walks sections and includes; this base
class turns each question mapping into a `Question`, or a TreeError `file:line: ...`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sharewiz.errors import TreeError
from sharewiz.model.tree import (
    EXPRESSION_GLOBALS,
    QUESTION_TYPES,
    Choice,
    Question,
    TreeKnowledge,
    suggest,
)
from sharewiz.model.tree_across import (
    parse_across,
    parse_choices_when,
    parse_covers,
    parse_field_keys,
    parse_one_entry_per,
    parse_take_default,
)  # fmt: skip
from sharewiz.model.tree_group_by import parse_group_by
from sharewiz.model.tree_lines import parse_as_lines
from sharewiz.model.tree_profile import parse_profile
from sharewiz.model.tree_take_from import parse_take_from
from sharewiz.model.tree_unchosen import parse_starts_unchosen
from sharewiz.model.yamlio import MarkedDict, MarkedList, line_of

# Question, section and document ids (documents may also use -).
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_QUESTION_KEYS = {
    "id", "type", "prompt", "help", "citation", "required", "default", "default_from", "with_email",
    "when", "choices", "choices_from", "choices_filter", "pattern", "pattern_message",
    "min", "max", "questions", "item_label", "item_name", "example", "include", "choices_expr",
    "across", "one_entry_per", "together", "profile", "take_default", "split_at_colon", "covers",
    "choices_when", "ask_as_ticks", "empty_when_alone", "other", "empty_together", "as_lines",
    "take_from", "group_by", "starts_unchosen",
}  # fmt: skip
MAX_GROUP_DEPTH = 5  # groups inside groups; bounds the parser's recursion


class QuestionParser:
    """Parses questions; the subclass walks the lists of them (and their includes)."""

    def __init__(
        self, path: Path, knowledge: TreeKnowledge, search_dirs: tuple[Path, ...] = ()
    ) -> None:
        """Start reading the tree at `path`."""
        self.path = path
        self.search_dirs = search_dirs
        self.knowledge = knowledge
        self.include_stack: list[Path] = []
        self.seen_ids: dict[str, str] = {}
        self.pending_refs: list[tuple[str, set[str], str, int]] = []
        self.added_lines: dict[str, int] = {}  # question id in `added:` -> its line
        self.renamed_choice_lines: dict[str, int] = {}  # id in `renamed_choices:` -> line
        self.current_section = ""  # the section whose questions are being read

    def fail(self, file: Path | str, line: int, message: str, hint: str) -> TreeError:
        """The error for a problem at `file:line`; the hint (required) says how to fix it."""
        return TreeError(f"{file}:{line}: {message}", hint=hint)

    def mapping(self, value: Any, file: Path, line: int, what: str) -> MarkedDict:
        if not isinstance(value, MarkedDict):
            raise self.fail(file, line_of(value, default=line), f"{what} must be a mapping",
                            hint="write it as `key: value` lines, indented under its list item "
                            "(see docs/question-trees.md)")  # fmt: skip
        return value

    def check_keys(self, data: MarkedDict, allowed: set[str], file: Path, what: str) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(
                    file, line_of(data, key), f"unknown key {key!r} in {what}",
                    hint=suggest(key, sorted(allowed), "allowed keys"),
                )  # fmt: skip

    def text(
        self, data: MarkedDict, key: str, file: Path, what: str, *, required: bool = True
    ) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise self.fail(
                    file, data.line, f"{what} needs {key!r}", hint=f"add `{key}: ...` to it"
                )
            return ""
        if not isinstance(value, str):
            raise self.fail(
                file, line_of(data, key), f"{key!r} of {what} must be text",
                hint="put the value in quotes if YAML reads it as a number, date or list",
            )  # fmt: skip
        return value

    # -- tree -----------------------------------------------------------------------

    def questions(
        self, items: Any, file: Path, line: int, section_id: str, *, scope: str = ""
    ) -> list[Question]:
        """A list of questions (a group's inner ones too); defined by the tree loader."""
        raise NotImplementedError

    def question(self, data: MarkedDict, file: Path, section_id: str, scope: str) -> Question:
        self.check_keys(data, _QUESTION_KEYS, file, "a question")
        qid = self.text(data, "id", file, "a question")
        if not ID_PATTERN.match(qid):
            raise self.fail(
                file, line_of(data, "id"),
                f"question id {qid!r} must be lower case letters, digits and _, starting with a letter",
                hint=f"e.g. {_as_id(qid)!r}; answers files and templates name questions by it",
            )  # fmt: skip
        key = f"{scope}.{qid}" if scope else qid
        if key in self.seen_ids:
            raise self.fail(
                file, line_of(data, "id"),
                f"duplicate question id {qid!r} (first defined at {self.seen_ids[key]})",
                hint="give each question its own id (an answers file names them by it)",
            )  # fmt: skip
        self.seen_ids[key] = f"{file}:{line_of(data, 'id')}"
        what = f"question {qid!r}"
        qtype = self.text(data, "type", file, what)
        if qtype not in QUESTION_TYPES:
            raise self.fail(
                file, line_of(data, "type"), f"unknown question type {qtype!r} (in {qid!r})",
                hint=suggest(qtype, QUESTION_TYPES, "use one of"),
            )  # fmt: skip
        help_text = self.text(data, "help", file, what)
        choices = self.choices(data, file, qid, qtype)
        inner: tuple[Question, ...] = ()
        if qtype == "group":
            if not data.get("questions"):
                raise self.fail(
                    file,
                    data.line,
                    f"group {qid!r} has no questions",
                    hint="list the questions asked for each entry under 'questions:'",
                )
            if key.count(".") + 1 > MAX_GROUP_DEPTH:
                raise self.fail(
                    file, data.line, f"groups nested more than {MAX_GROUP_DEPTH} deep (at {qid!r})",
                    hint="a group's questions may hold a group, but not many levels down",
                )  # fmt: skip
            saved = self.current_section
            inner = tuple(
                self.questions(
                    data.get("questions"),
                    file,
                    line_of(data, "questions", data.line),
                    section_id,
                    scope=key,
                )
            )
            self.current_section = saved
            if not inner:
                raise self.fail(file, data.line, f"group {qid!r} has no questions",
                                hint="list the questions asked for each entry under 'questions:'")  # fmt: skip
        elif "questions" in data:
            raise self.fail(
                file, line_of(data, "questions"),
                f"only a group question has inner 'questions' ({qid!r} is {qtype})",
                hint=f"make {qid!r} `type: group`, or move its questions into the section",
            )  # fmt: skip
        low, high = self.bounds(data, file, qid, qtype)
        pattern = self.text(data, "pattern", file, what, required=False) or None
        if pattern:
            import regex  # patterns are matched with `regex` (it has a timeout), so parse them so

            try:
                regex.compile(pattern)
            except regex.error as exc:
                raise self.fail(
                    file,
                    line_of(data, "pattern"),
                    f"bad pattern in {qid!r}: {exc}",
                    hint="write a regular expression in single quotes, e.g. '^[A-Z]{2}[0-9]{6}$'",
                ) from exc
        if data.get("item_label") is not None:
            self.check_template_syntax(data, "item_label", file)
        across = parse_across(self, data, file, (qid, qtype, choices), in_group=bool(scope))
        return Question(
            id=qid,
            type=qtype,
            prompt=self.text(data, "prompt", file, what),
            help=help_text.strip(),
            citation=self.text(data, "citation", file, what, required=False),
            required=bool(data.get("required", True)),
            default=data.get("default"),
            default_from=self.expression(
                data.get("default_from"), file, line_of(data, "default_from")
            ),
            when=self.expression(data.get("when"), file, line_of(data, "when")),
            choices=choices,
            choices_from=self.text(data, "choices_from", file, what, required=False) or None,
            choices_filter=self.text(data, "choices_filter", file, what, required=False) or None,
            choices_expr=self.text(data, "choices_expr", file, what, required=False) or None,
            choices_when=parse_choices_when(self, data, file, qid),
            pattern=pattern,
            pattern_message=self.text(data, "pattern_message", file, what, required=False) or None,
            min=low,
            max=high,
            questions=inner,
            item_label=self.text(data, "item_label", file, what, required=False) or None,
            item_name=self.text(data, "item_name", file, what, required=False) or "entry",
            across=across,
            together=self.text(data, "together", file, what, required=False) or None,
            ask_as_ticks=self.text(data, "ask_as_ticks", file, what, required=False) or None,
            one_entry_per=parse_one_entry_per(self, data, file, qid, inner),
            covers=parse_covers(self, data, file, qid, inner),
            group_by=parse_group_by(self, data, file, (qid, qtype, inner)),
            starts_unchosen=parse_starts_unchosen(self, data, file, (qid, qtype)),
            profile=parse_profile(self, data, file, (qid, qtype, inner)),
            take_default=parse_take_default(self, data, file, (qid, qtype, choices)),
            split_at_colon=self.text(data, "split_at_colon", file, what, required=False) or None,
            **parse_field_keys(self, data, file, qid, in_group=bool(scope)),
            **parse_as_lines(self, data, file, (qid, qtype, inner), in_group=bool(scope)),
            **parse_take_from(self, data, file, (qid, qtype), in_group=bool(scope)),
            example=data.get("example"),
            section=section_id,
            file=str(file),
            line=line_of(data, "id", data.line),
        )

    def choices(self, data: MarkedDict, file: Path, qid: str, qtype: str) -> tuple[Choice, ...]:
        has_list, source = "choices" in data, data.get("choices_from")
        computed = data.get("choices_expr")
        names = qtype == "text" and computed is not None and not (has_list or source)
        if qtype not in ("choice", "multi") and not names:  # text may pick names (written as words)
            if has_list or source or computed:
                given = next(k for k in ("choices", "choices_from", "choices_expr") if k in data)
                raise self.fail(
                    file,
                    line_of(data, given, data.line),
                    f"{qid!r} is {qtype}; only choice and multi questions take choices",
                    hint="make it `type: choice` or `type: multi`, or remove its choices",
                )
            return ()
        if [has_list, bool(source), computed is not None].count(True) != 1:
            raise self.fail(file, data.line, f"{qid!r} needs one of 'choices', 'choices_from' or "
                            "'choices_expr' (exactly one)",
                            hint="list the choices, or name a knowledge collection with choices_from")  # fmt: skip
        if computed is not None:
            # Choices from earlier answers (e.g. the parties named so far): offered at ask time.
            self.expression(computed, file, line_of(data, "choices_expr"))
            return ()
        if source:
            flt = data.get("choices_filter")
            if flt is not None:
                self.expression(flt, file, line_of(data, "choices_filter"), names={"entry", "kb"})
            try:
                found = self.knowledge.choices(str(source), flt)
            except LookupError as exc:
                raise self.fail(
                    file,
                    line_of(data, "choices_from"),
                    f"choices_from {source!r}: {exc.args[0]}",
                    hint="name a collection of the knowledge base (see docs/knowledge.md)",
                ) from exc
            if not found:
                raise self.fail(
                    file,
                    line_of(data, "choices_from"),
                    f"choices_from {source!r} gives no choices for {qid!r}",
                    hint="loosen its choices_filter, or choose another collection",
                )
            return found
        items = data["choices"]
        if not isinstance(items, MarkedList) or not items:
            raise self.fail(
                file,
                line_of(data, "choices"),
                f"'choices' of {qid!r} must be a non-empty list",
                hint="write one `- value` (or `- value: ...` with `label: ...`) per choice",
            )
        result, seen = [], set()
        for item in items:
            if isinstance(item, MarkedDict):
                self.check_keys(item, {"value", "label", "help", "citation"}, file, "a choice")
                value = str(item.get("value", ""))
                choice = Choice(
                    value,
                    str(item.get("label") or value),
                    str(item.get("help") or ""),
                    str(item.get("citation") or ""),
                )
            elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
                value = str(item)
                choice = Choice(value, value)
            else:
                raise self.fail(
                    file,
                    line_of(items),
                    f"a choice of {qid!r} must be text or a mapping with value/label",
                    hint="write `- text`, or `- value: ...` with `label: ...` beneath it",
                )
            if not value or value in seen:
                raise self.fail(file, line_of(item, default=items.line),
                                f"empty or duplicate choice value {value!r} in {qid!r}",
                                hint="give every choice its own non-empty value")  # fmt: skip
            seen.add(value)
            result.append(choice)
        return tuple(result)

    def bounds(
        self, data: MarkedDict, file: Path, qid: str, qtype: str
    ) -> tuple[float | None, float | None]:
        values = []
        for key in ("min", "max"):
            value = data.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float))
            ):
                raise self.fail(
                    file,
                    line_of(data, key),
                    f"{key!r} of {qid!r} must be a number",
                    hint=f"write e.g. `{key}: 1`, without quotes",
                )
            if value is not None and qtype not in ("number", "group", "multi", "text", "long_text"):
                raise self.fail(
                    file,
                    line_of(data, key),
                    f"{key!r} does not apply to a {qtype} question ({qid!r})",
                    hint="min and max bound numbers, text lengths, group entries and multi picks",
                )
            values.append(value)
        low, high = values
        if low is not None and high is not None and low > high:
            raise self.fail(
                file,
                line_of(data, "min"),
                f"'min' is greater than 'max' in {qid!r}",
                hint=f"swap them: min {high}, max {low}",
            )
        return low, high

    def expression(
        self, source: Any, file: Path, line: int, *, names: set[str] | None = None
    ) -> str | None:
        if source is None:
            return None
        if isinstance(source, bool):
            return "true" if source else "false"
        if not isinstance(source, str) or not source.strip():
            raise self.fail(file, line, "an expression must be non-empty text",
                            hint="write a condition such as `has_dpo` or `basis == 'consent'`")  # fmt: skip
        from jinja2 import TemplateSyntaxError

        from sharewiz.model.expressions import expression_names

        try:
            used = expression_names(source)
        except TemplateSyntaxError as exc:
            raise self.fail(
                file,
                line,
                f"bad expression {source!r}: {exc.message}",
                hint="expressions are Jinja, e.g. `has_dpo and basis == 'consent'` (see docs/question-trees.md)",
            ) from exc
        if names is not None:
            unknown = used - names - EXPRESSION_GLOBALS
            if unknown:
                raise self.fail(
                    file,
                    line,
                    f"expression {source!r} uses unknown name(s): {', '.join(sorted(unknown))}",
                    hint=f"only {', '.join(sorted(names))} can be used here",
                )
        else:
            self.pending_refs.append((source, used, str(file), line))
        return source

    def check_template_syntax(self, data: MarkedDict, key: str, file: Path | None = None) -> None:
        """A text that is a template (a title, an item label) must parse."""
        from jinja2 import TemplateSyntaxError

        from sharewiz.model.expressions import expression_environment

        try:
            expression_environment().parse(str(data.get(key, "")))
        except TemplateSyntaxError as exc:
            raise self.fail(
                file or self.path,
                line_of(data, key),
                f"bad template text in {key!r}: {exc.message}",
                hint="write answers as {{ question_id }}; close every {% if %} with {% endif %}",
            ) from exc


def _as_id(text: str) -> str:
    """`text` made into a question id: lower case, `_` for anything else."""
    made = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return made if made[:1].isalpha() else f"q_{made}"
