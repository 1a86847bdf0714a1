"""Data-flow diagrams never drop a label and never print smaller than 8 pt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sharewiz.render.blocks import CodeBlock, parse_markdown
from sharewiz.render.diagram import (
    FONT_PX,
    PRINT_WIDTH,
    Diagram,
    Edge,
    layout,
    parse_mermaid,
    to_svg,
)
from sharewiz.sets.build import render_answers_file

ROOT = Path(__file__).resolve().parent.parent
LONG = (
    "pregnancy notification (mother's details, estimated date of delivery, safeguarding "
    "concerns, interpreter needs and the named midwife's contact details) "
    "(Secure file transfer (SFTP), weekly)"
)


def _squash(text: str) -> str:
    return "".join(text.split())


def _parties(count: int) -> tuple[str, ...]:
    return tuple(
        f"Northshire Partner Organisation Number {n} NHS Foundation Trust" for n in range(count)
    )


def _diagram(count: int) -> Diagram:
    nodes = _parties(count)
    edges = [Edge(nodes[i], nodes[(i + 1) % count], f"{LONG} #{i}") for i in range(count)]
    edges.append(Edge(nodes[0], nodes[0], "an internal copy to itself, kept for audit"))
    return Diagram(nodes, tuple(edges))


def _svg_text(svg: str) -> str:
    root = ET.fromstring(svg)
    return "".join(el.text or "" for el in root.iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.parametrize("count", [2, 3, 4, 5, 8])
def test_every_label_and_name_is_whole_in_the_svg(count: int) -> None:
    diagram = _diagram(count)
    text = _squash(_svg_text(to_svg(diagram)))
    for edge in diagram.edges:
        assert _squash(edge.label) in text
    for name in diagram.nodes:
        assert _squash(name) in text


@pytest.mark.parametrize("count", [2, 3, 4, 5, 8])
def test_the_png_layout_keeps_every_label(count: int) -> None:
    # The PNG draws exactly the layout's text lines, so the layout is what to check.
    diagram = _diagram(count)
    drawn = _squash("".join(line.text for line in layout(diagram).texts))
    for edge in diagram.edges:
        assert _squash(edge.label) in drawn


@pytest.mark.parametrize("count", [2, 3, 4, 5, 8])
def test_text_prints_at_8_pt_or_more(count: int) -> None:
    lay = layout(_diagram(count))
    assert lay.width <= PRINT_WIDTH  # printed at full size, never scaled down
    assert FONT_PX * 0.75 >= 8  # px at 96 dpi to points


def test_narrow_columns_number_the_arrows_and_spell_flows_out_in_a_legend() -> None:
    lay = layout(_diagram(5))
    assert lay.numbered
    assert [line.text for line in lay.texts if line.text.isdigit()] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
    ]
    legend = [line.text for line in lay.texts if line.anchor == "start"]
    assert legend[0].startswith("1. pregnancy notification")


def test_wide_columns_label_the_arrows_themselves() -> None:
    lay = layout(_diagram(2))
    assert not lay.numbered
    assert not any(line.anchor == "start" for line in lay.texts)


def test_the_drawing_grows_with_the_labels() -> None:
    short = Diagram(("A", "B"), (Edge("A", "B", "x"),))
    long = Diagram(("A", "B"), (Edge("A", "B", LONG * 3),))
    assert layout(long).height > layout(short).height + 100


@pytest.mark.parametrize("example", ["dsa-antenatal-health-visiting", "dsa-supporting-families"])
def test_example_diagrams_show_every_flow_in_full(example: str, tmp_path: Path) -> None:
    result = render_answers_file(
        ROOT / "examples" / f"{example}.yaml", out_dir=tmp_path, formats=["md"]
    )
    markdown = next(d.markdown for d in result.documents if d.id == "data-sharing-agreement")
    block = next(b for b in parse_markdown(markdown) if isinstance(b, CodeBlock))
    diagram = parse_mermaid(block.text)
    assert diagram is not None and diagram.edges
    text = _squash(_svg_text(to_svg(diagram)))
    for edge in diagram.edges:
        assert "(" in edge.label  # method and frequency are part of every label
        assert _squash(edge.label) in text
