"""Realistic Danish documents for the PDF tests, and pdftotext/pdftoppm helpers."""
from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zlib
from collections import defaultdict
from pathlib import Path

from fontTools.ttLib import TTFont

from flnet_ui.pdf import Action, AgendaDocument, ItemMinutes, MinutesDocument

ARTIFACTS = Path(__file__).resolve().parent / 'artifacts'
COMPOUND = 'Fjernlånsbestillingsadministrationssystemet'
GENERATED = dt.datetime(2026, 3, 6, 12, 30, tzinfo=dt.UTC)  # 13.30 in Copenhagen

ITEMS = [
    ItemMinutes(
        number=1, title='Velkomst og præsentationsrunde', kind='Oplæg', starts=dt.time(10, 0),
        presenter='Mette Ølgaard', minutes=20,
        notes='Mette bød velkommen på Dokk1 og takkede Aarhus for værtskabet.\n'
              'Runden viste, at tre biblioteker er nye i netværket siden efteråret.'),
    ItemMinutes(
        number=2, title=f'{COMPOUND} – status', kind='Oplæg', starts=dt.time(10, 20), presenter='Bjørn Kræmer',
        minutes=45,
        notes=f'Bjørn gennemgik {COMPOUND} og de erfaringer, bibliotekerne har gjort i det første halve år. '
              'Han citerede en bruger: «Det går meget hurtigere nu – men kvitteringen kommer for sent».\n\n'
              'Der var enighed om, at leveringstiden mellem Øst- og Vestdanmark skal måles ens, og at '
              'statistikken fremover opgøres pr. kvartal.',
        decisions=['Leveringstiden måles fra bestilling til afhentning – ikke til afsendelse.',
                   f'{COMPOUND} tages op igen på næste møde med tal fra første kvartal.'],
        actions=[
            Action(what='Udarbejde en fælles skabelon til kvartalsstatistikken', responsible='Åse Lykke',
                   deadline=dt.date(2026, 4, 15), status='åben'),
            Action(what=f'Undersøge om {COMPOUND} kan sende kvittering ved afhentning', responsible='Bjørn Kræmer',
                   deadline=dt.date(2026, 5, 1), status='åben'),
            Action(what='Sende præsentationen ud til netværket', responsible='', deadline=None, status='udført'),
        ]),
    ItemMinutes(
        number=3, title='Gruppearbejde: fremtidens fjernlån', kind='Gruppearbejde', starts=dt.time(11, 15),
        presenter='', minutes=45,
        notes='Deltagerne arbejdede i tre grupper med spørgsmålet «Hvad skal vi kunne i 2030?»',
        group_outcomes=[('Gruppe 1', 'Fælles transportordning for hele Jylland; bedre sporing af pakker.'),
                        ('Gruppe 2', 'Digitale fjernlån af e-bøger på tværs af kommunegrænser.'),
                        ('Gruppe 3', 'Kurser for nye medarbejdere i fjernlån – gerne som e-læring.')],
        actions=[Action(what='Samle gruppernes forslag i ét notat', responsible='Søren Æbelø',
                        deadline=dt.date(2026, 3, 31), status='i gang')]),
    ItemMinutes(number=4, title='Frokost', kind='Pause', starts=dt.time(12, 0), presenter='', notes='', minutes=45),
    ItemMinutes(
        number=5, title='Eventuelt', kind='Indlæg', starts=dt.time(15, 0), presenter='', minutes=30,
        notes='Næste møde holdes i København hos Københavns Biblioteker – dato følger.'),
]


def minutes_document(**changes: object) -> MinutesDocument:
    values: dict[str, object] = dict(
        network_name='FL-netværket', meeting_title='Netværksmøde i Aarhus', day=dt.date(2026, 3, 4),
        starts=dt.time(10, 0), ends=dt.time(15, 30), venue='Dokk1, Hack Kampmanns Plads 2, 8000 Aarhus C',
        host='Aarhus Kommunes Biblioteker', referent='Søren Æbelø',
        attendees=['Anne Sofie Andersen', 'Bjørn Kræmer', 'Jens-Ole Hansen', 'Mette Ølgaard', 'Søren Æbelø',
                   'Åse Lykke'],
        apologies=['Karen Blixen-Præst', 'Per Møller'], absent=[], excused=['Lærke Aagaard'],
        items=ITEMS, status='Godkendt', version=2, generated_at=GENERATED)
    values.update(changes)
    return MinutesDocument(**values)  # type: ignore[arg-type]


def agenda_document(**changes: object) -> AgendaDocument:
    values: dict[str, object] = dict(
        network_name='FL-netværket', meeting_title='Netværksmøde i Aarhus', day=dt.date(2026, 3, 4),
        starts=dt.time(10, 0), ends=dt.time(15, 30), venue='Dokk1, Hack Kampmanns Plads 2, 8000 Aarhus C',
        host='Aarhus Kommunes Biblioteker',
        items=[ItemMinutes(number=item.number, title=item.title, kind=item.kind, starts=item.starts,
                           presenter=item.presenter, notes=item.notes.split('\n')[0], minutes=item.minutes)
               for item in ITEMS],
        generated_at=GENERATED)
    values.update(changes)
    return AgendaDocument(**values)  # type: ignore[arg-type]


def pages_text(pdf: bytes, tmp_path: Path, name: str = 'doc.pdf') -> list[str]:
    """pdftotext -layout, one string per page (pdftotext ends every page with a form feed)."""
    path = tmp_path / name
    path.write_bytes(pdf)
    out = subprocess.run(['pdftotext', '-layout', str(path), '-'], check=True, capture_output=True).stdout.decode()
    return out.split('\f')[:-1]


def flat(text: str) -> str:
    """Whitespace collapsed, so a name wrapped onto the next line or set in a column still reads as one."""
    return re.sub(r'\s+', ' ', text)


def unspaced(text: str) -> str:
    """Text without spaces, and without the bidi embedding marks (U+202A-U+202C) pdftotext puts around what it read
    right to left: pdftotext's own bidi algorithm moves the spaces at the edges of those, but not the letters."""
    return re.sub('[\\s\u202a-\u202c]', '', text)


def drawn(right_to_left: str) -> str:
    """Right-to-left words as they lie on the page from left to right, which is how pdftotext -bbox lists them."""
    return right_to_left[::-1]


def drawn_lines(pdf: bytes, tmp_path: Path, page: int = 1) -> list[str]:
    """The words of each line of `page` in the order they lie on it from left to right (pdftotext -bbox): with
    drawn(), what a reader sees, whatever pdftotext's own bidi algorithm would make of it."""
    path = tmp_path / 'drawn.pdf'
    path.write_bytes(pdf)
    html = subprocess.run(['pdftotext', '-bbox', '-f', str(page), '-l', str(page), str(path), '-'], check=True,
                          capture_output=True).stdout.decode()
    lines: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html):
        lines[round(float(y))].append((float(x), word))
    return [' '.join(word for _, word in sorted(words)) for _, words in sorted(lines.items())]


def embedded_glyph_names(pdf: bytes) -> set[str]:
    """The names of the glyphs in the font subsets a PDF of fpdf2's embeds (each a zlib stream behind /FontFile2)."""
    names: set[str] = set()
    for number in re.findall(rb'/FontFile2 (\d+) 0 R', pdf):
        found = re.search(rb'\n' + number + rb' 0 obj\s*<<(.*?)>>\s*stream\r?\n', pdf, re.DOTALL)
        assert found, number
        length = int(re.search(rb'/Length (\d+)', found.group(1)).group(1))  # type: ignore[union-attr]
        data = pdf[found.end():found.end() + length]
        with TTFont(io.BytesIO(zlib.decompress(data) if b'FlateDecode' in found.group(1) else data)) as font:
            names.update(font.getGlyphOrder())
    return names


def page_count(pdf_path: Path) -> int:
    info = subprocess.run(['pdfinfo', str(pdf_path)], check=True, capture_output=True).stdout.decode()
    return int(re.search(r'^Pages:\s+(\d+)', info, re.MULTILINE).group(1))  # type: ignore[union-attr]


def render_png(pdf: bytes, name: str, page: int = 1) -> Path:
    """Page `page` as tests/artifacts/<name>.png at 80 dpi, to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f'{name}.pdf'
    source.write_bytes(pdf)
    subprocess.run(['pdftoppm', '-png', '-r', '80', '-f', str(page), '-l', str(page), '-singlefile', str(source),
                    str(ARTIFACTS / name)], check=True)
    return ARTIFACTS / f'{name}.png'
