"""GW-NATION: one finding per arrangement, one sentence per party, each gateway named once
with its citation.

A gateway the knowledge base records as extending only to some nations (England, or
England and Wales) gives no power to a party elsewhere. A protocol relying on several
such gateways, all its partners in Scotland, repeated 'Every partner has an address in
Scotland but relies on ...' once per gateway; now the gateways are named together,
those covering the same nations in one clause. Run through the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from law_helpers import check, with_answers

ISP = "protocol-northshire-partnership"
DSA = "dsa-supporting-families"


def nation_finding(doc: dict[str, Any], folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The report of `sharewiz check --json` and its one GW-NATION finding."""
    report = check(doc, folder)
    found = [f for f in report["findings"] if f["rule"] == "GW-NATION"]
    assert len(found) == 1, report["findings"]
    return report, found[0]


def test_a_protocol_in_scotland_names_its_england_only_gateways_once(tmp_path: Path) -> None:
    doc = with_answers(ISP)
    for number, party in enumerate(doc["answers"]["parties"], start=1):
        party["address"] = f"{number} High Street\nEdinburgh\nEH{number} 1AA\n"
    report, finding = nation_finding(doc, tmp_path)
    message = finding["message"]
    assert finding["severity"] == "warning"
    assert report["exit_code"] == 0  # a warning, as before: check does not fail
    assert message.count("has an address in") == 1
    assert message.startswith(
        "Every partner has an address in Scotland but relies on Children Act 2004 s10,"
        " Care Act 2014 s42, Care Act 2014 s45 and Health and Social Care Act 2012 s251B"
        " (duty to share for direct care) (Health and Social Care Act 2012 s251B (inserted by"
        " Health and Social Care (Safety and Quality) Act 2015 s3); s251A (inserted by s2 of"
        " that Act); s251C (inserted by s4)), which cover only England, and on Children Act"
        " 1989 s47, Children Act 2004 s11 (s28 for Wales) and Local Government Act 1972 s111"
        " (subsidiary powers) (Local Government Act 1972 s111(1)), which cover only England"
        " and Wales. A statutory gateway gives a power only where it applies;"
    )
    # gateways that extend to Scotland, or whose extent is not recorded, are not named
    assert "Crime and Disorder" not in message


def test_an_agreement_names_each_partys_gateways_once(tmp_path: Path) -> None:
    """The council (Glasgow) relies on an England-only gateway in its lawful basis and
    again in a flow it sends: named once; the police (Cardiff) get their own sentence."""
    doc = with_answers(DSA)
    answers = doc["answers"]
    addresses = {"Northshire County Council": "City Chambers\nGlasgow\nG2 1DU\n",
                 "Northshire Police": "Cathays Park\nCardiff\nCF10 3NQ\n"}  # fmt: skip
    for party in answers["parties"]:
        party["address"] = addresses.get(party["name"], party["address"])
    council = next(b for b in answers["party_bases"] if b["party"] == "Northshire County Council")
    council["gateways"].append("care_act_2014_s42")
    flow = next(f for f in answers["flows"] if f["from_parties"] == ["Northshire County Council"])
    flow["gateways"] = ["children_act_2004_s10"]
    _report, finding = nation_finding(doc, tmp_path)
    assert finding["message"].startswith(
        "Northshire County Council has an address in Scotland but relies on Children Act 2004"
        " s10 and Care Act 2014 s42, which cover only England, and on Local Government Act"
        " 1972 s111 (subsidiary powers) (Local Government Act 1972 s111(1)), which covers only"
        " England and Wales. Northshire Police has an address in Wales but relies on Children"
        " Act 2004 s10, which covers only England. A statutory gateway"
    )
