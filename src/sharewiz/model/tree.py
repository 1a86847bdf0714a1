"""Question trees: the typed model and `load_tree`, which validates a YAML tree.

Every mistake in a tree is reported as `file:line: message` before any question is
asked: unknown keys or types, duplicate ids, `when` conditions naming unknown
questions, include cycles, expressions that do not parse, choices referring to
nothing. See docs/question-trees.md for the format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sharewiz.errors import TreeError, UnknownKindError
from sharewiz.model.paths import data_dir
from sharewiz.model.yamlio import MarkedDict, MarkedList, line_of, load_yaml

# Question types: name -> one-line description (shown in errors and the docs).
QUESTION_TYPES: Mapping[str, str] = {
    "text": "one line of text",
    "long_text": "several lines of text",
    "choice": "one of a list of choices",
    "multi": "any number of a list of choices",
    "yes_no": "yes or no",
    "date": "a date, YYYY-MM-DD",
    "number": "a whole or decimal number",
    "email": "an email address",
    "url": "a web address starting https:// or http://",
    "group": "a repeating group: a list of entries, each answering the inner questions",
}

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TREE_KEYS = {"id", "version", "title", "description", "documents", "meta", "sections", "renamed", "removed", "examples"}  # fmt: skip
_SECTION_KEYS = {"id", "title", "description", "questions", "when", "include"}
_DOCUMENT_KEYS = {"id", "template", "title", "numbered", "when", "description"}
_QUESTION_KEYS = {
    "id", "type", "prompt", "help", "citation", "required", "default", "default_from",
    "when", "choices", "choices_from", "choices_filter", "pattern", "pattern_message",
    "min", "max", "questions", "item_label", "item_name", "example", "include",
    "choices_expr",
}  # fmt: skip
_META_KEYS = {"version", "date", "author", "subject"}
# Names every expression may use besides question ids.
EXPRESSION_GLOBALS = frozenset({"kb", "today", "loop", "true", "false", "none"})


@dataclass(frozen=True)
class Choice:
    """One option of a choice or multi question."""

    value: str
    label: str
    help: str = ""
    citation: str = ""


@dataclass(frozen=True)
class Question:
    """One question; a `group` question holds inner questions asked per entry."""

    id: str
    type: str
    prompt: str
    help: str
    citation: str = ""
    required: bool = True
    default: Any = None
    default_from: str | None = None
    when: str | None = None
    choices: tuple[Choice, ...] = ()
    choices_from: str | None = None
    choices_filter: str | None = None
    choices_expr: str | None = None
    pattern: str | None = None
    pattern_message: str | None = None
    min: float | None = None
    max: float | None = None
    questions: tuple[Question, ...] = ()
    item_label: str | None = None
    item_name: str = "entry"
    example: Any = None
    section: str = ""
    file: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        """`file:line` of the question's definition."""
        return f"{self.file}:{self.line}"

    def choice_values(self) -> list[str]:
        """The values a choice or multi question accepts."""
        return [c.value for c in self.choices]

    def label_for(self, value: str) -> str:
        """The label of a choice value (the value itself if unknown)."""
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value


@dataclass(frozen=True)
class Section:
    """A titled run of questions, shown as "Section 2 of 5: title"."""

    id: str
    title: str
    description: str
    questions: tuple[Question, ...]
    when: str | None = None


@dataclass(frozen=True)
class DocumentSpec:
    """A document the tree produces from one template."""

    id: str
    template: str
    title: str
    numbered: bool = False
    when: str | None = None
    description: str = ""


@dataclass(frozen=True)
class QuestionTree:
    """A validated question tree for one document kind."""

    id: str
    version: int
    title: str
    description: str
    documents: tuple[DocumentSpec, ...]
    sections: tuple[Section, ...]
    meta: Mapping[str, str] = field(default_factory=dict)
    renamed: Mapping[str, str] = field(default_factory=dict)
    removed: tuple[str, ...] = ()
    examples: Mapping[str, Any] = field(default_factory=dict)
    path: Path = Path()

    @property
    def summary(self) -> str:
        """The first sentence of the description (or the title): one line for lists."""
        text = " ".join(self.description.split())
        first = re.split(r"(?<=[.:;])\s", text, maxsplit=1)[0].rstrip(".:;") if text else ""
        return first or self.title

    def questions(self) -> Iterator[Question]:
        """Every top-level question, in asking order."""
        for section in self.sections:
            yield from section.questions

    @cached_property
    def _index(self) -> tuple[dict[str, Question], dict[str, Section]]:
        """Question and section by question id, built once (a batch looks them up per set)."""
        questions = {q.id: q for q in self.questions()}
        sections = {q.id: s for s in self.sections for q in s.questions}
        return questions, sections

    def question(self, question_id: str) -> Question:
        """The top-level question with this id (KeyError if none)."""
        return self._index[0][question_id]

    def section_of(self, question_id: str) -> Section:
        """The section holding a top-level question."""
        return self._index[1][question_id]


ChoiceSource = Callable[[str, str | None, str], tuple[Choice, ...]]
"""(collection id, filter expression, where) -> choices; raises TreeError if unknown."""


def questions_dir() -> Path:
    """The built-in question trees."""
    return data_dir("questions")


def tree_path(kind: str, search_dirs: tuple[Path, ...] = ()) -> Path:
    """The file of a kind's tree, searching custom folders before the built-in one."""
    for folder in (*search_dirs, questions_dir()):
        candidate = folder / f"{kind}.yaml"
        if candidate.is_file():
            return candidate
    known = ", ".join(k for k, _ in list_kinds(search_dirs)) or "none"
    raise UnknownKindError(
        f"no question tree for kind {kind!r}", hint=f"use one of: {known} (see `sharewiz list`)"
    )


def list_kinds(search_dirs: tuple[Path, ...] = ()) -> list[tuple[str, Path]]:
    """(kind, path) for every tree, custom folders first; fragments are not kinds."""
    seen: dict[str, Path] = {}
    for folder in (*search_dirs, questions_dir()):
        for path in sorted(folder.glob("*.yaml")):
            seen.setdefault(path.stem, path)
    return sorted(seen.items())


def load_tree(
    path: Path,
    *,
    choice_source: ChoiceSource | None = None,
    search_dirs: tuple[Path, ...] = (),
) -> QuestionTree:
    """Load and validate a question tree; every problem is a TreeError `file:line: ...`.

    `search_dirs` are custom questions folders: an include is looked up in them first,
    so an organisation can replace one shared fragment without copying the trees.
    """
    return _TreeLoader(path, choice_source, search_dirs).load()


class _TreeLoader:
    def __init__(
        self, path: Path, choice_source: ChoiceSource | None, search_dirs: tuple[Path, ...] = ()
    ) -> None:
        self.path = path
        self.search_dirs = search_dirs
        self.choice_source = choice_source or _knowledge_choices
        self.include_stack: list[Path] = []
        self.seen_ids: dict[str, str] = {}
        self.pending_refs: list[tuple[str, set[str], str, int]] = []

    # -- helpers --------------------------------------------------------------------

    def fail(self, file: Path | str, line: int, message: str, hint: str | None = None) -> TreeError:
        return TreeError(f"{file}:{line}: {message}", hint=hint)

    def mapping(self, value: Any, file: Path, line: int, what: str) -> MarkedDict:
        if not isinstance(value, MarkedDict):
            raise self.fail(file, line_of(value, default=line), f"{what} must be a mapping")
        return value

    def check_keys(self, data: MarkedDict, allowed: set[str], file: Path, what: str) -> None:
        for key in data:
            if key not in allowed:
                near = _closest(key, allowed)
                hint = (
                    f"did you mean {near!r}?" if near else f"allowed: {', '.join(sorted(allowed))}"
                )
                raise self.fail(file, line_of(data, key), f"unknown key {key!r} in {what}", hint)

    def text(
        self, data: MarkedDict, key: str, file: Path, what: str, *, required: bool = True
    ) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise self.fail(file, data.line, f"{what} needs {key!r}")
            return ""
        if not isinstance(value, str):
            raise self.fail(file, line_of(data, key), f"{key!r} of {what} must be text")
        return value

    # -- tree -----------------------------------------------------------------------

    def load(self) -> QuestionTree:
        data = self.mapping(load_yaml(self.path), self.path, 1, "a question tree")
        self.include_stack.append(self.path.resolve())
        self.check_keys(data, _TREE_KEYS, self.path, "the tree")
        tree_id = self.text(data, "id", self.path, "the tree")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.fail(
                self.path,
                line_of(data, "version", data.line),
                "'version' must be a whole number of 1 or more",
            )
        sections = self.sections(
            data.get("sections"), self.path, line_of(data, "sections", data.line)
        )
        if not sections:
            raise self.fail(self.path, data.line, "the tree has no sections")
        tree = QuestionTree(
            id=tree_id,
            version=version,
            title=self.text(data, "title", self.path, "the tree"),
            description=self.text(data, "description", self.path, "the tree", required=False),
            documents=self.documents(data),
            sections=tuple(sections),
            meta=self.meta(data),
            renamed=self.renamed(data),
            removed=tuple(str(x) for x in data.get("removed") or ()),
            examples=data.get("examples") or {},
            path=self.path,
        )
        _check_references(tree, self)
        return tree

    def documents(self, data: MarkedDict) -> tuple[DocumentSpec, ...]:
        items = data.get("documents")
        if not isinstance(items, MarkedList) or not items:
            raise self.fail(
                self.path,
                line_of(data, "documents", data.line),
                "'documents' must list at least one document",
            )
        specs = []
        for item in items:
            doc = self.mapping(item, self.path, items.line, "a document")
            self.check_keys(doc, _DOCUMENT_KEYS, self.path, "a document")
            doc_id = self.text(doc, "id", self.path, "a document")
            if not _ID.match(doc_id.replace("-", "_")):
                raise self.fail(
                    self.path,
                    line_of(doc, "id"),
                    f"document id {doc_id!r} must be lower case letters, digits, - or _",
                )
            when = self.expression(doc.get("when"), self.path, line_of(doc, "when"))
            _check_template_syntax(self, doc, "title")
            specs.append(
                DocumentSpec(
                    id=doc_id,
                    template=self.text(doc, "template", self.path, "a document"),
                    title=self.text(doc, "title", self.path, "a document"),
                    numbered=bool(doc.get("numbered", False)),
                    when=when,
                    description=self.text(
                        doc, "description", self.path, "a document", required=False
                    ),
                )
            )
        return tuple(specs)

    def meta(self, data: MarkedDict) -> dict[str, str]:
        meta = data.get("meta") or MarkedDict()
        meta = self.mapping(meta, self.path, data.line, "'meta'")
        self.check_keys(meta, _META_KEYS, self.path, "'meta'")
        result = {}
        for key, value in meta.items():
            result[key] = self.expression(value, self.path, line_of(meta, key)) or ""
        return result

    def renamed(self, data: MarkedDict) -> dict[str, str]:
        renamed = data.get("renamed") or MarkedDict()
        renamed = self.mapping(renamed, self.path, data.line, "'renamed' (old id: new id)")
        return {str(k): str(v) for k, v in renamed.items()}

    # -- sections and includes --------------------------------------------------------

    def sections(self, items: Any, file: Path, line: int) -> list[Section]:
        if not isinstance(items, MarkedList):
            raise self.fail(file, line, "'sections' must be a list")
        sections: list[Section] = []
        for item in items:
            data = self.mapping(item, file, items.line, "a section")
            if "include" in data:
                sections.extend(self.include(data, file, "sections"))
                continue
            self.check_keys(data, _SECTION_KEYS, file, "a section")
            section_id = self.text(data, "id", file, "a section")
            questions = self.questions(
                data.get("questions"), file, line_of(data, "questions", data.line), section_id
            )
            if not questions:
                raise self.fail(file, data.line, f"section {section_id!r} has no questions")
            sections.append(
                Section(
                    id=section_id,
                    title=self.text(data, "title", file, "a section"),
                    description=self.text(data, "description", file, "a section", required=False),
                    questions=tuple(questions),
                    when=self.expression(data.get("when"), file, line_of(data, "when")),
                )
            )
        return sections

    def include(self, data: MarkedDict, file: Path, wanted: str) -> list[Any]:
        extra = set(data) - {"include"}
        if extra:
            raise self.fail(
                file,
                data.line,
                f"an include takes no other keys (found {', '.join(sorted(extra))})",
            )
        target = self.text(data, "include", file, "an include")
        path = _resolve_include(target, file, self.search_dirs)
        if path is None:
            raise self.fail(
                file,
                line_of(data, "include"),
                f"included file {target!r} not found",
                hint="paths are relative to a custom questions folder, the including file or the built-in questions folder",
            )
        resolved = path.resolve()
        if resolved in self.include_stack:
            chain = " -> ".join(p.name for p in [*self.include_stack, resolved])
            raise self.fail(file, line_of(data, "include"), f"include cycle: {chain}")
        self.include_stack.append(resolved)
        try:
            fragment = self.mapping(load_yaml(path), path, 1, "a fragment")
            self.check_keys(
                fragment, {"fragment", "description", "sections", "questions"}, path, "a fragment"
            )
            if wanted not in fragment:
                raise self.fail(
                    path,
                    fragment.line,
                    f"this fragment has no {wanted!r}, so it cannot be included where {wanted} are listed",
                    hint=f"included from {file}:{data.line}",
                )
            if wanted == "sections":
                return self.sections(fragment["sections"], path, line_of(fragment, "sections"))
            return self.questions(
                fragment["questions"], path, line_of(fragment, "questions"), self.current_section
            )
        finally:
            self.include_stack.pop()

    # -- questions ------------------------------------------------------------------------

    current_section = ""

    def questions(
        self, items: Any, file: Path, line: int, section_id: str, *, scope: str = ""
    ) -> list[Question]:
        if not isinstance(items, MarkedList):
            raise self.fail(file, line, "'questions' must be a list")
        self.current_section = section_id
        questions: list[Question] = []
        for item in items:
            data = self.mapping(item, file, items.line, "a question")
            if "include" in data:
                questions.extend(self.include(data, file, "questions"))
                continue
            questions.append(self.question(data, file, section_id, scope))
        return questions

    def question(self, data: MarkedDict, file: Path, section_id: str, scope: str) -> Question:
        self.check_keys(data, _QUESTION_KEYS, file, "a question")
        qid = self.text(data, "id", file, "a question")
        if not _ID.match(qid):
            raise self.fail(
                file,
                line_of(data, "id"),
                f"question id {qid!r} must be lower case letters, digits and _, starting with a letter",
            )
        key = f"{scope}.{qid}" if scope else qid
        if key in self.seen_ids:
            raise self.fail(
                file,
                line_of(data, "id"),
                f"duplicate question id {qid!r} (first defined at {self.seen_ids[key]})",
            )
        self.seen_ids[key] = f"{file}:{line_of(data, 'id')}"
        what = f"question {qid!r}"
        qtype = self.text(data, "type", file, what)
        if qtype not in QUESTION_TYPES:
            near = _closest(qtype, set(QUESTION_TYPES))
            raise self.fail(
                file,
                line_of(data, "type"),
                f"unknown question type {qtype!r} (in {qid!r})",
                hint=f"did you mean {near!r}?"
                if near
                else f"use one of: {', '.join(QUESTION_TYPES)}",
            )
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
                raise self.fail(file, data.line, f"group {qid!r} has no questions")
        elif "questions" in data:
            raise self.fail(
                file,
                line_of(data, "questions"),
                f"only a group question has inner 'questions' ({qid!r} is {qtype})",
            )
        low, high = self.bounds(data, file, qid, qtype)
        pattern = self.text(data, "pattern", file, what, required=False) or None
        if pattern:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise self.fail(
                    file, line_of(data, "pattern"), f"bad pattern in {qid!r}: {exc}"
                ) from exc
        if data.get("item_label") is not None:
            _check_template_syntax(self, data, "item_label", file)
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
            pattern=pattern,
            pattern_message=self.text(data, "pattern_message", file, what, required=False) or None,
            min=low,
            max=high,
            questions=inner,
            item_label=self.text(data, "item_label", file, what, required=False) or None,
            item_name=self.text(data, "item_name", file, what, required=False) or "entry",
            example=data.get("example"),
            section=section_id,
            file=str(file),
            line=line_of(data, "id", data.line),
        )

    def choices(self, data: MarkedDict, file: Path, qid: str, qtype: str) -> tuple[Choice, ...]:
        has_list, source = "choices" in data, data.get("choices_from")
        computed = data.get("choices_expr")
        if qtype not in ("choice", "multi"):
            if has_list or source or computed:
                raise self.fail(
                    file,
                    data.line,
                    f"{qid!r} is {qtype}; only choice and multi questions take choices",
                )
            return ()
        if [has_list, bool(source), computed is not None].count(True) != 1:
            raise self.fail(
                file,
                data.line,
                f"{qid!r} needs one of 'choices', 'choices_from' or 'choices_expr' (exactly one)",
            )
        if computed is not None:
            # Choices from earlier answers (e.g. the parties named so far): offered at ask time.
            self.expression(computed, file, line_of(data, "choices_expr"))
            return ()
        if source:
            flt = data.get("choices_filter")
            if flt is not None:
                self.expression(flt, file, line_of(data, "choices_filter"), names={"entry", "kb"})
            try:
                found = self.choice_source(
                    str(source), flt, f"{file}:{line_of(data, 'choices_from')}"
                )
            except TreeError:
                raise
            if not found:
                raise self.fail(
                    file,
                    line_of(data, "choices_from"),
                    f"choices_from {source!r} gives no choices for {qid!r}",
                )
            return found
        items = data["choices"]
        if not isinstance(items, MarkedList) or not items:
            raise self.fail(
                file, line_of(data, "choices"), f"'choices' of {qid!r} must be a non-empty list"
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
                )
            if not value or value in seen:
                raise self.fail(
                    file,
                    line_of(item, default=items.line),
                    f"empty or duplicate choice value {value!r} in {qid!r}",
                )
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
                raise self.fail(file, line_of(data, key), f"{key!r} of {qid!r} must be a number")
            if value is not None and qtype not in ("number", "group", "multi", "text", "long_text"):
                raise self.fail(
                    file,
                    line_of(data, key),
                    f"{key!r} does not apply to a {qtype} question ({qid!r})",
                )
            values.append(value)
        low, high = values
        if low is not None and high is not None and low > high:
            raise self.fail(file, line_of(data, "min"), f"'min' is greater than 'max' in {qid!r}")
        return low, high

    def expression(
        self, source: Any, file: Path, line: int, *, names: set[str] | None = None
    ) -> str | None:
        if source is None:
            return None
        if isinstance(source, bool):
            return "true" if source else "false"
        if not isinstance(source, str) or not source.strip():
            raise self.fail(file, line, "an expression must be non-empty text")
        from jinja2 import TemplateSyntaxError

        from sharewiz.model.expressions import expression_names

        try:
            used = expression_names(source)
        except TemplateSyntaxError as exc:
            raise self.fail(file, line, f"bad expression {source!r}: {exc.message}") from exc
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


def _check_references(tree: QuestionTree, loader: _TreeLoader) -> None:
    """Every name in a `when`/`default_from`/meta expression must be a known question."""
    known = set(EXPRESSION_GLOBALS)
    for question in tree.questions():
        known.add(question.id)
        known.update(inner.id for inner in question.questions)
    for source, used, file, line in loader.pending_refs:
        unknown = used - known
        if unknown:
            names = ", ".join(sorted(unknown))
            near = _closest(sorted(unknown)[0], known)
            raise TreeError(
                f"{file}:{line}: expression {source!r} names unknown question(s): {names}",
                hint=f"did you mean {near!r}?" if near else "check the question ids in this tree",
            )


def _check_template_syntax(
    loader: _TreeLoader, data: MarkedDict, key: str, file: Path | None = None
) -> None:
    from jinja2 import TemplateSyntaxError

    from sharewiz.model.expressions import expression_environment

    try:
        expression_environment().parse(str(data.get(key, "")))
    except TemplateSyntaxError as exc:
        raise loader.fail(
            file or loader.path, line_of(data, key), f"bad template text in {key!r}: {exc.message}"
        ) from exc


def _resolve_include(
    target: str, including_file: Path, search_dirs: tuple[Path, ...] = ()
) -> Path | None:
    # Custom folders first (an organisation's own fragment wins), then beside the
    # including file, then the built-in questions folder.
    for base in (*search_dirs, including_file.parent, questions_dir()):
        candidate = base / target
        if candidate.is_file():
            return candidate
    return None


def _closest(word: str, options: set[str] | frozenset[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.7)
    return matches[0] if matches else None


def _knowledge_choices(
    collection: str, choice_filter: str | None, where: str
) -> tuple[Choice, ...]:
    """Choices from a knowledge collection, optionally filtered by an expression on `entry`."""
    from sharewiz.errors import KnowledgeError
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.model.expressions import compile_expression

    kb = load_knowledge()
    try:
        entries = kb.collection(collection).entries
    except KnowledgeError as exc:
        raise TreeError(
            f"{where}: choices_from {collection!r}: {exc.message}", hint=exc.hint
        ) from exc
    keep = compile_expression(choice_filter) if choice_filter else None
    return tuple(
        Choice(e.id, e.title, e.summary, e.citation)
        for e in entries
        if keep is None or keep(entry=e, kb=kb)
    )
