"""Hebrew and Arabic names and quotes in the minutes and the agenda: right to left, Arabic letters joined, in their
place among the Danish words. Checked twice: as pdftotext reads it back (in reading order, by its own bidi algorithm:
a right-to-left run it finds drawn right to left comes back in the order it was typed), and as the words lie on the
page from left to right (pdftotext -bbox, with drawn())."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flnet_ui.pdf import Action, ItemMinutes, agenda_pdf, minutes_pdf
from flnet_ui.pdf.layout import DocumentPDF
from flnet_ui.pdf.shaping import runs
from tests.pdf_documents import (
    agenda_document,
    drawn,
    drawn_lines,
    minutes_document,
    pages_text,
    render_png,
    unspaced,
)
from tests.test_pdf_minutes import _nothing_outside_the_page

SARA = 'سارة أحمد'  # Sara Ahmad, in Arabic
SARAH = 'שרה כהן'  # Sarah Cohen, in Hebrew
SAID, MORNING = 'قالت إن المكتبة ستفتح في الساعة', 'صباحا'
QUOTE = f'{SAID} 9 {MORNING}'  # "(she) said the library opens at 9 in the morning"


def _minutes() -> bytes:
    item = ItemMinutes(
        number=1, title=f'Oplæg ved {SARAH} om fjernlån', kind='Oplæg', starts=dt.time(10), presenter=SARAH,
        minutes=45, notes=f'Referent: Søren Æbelø og {SARA}. Hun ringer til {SARA} (2) i morgen.\n{SARA} {QUOTE}.',
        decisions=[f'{SARA} sender notatet'],
        actions=[Action(what='Oversætte folderen: «مكتبة» og «ספרייה»', responsible=SARA,
                        deadline=dt.date(2026, 4, 1), status='åben'),
                 Action(what='Ringe til Åse', responsible=SARAH, deadline=None, status='åben')])
    return minutes_pdf(minutes_document(referent=f'Søren Æbelø og {SARA}', items=[item],
                                        attendees=['Anne Nielsen', SARA, SARAH, 'Bjørn Kræmer']))


def test_hebrew_and_arabic_read_back_in_reading_order_among_danish_words(tmp_path: Path) -> None:
    text = unspaced(' '.join(pages_text(_minutes(), tmp_path)))
    for expected in [f'Referent Søren Æbelø og {SARA}', f'1. Oplæg ved {SARAH} om fjernlån',
                     f'Anne Nielsen, {SARA}, {SARAH}, Bjørn Kræmer', f'• {SARA} sender notatet',
                     f'{SARA} 1. apr. 2026 åben',
                     f'Ringe til Åse {SARAH} – åben']:
        assert unspaced(expected) in text, expected
    # drawn in logical order, the letters of each word would come back the other way round
    assert drawn('שרה') not in text and drawn('أحمد') not in text


def test_right_to_left_words_lie_right_to_left_and_numbers_stay_with_them(tmp_path: Path) -> None:
    lines = drawn_lines(_minutes(), tmp_path)
    for expected in [
        f'Referent Søren Æbelø og {drawn(SARA)}',
        f'1. Oplæg ved {drawn(SARAH)} om fjernlån',
        f'kl. 10.00 · Oplæg ved {drawn(SARAH)} · 45 min.',  # the 45 minutes of ours stay after the name
        f'Deltagere (4) Anne Nielsen, {drawn(SARA)}, {drawn(SARAH)}, Bjørn Kræmer',  # and the names in their order
        f'Hun ringer til {drawn(SARA + " (2)")} i morgen.',  # "(2)" belongs to the name: left of it, brackets mirrored
        f'• {drawn(SARA)} sender notatet',
        f'Oversætte folderen: «{drawn("مكتبة")}» og «{drawn("ספרייה")}» {drawn(SARA)} 1. apr. 2026 åben',  # a table row
        f'Åse {drawn(SARAH)} – åben',
    ]:
        assert any(expected in line for line in lines), (expected, lines)
    # a whole line of Arabic reads from the right; its "9" is a number of its own, read left to right within it
    assert f'{drawn(MORNING)} 9 {drawn(f"{SARA} {SAID}")}.' in lines, lines


def test_a_right_to_left_title_in_the_running_header_and_a_long_quote_stay_on_the_page(tmp_path: Path) -> None:
    item = ItemMinutes(number=1, title='Citater', kind='', starts=None, presenter='',
                       notes='\n\n'.join([f'{SARA}: {QUOTE}. ' * 6, f'{SARAH}: שלום לכולם, תודה על ההזמנה. ' * 8] * 4))
    pdf = minutes_pdf(minutes_document(meeting_title=f'Møde med {SARA}', items=[item]))
    assert len(pages_text(pdf, tmp_path)) >= 2
    header = drawn_lines(pdf, tmp_path, page=2)[0]
    assert header.startswith(f'FL-netværket · Referat · onsdag den 4. marts 2026 · Møde med {drawn(SARA)}'), header
    _nothing_outside_the_page(pdf, tmp_path)
    render_png(pdf, 'referat-lange-citater-side-2', page=2)


def test_the_agenda_sets_them_the_same_way(tmp_path: Path) -> None:
    item = ItemMinutes(number=1, title=f'Oplæg ved {SARAH} om fjernlån', kind='Oplæg', starts=dt.time(10),
                       presenter=SARA, minutes=45, notes=f'Om {SARA} og {SARAH}.')
    pdf = agenda_pdf(agenda_document(items=[item]))
    assert unspaced(f'10.00 1. Oplæg ved {SARAH} om fjernlån') in unspaced(' '.join(pages_text(pdf, tmp_path)))
    lines = drawn_lines(pdf, tmp_path)
    for expected in [f'10.00 1. Oplæg ved {drawn(SARAH)} om fjernlån', f'Oplæg ved {drawn(SARA)} · 45 min.',
                     f'Om {drawn(SARA)} og {drawn(SARAH)}.']:
        assert expected in lines, (expected, lines)
    render_png(pdf, 'dagsorden-hebraisk-arabisk')


def test_page_one_with_hebrew_and_arabic_renders_to_png() -> None:
    png = render_png(_minutes(), 'referat-hebraisk-arabisk')
    assert png.stat().st_size > 10_000


def test_only_text_with_right_to_left_letters_is_shaped(monkeypatch: pytest.MonkeyPatch) -> None:
    """HarfBuzz and the bidi algorithm cost a minutes PDF nearly four times its time when every text takes them."""
    shaped: list[str] = []
    original = DocumentPDF.normalize_text

    def spy(pdf: DocumentPDF, text: str) -> str:
        result = original(pdf, text)
        if pdf.text_shaping:
            shaped.append(text)
        return result

    monkeypatch.setattr(DocumentPDF, 'normalize_text', spy)
    minutes_pdf(minutes_document())
    assert shaped == []
    _minutes()
    assert shaped and all(any('\u0590' <= ch <= '\u06ff' for ch in text) for text in shaped), shaped


@pytest.mark.parametrize(('line', 'pieces'), [
    ('Oplæg ved Bjørn', [('Oplæg ved Bjørn', False)]),
    (f'Søren og {SARA}', [('Søren og ', False), (SARA, True)]),
    (f'{SARA} sender notatet', [(SARA, True), (' sender notatet', False)]),
    (f'til {SARAH} 2 gange', [('til ', False), (f'{SARAH} 2', True), (' gange', False)]),  # the number goes with it
    (f'{SARA} (2).', [(f'{SARA} (2)', True), ('.', False)]),
    (f'ved {SARAH}\u200e · 45 min.', [('ved ', False), (SARAH, True), (' · 45 min.', False)]),  # text.set_apart()
])
def test_a_line_is_cut_where_it_turns_right_to_left(line: str, pieces: list[tuple[str, bool]]) -> None:
    assert runs(line) == pieces
