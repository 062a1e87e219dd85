"""The agenda (programme) PDF: every item with its planned time, in Danish."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from flnet_ui.pdf import ItemMinutes, agenda_pdf
from tests.pdf_documents import COMPOUND, ITEMS, agenda_document, flat, pages_text, render_png


def test_the_agenda_shows_every_item_with_its_time(tmp_path: Path) -> None:
    pdf = agenda_pdf(agenda_document())
    pages = pages_text(pdf, tmp_path)
    text = flat(' '.join(pages))
    for expected in ['FL-netværket', 'DAGSORDEN', 'Netværksmøde i Aarhus', 'onsdag den 4. marts 2026, kl. 10.00–15.30',
                     'Adresse Dokk1, Hack Kampmanns Plads 2, 8000 Aarhus C',
                     'Værtsbibliotek Aarhus Kommunes Biblioteker',
                     'Program', 'Oplæg ved Bjørn Kræmer · 45 min.', '«Det går meget hurtigere nu – men kvitteringen',
                     '15.30 Mødet slutter']:
        assert expected in text, expected
    for item in ITEMS:
        assert item.starts is not None
        time = f'{item.starts.hour:02d}.{item.starts.minute:02d}'
        assert f'{time} {item.number}. {item.title}' in text, item.title  # the time beside its item
    assert f'{COMPOUND} – status' in text
    assert re.search(r'^\s*Side 1 af 1\s+Udskrevet 6\. mar\. 2026 kl\. 13\.30$', pages[0].rstrip().splitlines()[-1])
    assert 'Referent' not in text and 'Status' not in text  # a programme has no minutes parts
    assert agenda_pdf(agenda_document()) == pdf  # same input, same bytes
    render_png(pdf, 'dagsorden-side-1')


def test_a_long_programme_runs_over_pages_with_numbers_and_times(tmp_path: Path) -> None:
    items = [ItemMinutes(number=n, title=f'Punkt {n}: Åbent spørgsmål om fjernlån', kind='Indlæg',
                         starts=(dt.datetime(2026, 3, 4, 8) + dt.timedelta(minutes=5 * n)).time(),
                         presenter='Åse Lykke',
                         notes='Beskrivelse med æ, ø og å. ' * 10, minutes=5) for n in range(1, 81)]
    pages = pages_text(agenda_pdf(agenda_document(items=items)), tmp_path)
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        assert re.search(rf'^\s*Side {number} af {len(pages)}\s+Udskrevet', page.rstrip().splitlines()[-1])
    text = flat(' '.join(pages))
    assert '08.05 1. Punkt 1: Åbent spørgsmål om fjernlån' in text
    assert '14.40 80. Punkt 80: Åbent spørgsmål om fjernlån' in text
    assert pages[1].lstrip().startswith('FL-netværket · Dagsorden · onsdag den 4. marts 2026')


def test_an_empty_programme_and_unknown_times_say_so(tmp_path: Path) -> None:
    text = flat(' '.join(pages_text(agenda_pdf(agenda_document(items=[], venue='', host='')), tmp_path)))
    assert 'Programmet har endnu ingen punkter.' in text and 'Adresse' not in text
    untimed = ItemMinutes(number=1, title='Uden tidspunkt', kind='', starts=None, presenter='', notes='')
    text = flat(' '.join(pages_text(agenda_pdf(agenda_document(items=[untimed])), tmp_path)))
    assert '1. Uden tidspunkt' in text


def test_the_agenda_can_be_printed_in_english(tmp_path: Path) -> None:
    text = flat(' '.join(pages_text(agenda_pdf(agenda_document(), language_code='en'), tmp_path)))
    assert 'AGENDA' in text and 'Wednesday, 4 March 2026' in text and 'Page 1 of 1' in text
