"""`sharewiz validate`: every problem in trees and templates found without asking a question.

For authors of trees and templates. Each problem names `file:line`:

- a tree that does not load (the loader's first error in each file);
- a document whose template is missing or does not parse;
- a variable a template uses that no question, derived fact or `{% set %}` provides;
- a knowledge collection or entry a template or expression names that does not exist;
- a question no template or expression uses (warning);
- a question that is never asked: its `when` is constantly false, or names only
  questions that are never asked themselves (warning);
- a compliance rule (`knowledge/rules/*.yaml`) that does not load, or that can never
  fire for the trees checked (warning);
- Markdown the DOCX writer will not understand, found by rendering the kind's
  preview: raw HTML other than `<!-- page-break -->`, images, and (warning) headings
  that skip a level.

Each problem is a `sharewiz.law.findings.Finding` whose rule id names the check
(`CHECKS`), so `validate --json` has the shape of `check --json`. Expression checks
live in `validate_expressions`, the preview's in `validate_preview`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.errors import SharewizError
from sharewiz.law.choices import tree_knowledge
from sharewiz.law.facts import ANSWERS_READ
from sharewiz.law.findings import FINDINGS_JSON_VERSION, Finding, findings_json
from sharewiz.model.settings import Settings, settings_for
from sharewiz.model.tree import QuestionTree, list_kinds
from sharewiz.model.tree_from_sets import SOURCE_DIR_ID
from sharewiz.model.tree_loader import load_tree
from sharewiz.render.validate_expressions import (
    check_kb_refs,
    check_reachable,
    check_rules,
    expression_names,
    tree_expressions,
)
from sharewiz.render.validate_preview import check_preview

if TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment

    from sharewiz.law.knowledge import KnowledgeBase

# Names every template may use besides question ids (see render.build_context).
TEMPLATE_NAMES = frozenset(
    # history, protocol and data_flow_mermaid: a set's versions, Tier 1 link and flows (issue 9);
    # draft_findings: the error-level findings behind the draft banner; facts: the derived
    # legal facts (issue 13); audience: "internal" or "public" (the copy to publish)
    {
        "audience",
        "kb",
        "tree",
        "answers",
        "choice_label",
        "history",
        "protocol",
        "data_flow_mermaid",
        "arrangement",
        "draft_findings",
        "facts",
    }
)
_WHERE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<message>.*)$", re.DOTALL)

# Every check validate makes: id -> (severity, what to do). The id is the Finding's rule.
CHECKS: Mapping[str, tuple[str, str]] = {
    "TREE-INVALID": ("error", "Fix the question tree here; each file shows its first error."),
    "TEMPLATE-MISSING": ("error", "Create the template, or correct its name in `documents`."),
    "TEMPLATE-SYNTAX": ("error", "Fix the Jinja syntax here."),
    "TEMPLATE-LINK": ("error", "Put the template file itself here, not a symlink."),
    "TEMPLATE-UNKNOWN-NAME": (
        "error",
        "Ask a question with this id, define it with `{% set %}`, or correct the spelling.",
    ),
    "KB-UNKNOWN": ("error", "Name a collection and entry that exist (see `sharewiz explain`)."),
    "QUESTION-UNUSED": ("warning", "Use the answer in a template or expression, or remove it."),
    "QUESTION-NEVER-ASKED": ("warning", "Correct the question's `when`, or remove the question."),
    "PREVIEW-FAILED": (
        "error",
        "Make the template render with the kind's example answers (`sharewiz preview`).",
    ),
    "MARKDOWN-HTML": ("error", "Write Markdown; `<!-- page-break -->` is the only HTML kept."),
    "MARKDOWN-IMAGE": ("error", "Remove the image; put a logo in the reference DOCX."),
    "HEADING-SKIP": ("warning", "Use the next heading level down."),
    "RULE-INVALID": ("error", "Fix the rules file here (docs/checks.md, 'Writing rules')."),
    "RULE-NEVER-FIRES": ("warning", "Correct the rule's `when`, or the kinds it applies to."),
}


@dataclass
class Report:
    """Everything validate found, and what it looked at."""

    findings: list[Finding] = field(default_factory=list)
    trees: int = 0
    templates: int = 0
    rules: int = 0

    @property
    def errors(self) -> list[Finding]:
        """Findings that make the command fail."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """Findings worth a look that do not fail the command."""
        return [f for f in self.findings if f.severity == "warning"]

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, in the envelope of `check --json`."""
        return {
            "findings_version": FINDINGS_JSON_VERSION,
            **findings_json(self.findings),
            "trees": self.trees,
            "templates": self.templates,
            "rules": self.rules,
        }


def validate(paths: Sequence[Path] = (), *, settings: Settings | None = None) -> Report:
    """Validate custom folders (or, with no paths, the built-in data and profile folders).

    A path may be a custom folder (with questions/ and/or templates/), a plain
    templates folder, or one tree file. The kinds are checked as that folder makes
    them: its own trees, and the built-in kinds with its templates in effect. The
    built-in compliance rules are checked against the trees found.

    Args:
        paths: what to validate; nothing for the built-in data and `settings`' folders.
        settings: the command's settings (the profile's custom folders), used without paths.
    """
    if not paths:
        search = settings or Settings()
        tree_files = [p for _k, p in list_kinds(search.tree_dirs)]
    elif len(paths) == 1 and paths[0].is_file():
        single = paths[0]
        root = single.parent.parent
        search = settings_for([root]) if (root / "templates").is_dir() else Settings()
        search = Settings((single.parent, *search.tree_dirs), search.template_dirs)
        tree_files = [single]
    else:
        search = settings_for(paths)
        tree_files = [p for _k, p in list_kinds(search.tree_dirs)]
    return Validator(search).run(tree_files)


class Validator:
    """One validation run: the search path, the environment, and the findings so far."""

    def __init__(self, search: Settings) -> None:
        from sharewiz.law.knowledge import load_knowledge
        from sharewiz.render.engine import template_environment

        self.search = search
        self.env: SandboxedEnvironment = template_environment(search.template_dirs)
        self.kb: KnowledgeBase = load_knowledge()
        self.report = Report()
        self.checked_templates: set[str] = set()
        self.trees: list[QuestionTree] = []

    @staticmethod
    def display(path: str | Path) -> str:
        """A path as findings show it: relative to the working folder when inside it."""
        try:
            return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def add(self, check: str, file: str | Path, line: int, message: str, *, fix: str = "") -> None:
        """Report a finding of one of `CHECKS` at `file:line`, with its own `fix` if given."""
        severity, general = CHECKS[check]
        where = self.display(file)
        finding = Finding(check, severity, message, fix=fix or general, file=where, line=line)
        self.report.findings.append(finding)

    def add_error(self, check: str, exc: SharewizError, fallback: str | Path) -> None:
        """Report an error whose message starts with `file:line: ` where it says.

        The error's own hint (did you mean, the allowed values) is the finding's fix.
        """
        match = _WHERE.match(exc.message)
        if match:
            self.add(check, match["file"], int(match["line"]), match["message"], fix=exc.hint or "")
        else:
            self.add(check, fallback, 0, exc.message, fix=exc.hint or "")

    def run(self, tree_files: Iterable[Path]) -> Report:
        """Check every tree, every template file and the rules; the report, in file order."""
        for path in tree_files:
            self.report.trees += 1
            try:
                tree = load_tree(
                    path, knowledge=tree_knowledge(), search_dirs=self.search.tree_dirs
                )
            except SharewizError as exc:
                self.add_error("TREE-INVALID", exc, path)
                continue
            self.trees.append(tree)
            self.check_tree(tree)
        self.check_all_templates()
        self.report.rules = check_rules(self)
        self.report.templates = len(self.checked_templates)
        self.report.findings = sorted(
            set(self.report.findings),
            key=lambda f: (f.file or "", f.line or 0, f.severity, f.message),
        )
        return self.report

    # -- one tree -------------------------------------------------------------------------

    def check_tree(self, tree: QuestionTree) -> None:
        """Check one tree's documents, templates, expressions and questions."""
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
            used |= expression_names(self.env, spec.title, template=True)
        used |= ANSWERS_READ  # read by the derived facts in Python (public authority status...)
        if tree.from_sets:  # the link to the set its facts come from (sharewiz.sets.links)
            used.add(SOURCE_DIR_ID)
        for source, file, line in tree_expressions(tree):
            names = expression_names(self.env, source)
            used |= names
            check_kb_refs(self, self.env.parse("{{ (" + source + ") }}"), file, line)
        if not uses_answers:
            for question in tree.questions():
                if question.id not in used:
                    self.add(
                        "QUESTION-UNUSED",
                        question.file,
                        question.line,
                        f"question {question.id!r} is not used by any template or expression of {tree.id!r}",
                    )
        check_reachable(self, tree)
        check_preview(self, tree, unknown)

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
                    "TEMPLATE-MISSING",
                    where[0],
                    where[1],
                    f"template {current!r} not found in {', '.join(self.template_roots())}",
                )
                return None
            except TemplateSyntaxError as exc:
                file = exc.filename or current
                self.add("TEMPLATE-SYNTAX", file, exc.lineno or 0, exc.message or str(exc))
                return None
            chain.append(current)
            pending.extend(t for t in meta.find_referenced_templates(ast) if t is not None)
        return chain

    def template_roots(self) -> list[str]:
        """The template folders searched, custom first, for messages."""
        from sharewiz.render.engine import templates_dir

        return [self.display(p) for p in (*self.search.template_dirs, templates_dir())]

    def parse(self, name: str) -> nodes.Template:
        """Parse a template by name, counting it as checked."""
        assert self.env.loader is not None
        source, filename, _uptodate = self.env.loader.get_source(self.env, name)
        self.checked_templates.add(filename or name)
        return self.env.parse(source, name, filename)

    def filename(self, name: str) -> str:
        """The file a template name loads from."""
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
                    "TEMPLATE-UNKNOWN-NAME",
                    self.filename(name),
                    _first_use(ast, unknown),
                    f"{unknown!r} is not a question of this tree, nor set in the template",
                )
            check_kb_refs(self, ast, self.filename(name), None)
        return used, missing

    # -- every template file, used or not -------------------------------------------------------

    def check_all_templates(self) -> None:
        """Parse every template file in the search path, used by a tree or not."""
        from jinja2 import TemplateSyntaxError

        from sharewiz.render.engine import templates_dir

        for root in (*self.search.template_dirs, templates_dir()):
            for path in sorted(root.rglob("*.j2")):
                if self.bad_link(path, root):
                    continue
                name = path.relative_to(root).as_posix()
                try:
                    self.env.parse(path.read_text(encoding="utf-8"), name, str(path))
                except TemplateSyntaxError as exc:
                    self.add("TEMPLATE-SYNTAX", path, exc.lineno or 0, exc.message or str(exc))
                self.checked_templates.add(str(path))

    def bad_link(self, path: Path, root: Path) -> bool:
        """Report a template symlink that is dangling or leads out of its folder."""
        if not path.is_symlink():
            return False
        resolved, base = path.resolve(), root.resolve()
        if not path.exists():
            why = "leads nowhere (dangling)"
        elif not resolved.is_relative_to(base):
            why = f"leads outside {self.display(root)}"
        else:
            return False
        self.add("TEMPLATE-LINK", path, 0, f"a symlink to {path.readlink()} that {why}")
        return True


# -- helpers ---------------------------------------------------------------------------------------


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
