"""The look shared by the minutes and the agenda: A4, DejaVu Sans, a title block, a running header from page 2,
and "Side X af Y" and "Udskrevet ..." in the footer of every page.

One DocumentPDF per document and nothing at module level that changes, so several can be built at once in worker
threads (asyncio.to_thread).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from fpdf.fonts import TTFFont

from flnet_ui.i18n import LOCALES, _, clock, current_language, local, long_date, short_date
from flnet_ui.pdf.font_subsets import FONTS, LATIN, STYLES, WHOLE, whole_regular_cmap
from flnet_ui.pdf.shaping import ShapingPDF, needs_shaping
from flnet_ui.pdf.style import (
    ACCENT,
    BODY,
    BODY_LINE,
    BOTTOM,
    FONT,
    INK,
    MARGIN,
    MUTED,
    RULE,
    SMALL,
    TOP,
    WIDTH,
)
from flnet_ui.pdf.table import draw_table
from flnet_ui.pdf.text import SOFT_HYPHEN, clean, prepare, set_apart

_FALLBACK = 'dejavu-whole'  # the whole faces, for text beyond the cut ones

PAGES_ALIAS = '{flnet-pages}'


class DocumentPDF(ShapingPDF):
    def __init__(self, *, network: str, kind: str, title: str, day: dt.date, generated_at: dt.datetime,
                 status: str = '') -> None:
        super().__init__(orientation='portrait', unit='mm', format='A4')
        cmaps = []
        for style in STYLES:
            self.add_font(FONT, style, str(FONTS / LATIN[style]))
            face = self.fonts[FONT + style]
            assert isinstance(face, TTFFont)
            cmaps.append(set(face.cmap))
        self._drawable = whole_regular_cmap()  # text is cleaned to what the whole regular face draws
        # Characters every cut face draws (and ASCII, control characters included). Text with any other one (Greek,
        # or Arabic, which only the regular face has) gets the whole faces as fallbacks, added only then: parsing
        # the three costs more than a whole document in the cut faces (bench/).
        self._in_every_face = frozenset(map(chr, set.intersection(*cmaps) | set(range(128))))
        self._fallback_added = False
        moment = local(generated_at)
        self._printed = self.safe_line(_('Printed {date} at {time}').format(date=short_date(moment.date()),
                                                                         time=clock(moment.time())))
        self._running = self.safe_line(' · '.join(part for part in (network, kind, long_date(day), title) if part))
        self._status = self.safe_line(status)
        # the same document gives the same bytes: the creation date is when the data was taken, not "now"
        self.set_creation_date(local(generated_at))
        self.set_title(self.safe_line(f'{kind}: {title}'))
        self.set_author(self.safe_line(network))
        self.set_creator('flnet')
        self.set_lang(LOCALES[current_language()].replace('_', '-'))
        self.set_margins(MARGIN, TOP, MARGIN)
        self.c_margin = 0  # text starts on the margin, in line with the rules; table cells have their own padding
        self.set_auto_page_break(True, margin=BOTTOM)
        # an alias nobody types: fpdf2 replaces it wherever it occurs, in the minutes' own text too
        self.alias_nb_pages(PAGES_ALIAS, align='L')
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.add_page()

    def safe(self, text: str, *, marks: bool = False) -> str:
        """Text for multi_cell and tables: cleaned, with soft hyphens in long words; `marks`: see set_apart()."""
        return self._covered(prepare(text, self._drawable, marks=marks))

    def set_apart(self, value: str) -> str:
        """A user's `value` (a name) cleaned for a sentence of ours (text.set_apart): pass the sentence to paragraph()
        or facts() with marks=True."""
        return set_apart(clean(value, self._drawable).replace(SOFT_HYPHEN, '').replace('\n', ' '))

    def safe_line(self, text: str) -> str:
        """Text for cell() and metadata, which print a soft hyphen as a visible '-': cleaned, no soft hyphens."""
        return self._covered(clean(text, self._drawable).replace(SOFT_HYPHEN, '').replace('\n', ' '))

    def one_line(self, text: str, width: float) -> str | None:
        """`text` (from safe()) as the single line it prints as in `width` mm, or None if it wraps. Most texts of a
        document are short; for these this is a fifth of the cost of fpdf2's line breaking (multi_cell)."""
        if '\n' in text:
            return None
        line = text.replace(SOFT_HYPHEN, '')
        return line if self.get_string_width(line) <= width else None

    def _covered(self, text: str) -> str:
        """`text`, after making sure that every face can draw it (the fallback, when it is first needed)."""
        if not self._fallback_added and not text.isascii() and not self._in_every_face.issuperset(text):
            for style in STYLES:  # each embedded only if a glyph is taken from it
                self.add_font(_FALLBACK, style, str(FONTS / WHOLE[style]))
            # fpdf2 takes the face of the same style if it has the glyph, else the first that has it: the regular one
            # for Arabic in bold
            self.set_fallback_fonts([_FALLBACK], exact_match=False)
            self._fallback_added = True
        return text

    # -- every page ----------------------------------------------------------------------------------------------

    def header(self) -> None:
        if self.page_no() == 1:
            return  # the title block says it all
        self.set_font(FONT, '', SMALL)
        self.set_text_color(*MUTED)
        status_width = self.get_string_width(self._status) + 2 if self._status else 0
        self.set_xy(MARGIN, 11)
        self.text_line(WIDTH - status_width, 4, self._fit(self._running, WIDTH - status_width - 4))
        if self._status:
            self.cell(status_width, 4, self._status, align='R')
        self.set_draw_color(*RULE)
        self.line(MARGIN, 16.5, MARGIN + WIDTH, 16.5)
        self.set_xy(self.l_margin, self.t_margin)  # fpdf2 carries on from wherever the header left off

    def footer(self) -> None:
        top = self.h - 13
        self.set_draw_color(*RULE)
        self.line(MARGIN, top - 1.5, MARGIN + WIDTH, top - 1.5)
        self.set_font(FONT, '', SMALL)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, top)
        # the page number sits on the left: the total replaces the alias after the last page, in the room the alias
        # took, so a right-aligned "Side 1 af 2" would end short of the margin
        page = _('Page {page} of {pages}').format(page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(WIDTH / 2, 4, page)
        self.cell(WIDTH / 2, 4, self._printed, align='R')

    def _fit(self, text: str, width: float) -> str:
        """The text cut with '…' so it stays on one line of `width` mm."""
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + '…') > width:
            text = text[:-1]
        return text.rstrip() + '…'

    # -- building blocks -----------------------------------------------------------------------------------------

    def title_block(self, network: str, kind: str, title: str, when: str) -> None:
        """Page 1: who, what, when, in falling order of size, closed by a rule."""
        self.set_y(16)
        self.paragraph(network, size=9, style='B', color=ACCENT, line=4.5)
        self.paragraph(kind.upper(), size=9, color=MUTED, line=4.5, after=2)
        self.paragraph(title, size=18, style='B', color=INK, line=8, after=1)
        self.paragraph(when, size=11, color=INK, line=5.5, after=3)
        self.rule(after=4)

    def paragraph(self, text: str, *, size: float = BODY, style: str = '', color: tuple[int, int, int] = INK,
                  line: float = BODY_LINE, after: float = 0, marks: bool = False) -> None:
        """A paragraph from the left margin to the right; newlines in `text` start new lines."""
        self.set_font(FONT, style, size)
        self.set_text_color(*color)
        self.set_x(self.l_margin)
        text = self.safe(text, marks=marks)
        if (single := self.one_line(text, self.epw)) is not None:  # epw: from the (indented) left margin
            self.text_line(0, line, single, next_line=True)
        elif needs_shaping(text):  # wrapped by fpdf2, then set line by line for the right-to-left runs
            for wrapped in self.lines(text, self.epw, line):
                self.text_line(0, line, wrapped, next_line=True)
        else:
            self.multi_cell(0, line, text, align='L', new_x='LMARGIN', new_y='NEXT')
        if after:
            self.ln(after)

    def rule(self, *, after: float = 0) -> None:
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.y, MARGIN + WIDTH, self.y)
        if after:
            self.ln(after)

    def keep_together(self, height: float) -> None:
        """Start a new page unless `height` mm fit on this one (a heading never ends a page alone)."""
        if self.will_page_break(height):
            self.add_page()

    def height(self, text: str, *, size: float = BODY, style: str = '', line: float = BODY_LINE,
               width: float = 0) -> float:
        """How tall paragraph() would make `text` (mm) from the current left margin, without drawing it."""
        self.set_font(FONT, style, size)
        return len(self.lines(self.safe(text), width or self.epw, line)) * line

    @contextmanager
    def indented(self, by: float) -> Iterator[None]:
        """Move the left margin, so text that runs onto the next page keeps its indentation there too."""
        previous = self.l_margin
        self.set_left_margin(previous + by)
        self.set_x(self.l_margin)
        try:
            yield
        finally:
            self.set_left_margin(previous)
            self.set_x(previous)

    def section(self, title: str) -> None:
        self.ln(4)
        self.keep_together(22)
        self.paragraph(title, size=13, style='B', color=ACCENT, line=6.5)
        self.set_draw_color(*ACCENT)
        self.line(self.l_margin, self.y + 0.5, MARGIN + WIDTH, self.y + 0.5)
        self.ln(3)

    def subheading(self, title: str) -> None:
        self.ln(1.5)
        self.keep_together(14)
        self.paragraph(title, size=BODY, style='B', color=INK, line=BODY_LINE, after=0.8)

    def empty(self, text: str) -> None:
        """What an empty list or section says about itself ("Ingen"), quieter than content."""
        self.paragraph(text, style='I', color=MUTED)

    def facts(self, rows: Sequence[tuple[str, str]], *, label_width: float = 42, empty: str | None = None,
              marks: bool = False) -> None:
        """Label on the left, value wrapping on the right. An empty value (after cleaning: a lone control character
        is empty too) shows `empty` in the quiet style, or leaves its row out when `empty` is None."""
        for label, value in rows:
            if not self.safe(value, marks=marks).strip() and empty is None:
                continue
            self.keep_together(BODY_LINE)
            top = self.y
            self.set_font(FONT, 'B', BODY)
            self.set_text_color(*MUTED)
            self.set_x(self.l_margin)
            self.cell(label_width - 2, BODY_LINE, self._fit(self.safe_line(label), label_width - 3))
            with self.indented(label_width):
                self.set_y(top)
                self.set_x(self.l_margin)
                if self.safe(value, marks=marks).strip():
                    self.paragraph(value, marks=marks)
                else:
                    self.empty(empty or '')
            self.ln(1.2)

    def bullets(self, texts: Sequence[str]) -> None:
        for text in texts:
            self.keep_together(BODY_LINE)
            top = self.y
            self.set_font(FONT, '', BODY)
            self.set_text_color(*ACCENT)
            self.set_x(self.l_margin)
            self.cell(5, BODY_LINE, '•')
            with self.indented(5):
                self.set_y(top)
                self.paragraph(text, after=0.6)

    def data_table(self, headings: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        """A table with a shaded heading row (repeated on every page), zebra rows and text wrapping in its cells;
        `widths` are proportions."""
        self.set_x(self.l_margin)
        draw_table(self, headings, rows, widths)
        self.set_x(self.l_margin)
