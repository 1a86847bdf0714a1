"""Exports: record of processing activities (CSV), JSON, and data-flow diagrams."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from portfolio_helpers import AGREEMENT_ANSWERS, build_portfolio
from sharewiz.cli.app import app
from sharewiz.portfolio.exports import ROPA_COLUMNS, ropa_rows
from sharewiz.portfolio.status import portfolio_status
from sharewiz.render.diagram import (
    Diagram,
    Edge,
    flows_diagram,
    mermaid_to_png,
    mermaid_to_svg,
    parse_mermaid,
    to_mermaid,
    to_png,
)
from sharewiz.render.meta import DocMeta

runner = CliRunner()
ART30 = ["30(1)(a)", "30(1)(b)", "30(1)(c)", "30(1)(d)", "30(1)(e)", "30(1)(f)", "30(1)(g)"]


@pytest.fixture
def portfolio(tmp_path: Path, repo_root: Path) -> Path:
    return build_portfolio(tmp_path, repo_root / "examples")


@pytest.fixture
def custom(portfolio: Path) -> Path:
    return portfolio.parent / "custom"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# -- record of processing activities ---------------------------------------------------------


def test_ropa_columns_cover_art30_1() -> None:
    for article in ART30:
        assert any(article in column for column in ROPA_COLUMNS), article


def test_ropa_csv_has_one_row_per_processing_activity(portfolio: Path, custom: Path) -> None:
    out = portfolio.parent / "ropa.csv"
    result = runner.invoke(
        app, ["export", "ropa", str(portfolio), "--csv", str(out), "--templates", str(custom)]
    )
    assert result.exit_code == 0, result.output
    rows = _read_csv(out)
    # council notice: 3 purposes; food bank: its purposes; agreement: 2 flows; protocol: none
    by_set: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_set.setdefault(Path(row["Document set"]).name, []).append(row)
    assert len(by_set["privacy-notice-council-adult-social-care"]) == 3
    assert len(by_set["agreement"]) == 2
    assert "protocol" not in by_set
    assert f"Wrote {len(rows)} processing activities to {out}." in result.output
    assert list(rows[0]) == list(ROPA_COLUMNS)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM


def test_ropa_notice_row_fields(portfolio: Path, custom: Path) -> None:
    statuses = portfolio_status([portfolio / "privacy-notice-council-adult-social-care"])
    row = ropa_rows(statuses)[2]
    col = {c.split(" (Art")[0]: c for c in ROPA_COLUMNS}
    assert row[col["Controller name and contact details"]].startswith(
        "Northshire County Council, County Hall Market Street Northtown NT1 1AA"
    )
    assert row[col["Data protection officer"]] == (
        "Data Protection Officer, dpo@northshire.example.gov.uk"
    )
    assert (
        row[col["Purposes of the processing"]] == "To work out how much you pay towards your care"
    )
    assert row[col["Lawful basis"]].startswith("Legal obligation")
    assert "special category: " in row[col["Categories of personal data"]]
    assert row[col["Categories of recipients"]].startswith(
        "NHS Northshire Integrated Care Board and local NHS trusts; Care providers"
    )
    assert (
        row[col["Transfers to third countries or international organisations and safeguards"]]
        == "No transfers outside the UK"
    )
    assert row[col["Time limits for erasure"]].startswith(
        "We keep adult social care records for 8 years"
    )
    assert row[col["Technical and organisational security measures"]] == (
        "Not recorded in this document set"
    )
    # each condition with the provision it is (it read "Health or social care with
    # Health or social care purposes", naming neither Art 9(2)(h) nor Sch 1 para 2)
    assert row[col["Special category or criminal offence condition"]] == (
        "Health and wellbeing: Health or social care (UK GDPR Art 9(2)(h) and 9(3)),"
        " with Health or social care purposes (DPA 2018 Sch 1 para 2)"
    )


def test_ropa_never_prints_the_literal_none(portfolio: Path, custom: Path) -> None:
    statuses = portfolio_status(
        sorted(p for p in portfolio.iterdir() if p.is_dir()),
        template_dirs=[custom / "templates"], tree_dirs=[custom / "questions"],
    )  # fmt: skip
    rows = ropa_rows(statuses)
    assert rows
    for row in rows:
        assert "None" not in [cell.strip() for cell in row.values()], row
        assert all(cell.strip() for cell in row.values())  # blank cells say why


def _ropa_of(example: str, tmp_path: Path, **changes: object) -> dict[str, str]:
    """The first RoPA row of an example rendered with some answers changed."""
    from law_helpers import render, with_answers

    render(with_answers(example, **changes), tmp_path, "answers")
    return ropa_rows(portfolio_status([tmp_path / "answers-out"]))[0]


PARA41 = [c for c in ROPA_COLUMNS if "para 41" in c]


def test_ropa_records_the_schedule_1_para_41_fields(tmp_path: Path) -> None:
    # a school relying on Sch 1 para 6 (needs a policy document), kept as the policy says
    row = _ropa_of("privacy-notice-school-pupils", tmp_path / "a", appropriate_policy_document=True)
    condition, article6, retention = (row[c] for c in PARA41)
    assert condition.startswith("para ") and "Not" not in condition
    assert article6 == row["Lawful basis (Art 6)"] and article6
    assert retention == "Yes"
    row = _ropa_of(
        "privacy-notice-school-pupils", tmp_path / "b", appropriate_policy_document=True,
        apd_retention_followed=False, apd_retention_reason="A litigation hold on 2019 records.",
    )  # fmt: skip
    assert row[PARA41[2]] == "No: A litigation hold on 2019 records."


def test_ropa_para_41_is_not_applicable_without_such_a_condition(tmp_path: Path) -> None:
    row = _ropa_of("privacy-notice-charity-food-bank", tmp_path)
    assert [row[c] for c in PARA41] == [
        "Not applicable: no Schedule 1 condition needing a policy document"
    ] * 3


def test_ropa_agreement_row_per_flow(portfolio: Path, custom: Path) -> None:
    statuses = portfolio_status(
        [portfolio / "agreement"], template_dirs=[custom / "templates"],
        tree_dirs=[custom / "questions"],
    )  # fmt: skip
    rows = ropa_rows(statuses)
    col = {c.split(" (Art")[0]: c for c in ROPA_COLUMNS}
    assert [r[col["Controller name and contact details"]] for r in rows] == [
        "Northshire County Council",
        "Northshire Police",
    ]
    assert rows[0][col["Categories of recipients"]] == (
        "Northshire Police, by Secure file transfer (SFTP), as needed"
    )
    assert rows[0][col["Purposes of the processing"]].endswith("(agreement: Adults at risk)")
    assert rows[0][col["Technical and organisational security measures"]] == (
        "Cyber Essentials Plus; Data Security and Protection Toolkit"  # inherited
    )
    assert rows[1][col["Time limits for erasure"]].startswith("Northshire County Council: 6 years")
    assert rows[0][col["Lawful basis"]] == "public_task"


def test_ropa_to_standard_output(portfolio: Path, custom: Path) -> None:
    result = runner.invoke(
        app, ["export", "ropa", str(portfolio / "protocol"), "--templates", str(custom)]
    )
    assert result.exit_code == 0
    assert result.output.startswith("Controller name and contact details (Art 30(1)(a)),")
    assert len(result.output.strip().splitlines()) == 1  # a protocol has no rows


# -- JSON ------------------------------------------------------------------------------------


def test_export_json(portfolio: Path, custom: Path) -> None:
    out = portfolio.parent / "portfolio.json"
    result = runner.invoke(
        app, ["export", "json", str(portfolio), "-o", str(out), "--templates", str(custom)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    sets = {Path(s["dir"]).name: s for s in data["sets"]}
    agreement = sets["agreement"]
    assert agreement["answers"]["agreement_title"] == "Adults at risk"
    assert agreement["history"] == [
        {"version": "1.0", "date": "2026-04-01", "summary": ["First version"], "resign": True}
    ]
    assert agreement["data_flow_mermaid"].startswith("flowchart LR")
    assert agreement["protocol"]["version"] == "2.0"
    assert sets["protocol"]["data_flow_mermaid"] == ""


def test_export_json_reports_unreadable_sets(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "answers.yaml").write_text("kind: nope\nanswers: {}\n")
    result = runner.invoke(app, ["export", "json", str(tmp_path)])
    assert result.exit_code == 1  # the rest is exported, but a set is missing from it
    assert "warning: " in result.output and "left out" in result.output
    assert '"sets"' in result.output


# -- diagrams --------------------------------------------------------------------------------


def _diagram() -> Diagram:
    return flows_diagram(AGREEMENT_ANSWERS["flows"], parties=["Unused party"])


def test_mermaid_round_trip_and_escaping() -> None:
    diagram = Diagram(('A "quoted" #1', "B | C"), (Edge('A "quoted" #1', "B | C", 'x "y"'),))
    text = to_mermaid(diagram)
    assert '"' not in text.split("\n")[1][len('  n1["') : -2]
    assert parse_mermaid(text) == diagram


def test_diagram_leaves_out_parties_with_no_flows() -> None:
    assert _diagram().nodes == ("Northshire County Council", "Northshire Police")


def test_other_mermaid_is_not_drawn() -> None:
    assert parse_mermaid("sequenceDiagram\n  A->>B: hi") is None
    assert parse_mermaid("flowchart LR\n  n1 --> n2") is None
    assert mermaid_to_png("graph TD\n A-->B") is None
    assert mermaid_to_svg("flowchart LR\n") is None


def test_png_is_deterministic_and_a_png() -> None:
    first, second = to_png(_diagram()), to_png(_diagram())
    assert first == second
    assert first.startswith(b"\x89PNG\r\n\x1a\n")


def test_agreement_markdown_has_a_mermaid_block(portfolio: Path) -> None:
    text = (portfolio / "agreement" / "data-sharing-agreement.md").read_text()
    assert "```mermaid\nflowchart LR\n" in text
    assert '-->|"safeguarding referrals (Secure file transfer (SFTP), as needed)"|' in text


def test_agreement_docx_embeds_the_diagram_as_a_picture(portfolio: Path) -> None:
    data = (portfolio / "agreement" / "data-sharing-agreement.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        body = archive.read("word/document.xml").decode()
    assert "word/media/image1.png" in names
    assert "<wp:inline" in body and "flowchart" not in body


def test_agreement_html_inlines_the_diagram_as_svg(portfolio: Path) -> None:
    text = (portfolio / "agreement" / "data-sharing-agreement.html").read_text()
    assert '<figure class="diagram">' in text and "<svg" in text
    assert "Northshire Police</text>" in text
    assert "flowchart LR" not in text


def test_docx_with_diagram_is_byte_identical_across_renders() -> None:
    from sharewiz.render.docx.writer import render_docx

    markdown = (
        "# T\n\n```mermaid\n" + to_mermaid(_diagram()) + "\n```\n\n```mermaid\ngraph TD\n```\n"
    )
    meta = DocMeta(title="T", version="1", date="2026-01-01", author="a", subject="s")
    first = render_docx(markdown, meta)
    assert first == render_docx(markdown, meta)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        body = archive.read("word/document.xml").decode()
    assert body.count("<wp:inline") == 1 and "graph TD" in body  # other Mermaid stays code


# -- the real kinds --------------------------------------------------------------------------


def test_real_agreement_example_exports(tmp_path: Path, repo_root: Path) -> None:
    import shutil

    set_dir = tmp_path / "dsa"
    set_dir.mkdir()
    shutil.copy(repo_root / "examples" / "dsa-supporting-families.yaml", set_dir / "answers.yaml")
    result = runner.invoke(app, ["render", str(set_dir / "answers.yaml"), "--format", "md"])
    assert result.exit_code == 0, result.output
    statuses = portfolio_status([set_dir], today=dt.date(2026, 11, 25))
    rows = ropa_rows(statuses)
    assert len(rows) == len(statuses[0].answers["flows"])
    conditions = {row["Special category or criminal offence condition"] for row in rows}
    assert any(
        cell.startswith(
            "Substantial public interest (UK GDPR Art 9(2)(g)); Statutory and government"
            " purposes (DPA 2018 Sch 1 para 6)"
        )
        for cell in conditions
    ), conditions
    assert any(cell.startswith("Official authority (UK GDPR Art 10)") for cell in conditions)


def test_ropa_agreement_row_names_the_senders_data_protection_officer(tmp_path: Path) -> None:
    from law_helpers import render, with_answers

    render(with_answers("dsa-supporting-families"), tmp_path, "answers")
    rows = ropa_rows(portfolio_status([tmp_path / "answers-out"]))
    dpo = {
        row[ROPA_COLUMNS[0]].split(",")[0]: row["Data protection officer (Art 30(1)(a))"]
        for row in rows
    }
    # the council's DPO signs the agreement; the department's is not named in it
    assert dpo["Northshire County Council"] == "Tom Okoye, Data Protection Officer"
    assert dpo["Department for Work and Pensions"] == "Not recorded in this document set"
