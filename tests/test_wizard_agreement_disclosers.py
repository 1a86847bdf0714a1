"""A two-party agreement asks the power to share of its disclosers only (issue 16).

The legal power to share is the disclosing party's (ICO Data Sharing Code, Annex B): a
party that only receives needs its lawful basis and the law giving it the task, not a
gateway. So a party's gateways are asked only of a party that sends in a flow naming no
power of its own; a flow's senders are offered from the parties that supply an item (one
supplier is taken unasked, said in one line); and each party's retention period may
carry how the data is deleted after a colon. The prompts are replaced by scripts, so each
test says what the officer answered and checks what was asked, said and saved.
"""

from __future__ import annotations

from typing import Any

import pytest

from helpers import typing_lines
from sharewiz.cli.asking.across import complete
from sharewiz.cli.asking.shortcuts import offered, sole_choice
from sharewiz.model.conditions import expression_context
from test_wizard_agreement_cuts import COUNCIL, TRUST, agreement, answering, completing

GATEWAY = ["hsca_2012_s251b"]


def test_a_partys_gateways_are_asked_only_of_a_sender_in_a_flow_naming_no_power(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = agreement()
    asked = answering(wizard, monkeypatch, gateways=GATEWAY)
    complete(completing(wizard, "party_bases", "gateways"))
    assert asked == ["gateways"]  # the trust sends; the council only receives
    trust, council = wizard.answers["party_bases"]
    assert trust["gateways"] == GATEWAY and council["gateways"] is None
    # the flow names its own power: neither party is asked one
    wizard.answers["flows"][0]["gateways"] = GATEWAY
    complete(completing(wizard, "party_bases", "gateways"))
    assert asked == ["gateways"]
    # another flow back from the council, naming none: the council is asked
    wizard.answers["flows"].append({**wizard.answers["flows"][0], "gateways": [],
                                    "from_parties": [COUNCIL], "to_parties": [TRUST]})  # fmt: skip
    complete(completing(wizard, "party_bases", "gateways"))
    assert (
        asked == ["gateways", "gateways"] and wizard.answers["party_bases"][0]["gateways"] is None
    )


def _senders(wizard: Any, *suppliers: str) -> Any:
    """The flow's "From" question, and its context, with the items supplied by these."""
    items = [{**item, "source_party": supplier}
             for item, supplier in zip(wizard.answers["data_items"], suppliers, strict=True)]  # fmt: skip
    context = {**expression_context(wizard.tree, {**wizard.answers, "data_items": items}),
               "from_parties": None}  # fmt: skip
    return wizard.tree.question("flows").questions[0], context


def test_a_flows_senders_are_the_parties_that_supply_an_item(
    capsys: pytest.CaptureFixture[str],
) -> None:
    wizard = agreement()
    question, context = _senders(wizard, TRUST, TRUST, TRUST)
    assert question.id == "from_parties"
    assert sole_choice(question, context, None) == [TRUST]
    said = " ".join(capsys.readouterr().out.split())
    assert f"From (the parties that disclose) {TRUST} (the only choice your earlier" in said
    # an item each: both offered, and asked
    question, context = _senders(wizard, TRUST, COUNCIL, TRUST)
    assert sole_choice(question, context, None) is None
    assert [c.value for c in offered(question, context).choices] == [TRUST, COUNCIL]
    # an item both supply (in words, as the tick lists write it): both offered
    question, context = _senders(wizard, f"{TRUST} and {COUNCIL}", TRUST, TRUST)
    assert [c.value for c in offered(question, context).choices] == [TRUST, COUNCIL]
    # changed from the review (an answer given): asked, the earlier answer still offered
    question, context = _senders(wizard, TRUST, TRUST, TRUST)
    assert sole_choice(question, context, [COUNCIL]) is None
    assert COUNCIL in offered(question, context, keep=[COUNCIL]).choice_values()


def test_a_retention_period_carries_how_the_data_is_deleted_after_a_colon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = agreement()
    asked = answering(wizard, monkeypatch)
    lines = typing_lines(monkeypatch, wizard.tree,
                         {"period": "30 days after sending: deleted from the outbox"})  # fmt: skip
    complete(completing(wizard, "retention", "period", "deletion"))
    assert lines == ["period"] and asked == []  # no "How is it deleted?" of either party
    assert [(e["period"], e["deletion"]) for e in wizard.answers["retention"]] == [
        ("30 days after sending", "deleted from the outbox")] * 2  # fmt: skip
    # no colon: how it is deleted is asked on its own
    asked = answering(wizard, monkeypatch, deletion="shredded")
    typing_lines(monkeypatch, wizard.tree, {"period": "6 years"})
    complete(completing(wizard, "retention", "period", "deletion"))
    assert asked == ["deletion"] * 2  # the periods a line each, then each deletion
    assert wizard.answers["retention"][0] | {"party": None} == {
        "party": None, "period": "6 years", "deletion": "shredded"}  # fmt: skip
