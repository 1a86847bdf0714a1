"""Rendering: answers + knowledge -> Markdown documents, in the Jinja sandbox.

Templates are compiled once per process (and cached as bytecode between runs). A
template that names an unknown variable fails loudly, naming template, line and name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sharewiz import __version__
from sharewiz.errors import SharewizError, TemplateError
from sharewiz.model.conditions import effective_answers, evaluate, expression_context
from sharewiz.model.paths import data_dir
from sharewiz.model.tree import Question, QuestionTree
from sharewiz.render.meta import render_date

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

    from sharewiz.law.findings import Finding
    from sharewiz.law.knowledge import KnowledgeBase
    from sharewiz.model.arrangement import Arrangement


@dataclass(frozen=True)
class RenderedDocument:
    """One document of a set, as Markdown, with what the DOCX/HTML writers need."""

    id: str
    title: str
    markdown: str
    version: str
    date: str
    author: str
    subject: str
    numbered: bool
    parties: tuple[str, ...] = ()
    draft: str = ""  # the draft banner for page headers; empty when every check passes


# Who a rendering is for: the parties' full copy, or the copy to publish, which leaves
# out security details, staff below the signatories and internal references.
AUDIENCES = ("internal", "public")


def templates_dir() -> Path:
    """The built-in templates."""
    return data_dir("templates")


def _cache_dir() -> Path | None:
    """Where compiled templates are cached between runs; None if it cannot be made."""
    base = os.environ.get("SHAREWIZ_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    folder = root / "sharewiz" / f"jinja-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


@cache
def template_environment(extra_dirs: tuple[Path, ...] = ()) -> SandboxedEnvironment:
    """The template environment; custom folders are searched before the built-ins."""
    from sharewiz.model.expressions import make_environment
    from sharewiz.render.loader import ContainedLoader

    loader = ContainedLoader([str(d) for d in (*extra_dirs, templates_dir())])
    return make_environment(loader, cache_dir=_cache_dir())


def draft_banner(findings: Sequence[Finding]) -> str:
    """The banner a document carries while error-level findings stand; "" when none do.

    Args:
        findings: every finding for the set's answers (warnings and advice are ignored).
    """
    errors = sorted({f.rule_id for f in findings if f.severity == "error"})
    if not errors:
        return ""
    checks = "check" if len(errors) == 1 else "checks"
    return f"Draft: does not pass {len(errors)} {checks} ({', '.join(errors)})"


def _with_banner(markdown: str, banner: str) -> str:
    """The Markdown with the banner under its title (or first): the title page shows it."""
    if not banner:
        return markdown
    block = (
        f"> **{banner}.** This is not a final document: fix the findings "
        "(`sharewiz check`) and render it again.\n\n"
    )
    title, _newline, rest = markdown.partition("\n")
    if title.startswith("# "):
        return "\n\n".join((title, block.rstrip("\n"), rest.lstrip("\n")))
    return block + markdown


# The functions a template may call besides filters: each reads the data it is given and
# reaches nothing else (no file, module or network). Anything else in the context is
# plain data: str, int, float, bool, None, list, tuple, dict or a read-only mapping.
CONTEXT_FUNCTIONS = frozenset({"choice_label", "tree.question"})


def build_context(
    tree: QuestionTree,
    answers: Mapping[str, Any],
    kb: KnowledgeBase,
    extra_context: Mapping[str, Any] | None = None,
    draft_findings: Sequence[Mapping[str, Any]] = (),
    today: dt.date | None = None,
    facts: Mapping[str, Any] | None = None,
    arrangement: Arrangement | None = None,
) -> dict[str, Any]:
    """What templates see: plain data only, so a template can reach nothing else.

    Every answer (defaults filled), `answers` (all of them as one mapping), `kb` (the
    knowledge base as read-only mappings: collection -> entry id -> fields), `tree`
    (its id, version, title, description and `question(id)`), `choice_label`, and the
    set's `history` (list of versions, oldest first), `protocol` (None unless linked),
    `data_flow_mermaid` (Mermaid text of the `flows` answers, empty without flows),
    `facts` (the derived legal facts of `sharewiz.law.facts.FACTS`, such as who is a
    public authority, so templates print the law's result instead of working it out),
    `arrangement` (parties, items, flows and conditions with the law's view of each party,
    as plain data: `sharewiz.law.arrangement.arrangement_data`) and
    `draft_findings` (the error-level findings as `check --json` gives them; the engine
    prints the draft banner itself, so no template has to).

    `extra_context` (from `sharewiz.sets.versions.prepare_render`) overrides `history` and
    `protocol`; it never shadows an answer. Facts that depend on the date (`today`,
    `review_overdue`) are judged as of the document date (`render.meta.render_date`;
    `today` only when there is none), never the clock, so rendering is deterministic.
    `facts` are those facts when the caller derived them already (for the checks), and
    `arrangement` the answers' arrangement (`sharewiz.model.arrangement.arrangement_of`
    of these answers with defaults filled) when it built that.
    """
    from sharewiz.model.arrangement import arrangement_of

    full = effective_answers(tree, answers)
    if arrangement is None:  # one for the facts and the templates' view of it
        arrangement = arrangement_of(full)

    def choice_label(question_id: str, value: Any) -> str:
        """The label of a choice value; `group.inner` names a question inside a group."""
        return _find_question(tree, question_id).label_for(str(value))

    def question(question_id: str) -> Mapping[str, Any]:
        """A question's definition as data (`choices` as mappings of value, label, ...)."""
        return _plain_question(_find_question(tree, question_id))

    from sharewiz.law.arrangement import arrangement_data
    from sharewiz.law.facts import compute_facts
    from sharewiz.render.diagram import answers_mermaid, fits_on_page
    from sharewiz.render.read_only import knowledge_data, read_only

    mermaid = answers_mermaid(tree, full)
    extras: dict[str, Any] = {
        "arrangement": arrangement_data(full, kb, arrangement=arrangement),
        "history": [],
        "protocol": None,
        "audience": "internal",
        "data_flow_mermaid": mermaid if fits_on_page(mermaid) else "",
        "draft_findings": list(draft_findings),
        "facts": read_only(
            compute_facts(full, kb=kb, today=render_date(answers, today), arrangement=arrangement)
            if facts is None
            else facts
        ),
    }
    extras.update({k: v for k, v in (extra_context or {}).items() if k not in full})
    return {
        **extras,
        **full,
        "answers": full,
        "kb": knowledge_data(kb),
        "tree": {
            "id": tree.id,
            "version": tree.version,
            "title": tree.title,
            "description": tree.description,
            "question": question,
        },
        "choice_label": choice_label,
    }


def _find_question(tree: QuestionTree, question_id: str) -> Question:
    group_id, _, inner_id = question_id.partition(".")
    found = tree.question(group_id)
    if inner_id:
        found = next(q for q in found.questions if q.id == inner_id)
    return found


def _plain_question(question: Question) -> Mapping[str, Any]:
    return MappingProxyType(dataclasses.asdict(question))


def render_set(
    tree: QuestionTree,
    answers: Mapping[str, Any],
    *,
    kb: KnowledgeBase,
    template_dirs: Sequence[Path] = (),
    extra_context: Mapping[str, Any] | None = None,
    findings: Sequence[Finding] | None = None,
    today: dt.date | None = None,
    facts: Mapping[str, Any] | None = None,
    arrangement: Arrangement | None = None,
) -> list[RenderedDocument]:
    """Render every document of a tree that applies to these answers.

    `extra_context` adds values templates can use (e.g. `history`, `protocol`).
    `findings` are the answers' check findings when the caller has them already; they
    are worked out here otherwise, so every document with an error-level finding carries
    the draft banner whichever command renders it. `today` is the clock for answers
    without a document date (see `build_context`). `facts` are the answers' derived facts
    when the caller has them (the checks were run over the same answers, as of the same day),
    `arrangement` their arrangement when it built that for them (see `build_context`).
    """
    as_of = render_date(answers, today)
    if findings is None:
        from sharewiz.law.rules import run_checks

        findings = run_checks(tree, answers, kb, today=as_of)
    banner = draft_banner(findings)
    errors = [f.as_dict() for f in findings if f.severity == "error"]
    env = template_environment(tuple(template_dirs))
    context = build_context(
        tree, answers, kb, extra_context, errors, today=as_of, facts=facts, arrangement=arrangement
    )
    conditions = expression_context(tree, context, today=as_of.isoformat())
    meta = {key: evaluate(source, conditions, str(tree.path)) for key, source in tree.meta.items()}
    documents = []
    for spec in tree.documents:
        if spec.when and not evaluate(spec.when, conditions, str(tree.path)):
            continue
        markdown = _with_banner(_render_template(env, spec.template, context), banner)
        title = _render_title(env, spec.title, context, tree)
        documents.append(
            RenderedDocument(
                id=spec.id,
                title=title,
                markdown=markdown,
                version=_text(meta.get("version")) or "1.0",
                date=_text(meta.get("date")),
                author=_text(meta.get("author")),
                subject=_text(meta.get("subject")) or tree.title,
                numbered=spec.numbered,
                parties=_names(meta.get("parties")),
                draft=banner,
            )
        )
    return documents


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _names(value: Any) -> tuple[str, ...]:
    """The tree's `parties` meta value (a list of names) as a tuple of non-empty names."""
    if value is None or isinstance(value, str):
        return (value,) if value else ()
    return tuple(str(name) for name in value if name)


def _render_title(
    env: SandboxedEnvironment, source: str, context: Mapping[str, Any], tree: QuestionTree
) -> str:
    from sharewiz.render.titles import title_text

    # A title is plain text (headers, file properties), so render it without escaping.
    try:
        return title_text(env, source, context)
    except Exception as exc:  # noqa: BLE001 - a title is template code: its failure is the tree's
        raise TemplateError(
            f"{tree.path}: document title {source!r}: {_reason(exc)}",
            hint="fix the title's expression in the tree's 'documents'",
        ) from exc


def _render_template(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> str:
    """Render one template, bounded in time; any failure is a TemplateError naming file:line."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    from sharewiz.model.sandbox import LimitExceeded, time_budget

    try:
        template = env.get_template(name)
        with time_budget(alarm=True):
            text = template.render(context)
    except TemplateNotFound as exc:
        where = _template_frame(exc)  # an `{% include %}` or `{% import %}` names its line
        raise TemplateError(
            f"{where + ': ' if where else ''}template {exc.name!r} not found",
            hint="check the tree's 'documents' and your --templates folder",
        ) from exc
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or name}:{exc.lineno}: {exc.message}") from exc
    except LimitExceeded as exc:
        raise TemplateError(
            f"{_template_frame(exc) or name}: {exc}",
            hint="the template does too much work; see the limits in docs/security.md",
        ) from exc
    except SharewizError:
        raise  # already names the file: a template leading out of its folder
    except Exception as exc:  # noqa: BLE001 - template code is the user's: its failure is theirs
        raise TemplateError(
            f"{_template_frame(exc) or name}: {_reason(exc)}",
            hint="a template names a variable no question provides, or misuses one",
        ) from exc
    return _tidy(text)


def _reason(exc: BaseException) -> str:
    """Jinja's own message, or the Python error's name and message for anything else."""
    from jinja2 import TemplateError as JinjaError

    return str(exc) if isinstance(exc, JinjaError) else f"{type(exc).__name__}: {exc}"


def _template_frame(exc: BaseException) -> str | None:
    """`template:line` of the innermost template frame in a Jinja traceback."""
    tb, found = exc.__traceback__, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _tidy(text: str) -> str:
    """Collapse runs of blank lines left by conditional blocks; end with one newline."""
    lines: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line and lines and not lines[-1]:
            continue
        if line.startswith("#") and lines and lines[-1]:
            lines.append("")  # a heading always stands in its own block
        lines.append(line)
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines).rstrip() + "\n"
