"""Tables as WordprocessingML, for :mod:`sharewiz.render.docx.body`.

Tables get column widths from their content, rows that never split, a header row that
repeats and keeps with the first row, and, when short (or a signature block), rows
that keep together so the table moves to the next page whole.
"""

from __future__ import annotations

from collections.abc import Callable

from sharewiz.render.blocks import Inline, Table, plain_text

SIGNATURE_ROW_HEIGHT = 1134  # 2 cm: room for a handwritten signature
# A table estimated at up to this many lines of text is kept on one page; a longer one
# may break between rows (its header row repeats).
KEEP_TOGETHER_LINES = 24
_JC = {"left": "left", "center": "center", "right": "right"}


def table_xml(
    table: Table,
    *,
    text_width: int,
    table_style: str,
    text_style: str,
    header_fill: str,
    runs: Callable[[Inline, bool], str],
) -> str:
    """Return the ``w:tbl`` XML of a table.

    Args:
        table: The table.
        text_width: Width between the margins in twips; the table fills it.
        table_style: Style id of the table style.
        text_style: Style id of the cells' paragraphs.
        header_fill: Shading colour of the header row (hex RGB).
        runs: Returns the run XML of a cell's text, bold when the flag is set.
    """
    ncols = max([len(table.header)] + [len(row) for row in table.rows])
    widths = column_widths(table, ncols, text_width)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{table_style}"/>'
        f'<w:tblW w:w="{text_width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    ]

    def row(cells: tuple[Inline, ...], *, header: bool, height: int, keep_next: bool) -> str:
        trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        if height:
            trpr += f'<w:trHeight w:val="{height}" w:hRule="atLeast"/>'
        # The header row is shaded directly as well as by the table style, because not
        # every reader applies table-style conditional formats.
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{header_fill}"/>' if header else ""
        valign = '<w:vAlign w:val="bottom"/>' if height else ""
        keep = "<w:keepNext/>" if keep_next else ""
        tcs = []
        for index, width in enumerate(widths):
            inlines = cells[index] if index < len(cells) else ()
            align = table.aligns[index] if index < len(table.aligns) else None
            jc = f'<w:jc w:val="{_JC[align]}"/>' if align in _JC else ""
            tcs.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}{valign}</w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="{text_style}"/>{keep}{jc}</w:pPr>'
                f"{runs(inlines, header)}</w:p></w:tc>"
            )
        return f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(tcs)}</w:tr>"

    whole = table.is_signature or estimated_lines(table, widths) <= KEEP_TOGETHER_LINES
    out.append(row(table.header, header=True, height=0, keep_next=True))
    height = SIGNATURE_ROW_HEIGHT if table.is_signature else 0
    for index, cells in enumerate(table.rows, start=1):
        out.append(
            row(cells, header=False, height=height, keep_next=whole and index < len(table.rows))
        )
    out.append("</w:tbl>")
    return "".join(out)


def estimated_lines(table: Table, widths: list[int]) -> int:
    """Roughly how many lines of text a table takes, from its text and column widths."""
    char = 110  # twips per character of table text, a little generous
    total = 0
    for row in (table.header, *table.rows):
        cells = [plain_text(cell) for cell in row]
        # cells past a short row's end are empty; ceil(characters / characters per line)
        lines = (
            -(-len(text) * char // max(w - 230, char))
            for text, w in zip(cells, widths, strict=False)
        )
        total += max(1, *lines)
    return total


def column_widths(table: Table, ncols: int, text_width: int) -> list[int]:
    """Share ``text_width`` between columns in proportion to their content.

    Long text is capped so one wordy column cannot squeeze the others to nothing, and
    the longest word sets a floor so short columns do not break words.

    Args:
        table: The table.
        ncols: Number of columns.
        text_width: Total width in twips.

    Returns:
        Column widths in twips, summing to ``text_width``.
    """
    # Rough twips per character at table text size, and a cell's left+right padding.
    char, padding = 120, 230
    floors, wishes = [], []
    for col in range(ncols):
        texts = [plain_text(row[col]) for row in (table.header, *table.rows) if col < len(row)]
        longest = max((len(text) for text in texts), default=0)
        pieces = [piece for text in texts for word in text.split() for piece in _pieces(word)]
        longest_word = max(map(len, pieces), default=0)
        floor = min(max(longest_word, 4), 25) * char + padding  # never break a word
        wish = max(min(longest, 60), 8) * char + padding
        if col < len(table.header) and "signature" in plain_text(table.header[col]).lower():
            wish = max(wish, 30 * char + padding)
        floors.append(floor)
        wishes.append(max(wish, floor))
    if sum(floors) >= text_width:  # too many columns: shrink the floors alike
        widths = [text_width * floor // sum(floors) for floor in floors]
    else:
        spare = text_width - sum(floors)
        wants = [wish - floor for wish, floor in zip(wishes, floors, strict=True)]
        if sum(wants) == 0:
            wants = wishes
        widths = [
            floor + spare * want // sum(wants) for floor, want in zip(floors, wants, strict=True)
        ]
    widths[-1] += text_width - sum(widths)
    return widths


def _pieces(word: str) -> list[str]:
    """The parts of a word no line may break: for a web address, "https://host/" and
    then each path segment (a line may break after a "/"), so a column is wide enough
    for the host and a "https://" never ends a line on its own."""
    if "://" not in word:
        return [word]
    scheme, _, rest = word.partition("://")
    host, *path = rest.split("/")
    return [f"{scheme}://{host}/", *(f"{segment}/" for segment in path if segment)]
