"""Calendar files and the personal feed (issue 4 §3), parsed back with the icalendar library."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from flnet_ui.services import calendar, meeting_plan, meetings, users
from flnet_ui.services.audit import SYSTEM
from flnet_ui.services.errors import DomainError
from models import AuditEntry, Role, User
from tests import factories as f
from tests.conftest import NOW

COPENHAGEN = ZoneInfo('Europe/Copenhagen')
PUBLIC_URL = 'https://flnet.example.dk'


@pytest.fixture(autouse=True)
def public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('FLNET_PUBLIC_URL', PUBLIC_URL)


def events_of(content: bytes) -> list:  # type: ignore[type-arg]
    return list(Calendar.from_ical(content).walk('VEVENT'))


async def a_meeting(net, *, day: dt.date = dt.date(2026, 6, 10), title: str = 'Fjernlån på tværs – åbne data',
                    host_id: int | None = None, address: str = 'Søndergade 1, 4600 Køge',
                    description: str = 'Vi ser på ændringer i Øst og Vest.'):  # type: ignore[no-untyped-def]
    return await meetings.plan_meeting(network_id=net.id, title=title, date=day, starts_at=dt.time(10, 0),
                                       ends_at=dt.time(15, 30), host_library_id=host_id, address=address,
                                       description=description, by=f.COORDINATOR, now=NOW)


async def test_a_meeting_file_parses_back_in_danish_time_with_danish_letters(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    host = await f.library('Køge Bibliotek', 'Køge')
    meeting = await a_meeting(net, host_id=host.id)

    found = await calendar.meeting_file(meeting_id=meeting.id)

    assert found.filename == '2026-06-10-fjernlaan-paa-tvaers-aabne-data.ics'
    [event] = events_of(found.content)
    assert str(event['summary']) == 'Fjernlån på tværs – åbne data'
    start, end = event.decoded('dtstart'), event.decoded('dtend')
    assert start.astimezone(COPENHAGEN).replace(tzinfo=None) == dt.datetime(2026, 6, 10, 10, 0)
    assert end.astimezone(COPENHAGEN).replace(tzinfo=None) == dt.datetime(2026, 6, 10, 15, 30)
    assert start.utcoffset() == dt.timedelta(hours=2)  # summer time, not UTC written as if local
    assert str(event['location']) == 'Køge Bibliotek, Søndergade 1, 4600 Køge'
    description = str(event['description'])
    assert 'Vi ser på ændringer i Øst og Vest.' in description
    assert f'{PUBLIC_URL}/min-side' in description
    assert str(event['status']) == 'CONFIRMED'
    assert str(event['uid']) == f'meeting-{meeting.id}@flnet.example.dk'
    assert Calendar.from_ical(found.content).walk('VTIMEZONE'), 'the time zone must travel with the file'


async def test_the_same_meeting_downloads_the_same_uid_twice(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    meeting = await a_meeting(net)
    first = await calendar.meeting_ics(meeting_id=meeting.id)
    second = await calendar.meeting_ics(meeting_id=meeting.id)
    assert str(events_of(first)[0]['uid']) == str(events_of(second)[0]['uid'])
    assert first == second  # DTSTAMP is the last change, not the moment of download


async def test_a_change_and_a_cancellation_replace_the_entry(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    meeting = await a_meeting(net)
    [before] = events_of(await calendar.meeting_ics(meeting_id=meeting.id))
    assert before['sequence'] == 0

    changed_at = NOW + dt.timedelta(days=1)
    await meeting_plan.update_meeting(meeting_id=meeting.id, title='Ny titel', date=dt.date(2026, 6, 11),
                                      starts_at=dt.time(9), ends_at=dt.time(14), by=f.COORDINATOR, now=changed_at)
    [after_change] = events_of(await calendar.meeting_ics(meeting_id=meeting.id))
    assert after_change['sequence'] == 1
    assert after_change.decoded('last-modified') == changed_at
    assert str(after_change['uid']) == str(before['uid'])
    assert str(after_change['summary']) == 'Ny titel'

    cancelled_at = NOW + dt.timedelta(days=2)
    await meetings.cancel_meeting(meeting_id=meeting.id, reason='For få tilmeldte', by=f.COORDINATOR, now=cancelled_at)
    [cancelled] = events_of(await calendar.meeting_ics(meeting_id=meeting.id))
    assert str(cancelled['status']) == 'CANCELLED'
    assert cancelled['sequence'] == 2
    assert cancelled.decoded('last-modified') == cancelled_at


async def test_a_meeting_without_a_host_is_at_the_coordinating_library(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    meeting = await a_meeting(net, address='')
    [event] = events_of(await calendar.meeting_ics(meeting_id=meeting.id))
    assert str(event['location']) == 'Statsbiblioteket'  # the network's coordinator_org, no library row needed


async def test_an_unknown_meeting_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError):
        await calendar.meeting_ics(meeting_id=999_999)


async def member_with_login(net, name: str = 'Åse Ærenlund'):  # type: ignore[no-untyped-def]
    member = await f.member(net, now=NOW, name=name)
    person_email = (await member.person).email
    return await users.create_user(email=person_email, role=Role.MEMBER, password=None, person_id=member.person_id,
                                   by=SYSTEM, now=NOW)


async def test_the_feed_holds_the_networks_meetings_from_a_year_back(db) -> None:  # type: ignore[no-untyped-def]
    net, other = await f.network(), await f.network()
    user = await member_with_login(net)
    old = await a_meeting(net, day=dt.date(2024, 11, 1), title='For længe siden')
    recent = await a_meeting(net, day=dt.date(2025, 9, 1), title='Sidste efterår')
    coming = await a_meeting(net, day=dt.date(2026, 10, 7), title='Til efteråret')
    cancelled = await a_meeting(net, day=dt.date(2026, 11, 4), title='Aflyst møde')
    await meetings.cancel_meeting(meeting_id=cancelled.id, by=f.COORDINATOR, now=NOW)
    elsewhere = await a_meeting(other, day=dt.date(2026, 10, 8), title='Et andet netværk')

    token = await calendar.renew_calendar_token(user=user, by=SYSTEM, now=NOW)
    found = {str(event['summary']): event for event in events_of(await calendar.feed_ics(token=token, now=NOW))}

    assert set(found) == {recent.title, coming.title, cancelled.title}
    assert old.title not in found and elsewhere.title not in found
    assert str(found[cancelled.title]['status']) == 'CANCELLED'  # so subscribed calendars drop it


async def test_a_renewed_or_revoked_token_stops_the_old_feed(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    user = await member_with_login(net)
    with pytest.raises(DomainError):
        await calendar.feed_ics(token=None, now=NOW)
    first = await calendar.renew_calendar_token(user=user, by=SYSTEM, now=NOW)
    assert await calendar.feed_ics(token=first, now=NOW)

    second = await calendar.renew_calendar_token(user=user.id, by=SYSTEM, now=NOW)
    assert second != first
    with pytest.raises(DomainError):
        await calendar.feed_ics(token=first, now=NOW)
    assert await calendar.feed_ics(token=second, now=NOW)

    await calendar.revoke_calendar_token(user=user, by=SYSTEM, now=NOW)
    assert (await User.get(id=user.id)).calendar_token is None
    for token in (first, second, '', 'x' * 200):
        with pytest.raises(DomainError):
            await calendar.feed_ics(token=token, now=NOW)

    trail = await AuditEntry.filter(subject='user', subject_id=user.id, action__startswith='calendar').order_by('id')
    assert [(entry.action, entry.from_value, entry.to_value) for entry in trail] == [
        ('calendar renew', 'off', 'on'), ('calendar renew', 'on', 'on'), ('calendar revoke', 'on', 'off')]
    assert all(first not in (entry.reason + entry.to_value) for entry in trail)  # the secret is never logged


async def test_a_disabled_login_has_no_feed(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    user = await member_with_login(net)
    token = await calendar.renew_calendar_token(user=user, by=SYSTEM, now=NOW)
    await User.filter(id=user.id).update(is_active=False)
    with pytest.raises(DomainError):
        await calendar.feed_ics(token=token, now=NOW)


async def test_upcoming_meetings_leave_out_past_and_cancelled_ones(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    user = await member_with_login(net)
    await a_meeting(net, day=dt.date(2026, 1, 10), title='Forbi')
    coming = await a_meeting(net, day=dt.date(2026, 6, 10), title='Kommer')
    cancelled = await a_meeting(net, day=dt.date(2026, 7, 10), title='Aflyst')
    await meetings.cancel_meeting(meeting_id=cancelled.id, by=f.COORDINATOR, now=NOW)
    assert [m.id for m in await calendar.upcoming_meetings(user=user, now=NOW)] == [coming.id]
