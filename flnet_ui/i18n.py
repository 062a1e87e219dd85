"""Translation, Danish formats and Danish sort order.

Message ids are English; the Danish catalog is complete (a test checks it). Catalogs are read from the .po files at
first use, so a fresh `pip install .` shows Danish with no compile step and a .mo can never be stale.
"""
from __future__ import annotations

import datetime as dt
import gettext
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from importlib import resources
from io import BytesIO
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

TIMEZONE = ZoneInfo('Europe/Copenhagen')
LOCALES = {'da': 'da_DK', 'en': 'en_GB'}
DEFAULT_LANGUAGE = 'da'

# Set explicitly only outside the UI (command line, tests); inside a page or event handler the visitor's choice,
# kept in NiceGUI's per-browser storage, applies.
_language: ContextVar[str | None] = ContextVar('flnet_language', default=None)


def set_language(language: str | None) -> None:
    _language.set(language if language in LOCALES else None)


@contextmanager
def language(language: str) -> Iterator[None]:
    """Translate and format in one language for a while, whoever is looking (e-mails are always in Danish)."""
    token = _language.set(language if language in LOCALES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def current_language() -> str:
    return _language.get() or _visitor_language() or DEFAULT_LANGUAGE


def _visitor_language() -> str | None:
    from nicegui import app
    try:
        language = app.storage.user.get('language')
    except (RuntimeError, AssertionError, KeyError):  # not inside a page or event handler (or no session yet)
        return None
    return language if language in LOCALES else None


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    po = resources.files('locales').joinpath(f'{language}/LC_MESSAGES/messages.po')
    if not po.is_file():
        return gettext.NullTranslations()
    with po.open('rb') as handle:
        catalog = read_po(handle, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    return _catalog(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # the conventional name that extraction looks for
    """Mark a text for extraction where it is defined; translate it with _() where it is shown."""
    return message


def _locale() -> str:
    return LOCALES[current_language()]


def long_date(day: dt.date) -> str:
    """'onsdag den 4. marts 2026'"""
    return format_date(day, 'full', locale=_locale())


def short_date(day: dt.date) -> str:
    """'4. mar. 2026'"""
    return format_date(day, 'medium', locale=_locale())


def clock(time: dt.time) -> str:
    """'13.30'"""
    return format_time(time, 'short', locale=_locale())


def local(moment: dt.datetime) -> dt.datetime:
    """A stored (UTC) moment in Danish time; a naive one is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(TIMEZONE)


def date_time(moment: dt.datetime) -> str:
    """'4. mar. 2026 13.30' in Danish time."""
    moment = local(moment)
    return f'{short_date(moment.date())} {clock(moment.time())}'


def number(value: float) -> str:
    return format_decimal(value, locale=_locale())


def today(now: dt.datetime) -> dt.date:
    """The calendar day in Denmark at the moment `now`."""
    return local(now).date()


# Danish alphabetical order: a-z, then æ ø å. Aa/aa is the old spelling of å and sorts as å (Aabenraa after Øster).
_DANISH_ORDER = {ch: i for i, ch in enumerate('abcdefghijklmnopqrstuvwxyzæøå', start=1)}
_FOLD = {'ä': 'æ', 'ö': 'ø', 'ü': 'y', 'ß': 'ss'}


@lru_cache(maxsize=8192)   # the same names are sorted again at every redraw of a list (Medlemmer: 2,000)
def danish_sort_key(text: str) -> tuple[tuple[int, ...], str]:
    folded = text.casefold().replace('aa', 'å')
    codes: list[int] = []
    for original in folded:
        ch = _FOLD.get(original, original)
        if ch in _DANISH_ORDER:
            codes.append(_DANISH_ORDER[ch])
            continue
        if len(ch) > 1:  # ß -> ss
            codes.extend(_DANISH_ORDER[c] for c in ch)
            continue
        base = unicodedata.normalize('NFKD', ch)[:1]  # é -> e, ñ -> n
        codes.append(_DANISH_ORDER.get(base, 0 if not base.isalnum() else 100 + ord(base)))
    return tuple(codes), text


def danish_sorted(items, key=lambda item: item):  # type: ignore[no-untyped-def]
    return sorted(items, key=lambda item: danish_sort_key(key(item)))
