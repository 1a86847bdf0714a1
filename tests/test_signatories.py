"""Several signatories per party, each signing in a role (issue 17 item 2): the group in
the parties fragment, the migration of the one signatory older answers had, and where
the roles show (signatures, approval record)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sharewiz.errors import TreeError
from sharewiz.law.choices import tree_knowledge
from sharewiz.model import reading
from sharewiz.model.conditions import effective_answers
from sharewiz.model.tree_loader import load_tree
from sharewiz.sets.build import kind_loader

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "tests" / "migrations"
# Each shipped example, kept as it was answered before the signatories group (one
# signatory per party, in signatory_name and signatory_role).
BEFORE = {
    "dsa-antenatal-health-visiting": "dsa-antenatal-health-visiting.v3.yaml",
    "dsa-health-visiting-two-trusts-ten-councils": "dsa-health-visiting-two-trusts-ten-councils.v3.yaml",
    "dsa-offender-management-part3": "dsa-offender-management-part3.v3.yaml",
    "dsa-supporting-families": "dsa-supporting-families.v3.yaml",
    "protocol-northshire-partnership": "protocol-northshire-partnership.v2.yaml",
}


def _read(path: Path) -> reading.ReadAnswers:
    return reading.read_answers(path, tree_for=kind_loader(), strict=False)


@pytest.mark.parametrize("example", sorted(BEFORE))
def test_the_one_signatory_of_older_answers_becomes_the_first_entry(example: str) -> None:
    old = _read(MIGRATIONS / BEFORE[example])
    new = _read(ROOT / "examples" / f"{example}.yaml")
    assert not old.problems and not new.problems
    assert any("signatory_name, signatory_role moved into" in note for note in old.notes)
    old_parties, new_parties = old.answers.pop("parties"), new.answers.pop("parties")
    # version 5 moved the conditions into each party's entry; the examples give each
    # party only its own (tests/test_party_conditions.py checks that move)
    old.answers.pop("party_bases", None), new.answers.pop("party_bases", None)
    assert old.answers == new.answers  # nothing else moved
    for before, after in zip(old_parties, new_parties, strict=True):
        # the example may name more signatories than the old file could
        assert before["signatories"] == after["signatories"][: len(before["signatories"])]
        assert len(before["signatories"]) == 1
        assert "signatory_name" not in before and "signatory_role" not in before


def test_the_role_is_suggested_from_the_job_title() -> None:
    read = _read(ROOT / "examples" / "dsa-antenatal-health-visiting.yaml")
    parties = effective_answers(read.tree, read.answers)["parties"]
    roles = [(s["job_title"], s["role"]) for p in parties for s in p["signatories"]]
    assert roles == [
        ("Medical Director and Caldicott Guardian", "caldicott_guardian"),
        ("Chief Nurse and Caldicott Guardian", "caldicott_guardian"),
        ("Director of Public Health and Caldicott Guardian", "caldicott_guardian"),
        ("Head of Information Governance and Data Protection Officer", "dpo"),
    ]
    families = _read(ROOT / "examples" / "dsa-supporting-families.yaml")
    first = effective_answers(families.tree, families.answers)["parties"][0]
    assert [s["role"] for s in first["signatories"]] == ["siro", "dpo"]


def test_an_answered_group_keeps_old_fields_for_typing_to_report(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "dsa-antenatal-health-visiting.yaml").read_text()
    text = text.replace(
        "      signatories:\n        - name: Dr Alan Okafor",
        "      signatory_name: Someone Else\n      signatories:\n        - name: Dr Alan Okafor",
        1,
    ).replace("tree_version: 7", "tree_version: 3", 1)
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    read = _read(path)
    assert any("signatory_name" in problem for problem in map(str, read.problems))


def _tree(tmp_path: Path, grouped: str) -> Path:
    path = tmp_path / "kind.yaml"
    path.write_text(
        "id: kind\nversion: 2\ntitle: T\ndocuments: [{id: d, template: t.md.j2, title: T}]\n"
        f"grouped:\n  {grouped}\n"
        "sections:\n  - id: s\n    title: S\n    questions:\n"
        "      - {id: parties, type: group, prompt: P, help: H, questions: [\n"
        "          {id: name, type: text, prompt: N, help: H},\n"
        "          {id: people, type: group, prompt: P, help: H, questions: [\n"
        "            {id: who, type: text, prompt: W, help: H}]}]}\n"
    )
    return path


def _load(path: Path) -> Any:
    return load_tree(path, knowledge=tree_knowledge())


def test_a_tree_names_only_real_inner_groups_to_fold_into(tmp_path: Path) -> None:
    assert _load(_tree(tmp_path, "'parties.people': {who: person}")).grouped == {
        "parties.people": {"who": "person"}
    }
    with pytest.raises(TreeError, match="'grouped' names 'parties.name'"):
        _load(_tree(tmp_path, "'parties.name': {who: person}"))
    with pytest.raises(TreeError, match="'grouped' names 'parties.people'"):
        _load(_tree(tmp_path, "'parties.people': {whom: person}"))
    with pytest.raises(TreeError, match="must be group.inner_group"):
        _load(_tree(tmp_path, "'people': {who: person}"))


def test_the_wizard_asks_a_partys_signatories_one_after_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sharewiz.cli.asking import groups
    from sharewiz.sets.build import load_kind

    tree = load_kind("data-sharing-agreement")
    signatories = next(q for q in tree.question("parties").questions if q.id == "signatories")
    given = iter(["Ann Lee", "Director", "senior_officer", "Raj Patel", "DPO", "dpo"])
    asked: list[tuple[str, Any]] = []

    class Wizard:
        def ask(self, question: Any, _context: Any, *, current: Any = None) -> Any:
            asked.append((question.id, current))
            return next(given)

    more = iter([True, False])  # add a second signatory, then stop
    monkeypatch.setattr(groups, "confirm", lambda *_a, **_k: next(more))
    monkeypatch.setattr(groups, "print_info", lambda *_a, **_k: None)
    editor = groups.GroupEditor.__new__(groups.GroupEditor)
    editor.wizard = Wizard()  # type: ignore[assignment]
    editor.completing = False  # not in a list's completion: "Add another?" after each
    earlier = [{"name": "Ann Lee", "job_title": "Director", "role": "senior_officer"}]
    entries = editor.ask_inner_group(signatories, {}, earlier)
    assert entries == [
        {"name": "Ann Lee", "job_title": "Director", "role": "senior_officer"},
        {"name": "Raj Patel", "job_title": "DPO", "role": "dpo"},
    ]
    # the earlier signatory's answers were offered as defaults; the new one had none
    assert asked[0] == ("name", "Ann Lee") and asked[3] == ("name", None)


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "        - name: Dr Alan Okafor\n",
            '        - name: ""\n',
            "1 required answer(s) missing:\n  parties: Which organisations",
        ),  # a signatory without a name
        (
            "      signatories:\n        - name: Dr Alan Okafor\n"
            "          job_title: Medical Director and Caldicott Guardian\n",
            "      signatories: []\n",
            "parties: party 1, signatories: needs at least 1 signatory entries",
        ),  # a party without a signatory
    ],
    ids=["no-name", "no-signatory"],
)
def test_a_missing_signatory_is_reported_not_printed_blank(
    tmp_path: Path, old: str, new: str, said: str
) -> None:
    from typer.testing import CliRunner

    from sharewiz.cli.app import app

    text = (ROOT / "examples" / "dsa-antenatal-health-visiting.yaml").read_text()
    assert old in text
    path = tmp_path / "answers.yaml"
    path.write_text(text.replace(old, new, 1))
    result = CliRunner().invoke(app, ["render", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert said in result.output
    assert not (tmp_path / "out" / "data-sharing-agreement.md").exists()
