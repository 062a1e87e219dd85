"""Text made safe and wrappable before it reaches fpdf2.

Policy for what users type (the minutes are free text, pasted from anywhere):
- Line breaks of every kind become '\n'; tabs and odd spaces become a plain space.
- Control and invisible formatting characters (NUL, escape codes, zero-width joiners, right-to-left overrides, byte
  order marks) are dropped: they have no glyph, and bidi overrides could make printed text say something else than
  the stored text. The soft hyphen is kept, it is how we ask for a break.
- A character the embedded DejaVu Sans cannot draw is dropped if it is decoration (emoji, skin-tone modifiers,
  combining marks) and becomes U+FFFD '�' if it is content (a CJK letter, an unassigned code point, a lone
  surrogate), so a reader sees that something is missing instead of a silently shortened name.
- Right-to-left scripts DejaVu has (Hebrew, Arabic) print right to left, Arabic letters joined, in their place within
  lines that run left to right like the rest of the document: shaping.py, with HarfBuzz and the Unicode bidi
  algorithm, for the texts that hold such a letter (`shaped_characters`) only. The order on paper is the one the bidi
  algorithm gives the stored text, as a browser shows it; only where a name goes into a sentence of ours is it ended by
  a left-to-right mark of ours (set_apart), so that our words and numbers after it keep their place. The bidi controls
  users type are dropped as above: none can turn the printed text round.
- Long words get soft hyphens (see hyphenate) so a compound never has to be chopped at a random letter.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable
from itertools import pairwise

SOFT_HYPHEN = '\u00ad'
REPLACEMENT = '\ufffd'
LEFT_TO_RIGHT_MARK = '\u200e'  # ends right-to-left text that a sentence of ours goes on after (set_apart)

_LINE_BREAKS = re.compile('\r\n|[\r\v\f\x1c-\x1e\x85\u2028\u2029]')
_INVISIBLE = ('Cc', 'Cf')  # controls and formatting characters: never printed
_DECORATION = ('Mn', 'Me', 'Sk', 'So')  # drawn by nothing we embed: drop rather than show '�'
_SPACES = re.compile(' {2,}')
_RIGHT_TO_LEFT = ('R', 'AL', 'AN')  # bidi classes: Hebrew letters, Arabic letters, Arabic digits
_MARKS = ('Mn', 'Mc', 'Me')  # combining marks: Hebrew points, Arabic vowel signs, accents NFC has no letter for
_TRAILING_SPACES = re.compile(' *\n')

# Danish hyphenation without a dictionary (none is a dependency): break between syllables, keeping consonant
# clusters that can start a Danish syllable together with the following vowel ("be-stil", "ad-mi-ni-stra-tion").
# It misses some compound joints ("ling-sad-mi-ni..."), so it is used only on words long enough to need it.
_VOWELS = frozenset('aeiouyæøåäöüéèêëáàâíìîóòôúùû')
_ONSETS = frozenset({
    'bl', 'br', 'dr', 'fl', 'fr', 'gl', 'gr', 'kl', 'kn', 'kr', 'kv', 'pl', 'pr', 'sk', 'sl', 'sm', 'sn',
    'sp', 'st', 'sv', 'tr', 'tv', 'skr', 'skv', 'spl', 'spr', 'str',
})
MIN_HYPHENATED = 14  # shorter words fit even the narrowest table column
_EDGE = 3  # never leave fewer letters than this on either side of a break
_TOKEN = re.compile(rf'\S{{{MIN_HYPHENATED},}}')
_LONG_WORD = re.compile(rf'[^\W\d_]{{{MIN_HYPHENATED},}}')  # letters only: not URLs, numbers or codes


def clean(text: str, drawable: Container[int], *, marks: bool = False) -> str:
    """Apply the policy above; `drawable` holds the code points the regular font has a glyph for. With `marks`, the
    left-to-right mark is kept: for a sentence of ours whose users' parts were cleaned before (set_apart())."""
    text = unicodedata.normalize('NFC', _LINE_BREAKS.sub('\n', text))  # one glyph for e + accent where there is é
    out: list[str] = []
    dropped = False
    for ch in text:
        if ch in ('\n', SOFT_HYPHEN) or (marks and ch == LEFT_TO_RIGHT_MARK):
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category.startswith('Z') or ch == '\t':  # no-break space stays; other spaces become plain ones
            out.append(ch if ch == '\u00a0' else ' ')
        elif ord(ch) in drawable and category not in ('Cc', 'Cf', 'Cs'):
            out.append(ch)
        elif category in _INVISIBLE or category in _DECORATION:
            dropped = True
        else:
            out.append(REPLACEMENT)
    cleaned = ''.join(out)
    if dropped:  # "Oplæg 🎤" + " ved" must not print as "Oplæg  ved"
        cleaned = _TRAILING_SPACES.sub('\n', _SPACES.sub(' ', cleaned)).strip(' ')
    return cleaned


def shaped_characters(code_points: Iterable[int]) -> frozenset[str]:
    """Those of `code_points` that print right only through HarfBuzz: right-to-left letters and digits (set in the
    order the bidi algorithm gives, Arabic joined) and combining marks (put on their letter by the font's GPOS)."""
    return frozenset(ch for ch in map(chr, code_points)
                     if unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT or unicodedata.category(ch) in _MARKS)


def _cut(cluster: str, left: int, right: int) -> int:
    """Where to break the consonants between the vowels at `left` and `right`."""
    if cluster.startswith('ngs'):
        return left + 4  # "-ings" and "-nings" end the first half of most Danish compounds: "lings-ad"
    for p in range(1, len(cluster) - 1):
        rest = cluster[p + 1:]
        # a linking s between consonants closes the first word: "teks-væ", "tions-med", "bejds-plan";
        # but not before t, where it is usually a superlative ("stør-ste")
        if cluster[p] == 's' and cluster[p - 1] != 's' and rest[0] != 't' and (len(rest) == 1 or rest in _ONSETS):
            return left + 1 + p + 1
    for size in (3, 2):
        if len(cluster) >= size and cluster[-size:] in _ONSETS:
            return right - size  # keep "st", "str" with their vowel: "be-stil"
    return right - 1  # before the last consonant: "fjern-låns", "mi-ni"


def hyphenate_word(word: str) -> str:
    """Soft hyphens at likely syllable breaks: 'Fjern\xadlåns\xadbe\xadstil\xadlings...'."""
    lower = word.lower()
    vowels = [i for i, ch in enumerate(lower) if ch in _VOWELS]
    cuts: list[int] = []
    for left, right in pairwise(vowels):
        cluster = lower[left + 1:right]
        if not cluster:
            continue  # two vowels in a row: "ia", "eu" - not a safe place to break
        cut = _cut(cluster, left, right)
        if _EDGE <= cut <= len(word) - _EDGE and (not cuts or cut - cuts[-1] >= 2):
            cuts.append(cut)
    if not cuts:
        return word
    pieces = [word[start:end] for start, end in zip([0, *cuts], [*cuts, len(word)], strict=True)]
    return SOFT_HYPHEN.join(pieces)


def _hyphenate_token(match: re.Match[str]) -> str:
    token = match.group()
    if '/' in token or '@' in token:  # a URL or an address: a printed hyphen would change it
        return token
    return _LONG_WORD.sub(lambda word: hyphenate_word(word.group()), token)


def hyphenate(text: str) -> str:
    return _TOKEN.sub(_hyphenate_token, text)


def set_apart(cleaned: str) -> str:
    """`cleaned` user text (a name) for a sentence of ours, closed by a left-to-right mark if it holds right-to-left
    text, so the words and numbers of ours after it are not drawn into its direction: by the bidi algorithm,
    "Oplæg ved שרה כהן · 45 min." prints with the 45 before the name, and in "Anne, שרה כהן, سارة أحمد, Bjørn" the
    two names change places. Like a name on its own line, it keeps its own order within."""
    if cleaned.isascii() or all(unicodedata.bidirectional(ch) not in _RIGHT_TO_LEFT for ch in cleaned):
        return cleaned
    return f'{cleaned}{LEFT_TO_RIGHT_MARK}'


def prepare(text: str, drawable: Container[int], *, marks: bool = False) -> str:
    return hyphenate(clean(text, drawable, marks=marks))
