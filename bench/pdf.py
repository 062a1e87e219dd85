"""The minutes PDF with 30 agenda items and 40 attendees, against fpdf2 writing the same text with no layout (one
font face, the regular one of the minutes, one paragraph after another: no title block, tables, running header or
page numbers)."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from fpdf import FPDF

from flnet_ui.pdf import Action, ItemMinutes, MinutesDocument, minutes_pdf
from flnet_ui.pdf.font_subsets import FONTS, LATIN

FIRST = ['Anne', 'Mette', 'Lars', 'Søren', 'Hanne', 'Jens', 'Birgitte', 'Åse', 'Bjørn', 'Ærtebjørg']
LAST = ['Nielsen', 'Østergaard', 'Aagaard', 'Kræmer', 'Ølgaard', 'Mørch', 'Bøgh', 'Damgaard']
KINDS = ['Oplæg', 'Internt indlæg', 'Eksternt indlæg', 'Struktureret dialog', 'Gruppearbejde', 'Pause',
         'Nyt fra leverandører', 'Tendenser og udfordringer', 'Udviklingsprojekt', 'Opfølgning']
NOTES = ('Oplægsholderen gennemgik erfaringerne fra det første halve år med brugerbestilte fjernlån, og der var '
         'enighed om, at leveringstiden mellem Øst- og Vestdanmark skal måles ens. «Det går hurtigere nu – men '
         'kvitteringen kommer for sent», som en deltager sagde.\n\nStatistikken opgøres fremover pr. kvartal, og '
         'Fjernlånsbestillingsadministrationssystemet tages op igen på næste møde.')


@dataclass(frozen=True)
class PdfTimes:
    minutes_ms: float
    plain_ms: float
    pages: int


def measure(*, repetitions: int) -> PdfTimes:
    """The two in turn, `repetitions` times; the best of each counts (the first runs also import and read what later
    runs find ready, and are never the best)."""
    doc = document()
    minutes_times, plain_times, pages = [], [], 0
    for _ in range(repetitions):
        started = time.perf_counter()
        data = minutes_pdf(doc)
        minutes_times.append(time.perf_counter() - started)
        pages = _page_count(data)
        started = time.perf_counter()
        plain_pdf(doc)
        plain_times.append(time.perf_counter() - started)
    return PdfTimes(min(minutes_times) * 1000, min(plain_times) * 1000, pages)


def document() -> MinutesDocument:
    names = sorted({f'{FIRST[i % len(FIRST)]} {LAST[i * 7 % len(LAST)]} {i}' for i in range(45)})
    items = [_item(n) for n in range(1, 31)]
    return MinutesDocument(
        network_name='FL-netværket', meeting_title='Temadag: fjernlån på tværs af landsdele', day=dt.date(2026, 3, 4),
        starts=dt.time(9, 0), ends=dt.time(16, 0), venue='Dokk1, Hack Kampmanns Plads 2, 8000 Aarhus C',
        host='Aarhus Kommunes Biblioteker', referent=names[0], attendees=names[:40], apologies=names[40:43],
        absent=names[43:44], excused=names[44:], items=items, status='Godkendt', version=1,
        generated_at=dt.datetime(2026, 3, 11, 9, 0, tzinfo=dt.UTC))


def _item(n: int) -> ItemMinutes:
    kind = KINDS[n % len(KINDS)]
    pause = kind == 'Pause'
    actions = [] if pause or n % 3 else [
        Action(what=f'Samle forslagene fra punkt {n} i ét notat til netværket', responsible=f'{FIRST[n % 10]} Bøgh',
               deadline=dt.date(2026, 4, n % 28 + 1), status='åben'),
        Action(what='Sende præsentationen ud', responsible='', deadline=None, status='udført')]
    outcomes = [(f'Gruppe {g}', 'Fælles transportordning og bedre sporing af pakker på tværs af kommunerne.')
                for g in range(1, 4)] if kind == 'Gruppearbejde' else []
    return ItemMinutes(number=n, title=f'{kind}: fjernlån i praksis, del {n}', kind=kind,
                       starts=(dt.datetime(2026, 3, 4, 9) + dt.timedelta(minutes=12 * n)).time(),
                       presenter='' if pause else f'{FIRST[n % 10]} {LAST[n % 8]}', notes='' if pause else NOTES,
                       decisions=[] if pause or n % 2 else ['Leveringstiden måles fra bestilling til afhentning.'],
                       actions=actions, group_outcomes=outcomes, minutes=12, pause=pause)


def plain_pdf(doc: MinutesDocument) -> bytes:
    pdf = FPDF(format='A4')
    pdf.add_font('dejavu', '', str(FONTS / LATIN['']))  # the regular face the minutes are set in
    pdf.set_font('dejavu', size=10)
    pdf.add_page()
    for text in _texts(doc):
        pdf.multi_cell(0, 5, text, align='L', new_x='LMARGIN', new_y='NEXT')
    return bytes(pdf.output())


def _texts(doc: MinutesDocument) -> list[str]:
    texts = [doc.network_name, doc.meeting_title, doc.day.isoformat(), doc.venue, doc.host, doc.referent, doc.status,
             ', '.join(doc.attendees), ', '.join(doc.apologies), ', '.join(doc.absent), ', '.join(doc.excused)]
    for item in doc.items:
        texts += [f'{item.number}. {item.title}', f'{item.kind} {item.presenter} {item.minutes}', item.notes,
                  *item.decisions, *(f'{group} {outcome}' for group, outcome in item.group_outcomes)]
        texts += [f'{a.what} {a.responsible} {a.deadline or ""} {a.status}' for a in item.actions]
    texts += [f'{item.number}. {a.what} {a.responsible} {a.deadline or ""} {a.status}'
              for item in doc.items for a in item.actions]
    return [text for text in texts if text]


def _page_count(data: bytes) -> int:
    return data.count(b'/Type /Page') - data.count(b'/Type /Pages')
