"""Issue 14, the privacy notice side: what the law asks per item is asked per item.

Each category of information says what kind of data it is, whether people must give it
(Art 13(2)(e)) and where it comes from (Art 14(2)(f)); several Art 9 and Art 10
conditions each cover the items picked for them; pupils' biometrics rest on the parental
consent the Protection of Freedoms Act 2012 requires; answers written for version 3 of
the notice questions are migrated, or told what is newly required.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from law_helpers import check, cli_app, rule_ids, write
from sharewiz.model.reading import read_answers
from sharewiz.sets.build import load_kind, render_answers_file

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).parent / "migrations"
OLD_NOTICES = sorted(MIGRATIONS.glob("privacy-notice-*.v3.yaml"))


def example(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text())
    return doc


def documents(doc: dict[str, Any], tmp_path: Path) -> dict[str, str]:
    path = write(doc, tmp_path / "in")
    result = render_answers_file(path, out_dir=tmp_path / "out", formats=["md"])
    return {d.id: d.markdown for d in result.documents}


def three_conditions() -> dict[str, Any]:
    """The council notice with three special categories, each under its own condition."""
    doc = copy.deepcopy(example("privacy-notice-council-adult-social-care"))
    answers = doc["answers"]
    answers["data_categories"] += [
        {"name": "Religion", "examples": "faith, for the care you receive",
         "category": "special_category", "special_category_type": "religious_beliefs",
         "provision": "voluntary"},
        {"name": "Safeguarding concerns", "examples": "concerns that you are at risk of abuse",
         "category": "special_category", "special_category_type": "health",
         "provision": "not_from_them"},
    ]  # fmt: skip
    answers["special_conditions"] += [
        {"items": ["Religion"], "art9_condition": "explicit_consent"},
        {"items": ["Safeguarding concerns"], "art9_condition": "substantial_public_interest",
         "schedule1_condition": "safeguarding_children_individuals_at_risk"},
    ]  # fmt: skip
    answers["consent_withdrawal"] = "tell your social worker"
    answers["appropriate_policy_document"] = True  # para 18 needs one (Sch 1 para 5)
    return doc


def test_a_notice_with_three_art9_conditions_prints_each_against_its_items(
    tmp_path: Path,
) -> None:
    text = documents(three_conditions(), tmp_path)["privacy-notice"]
    section = text.split("### Special category information\n\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("- **")]
    assert len(lines) == 3
    health, religion, safeguarding = lines
    assert health.startswith("- **Health and wellbeing**: ")
    assert "Article 9(2)(h)" in health and "9(2)(a)" not in health
    assert religion.startswith("- **Religion**: ")
    assert "explicit consent (UK GDPR Article 9(2)(a))" in religion
    assert safeguarding.startswith("- **Safeguarding concerns**: ")
    assert "Article 9(2)(g)" in safeguarding and "Part 2, paragraph 18)" in safeguarding
    # and the checks find nothing wrong with a condition per item
    assert not {"SC-ITEM-UNCOVERED", "SC-ART9-CONDITION", "SC-SCHEDULE1-CONDITION"} & rule_ids(
        three_conditions(), tmp_path
    )


def test_an_item_no_condition_covers_is_an_error_naming_it(tmp_path: Path) -> None:
    doc = three_conditions()
    doc["answers"]["special_conditions"].pop()  # nothing covers the safeguarding concerns
    findings = [f for f in check(doc, tmp_path)["findings"] if f["rule"] == "SC-ITEM-UNCOVERED"]
    assert len(findings) == 1
    assert findings[0]["message"].startswith("Safeguarding concerns is special category data")


def test_whether_people_must_give_it_is_asked_and_printed_per_item(tmp_path: Path) -> None:
    tree = load_kind("privacy-notice")
    categories = tree.question("data_categories")
    provision = next(q for q in categories.questions if q.id == "provision")
    # issue 16 item 7: no default stating a legal conclusion (nothing pre-selected)
    assert provision.default is None and provision.default_from is None
    assert provision.required
    # the wizard's cursor starts on the first choice: never a legal requirement
    assert provision.choices[0].value == "voluntary"
    assert provision.choices[-1].value == "statutory"
    text = documents(example("privacy-notice-school-pupils"), tmp_path)["privacy-notice"]
    assert "| Ethnicity | No: it is up to you | Nothing: you can still use the service |" in text
    assert (
        "| Health and medical needs | No, but we need it to provide the service | We may not be"
        in text
    )
    # items the school records itself or receives are not said to be asked of anyone
    assert "| Attendance |" not in text
    assert "required by law" not in text.lower()  # no item is, so nothing says so
    doc = example("privacy-notice-school-pupils")
    doc["answers"]["data_categories"][0]["provision"] = "statutory"
    text = documents(doc, tmp_path / "statutory")["privacy-notice"]
    assert "| Contact and identity details | Yes: the law requires you to | We cannot" in text
    assert "| Ethnicity | No: it is up to you |" in text  # the others keep their own answers


def test_the_school_notice_puts_fingerprints_under_pofa_consent(tmp_path: Path) -> None:
    docs = documents(example("privacy-notice-school-pupils"), tmp_path)
    text = docs["privacy-notice"]
    assert (
        "- **Fingerprints for cashless catering**: We process this information with your "
        "explicit consent (UK GDPR Article 9(2)(a))"
    ) in text
    assert "(Protection of Freedoms Act 2012, section 26(2))" in text
    assert (
        "the written consent of at least one parent" in text and "(sections 26(3) and 27)" in text
    )
    assert "If a pupil refuses or objects" in text and "(section 26(5))" in text
    assert "another way, for example with a card or PIN (section 26(7))" in text
    # the census under legal obligation, naming the Act and the Regulations
    assert (
        "| To send the school census to the Department for Education | Legal obligation "
        "(UK GDPR Article 6(1)(c)): Education Act 1996, section 537A, and the Education "
        "(Information About Individual Pupils) (England) Regulations 2013 (SI 2013/2094) |"
    ) in text
    # health and ethnicity stay under (g) with para 6
    assert "- **Health and medical needs and Ethnicity**: " in text
    # children are in the audience: the age-appropriate version is written; Art 8 is not
    # mentioned, as no online service is offered to them on consent
    assert (
        "If you say no, we will not, even if they said yes." in docs["privacy-notice-young-people"]
    )
    assert "Article 8" not in text
    # no rule tells the school to use public task instead of consent for the fingerprints
    found = rule_ids(example("privacy-notice-school-pupils"), tmp_path)
    assert not {"LB-CONSENT-PUBLIC-AUTHORITY", "SC-ART9-PUBLIC-ROUTINE", "LB-CONSENT-STATUTORY"} & (
        found
    )


def test_names_of_information_keep_their_capitals_mid_sentence(tmp_path: Path) -> None:
    """A name the officer typed is lowered only where it begins with an ordinary word:
    "CAMHS referrals" keeps its acronym in every version, and the biometric item reads
    as the pupil's own ("your biometric template"), whatever its name."""
    doc = example("privacy-notice-school-pupils")
    renamed = {"Health and medical needs": "CAMHS referrals",
               "Fingerprints for cashless catering": "Biometric template"}  # fmt: skip
    answers = doc["answers"]
    for category in answers["data_categories"]:
        category["name"] = renamed.get(category["name"], category["name"])
    for entry in answers["special_conditions"]:
        entry["items"] = [renamed.get(name, name) for name in entry["items"]]
    docs = documents(doc, tmp_path)
    young = docs["privacy-notice-young-people"]
    assert "extra private: CAMHS referrals, ethnicity and biometric template." in young
    assert "We only use your biometric template if your parent or carer says yes" in young
    assert (
        "We use a pupil's biometric information (biometric template) only"
        in (docs["privacy-notice"])
    )
    assert (
        "special educational needs, CAMHS referrals, ethnicity" in (docs["privacy-notice-summary"])
    )
    assert "camhs" not in "".join(docs.values())


def test_the_summary_lists_purposes_as_one_sentence(tmp_path: Path) -> None:
    """Purposes after the first continue the summary's list in lower case, and a purpose
    the officer closed with a full stop does not end the list before its basis."""
    doc = example("privacy-notice-charity-food-bank")
    doc["answers"]["purposes"][0]["description"] = "To provide emergency food parcels."
    summary = documents(doc, tmp_path)["privacy-notice-summary"]
    assert (
        "| **Why** | To provide emergency food parcels (legitimate interests); to tell the "
        "referring agency that the voucher was used"
    ) in summary


def test_the_summary_cites_article_7_3_only_with_the_right_it_gives(tmp_path: Path) -> None:
    """Art 7(3) (withdrawing consent) is cited beside the rights only where that right is
    listed, that is where the notice relies on consent."""
    council = documents(example("privacy-notice-council-adult-social-care"), tmp_path / "a")
    assert "right to withdraw consent" not in council["privacy-notice-summary"]
    assert "(UK GDPR Articles 15 to 21)." in council["privacy-notice-summary"]
    school = documents(example("privacy-notice-school-pupils"), tmp_path / "b")
    assert (
        "right to withdraw consent (UK GDPR Articles 15 to 21 and 7(3))."
        in (school["privacy-notice-summary"])
    )


def test_automated_decisions_read_as_sentences(tmp_path: Path) -> None:
    """The logic the officer explains in a phrase follows a lead-in of its own instead of
    standing as a capitalised fragment, and the safeguards sentence ends once, with its
    citation inside it."""
    doc = example("privacy-notice-charity-food-bank")
    doc["answers"].update(
        automated_decisions=True,
        automated_logic="a score based on how often you have been referred",
        automated_consequences="it decides how many parcels you get",
        automated_authority="explicit_consent",
    )
    text = documents(doc, tmp_path)["privacy-notice"]
    assert "How we make them: a score based on how often you have been referred." in text
    assert "and contest it (UK GDPR Article 22C)." in text
    assert ". (UK GDPR Article 22C)" not in text
    # the rights list cites the Articles as the notice's other rights do, without the
    # knowledge base's note of the Act that inserted them
    assert "- **Rights about automated decisions** (UK GDPR Articles 22A to 22D). Where" in text
    assert "inserted by" not in text


def test_approved_transfers_read_for_several_destinations(tmp_path: Path) -> None:
    """The approval wording does not assume one destination ("to this destination, because
    its standard"), so it reads after a list of countries too."""
    doc = example("privacy-notice-charity-food-bank")
    doc["answers"].update(
        international_transfers=True,
        transfer_destinations="the European Economic Area and Switzerland",
        transfer_mechanism="approval_regulations",
    )
    text = documents(doc, tmp_path)["privacy-notice"]
    assert (
        "can be accessed from, the European Economic Area and Switzerland. UK regulations "
        "approve transfers there, because the standard of protection there is not materially "
        "lower than in the UK (UK GDPR Article 45A)."
    ) in text


def test_a_processor_recipient_agrees_in_number(tmp_path: Path) -> None:
    """A processor named in the plural ("Debt collection agencies") is not said to "works on
    our behalf": the note reads for one organisation or several."""
    doc = example("privacy-notice-charity-food-bank")
    doc["answers"]["recipients"].append(
        {"name": "Debt collection agencies", "why": "to collect unpaid rent", "processor": True}
    )
    text = documents(doc, tmp_path)["privacy-notice"]
    assert "| Debt collection agencies (acting on our behalf) | to collect unpaid rent |" in text
    assert "works on our behalf" not in text


def test_pofa_wording_needs_the_consent_recorded(tmp_path: Path) -> None:
    doc = example("privacy-notice-school-pupils")
    doc["answers"].pop("biometric_parental_consent")
    text = documents(doc, tmp_path)["privacy-notice"]
    assert "Protection of Freedoms Act" not in text
    assert "BIO-POFA-PARENTAL-CONSENT" in rule_ids(doc, tmp_path)


@pytest.mark.parametrize("old", OLD_NOTICES, ids=lambda p: p.stem)
def test_a_version_3_notice_is_migrated_item_by_item(old: Path) -> None:
    doc = yaml.safe_load(old.read_text())
    assert doc["tree_version"] == 3
    read = read_answers(old, tree_for=load_kind, strict=False)
    assert not read.problems
    answers, given = read.answers, doc["answers"]
    if given.get("provision_requirement"):
        assert {c.get("provision") for c in answers["data_categories"]} == {
            given["provision_requirement"]
        }
        assert (
            "provision_requirement: now asked for each entry of data_categories; given to "
            "every entry"
        ) in read.notes
    # one condition for everything; which items it covers is asked once they are marked
    (condition,) = answers["special_conditions"]
    assert {k: v for k, v in condition.items() if v is not None} == {
        k: given[k] for k in ("art9_condition", "schedule1_condition") if given.get(k)
    }
    assert "special_categories: no longer asked" in " ".join(read.notes)


@pytest.mark.parametrize("old", OLD_NOTICES, ids=lambda p: p.stem)
def test_a_version_3_notice_names_what_version_4_asks(old: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app(), ["render", str(old), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1, result.output
    # what kind of data each category is comes first; the conditions are asked after it
    assert "  data_categories: " in result.output
    assert (
        "(newly required: added in version 4 of the privacy-notice questions; these answers "
        "are for version 3)"
    ) in result.output


def test_the_ropa_row_gives_each_condition_its_items() -> None:
    from sharewiz.portfolio.exports import _notice_rows

    tree = load_kind("privacy-notice")
    answers = example("privacy-notice-school-pupils")["answers"]
    row = _notice_rows(tree, answers)[0]
    conditions = next(v for k, v in row.items() if k.startswith("Special category"))
    assert conditions == (
        "Health and medical needs, Ethnicity: Substantial public interest (UK GDPR Art 9(2)(g)),"
        " with Statutory and government purposes (DPA 2018 Sch 1 para 6); Fingerprints for"
        " cashless catering: Explicit consent (UK GDPR Art 9(2)(a))"
    )
    data = next(v for k, v in row.items() if k.startswith("Categories of personal data"))
    assert "Fingerprints for cashless catering (special category: " in data


def test_the_service_name_continues_the_opening_sentence(tmp_path: Path) -> None:
    """'uses personal information in its Adult social care assessments service': the name
    is lowered where it is ordinary words, and 'service' is not said twice."""
    doc = example("privacy-notice-council-adult-social-care")
    notice = documents(doc, tmp_path / "a")
    assert "in its adult social care assessments service, who we share" in notice["privacy-notice"]
    assert "in its adult social care assessments service." in notice["privacy-notice-summary"]
    doc["answers"]["service_name"] = "Warm Homes Service"
    notice = documents(doc, tmp_path / "b")
    assert "in its Warm Homes Service, who we share" in notice["privacy-notice"]
    assert "in its Warm Homes Service." in notice["privacy-notice-summary"]


def test_the_policy_document_sentence_is_not_part_of_the_last_condition(tmp_path: Path) -> None:
    """With special category conditions and no criminal offence ones, the sentence about
    the appropriate policy document ran on as part of the last condition's bullet."""
    doc = copy.deepcopy(example("privacy-notice-council-adult-social-care"))
    answers = doc["answers"]
    answers["special_conditions"][0].update(
        art9_condition="substantial_public_interest",
        schedule1_condition="statutory_and_government_purposes",
    )
    answers.update(appropriate_policy_document=True, apd_retention_followed=True)
    notice = documents(doc, tmp_path)["privacy-notice"]
    assert "(Schedule 1, Part 2, paragraph 6).\n\nWe have an appropriate policy document" in notice


def test_a_purpose_typed_as_the_prompt_shows_opens_its_cell(tmp_path: Path) -> None:
    """Purposes typed lower case, as the prompt's example is ('to assess your needs'),
    began the notice's lawful basis rows and the summary's 'Why' in lower case."""
    doc = copy.deepcopy(example("privacy-notice-council-adult-social-care"))
    for purpose in doc["answers"]["purposes"]:
        purpose["description"] = purpose["description"][0].lower() + purpose["description"][1:]
    docs = documents(doc, tmp_path)
    assert (
        "| To assess your needs for care and support, and your carer's needs |"
        in docs["privacy-notice"]
    )
    assert "| **Why** | To assess your needs for care and support" in docs["privacy-notice-summary"]


def test_criminal_offence_items_are_introduced_whatever_their_number(tmp_path: Path) -> None:
    """'Alleged offences is information about criminal convictions': the verb followed the
    count of items, not the words of the name; the sentence now names them after a colon."""
    doc = copy.deepcopy(example("privacy-notice-council-adult-social-care"))
    answers = doc["answers"]
    answers["data_categories"].append(
        {"name": "Alleged offences", "category": "criminal_offence", "provision": "not_from_them"}
    )
    answers["criminal_conditions"] = [
        {"items": ["Alleged offences"], "criminal_condition": "official_authority"}
    ]
    notice = documents(doc, tmp_path)["privacy-notice"]
    assert "Alleged offences is information" not in notice
    assert (
        "Some of this information is about criminal convictions and offences, or related"
        " security measures: Alleged offences. We use it only under the additional safeguards"
        " described below."
    ) in notice
