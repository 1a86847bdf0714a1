"""`sharewiz validate`, preview: Markdown in a kind's documents the writers will not understand.

Each document is rendered from the kind's example answers (as `sharewiz preview` does)
and its Markdown searched for raw HTML, images and headings that skip a level. Each
problem is reported at the template line that wrote it, when one can be found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sharewiz.errors import SharewizError
from sharewiz.model.tree import QuestionTree

if TYPE_CHECKING:
    from sharewiz.render.validate import Validator


def check_preview(validator: Validator, tree: QuestionTree, unknown: dict[str, set[str]]) -> None:
    """Render each document from example answers and check the Markdown it gives.

    Names already reported as unknown are given empty values, so one mistake is
    reported once and the rest of the document is still checked.
    """
    from jinja2 import TemplateError as JinjaError

    from sharewiz.model.conditions import evaluate, expression_context
    from sharewiz.render.engine import _template_frame, build_context
    from sharewiz.render.preview import example_answers

    try:
        context = build_context(tree, example_answers(tree), validator.kb)
        conditions = expression_context(tree, context)
    except SharewizError as exc:
        validator.add_error("PREVIEW-FAILED", exc, tree.path)
        return
    for spec in tree.documents:
        if spec.template not in unknown:
            continue  # its template is missing or does not parse: already reported
        try:
            if spec.when and not evaluate(spec.when, conditions, str(tree.path)):
                continue
            template = validator.env.get_template(spec.template)
            extra = {name: "" for name in unknown[spec.template]}
            markdown = template.render({**extra, **context})
        except SharewizError as exc:
            if not _has_errors_in(validator, spec.template):  # else: a consequence of those
                validator.add("PREVIEW-FAILED", validator.filename(spec.template), 0,
                              f"rendering the preview failed: {exc.message}")  # fmt: skip
            continue
        except JinjaError as exc:
            if _has_errors_in(validator, spec.template):
                continue  # a consequence of the errors already reported there
            where = _template_frame(exc) or f"{validator.filename(spec.template)}:0"
            frame_file, _, frame_line = where.rpartition(":")
            validator.add("PREVIEW-FAILED", frame_file, int(frame_line),
                          f"rendering the preview failed: {exc}")  # fmt: skip
            continue
        for rendered_line, check, message, snippet in markdown_problems(markdown):
            file, line = _locate(validator, spec.template, snippet)
            where = "" if line else f" (line {rendered_line} of the preview)"
            validator.add(check, file, line, f"{message}{where}")


def _has_errors_in(validator: Validator, name: str) -> bool:
    """Whether an error was already reported in a template or what it extends."""
    chain = validator.template_chain(name, Path(name), 0) or []
    files = {validator.display(validator.filename(t)) for t in chain}
    return any(f.file in files and f.severity == "error" for f in validator.report.findings)


def _locate(validator: Validator, name: str, snippet: str) -> tuple[str, int]:
    """The template file and line that holds a snippet of output, if one does."""
    env = validator.env
    assert env.loader is not None
    for template in validator.template_chain(name, Path(name), 0) or [name]:
        source, filename, _ = env.loader.get_source(env, template)
        for number, text in enumerate(source.splitlines(), 1):
            if snippet and snippet in text:
                return filename or template, number
    return validator.filename(name), 0


def markdown_problems(markdown: str) -> Iterator[tuple[int, str, str, str]]:
    """(rendered line, check id, message, snippet to find in the template) per problem."""
    from markdown_it import MarkdownIt

    from sharewiz.render.blocks import PAGE_BREAK_MARKER, heading_skips, parse_markdown

    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    for token in tokens:
        line = (token.map[0] + 1) if token.map else 0
        children = token.children or []
        if token.type == "html_block" and token.content.strip() != PAGE_BREAK_MARKER:
            snippet = token.content.strip().splitlines()[0]
            yield line, "MARKDOWN-HTML", f"raw HTML {snippet!r} is shown as text in Word and HTML output", snippet  # fmt: skip
        for child in children:
            if child.type == "html_inline":
                yield line, "MARKDOWN-HTML", f"raw HTML {child.content!r} is shown as text in Word and HTML output", child.content  # fmt: skip
            elif child.type == "image":
                src = str(child.attrs.get("src", ""))
                yield line, "MARKDOWN-IMAGE", f"image {src!r}: DOCX and HTML output keep only its alt text", src  # fmt: skip
    for message in heading_skips(parse_markdown(markdown)):
        heading = re.search(r"'(.*)'", message)
        snippet = heading.group(1) if heading else ""
        yield 0, "HEADING-SKIP", f"heading skips a level: {message}", snippet


__all__ = ["check_preview", "markdown_problems"]
