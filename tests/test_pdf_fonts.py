"""The faces the documents are set in: the Latin cuts of DejaVu Sans (flnet_ui/pdf/font_subsets.py), and the whole
faces as fallbacks for text beyond them."""
from __future__ import annotations

import datetime as dt
import subprocess
import tomllib
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from flnet_ui.pdf import minutes_pdf
from flnet_ui.pdf.font_subsets import FONTS, LATIN, STYLES, WHOLE, in_ranges, whole_regular_cmap
from flnet_ui.pdf.layout import DocumentPDF
from flnet_ui.pdf.text import REPLACEMENT
from tests.pdf_documents import embedded_glyph_names, flat, minutes_document, pages_text

ROOT = Path(__file__).resolve().parent.parent


def test_the_fonts_and_their_licence_are_packaged() -> None:
    for name in [*WHOLE.values(), *LATIN.values(), 'LICENSE-DejaVu.txt']:
        assert (FONTS / name).is_file(), name
    assert 'Bitstream' in (FONTS / 'LICENSE-DejaVu.txt').read_text()
    package_data = tomllib.loads((ROOT / 'pyproject.toml').read_text())['tool']['setuptools']['package-data']
    assert {'pdf/fonts/*.ttf', 'pdf/fonts/*.txt'} <= set(package_data['flnet_ui'])


@pytest.mark.parametrize('style', STYLES)
def test_each_cut_face_is_its_whole_face_within_the_ranges(style: str) -> None:
    """Fails while the cut faces are stale (run `python -m flnet_ui.pdf.font_subsets`): the same characters as the
    whole face has within RANGES, each with the same glyph width, and the licence notices kept."""
    with TTFont(FONTS / WHOLE[style]) as whole, TTFont(FONTS / LATIN[style]) as cut:
        whole_cmap, cut_cmap = whole.getBestCmap(), cut.getBestCmap()
        assert set(cut_cmap) == {code for code in whole_cmap if in_ranges(code)}
        assert len(cut_cmap) > 900  # Latin-1 and the extensions, not just ASCII
        widths = {code: whole['hmtx'][glyph][0] for code, glyph in whole_cmap.items() if code in cut_cmap}
        assert {code: cut['hmtx'][glyph][0] for code, glyph in cut_cmap.items()} == widths
        assert cut['name'].getDebugName(0) == whole['name'].getDebugName(0)  # the copyright notice
        assert cut['name'].getDebugName(1) == 'DejaVu Sans'  # no 'Bitstream' or 'Vera' in a changed font's name


def test_text_is_cleaned_to_what_the_whole_regular_face_draws() -> None:
    with TTFont(FONTS / WHOLE['']) as whole:
        assert whole_regular_cmap() == frozenset(whole.getBestCmap())
    assert ord('ж') in whole_regular_cmap() and ord('ж') not in {code for code in whole_regular_cmap()
                                                                 if in_ranges(code)}


def _embedded_fonts(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / 'fonts.pdf'
    path.write_bytes(pdf)
    rows = subprocess.run(['pdffonts', str(path)], check=True, capture_output=True).stdout.decode().splitlines()[2:]
    assert all(row.split()[-5:-2] == ['yes', 'yes', 'yes'] for row in rows), rows  # embedded, subset, unicode
    return sorted(row.split()[0].split('+')[1] for row in rows)


def test_the_minutes_embed_subsets_of_the_three_cut_faces_only(tmp_path: Path) -> None:
    fonts = _embedded_fonts(minutes_pdf(minutes_document()), tmp_path)
    assert fonts == ['DejaVuSansBold', 'DejaVuSansBook', 'DejaVuSansOblique']


def _document(*, bold: str = '', quiet: str = '') -> bytes:
    pdf = DocumentPDF(network='FL-netværket', kind='Referat', title='Møde', day=dt.date(2026, 3, 4),
                      generated_at=dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC))
    if bold:
        pdf.subheading(bold)
    if quiet:
        pdf.empty(quiet)
    return bytes(pdf.output())


def test_a_letter_beyond_the_cut_faces_is_drawn_from_the_whole_face_of_its_style(tmp_path: Path) -> None:
    """Cyrillic in a bold heading comes from the whole bold face; the whole faces are parsed only for such a text."""
    assert _embedded_fonts(_document(bold='Ansvarlig: Olena'), tmp_path) == ['DejaVuSansBold', 'DejaVuSansBook']
    cyrillic = _document(bold='Ansvarlig: Олена Шевченко')
    assert _embedded_fonts(cyrillic, tmp_path) == ['DejaVuSansBold', 'DejaVuSansBold', 'DejaVuSansBook']
    text = flat(' '.join(pages_text(cyrillic, tmp_path)))
    assert 'Ansvarlig: Олена Шевченко' in text and REPLACEMENT not in text


def test_a_letter_only_the_regular_face_has_is_drawn_from_it_in_oblique_too(tmp_path: Path) -> None:
    """DejaVu's oblique face lacks Arabic, which the regular face has: the whole regular face draws it."""
    assert _embedded_fonts(_document(quiet='Ingen'), tmp_path) == ['DejaVuSansBook', 'DejaVuSansOblique']
    arabic = _document(quiet='Ingen مكتبة')
    assert _embedded_fonts(arabic, tmp_path) == ['DejaVuSansBook', 'DejaVuSansBook', 'DejaVuSansOblique']
    text = flat(' '.join(pages_text(arabic, tmp_path)))
    assert 'Ingen' in text and all(letter in text for letter in 'مكتبة') and REPLACEMENT not in text


def test_arabic_is_drawn_from_the_whole_face_with_its_letters_joined() -> None:
    """The cut faces have no layout tables; the whole faces beside them keep theirs, and HarfBuzz takes from them the
    forms of each letter that join it to its neighbours (the presentation forms, U+FE70-U+FEFF, are such glyphs)."""
    with TTFont(FONTS / WHOLE['']) as whole:
        assert {'GSUB', 'GPOS'} <= set(whole.keys())
        assert 'arab' in {record.ScriptTag for record in whole['GSUB'].table.ScriptList.ScriptRecord}
    glyphs = embedded_glyph_names(_document(bold='Ansvarlig: سارة أحمد', quiet='Ingen سارة أحمد'))
    # seen and hah that begin a word, meem within one, alef and dal that end one
    assert {'uniFEB3', 'uniFEA3', 'uniFEE4', 'uniFE8E', 'uniFEAA'} <= glyphs, sorted(glyphs)
