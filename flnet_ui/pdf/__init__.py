"""Danish PDFs of a meeting: the minutes (referat) and the agenda (dagsorden), built from plain values.

Pure functions without the database; call them with asyncio.to_thread from a page or service.

The two builders import fpdf2 (and with it fontTools) on the first PDF, not when the app starts: that import is a
tenth of a second or more of every start-up (bench/), and most processes never make a PDF.
"""
from flnet_ui.pdf.document import Action, AgendaDocument, ItemMinutes, MinutesDocument

__all__ = ['Action', 'AgendaDocument', 'ItemMinutes', 'MinutesDocument', 'agenda_pdf', 'minutes_pdf']


def minutes_pdf(doc: MinutesDocument, *, language_code: str = 'da') -> bytes:
    """The minutes as PDF bytes (flnet_ui/pdf/minutes.py)."""
    from flnet_ui.pdf.minutes import minutes_pdf as build
    return build(doc, language_code=language_code)


def agenda_pdf(doc: AgendaDocument, *, language_code: str = 'da') -> bytes:
    """The agenda as PDF bytes (flnet_ui/pdf/agenda.py)."""
    from flnet_ui.pdf.agenda import agenda_pdf as build
    return build(doc, language_code=language_code)
