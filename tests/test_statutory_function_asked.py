"""'Is this purpose part of the functions the law gives you?' is asked only of a controller
that is, or may be, a public authority.

The checks that read it (LB-CONSENT-STATUTORY, LB-CONTRACT-STATUTORY, LB-CONSENT-PUBLIC-
AUTHORITY) concern only public authorities, so a charity relying on consent or contract was
asked a question that changed nothing. Public authority status is derived as `has_dpo`'s
default is, by the rule the checks count by (`is_public_authority`): the kind of
organisation, turned by an exception only with its reason; otherwise the `public_authority`
answer, an unanswered one counting as possibly public. The wizard's own group completion
(the path the wizard takes) is driven in-process, its prompts replaced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sharewiz.cli.app import app
from sharewiz.cli.asking import Wizard
from sharewiz.cli.asking.across import complete
from sharewiz.cli.asking.groups import GroupEditor
from sharewiz.model.conditions import expression_context
from sharewiz.sets.build import read_answers

ROOT = Path(__file__).resolve().parent.parent


def asked_of_consent_purposes(monkeypatch: pytest.MonkeyPatch, **controller: Any) -> list[str]:
    """The purposes' fields the wizard asks of the charity example's notice, its controller
    answers replaced by `controller`, each purpose on consent."""
    tree, _file, answers = read_answers(ROOT / "examples" / "privacy-notice-charity-food-bank.yaml")
    answers = {q.id: answers.get(q.id) for q in tree.questions()} | controller
    for entry in answers["purposes"]:
        entry["basis"] = "consent"
        for field in ("legitimate_interest", "statutory_function"):  # read back as None
            entry.pop(field, None)
    wizard = Wizard(tree, answers, on_answer=lambda _a: None)
    asked: list[str] = []
    monkeypatch.setattr(wizard, "ask", lambda q, _c, **_k: asked.append(q.id) or False)
    editor = GroupEditor(wizard, tree.question("purposes"), expression_context(tree, answers))
    editor.completing = True
    complete(editor)
    return asked


def test_a_charity_relying_on_consent_is_not_asked_about_statutory_functions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert asked_of_consent_purposes(monkeypatch) == []  # the example is a charity
    charity = {"controller_type": "charity", "public_authority_override": False}
    assert asked_of_consent_purposes(monkeypatch, **charity) == []


@pytest.mark.parametrize(
    "controller",
    [
        {"controller_type": "local_authority"},
        {"controller_type": "local_authority", "public_authority_override": False},
        # a charity designated under FOIA 2000 s5: an exception to its kind, with its reason
        {
            "controller_type": "charity",
            "public_authority_override": True,
            "public_authority_reason": "designated under FOIA 2000 s5",
        },
        # a council's exception with no reason changes nothing, as in `sharewiz check`
        {"controller_type": "local_authority", "public_authority_override": True},
        # a kind that does not settle it: the answer does, and unanswered may be public
        {"controller_type": "other", "public_authority": True},
        {"controller_type": "other", "public_authority": None},
        {"controller_type": None, "public_authority": None},
    ],
)
def test_a_controller_that_is_or_may_be_public_is_asked_for_each_purpose(
    monkeypatch: pytest.MonkeyPatch, controller: dict[str, Any]
) -> None:
    assert asked_of_consent_purposes(monkeypatch, **controller) == ["statutory_function"] * 2


@pytest.mark.parametrize(
    "controller",
    [
        {"controller_type": "other", "public_authority": False},
        # a council that is an exception to its kind, with its reason
        {
            "controller_type": "local_authority",
            "public_authority_override": True,
            "public_authority_reason": "a trading company of the council, not the council",
        },
        # a charity's exception with no reason changes nothing, as in `sharewiz check`
        {"controller_type": "charity", "public_authority_override": True},
        {
            "controller_type": "charity",
            "public_authority_override": True,
            "public_authority_reason": "  ",
        },
    ],
)
def test_a_controller_not_public_is_not_asked(
    monkeypatch: pytest.MonkeyPatch, controller: dict[str, Any]
) -> None:
    assert asked_of_consent_purposes(monkeypatch, **controller) == []


def test_a_charitys_answers_file_that_already_answers_it_still_renders(tmp_path: Path) -> None:
    """A file written when a charity was still asked keeps its answer (a group's field that
    does not apply is kept, as before) and renders with nothing new said: no warning."""
    source = (ROOT / "examples" / "privacy-notice-charity-food-bank.yaml").read_text()
    written = "basis: consent\n      statutory_function: false\n"
    old = source.replace("basis: legitimate_interests\n", written, 1)
    assert old != source
    (tmp_path / "notice.yaml").write_text(old)
    result = CliRunner().invoke(
        app, ["render", str(tmp_path / "notice.yaml"), "-o", str(tmp_path / "set")]
    )
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings, 1 advice." in result.output  # the portability advice alone
    assert "warning" not in result.output.replace("0 warnings", "")
    assert written in (tmp_path / "set" / "answers.yaml").read_text()
