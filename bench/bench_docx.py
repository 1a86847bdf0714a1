"""Benchmark render_docx and render_html against pandoc on a ten-page agreement.

The document is built here: about 4,000 words in 10 numbered clauses with 20 tables,
nested lists, guidance notes and a signature table (about ten A4 pages).

Method. sharewiz is timed, Markdown parsing included, in this process after one warm-up render (the Markdown
parser and the default styles are cached per process, as in a batch run): the median
of several renders. pandoc cannot stay resident between documents, so its
per-document cost is estimated in the same run as

    median(pandoc converting the agreement) - median(pandoc converting "x")

where both runs write DOCX with pandoc's default reference, from ``gfm`` (CommonMark
with pipe tables). The subtraction removes process start-up and pandoc's fixed
set-up cost, which a batch of documents would pay only once, so the comparison
favours pandoc. The raw pandoc time is printed too.

Needs ``pypandoc_binary`` (benchmark-only) for the pandoc executable; without it only
the sharewiz times are printed.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sharewiz.render.blocks import parse_markdown  # noqa: E402
from sharewiz.render.docx.writer import render_docx  # noqa: E402
from sharewiz.render.html import render_html  # noqa: E402
from sharewiz.render.meta import DocMeta  # noqa: E402

ROUNDS = 15
PANDOC_ROUNDS = 7

_SENTENCE = (
    "Each party shall process the shared personal data only for the purposes set out in "
    "this agreement and shall not disclose it to any third party without the written "
    "agreement of the other parties, unless the law requires it."
)


def agreement_markdown() -> str:
    """Return a realistic ten-page data sharing agreement in Markdown."""
    out = [
        "# Data Sharing Agreement: Integrated Antenatal Care",
        "",
        "This agreement is made between **Greater Manchester Integrated Care Board** and the "
        "parties listed in the schedule. It follows the [ICO Data Sharing Code]"
        "(https://ico.org.uk/for-organisations/data-sharing/).",
        "",
        "> Guidance: review this agreement at least once a year, and whenever the purpose, "
        "the data or the parties change.",
        "",
    ]
    table_count = 0
    for clause in range(1, 11):
        out += [f"## Clause heading number {clause}", "", _SENTENCE, ""]
        for item in range(1, 4):
            out.append(f"{item}. {_SENTENCE}")
            if item == 2:
                out += [f"   {sub}. {_SENTENCE}" for sub in range(1, 3)]
        out += [
            "",
            "- Responsibility for security rests with each controller.",
            "  - Including its processors.",
            "- Breaches are reported within 24 hours.",
            "",
        ]
        out += [f"### Details for clause {clause}", "", _SENTENCE, ""]
        for _ in range(2):
            table_count += 1
            out += [
                "| Data item | Source system | Lawful basis | Retention |",
                "|---|---|---|---|",
                *[
                    f"| Item {row} of table {table_count} | Maternity record system | "
                    "UK GDPR Art 6(1)(e) and 9(2)(h) | 8 years after last contact |"
                    for row in range(1, 4)
                ],
                "",
            ]
    out += [
        "<!-- page-break -->",
        "",
        "## Signatures",
        "",
        "| Party | Name | Signature | Date |",
        "|---|---|---|---|",
        "| Greater Manchester ICB | Jane Smith | | |",
        "| Tameside Council | A N Other | | |",
        "",
    ]
    return "\n".join(out)


def _median_ms(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _pandoc_path() -> str | None:
    try:
        import pypandoc  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    return str(pypandoc.get_pandoc_path())


def _pandoc_ms(pandoc: str, markdown: str, workdir: Path) -> tuple[float, float]:
    source, trivial, target = workdir / "in.md", workdir / "x.md", workdir / "out.docx"
    source.write_text(markdown, encoding="utf-8")
    trivial.write_text("x\n", encoding="utf-8")

    def run(path: Path) -> None:
        subprocess.run(
            [pandoc, "-f", "gfm", "-t", "docx", "-o", str(target), str(path)], check=True
        )

    run(source)  # warm the file cache
    full = _median_ms(lambda: run(source), PANDOC_ROUNDS)
    startup = _median_ms(lambda: run(trivial), PANDOC_ROUNDS)
    return full, startup


def main() -> None:
    """Print per-document times for DOCX and HTML and the ratio to pandoc."""
    markdown = agreement_markdown()
    meta = DocMeta(
        "Data Sharing Agreement",
        "1.0",
        "2025-03-01",
        "Greater Manchester ICB",
        numbered_clauses=True,
    )
    words = sum(1 for word in markdown.split() if word.strip("|-#>*"))
    render_docx(markdown, meta)  # warm-up: parser and default styles are cached
    # Each timed render parses afresh: parse_markdown's cache would otherwise hide it.
    docx_ms = _median_ms(
        lambda: (parse_markdown.cache_clear(), render_docx(markdown, meta)), ROUNDS
    )
    html_ms = _median_ms(
        lambda: (parse_markdown.cache_clear(), render_html(markdown, meta)), ROUNDS
    )
    print(f"document: {words} words, {markdown.count('|---|---|')} tables")
    pandoc = _pandoc_path()
    if pandoc is None:
        print(f"docx: {docx_ms:.1f} ms/doc (pandoc not installed: pip install pypandoc_binary)")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            full, startup = _pandoc_ms(pandoc, markdown, Path(tmp))
        per_doc = max(full - startup, 0.001)
        print(
            f"docx: {docx_ms:.1f} ms/doc = {docx_ms / per_doc:.2f}x pandoc ({per_doc:.1f} ms/doc; "
            f"pandoc run {full:.1f} ms incl. {startup:.1f} ms start-up)"
        )
    print(f"html: {html_ms:.1f} ms/doc")


if __name__ == "__main__":
    main()
