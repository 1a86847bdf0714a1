"""`load_tree`: read a question tree file and check it, reporting `file:line: message`.

Every mistake in a tree is reported before any question is asked: unknown keys or
types, duplicate ids, `when` conditions naming unknown questions, include cycles,
expressions that do not parse, choices referring to nothing. See
docs/question-trees.md for the format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sharewiz.errors import TreeError
from sharewiz.model.question_parser import ID_PATTERN
from sharewiz.model.renamed_choices import check_renamed_choices
from sharewiz.model.tree import (
    EXPRESSION_GLOBALS,
    DocumentSpec,
    Question,
    QuestionTree,
    Section,
    TreeKnowledge,
    closest,
    questions_dir,
    suggest,
)
from sharewiz.model.tree_checks import check_order, check_together
from sharewiz.model.tree_from_sets import check_from_sets, parse_from_sets
from sharewiz.model.tree_ticks import check_ask_as_ticks
from sharewiz.model.tree_with_email import check_with_email
from sharewiz.model.version_keys import VersionKeys
from sharewiz.model.yamlio import MarkedDict, MarkedList, line_of, load_yaml

_TREE_KEYS = {"id", "version", "title", "description", "documents", "meta", "sections", "renamed", "renamed_choices", "removed", "moved", "added", "grouped", "examples", "from_sets"}  # fmt: skip
_SECTION_KEYS = {"id", "title", "description", "questions", "when", "include"}
_DOCUMENT_KEYS = {"id", "template", "title", "numbered", "when", "description"}
_META_KEYS = {"version", "date", "author", "subject", "parties"}
MAX_INCLUDE_DEPTH = 20  # bounds the loader's recursion, far beyond any real tree


def load_tree(
    path: Path,
    *,
    knowledge: TreeKnowledge,
    search_dirs: tuple[Path, ...] = (),
) -> QuestionTree:
    """Load and validate a question tree; every problem is a TreeError `file:line: ...`.

    Args:
        path: the tree file.
        knowledge: the knowledge base's choices and `kb` (`sharewiz.law.choices`).
        search_dirs: custom questions folders: an include is looked up in them first,
            so an organisation can replace one shared fragment without copying the trees.
    """
    return _TreeLoader(path, knowledge, search_dirs).load()


class _TreeLoader(VersionKeys):
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
                hint="write e.g. `version: 1`; raise it when questions change (docs/question-trees.md)",
            )
        sections = self.sections(
            data.get("sections"), self.path, line_of(data, "sections", data.line)
        )
        if not sections:
            raise self.fail(
                self.path,
                data.line,
                "the tree has no sections",
                hint="add `sections:` listing at least one section with questions",
            )
        renamed, renamed_in = self.renamed(data)
        from_sets, from_sets_lines = parse_from_sets(self, data, self.path)
        tree = QuestionTree(
            id=tree_id,
            version=version,
            title=self.text(data, "title", self.path, "the tree"),
            description=self.text(data, "description", self.path, "the tree", required=False),
            documents=self.documents(data),
            sections=tuple(sections),
            meta=self.meta(data),
            renamed=renamed,
            renamed_in=renamed_in,
            renamed_choices=self.renamed_choices(data),
            removed=tuple(str(x) for x in data.get("removed") or ()),
            moved=self.moved(data),
            added=self.added(data, version),
            grouped=self.grouped(data),
            examples=data.get("examples") or {},
            from_sets=from_sets,
            path=self.path,
            kb=self.knowledge.kb,
        )
        _check_references(tree, self)
        check_from_sets(tree, from_sets_lines)
        return tree

    def documents(self, data: MarkedDict) -> tuple[DocumentSpec, ...]:
        items = data.get("documents")
        if not isinstance(items, MarkedList) or not items:
            raise self.fail(
                self.path,
                line_of(data, "documents", data.line),
                "'documents' must list at least one document",
                hint="add `documents:` with `- id: ...`, `template: kind/file.md.j2` and `title: ...`",
            )
        specs = []
        for item in items:
            doc = self.mapping(item, self.path, items.line, "a document")
            self.check_keys(doc, _DOCUMENT_KEYS, self.path, "a document")
            doc_id = self.text(doc, "id", self.path, "a document")
            if not ID_PATTERN.match(doc_id.replace("-", "_")):
                raise self.fail(
                    self.path,
                    line_of(doc, "id"),
                    f"document id {doc_id!r} must be lower case letters, digits, - or _",
                    hint="it names the document's files (ID.md, ID.docx), so keep it plain, e.g. 'privacy-notice'",
                )
            when = self.expression(doc.get("when"), self.path, line_of(doc, "when"))
            self.check_template_syntax(doc, "title")
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

    # -- sections and includes --------------------------------------------------------

    def sections(self, items: Any, file: Path, line: int) -> list[Section]:
        if not isinstance(items, MarkedList):
            raise self.fail(
                file, line, "'sections' must be a list", hint="start each section with `- id: ...`"
            )
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
                raise self.fail(
                    file,
                    data.line,
                    f"section {section_id!r} has no questions",
                    hint="list its questions under 'questions:', or remove the section",
                )
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

    def check_inside(self, path: Path, target: str, file: Path, line: int) -> None:
        """Refuse an include whose `..` or symlink leads out of every questions folder."""
        roots = (*self.search_dirs, questions_dir(), self.path.parent)
        resolved = path.resolve()
        if not any(resolved.is_relative_to(root.resolve()) for root in roots):
            raise self.fail(
                file,
                line,
                f"included file {target!r} leads outside the questions folders (to {resolved})",
                hint="keep fragments inside the tree's folder or a custom questions folder; "
                "a `..` or a symlink may not lead elsewhere",
            )

    def include(self, data: MarkedDict, file: Path, wanted: str, *, scope: str = "") -> list[Any]:
        extra = set(data) - {"include"}
        if extra:
            raise self.fail(
                file,
                data.line,
                f"an include takes no other keys (found {', '.join(sorted(extra))})",
                hint="write the include as its own list item: `- include: fragments/NAME.yaml`",
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
        self.check_inside(path, target, file, line_of(data, "include"))
        resolved = path.resolve()
        if len(self.include_stack) > MAX_INCLUDE_DEPTH:  # the stack starts with the tree
            raise self.fail(
                file,
                line_of(data, "include"),
                f"includes nested more than {MAX_INCLUDE_DEPTH} deep",
                hint="include the fragments from fewer levels",
            )
        if resolved in self.include_stack:
            chain = " -> ".join(p.name for p in [*self.include_stack, resolved])
            raise self.fail(
                file,
                line_of(data, "include"),
                f"include cycle: {chain}",
                hint=f"remove this include of {target!r}: that file is already being included",
            )
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
                fragment["questions"],
                path,
                line_of(fragment, "questions"),
                self.current_section,
                scope=scope,
            )
        finally:
            self.include_stack.pop()

    # -- questions ------------------------------------------------------------------------

    def questions(
        self, items: Any, file: Path, line: int, section_id: str, *, scope: str = ""
    ) -> list[Question]:
        if not isinstance(items, MarkedList):
            raise self.fail(
                file,
                line,
                "'questions' must be a list",
                hint="start each question with `- id: ...`",
            )
        self.current_section = section_id
        questions: list[Question] = []
        for item in items:
            data = self.mapping(item, file, items.line, "a question")
            if "include" in data:
                # a fragment's questions take the scope of the group they are included in
                questions.extend(self.include(data, file, "questions", scope=scope))
                continue
            questions.append(self.question(data, file, section_id, scope))
        return questions


def _check_references(tree: QuestionTree, loader: _TreeLoader) -> None:
    """Every name in a `when`/`default_from`/meta expression must be a known question."""
    known = set(EXPRESSION_GLOBALS)
    nested = list(tree.questions())
    while nested:  # groups inside groups: an inner question sees its siblings
        question = nested.pop()
        known.add(question.id)
        nested.extend(question.questions)
    inner_ids = {
        f"{question.id}.{inner.id}" for question in tree.questions() for inner in question.questions
    }
    for old, moved in tree.moved.items():
        target, _, other = (part.strip() for part in moved.partition(","))
        if target not in inner_ids or (
            other and f"{target.split('.')[0]}.{other}" not in inner_ids
        ):
            raise TreeError(
                f"{tree.path}: 'moved' sends {old!r} to {moved!r}, which is not a group's question",
                hint="name the group and its inner question, e.g. data_items.obligation",
            )
    for question_id in tree.added:
        if question_id not in known:
            raise TreeError(
                f"{tree.path}:{loader.added_lines.get(question_id, 1)}: "
                f"'added' names unknown question {question_id!r}",
                hint=suggest(question_id, sorted(known - set(EXPRESSION_GLOBALS)), "questions"),
            )
    _check_grouped(tree)
    check_order(tree)
    check_together(tree)
    check_with_email(tree)
    check_ask_as_ticks(tree)
    check_renamed_choices(tree, loader.renamed_choice_lines)
    for source, used, file, line in loader.pending_refs:
        unknown = used - known
        if unknown:
            names = ", ".join(sorted(unknown))
            near = closest(sorted(unknown)[0], known)
            raise TreeError(
                f"{file}:{line}: expression {source!r} names unknown question(s): {names}",
                hint=f"did you mean {near!r}?"
                if near
                else "name questions of this tree by their id (answers from earlier sections)",
            )


def _check_grouped(tree: QuestionTree) -> None:
    """Each `grouped:` target is a group inside a group that asks the ids moved into it."""
    for target, moves in tree.grouped.items():
        outer, inner = target.split(".")
        group = next((q for q in tree.questions() if q.id == outer), None)
        into = next((q for q in group.questions if q.id == inner), None) if group else None
        missing = set(moves) - {q.id for q in into.questions} if into else set()
        if into is None or into.type != "group" or missing:
            raise TreeError(
                f"{tree.path}: 'grouped' names {target!r}, which is not a group inside a "
                f"group with the questions {', '.join(sorted(moves))}",
                hint="name an inner group and the ids of its own questions",
            )


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
