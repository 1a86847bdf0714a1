"""An agreement whose items are anonymous in the recipient's hands: the lawful basis
rows that cover none of its personal data say so, instead of an empty list."""

from __future__ import annotations

from pathlib import Path

from law_helpers import render, with_answers

RESEARCH = "dsa-research-council-university"
COUNTS = "Ward-level counts of children receiving early help, by year"


def _counts_only(tmp_path: Path) -> dict[str, str]:
    """The research example sharing only its anonymous ward-level counts."""
    doc = with_answers(RESEARCH, research_exemptions=[])
    answers = doc["answers"]
    answers["data_items"] = [i for i in answers["data_items"] if i["field"] == COUNTS]
    answers["flows"][0]["items"] = [COUNTS]
    for row in answers["party_bases"]:
        for key in ("art9_condition", "schedule1_condition"):
            row.pop(key)
    return render(doc, tmp_path)


def test_a_basis_covering_only_anonymous_items_is_not_said_of_nothing(tmp_path: Path) -> None:
    docs = _counts_only(tmp_path)
    wording = docs["privacy-notice-wording.md"]
    # the wording had "For , our lawful basis is public task": no personal data, no basis
    assert "For , " not in wording
    assert "our lawful basis is" not in wording
    agreement = docs["data-sharing-agreement.md"]
    assert "| Northshire County Council |  |" not in agreement
    assert (
        "| Northshire County Council | None as personal data: its items are anonymous in"
        ' the recipient\'s hands (clause "The information shared") | Public task'
    ) in agreement


def test_the_items_of_a_basis_row_are_escaped_once(tmp_path: Path) -> None:
    """The lawful basis table's data items cell is escaped for Markdown once, not again."""
    old = "School attendance and exclusions by term"
    new = "School attendance *and* exclusions [by term]"
    doc = with_answers(RESEARCH)
    answers = doc["answers"]
    for item in answers["data_items"]:
        item["field"] = new if item["field"] == old else item["field"]
    answers["flows"][0]["items"] = [new if i == old else i for i in answers["flows"][0]["items"]]
    agreement = render(doc, tmp_path)["data-sharing-agreement.md"]
    table = agreement.split("## Lawful basis and legal power", 1)[1].split("\n## ")[0]
    assert "; School attendance \\*and\\* exclusions \\[by term\\] | Public task" in table
    assert "\\\\" not in table  # no escape escaped again
