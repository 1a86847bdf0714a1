"""`sharewiz validate`: every problem in trees and templates found without asking a question.

For authors of trees and templates. Each problem names `file:line`:

- a tree that does not load (the loader's first error in each file);
- a document whose template is missing or does not parse;
- a variable a template uses that no question, derived fact or `{% set %}` provides;
- a knowledge collection or entry a template or expression names that does not exist;
- a question no template or expression uses (warning);
- a question that is never asked: its `when` is constantly false, or names only
  questions that are never asked themselves (warning);
- a compliance rule that can never fire, when knowledge/rules*.yaml exists (warning);
- Markdown the DOCX writer will not understand, found by rendering the kind's
  preview: raw HTML other than `<!-- page-break -->`, images, and (warning) headings
  that skip a level.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.errors import SharewizError, TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.paths import data_dir
from sharewiz.model.settings import SearchPath, search_path
from sharewiz.model.tree import EXPRESSION_GLOBALS, QuestionTree, list_kinds
from sharewiz.model.tree_loader import load_tree

if TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment

    from sharewiz.law.knowledge import KnowledgeBase

# Names every template may use besides question ids (see render.build_context).
TEMPLATE_NAMES = frozenset(
    # history, protocol and data_flow_mermaid: a set's versions, Tier 1 link and flows (issue 9)
    {"kb", "tree", "answers", "choice_label", "history", "protocol", "data_flow_mermaid"}
)
_WHERE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<message>.*)$", re.DOTALL)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where, how bad, and what."""

    file: str
    line: int
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        """`file:line: severity: message`, as compilers print it."""
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Report:
    """Everything validate found, and what it looked at."""

    problems: list[Problem] = field(default_factory=list)
    trees: int = 0
    templates: int = 0

    @property
    def errors(self) -> list[Problem]:
        """Problems that make the command fail."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems worth a look that do not fail the command."""
        return [p for p in self.problems if p.severity == "warning"]

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "problems": [asdict(p) for p in sorted(self.problems)],
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "trees": self.trees,
            "templates": self.templates,
        }


def validate(paths: Sequence[Path] = ()) -> Report:
    """Validate custom folders (or, with no paths, the built-in data and profile folders).

    A path may be a custom folder (with questions/ and/or templates/), a plain
    templates folder, or one tree file. The kinds are checked as that folder makes
    them: its own trees, and the built-in kinds with its templates in effect.
    """
    if not paths:
        from sharewiz.cli.profile import load_profile

        search = search_path(load_profile().template_dirs)
        tree_files = [p for _k, p in list_kinds(search.tree_dirs)]
    elif len(paths) == 1 and paths[0].is_file():
        single = paths[0]
        root = single.parent.parent
        search = search_path([root]) if (root / "templates").is_dir() else SearchPath()
        search = SearchPath((single.parent, *search.tree_dirs), search.template_dirs)
        tree_files = [single]
    else:
        search = search_path(paths)
        tree_files = [p for _k, p in list_kinds(search.tree_dirs)]
    return _Validator(search).run(tree_files)


class _Validator:
    def __init__(self, search: SearchPath) -> None:
        from sharewiz.law.knowledge import load_knowledge
        from sharewiz.render.engine import template_environment

        self.search = search
        self.env: SandboxedEnvironment = template_environment(search.template_dirs)
        self.kb: KnowledgeBase = load_knowledge()
        self.report = Report()
        self.checked_templates: set[str] = set()
        self.all_question_ids: set[str] = set()

    def add(self, file: str | Path, line: int, message: str, severity: str = "error") -> None:
        self.report.problems.append(Problem(_display(file), line, severity, message))

    def add_error(self, exc: SharewizError, fallback: str | Path) -> None:
        match = _WHERE.match(exc.message)
        if match:
            self.add(match["file"], int(match["line"]), match["message"])
        else:
            self.add(fallback, 0, exc.message)

    def run(self, tree_files: Iterable[Path]) -> Report:
        for path in tree_files:
            self.report.trees += 1
            try:
                tree = load_tree(
                    path, knowledge=tree_knowledge(), search_dirs=self.search.tree_dirs
                )
            except TreeError as exc:
                self.add_error(exc, path)
                continue
            except SharewizError as exc:
                self.add_error(exc, path)
                continue
            self.all_question_ids.update(q.id for q in tree.questions())
            self.check_tree(tree)
        self.check_all_templates()
        self.check_rules()
        self.report.templates = len(self.checked_templates)
        self.report.problems = sorted(set(self.report.problems))
        return self.report

    # -- one tree -------------------------------------------------------------------------

    def check_tree(self, tree: QuestionTree) -> None:
        from sharewiz.model.yamlio import MarkedDict, line_of, load_yaml

        raw = load_yaml(tree.path)
        doc_lines = [
            line_of(item, "template", item.line)
            for item in (raw.get("documents") or [])
            if isinstance(item, MarkedDict)
        ]
        used: set[str] = set()
        uses_answers = False
        known = {q.id for q in tree.questions()} | TEMPLATE_NAMES | set(self.env.globals)
        unknown: dict[str, set[str]] = {}
        for index, spec in enumerate(tree.documents):
            line = doc_lines[index] if index < len(doc_lines) else 1
            chain = self.template_chain(spec.template, tree.path, line)
            if chain is None:
                uses_answers = True  # what it uses is unknown: no "unused question" warnings
                continue
            names, unknown[spec.template] = self.check_chain(chain, known)
            used |= names
            uses_answers = uses_answers or "answers" in names
            used |= _expression_names(self.env, spec.title, template=True)
        for source, file, line in _tree_expressions(tree):
            names = _expression_names(self.env, source)
            used |= names
            self.check_kb_refs(self.env.parse("{{ (" + source + ") }}"), file, line)
        if not uses_answers:
            for question in tree.questions():
                if question.id not in used:
                    self.add(
                        question.file,
                        question.line,
                        f"question {question.id!r} is not used by any template or expression of {tree.id!r}",
                        "warning",
                    )
        self.check_reachable(tree)
        self.check_preview(tree, unknown)

    def template_chain(self, name: str, tree_file: Path, line: int) -> list[str] | None:
        """The template and every template it extends, includes or imports."""
        from jinja2 import TemplateNotFound, TemplateSyntaxError, meta

        chain: list[str] = []
        pending = [name]
        while pending:
            current = pending.pop(0)
            if current in chain:
                continue
            try:
                ast = self.parse(current)
            except TemplateNotFound:
                where = (tree_file, line) if current == name else (self.filename(chain[-1]), 1)
                self.add(
                    where[0],
                    where[1],
                    f"template {current!r} not found in {', '.join(self.template_roots())}",
                )
                return None
            except TemplateSyntaxError as exc:
                self.add(exc.filename or current, exc.lineno or 0, exc.message or str(exc))
                return None
            chain.append(current)
            pending.extend(t for t in meta.find_referenced_templates(ast) if t is not None)
        return chain

    def template_roots(self) -> list[str]:
        from sharewiz.render.engine import templates_dir

        return [_display(p) for p in (*self.search.template_dirs, templates_dir())]

    def parse(self, name: str) -> nodes.Template:
        assert self.env.loader is not None
        source, filename, _uptodate = self.env.loader.get_source(self.env, name)
        self.checked_templates.add(filename or name)
        return self.env.parse(source, name, filename)

    def filename(self, name: str) -> str:
        assert self.env.loader is not None
        return self.env.loader.get_source(self.env, name)[1] or name

    def check_chain(self, chain: list[str], known: set[str]) -> tuple[set[str], set[str]]:
        """Report unknown variables in a chain of templates; return (names used, unknown)."""
        from jinja2 import meta
        from jinja2 import nodes as n

        parsed = [(name, self.parse(name)) for name in chain]
        assigned: set[str] = set()
        for _name, ast in parsed:
            for node in ast.find_all((n.Assign, n.AssignBlock, n.For, n.Macro, n.Import)):
                assigned |= _stored_names(node)
        used: set[str] = set()
        missing: set[str] = set()
        for name, ast in parsed:
            undeclared = set(meta.find_undeclared_variables(ast))
            used |= undeclared
            missing |= undeclared - known - assigned
            for unknown in sorted(undeclared - known - assigned):
                self.add(
                    self.filename(name),
                    _first_use(ast, unknown),
                    f"{unknown!r} is not a question of this tree, nor set in the template",
                )
            self.check_kb_refs(ast, self.filename(name), None)
        return used, missing

    def check_kb_refs(self, ast: nodes.Node, file: str | Path, line: int | None) -> None:
        """Knowledge collections and entries named literally must exist."""
        from jinja2 import nodes as n

        for node in ast.find_all((n.Getattr, n.Getitem)):
            parts = _kb_path(node)
            if parts is None or len(parts) < 1:
                continue
            where = line if line is not None else node.lineno
            collection = parts[0]
            if collection not in self.kb:
                self.add(file, where, f"knowledge collection {collection!r} does not exist")
                continue
            if len(parts) >= 2 and not hasattr(self.kb[collection], parts[1]):
                if parts[1] not in self.kb[collection]:
                    self.add(
                        file,
                        where,
                        f"knowledge entry {parts[1]!r} is not in collection {collection!r}",
                    )
        for node in ast.find_all(n.Filter):
            if node.name == "label_of" and node.args and isinstance(node.args[0], n.Const):
                collection = str(node.args[0].value)
                if collection not in self.kb:
                    self.add(
                        file,
                        line if line is not None else node.lineno,
                        f"label_of: knowledge collection {collection!r} does not exist",
                    )

    # -- questions never asked ----------------------------------------------------------------

    def check_reachable(self, tree: QuestionTree) -> None:
        never: set[str] = set()
        conditions: dict[str, list[str]] = {}
        for section in tree.sections:
            for question in section.questions:
                conditions[question.id] = [c for c in (section.when, question.when) if c]
        changed = True
        reasons: dict[str, str] = {}
        while changed:
            changed = False
            for qid, sources in conditions.items():
                if qid in never:
                    continue
                for source in sources:
                    if _constant_false(self.env, source):
                        reasons[qid] = f"its condition {source!r} is always false"
                    else:
                        names = _expression_names(self.env, source) - EXPRESSION_GLOBALS
                        if names and names <= never:
                            reasons[qid] = (
                                f"its condition {source!r} names only questions never asked "
                                f"({', '.join(sorted(names))})"
                            )
                    if qid in reasons:
                        never.add(qid)
                        changed = True
                        break
        for question in tree.questions():
            if question.id in never:
                self.add(
                    question.file,
                    question.line,
                    f"question {question.id!r} is never asked: {reasons[question.id]}",
                    "warning",
                )

    # -- Markdown the writers will not understand -----------------------------------------------

    def check_preview(self, tree: QuestionTree, unknown: dict[str, set[str]]) -> None:
        """Render each document from example answers and check the Markdown it gives.

        Names already reported as unknown are given empty values, so one mistake is
        reported once and the rest of the document is still checked.
        """
        from jinja2 import TemplateError as JinjaError

        from sharewiz.model.answers import evaluate, expression_context
        from sharewiz.render.engine import build_context
        from sharewiz.render.preview import example_answers

        try:
            context = build_context(tree, example_answers(tree), self.kb)
            conditions = expression_context(tree, context)
        except SharewizError as exc:
            self.add_error(exc, tree.path)
            return
        for spec in tree.documents:
            if spec.template not in unknown:
                continue  # its template is missing or does not parse: already reported
            try:
                if spec.when and not evaluate(spec.when, conditions, str(tree.path)):
                    continue
                template = self.env.get_template(spec.template)
                extra = {name: "" for name in unknown[spec.template]}
                markdown = template.render({**extra, **context})
            except SharewizError as exc:
                if not self.has_errors_in(spec.template):  # else: a consequence of those
                    self.add(self.filename(spec.template), 0, f"rendering the preview failed: {exc.message}")  # fmt: skip
                continue
            except JinjaError as exc:
                from sharewiz.render.engine import _template_frame

                where = _template_frame(exc) or f"{self.filename(spec.template)}:0"
                frame_file, _, frame_line = where.rpartition(":")
                self.add(frame_file, int(frame_line), f"rendering the preview failed: {exc}")
                continue
            for rendered_line, message, snippet, severity in _markdown_problems(markdown):
                file, line = self.locate(spec.template, snippet)
                where = "" if line else f" (line {rendered_line} of the preview)"
                self.add(file, line, f"{message}{where}", severity)

    def has_errors_in(self, name: str) -> bool:
        """Whether an error was already reported in a template or what it extends."""
        files = {_display(self.filename(t)) for t in self.template_chain(name, Path(name), 0) or []}
        return any(p.file in files and p.severity == "error" for p in self.report.problems)

    def locate(self, name: str, snippet: str) -> tuple[str, int]:
        """The template file and line that holds a snippet of output, if one does."""
        chain = self.template_chain(name, Path(name), 0) or [name]
        for template in chain:
            assert self.env.loader is not None
            source, filename, _ = self.env.loader.get_source(self.env, template)
            for number, text in enumerate(source.splitlines(), 1):
                if snippet and snippet in text:
                    return filename or template, number
        return self.filename(name), 0

    # -- every template file, used or not -------------------------------------------------------

    def check_all_templates(self) -> None:
        from jinja2 import TemplateSyntaxError

        from sharewiz.render.engine import templates_dir

        for root in (*self.search.template_dirs, templates_dir()):
            for path in sorted(root.rglob("*.j2")):
                name = path.relative_to(root).as_posix()
                try:
                    self.env.parse(path.read_text(encoding="utf-8"), name, str(path))
                except TemplateSyntaxError as exc:
                    self.add(path, exc.lineno or 0, exc.message or str(exc))
                self.checked_templates.add(str(path))

    # -- compliance rules (knowledge/rules*.yaml, when present) ---------------------------------

    def check_rules(self) -> None:
        from sharewiz.model.yamlio import MarkedDict, line_of, load_yaml

        for path in sorted(data_dir("knowledge").glob("rules*.yaml")):
            try:
                data = load_yaml(path)
            except SharewizError as exc:
                self.add_error(exc, path)
                continue
            rules = data.get("rules") if isinstance(data, MarkedDict) else data
            for rule in rules if isinstance(rules, list) else []:
                if not isinstance(rule, MarkedDict):
                    continue
                key = next((k for k in ("when", "condition", "if") if k in rule), None)
                source = rule.get(key) if key else None
                if isinstance(source, bool):
                    source = "true" if source else "false"
                if not isinstance(source, str):
                    continue
                line = line_of(rule, key, rule.line)
                rule_id = rule.get("id", "?")
                try:
                    names = _expression_names(self.env, source)
                except Exception:  # noqa: BLE001 - the rules loader reports bad expressions
                    continue
                unknown = names - EXPRESSION_GLOBALS - self.all_question_ids - TEMPLATE_NAMES
                if _constant_false(self.env, source):
                    self.add(path, line, f"rule {rule_id!r} can never fire: its condition is always false", "warning")  # fmt: skip
                elif unknown:
                    self.add(
                        path,
                        line,
                        f"rule {rule_id!r} can never fire: no tree asks {', '.join(sorted(unknown))}",
                        "warning",
                    )


# -- helpers ---------------------------------------------------------------------------------------


def _display(path: str | Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _tree_expressions(tree: QuestionTree) -> Iterator[tuple[str, str, int]]:
    """(expression, file, line) for every expression in a tree."""
    for source in tree.meta.values():
        yield source, str(tree.path), 1
    for spec in tree.documents:
        if spec.when:
            yield spec.when, str(tree.path), 1
    for section in tree.sections:
        for question in section.questions:
            if section.when:
                yield section.when, question.file, question.line
            for inner in (question, *question.questions):
                for expression in (inner.when, inner.default_from):
                    if expression:
                        yield expression, inner.file, inner.line


def _expression_names(
    env: SandboxedEnvironment, source: str, *, template: bool = False
) -> set[str]:
    from jinja2 import meta

    text = source if template else "{{ (" + source + ") }}"
    return set(meta.find_undeclared_variables(env.parse(text))) - set(env.globals)


def _constant_false(env: SandboxedEnvironment, source: str) -> bool:
    from jinja2 import nodes as n

    ast = env.parse("{{ (" + source + ") }}")
    output = ast.body[0]
    if not isinstance(output, n.Output) or len(output.nodes) != 1:
        return False
    try:
        return not output.nodes[0].as_const(n.EvalContext(env))
    except Exception:  # noqa: BLE001 - jinja2.nodes.Impossible and friends: not constant
        return False


def _stored_names(node: nodes.Node) -> set[str]:
    from jinja2 import nodes as n

    if isinstance(node, n.Macro):
        return {node.name}
    if isinstance(node, n.Import):
        return {node.target}
    target = node.target  # type: ignore[attr-defined]
    return {name.name for name in target.find_all(n.Name)} | (
        {target.name} if isinstance(target, n.Name) else set()
    )


def _first_use(ast: nodes.Template, name: str) -> int:
    from jinja2 import nodes as n

    lines = [node.lineno for node in ast.find_all(n.Name) if node.name == name]
    return min(lines) if lines else 1


def _kb_path(node: nodes.Node) -> list[str] | None:
    """`kb.a.b` or `kb['a']['b']` (outermost node given) -> ['a', 'b']; None otherwise."""
    from jinja2 import nodes as n

    parts: list[str] = []
    current: Any = node
    while isinstance(current, (n.Getattr, n.Getitem)):
        if isinstance(current, n.Getattr):
            parts.insert(0, current.attr)
        elif isinstance(current.arg, n.Const) and isinstance(current.arg.value, str):
            parts.insert(0, current.arg.value)
        else:
            parts = []  # a dynamic key: only what lies before it can be checked
        current = current.node
    if isinstance(current, n.Name) and current.name == "kb" and parts:
        # Only the outermost node of a chain is checked, so report each chain once.
        return parts[:2]
    return None


def _markdown_problems(markdown: str) -> Iterator[tuple[int, str, str, str]]:
    """(rendered line, message, snippet to find in the template, severity)."""
    from markdown_it import MarkdownIt

    from sharewiz.render.blocks import PAGE_BREAK_MARKER, heading_skips, parse_markdown

    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    for token in tokens:
        line = (token.map[0] + 1) if token.map else 0
        children = token.children or []
        if token.type == "html_block" and token.content.strip() != PAGE_BREAK_MARKER:
            snippet = token.content.strip().splitlines()[0]
            yield line, f"raw HTML {snippet!r} is shown as text in Word and HTML output", snippet, "error"  # fmt: skip
        for child in children:
            if child.type == "html_inline":
                yield line, f"raw HTML {child.content!r} is shown as text in Word and HTML output", child.content, "error"  # fmt: skip
            elif child.type == "image":
                src = str(child.attrs.get("src", ""))
                yield line, f"image {src!r}: DOCX and HTML output keep only its alt text", src, "error"  # fmt: skip
    for message in heading_skips(parse_markdown(markdown)):
        heading = re.search(r"'(.*)'", message)
        yield 0, f"heading skips a level: {message}", heading.group(1) if heading else "", "warning"
