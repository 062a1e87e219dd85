"""The minutes (referat) of a meeting as a Danish A4 PDF."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flnet_ui.i18n import _, clock, language, long_date, ngettext, short_date
from flnet_ui.pdf.document import Action, ItemMinutes, MinutesDocument
from flnet_ui.pdf.layout import DocumentPDF
from flnet_ui.pdf.style import ACCENT, FONT, MUTED

GUTTER = 10.0  # the item number hangs to the left of its item; wider when the numbers need it ("100.")
# column widths in mm (fpdf2 takes them as proportions): the text column gets what the short ones leave
NUMBER_SIZE = 12
ITEM_COLUMNS = (77, 37, 28, 18)  # Hvad, Ansvarlig, Frist, Status - about 160 mm, the width under an item
ALL_COLUMNS = (16, 72, 37, 28, 17)  # Punkt, Hvad, Ansvarlig, Frist, Status - the full 170 mm


def minutes_pdf(doc: MinutesDocument, *, language_code: str = 'da') -> bytes:
    """The PDF bytes; the same document always gives the same bytes. Pure: safe to run in a worker thread."""
    with language(language_code):
        status = _status(doc)
        kind = _('Minutes of the meeting')
        pdf = DocumentPDF(network=doc.network_name, kind=kind, title=doc.meeting_title, day=doc.day,
                          generated_at=doc.generated_at, status=status)
        pdf.title_block(doc.network_name, kind, doc.meeting_title, when(doc.day, doc.starts, doc.ends))
        pdf.facts([(_('Address'), doc.venue), (_('Host library'), doc.host)])  # left out when not known
        pdf.facts([(_('Minute taker'), doc.referent), (_('Status'), status)], empty=_('Not given'))

        pdf.section(_('Attendance'))
        pdf.facts([  # each name set apart: two Hebrew or Arabic names in a row would change places
            (_('Attendees ({count})').format(count=len(doc.attendees)), _names(pdf, doc.attendees)),
            (_('Apologies ({count})').format(count=len(doc.apologies)), _names(pdf, doc.apologies)),
            (_('Absent without notice ({count})').format(count=len(doc.absent)), _names(pdf, doc.absent)),
            (_('Absence agreed ({count})').format(count=len(doc.excused)), _names(pdf, doc.excused)),
        ], empty=_('Nobody'), marks=True)

        pdf.section(_('Agenda items'))
        if not doc.items:
            pdf.empty(_('The meeting had no agenda items.'))
        pdf.set_font(FONT, 'B', NUMBER_SIZE)
        gutter = max([GUTTER, *(pdf.get_string_width(f'{item.number}.') + 3 for item in doc.items)])
        for item in doc.items:
            _item(pdf, item, gutter)

        _all_actions(pdf, doc.items)
        return bytes(pdf.output())


def when(day: dt.date, starts: dt.time, ends: dt.time) -> str:
    """'onsdag den 4. marts 2026, kl. 10.00–15.30'"""
    return _('{date}, {start}–{end}').format(date=long_date(day), start=clock(starts), end=clock(ends))


def _status(doc: MinutesDocument) -> str:
    if doc.version is None:
        return doc.status
    return _('{status}, version {version}').format(status=doc.status, version=doc.version)


def _names(pdf: DocumentPDF, names: list[str]) -> str:
    return ', '.join(pdf.set_apart(name) for name in names)


def item_meta(item: ItemMinutes, set_apart: Callable[[str], str], *, with_time: bool = True) -> str:
    """'kl. 10.15 · Oplæg ved Mette Ølgaard · 30 min.' - whichever parts are known; the kind and the presenter
    through `set_apart` (DocumentPDF.set_apart), for paragraph(marks=True)."""
    parts = []
    kind, presenter = set_apart(item.kind), set_apart(item.presenter)
    if with_time and item.starts is not None:
        parts.append(_('at {time}').format(time=clock(item.starts)))
    if kind and presenter:
        parts.append(_('{kind} by {name}').format(kind=kind, name=presenter))
    elif kind or presenter:
        parts.append(kind or presenter)
    if item.minutes:
        parts.append(_('{n} min.').format(n=item.minutes))
    return ' · '.join(parts)


def _item(pdf: DocumentPDF, item: ItemMinutes, gutter: float) -> None:
    pdf.ln(3)
    pdf.keep_together(28)  # the title, its line of facts and the start of its text stay together
    top = pdf.y
    pdf.set_font(FONT, 'B', NUMBER_SIZE)
    pdf.set_text_color(*ACCENT)
    pdf.set_x(pdf.l_margin)
    pdf.cell(gutter, 6, f'{item.number}.')
    with pdf.indented(gutter):
        pdf.set_y(top)
        pdf.paragraph(item.title, size=NUMBER_SIZE, style='B', line=6)
        meta = item_meta(item, pdf.set_apart)
        if meta:
            pdf.paragraph(meta, size=9, color=MUTED, line=4.6, marks=True)
        pdf.ln(1.5)
        if item.notes.strip():
            pdf.paragraph(item.notes.strip(), after=1)
        if item.decisions:
            pdf.subheading(_('Decisions'))
            pdf.bullets(item.decisions)
        if item.group_outcomes:
            pdf.subheading(_('Group work'))
            for group, outcome in item.group_outcomes:
                pdf.keep_together(10)
                pdf.paragraph(group, size=9.5, style='B', color=MUTED, line=4.8)
                pdf.paragraph(outcome, after=1.2)
        if item.actions:
            pdf.subheading(_('Action items'))
            pdf.data_table(_action_headings(), [_action_cells(action) for action in item.actions], ITEM_COLUMNS)
        if not (item.notes.strip() or item.decisions or item.group_outcomes or item.actions or item.pause):
            pdf.empty(_('Nothing was recorded for this item.'))


def _action_headings() -> list[str]:
    return [_('What'), _('Responsible'), _('Deadline'), _('Status')]


def _action_cells(action: Action) -> list[str]:
    return [action.what, action.responsible or _('Not assigned'),
            short_date(action.deadline) if action.deadline else '–', action.status]


def _all_actions(pdf: DocumentPDF, items: list[ItemMinutes]) -> None:
    """At the end, every action item of the meeting in one table: what the next meeting follows up on."""
    rows = [[f'{item.number}.', *_action_cells(action)]
            for item in items for action in item.actions]
    pdf.section(_('All action items'))
    if not rows:
        pdf.empty(_('No action items were recorded.'))
        return
    pdf.paragraph(ngettext('{count} action item from this meeting.', '{count} action items from this meeting.',
                           len(rows)).format(count=len(rows)), color=MUTED, after=1.5)
    pdf.data_table([_('Item no.'), *_action_headings()], rows, ALL_COLUMNS)
