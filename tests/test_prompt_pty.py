"""The real wizard in a pseudo-terminal: groups, conditions, help, going back, Ctrl-C/D, resume."""

from __future__ import annotations

import sys
from pathlib import Path

import pexpect
import pytest

from sharewiz.model.tree import list_kinds
from sharewiz.model.yamlio import dump_yaml, load_yaml
from sharewiz.sets.build import load_kind

pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")]

PTY_SIZE = (50, 160)  # rows, columns of the shared `spawn` fixture's screen
ROOT = Path(__file__).resolve().parent.parent
DOWN, UP, CTRL_C, CTRL_D, CTRL_U = "\x1b[B", "\x1b[A", "\x03", "\x04", "\x15"
# Questions the test answers itself; the rest come from the council example.
ASKED = {
    "collected_from",
    "sources",
    "data_categories",
    "recipients",
}


@pytest.fixture
def prefill(tmp_path: Path) -> Path:
    data = load_yaml(
        ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml", plain=True
    )
    answers = {k: v for k, v in data["answers"].items() if k not in ASKED}
    tree = load_kind("privacy-notice")
    # Optional questions the example leaves out are answered "blank" so they are not asked.
    answers.update(
        {q.id: None for q in tree.questions() if q.id not in answers and q.id not in ASKED}
    )
    path = tmp_path / "prefill.yaml"
    path.write_text(dump_yaml({"kind": "privacy-notice", "answers": answers}), encoding="utf-8")
    return path


def test_full_run_with_group_condition_help_ctrl_c_resume_and_going_back(
    spawn, prefill: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "notice"
    tui = spawn(
        "new", "privacy-notice", "--answers", str(prefill), "--out", str(out), "--format", "md"
    )
    tui.expect("Section 3 of 10: Where the information comes from")
    tui.expect("Where do you get the information")
    tui.send(DOWN + DOWN + "\r")  # "Both": both Art 13 and Art 14 questions now apply
    # A conditional repeating group (only asked for data from others), with min 1, typed
    # a source a line (`as_lines`), what each gives after a colon
    tui.expect("Who do you receive the information from")
    tui.expect(r"Sources \(organisations or types of source\)")
    tui.expect("one per line; press Enter on an empty line to finish")
    tui.send("?\r")  # help on request, then the same question again
    tui.expect("Children's social care")
    tui.expect("one per line; press Enter on an empty line to finish")
    tui.send("Schools in Northshire: attendance and exclusions\r\r")
    # asked once the list is made (of several sources, by ticking them: `across`)
    tui.expect("Source 1: Schools in Northshire")
    tui.expect("publicly accessible source")
    tui.send("n\r")
    # the Art 14(5) exceptions are asked of each source (notice v6)
    tui.expect("exception to telling people individually about what this source gives you")
    tui.send("\r")  # optional: none ticked
    # a tick list's answer is echoed in words under its question (not questionary's "done")
    tui.expect("none ticked")
    # Art 13(2)(e) is asked for each category of information (issue 14)
    tui.expect("What kinds of personal information do you use")
    tui.expect("one per line; press Enter on an empty line to finish")
    tui.send("Needs assessment details\r\r")
    tui.expect("Category 1: Needs assessment details")
    tui.expect(r"Examples \(optional\)")  # no colon on its line: asked on its own
    tui.send("\r")
    tui.expect("What kind of data is it")  # the rest is asked of the one made
    tui.send("\r")  # personal data
    tui.expect("Must people give you this information")
    tui.send(DOWN * 5 + "\r")  # "Required by law" comes last: nothing leads to it
    tui.expect("What happens if someone does not give this information")
    tui.send("\r")  # required: an empty answer is refused inline
    tui.expect("This question needs an answer")
    tui.send("we cannot assess your needs\r")
    tui.expect("Which of your sources give you this information")
    tui.send(" \r")  # the one source ticked
    tui.expect(r"this information\? \(optional\)\S* Schools in Northshire\r\n")
    tui.expect("Who do you share the information with")
    tui.expect("press Enter on an empty line to finish, or at once if none")
    tui.send(CTRL_C)
    tui.expect("continue with: sharewiz new --resume")
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 130
    saved = load_yaml(out / "answers.yaml", plain=True)["answers"]
    assert saved["collected_from"] == "both"
    assert saved["sources"][0]["name"] == "Schools in Northshire"
    assert not (out / "privacy-notice.md").exists()

    tui = spawn("new", "--resume", str(out), "--format", "md")
    tui.expect("Resuming Privacy notice")
    tui.expect("Who do you share the information with")
    tui.expect("press Enter on an empty line to finish, or at once if none")
    tui.send("Northshire Police: to protect adults at risk\r\r")
    tui.expect("processor")  # asked once the list is made
    tui.send("n\r")
    tui.expect("Review")
    tui.expect("What next")
    tui.expect("Quit for now")
    tui.send(DOWN + "\r")  # See or change section 1
    tui.expect("Which answer do you want to change")
    tui.expect("back to the review")
    tui.send("\r")  # the first question: the service's name
    tui.expect("What service or activity does this notice cover")
    tui.send("Family support\r")  # typing replaces the answer shown
    tui.expect("What next")
    tui.send("\r")  # Write the documents
    tui.expect("Wrote 3 files to")  # answers, the notice and its summary layer
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 0
    text = (out / "privacy-notice.md").read_text()
    assert text.startswith("# Privacy notice: Family support\n")
    assert "| Schools in Northshire | attendance and exclusions | No |" in text
    assert (
        "| Needs assessment details | Yes: the law requires you to | We cannot assess your needs. |"
        in text
    )
    assert "| Northshire Police | to protect adults at risk |" in text
    assert saved_sources(out) == [["Schools in Northshire"]]


def saved_sources(out: Path) -> list[object]:
    """Each category's sources, as saved."""
    answers = load_yaml(out / "answers.yaml", plain=True)["answers"]
    return [category.get("from_sources") for category in answers["data_categories"]]


def test_ctrl_d_cancels_like_ctrl_c(spawn, prefill: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "notice"
    tui = spawn("new", "privacy-notice", "--answers", str(prefill), "--out", str(out))
    tui.expect("Where do you get the information")
    tui.send(CTRL_D)
    tui.expect("continue with: sharewiz new --resume")
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 130
    answers = load_yaml(out / "answers.yaml", plain=True)["answers"]
    assert "collected_from" not in answers  # never an empty answer


def test_kind_is_offered_when_not_given(spawn, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tui = spawn("new", "--out", str(tmp_path / "x"))
    tui.expect("What is happening")
    tui.expect("None of these")
    tui.send(UP + "\r")  # the last: choose the document myself
    tui.expect("Which document do you want to write")
    tui.expect("Privacy notice")
    # kinds are listed in id order; move down to the privacy notice, wherever it is
    position = [kind for kind, _path in list_kinds()].index("privacy-notice")
    tui.send(DOWN * position + "\r")
    tui.expect("What service or activity does this notice cover")
    tui.send(CTRL_C)
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 130


def test_resume_refuses_a_folder_without_answers(spawn, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tui = spawn("new", "--resume", str(tmp_path))
    tui.expect("no answers to resume here")
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 1


def test_update_re_asks_a_named_question_and_keeps_hand_edits(spawn, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sharewiz.sets.build import render_answers_file

    out = tmp_path / "set"
    render_answers_file(
        ROOT / "examples" / "privacy-notice-charity-food-bank.yaml", out_dir=out, formats=["md"]
    )
    notice = out / "privacy-notice.md"
    edited = notice.read_text().replace(
        "We do not make decisions about you by automated means alone.",
        "A volunteer, never a computer, makes every decision about you.",
    )
    notice.write_text(edited)
    tui = spawn("update", str(out), "--ask", "service_name")
    tui.expect("1 question\\(s\\) to answer again")
    tui.expect("What service or activity does this notice cover")
    tui.send(CTRL_U + "Emergency food parcels\r")
    tui.expect("What next")
    tui.send("\r")  # Write the documents
    tui.expect("your edits kept")
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 0
    text = notice.read_text()
    assert text.startswith("# Privacy notice: Emergency food parcels\n")
    assert "A volunteer, never a computer, makes every decision about you." in text


def test_update_asking_a_list_again_starts_with_its_entries(spawn, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`update --ask sources` opens the list on its menu with the entries it has: before,
    it opened the empty "one per line" prompt, and the lines typed replaced every source."""
    from sharewiz.sets.build import render_answers_file

    example = ROOT / "examples" / "privacy-notice-charity-food-bank.yaml"
    out = tmp_path / "set"
    render_answers_file(example, out_dir=out, formats=["md"])
    before = load_yaml(out / "answers.yaml", plain=True)["answers"]["sources"]
    tui = spawn("update", str(out), "--ask", "sources")
    tui.expect("1 question\\(s\\) to answer again")
    tui.expect("Add a source")
    tui.expect("1. Northshire County Council")
    tui.expect("2. Other referral agencies")
    tui.send(DOWN + "\r")  # Done: the list as it was
    tui.expect("What next")
    tui.send("\r")  # Write the documents
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 0
    assert load_yaml(out / "answers.yaml", plain=True)["answers"]["sources"] == before


def test_update_asks_only_the_field_of_a_list_that_no_longer_fits(spawn, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A choice mistyped by hand in one entry is asked again alone: before, `update` asked
    the whole list of categories from empty, so every category had to be typed again."""
    from sharewiz.sets.build import render_answers_file

    example = ROOT / "examples" / "privacy-notice-charity-food-bank.yaml"
    out = tmp_path / "set"
    render_answers_file(example, out_dir=out, formats=["md"])
    answers_file = out / "answers.yaml"
    before = load_yaml(answers_file, plain=True)["answers"]["data_categories"]
    text = answers_file.read_text(encoding="utf-8")
    answers_file.write_text(text.replace("category: personal", "category: persnal", 1))
    tui = spawn("update", str(out))
    tui.expect("no longer fits; asked again")
    tui.expect("Category 1: Identity and contact details")
    tui.expect("What kind of data is it")
    tui.send("\r")  # Personal data, as it was meant
    tui.expect("Add a category")
    tui.expect("4. Dietary needs")  # every category kept
    tui.send(DOWN + "\r")  # Done
    tui.expect("What next")
    tui.send("\r")  # Write the documents
    tui.expect(pexpect.EOF)
    tui.close()
    assert tui.exitstatus == 0
    assert load_yaml(answers_file, plain=True)["answers"]["data_categories"] == before
