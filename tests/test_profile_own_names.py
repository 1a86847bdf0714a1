"""A tree's own name for an answer the organisation profile holds (`profile:` on a
top-level question): a disclosure's `discloser_name`, a DPIA screening's organisation and
whether it has a DPO. The profile's value is offered in the wizard, filled beneath an
answers file that lacks it when rendering, and an answer typed there is saved under the
profile's own key.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import tree_error
from law_helpers import render, with_answers
from sharewiz.cli.asking.profile_offer import profile_offer
from sharewiz.law.choices import tree_knowledge
from sharewiz.model.profile import load_profile, set_value
from sharewiz.model.settings import fill_defaults, offer_defaults
from sharewiz.model.tree_loader import load_tree

ROOT = Path(__file__).resolve().parent.parent
HOUSING = "Riverside Homes Housing Association"


def _tree(kind: str):  # type: ignore[no-untyped-def]
    return load_tree(ROOT / "questions" / f"{kind}.yaml", knowledge=tree_knowledge())


def test_the_profiles_name_is_offered_and_saved_under_the_trees_own_names() -> None:
    tree = _tree("disclosure-decision")
    offer = profile_offer({"controller_name": HOUSING, "controller_type": "housing_association"},
                          tree)  # fmt: skip
    assert offer.values["discloser_name"] == HOUSING
    assert offer.values["discloser_type"] == "housing_association"
    assert offer.keys["discloser_name"] == "name"  # saved as the profile's `name`
    assert offer.keys["discloser_type"] == "organisation_type"
    offered = offer_defaults(tree, {"controller_name": HOUSING})
    assert offered.question("discloser_name").default == HOUSING
    dpia = offer_defaults(_tree("dpia-screening"), {"controller_name": HOUSING, "has_dpo": False})
    assert dpia.question("organisation_name").default == HOUSING
    assert dpia.question("dpo_designated").default is False


def test_a_render_fills_the_profiles_name_beneath_an_answers_file_lacking_it(
    tmp_path: Path,
) -> None:
    set_value("name", HOUSING)
    assert load_profile().values["name"] == HOUSING
    tree = _tree("disclosure-decision")
    filled = fill_defaults(tree, {}, {"controller_name": HOUSING})
    assert filled["discloser_name"] == HOUSING
    doc = with_answers("disclosure-police-housing", discloser_name=...)
    record = "".join(render(doc, tmp_path).values())
    assert f"This record documents {HOUSING}'s decision" in record
    assert os.environ["SHAREWIZ_HOME"] in str(load_profile().sources["name"])


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ("party_name", "must name a question the organisation profile answers"),
        (
            "signatories",
            "names 'signatories', which the profile holds as lines of signatories: "
            "it goes on a list",
        ),
    ],
)
def test_a_top_level_profile_naming_no_single_profile_answer_is_refused(
    tmp_path: Path, profile: str, message: str
) -> None:
    error = tree_error(
        tmp_path, f"{{id: name, type: text, prompt: N, help: H, profile: {profile}}}"
    )
    assert message in error and "demo.yaml:9" in error


def test_a_processor_contracts_contact_mailbox_is_not_the_profiles_email(tmp_path: Path) -> None:
    tree = _tree("processor-contract")
    offer = profile_offer({"controller_email": "dataprotection@riversidehomes.org.uk"}, tree)
    contact = tree.question("controller_contact_email")
    assert contact.id not in offer.keys  # never offered from, nor saved to, the profile
    assert "controller_email" not in {q.id for q in tree.questions()}
    # an answers file written before version 3 reads its contact mailbox under the new id
    doc = with_answers("processor-case-management")
    answers = doc["answers"]
    answers["controller_email"] = answers.pop("controller_contact_email")
    doc["tree_version"] = 2
    schedule = "".join(render(doc, tmp_path).values())
    assert "childrens.contracts@northshire.example.gov.uk" in schedule
