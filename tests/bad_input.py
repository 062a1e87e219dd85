"""Bad input for the property tests of issue 7 §4 (tests/test_bad_input_*.py): the strategies, what "intact" means
for each kind of field, and the check that a refusal is a Danish field error that left the database as it was.

The oracle is written here, independently of the services: a field is a `Spec` (how the service normalises it on
purpose, its length limit, whether it is required), and `verdict` says whether a value must be stored, must be
refused, or may be either (an e-mail address or a phone number whose exact grammar is the service's own business).

Characters that cannot be stored (NUL, which PostgreSQL refuses; lone surrogates, which no engine can write in UTF-8;
the other control characters that are not whitespace) are removed from free text by the services
(flnet_ui/services/inputs.py), so `storable` removes them here too before comparing; addresses (e-mail, web links)
and passwords that contain them are refused instead. Beyond that, "intact" means as the service normalises on purpose:
names, titles and one-line fields with whitespace runs as one space (`one_line`); free text and reasons without
whitespace at the ends (`trimmed`); notes typed in a text area also with \r\n as \n (`notes`); decisions one per
line; an e-mail address without spaces at the ends and in lower case; a whole number as an int. Emoji, right-to-left
text, markup and SQL-looking text come back exactly as written.
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import os
import re
import unicodedata
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from babel.messages.pofile import read_po
from hypothesis import HealthCheck, example, settings
from hypothesis import strategies as st
from tortoise.connection import get_connection
from tortoise.models import Model

import models
from flnet_ui import i18n
from flnet_ui.services.errors import DomainError
from models import AuditEntry
from models.reference import municipalities

# --- the inputs ------------------------------------------------------------------------------------------------------

LONG = 'x' * 10_000
NASTY_TEXTS: tuple[str, ...] = (
    'Anne 👩\u200d👩\u200d👧\u200d👦 Holm 👍🏽🇩🇰',        # emoji: a ZWJ family, a skin tone, a flag
    'שלום עולם',                                    # Hebrew
    'مرحبا بالعالم',                                 # Arabic
    'Ole \u202eneseR\u202c Hansen',                 # RIGHT-TO-LEFT OVERRIDE
    LONG,                                           # 10,000 characters
    'NUL\x00byte', '\x00',                          # PostgreSQL refuses NUL in text
    'ESC\x1b[31mrød BEL\x07',                       # control characters
    'NEL\x85linje LS\u2028linje PS\u2029',          # Unicode line breaks (whitespace to Python)
    'høj \ud800 lav \udfff',                        # lone surrogates
    '<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
    "'; DROP TABLE membership; --",
    '', ' \t\n\u3000\xa0 ',                         # empty and whitespace only
)
# Pieces to glue together, and lengths right around the services' limits (200, 254, 300, 500, 1000, 5000, ...).
PIECES = ('a', 'Ø', '👍🏽', 'ש', '\u202e', '\x00', '\x1b', '\x85', '\u2028', '\ud800', '<', "'", ' ', '\n', '\r\n')
LENGTHS = (199, 200, 201, 254, 255, 300, 301, 500, 501, 1_000, 1_001, 1_024, 1_025, 5_000, 5_001, 10_001, 20_001)
ANY_CHARACTER = st.characters(exclude_categories=())   # surrogates included: Hypothesis leaves them out by default
_serial = itertools.count(1)


@st.composite
def _near_limit(draw: st.DrawFn) -> str:
    piece = draw(st.sampled_from([p for p in PIECES if p.strip()]))
    length = draw(st.sampled_from(LENGTHS))
    return (piece * length)[:length]


def bad_text() -> st.SearchStrategy[str]:
    """Nasty strings, mixtures of their pieces with arbitrary characters, and strings right at the length limits."""
    glued = st.lists(st.one_of(st.sampled_from(PIECES), st.text(ANY_CHARACTER, max_size=12)), max_size=6) \
        .map(''.join)
    return st.one_of(st.sampled_from(NASTY_TEXTS), glued, _near_limit())


BAD_NUMBERS: tuple[Any, ...] = (-1, 0, -(2**63), 2**31, 2**63, 10**30, 1.5, 30.0, 1e30, float('nan'), float('inf'),
                                None, True)


def emails() -> st.SearchStrategy[str]:
    """Bad text alone, and bad text as the local part of a plausible (and new) address."""
    return st.one_of(bad_text(), bad_text().map(lambda text: f'{text}.{next(_serial)}@bib.dk'))


def bad_int(valid: Iterable[int] = ()) -> st.SearchStrategy[Any]:
    """Negative, zero, huge (beyond 32 and 64 bits), non-integers, booleans and None; plus some valid values."""
    return st.one_of(st.sampled_from(BAD_NUMBERS), st.sampled_from(list(valid) or [1]),
                     st.integers(-(2**70), 2**70), st.floats())


DST_START, DST_END = dt.date(2026, 3, 29), dt.date(2026, 10, 25)   # the nights the clocks change in Denmark


def bad_date() -> st.SearchStrategy[dt.date | None]:
    return st.one_of(st.sampled_from([None, dt.date.min, dt.date(1, 1, 1), dt.date.max, DST_START, DST_END]),
                     st.dates())


def bad_time() -> st.SearchStrategy[dt.time | None]:
    return st.one_of(st.sampled_from([None, dt.time.min, dt.time.max, dt.time(2, 30), dt.time(10), dt.time(15)]),
                     st.times())


@st.composite
def changes(draw: st.DrawFn, fields: dict[str, st.SearchStrategy[Any]], most: int = 2) -> dict[str, Any]:
    """One or two (at `most`) of the fields with bad values; the test keeps good values in the others."""
    chosen = draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=most, unique=True))
    return {name: draw(fields[name]) for name in chosen}


def nasty_examples(*fields: str, values: Iterable[Any] = NASTY_TEXTS, argument: str = 'bad') -> Callable[[Any], Any]:
    """Every nasty value once for sure, each put in one of `fields` in turn (Hypothesis then mixes on its own)."""
    def decorate(test: Any) -> Any:
        for number, value in enumerate(values):
            test = example(**{argument: {fields[number % len(fields)]: value}})(test)
        return test
    return decorate


def nasty_numbers(*fields: str) -> Callable[[Any], Any]:
    """Every bad number once for sure, each put in one of `fields` in turn."""
    return nasty_examples(*fields, values=BAD_NUMBERS)


class PerTest:
    """What the examples of one test share (a network, a meeting): made by the first example, kept for the others.
    The `db` fixture lives for the whole test, so this is keyed by it."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[object, Any]] = {}

    async def get(self, db: object, make: Callable[[], Awaitable[Any]]) -> Any:
        found = self._made.get(id(db))
        if found is None or found[0] is not db:
            self._made = {id(db): (db, await make())}
        return self._made[id(db)][1]


def profile(max_examples: int = 30) -> settings:
    """This suite's Hypothesis settings: few enough examples to run both engines in a few minutes (raise them with
    FLNET_BAD_INPUT_EXAMPLES), no deadline (a busy machine), and no example database written into the tree. The
    `db` fixture is made once per test, not per example: every example makes what it changes, or works in a network
    of its own."""
    count = int(os.environ.get('FLNET_BAD_INPUT_EXAMPLES', max_examples))
    return settings(max_examples=count, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


# --- what "intact" means ---------------------------------------------------------------------------------------------

def unstorable(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category == 'Cs' or (category == 'Cc' and not ch.isspace())


def storable(text: str) -> str:
    return ''.join(ch for ch in text if not unstorable(ch))


def one_line(text: str) -> str:
    """Names and titles: whitespace runs (line breaks too) become one space, none at the ends."""
    return ' '.join(storable(text).split())


def trimmed(text: str) -> str:
    """Free text: kept as written, without whitespace at the ends."""
    return storable(text).strip()


def notes(text: str) -> str:
    """Free text typed in a browser's text area: Windows line breaks as \\n, trimmed."""
    return storable(text).replace('\r\n', '\n').strip()


@dataclass(frozen=True)
class Spec:
    """A text field: its normalisation, its limit, whether it may be empty, and the field names its errors carry."""
    normalise: Callable[[str], str]
    limit: int
    required: bool = False
    error_fields: tuple[str, ...] = ()


def verdict(spec: Spec, value: str) -> bool:
    text = spec.normalise(value)
    return bool(text or not spec.required) and len(text) <= spec.limit


def whole(value: Any, low: int, high: float = math.inf) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def municipality_verdict(text: str) -> bool:
    wanted = one_line(text).casefold().removesuffix(' kommune')
    return any(name.casefold() == wanted for name in municipalities())


EMAIL_SURELY_VALID = re.compile(r'[a-z0-9._+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}')


def email_verdict(value: str) -> bool | None:
    """True: any service must take it; False: any must refuse it; None: the exact grammar is the service's."""
    email = value.strip().lower()
    if EMAIL_SURELY_VALID.fullmatch(email) and len(email) <= 254:
        return True
    if '@' not in email or len(email) > 254 or any(unstorable(ch) or ch.isspace() for ch in email):
        return False
    return None


# --- refusals: Danish, at a field, and nothing saved -----------------------------------------------------------------

@functools.cache
def _catalog_patterns() -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    """The Danish messages of the catalog that differ from their English msgid, and those English msgids (with some
    words besides the placeholders); placeholders as wildcards."""
    with resources.files('locales').joinpath('da/LC_MESSAGES/messages.po').open('rb') as handle:
        catalog = read_po(handle, locale='da')
    danish, english = [], []
    for message in catalog:
        if not isinstance(message.id, str) or not isinstance(message.string, str) \
                or message.string in ('', message.id):
            continue
        danish.append(_pattern(message.string))
        if re.search(r'[A-Za-z]{3}', re.sub(r'\{[^{}]*\}', '', message.id)):
            english.append(_pattern(message.id))
    return tuple(danish), tuple(english)


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile('.+?'.join(re.escape(part) for part in re.split(r'\{[^{}]*\}', text)), re.DOTALL)


def assert_danish_field_error(error: DomainError, fields: Iterable[str]) -> None:
    """The message is a Danish message of the catalog (not its English msgid) and it is put at one of `fields`."""
    messages = getattr(error, 'errors', None) or {error.field: error.message}
    danish, english = _catalog_patterns()
    for field, message in messages.items():
        assert message, f'an empty message at {field!r}'
        assert any(p.fullmatch(message) for p in danish), f'not a Danish catalog message: {message!r}'
        assert not any(p.fullmatch(message) for p in english), f'an English message: {message!r}'
        assert field in set(fields), f'refused at {field!r} ({message!r}), expected one of {sorted(fields)}'


async def snapshot(*involved: type[Model]) -> dict[str, Any]:
    """Row counts of every table, and every row of the tables involved and of the audit log."""
    tables = sorted(model._meta.db_table for model in models.__models__)
    counts = ', '.join(f'(SELECT COUNT(*) FROM "{table}") AS "{table}"' for table in tables)
    rows = await get_connection('default').execute_query_dict(f'SELECT {counts}')
    state: dict[str, Any] = {'counts': rows[0]}
    read: list[type[Model]] = [*involved, AuditEntry]
    for model in read:
        state[model._meta.db_table] = await model.all().order_by('id').values()
    return state


@dataclass
class Outcome:
    result: Any = None
    error: DomainError | None = None

    @property
    def refused(self) -> bool:
        return self.error is not None


async def attempt(call: Callable[[], Awaitable[Any]], *, involved: Iterable[type[Model]] | None,
                  fields: Iterable[str]) -> Outcome:
    """Run a service call in Danish. A DomainError must be a Danish field error (at one of `fields`) after which the
    database is exactly as before (unless `involved` is None: a refusal that is recorded on purpose, like a failed
    login); any other exception fails the test as it is."""
    involved = tuple(involved) if involved is not None else None
    before = await snapshot(*involved) if involved is not None else None
    with i18n.language('da'):
        try:
            return Outcome(result=await call())
        except DomainError as error:
            assert_danish_field_error(error, fields)
            if involved is not None:
                assert await snapshot(*involved) == before, 'a refused change left something in the database'
            return Outcome(error=error)


def expect(outcome: Outcome, *, must_store: bool | None, allowed: Iterable[str] = ()) -> bool:
    """Check the outcome against the oracle; True when the input was stored (and is to be read back)."""
    if must_store is True:
        assert not outcome.refused, f'a valid input was refused: {outcome.error!r}'
    if must_store is False:
        assert outcome.refused, 'an invalid input was stored'
    if outcome.refused and allowed:
        assert_danish_field_error(outcome.error, allowed)  # type: ignore[arg-type]
    return not outcome.refused
