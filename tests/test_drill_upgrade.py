"""Drill: a database that an early installation created at the first migration, full of its data, upgraded to the newest
schema by the app's own migration runner (flnet_ui.db.apply_migrations, what `flnet serve` and `flnet migrate` do).

The rows are written with plain SQL valid for models/migrations/0001_initial.py, in the formats the app wrote then
(on SQLite, Tortoise's text timestamps; one meeting time still with a Danish offset, which 0005 rewrites in UTC).
Afterwards every table of 0001 has the same rows, and every column that exists in both schemas the same values
(timestamps compared as instants); the columns added since carry their defaults; and the app reads and writes the
upgraded data through its models and services. On SQLite and, with FLNET_TEST_POSTGRES_URL, on PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.connection import get_connection
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from flnet_ui import db
from flnet_ui.services import membership, seats
from flnet_ui.services.audit import Actor
from flnet_ui.services.streaks import network_streaks
from models import Agreement, AttendanceRecord, AuditEntry, Library, Meeting, Membership, Network, Person, User
from tests.conftest import POSTGRES_URL, drop_postgres_database, postgres_url_for_new_database

pytestmark = pytest.mark.slow

ENGINES = ['sqlite', pytest.param('postgres', marks=pytest.mark.postgres)]
UTC = dt.UTC
LATER = ['0002_logins_and_answers', '0003_outgoing_mail', '0004_members_and_public', '0005_meeting_times_in_utc',
         '0006_meeting_board', '0007_between_items', '0008_minutes', '0009_status_changes_index']


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


# What a network looked like after its first year on schema 0001, table by table in insertion order (ids 1, 2, ...).
LIBRARIES = [('Statsbiblioteket', 'Aarhus'), ('Københavns Hovedbibliotek', 'København'),
             ('Aalborg Bibliotekerne', 'Aalborg'), ('Ærø Bibliotek', 'Ærø')]
PEOPLE = [('Birgitte Ørum', 'birgitte.orum@kb.dk', 2), ('Søren Aagaard', 'soren.aagaard@aalborg.dk', 3),
          ('Åse Lindholm', 'aase.lindholm@aeroe.dk', 4), ('Mette Kjær', 'mette.kjaer@aarhus.dk', 1),
          ('Jens Østergaard', 'jens.ostergaard@kb.dk', 2), ('Lærke Dahl', 'laerke.dahl@aalborg.dk', 3),
          ('Niels Brøndum', 'niels.brondum@aarhus.dk', 1)]
# person -> (status, applied, active since, deregistered by meeting)
MEMBERSHIPS = [(1, 'active', '2024-01-08 09:00', '2024-01-08 09:05', None),
               (2, 'active', '2024-01-08 09:30', '2024-01-08 09:35', None),
               (3, 'active', '2024-01-09 14:00', '2024-01-09 14:10', None),
               (4, 'deregistered', '2024-01-10 10:00', '2024-01-10 10:00', 3),
               (5, 'waitlisted', '2024-02-01 12:00', None, None),
               (6, 'resigned', '2024-01-11 08:00', '2024-01-11 08:00', None),
               (7, 'pending', '2025-01-20 16:45', None, None)]
MEETINGS = [('Forårets temadag – fjernlån på tværs', '2024-03-12 09:00', 'closed', 1),
            ('Efterårets temadag i Aalborg', '2024-10-08 08:00', 'closed', 3),
            ('Temadag om leverandører', '2025-03-11 09:00', 'closed', 1),
            ('Aflyst sommermøde', '2025-06-10 08:00', 'cancelled', 2),
            ('Efterårets temadag i København', '2025-10-07 08:00', 'planned', 2)]
ATTENDANCE = [(1, 1, 'present'), (1, 2, 'present'), (1, 3, 'excused'), (1, 4, 'apology'), (2, 1, 'present'),
              (2, 2, 'apology'), (2, 3, 'present'), (2, 4, 'absent'), (3, 1, 'present'), (3, 2, 'present'),
              (3, 3, 'present'), (3, 4, 'absent')]


def rows_at_0001() -> list[tuple[str, dict[str, Any]]]:
    rows: list[tuple[str, dict[str, Any]]] = [('library', {'name': n, 'municipality': m}) for n, m in LIBRARIES]
    rows.append(('network', {
        'name': 'Fremtidens Fjernlån (FL-netværket)', 'short_name': 'FL-netværket',
        'coordinator_org': 'Statsbiblioteket', 'description': 'Netværket for fjernlån – «hurtigt» og æøå-sikkert.',
        'capacity': 3, 'absence_limit': 3, 'meetings_per_year': 2, 'waitlist_mode': 'automatic', 'offer_days': 14,
        'offer_reminder_days': 3, 'revision': 57, 'created_at': t('2024-01-05 08:00:00.123456')}))
    for name, email, library in PEOPLE:
        rows.append(('person', {'name': name, 'email': email, 'phone': '+45 89 46 20 00', 'job_title': 'Bibliotekar',
                                'library_id': library, 'created_at': t('2024-01-08 09:00'), 'anonymised_at': None}))
    for title, starts, status, host in MEETINGS:
        start = t(starts)
        rows.append(('meeting', {
            'network_id': 1, 'title': title, 'description': 'Oplæg, gruppearbejde og frokost.', 'starts_at': start,
            'ends_at': start + dt.timedelta(hours=5, minutes=30), 'host_id': host, 'address': 'Victor Albecks Vej 1',
            'status': status, 'closed_at': start + dt.timedelta(hours=8) if status == 'closed' else None,
            'created_at': start - dt.timedelta(days=90)}))
    for person, status, applied, since, by_meeting in MEMBERSHIPS:
        rows.append(('membership', {
            'person_id': person, 'network_id': 1, 'status': status, 'motivation': 'Vil dele erfaringer om fjernlån.',
            'applied_at': t(applied), 'queue_at': t(applied), 'status_changed_at': t(since or applied),
            'active_since': t(since) if since and status == 'active' else None, 'offer_expires_at': None,
            'offer_reminded_at': None, 'deregistered_by_meeting_id': by_meeting}))
    rows += [('attendance_record', {'meeting_id': m, 'membership_id': p, 'status': s, 'note': 'Syg' if s == 'apology'
                                    else '', 'recorded_at': t('2024-03-12 09:30') + dt.timedelta(days=200 * m)})
             for m, p, s in ATTENDANCE]
    rows.append(('agreement', {'membership_id': 3, 'note': 'Orlov; deltager igen fra efteråret.',
                               'valid_from': dt.date(2024, 2, 1), 'valid_until': dt.date(2024, 9, 30),
                               'ended_at': None, 'created_at': t('2024-02-01 10:00')}))
    rows += [('app_user', {'email': 'koordinator@kb.dk', 'role': 'coordinator', 'person_id': None,
                           'password_hash': '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA', 'is_active': True,
                           'created_at': t('2024-01-05 08:00'), 'last_login_at': t('2025-03-11 07:55')}),
             ('app_user', {'email': 'birgitte.orum@kb.dk', 'role': 'member', 'person_id': 1, 'password_hash': None,
                           'is_active': False, 'created_at': t('2024-01-08 09:05'), 'last_login_at': None})]
    for n, (person, status, applied, _since, _by) in enumerate(MEMBERSHIPS, 1):
        rows.append(('audit_entry', {
            'at': t(applied), 'network_id': 1, 'actor_id': 1, 'actor_name': 'koordinator@kb.dk',
            'subject': 'membership', 'subject_id': n, 'person_id': person, 'action': 'status',
            'from_value': 'pending', 'to_value': status, 'reason': 'Ansøgning godkendt'}))
    return rows


@pytest.fixture(params=ENGINES)
async def at_0001(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """A fresh database of its own at migration 0001 only; yields the engine's name."""
    if request.param == 'postgres' and not POSTGRES_URL:
        pytest.skip('FLNET_TEST_POSTGRES_URL is not set')
    url = f'sqlite://{tmp_path}/old.sqlite3' if request.param == 'sqlite' else postgres_url_for_new_database()
    if request.param == 'postgres':
        admin = await asyncpg.connect(POSTGRES_URL)
        await admin.execute(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}"')
        await admin.close()
    EXECUTOR_CACHE.clear()
    await db.open_database(url, migrate=False)
    try:
        await migrate_to('0001_initial')
        yield request.param
    finally:
        await db.close_database()
        if request.param == 'postgres':
            await drop_postgres_database(url)


async def migrate_to(name: str) -> None:
    executor = MigrationExecutor(get_connection('default'), db.tortoise_config('sqlite://:memory:')['apps'])
    await executor.migrate([MigrationTarget('models', name)])


async def insert(table: str, row: dict[str, Any]) -> None:
    connection = get_connection('default')
    sqlite = connection.capabilities.dialect == 'sqlite'
    marks = ['?' if sqlite else f'${n}' for n in range(1, len(row) + 1)]
    values = [_as_sqlite_wrote_it(v) for v in row.values()] if sqlite else list(row.values())
    await connection.execute_query(f'INSERT INTO {table} ({", ".join(row)}) VALUES ({", ".join(marks)})', values)


def _as_sqlite_wrote_it(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=' ')  # '2024-03-12 09:00:00+00:00', as Tortoise writes it
    if isinstance(value, dt.date):
        return value.isoformat()
    return int(value) if isinstance(value, bool) else value


async def snapshot(tables: list[str]) -> dict[str, list[dict[str, Any]]]:
    connection = get_connection('default')
    return {table: [{k: _comparable(v) for k, v in row.items()}
                    for row in await connection.execute_query_dict(f'SELECT * FROM {table} ORDER BY id')]
            for table in tables}


TIMESTAMP = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$')


def _comparable(value: object) -> object:
    """Timestamps as instants (0005 rewrites SQLite's Danish offsets in UTC on purpose); everything else as it is."""
    if isinstance(value, str) and TIMESTAMP.match(value):
        return dt.datetime.fromisoformat(value).astimezone(UTC)
    if isinstance(value, dt.datetime):
        return value.astimezone(UTC)
    return value


async def test_a_database_filled_at_the_first_migration_upgrades_without_losing_anything(at_0001: str) -> None:
    rows = rows_at_0001()
    for table, row in rows:
        await insert(table, row)
    if at_0001 == 'sqlite':  # an update on SQLite stored a meeting time with its Danish offset, as 0005 describes
        await get_connection('default').execute_query(
            "UPDATE meeting SET starts_at = '2025-10-07 10:00:00+02:00' WHERE id = 5")
    tables = sorted({table for table, _ in rows})
    before = await snapshot(tables)
    assert {table: len(found) for table, found in before.items()} == \
        {table: sum(t == table for t, _ in rows) for table in tables}
    assert all([r['id'] for r in found] == list(range(1, len(found) + 1)) for found in before.values())

    applied = await db.apply_migrations()

    assert applied == [f'models.{name}' for name in LATER]
    assert await db.pending_migrations() == []
    after = await snapshot(tables)
    for table in tables:
        assert len(after[table]) == len(before[table]), f'{table}: rows lost or added'
        for old, new in zip(before[table], after[table], strict=True):
            assert set(old) <= set(new), f'{table}: columns lost: {set(old) - set(new)}'
            changed = {column: (value, new[column]) for column, value in old.items() if new[column] != value}
            assert not changed, f'{table} row {old["id"]}: {changed}'
    network = after['network'][0]
    assert (network['meeting_reminder_days'], network['retention_months'], network['display_token']) == (7, 24, None)
    await _the_app_works_on_the_upgraded_data()


async def _the_app_works_on_the_upgraded_data() -> None:
    counts = {model: await model.all().count() for model in (Library, Network, Person, Membership, Meeting,
                                                              AttendanceRecord, Agreement, User, AuditEntry)}
    assert counts[Membership] == len(MEMBERSHIPS) and counts[AttendanceRecord] == len(ATTENDANCE)
    meeting = await Meeting.get(id=5)
    assert meeting.starts_at == dt.datetime(2025, 10, 7, 8, 0, tzinfo=UTC)  # the same instant as before, in UTC
    network = await Network.get(id=1)
    assert await seats.seats_taken(network.id) == 3
    streaks = await network_streaks(network.id, now=dt.datetime(2025, 9, 1, tzinfo=UTC))
    assert {i: s.count for i, s in streaks.items()} == {1: 0, 2: 0, 3: 0}
    # A new application after the upgrade: the ids continue (sequences), the new columns are filled in.
    joined = await membership.apply(network_id=network.id, name='Ny Ansøger Æblø', email='ny@bib.dk', approve=True,
                                    by=Actor(None, 'koordinator@kb.dk'), now=dt.datetime(2025, 9, 1, tzinfo=UTC))
    assert (joined.id, joined.status) == (len(MEMBERSHIPS) + 1, 'waitlisted')
    assert [m.id for m in await seats.waitlisted(network.id)] == [5, joined.id]


async def test_a_running_meetings_control_survives_the_migrations_after_it(at_0001: str) -> None:
    """0007 adds a column to meeting_control, which holds a row for every started meeting."""
    await migrate_to('0006_meeting_board')
    for table, row in rows_at_0001()[:5]:  # the libraries and the network, with the columns 0004 added
        await insert(table, {**row, 'meeting_reminder_days': 7, 'retention_months': 24} if table == 'network' else row)
    await insert('meeting', {'network_id': 1, 'title': 'Temadag i gang', 'description': '', 'starts_at':
                             t('2025-03-11 09:00'), 'ends_at': t('2025-03-11 14:30'), 'host_id': 1, 'address': '',
                             'status': 'running', 'closed_at': None, 'created_at': t('2025-01-01 09:00')})
    await insert('agenda_item', {'meeting_id': 1, 'position': 1, 'kind': 'welcome', 'title': 'Velkomst',
                                 'duration_minutes': 15, 'presenter_id': None, 'presenter_name': '',
                                 'presenter_org': '', 'description': '', 'created_at': t('2025-01-02 09:00'),
                                 'updated_at': t('2025-01-02 09:00')})
    await insert('meeting_control', {'meeting_id': 1, 'current_item_id': 1, 'item_started_at': t('2025-03-11 09:00'),
                                     'paused_at': None, 'paused_seconds': 0, 'extra_seconds': 300,
                                     'message': 'Kaffe i kantinen', 'updated_at': t('2025-03-11 09:05')})
    before = (await snapshot(['meeting_control']))['meeting_control']

    assert await db.apply_migrations() == ['models.0007_between_items', 'models.0008_minutes',
                                           'models.0009_status_changes_index']

    after = (await snapshot(['meeting_control']))['meeting_control']
    assert [{k: v for k, v in row.items() if k != 'between_items'} for row in after] == before
    assert [bool(row['between_items']) for row in after] == [False]
