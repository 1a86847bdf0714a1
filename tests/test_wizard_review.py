"""The wizard's review screen and group editing, driven in-process with scripted answers.

The prompts are replaced by a script (a list of the options to pick), so each test says
what the officer chose and checks what the wizard offered and did.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sharewiz.cli.asking import Wizard
from sharewiz.model.expressions import date_long
from sharewiz.sets.build import read_answers
from wizard_script import Script

ROOT = Path(__file__).resolve().parent.parent


def council(**changes: Any) -> Wizard:
    tree, _file, answers = read_answers(
        ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    # optional questions the example leaves out are answered "blank", so none is asked
    answers = {q.id: answers.get(q.id) for q in tree.questions()} | changes
    return Wizard(tree, answers, on_answer=lambda _answers: None)


def test_findings_are_on_the_review_screen_and_lead_to_the_question_that_fixes_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard = council(dpo_email=None)
    script = Script(["Show the findings", "Fix PN-DPO-CONTACT", "Write the documents"])
    monkeypatch.setattr("sharewiz.cli.asking.review.select", script)
    pauses: list[str] = []
    monkeypatch.setattr("sharewiz.cli.asking.review.pause", pauses.append)
    asked: list[str] = []

    def ask(question: Any, context: Any, **_: Any) -> str:
        asked.append(question.id)
        return "dpo@northshire.gov.uk"

    monkeypatch.setattr(wizard, "ask", ask)
    assert wizard.run() == wizard.answers
    shown = capsys.readouterr().out
    assert "error PN-DPO-CONTACT" in shown and "Fix:" in shown
    # above the menu, one line sums them up; the findings are a choice of the menu
    assert "The checks found 1 error" in shown and "Show the findings" in shown
    assert script.menus[0][1][1].label.startswith("Show the findings (")
    assert asked == ["dpo_email"]  # straight to the question that fixes it
    assert wizard.answers["dpo_email"] == "dpo@northshire.gov.uk"
    fix = next(o for o in script.menus[1][1] if "PN-DPO-CONTACT" in o.label)
    assert fix.description  # the fix, shown under the list
    assert len(script.menus) == 3  # no "write anyway?" once the error is fixed


def test_writing_with_an_error_needs_an_explicit_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = council(dpo_email=None)
    script = Script(["Write the documents", "No, go back", "Write the documents", "Yes, write"])
    monkeypatch.setattr("sharewiz.cli.asking.review.select", script)
    assert wizard.run() is not None
    questions = [message for message, _options in script.menus]
    assert questions == [
        "What next?",
        "The checks found 1 error(s). Write the documents anyway?",
        "What next?",
        "The checks found 1 error(s). Write the documents anyway?",
    ]


def test_sections_fit_a_screen_and_labels_are_words(monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = council()
    script = Script(["Quit for now"])
    monkeypatch.setattr("sharewiz.cli.asking.review.select", script)
    assert wizard.run() is None
    labels = [o.label for o in script.menus[0][1]]
    assert labels[0] == "Write the documents"
    assert any(label.startswith("See or change section 1: ") for label in labels)
    assert len(labels) < 20  # a menu, not every answer


def test_group_remove_is_confirmed_and_entries_can_move(monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = council()
    names = [r["name"] for r in wizard.answers["recipients"]]
    assert len(names) >= 2
    group = wizard.tree.question("recipients")
    picks = Script(["2. ", "Move it up", "1. ", "Remove", "1. ", "Remove", "Done"])
    confirms = iter([False, True])
    monkeypatch.setattr("sharewiz.cli.asking.groups.select", picks)
    monkeypatch.setattr("sharewiz.cli.asking.groups.confirm", lambda *a, **k: next(confirms))
    wizard.edit_group(group, {})
    kept = [r["name"] for r in wizard.answers["recipients"]]
    # 2 moved to the top; the first remove was declined, the second done
    assert kept == [names[0], *names[2:]]
    entry_menu = picks.menus[1]
    assert entry_menu[0].startswith("Recipient 2: ")
    labels = [o.label for o in entry_menu[1]]
    assert labels[:2] == ["Change its answers", "Move it up"] and "Remove this recipient" in labels


def test_a_new_list_goes_from_entry_to_entry_until_an_empty_first_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sharewiz.cli.asking.prompts import CANCEL

    wizard = council(recipients=None)
    wizard.answers.pop("recipients")
    # entry by entry, as a list without `as_lines` is made (tests/test_lines.py types them)
    group = replace(wizard.tree.question("recipients"), as_lines=None)
    # whether each is a processor is asked once the list is made (one tick list across
    # several recipients; of the only one, as a question)
    given = iter(["Northshire Police", "to protect adults at risk", CANCEL, False])
    cancels: list[str | None] = []

    def ask(question: Any, context: Any, *, cancel: str | None = None, **_: Any) -> Any:
        cancels.append(cancel)
        return next(given)

    monkeypatch.setattr(wizard, "ask", ask)
    monkeypatch.setattr("sharewiz.cli.asking.groups.select", Script([]))  # no menu at all
    wizard.edit_group(group, {})
    assert [r["name"] for r in wizard.answers["recipients"]] == ["Northshire Police"]
    # the first field of each new entry says how to stop; the others do not
    assert cancels == ["leave empty if there are no more recipients", None,
                       "leave empty if there are no more recipients", None]  # fmt: skip


def test_an_add_from_the_menu_can_be_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    from sharewiz.cli.asking.prompts import CANCEL

    wizard = council()
    before = list(wizard.answers["recipients"])
    cancels: list[str | None] = []

    def ask(question: Any, context: Any, *, cancel: str | None = None, **_: Any) -> Any:
        cancels.append(cancel)
        return CANCEL

    monkeypatch.setattr(wizard, "ask", ask)
    monkeypatch.setattr("sharewiz.cli.asking.groups.select", Script(["Add a", "Done"]))
    wizard.edit_group(wizard.tree.question("recipients"), {})
    assert wizard.answers["recipients"] == before
    assert cancels == ["leave empty to cancel this recipient"]


def test_the_profile_answers_in_one_go_and_new_answers_are_offered_to_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sharewiz.cli.asking.profile_offer import ProfileOffer

    tree, _file, answers = read_answers(
        ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    mine = {"controller_name": "Northshire County Council", "dpo_email": "dpo@northshire.gov.uk"}
    saved: dict[str, Any] = {}
    offer = ProfileOffer(values=mine, keys={"controller_name": "name", "dpo_email": "dpo_email",
                         "controller_email": "email"}, save=saved.__setitem__)  # fmt: skip
    start = {q.id: answers.get(q.id) for q in tree.questions()}  # optional ones "blank"
    for key in ("controller_name", "dpo_email", "controller_email"):
        del start[key]
    wizard = Wizard(tree, start, on_answer=lambda _answers: None, profile=offer)
    confirms: list[str] = []

    def confirm(message: str, **_: Any) -> bool:
        confirms.append(message)
        return True

    asked: list[str] = []

    def ask(question: Any, context: Any, **_: Any) -> Any:
        asked.append(question.id)
        return "ig@northshire.gov.uk"

    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm", confirm)
    monkeypatch.setattr(wizard, "ask", ask)
    wizard.ask_missing()
    assert asked == ["controller_email"]  # the two the profile holds are not asked
    assert wizard.answers["controller_name"] == "Northshire County Council"
    assert wizard.answers["dpo_email"] == "dpo@northshire.gov.uk"
    offer.offer_saving(list(tree.questions()), wizard.answers)
    assert saved == {"email": "ig@northshire.gov.uk"}  # only the new one
    assert len(confirms) == 2  # use the profile (once), save the new answer (once)


@pytest.mark.parametrize("accepted", [True, False])
def test_taking_the_profile_leaves_empty_the_optional_answers_it_lacks_and_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], accepted: bool
) -> None:
    from sharewiz.cli.asking.profile_offer import profile_offer

    tree, _file, answers = read_answers(
        ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    mine = {"controller_name": "Northshire County Council", "has_dpo": True,
            "dpo_email": "dpo@northshire.gov.uk", "controller_phone": ""}  # fmt: skip
    covered = ("controller_name", "controller_phone", "ico_registration", "has_dpo",
               "dpo_email", "dpo_address", "controller_website")  # fmt: skip
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id not in covered}
    wizard = Wizard(tree, start, on_answer=lambda _answers: None, profile=profile_offer(mine))
    confirms: list[str] = []
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm",
                        lambda message, **_: confirms.append(message) or accepted)  # fmt: skip
    asked: list[str] = []

    def ask(question: Any, context: Any, *, current: Any = None, **_: Any) -> Any:
        asked.append(question.id)
        return {"controller_phone": "01234 567890", "has_dpo": True}.get(question.id, current)

    monkeypatch.setattr(wizard, "ask", ask)
    wizard.ask_missing()
    assert len(confirms) == 1
    shown = " ".join(capsys.readouterr().out.split())
    # said in words before the yes/no: what taking the profile leaves empty
    empty = "It has no answer to these optional ones, so they are left empty:"
    assert f"{empty} Telephone number Your website Your ICO registration number DPO's " in shown
    assert "DPO's postal address (leave blank if it is the address above)" in shown
    optional = ["controller_phone", "controller_website", "ico_registration", "dpo_address"]
    if accepted:
        assert asked == []
        assert all(wizard.answers[key] is None for key in optional)
        assert wizard.answers["dpo_email"] == "dpo@northshire.gov.uk"
        wizard.change("controller_phone")  # the review can still give one
        assert wizard.answers["controller_phone"] == "01234 567890"
    else:  # each asked as before, the profile's values as suggestions
        assert asked == ["controller_name", *optional[:3], "has_dpo", "dpo_email", optional[3]]
        assert wizard.answers["controller_phone"] == "01234 567890"


def test_an_optional_answer_is_left_empty_only_beside_answers_the_profile_gives(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A profile saying there is a DPO but not who said the DPO's address was "left
    empty", then asked the DPO's name and email: the address could never be given."""
    from sharewiz.cli.asking.profile_offer import profile_offer

    tree, _file, answers = read_answers(
        ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    covered = ("controller_name", "controller_phone", "ico_registration", "has_dpo",
               "dpo_name", "dpo_email", "dpo_address", "controller_website")  # fmt: skip
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id not in covered}
    mine = {"controller_name": "Northshire County Council", "has_dpo": True}
    wizard = Wizard(tree, start, on_answer=lambda _answers: None, profile=profile_offer(mine))
    monkeypatch.setattr("sharewiz.cli.asking.profile_offer.confirm", lambda message, **_: True)
    asked: list[str] = []

    def ask(question: Any, context: Any, *, current: Any = None, **_: Any) -> Any:
        asked.append(question.id)
        return {"has_dpo": True, "dpo_name": "Data Protection Officer",
                "dpo_email": "dpo@northshire.gov.uk",
                "dpo_address": "County Hall, Northtown"}.get(question.id)  # fmt: skip

    monkeypatch.setattr(wizard, "ask", ask)
    wizard.ask_missing()
    shown = " ".join(capsys.readouterr().out.split())
    assert "DPO's postal address" not in shown.partition("left empty:")[2].partition("?")[0]
    assert "dpo_address" in asked  # asked with the DPO's name and email
    assert wizard.answers["dpo_address"] == "County Hall, Northtown"
    assert "controller_phone" not in asked  # beside the name the profile gives: left empty


def test_a_long_list_is_shown_a_page_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINES", "24")
    monkeypatch.setenv("COLUMNS", "80")
    recipients = [{"name": f"Partner {n}", "why": "care", "processor": False} for n in range(1, 31)]
    wizard = council(recipients=recipients)
    picks = Script(["(more", "(more", "(earlier", "Done"])
    monkeypatch.setattr("sharewiz.cli.asking.groups.select", picks)
    wizard.edit_group(wizard.tree.question("recipients"), {})
    pages = [[o.label for o in options] for _message, options in picks.menus]
    assert all(len(page) <= 24 - 8 for page in pages)  # each menu fits an 80x24 screen
    assert pages[0][2] == "1. Partner 1" and pages[0][-1].startswith("(more: recipients 13 to")
    assert pages[1][2].startswith("(earlier: recipients 1 to 12)") and "13. Partner 13" in pages[1]
    assert pages[2][-1] == "30. Partner 30" and not any("(more" in label for label in pages[2])
    assert pages[3] == pages[1]  # back a page
    seen = {label for page in pages for label in page}
    assert {f"{n}. Partner {n}" for n in range(1, 31)} <= seen  # every entry is reachable


def test_a_new_document_is_version_1_0_of_today_reviewed_a_year_on_all_unasked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard = council()
    for key in ("document_version", "document_date", "review_date"):
        wizard.answers.pop(key)
    asked: list[str] = []

    def ask(question: Any, context: Any, *, current: Any = None, **_: Any) -> Any:
        asked.append(question.id)
        return {"document_version": "2.0", "document_date": "2026-01-05",
                "review_date": "2026-07-05"}[question.id]  # fmt: skip

    monkeypatch.setattr(wizard, "ask", ask)
    wizard.ask_missing()
    assert asked == []  # each taken, and said in one line
    today = wizard.answers["document_date"]
    assert wizard.answers["document_version"] == "1.0" and len(today) == 10
    review = wizard.answers["review_date"]
    assert review[:4] == str(int(today[:4]) + 1) and review[4:7] == today[4:7]  # a year on
    shown = " ".join(capsys.readouterr().out.split())
    assert "Version number of this document 1.0 (the usual answer; change it" in shown
    assert "Date of this version (e.g. 31/03/2027) " in shown  # each said in one line
    # a date in words, as the documents print it (never the stored form, 2027-12-05)
    assert (
        f"When will you next review it? (e.g. 31/03/2027) {date_long(review)} (the usual" in shown
    )
    wizard.change("document_date")  # the review can change each
    wizard.change("document_version")
    wizard.change("review_date")
    assert asked == ["document_date", "document_version", "review_date"]
    assert wizard.answers["document_date"] == "2026-01-05"
    assert wizard.answers["document_version"] == "2.0"
    assert wizard.answers["review_date"] == "2026-07-05"


def test_update_asks_the_version_and_date_again_with_their_earlier_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree, _file, answers = read_answers(
        ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"
    )
    earlier = {key: answers[key] for key in ("document_version", "document_date", "review_date")}
    start = {q.id: answers.get(q.id) for q in tree.questions() if q.id not in earlier}
    wizard = Wizard(tree, start, on_answer=lambda _answers: None, defaults=earlier)
    offered: dict[str, Any] = {}

    def ask(question: Any, context: Any, *, current: Any = None, **_: Any) -> Any:
        offered[question.id] = current
        return current

    monkeypatch.setattr(wizard, "ask", ask)
    wizard.ask_missing()
    assert offered == earlier  # each asked, its earlier answer offered: none taken unasked


def test_an_entry_whose_label_fields_are_not_answered_yet_has_no_label() -> None:
    from sharewiz.cli.asking.review import entry_label
    from sharewiz.sets.build import load_kind

    flows = load_kind("data-sharing-agreement").question("flows")
    # the heading of a new flow, printed before its senders and recipients are taken
    assert entry_label(flows, {}) == ""
    assert entry_label(flows, {"from_parties": None, "to_parties": None}) == ""
    assert entry_label(flows, {"from_parties": ["Riverside Medical Practice"]}) == (
        "Riverside Medical Practice to"
    )
    # a multi field reads as its labels, joined (before: "R, i, v, e, ..." from join on a string)
    assert entry_label(flows, {"from_parties": ["A"], "to_parties": ["B", "C"]}) == "A to B; C"
