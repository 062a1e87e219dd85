"""Hebrew and Arabic in the documents: shaped by HarfBuzz, only where there is any, and in their place in a line.

Shaping: fpdf2 sets right-to-left text in order, and joins Arabic letters, only with text shaping on (uharfbuzz).
Shaping every text made a minutes PDF nearly four times slower (bench/), so it is turned on for a text with a right-to-
left letter or a combining mark only (text.shaped_characters), and off again for the next one. A line runs left to
right whatever its text starts with, as in the rest of the Danish document and on the app's pages: an action item
"سارة أحمد sender notatet" keeps the name before the Danish words.

Order: fpdf2 orders the fragments of a line by one rule: runs of one direction, each right-to-left run turned round.
That is the Unicode bidi algorithm while a line has two levels, but a number inside right-to-left text ("שרה כהן 2",
"سارة أحمد (2)") is on a third, and fpdf2 then prints it after the right-to-left words instead of before them, its
brackets the wrong way out. So a line is cut where it leaves the document's own left-to-right level (runs()), and
each right-to-left run is set by itself as a right-to-left paragraph: within it there are two levels again (the
letters, and the numbers among them), which fpdf2 orders correctly.
"""
from __future__ import annotations

import functools

from fpdf import FPDF
from fpdf.bidi import BidiParagraph
from fpdf.enums import TextDirection

from flnet_ui.pdf.font_subsets import whole_regular_cmap
from flnet_ui.pdf.text import LEFT_TO_RIGHT_MARK, shaped_characters


class ShapingPDF(FPDF):
    """FPDF that shapes only what needs it, and sets right-to-left runs in their place (with c_margin 0: each run is a
    cell of its own, butted against the one before)."""

    _right_to_left_run = False  # text_line() is setting a right-to-left run
    _wrapping = False  # lines() is wrapping a text unshaped

    def text_line(self, w: float, h: float, text: str, *, next_line: bool = False) -> None:
        """One line of `text` (not to be wrapped) in a box `w` mm wide (0: to the right margin), like cell(): then on
        its right, or with `next_line` at the start of the next line. Right-to-left runs are set one by one."""
        if not needs_shaping(text):
            if LEFT_TO_RIGHT_MARK in text:  # after a name wrapped onto the line above
                text = text.replace(LEFT_TO_RIGHT_MARK, '')
            self.cell(w, h, text, new_x='LMARGIN' if next_line else 'RIGHT', new_y='NEXT' if next_line else 'TOP')
            return
        if self.will_page_break(h):  # here, not in a run's cell(): the new page's header would be set right to left
            x = self.x
            self.add_page()
            self.x = x
        left, top = self.x, self.y
        w = w or self.w - self.r_margin - left
        for run, right_to_left in runs(text):
            self._right_to_left_run = right_to_left
            try:
                self.cell(self.get_string_width(run), h, run)
            finally:
                self._right_to_left_run = False
        self.set_xy(self.l_margin if next_line else left + w, top + h if next_line else top)

    def lines(self, text: str, width: float, line: float) -> list[str]:
        """The lines `text` wraps to in `width` mm in the current font, without drawing them."""
        if not needs_shaping(text):
            return self._wrap(text, width, line)
        paragraphs = text.split('\n')
        if len(paragraphs) > 1 and not paragraphs[-1]:
            paragraphs.pop()  # as fpdf2 does: a closing newline starts no line
        return [wrapped for paragraph in paragraphs for wrapped in self._wrap_shaped(paragraph, width, line)]

    def _wrap_shaped(self, paragraph: str, width: float, line: float) -> list[str]:
        # fpdf2 shapes a line again for every letter it adds to it: for a page of Danish with one Arabic name in it,
        # that took longer than the rest of the document. So a paragraph is wrapped unshaped first. Shaped, a right-
        # to-left word is narrower or wider (Arabic letters joined are a quarter narrower): where that makes a line
        # too long, or leaves room for the next word, the paragraph is wrapped again, shaped.
        self._wrapping = True
        try:
            lines = self._wrap(paragraph, width, line)
        finally:
            self._wrapping = False
        for wrapped, following in zip(lines, [*lines[1:], ''], strict=True):
            after = following.split(' ', 1)[0]
            if not needs_shaping(wrapped + after):
                continue
            shaped = self.get_string_width(wrapped)
            if shaped > width or (after and shaped + self.get_string_width(f' {after}') <= width):
                return self._wrap(paragraph, width, line)
        return lines

    def _wrap(self, text: str, width: float, line: float) -> list[str]:
        lines = self.multi_cell(width, line, text, align='L', dry_run=True, output='LINES')
        assert isinstance(lines, list)
        return [str(wrapped) for wrapped in lines]

    def normalize_text(self, text: str) -> str:
        # NOTE: fpdf2's first step with every text it sets or measures (cell, multi_cell, get_string_width), before it
        # cuts the text into fragments that each keep the shaping setting of that moment: so it is chosen here
        if self._wrapping:
            direction = None
        elif self._right_to_left_run:
            direction = TextDirection.RTL
        else:
            direction = TextDirection.LTR if needs_shaping(text) else None
        if direction != (self.text_shaping['direction'] if self.text_shaping else None):
            if direction:
                self.set_text_shaping(True, direction=direction)
            else:
                self.set_text_shaping(False)
        return super().normalize_text(text)


def needs_shaping(text: str) -> bool:
    return not text.isascii() and not _shaped_characters().isdisjoint(text)


def runs(line: str) -> list[tuple[str, bool]]:
    """`line` as (text, right_to_left) pieces from left to right; joined they are `line` again, less the marks of
    text.set_apart(), which only set the levels. A right-to-left piece is what the line holds above the paragraph's
    level: right-to-left words, with the spaces, punctuation and numbers the bidi algorithm puts with them."""
    pieces: list[tuple[str, bool]] = []
    text: list[str] = []
    right_to_left = False
    # the levels of the whole line, not of each piece: whether a space or a bracket goes with the words on its left
    # or with those on its right depends on both
    paragraph = BidiParagraph(text=line, base_direction=TextDirection.LTR, preserve_bn_chars=True)
    for character in paragraph.get_characters():
        if text and (character.embedding_level > 0) != right_to_left:
            pieces.append((''.join(text), right_to_left))
            text = []
        right_to_left = character.embedding_level > 0
        if character.character != LEFT_TO_RIGHT_MARK:
            text.append(character.character)
    if text:
        pieces.append((''.join(text), right_to_left))
    return pieces


@functools.cache
def _shaped_characters() -> frozenset[str]:
    """The characters of the whole regular face (text is cleaned to these) that need shaping. Worked out once per
    process (a few ms); immutable, so documents built in worker threads share it safely."""
    return shaped_characters(whole_regular_cmap())
