"""Issue 14: each party's Art 9, Schedule 1 and Art 10 conditions, against its own items.

The conditions were one answer for a whole agreement (tree version 3); they now sit in
each party's lawful basis entry. Older answers files move into the entries; documents,
checks and the RoPA export show each party only its own items and conditions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from law_helpers import ROOT, check, render, with_answers
from sharewiz.cli.app import app
from sharewiz.model.reading import read_answers
from sharewiz.portfolio.exports import NOT_APPLICABLE, ROPA_COLUMNS, ropa_rows
from sharewiz.portfolio.status import portfolio_status
from sharewiz.sets.build import kind_loader, load_kind

MIGRATIONS = Path(__file__).parent / "migrations"
MOVED = ("art9_condition", "schedule1_condition", "criminal_condition")
# Every older agreement answers file we keep: each shipped example as it was answered for
# tree version 3 (one set of conditions for the whole agreement), and two from version 1.
OLD_FILES = sorted(p.stem for p in MIGRATIONS.glob("dsa-*.yaml"))


@pytest.mark.parametrize("name", OLD_FILES)
def test_older_answers_move_their_conditions_into_each_party_entry(name: str) -> None:
    path = MIGRATIONS / f"{name}.yaml"
    old = yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
    read = read_answers(path, tree_for=kind_loader(), strict=False)
    assert not [p for p in read.problems if any(key in str(p) for key in MOVED)]
    for key in MOVED:
        assert key not in read.answers or read.answers[key] is None
        if old.get(key):
            assert f"{key}: now asked for each entry of party_bases" in " ".join(read.notes)
            wanted = "schedule1" if old[key] == "both" else old[key]
            assert {e.get(key) for e in read.answers["party_bases"]} == {wanted}


@pytest.mark.parametrize(
    "name",
    ["dsa-antenatal-health-visiting", "dsa-health-visiting-two-trusts-ten-councils",
     "dsa-offender-management-part3"],
)  # fmt: skip
def test_a_version_3_example_states_the_conditions_of_its_golden(name: str, tmp_path: Path) -> None:
    path = MIGRATIONS / f"{name}.v3.yaml"
    result = CliRunner().invoke(app, ["render", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    golden = ROOT / "tests" / "golden" / name / "data-sharing-agreement.md"

    def conditions(text: str) -> str:
        return text.split("## Special category and criminal offence data")[1].split("\n## ")[0]

    migrated = (tmp_path / "out" / "data-sharing-agreement.md").read_text(encoding="utf-8")
    assert conditions(migrated) == conditions(golden.read_text(encoding="utf-8"))


def test_both_becomes_a_schedule_1_condition_for_each_party_and_says_so(tmp_path: Path) -> None:
    read = read_answers(
        MIGRATIONS / "dsa-supporting-families.v1.yaml", tree_for=kind_loader(), strict=False
    )
    assert "criminal_condition: now asked for each entry of party_bases; given to every entry" in (
        read.notes
    )
    assert "party_bases.criminal_condition: choice 'both' renamed to 'schedule1'" in read.notes
    assert {e["criminal_condition"] for e in read.answers["party_bases"]} == {"schedule1"}


def test_the_tree_asks_a_party_only_for_the_conditions_its_items_need() -> None:
    from sharewiz.model.conditions import effective_answers, evaluate

    tree = load_kind("data-sharing-agreement")
    group = tree.question("party_bases")
    inner = {q.id: q for q in group.questions}
    read = read_answers(ROOT / "examples" / "dsa-supporting-families.yaml", tree_for=kind_loader())
    answers = effective_answers(tree, read.answers)
    context = {
        "parties": answers["parties"],
        "data_items": answers["data_items"],
        "flows": answers["flows"],
        "kb": tree.kb,
    }

    def asked(party: str, question: str, items: list[str] | None = None) -> bool:
        return bool(evaluate(inner[question].when, {**context, "party": party, "items": items}))

    assert asked("Department for Work and Pensions", "art9_condition")  # disability indicator
    assert not asked("Department for Work and Pensions", "criminal_condition")
    assert asked("Northshire Police", "criminal_condition")
    assert not asked("Northshire Learning Trust", "art9_condition")  # attendance only
    assert not asked("Northshire Learning Trust", "criminal_condition")
    # named items narrow the entry: the council's entry for attendance needs no Art 9 condition
    attendance = ["School attendance, exclusions and suspensions"]
    assert not asked("Northshire County Council", "art9_condition", attendance)


def _entry(doc: dict[str, Any], kind: str) -> dict[str, Any]:
    answers = doc["answers"]
    name = next(p["name"] for p in answers["parties"] if p["organisation_type"] == kind)
    return next(b for b in answers["party_bases"] if b["party"] == name)


def test_each_party_privacy_wording_states_only_its_own_conditions(tmp_path: Path) -> None:
    wording = render(with_answers("dsa-supporting-families"), tmp_path)["privacy-notice-wording.md"]
    sections = dict(
        (part.split("\n", 1)[0], part) for part in wording.split("\n## ")[1:]
    )  # fmt: skip
    police = sections["Northshire Police"]
    assert "We use them under official authority (UK GDPR Article 10)." in police
    assert "special category data" not in police  # the police receive no health indicator
    dwp = sections["Department for Work and Pensions"]
    assert "Disability and health-related benefit indicator is special category data" in dwp
    assert "criminal offences" not in dwp
    trust = sections["Northshire Learning Trust"]
    assert "special category" not in trust and "criminal offences" not in trust


def test_a_condition_missing_for_one_party_names_that_party(tmp_path: Path) -> None:
    doc = with_answers("dsa-supporting-families")
    _entry(doc, "government_department").pop("art9_condition")
    report = check(doc, tmp_path)
    found = [f["message"] for f in report["findings"] if f["rule"] == "DSA-PARTY-CONDITION"]
    assert found == [
        "Department for Work and Pensions has no Article 9(2) condition for Disability and"
        " health-related benefit indicator."
    ]
    # the department processes under the UK GDPR: the Part 3 rule says nothing of it
    assert not [f for f in report["findings"] if f["rule"] == "DSA-PART3-CONDITION"]
    assert not [f for f in report["findings"] if f["rule"] == "SC-ART9-CONDITION"]


def test_a_part3_party_without_its_schedule_8_condition_is_named_under_part3(
    tmp_path: Path,
) -> None:
    doc = with_answers("dsa-offender-management-part3")
    _entry(doc, "probation").pop("sch8_condition")
    report = check(doc, tmp_path)
    found = [f["message"] for f in report["findings"] if f["rule"] == "DSA-PART3-CONDITION"]
    assert len(found) == 1
    assert found[0].startswith(
        "The Probation Service in Northshire processes under Part 3 of the DPA 2018 and has no"
        " Schedule 8 condition for sensitive processing for "
    )
    assert not [f for f in report["findings"] if f["rule"] == "DSA-PARTY-CONDITION"]


def test_para_10_needs_no_policy_document_for_disclosures_to_competent_authorities(
    tmp_path: Path,
) -> None:
    text = render(with_answers("dsa-offender-management-part3"), tmp_path)[
        "data-sharing-agreement.md"
    ]
    assert (
        "1. Northshire and Southvale Mental Health NHS Foundation Trust needs no appropriate"
        " policy document for the condition of preventing etc unlawful acts, because it"
        " discloses the information only to competent authorities (Data Protection Act 2018,"
        " Schedule 1, paragraph 10(2))."
    ) in text
    assert "Sch 8" not in text.split("## Special category")[1].split("## Security")[0]


def test_ropa_rows_carry_the_senders_own_conditions(tmp_path: Path) -> None:
    render(with_answers("dsa-supporting-families"), tmp_path, "answers")
    rows = ropa_rows(portfolio_status([tmp_path / "answers-out"]))
    condition = ROPA_COLUMNS[12]
    data = ROPA_COLUMNS[6]
    by_sender = {r[ROPA_COLUMNS[0]].split(",")[0]: r for r in rows}
    police = by_sender["Northshire Police"]
    assert police[condition].startswith("Official authority (")
    assert "Substantial public interest" not in police[condition]
    assert "special category" not in police[data]
    dwp = by_sender["Department for Work and Pensions"]
    assert dwp[condition].startswith("Substantial public interest")
    assert "Official authority" not in dwp[condition]
    assert dwp[ROPA_COLUMNS[13]].startswith("para 6 ")
    trust = by_sender["Northshire Learning Trust"]
    assert trust[condition] == "No special category or criminal offence data"
    # para 41 is about the sender's own conditions: none of the police's or school's needs
    # a policy document, whatever the council and the DWP rely on
    for row in (police, trust):
        assert row[ROPA_COLUMNS[13]] == row[ROPA_COLUMNS[15]] == NOT_APPLICABLE


def _flow_powers(text: str) -> list[str]:
    """The 'Legal power' cell of each row of the agreement's flows table."""
    table = text.split("## Data flows", 1)[1].split("\n\n| From |", 1)[1].split("\n\n", 1)[0]
    return [row.rstrip(" |").rsplit(" | ", 1)[1] for row in table.splitlines()[2:]]


def test_the_flows_table_names_each_senders_own_power_never_another_cell(
    tmp_path: Path,
) -> None:
    feed = render(with_answers("dsa-police-housing-monthly-feed"), tmp_path / "feed")
    text = feed["data-sharing-agreement.md"]
    assert "table of lawful bases" not in text
    association, police = _flow_powers(text)
    # the association names no gateway (a housing association relying on legitimate
    # interests needs none); the police disclose for the association's purposes under
    # the law they name as authorising it (DPA 2018 s36(4))
    assert association == "None named"
    assert police.startswith("Authorised by the chief officer's common law power")
    assert police.endswith("(Data Protection Act 2018, section 36(4))")
    # a flow group of several senders names each sender's own powers, and says which has none
    doc = with_answers("dsa-supporting-families")
    flows = doc["answers"]["flows"]
    flows[1]["from_parties"] = ["Northshire Learning Trust", "Department for Work and Pensions"]
    flows[1]["items"] = flows[1]["items"][:1]
    for entry in doc["answers"]["party_bases"]:
        if entry["party"] == "Department for Work and Pensions":
            entry.pop("gateways", None)
    text = render(doc, tmp_path / "families")["data-sharing-agreement.md"]
    assert _flow_powers(text)[1] == (
        "Northshire Learning Trust: Education Act 2002 s175; Children Act 2004 s10."
        " Department for Work and Pensions: none named"
    )
    # and the existing finding says a public body on public task names no power
    found = [f["message"] for f in check(doc, tmp_path / "check")["findings"]
             if f["rule"] == "DSA-LEGAL-POWER"]  # fmt: skip
    assert found and "Department for Work and Pensions" in found[0]


def _power_cells(text: str) -> dict[str, str]:
    """The 'Statutory gateway or power' cell of each party's row of the lawful bases table."""
    table = text.split("## Lawful basis and legal power", 1)[1].split("\n\n| Party |", 1)[1]
    rows = table.split("\n\n", 1)[0].splitlines()[2:]
    return {row.split(" | ")[0].lstrip("| "): row.rstrip(" |").rsplit(" | ", 1)[1] for row in rows}


def test_the_power_to_share_is_the_disclosers_and_a_flows_own_power_stands(
    tmp_path: Path,
) -> None:
    # the two-party agreement: the trust sends, the council only receives
    doc = yaml.safe_load((ROOT / "tests/data/wizard/dsa-two-party.yaml").read_text("utf-8"))
    trust, council = (e["party"] for e in doc["answers"]["party_bases"])
    for entry in doc["answers"]["party_bases"]:
        entry.pop("gateways")
    cells = _power_cells(render(doc, tmp_path / "none")["data-sharing-agreement.md"])
    assert cells == {trust: "None named",
                     council: "Not applicable: it does not disclose the data"}  # fmt: skip
    found = [f["message"] for f in check(doc, tmp_path / "check")["findings"]
             if f["rule"] == "DSA-LEGAL-POWER"]  # fmt: skip
    assert len(found) == 1 and trust in found[0] and council not in found[0]
    # the flow names its own power: the trust needs none of its own, and nothing is flagged
    doc["answers"]["flows"][0]["gateways"] = ["hsca_2012_s251b"]
    text = render(doc, tmp_path / "flow")["data-sharing-agreement.md"]
    assert _power_cells(text)[trust] == "As named for each flow it sends"
    assert _flow_powers(text) == [
        "Health and Social Care Act 2012 s251B (duty to share for direct care)"
    ]
    assert not [f for f in check(doc, tmp_path / "check2")["findings"]
                if f["rule"] == "DSA-LEGAL-POWER"]  # fmt: skip
