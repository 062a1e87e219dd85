"""The Danish catalog is complete, Danish formats and Danish sort order are right."""
from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from flnet_ui import i18n

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ['flnet_ui', 'pages', 'models']


def extracted_ids() -> set[str | tuple[str, str]]:
    ids: set[str | tuple[str, str]] = set()
    for folder in SOURCES:
        for _filename, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[('**.py', 'python')], keywords={'_': None, 'N_': None,
                                                                           'ngettext': (1, 2)}):
            ids.add(message if isinstance(message, str) else tuple(message))
    return ids


def catalog(language: str):  # type: ignore[no-untyped-def]
    with (ROOT / 'locales' / language / 'LC_MESSAGES' / 'messages.po').open('rb') as handle:
        return read_po(handle, locale=language)


def test_every_text_in_the_code_has_a_danish_translation() -> None:
    da = catalog('da')
    translated = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in da if m.id}
    missing = sorted(str(i) for i in extracted_ids() - translated.keys())
    assert not missing, f'not in locales/da (run pybabel extract + update): {missing}'
    for key, message in translated.items():
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), f'untranslated: {key}'
        assert 'fuzzy' not in message.flags, f'fuzzy: {key}'
        source = [key] if isinstance(key, str) else list(key)
        assert _fields(strings[0]) == _fields(source[0]), f'placeholders differ: {key}'


def test_no_text_is_hidden_from_extraction_inside_an_f_string() -> None:
    hidden = re.compile(r'''f(['"]).*\{_\(''')
    offenders = [f'{path.relative_to(ROOT)}:{n}' for folder in SOURCES for path in (ROOT / folder).rglob('*.py')
                 for n, line in enumerate(path.read_text(encoding='utf-8').splitlines(), 1) if hidden.search(line)]
    assert not offenders, f'_() inside an f-string is not extracted: {offenders}'


def test_english_catalog_exists_and_the_danish_catalog_is_used() -> None:
    assert catalog('en') is not None
    i18n.set_language('da')
    assert i18n._('Home') == 'Forside'
    assert i18n.ngettext('{n} free seat', '{n} free seats', 3).format(n=3) == '3 ledige pladser'
    i18n.set_language('en')
    assert i18n._('Home') == 'Home'
    i18n.set_language(None)


def test_danish_dates_and_times() -> None:
    i18n.set_language('da')
    assert i18n.long_date(dt.date(2026, 3, 4)) == 'onsdag den 4. marts 2026'
    assert i18n.clock(dt.time(13, 30)) == '13.30'
    # 12:30 UTC in summer is 14.30 in Copenhagen
    assert i18n.date_time(dt.datetime(2026, 6, 1, 12, 30, tzinfo=dt.UTC)).endswith('14.30')
    assert i18n.today(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)) == dt.date(2027, 1, 1)
    i18n.set_language(None)


@pytest.mark.parametrize(('unsorted', 'expected'), [
    (['Aarhus', 'Odense', 'Ærø', 'Aabenraa', 'Zealand', 'Øster', 'Ålborg', 'Albertslund'],
     ['Albertslund', 'Odense', 'Zealand', 'Ærø', 'Øster', 'Aabenraa', 'Ålborg', 'Aarhus']),
    (['Østergaard', 'Andersen', 'Aagaard', 'Ærenlund', 'Zahle', 'Bøgh'],
     ['Andersen', 'Bøgh', 'Zahle', 'Ærenlund', 'Østergaard', 'Aagaard']),
    (['émile', 'Emma', 'eva'], ['émile', 'Emma', 'eva']),
])
def test_danish_sort_order(unsorted: list[str], expected: list[str]) -> None:
    assert i18n.danish_sorted(unsorted) == expected


def _fields(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}
