"""Issue 13: no unchecked instruction reaches a document. Every knowledge entry's text and
every rendered example document is free of bracketed instructions ("[Or: ...]",
"[number and name of ...]"), "e.g." left in body text, TODO/TBC/XXX and a literal None."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from law_helpers import EXAMPLES, ROOT, example, render
from wording import document_defects, placeholders


def test_the_guard_catches_the_old_placeholders() -> None:
    assert placeholders(
        "Schedule 1 Part 2 paragraph [number and name of the condition].", body=True
    )
    assert placeholders("namely [the Annex 1 condition, e.g. safeguarding]", body=True)
    assert placeholders("legal effect on you. [Or: describe the decision.]", body=True)
    assert placeholders("cite 'Sch 1 para 36 with para [n]'", body=False)
    assert placeholders("Retention: None", body=True)
    assert placeholders("for example, e.g. this", body=True)
    assert not placeholders('A [link](https://ico.org.uk) and ["Node"] and [x] done', body=True)
    assert not placeholders(
        "R (C1) v Hackney LBC [2016] EWCA; None of it is confidential", body=True
    )


def _knowledge_texts() -> list[tuple[str, str, bool]]:
    """(where, text, is document wording) for every text field of every entry."""
    out: list[tuple[str, str, bool]] = []
    for path in sorted((ROOT / "knowledge").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("title", "description", "citation"):
            out.append((f"{path.name}:{key}", str(doc.get(key, "")), False))
        for entry in doc.get("entries", []):
            where = f"{path.stem}.{entry['id']}"
            for key in ("title", "summary", "explanation", "applies_when", "limits", "citation"):
                if entry.get(key):
                    out.append((f"{where}.{key}", str(entry[key]), False))

            def walk(value: Any, trail: str) -> None:
                if isinstance(value, str):
                    wording = trail.endswith("wording") or trail.endswith("document_wording")
                    out.append((trail, value, wording))
                elif isinstance(value, dict):
                    for k, v in value.items():
                        walk(v, f"{trail}.{k}")
                elif isinstance(value, list):
                    for i, v in enumerate(value):
                        walk(v, f"{trail}[{i}]")

            walk(entry.get("data") or {}, f"{where}.data")
    return out


KNOWLEDGE = _knowledge_texts()


@pytest.mark.parametrize(("where", "text", "wording"), KNOWLEDGE, ids=[k[0] for k in KNOWLEDGE])
def test_knowledge_text_has_no_placeholders(where: str, text: str, wording: bool) -> None:
    # "e.g." is acceptable in explanations (read by officers); not in document wording.
    assert not placeholders(text, body=wording), (where, placeholders(text, body=wording))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_rendered_examples_have_no_placeholders(path: Path, tmp_path: Path) -> None:
    documents = render(example(path.stem), tmp_path)
    for name, markdown in documents.items():
        # placeholders, grammar slips, dangling lead-ins and contradictions (tests/wording.py)
        found = document_defects(markdown)
        assert not found, (path.stem, name, found)


def test_templates_do_not_hard_code_the_regulator() -> None:
    """The ICO's contact details live once, in rights.complaint_to_ico; templates read them."""
    for template in sorted((ROOT / "templates").rglob("*.j2")):
        text = template.read_text(encoding="utf-8")
        assert "0303" not in text, template
        assert "ico.org.uk" not in text, template
        assert "Wycliffe House" not in text, template
