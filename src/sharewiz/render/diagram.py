"""Data-flow diagrams: parties as boxes, flows as labelled arrows.

One model, three outputs: Mermaid text (for a ```mermaid block in the Markdown, which
GitHub and many editors draw), SVG (inlined in the HTML) and PNG (embedded in the
DOCX). The picture is laid out like a sequence diagram: a column per party, and one
arrow per flow, top to bottom, labelled with what is sent, how and how often. Simple,
readable, and deterministic: the same flows always give the same bytes.

The Mermaid written here is a small subset (`flowchart LR`, quoted node labels, quoted
edge labels), and :func:`parse_mermaid` reads back only that subset; any other Mermaid
stays a code block.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

PRINT_WIDTH = 605  # px at 96 dpi: an A4 page less 2.5 cm margins, the DOCX text width
FONT_PX = 12  # 9 pt on paper, since the drawing is never wider than PRINT_WIDTH
CHAR_PX = 7  # a generous average character width at FONT_PX, so wrapped lines fit
LINE = 15  # px between baselines
MAX_COLUMN = 220
MARGIN = 20
TOP = 20
# A label that would wrap narrower than this many characters makes the drawing
# number its arrows and spell the flows out in a legend underneath instead.
MIN_LABEL_CHARS = 22
# With more parties than this a column is too narrow for a party's name (it breaks
# mid-word) and the drawing fills pages of its own; a document then relies on its flows
# table, which states every flow anyway.
MAX_PRINTED_PARTIES = 6
_NODE = re.compile(r'^\s*(n\d+)\["(.*)"\]\s*$')
_EDGE = re.compile(r'^\s*(n\d+)\s*-->\|"(.*)"\|\s*(n\d+)\s*$')


@dataclass(frozen=True)
class Edge:
    """One flow: from a party to a party, with a label."""

    source: str
    target: str
    label: str


@dataclass(frozen=True)
class Diagram:
    """Parties (in order of first appearance) and flows between them."""

    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]


def flows_diagram(
    flows: Sequence[Mapping[str, Any]],
    *,
    parties: Sequence[str] = (),
    method_label: Any = None,
) -> Diagram:
    """A diagram from `flows` answers: an arrow for each sender and recipient of an entry.

    Args:
        flows: The flow entries (from_parties, to_parties, items, method, frequency,
            interval); an entry naming several senders and recipients is drawn as an
            arrow from each sender to each recipient.
        parties: Party names to show first, in this order (others follow as they appear).
        method_label: A function turning a method choice id into its label.
    """
    from sharewiz.model.arrangement import expand_flows

    nodes: dict[str, None] = dict.fromkeys(p for p in parties if p)
    edges = []
    for flow in expand_flows(flows, ()):
        nodes.setdefault(flow.sender, None)
        nodes.setdefault(flow.recipient, None)
        method = flow.method
        if method and method_label is not None:
            method = method_label(method)
        often = flow.interval or (flow.frequency or "").replace("_", " ")
        how = ", ".join(part for part in (method, often) if part)
        # the agreement's table lists the items; an arrow names them only when few
        label = "; ".join(flow.items) if len(flow.items) <= 2 else f"{len(flow.items)} data items"
        edges.append(Edge(flow.sender, flow.recipient, f"{label} ({how})" if how else label))
    used = {e.source for e in edges} | {e.target for e in edges}
    return Diagram(tuple(n for n in nodes if n in used), tuple(edges))


def answers_mermaid(tree: Any, answers: Mapping[str, Any]) -> str:
    """Mermaid text of a set's `flows` answers; empty if its tree has no flows or none given."""
    known = {q.id: q for q in tree.questions()}
    flows = answers.get("flows") or []
    if "flows" not in known or not flows:
        return ""
    inner = {q.id: q for q in known["flows"].questions}
    method = inner.get("method")
    parties = [p.get("name") for p in answers.get("parties") or [] if isinstance(p, Mapping)]
    diagram = flows_diagram(
        flows,
        parties=[str(p) for p in parties if p],
        method_label=(lambda v: method.label_for(str(v))) if method is not None else None,
    )
    return to_mermaid(diagram) if diagram.edges else ""


def fits_on_page(text: str) -> bool:
    """Whether a Mermaid flows diagram has few enough parties to print legibly."""
    diagram = parse_mermaid(text) if text else None
    return diagram is not None and len(diagram.nodes) <= MAX_PRINTED_PARTIES


# -- Mermaid ------------------------------------------------------------------------


def _mermaid_text(text: str) -> str:
    # Mermaid has no escape inside quotes but its own entity codes: #quot; and #35;
    return " ".join(text.replace("#", "#35;").replace('"', "#quot;").split())


def _unmermaid(text: str) -> str:
    return text.replace("#quot;", '"').replace("#35;", "#")


def to_mermaid(diagram: Diagram) -> str:
    """Mermaid flowchart text (without the fence)."""
    ids = {name: f"n{i + 1}" for i, name in enumerate(diagram.nodes)}
    lines = ["flowchart LR"]
    lines += [f'  {ids[name]}["{_mermaid_text(name)}"]' for name in diagram.nodes]
    lines += [
        f'  {ids[e.source]} -->|"{_mermaid_text(e.label)}"| {ids[e.target]}' for e in diagram.edges
    ]
    return "\n".join(lines)


def parse_mermaid(text: str) -> Diagram | None:
    """Read back Mermaid written by :func:`to_mermaid`; None for any other Mermaid."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if not lines or lines[0].strip() != "flowchart LR":
        return None
    names: dict[str, str] = {}
    edges = []
    for line in lines[1:]:
        if node := _NODE.match(line):
            names[node.group(1)] = _unmermaid(node.group(2))
        elif edge := _EDGE.match(line):
            source, label, target = edge.groups()
            if source not in names or target not in names:
                return None
            edges.append(Edge(names[source], names[target], _unmermaid(label)))
        else:
            return None
    return Diagram(tuple(names.values()), tuple(edges))


# -- layout -------------------------------------------------------------------------


@dataclass(frozen=True)
class TextLine:
    """One line of text at its baseline; ``anchor`` is "middle" or "start"."""

    x: int
    y: int
    text: str
    bold: bool = False
    anchor: str = "middle"


@dataclass(frozen=True)
class Layout:
    """Where everything goes; the SVG and the PNG both draw exactly this.

    Attributes:
        width: Drawing width in px (never more than the print width asked for).
        height: Drawing height in px: it grows with the text, nothing is cut.
        boxes: (centre x, top y, width, height) of each party's box.
        lifelines: (x, top y, bottom y) of each party's dashed line.
        arrows: (from x, to x, y) of each flow.
        texts: Every line of text: party names, flow labels or numbers, legend.
        numbered: Arrows carry numbers keyed to a legend under the drawing.
    """

    width: int
    height: int
    boxes: tuple[tuple[int, int, int, int], ...]
    lifelines: tuple[tuple[int, int, int], ...]
    arrows: tuple[tuple[int, int, int], ...]
    texts: tuple[TextLine, ...]
    numbered: bool


def _wrap(text: str, chars: int) -> list[str]:
    return textwrap.wrap(text, max(chars, 4), break_on_hyphens=False) or [""]


def layout(diagram: Diagram, *, print_width: int = PRINT_WIDTH) -> Layout:
    """Lay a diagram out to fit ``print_width`` px, wrapping text instead of shrinking it.

    Args:
        diagram: The parties and flows.
        print_width: The width the picture will be printed at, in px at 96 dpi.

    Returns:
        The layout. Every label appears whole: wrapped over as many lines as it needs,
        or, when the columns are too narrow, as a numbered line in a legend.
    """
    count = max(len(diagram.nodes), 1)
    column = max(min(MAX_COLUMN, (print_width - 2 * MARGIN) // count), 40)
    width = 2 * MARGIN + column * count
    box_w = column - 16
    centres = {name: MARGIN + column * i + column // 2 for i, name in enumerate(diagram.nodes)}
    names = {name: _wrap(name, (box_w - 10) // CHAR_PX) for name in diagram.nodes}
    box_h = max([2, *(len(lines) for lines in names.values())]) * LINE + 16
    texts: list[TextLine] = []
    for name, x in centres.items():
        first = TOP + (box_h - LINE * len(names[name])) // 2 + FONT_PX
        texts += [
            TextLine(x, first + LINE * i, line, bold=True) for i, line in enumerate(names[name])
        ]

    def ends(edge: Edge) -> tuple[int, int]:
        x1, x2 = centres[edge.source], centres[edge.target]
        return (x1, x1 + 40) if x1 == x2 else (x1, x2)

    def label_chars(edge: Edge) -> int:
        x1, x2 = ends(edge)
        return max(abs(x2 - x1), column) // CHAR_PX - 2

    numbered = any(label_chars(edge) < MIN_LABEL_CHARS for edge in diagram.edges)
    arrows = []
    y = TOP + box_h + 12
    for number, edge in enumerate(diagram.edges, start=1):
        x1, x2 = ends(edge)
        lines = [str(number)] if numbered else _wrap(edge.label, label_chars(edge))
        half = max(len(line) for line in lines) * CHAR_PX // 2
        middle = min(max((x1 + x2) // 2, MARGIN + half), width - MARGIN - half)
        texts += [TextLine(middle, y + LINE * (i + 1), line) for i, line in enumerate(lines)]
        y += LINE * len(lines) + 8
        arrows.append((x1, x2, y))
        y += 14
    lifelines = tuple((x, TOP + box_h, y) for x in centres.values())
    if numbered:  # the legend: each flow in full, numbered as its arrow
        y += 10
        chars = (width - 2 * MARGIN) // CHAR_PX
        for number, edge in enumerate(diagram.edges, start=1):
            lines = _wrap(f"{number}. {edge.label}", chars)
            texts += [
                TextLine(MARGIN, y + LINE * (i + 1), line, anchor="start")
                for i, line in enumerate(lines)
            ]
            y += LINE * len(lines) + 4
    boxes = tuple((x, TOP, box_w, box_h) for x in centres.values())
    return Layout(width, y + MARGIN, boxes, lifelines, tuple(arrows), tuple(texts), numbered)


# -- SVG ----------------------------------------------------------------------------


def to_svg(diagram: Diagram, *, print_width: int = PRINT_WIDTH) -> str:
    """An SVG picture of the diagram, with a title for screen readers."""
    lay = layout(diagram, print_width=print_width)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{lay.width}" '
        f'height="{lay.height}" viewBox="0 0 {lay.width} {lay.height}" '
        f'style="max-width:100%;height:auto" font-family="Arial, Helvetica, sans-serif" '
        f'font-size="{FONT_PX}">',
        "<title>Data flows between the parties</title>",
        '<defs><marker id="arrow" markerWidth="10" markerHeight="8" refX="9" refY="4" '
        'orient="auto"><path d="M0,0 L10,4 L0,8 z" fill="#1f3864"/></marker></defs>',
    ]
    for x, top, bottom in lay.lifelines:
        out.append(
            f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="#a6a6a6" '
            'stroke-dasharray="4 4"/>'
        )
    for x, top, box_w, box_h in lay.boxes:
        out.append(
            f'<rect x="{x - box_w // 2}" y="{top}" width="{box_w}" height="{box_h}" rx="6" '
            'fill="#d9e2f3" stroke="#1f3864"/>'
        )
    for x1, x2, y in lay.arrows:
        out.append(
            f'<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="#1f3864" '
            'stroke-width="1.5" marker-end="url(#arrow)"/>'
        )
    for line in lay.texts:
        weight = ' font-weight="bold"' if line.bold else ""
        out.append(
            f'<text x="{line.x}" y="{line.y}" text-anchor="{line.anchor}"{weight}>'
            f"{escape(line.text)}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


# -- PNG ----------------------------------------------------------------------------


def to_png(diagram: Diagram, *, scale: int = 2, print_width: int = PRINT_WIDTH) -> bytes:
    """A PNG picture of the diagram (drawn at `scale` for sharp printing)."""
    from PIL import Image, ImageDraw, ImageFont

    lay = layout(diagram, print_width=print_width)
    image = Image.new("RGB", (lay.width * scale, lay.height * scale), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=FONT_PX * scale)

    def s(*values: float) -> list[float]:
        return [v * scale for v in values]

    for x, top, bottom in lay.lifelines:
        for y in range(top, bottom, 8):
            draw.line(s(x, y, x, min(y + 4, bottom)), fill="#a6a6a6", width=scale)
    for x, top, box_w, box_h in lay.boxes:
        draw.rounded_rectangle(
            s(x - box_w // 2, top, x + box_w // 2, top + box_h),
            radius=6 * scale,
            fill="#d9e2f3",
            outline="#1f3864",
            width=scale,
        )
    for x1, x2, y in lay.arrows:
        draw.line(s(x1, y, x2, y), fill="#1f3864", width=2 * scale)
        tip = -9 if x2 > x1 else 9
        draw.polygon(s(x2, y, x2 + tip, y - 4, x2 + tip, y + 4), fill="#1f3864")
    for line in lay.texts:
        anchor = "ms" if line.anchor == "middle" else "ls"  # on the baseline, as in SVG
        position = (line.x * scale, line.y * scale)
        draw.text(position, line.text, fill="black", font=font, anchor=anchor)
        if line.bold:  # the default font has no bold face: draw it twice, offset
            draw.text(
                (position[0] + 1, position[1]), line.text, fill="black", font=font, anchor=anchor
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def mermaid_to_png(text: str, *, print_width: int = PRINT_WIDTH) -> tuple[bytes, int, int] | None:
    """(PNG bytes, width px, height px at 96 dpi) of sharewiz Mermaid; None for other Mermaid."""
    diagram = parse_mermaid(text)
    if diagram is None or not diagram.edges:
        return None
    lay = layout(diagram, print_width=print_width)
    return to_png(diagram, print_width=print_width), lay.width, lay.height


def mermaid_to_svg(text: str) -> str | None:
    """SVG of sharewiz Mermaid; None for any other Mermaid."""
    diagram = parse_mermaid(text)
    if diagram is None or not diagram.edges:
        return None
    return to_svg(diagram)
