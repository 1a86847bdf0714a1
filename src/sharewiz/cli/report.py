"""Printing check findings: a table on a terminal, one line per finding otherwise.

The plain form follows black's report: one line per finding, then a summary line, so
it greps and diffs well in CI logs. All text goes through `sharewiz.cli.console` with
markup off, since messages quote answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from sharewiz.cli.console import LIST_BELOW_COLUMNS, is_quiet, out, print_info, print_prose
from sharewiz.law.findings import SEVERITIES, Finding, counts

_STYLES = {"error": "bold red", "warning": "yellow", "advice": "cyan"}


def finding_line(finding: Finding) -> str:
    """`error PN-ART14-SOURCE: message (citation) Fix: fix` on one line."""
    return (
        f"{finding.severity} {finding.rule_id}: {finding.message} "
        f"({finding.citation}) Fix: {finding.fix}"
    )


def located_lines(finding: Finding) -> str:
    """`file:line: severity: message`, as compilers print it (for `validate`), then its hint.

    The hint goes on an indented line of its own, as a compiler's note does, so an
    editor still jumps to the first line.
    """
    located = f"{finding.where}: {finding.severity}: {finding.message}"
    return f"{located}\n    hint: {finding.fix}" if finding.fix else located


def summary_line(findings: Sequence[Finding]) -> str:
    """`2 errors, 1 warning, 0 advice.` or `No problems found.`"""
    if not findings:
        return "No problems found."
    number = counts(findings)
    parts = []
    for severity in SEVERITIES:
        n = number[severity]
        label = severity if severity == "advice" or n == 1 else f"{severity}s"
        parts.append(f"{n} {label}")
    return ", ".join(parts) + "."


def show_findings(findings: Sequence[Finding], *, title: str | None = None) -> None:
    """Print findings grouped by severity (errors first), then the summary line.

    Under --quiet nothing is printed: the exit code says whether errors stand.
    """
    if is_quiet():
        return
    console = out()
    if title:
        print_info(title, style="bold")
    if findings and console.is_terminal and console.width >= LIST_BELOW_COLUMNS:
        _table(findings)
    elif console.is_terminal:  # narrower, a table's columns cut words ("appointm…"): a list
        for number, finding in enumerate(findings, 1):
            print_finding(number, finding)
    else:
        for finding in findings:
            console.print(finding_line(finding), markup=False, style=_STYLES[finding.severity])
    console.print(summary_line(findings), markup=False, style="bold")


def print_finding(number: int, finding: Finding) -> None:
    """`1. advice RULE: message`, then `Fix: fix (citation)` indented, wrapped at words."""
    message = f"{number}. {finding.severity} {finding.rule_id}: {finding.message}"
    print_prose(message, style=_STYLES[finding.severity])
    print_prose(f"Fix: {finding.fix} ({finding.citation})", indent=2)


def _table(findings: Sequence[Finding]) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_header=True, header_style="bold", show_lines=True, expand=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Finding and fix", ratio=3)
    table.add_column("Law", ratio=1)
    for finding in findings:
        body = Text(finding.message)
        body.append("\nFix: ", style="bold")
        body.append(finding.fix)
        table.add_row(
            Text(finding.severity, style=_STYLES[finding.severity]),
            Text(finding.rule_id),
            body,
            Text(finding.citation),
        )
    out().print(table)


__all__ = ["finding_line", "located_lines", "print_finding", "show_findings", "summary_line"]
