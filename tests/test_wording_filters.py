"""Numbers and nouns agree in documents: "1 month's notice", "3 months' notice" (issue 16).

Templates print periods with `count_noun` and, before a noun, `possessive`; these tests
check the filters over any count, and the documents that use them with a count of one.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from law_helpers import render, with_answers
from sharewiz.model.expressions import make_environment

_UNITS = ["month", "day", "hour", "working day", "week", "year"]


def _render(source: str, **context: object) -> str:
    return make_environment().from_string(source).render(**context)


@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(_UNITS))
def test_a_count_agrees_with_its_noun_and_takes_the_right_apostrophe(count: int, unit: str) -> None:
    text = _render("{{ n | count_noun(unit) | possessive }} notice", n=count, unit=unit)
    if count == 1:
        assert text == f"1 {unit}'s notice"
    else:
        assert text == f"{count} {unit}s' notice"
    assert not re.search(r"\b1 \w+s\b|s's\b|\b1 [\w ]+' ", text)


def test_possessive_of_phrases_without_a_count() -> None:
    assert _render("{{ 'the parties' | possessive }}") == "the parties'"
    assert _render("{{ 'the council' | possessive }}") == "the council's"
    assert _render("{{ 'the business' | possessive }}") == "the business's"


def test_one_month_notice_reads_correctly_in_the_agreement_and_the_protocol(
    tmp_path: Path,
) -> None:
    doc = with_answers(
        "dsa-antenatal-health-visiting", termination_notice_months=1, review_months=1
    )
    agreement = render(doc, tmp_path / "dsa")["data-sharing-agreement.md"]
    assert "giving 1 month's written notice" in agreement
    assert "every 1 month," in agreement
    assert "month' " not in agreement
    doc = with_answers("protocol-northshire-partnership", leaving_notice_months=1)
    protocol = "".join(render(doc, tmp_path / "isp").values())
    assert "giving 1 month's written notice" in protocol


def test_an_answer_opening_a_cell_starts_with_a_capital() -> None:
    assert _render("{{ x | opening }}", x="to decide who is eligible.") == (
        "To decide who is eligible"
    )
    assert _render("{{ x | opening }}", x="NHS patients") == "NHS patients"
    assert _render("{{ x | opening }}", x="") == ""


def test_a_service_name_continues_in_its_and_says_service_once() -> None:
    render = lambda name: _render("in its {{ x | service_phrase }}", x=name)  # noqa: E731
    assert render("Adult social care assessments") == "in its adult social care assessments service"
    assert render("Warm Homes Service") == "in its Warm Homes Service"
    assert render("Youth services") == "in its youth services"


def test_an_answer_begun_as_a_sentence_continues_the_documents_sentence(tmp_path: Path) -> None:
    said = {
        "Tenants who are referred to, or ask for, help to keep their tenancy.":
            "tenants who are referred to, or ask for, help to keep their tenancy",
        "Tenants": "tenants",
        "A parent or carer": "a parent or carer",
        "Your teacher or the school office": "your teacher or the school office",
        "Riverside Homes tenants": "Riverside Homes tenants",  # a name keeps its capitals
        "NHS patients of the trust": "NHS patients of the trust",
        "Muslim families who use the centre": "Muslim families who use the centre",
        "Tenants, residents and visitors": "tenants, residents and visitors",
        "I have no idea": "I have no idea",
        "adults leaving hospital..": "adults leaving hospital..",
        # a hyphen or an apostrophe in an ordinary first word (an agreement's data items)
        "Long-term health condition": "long-term health condition",
        "Offender's name and date of birth": "offender's name and date of birth",
        "Children's social care involvement": "children's social care involvement",
        "O'Neill family records": "O'Neill family records",  # a name's own capital
        "Anglo-Saxon heritage": "Anglo-Saxon heritage",
    }  # fmt: skip
    for typed, continued in said.items():
        assert _render("{{ x | mid_sentence }}", x=typed) == continued, typed
    doc = with_answers("privacy-notice-council-adult-social-care",
                       audience="Adults leaving hospital.")  # fmt: skip
    notice = render(doc, tmp_path / "pn")["privacy-notice.md"]
    assert "This notice is for adults leaving hospital. It explains" in notice


@given(st.text(max_size=40))
def test_continuing_a_sentence_changes_at_most_the_case_of_the_first_letter(typed: str) -> None:
    phrased = _render("{{ x | phrase }}", x=typed)
    continued = _render("{{ x | mid_sentence }}", x=typed)
    assert continued[1:] == phrased[1:] and continued[:1].lower() == phrased[:1].lower()
