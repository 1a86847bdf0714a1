"""The review screen: answers by section, the checks' findings with their fixes, then write.

Everything fits on a screen: one line sums up the findings above the menu, "Show the
findings" lists them a page at a time and leads straight to the question that fixes
each, the answers are listed a section at a time, and writing with an error-level
finding needs an explicit choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from sharewiz.cli.asking.layout import screen_rows
from sharewiz.cli.asking.prompts import Option, pause, select
from sharewiz.cli.console import out, print_info, print_prose
from sharewiz.cli.report import print_finding
from sharewiz.law.findings import counts
from sharewiz.model.conditions import expression_context, is_asked
from sharewiz.model.expressions import date_long
from sharewiz.model.prose import count_noun
from sharewiz.model.tree import Question, Section

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

    from sharewiz.cli.asking.wizard import Wizard
    from sharewiz.law.findings import Finding

_WRITE, _QUIT, _BACK, _FINDINGS = "\x00write", "\x00quit", "\x00back", "\x00findings"


def review(wizard: Wizard) -> bool:
    """Show the review screen until the user writes (True) or quits for now (False)."""
    while True:
        findings = _findings(wizard)
        out().rule("Review", style="cyan")
        _sum_up(findings)
        options = [Option(_WRITE, "Write the documents", disabled=_say_wrong_route(findings))]
        if findings:
            options.append(Option(_FINDINGS, f"Show the findings ({len(findings)}) and fix them"))
        for section in _sections(wizard):  # numbered as the wizard's headings number them
            number = wizard.sections.index(section.id) + 1
            count = len(_asked(wizard, section))
            options.append(Option(f"s:{section.id}", f"See or change section {number}: "
                                  f"{section.title} ({count_noun(count, 'answer')})"))  # fmt: skip
        options.append(Option(_QUIT, "Quit for now (answers are saved)"))
        picked = select(
            "What next?",
            options,
            help_text="Write the documents, read the checks' findings and go straight to the "
            "question behind one, or look at or change the answers of a section.",
        )
        if picked == _QUIT:
            return False
        if picked == _WRITE:
            if _confirm_errors(findings):
                return True
        elif picked == _FINDINGS:
            _findings_screen(wizard, findings)
        else:
            _section_screen(wizard, picked[2:])


def _say_wrong_route(findings: list[Finding]) -> str | None:
    """Say the documents cannot be written while the answers describe another kind; why (or None)."""
    from sharewiz.law.rules import wrong_route

    kinds = list(dict.fromkeys(kind for _f, kind in wrong_route(findings)))
    if not kinds:
        return None
    commands = " or ".join(f"`sharewiz new {kind}`" for kind in kinds)
    print_prose(f"These answers describe another kind of document: start it with {commands}. "
                "The documents cannot be written while that stands.", style="bold red")  # fmt: skip
    return "not while the answers describe another kind"


def _confirm_errors(findings: list[Finding]) -> bool:
    errors = [f for f in findings if f.severity == "error"]
    if not errors:
        return True
    picked = select(
        f"The checks found {len(errors)} error(s). Write the documents anyway?",
        [Option("no", "No, go back and fix them"),
         Option("yes", "Yes, write them with the errors (they are listed after writing)")],
    )  # fmt: skip
    return picked == "yes"


def _section_screen(wizard: Wizard, section_id: str) -> None:
    """A section's answers, then the question to change (or back)."""
    section = next(s for s in wizard.tree.sections if s.id == section_id)
    questions = _asked(wizard, section)
    out().rule(section.title, style="cyan")
    for question in questions:
        print_prose(question.prompt, style="bold")
        print_prose(
            display_value(question, wizard.answers.get(question.id)), style="green", indent=2
        )
    options = [Option(q.id, f"{q.prompt}  [{_one_line(wizard, q)}]") for q in questions]
    options.append(Option(_BACK, "(back to the review)"))
    picked = select("Which answer do you want to change?", options)
    if picked != _BACK:
        wizard.change(picked)


def _findings(wizard: Wizard) -> list[Finding]:
    from sharewiz.law.rules import run_checks

    return run_checks(wizard.tree, wizard.answers)


def _sum_up(findings: list[Finding]) -> None:
    """One line above the menu: how many findings of each severity (the list is a choice)."""
    if not findings:
        print_info("The checks found no problems.", style="green")
        return
    number = counts(findings)
    words = {"error": ("error", "errors"), "warning": ("warning", "warnings"),
             "advice": ("piece of advice", "pieces of advice")}  # fmt: skip
    parts = [f"{n} {words[s][n != 1]}" for s, n in number.items() if n]
    text = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    style = "bold red" if number["error"] else "bold"
    print_prose(f'The checks found {text}: choose "Show the findings" to read them.', style=style)


def _findings_screen(wizard: Wizard, findings: list[Finding]) -> None:
    """The findings with their fixes, a screen at a time; then the question to fix (or back)."""
    out().rule("Findings", style="cyan")
    page = max(4, screen_rows() - 4)  # rows of findings before "press a key for more"
    used = 0
    for number, finding in enumerate(findings, 1):
        rows = 2 + (len(finding.message) + len(finding.fix)) // 70
        if used and used + rows > page:
            pause(f"Findings {number} to {len(findings)} next: press any key")
            used = 0
        print_finding(number, finding)
        used += rows
    options = []
    for number, finding in enumerate(findings, 1):
        fixes = _questions_for(wizard, finding)
        if fixes:
            options.append(Option(f"f:{fixes[0].id}", f"{number}. Fix {finding.rule_id}: "
                                  f"{fixes[0].prompt}", description=finding.fix))  # fmt: skip
    options.append(Option(_BACK, "(back to the review)"))
    picked = select("Which finding do you want to fix?", options)
    if picked != _BACK:
        wizard.change(picked[2:])


def _questions_for(wizard: Wizard, finding: Finding) -> list[Question]:
    """The questions the finding's rule looks at that apply: unanswered first, in order."""
    from sharewiz.law.rules import load_rules

    names = next((r.names for r in load_rules() if r.id == finding.rule_id), frozenset())
    context = expression_context(wizard.tree, wizard.answers)
    asked = [
        q for q in wizard.tree.questions() if q.id in names and is_asked(q, wizard.tree, context)
    ]
    # an unanswered question is the likelier fix ("no DPO email" rather than "has a DPO")
    return sorted(asked, key=lambda q: wizard.answers.get(q.id) not in (None, "", []))


def _sections(wizard: Wizard) -> list[Section]:
    return [s for s in wizard.tree.sections if _asked(wizard, s)]


def _asked(wizard: Wizard, section: Section) -> list[Question]:
    context = expression_context(wizard.tree, wizard.answers)
    return [q for q in section.questions if is_asked(q, wizard.tree, context)]


def _one_line(wizard: Wizard, question: Question, width: int = 40) -> str:
    text = " ".join(display_value(question, wizard.answers.get(question.id)).split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- answers in words ------------------------------------------------------------------------


def display_value(question: Question, value: Any) -> str:
    """An answer as the user would say it: labels, never ids."""
    if value is None or value == [] or value == "":
        return "(none)"
    if question.type == "yes_no":
        return "Yes" if value else "No"
    if question.type == "choice":
        return question.label_for(str(value))
    if question.type == "multi":
        return "; ".join(question.label_for(v) for v in value)
    if question.type == "group":
        return "; ".join(entry_label(question, e) for e in value)
    if question.type == "date":
        return date_long(value)  # "5 December 2026", as the documents print it
    return str(value)


def entry_label(group: Question, entry: Mapping[str, Any]) -> str:
    """A one-line label for a group entry: its item_label template, or its first answer.

    The template sees each field in words (a choice's label, not its id), unescaped.
    """
    words = {q.id: _label_value(q, entry.get(q.id)) for q in group.questions}
    if group.item_label:
        try:
            template = _plain_environment().from_string(group.item_label)
            blank = {key: "" if value is None else value for key, value in words.items()}
            text = " ".join(template.render(blank).split()).rstrip(" :;,-")
            # an entry with none of the label's fields answered yet reads as its words alone
            # ("Flow 1: to"): no label, like an entry with no answer
            nothing = " ".join(template.render({q.id: "" for q in group.questions}).split())
            return "" if text == nothing.rstrip(" :;,-") else text
        except Exception:  # noqa: BLE001 - a label is cosmetic; fall back to the first answer
            pass
    first = next((v for v in words.values() if v not in (None, "", [])), "")
    return " ".join(str(first).split())


def _label_value(question: Question, value: Any) -> Any:
    if value is None or question.type not in ("choice", "multi", "yes_no"):
        return value
    return display_value(question, value)


@cache
def _plain_environment() -> SandboxedEnvironment:
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=False)
