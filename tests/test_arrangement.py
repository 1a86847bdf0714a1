"""The arrangement model: flow groups, per-party status and conditions, routing, migration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from sharewiz.cli.app import app
from sharewiz.law.arrangement import needs, one_off_requests, party_status
from sharewiz.law.condition_uses import policy_documents
from sharewiz.law.knowledge import load_knowledge
from sharewiz.model.arrangement import build_arrangement
from sharewiz.model.reading import read_answers
from sharewiz.sets.build import kind_loader, load_kind

KB = load_knowledge()
MIGRATIONS = Path(__file__).parent / "migrations"


def party(name: str, organisation_type: str = "local_authority", **extra: Any) -> dict[str, Any]:
    return {"name": name, "role": "controller", "organisation_type": organisation_type, **extra}


def test_a_flow_group_expands_to_every_sender_and_recipient() -> None:
    trusts = ["Trust A", "Trust B"]
    councils = [f"Council {n}" for n in range(1, 11)]
    answers = {
        "parties": [party(n, "nhs_body") for n in trusts] + [party(n) for n in councils],
        "data_items": [{"field": "NHS number"}, {"field": "Birth details"}],
        "flows": [{"from_parties": trusts, "to_parties": councils, "items": ["Birth details"]}],
    }
    flows = build_arrangement(answers).flows
    assert len(flows) == 20
    assert {(f.sender, f.recipient) for f in flows} == {(t, c) for t in trusts for c in councils}
    assert all(f.items == ("Birth details",) for f in flows)


def test_a_party_is_never_sent_its_own_data() -> None:
    answers = {"flows": [{"from_parties": ["A", "B"], "to_parties": ["A", "B"]}]}
    assert [(f.sender, f.recipient) for f in build_arrangement(answers).flows] == [
        ("A", "B"),
        ("B", "A"),
    ]


def test_status_follows_the_organisation_type_unless_overridden_with_a_reason() -> None:
    arrangement = build_arrangement(
        {
            "parties": [
                party("Police", "police"),
                party("Charity", "charity"),
                party("School", "school", public_authority_override=True),
                party(
                    "Independent",
                    "school",
                    public_authority_override=True,
                    public_authority_reason="independent school",
                ),
                party("Police HR", "police", regime="uk_gdpr"),
            ]
        }
    )
    police, charity, school, independent, hr = (party_status(p, KB) for p in arrangement.parties)
    assert (police.public_authority, police.competent_authority, police.regime) == (
        True,
        True,
        "part3",
    )
    assert (charity.public_authority, charity.regime) == (False, "uk_gdpr")
    assert school.public_authority and not school.overridden  # no reason: the type stands
    assert not independent.public_authority and independent.overridden
    assert hr.regime == "uk_gdpr"


def _police_to_council(**police_conditions: Any) -> dict[str, Any]:
    return {
        "parties": [party("Police", "police"), party("Council")],
        "data_items": [
            {"field": "Name"},
            {
                "field": "Mental health marker",
                "special_category": True,
                "special_category_type": "health",
            },
        ],
        "flows": [
            {
                "from_parties": ["Police"],
                "to_parties": ["Council"],
                "items": ["Name", "Mental health marker"],
            }
        ],
        "party_bases": [
            {"party": "Police", **police_conditions},
            {"party": "Council", "basis": "public_task", "items": ["Name"]},
        ],
    }


def test_a_part3_party_needs_part3_conditions_and_a_uk_gdpr_party_art6_and_art9() -> None:
    arrangement = build_arrangement(_police_to_council(part3_condition="s35_task"))
    found = {(n.party, n.kind): n for n in needs(arrangement, KB)}
    assert set(found) == {
        ("Police", "s35"),
        ("Police", "sch8"),
        ("Police", "s36_4"),
        ("Council", "art6"),
        ("Council", "art9"),
    }
    assert found[("Police", "s35")].met
    assert not found[("Police", "sch8")].met
    assert found[("Police", "sch8")].items == ("Mental health marker",)
    # the council's basis names only the name: the health marker is not covered
    assert not found[("Council", "art6")].met


def test_policy_document_exception_for_disclosure_to_a_competent_authority() -> None:
    def council_to(name: str, organisation_type: str) -> Any:
        return build_arrangement(
            {
                "parties": [party("Council"), party(name, organisation_type)],
                "data_items": [{"field": "Mental health", "special_category": True}],
                "flows": [{"from_parties": ["Council"], "to_parties": [name]}],
                "party_bases": [
                    {
                        "party": "Council",
                        "art9_condition": "substantial_public_interest",
                        "schedule1_condition": "preventing_detecting_unlawful_acts",
                    }
                ],
            }
        )

    assert [
        (d.needed, d.reason, d.items) for d in policy_documents(council_to("Police", "police"), KB)
    ] == [(False, "DPA 2018 Sch 1 para 10(2)", ("Mental health",))]
    assert [d.needed for d in policy_documents(council_to("School", "school"), KB)] == [True]


def test_one_off_routing_comes_from_frequency_and_volume_not_wording() -> None:
    flows = [
        {"from_parties": ["A"], "to_parties": ["B"], "frequency": "one_off", "volume": 1},
        {"from_parties": ["A"], "to_parties": ["B"], "frequency": "one_off", "volume": 12000},
        {
            "from_parties": ["A"],
            "to_parties": ["B"],
            "frequency": "scheduled",
            "interval": "a one-off extract",
        },
        {"from_parties": ["A"], "to_parties": ["B"], "frequency": "on_request"},
    ]
    assert one_off_requests(build_arrangement({"flows": flows})) == [1]


def test_v1_answers_migrate_and_report_what_they_cannot_carry(tmp_path: Path) -> None:
    read = read_answers(
        MIGRATIONS / "dsa-supporting-families.v1.yaml", tree_for=kind_loader(), strict=False
    )
    assert "flows.from_party: renamed to flows.from_parties" in read.notes
    assert "flows.frequency: renamed to flows.interval" in read.notes
    dropped = [n for n in read.notes if "data_sent" in n]
    assert len(dropped) == 4  # one note per flow, each quoting the text that was dropped
    assert (
        "'identifiers, benefit status, disability and health-related benefit indicator'"
        in dropped[0]
    )
    assert not read.problems
    flows = read.answers["flows"]
    assert flows[0]["from_parties"] == ["Department for Work and Pensions"]
    assert flows[0]["interval"] == "quarterly"


def test_v1_answers_render_reports_the_new_questions_by_name(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text((MIGRATIONS / "dsa-antenatal-health-visiting.v1.yaml").read_text())
    result = CliRunner().invoke(app, ["render", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert (
        "  flows: How does data flow between the parties? (newly required: added in version 3"
        in (result.output)
    )


def test_one_off_request_in_an_agreement_is_an_error_naming_the_right_kind(tmp_path: Path) -> None:
    example = Path(__file__).parents[1] / "examples" / "dsa-antenatal-health-visiting.yaml"
    text = example.read_text().replace(
        "      frequency: scheduled\n      interval: weekly (pregnancy notifications)\n      volume: 90",
        "      frequency: one_off\n      volume: 1",
        1,
    )
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code != 0
    assert "DSA-ONE-OFF" in result.output
    assert "sharewiz new disclosure-decision" in result.output


def test_the_agreement_tree_offers_organisation_types_from_the_knowledge_base() -> None:
    parties = load_kind("data-sharing-agreement").question("parties")
    types = next(q for q in parties.questions if q.id == "organisation_type")
    assert set(types.choice_values()) == set(KB.collection("organisation_types").ids)
