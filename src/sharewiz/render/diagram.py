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

COLUMN = 220
BOX_W, BOX_H = 180, 54
TOP = 20
ROW = 78
MARGIN = 20
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
    """A diagram from `flows` answers (from_party, to_party, data_sent, method, frequency).

    Args:
        flows: The flow entries.
        parties: Party names to show first, in this order (others follow as they appear).
        method_label: A function turning a method choice id into its label.
    """
    nodes: dict[str, None] = dict.fromkeys(p for p in parties if p)
    edges = []
    for flow in flows:
        source = str(flow.get("from_party") or "").strip()
        target = str(flow.get("to_party") or "").strip()
        if not source or not target:
            continue
        nodes.setdefault(source, None)
        nodes.setdefault(target, None)
        method = flow.get("method") or ""
        if method and method_label is not None:
            method = method_label(method)
        how = ", ".join(str(part) for part in (method, flow.get("frequency")) if part)
        label = str(flow.get("data_sent") or "").strip()
        edges.append(Edge(source, target, f"{label} ({how})" if how else label))
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
class _Layout:
    width: int
    height: int
    centres: dict[str, int]
    rows: tuple[tuple[Edge, int, list[str]], ...]  # edge, arrow y, label lines


def _wrap(text: str, chars: int) -> list[str]:
    return textwrap.wrap(text, max(chars, 12)) or [""]


def _layout(diagram: Diagram) -> _Layout:
    centres = {name: MARGIN + COLUMN * i + COLUMN // 2 for i, name in enumerate(diagram.nodes)}
    width = MARGIN * 2 + COLUMN * max(len(diagram.nodes), 1)
    y = TOP + BOX_H + 30
    rows = []
    for edge in diagram.edges:
        span = abs(centres[edge.target] - centres[edge.source])
        lines = _wrap(edge.label, span // 7 - 2 if span else 28)[:4]
        y += 14 * len(lines)
        rows.append((edge, y, lines))
        y += ROW - 14 * 2
    return _Layout(width, y + 20, centres, tuple(rows))


# -- SVG ----------------------------------------------------------------------------


def to_svg(diagram: Diagram) -> str:
    """An SVG picture of the diagram, with a title for screen readers."""
    lay = _layout(diagram)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{lay.width}" '
        f'height="{lay.height}" viewBox="0 0 {lay.width} {lay.height}" '
        'font-family="Arial, Helvetica, sans-serif" font-size="12">',
        "<title>Data flows between the parties</title>",
        '<defs><marker id="arrow" markerWidth="10" markerHeight="8" refX="9" refY="4" '
        'orient="auto"><path d="M0,0 L10,4 L0,8 z" fill="#1f3864"/></marker></defs>',
    ]
    for name, x in lay.centres.items():
        out.append(
            f'<line x1="{x}" y1="{TOP + BOX_H}" x2="{x}" y2="{lay.height - 10}" '
            'stroke="#a6a6a6" stroke-dasharray="4 4"/>'
        )
        out.append(
            f'<rect x="{x - BOX_W // 2}" y="{TOP}" width="{BOX_W}" height="{BOX_H}" rx="6" '
            'fill="#d9e2f3" stroke="#1f3864"/>'
        )
        lines = _wrap(name, 26)[:3]
        first = TOP + BOX_H // 2 - 7 * (len(lines) - 1) + 4
        for i, line in enumerate(lines):
            out.append(
                f'<text x="{x}" y="{first + 14 * i}" text-anchor="middle" '
                f'font-weight="bold">{escape(line)}</text>'
            )
    for edge, y, lines in lay.rows:
        x1, x2 = lay.centres[edge.source], lay.centres[edge.target]
        if x1 == x2:
            x2 = x1 + 40
        out.append(
            f'<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="#1f3864" '
            'stroke-width="1.5" marker-end="url(#arrow)"/>'
        )
        middle = (x1 + x2) // 2
        for i, line in enumerate(lines):
            out.append(
                f'<text x="{middle}" y="{y - 6 - 14 * (len(lines) - 1 - i)}" '
                f'text-anchor="middle">{escape(line)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)


# -- PNG ----------------------------------------------------------------------------


def to_png(diagram: Diagram, *, scale: int = 2) -> bytes:
    """A PNG picture of the diagram (drawn at `scale` for sharp printing)."""
    from PIL import Image, ImageDraw, ImageFont

    lay = _layout(diagram)
    image = Image.new("RGB", (lay.width * scale, lay.height * scale), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=12 * scale)

    def s(*values: float) -> list[float]:
        return [v * scale for v in values]

    for name, x in lay.centres.items():
        for y in range(TOP + BOX_H, lay.height - 10, 8):
            draw.line(s(x, y, x, min(y + 4, lay.height - 10)), fill="#a6a6a6", width=scale)
        draw.rounded_rectangle(
            s(x - BOX_W // 2, TOP, x + BOX_W // 2, TOP + BOX_H),
            radius=6 * scale,
            fill="#d9e2f3",
            outline="#1f3864",
            width=scale,
        )
        lines = _wrap(name, 26)[:3]
        first = TOP + BOX_H // 2 - 7 * (len(lines) - 1)
        for i, line in enumerate(lines):
            draw.text(
                (x * scale, (first + 14 * i) * scale), line, fill="black", font=font, anchor="mm"
            )
    for edge, y, lines in lay.rows:
        x1, x2 = lay.centres[edge.source], lay.centres[edge.target]
        if x1 == x2:
            x2 = x1 + 40
        draw.line(s(x1, y, x2, y), fill="#1f3864", width=2 * scale)
        tip = -9 if x2 > x1 else 9
        draw.polygon(s(x2, y, x2 + tip, y - 4, x2 + tip, y + 4), fill="#1f3864")
        middle = (x1 + x2) // 2
        for i, line in enumerate(lines):
            ty = y - 10 - 14 * (len(lines) - 1 - i)
            draw.text((middle * scale, ty * scale), line, fill="black", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def mermaid_to_png(text: str) -> tuple[bytes, int, int] | None:
    """(PNG bytes, width px, height px at 96 dpi) of sharewiz Mermaid; None for other Mermaid."""
    diagram = parse_mermaid(text)
    if diagram is None or not diagram.edges:
        return None
    lay = _layout(diagram)
    return to_png(diagram), lay.width, lay.height


def mermaid_to_svg(text: str) -> str | None:
    """SVG of sharewiz Mermaid; None for any other Mermaid."""
    diagram = parse_mermaid(text)
    if diagram is None or not diagram.edges:
        return None
    return to_svg(diagram)
