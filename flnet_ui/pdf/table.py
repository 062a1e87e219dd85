"""Tables in the documents: a shaded heading row, repeated at the top of every page the table runs onto, rules
between the rows, every second row shaded, and text wrapping in its cells.

Drawn here rather than with fpdf2's table(), which wraps the text of every cell twice, once to size its row and once
to draw it: that was a quarter of the time of a minutes PDF (bench/). Here each cell is wrapped once, and its lines
are set as they are. A row moves to the next page when it does not fit on this one; a row taller than a whole page is
carried on over as many pages as it needs.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from flnet_ui.pdf.style import ACCENT, CELL_PADDING, FONT, HEAD_FILL, INK, RULE, TABLE, TABLE_LINE, ZEBRA

if TYPE_CHECKING:
    from flnet_ui.pdf.layout import DocumentPDF

PAD_Y, PAD_X = CELL_PADDING
MIN_LINES_HERE = 3  # a row taller than a page starts on this page only if this many of its lines fit on it

Row = list[list[str]]  # the wrapped lines of each cell


def draw_table(pdf: DocumentPDF, headings: Sequence[str], rows: Sequence[Sequence[str]],
               widths: Sequence[float]) -> None:
    """`widths` are proportions of the width between the margins."""
    columns = [pdf.epw * width / sum(widths) for width in widths]
    pdf.set_font(FONT, 'B', TABLE)
    heading = [_wrap(pdf, text, width) for text, width in zip(headings, columns, strict=True)]
    pdf.set_font(FONT, '', TABLE)
    body = [[_wrap(pdf, text, width) for text, width in zip(row, columns, strict=True)] for row in rows]
    heading_height = _height(_tallest(heading))
    fresh_page_lines = _lines_that_fit(pdf.page_break_trigger - pdf.t_margin - heading_height)
    if body and not _starts_here(_tallest(body[0]), _lines_here(pdf, heading_height), fresh_page_lines):
        pdf.add_page()  # the heading row never ends a page alone
    _draw_row(pdf, heading, columns, fill=HEAD_FILL, heading=True)
    for index, whole_row in enumerate(body):
        fill = ZEBRA if index % 2 else None
        row = whole_row  # what is left of it to draw
        while (tallest := _tallest(row)) > (room := _lines_here(pdf)):
            if _starts_here(tallest, room, fresh_page_lines):
                _draw_row(pdf, [cell[:room] for cell in row], columns, fill=fill)
                row = [cell[room:] for cell in row]
            _close(pdf)
            pdf.add_page()
            _draw_row(pdf, heading, columns, fill=HEAD_FILL, heading=True)
        _draw_row(pdf, row, columns, fill=fill)
    _close(pdf)


def _starts_here(tallest: int, room: int, fresh_page_lines: int) -> bool:
    """Whether a row of `tallest` lines starts where `room` lines are left: if it fits, or if it needs more than a
    page anyway and a few of its lines fit here."""
    return tallest <= room or (tallest > fresh_page_lines and room >= MIN_LINES_HERE)


def _wrap(pdf: DocumentPDF, text: str, column: float) -> list[str]:
    """The lines `text` wraps to in the current font; soft hyphens where a word was broken become hyphens."""
    text = pdf.safe(text)
    if not text:
        return []
    if (single := pdf.one_line(text, column - 2 * PAD_X)) is not None:
        return [single]
    return pdf.lines(text, column - 2 * PAD_X, TABLE_LINE)


def _tallest(row: Row) -> int:
    return max([1, *(len(cell) for cell in row)])


def _height(lines: int) -> float:
    return lines * TABLE_LINE + 2 * PAD_Y


def _lines_that_fit(space: float) -> int:
    """How many lines of a row fit in `space` mm, its padding included."""
    return int((space - 2 * PAD_Y) / TABLE_LINE + 1e-9)


def _lines_here(pdf: DocumentPDF, above: float = 0) -> int:
    """How many lines of a row fit between the current position (plus `above` mm) and the foot of the page."""
    return _lines_that_fit(pdf.page_break_trigger - pdf.y - above)


def _draw_row(pdf: DocumentPDF, row: Row, columns: Sequence[float], *, fill: tuple[int, int, int] | None,
              heading: bool = False) -> None:
    left, top = pdf.l_margin, pdf.y
    height = _height(_tallest(row))
    if fill:
        pdf.set_fill_color(*fill)
        pdf.rect(left, top, pdf.epw, height, style='F')
    if not heading:  # the rule between this row and the one above
        pdf.set_draw_color(*RULE)
        pdf.line(left, top, left + pdf.epw, top)
    pdf.set_font(FONT, 'B' if heading else '', TABLE)
    pdf.set_text_color(*(ACCENT if heading else INK))
    x = left
    for cell, width in zip(row, columns, strict=True):
        for number, line in enumerate(cell):
            pdf.set_xy(x + PAD_X, top + PAD_Y + number * TABLE_LINE)
            pdf.text_line(width - 2 * PAD_X, TABLE_LINE, line)
        x += width
    pdf.set_xy(left, top + height)


def _close(pdf: DocumentPDF) -> None:
    """The rule under the last row on a page."""
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.y, pdf.l_margin + pdf.epw, pdf.y)
