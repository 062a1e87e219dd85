"""The DejaVu Sans faces the documents are set in, cut down to the Latin scripts and the usual punctuation.

Why: fpdf2 parses every face a document uses and subsets it again when it writes the file. For the whole faces
(600-760 kB, about 5,900 glyphs each) that was a third of the time of a minutes PDF (bench/); the cut faces are about
110 kB. They cover every language written in Latin letters, Danish, Faroese, Greenlandic, Polish and Vietnamese
among them. A text with a character outside them (Greek, Cyrillic, Hebrew, Arabic, the classic smileys) gets the
whole faces as fallbacks (layout.DocumentPDF), so nothing prints worse, it only takes longer. The whole faces keep
their layout tables (GSUB, GPOS): HarfBuzz joins Arabic letters with them (shaping.py).

The cut faces are files in fonts/, made from the whole ones by `python -m flnet_ui.pdf.font_subsets`; run it again
after changing RANGES or the whole faces. tests/test_pdf_fonts.py fails while they are stale.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

FONTS = Path(__file__).with_name('fonts')
STYLES = ('', 'B', 'I')  # fpdf2's names for regular, bold and oblique
WHOLE = {'': 'DejaVuSans.ttf', 'B': 'DejaVuSans-Bold.ttf', 'I': 'DejaVuSans-Oblique.ttf'}
LATIN = {'': 'DejaVuSansLatin.ttf', 'B': 'DejaVuSansLatin-Bold.ttf', 'I': 'DejaVuSansLatin-Oblique.ttf'}

RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1, Latin Extended-A and -B: æ ø å, é, ł, ş, ŋ ...
    (0x02C6, 0x02DD),  # spacing accents
    (0x1E00, 0x1EFF),  # Latin Extended Additional: Vietnamese, Welsh
    (0x2000, 0x206F),  # general punctuation: dashes, quotation marks, bullet, ellipsis
    (0x20A0, 0x20CF),  # currency signs
    (0x2100, 0x214F),  # letterlike symbols: №, ™, ℃
    (0x2190, 0x21FF),  # arrows
    (0xFFFD, 0xFFFD),  # the replacement character text.clean() prints for what no face draws
)


def in_ranges(code_point: int) -> bool:
    return any(first <= code_point <= last for first, last in RANGES)


@functools.cache
def whole_regular_cmap() -> frozenset[int]:
    """The code points the whole regular face draws: text is cleaned to these. Read once per process (only the
    font's cmap table, a few ms); immutable, so documents built in worker threads share it safely."""
    from fontTools.ttLib import TTFont  # fpdf2's own dependency, imported with the first PDF

    with TTFont(FONTS / WHOLE[''], lazy=True) as font:
        return frozenset(font.getBestCmap())


def make() -> list[Path]:
    """Write the cut faces next to the whole ones; the glyphs, their widths and the hinting stay as they were."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    written = []
    for style in STYLES:
        options = subset.Options()
        # no layout tables: a Latin text is never shaped, only one with a right-to-left letter or a combining mark,
        # which these faces lack (shaping.py); HarfBuzz then finds nothing to change in the Latin letters of it
        options.layout_features = []
        options.name_IDs = ['*']  # keep the copyright and licence notices, as the licence asks
        options.name_languages = ['*']
        options.notdef_outline = True
        options.glyph_names = True  # else fontTools makes them up from the cmap each time fpdf2 opens the face
        options.drop_tables += ['FFTM']  # FontForge's timestamps
        # and the whole face's own date kept: the same input gives the same file
        with TTFont(FONTS / WHOLE[style], recalcTimestamp=False) as font:
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=[code for code in font.getBestCmap() if in_ranges(code)])
            subsetter.subset(font)
            target = FONTS / LATIN[style]
            font.save(target)
        written.append(target)
    return written


if __name__ == '__main__':
    for path in make():
        sys.stdout.write(f'{path.name}: {path.stat().st_size // 1024} kB\n')
