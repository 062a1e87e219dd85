"""Danish PDFs of a meeting: the minutes (referat) and the agenda (dagsorden), built from plain values.

Pure functions without the database; call them with asyncio.to_thread from a page or service.
"""
from flnet_ui.pdf.agenda import agenda_pdf
from flnet_ui.pdf.document import Action, AgendaDocument, ItemMinutes, MinutesDocument
from flnet_ui.pdf.minutes import minutes_pdf

__all__ = ['Action', 'AgendaDocument', 'ItemMinutes', 'MinutesDocument', 'agenda_pdf', 'minutes_pdf']
