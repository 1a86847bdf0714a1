"""A list asked again keeps its entries: only the fields that do not fit are asked."""

from __future__ import annotations

from sharewiz.cli.asking.repair import typed_entries
from sharewiz.model.conditions import expression_context
from sharewiz.sets.build import load_kind

TREE = load_kind("privacy-notice")
CONTEXT = expression_context(TREE, {"collected_from": "both"})


def test_each_entry_keeps_what_fits_and_names_what_is_asked_again() -> None:
    group = TREE.question("data_categories")
    raw = [
        {"name": "Contact details", "examples": "name, address", "category": "personal",
         "provision": "voluntary"},
        {"name": "Health", "examples": "conditions", "category": "special_categry",
         "provision": "voluntary"},  # a typo in a choice
        {"examples": "allergies", "category": "special_category",
         "special_category_type": "health", "provision": "voluntary"},  # no name
        "not an entry",
    ]  # fmt: skip
    entries, at_fault = typed_entries(group, raw, CONTEXT)
    assert [e.get("name") for e in entries] == ["Contact details", "Health", None]
    assert entries[0]["category"] == "personal"
    assert 1 not in at_fault  # the first entry fits whole: nothing asked
    assert "category" not in at_fault[2] and "name" in at_fault[2]  # only its category asked
    assert "category" not in entries[1]
    assert "name" not in at_fault[3] and "special_category_type" in at_fault[3]
    assert entries[2]["special_category_type"] == "health"


def test_a_field_whose_when_is_false_is_not_asked() -> None:
    group = TREE.question("data_categories")
    raw = [{"name": "Contact details", "examples": "name", "category": "personal",
            "special_category_type": "nonsense", "provision": "voluntary"}]  # fmt: skip
    entries, at_fault = typed_entries(group, raw, CONTEXT)
    assert at_fault == {}  # not special: its type is not asked, whatever it says
    assert entries[0]["special_category_type"] is None
