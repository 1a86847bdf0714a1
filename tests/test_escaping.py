"""Property tests: every escaping filter prints arbitrary answer text literally.

An answer is data, never Markdown: whatever characters it holds, the document must show
the same characters and gain no structure (no heading, list, table, link, emphasis,
code or HTML). Each filter templates use to print answers is checked here through a real
template, and the result is parsed with the same Markdown parser the writers use.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from sharewiz.model.expressions import make_environment

# Printable text from every script, with the characters Markdown gives meaning to made
# common, plus line breaks. Control characters are refused when answers are read.
_MARKDOWN_SPECIALS = list("#>-+*=_`~[]()<>!|\\&;:.0123456789 \t{}%'\"/")
_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(_MARKDOWN_SPECIALS),
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    ),
    max_size=80,
)
_MULTILINE = st.lists(_TEXT, min_size=1, max_size=4).map("\n".join)
_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
_ALLOWED_INLINE = {"text", "softbreak", "hardbreak"}


def _render(source: str, **context: Any) -> str:
    return make_environment().from_string(source).render(**context)


def _words(text: str) -> list[str]:
    return text.split()


def _inline_text(markdown: str, allowed_blocks: set[str]) -> str:
    """The text Markdown shows, failing on any block or inline structure not allowed."""
    shown: list[str] = []
    for token in _PARSER.parse(markdown):
        assert token.type in allowed_blocks | {"inline"}, (token.type, markdown)
        for child in token.children or []:
            assert child.type in _ALLOWED_INLINE, (child.type, markdown)
            shown.append(child.content if child.type == "text" else "\n")
        if token.type == "inline":
            shown.append("\n")
    return "".join(shown)


_PARAGRAPH = {"paragraph_open", "paragraph_close"}


@_SETTINGS
@given(_MULTILINE)
def test_finalize_prints_any_answer_literally(value: str) -> None:
    out = _render("{{ value }}", value=value)
    assert _words(_inline_text(out, _PARAGRAPH)) == _words(value)


@_SETTINGS
@given(_MULTILINE)
def test_paragraphs_prints_long_text_literally(value: str) -> None:
    out = _render("{{ value | paragraphs }}", value=value)
    assert _words(_inline_text(out, _PARAGRAPH)) == _closed_words(value)


def _closed_words(value: str) -> list[str]:
    """The words of `value`, each paragraph's last gaining the full stop it lacks."""
    words: list[str] = []
    for block in re.split(r"\n[ \t]*\n", value):
        block_words = block.split()
        if block_words and block.rstrip()[-1] not in ".?!:;,\u2026":
            block_words[-1] += "."
        words += block_words
    return words


def test_paragraphs_close_each_paragraph_as_a_sentence() -> None:
    text = "NHSmail to a secure mailbox\n\nChecked monthly (by the IG lead)\n\nDone.\n\nAs follows:"
    assert _render("{{ value | paragraphs }}", value=text) == (
        "NHSmail to a secure mailbox.\n\nChecked monthly (by the IG lead).\n\nDone.\n\nAs follows:"
    )


@_SETTINGS
@given(_MULTILINE)
def test_address_keeps_lines_and_text(value: str) -> None:
    out = _render("{{ value | address }}", value=value)
    shown = _inline_text(out, _PARAGRAPH)
    assert _words(shown) == _words(value)
    # One shown line per non-blank address line: hard breaks, not merged lines.
    expected_lines = [line.split() for line in value.splitlines() if line.strip()]
    assert [line.split() for line in shown.splitlines() if line.strip()] == expected_lines


@_SETTINGS
@given(st.lists(_TEXT, min_size=1, max_size=4))
def test_join_and_prints_each_item_literally(values: list[str]) -> None:
    out = _render("{{ values | join_and }}", values=values)
    kept = [v for v in values if v != ""]
    expected = "".join(kept) if len(kept) <= 1 else ", ".join(kept[:-1]) + " and " + kept[-1]
    assert "".join(_words(_inline_text(out, _PARAGRAPH))) == "".join(_words(expected))


@_SETTINGS
@given(st.lists(_TEXT.filter(str.strip), min_size=1, max_size=4))
def test_bullets_make_one_plain_item_per_value(values: list[str]) -> None:
    out = _render("{{ values | bullets }}", values=values)
    blocks = {"bullet_list_open", "bullet_list_close", "list_item_open", "list_item_close"}
    tokens = _PARSER.parse(out)
    assert sum(t.type == "list_item_open" for t in tokens) == len(values)
    assert _words(_inline_text(out, blocks | _PARAGRAPH)) == _words(" ".join(values))


@_SETTINGS
@given(_MULTILINE, _MULTILINE)
def test_cell_keeps_a_table_row_whole(first: str, second: str) -> None:
    out = _render(
        "| A | B |\n|---|---|\n| {{ first | cell }} | {{ second | cell }} |\n",
        first=first,
        second=second,
    )
    tokens = _PARSER.parse(out)
    cells = [t for t in tokens if t.type == "inline"][2:]
    assert len(cells) == 2, out  # no cell split, merged or added
    for token, value in zip(cells, (first, second), strict=True):
        for child in token.children or []:
            assert child.type in _ALLOWED_INLINE, (child.type, out)
        assert _words("".join(c.content for c in token.children or [])) == _words(value)


@_SETTINGS
@given(_TEXT)
def test_sentence_and_phrase_print_the_answer_literally(value: str) -> None:
    # Only the first letter's case and a closing full stop change: no structure is made.
    for name in ("sentence", "phrase"):
        out = _render(f"{{{{ value | {name} }}}}", value=value)
        shown = _words(_inline_text(out, _PARAGRAPH))
        expected = value.strip()
        if name == "phrase" and expected.endswith(".") and not expected.endswith(".."):
            expected = expected[:-1]
        if name == "sentence" and expected:
            closed = expected if expected[-1] in ".?!" else expected + "."
            expected = closed[:1].upper() + closed[1:]
        assert shown == _words(expected)


def test_sentence_and_phrase_fit_answers_to_their_sentence() -> None:
    assert _render("{{ x | sentence }}", x="the system scores claims") == (
        "The system scores claims."
    )
    assert _render("{{ x | sentence }}", x="Is it needed?") == "Is it needed?"
    assert _render("for {{ x | phrase }}.", x="adults leaving hospital. ") == (
        "for adults leaving hospital."
    )
    assert _render("{{ x | phrase }}", x="and so on...") == "and so on..."  # an ellipsis stays
