"""Answers: each type is checked and typed; answers files fail with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import build_file_tree
from sharewiz.errors import AnswersError, TreeError
from sharewiz.model.answers import InvalidAnswer, coerce
from sharewiz.model.answers_file import read_answers_file, save_answers
from sharewiz.model.conditions import missing_answers
from sharewiz.model.reading import type_answers
from sharewiz.model.tree import Question
from sharewiz.sets.build import load_kind, read_answers


def q(qtype: str, **kwargs: object) -> Question:
    return Question(id="x", type=qtype, prompt="X?", help="X.", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("qtype", "raw", "expected"),
    [
        ("text", "  NO  ", "NO"),
        ("text", "two\nlines", "two lines"),
        ("text", "0161 496 0000", "0161 496 0000"),
        ("long_text", "a\n\nb\n", "a\n\nb"),
        ("yes_no", "NO", False),
        ("yes_no", "yes", True),
        ("yes_no", "true", True),
        ("yes_no", True, True),
        ("date", "2026-01-01", "2026-01-01"),
        # UK order and words, as officers write dates; stored as ISO
        ("date", "4/12/2026", "2026-12-04"),
        ("date", "04.12.2026", "2026-12-04"),
        ("date", "4 December 2026", "2026-12-04"),
        ("date", "1st Sept 2026", "2026-09-01"),
        ("url", "www.example.gov.uk/privacy", "https://www.example.gov.uk/privacy"),
        ("number", "12", 12),
        ("number", "1.5", 1.5),
        ("email", "dpo@example.org", "dpo@example.org"),
        ("url", "https://example.org/x", "https://example.org/x"),
        ("text", "", None),
    ],
)
def test_coerce_good(qtype: str, raw: object, expected: object) -> None:
    assert coerce(q(qtype), raw) == expected


@pytest.mark.parametrize(
    ("question", "raw", "message"),
    [
        (q("yes_no"), "off", "answer yes or no, not 'off'"),
        (
            q("date"),
            "12/2026",
            "'12/2026' is not a date: write it as 4/12/2026, 4 December 2026 or 2026-12-04",
        ),
        (q("date"), "31/02/2026", "'31/02/2026' is not a real date"),
        (
            q("date"),
            "4 Smarch 2026",
            "'4 Smarch 2026' is not a date: write it as 4/12/2026, 4 December 2026 or 2026-12-04",
        ),
        (q("date"), "2026-02-30", "'2026-02-30' is not a real date"),
        (q("number"), "twelve", "'twelve' is not a number"),
        (q("number"), "nan", "'nan' is not a number"),
        (q("number", min=1), "0", "must be at least 1"),
        (q("email"), "not-an-email", "'not-an-email' is not an email address (name@example.org)"),
        (
            q("url"),
            "not a web address",
            "'not a web address' is not a web address (e.g. www.example.gov.uk/privacy)",
        ),
        (q("text", pattern="Z[0-9]+", pattern_message="starts with Z"), "A1", "starts with Z"),
        (q("text"), {"a": 1}, "expected one line of text, not a dict"),
    ],
)
def test_coerce_bad(question: Question, raw: object, message: str) -> None:
    with pytest.raises(InvalidAnswer) as info:
        coerce(question, raw)
    assert str(info.value) == message


def test_choices_multi_and_groups() -> None:
    tree = load_kind("privacy-notice")
    collected = tree.question("collected_from")
    assert coerce(collected, "Both") == "both"  # a label is accepted too
    with pytest.raises(InvalidAnswer, match="is not one of the choices: person, others, both"):
        coerce(collected, "neither")
    categories = tree.question("data_categories")
    typed = coerce(categories, [{"name": "x", "category": "Special category data",
                                 "from_sources": "Schools; GPs"}])  # fmt: skip
    assert typed[0]["category"] == "special_category"
    assert typed[0]["from_sources"] == ["Schools", "GPs"]
    purposes = tree.question("purposes")
    with pytest.raises(InvalidAnswer, match="purpose 1, basis: 'magic' is not one of the choices"):
        coerce(purposes, [{"description": "x", "basis": "magic"}])
    with pytest.raises(InvalidAnswer, match="purpose 1: unknown key"):
        coerce(purposes, [{"descripton": "x"}])
    with pytest.raises(InvalidAnswer, match="needs at least 1 purpose entries"):
        coerce(purposes, [])


def write(tmp_path: Path, text: str) -> Path:
    build_file_tree(tmp_path, {"answers.yaml": text})
    return tmp_path / "answers.yaml"


def test_answers_file_problems_are_listed_with_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        kind: privacy-notice
        answers:
          service_name: Early Help
          public_authority: maybe
          document_date: 31/04/2026
          servce_name: typo
        """,
    )
    with pytest.raises(AnswersError) as info:
        read_answers(path)
    message = info.value.message
    assert f"{path}:4: public_authority: answer yes or no, not 'maybe'" in message
    assert f"{path}:5: document_date: '31/04/2026' is not a real date" in message
    assert f"{path}:6: unknown question id 'servce_name'" in message


def test_answers_yaml_traps_keep_what_the_user_typed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        kind: privacy-notice
        answers:
          service_name: NO
          document_version: 1.10
          document_date: 2026-01-01
          controller_phone: 01632 960000
          public_authority: NO
        """,
    )
    _tree, _file, answers = read_answers(path)
    assert answers["service_name"] == "NO"
    assert answers["document_version"] == "1.10"
    assert answers["document_date"] == "2026-01-01"
    assert answers["controller_phone"] == "01632 960000"
    assert answers["public_authority"] is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a list\n", ":1: an answers file must be a mapping with 'kind' and 'answers'"),
        ("answers: {}\n", ":1: the answers file does not say its 'kind'"),
        (
            "kind: privacy-notice\nanswer: {}\n",
            ":2: unknown key 'answer' at the top of the answers file",
        ),
        (
            "kind: privacy-notice\nanswers: [1]\n",
            ":2: 'answers' must be a mapping of question id: answer",
        ),
        ("kind: privacy-notice\nkind: dsa\n", ":2: duplicate key 'kind' (first on line 1)"),
    ],
)
def test_bad_answers_files(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(AnswersError) as info:
        read_answers_file(path)
    assert info.value.message == f"{path}{message}"


def test_unknown_kind_in_answers(tmp_path: Path) -> None:
    path = write(tmp_path, "kind: novel\nanswers: {}\n")
    with pytest.raises(AnswersError, match="no question tree for kind 'novel'"):
        read_answers(path)


def test_newer_tree_version_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "kind: privacy-notice\ntree_version: 99\nanswers: {}\n")
    with pytest.raises(AnswersError, match="version 99"):
        read_answers(path)


def test_save_and_read_back_round_trip(tmp_path: Path, repo_root: Path) -> None:
    tree, _file, answers = read_answers(
        repo_root / "examples/privacy-notice-council-adult-social-care.yaml"
    )
    target = tmp_path / "out" / "answers.yaml"
    save_answers(target, tree.id, tree.version, answers)
    text = target.read_text()
    assert text.startswith("# sharewiz answers")
    assert "document_date: '2026-04-01'" in text
    _tree, _file, again = read_answers(target)
    assert again == answers


def test_missing_required_answers_follow_conditions() -> None:
    tree = load_kind("privacy-notice")
    # Art 13(2)(e) is asked for each category, and only of information collected from the person
    item = {"name": "Contact details", "category": "personal"}
    missing = {
        q.id for q in missing_answers(tree, {"collected_from": "person", "data_categories": [item]})
    }
    assert "data_categories" in missing
    assert "sources" not in missing  # only asked when data comes from others
    missing = {
        q.id for q in missing_answers(tree, {"collected_from": "others", "data_categories": [item]})
    }
    assert "sources" in missing and "data_categories" not in missing
    given = {**item, "provision": "voluntary"}
    missing = {
        q.id
        for q in missing_answers(tree, {"collected_from": "person", "data_categories": [given]})
    }
    assert "data_categories" not in missing


def test_a_condition_naming_a_later_question_is_refused_when_the_tree_loads(
    tmp_path: Path,
) -> None:
    """The completeness check reuses the effective pass's verdicts, which read only
    earlier answers: a condition reading a later one is refused with its line."""
    from helpers import visitor_kind

    folder = visitor_kind(
        tmp_path,
        questions="""\
- id: escort_name
  type: text
  prompt: Who escorts visitors?
  help: The member of staff.
  when: escorted
- id: escorted
  type: yes_no
  prompt: Are visitors escorted?
  help: Whether someone goes with them.
""",
    )
    with pytest.raises(TreeError, match="'escort_name' reads escorted, asked after it"):
        load_kind("visitor", tree_dirs=[folder / "questions"])


def test_type_answers_reports_unknown_ids() -> None:
    tree = load_kind("privacy-notice")
    _answers, problems = type_answers(tree, {"nope": "x"}, source="f.yaml", lines={"nope": 3})
    assert [str(p) for p in problems] == ["f.yaml:3: unknown question id 'nope'"]


def test_inner_group_conditions_see_the_whole_set_of_answers() -> None:
    tree = load_kind("privacy-notice")
    base = {"collected_from": "person"}
    purposes = [{"description": "x", "basis": "public_task", "legal_source": None}]
    assert tree.question("purposes") in missing_answers(tree, {**base, "purposes": purposes})
    purposes[0]["legal_source"] = "Care Act 2014, section 9"
    assert tree.question("purposes") not in missing_answers(tree, {**base, "purposes": purposes})


def test_choices_computed_from_earlier_answers(tmp_path: Path, repo_root: Path) -> None:
    text = (repo_root / "examples" / "dsa-antenatal-health-visiting.yaml").read_text()
    bad = text.replace(
        "    - from_parties: [Northshire Hospitals NHS Foundation Trust]",
        "    - from_parties: [Northshire Hospital]",
        1,
    )
    path = write(tmp_path, bad)
    with pytest.raises(AnswersError) as info:
        read_answers(path)
    line = bad.splitlines().index("    - from_parties: [Northshire Hospital]") + 1
    assert (
        f"{path}:{line}: flows: flow 1, from_parties: 'Northshire Hospital' is not one of: "
        "Northshire Hospitals NHS Foundation Trust, " in info.value.message
    )


def test_group_entries_get_their_inner_defaults() -> None:
    from sharewiz.model.conditions import effective_answers

    tree = load_kind("privacy-notice")
    full = effective_answers(
        tree, {"collected_from": "others", "sources": [{"name": "GP", "what": "x"}]}
    )
    # the Art 14(5) exceptions (optional, asked per source) are unanswered, not defaulted
    assert full["sources"] == [
        {
            "name": "GP",
            "what": "x",
            "public": False,
            "art14_exemptions": None,
            "art14_exemption_law": None,
            "art14_exemption_measures": None,
        }
    ]


def test_a_date_defaulted_from_the_clock_is_saved_so_re_rendering_gives_the_same_bytes(
    tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    import sharewiz.model.expressions as expressions
    from sharewiz.cli.app import app

    runner = CliRunner()
    example = (repo_root / "examples" / "privacy-notice-school-pupils.yaml").read_text()
    text = "\n".join(
        line
        for line in example.splitlines()
        if not line.startswith(("  document_date:", "  review_date:"))
    )
    answers = tmp_path / "set" / "answers.yaml"
    answers.parent.mkdir()
    answers.write_text(text + "\n", encoding="utf-8")
    monkeypatch.setattr(expressions, "today", lambda: "2026-03-01")
    result = runner.invoke(app, ["render", str(answers), "--format", "md"])
    assert result.exit_code in (0, 7), result.output
    saved = answers.read_text(encoding="utf-8")
    assert "  document_date: 2026-03-01\n" in saved and "  review_date: 2027-03-01\n" in saved
    # pinned into the user's own file: everything else in it is as they wrote it
    assert saved.startswith(text.split("answers:", 1)[0])
    first = (tmp_path / "set" / "privacy-notice.md").read_bytes()
    monkeypatch.setattr(expressions, "today", lambda: "2026-03-02")  # the next day
    again = tmp_path / "again"
    result = runner.invoke(app, ["render", str(answers), "--format", "md", "--out", str(again)])
    assert result.exit_code in (0, 7), result.output
    assert (again / "privacy-notice.md").read_bytes() == first
    assert b"2026-03-01" in first or b"1 March 2026" in first


def test_choices_offered_alike_to_every_entry_are_checked_for_each(
    tmp_path: Path, repo_root: Path
) -> None:
    """The parties a flow may name are worked out once for all the flows; each flow's
    answer is still checked against them, and only the wrong one is reported."""
    text = (repo_root / "examples" / "dsa-antenatal-health-visiting.yaml").read_text()
    wrong = "    - from_parties: [South Northshire Hospital]"
    bad = text.replace(
        "    - from_parties: [South Northshire University Hospitals NHS Trust]", wrong
    )
    path = write(tmp_path, bad)
    with pytest.raises(AnswersError) as info:
        read_answers(path)
    message = info.value.message
    assert "flow 3, from_parties: 'South Northshire Hospital' is not one of: " in message
    assert "flow 1," not in message
    assert "flow 2," not in message
