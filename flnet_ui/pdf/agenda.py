"""The agenda (dagsorden, the programme) of a meeting as a Danish A4 PDF: every item with its planned time."""
from __future__ import annotations

from flnet_ui.i18n import _, clock, language
from flnet_ui.pdf.document import AgendaDocument, ItemMinutes
from flnet_ui.pdf.layout import DocumentPDF
from flnet_ui.pdf.minutes import item_meta, when
from flnet_ui.pdf.style import ACCENT, FONT, MUTED

TIME_GUTTER = 18.0  # planned times in a column of their own, so the day can be read down the left edge


def agenda_pdf(doc: AgendaDocument, *, language_code: str = 'da') -> bytes:
    """The PDF bytes; the same document always gives the same bytes. Pure: safe to run in a worker thread."""
    with language(language_code):
        pdf = DocumentPDF(network=doc.network_name, kind=_('Agenda'), title=doc.meeting_title, day=doc.day,
                          generated_at=doc.generated_at)
        pdf.title_block(doc.network_name, _('Agenda'), doc.meeting_title, when(doc.day, doc.starts, doc.ends))
        pdf.facts([(_('Address'), doc.venue), (_('Host library'), doc.host)])  # left out when not known

        pdf.section(_('Programme'))
        if not doc.items:
            pdf.empty(_('The programme has no items yet.'))
            return bytes(pdf.output())
        for item in doc.items:
            _item(pdf, item)
        _line(pdf, clock(doc.ends), _('End of the meeting'), bold=False)
        return bytes(pdf.output())


KEEP_WHOLE = 90.0  # an item up to this tall (mm) is never split over two pages


def _item(pdf: DocumentPDF, item: ItemMinutes) -> None:
    with pdf.indented(TIME_GUTTER):
        tall = (pdf.height(item.title, size=11, style='B', line=5.5) + 4.6 + 6
                + pdf.height(item.notes.strip(), size=9.5, line=4.8))
    pdf.keep_together(tall if tall <= KEEP_WHOLE else 18)
    title = f'{item.number}. {item.title}'
    _line(pdf, clock(item.starts) if item.starts else '', title, bold=True)
    with pdf.indented(TIME_GUTTER):
        meta = item_meta(item, pdf.set_apart, with_time=False)  # the time is already in the gutter
        if meta:
            pdf.paragraph(meta, size=9, color=MUTED, line=4.6, marks=True)
        if item.notes.strip():
            pdf.ln(0.8)
            pdf.paragraph(item.notes.strip(), size=9.5, line=4.8)
    pdf.ln(2.5)
    pdf.rule(after=2.5)


def _line(pdf: DocumentPDF, time: str, text: str, *, bold: bool) -> None:
    """A time in the gutter and a text beside it."""
    top = pdf.y
    pdf.set_font(FONT, 'B', 11)
    pdf.set_text_color(*ACCENT)
    pdf.set_x(pdf.l_margin)
    pdf.cell(TIME_GUTTER, 5.5, pdf.safe_line(time))
    with pdf.indented(TIME_GUTTER):
        pdf.set_y(top)
        pdf.paragraph(text, size=11, style='B' if bold else '', line=5.5)
