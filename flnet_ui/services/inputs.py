"""What forms send, made safe to check and to store on both engines (issue 7 §4).

Text: some characters cannot be stored. PostgreSQL refuses NUL in text, and a lone surrogate (half of a UTF-16 pair,
which a browser can send in JSON) cannot be written as UTF-8 by either engine. The other control characters that are
not whitespace (BEL, ESC, DEL, the C1 controls) are invisible and mean nothing in a name or a note. Free text loses all
of them, silently, before any other check (`clean_text`): refusing would name a character the writer cannot see. An
address or a password is refused instead (`has_unstorable`): changed, it would be somebody else's, or not the one typed.
Everything else — emoji, right-to-left text, markup, SQL-looking text — is kept as written; pages escape it.

Numbers: a whole number is an int, never a bool (True is 1 to Python), a float or None; an id also fits its column.
"""
from __future__ import annotations

import math
import re

MAX_ID = 2**31 - 1  # the id columns: an integer on PostgreSQL
# Control characters other than whitespace (tab, line breaks, \x1c-\x1f and NEL stay), and surrogates.
_UNSTORABLE = re.compile('[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff]')


def clean_text(text: str | None) -> str:
    """The text without the characters that cannot be stored; None (an empty form field) is ''."""
    return _UNSTORABLE.sub('', text) if text else ''


def has_unstorable(text: str) -> bool:
    return _UNSTORABLE.search(text) is not None


def is_whole(number: object, low: int, high: float = math.inf) -> bool:
    """An int from `low` to `high`: the check before a number reaches a comparison, a range() or the database."""
    return isinstance(number, int) and not isinstance(number, bool) and low <= number <= high
