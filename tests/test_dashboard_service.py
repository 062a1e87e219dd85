"""The dashboard's read-only queries: waitlist, offers, streaks, next meeting's answers, attendance per meeting and the
member count over time; each costs the same number of queries for 5 members as for 50."""
import datetime as dt

import pytest

from flnet_ui.services import agreements, dashboard, meetings, membership, seats
from models import Answer, AttendanceStatus, MeetingResponse, MeetingStatus, WaitlistMode
from tests import factories as f
from tests.conftest import NOW

PRESENT, APOLOGY, ABSENT, EXCUSED = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGY, AttendanceStatus.ABSENT,
                                     AttendanceStatus.EXCUSED)
DAY = dt.timedelta(days=1)


async def test_the_waitlist_in_order_with_position_days_waited_and_total(db):
    net = await f.network(capacity=1)
    await f.member(net, now=NOW - 100 * DAY)
    waiting = [await f.member(net, now=NOW - (30 - i) * DAY, name=name) for i, name in enumerate(['Åse', 'Bo', 'Ea'])]
    await membership.move_in_waitlist(membership_id=waiting[2].id, position=1, reason='Aftalt', by=f.COORDINATOR,
                                      now=NOW)
    view = await dashboard.waitlist(net.id, now=NOW, first=2)
    assert [(w.position, w.name, w.days_waited) for w in view.first] == [(1, 'Ea', 28), (2, 'Åse', 30)]
    assert view.total == 3 and view.offers == []


async def test_the_waitlist_of_an_empty_network(db):
    view = await dashboard.waitlist((await f.network()).id, now=NOW)
    assert (view.first, view.total, view.offers) == ([], 0, [])


async def test_open_offers_with_their_deadlines_in_offer_mode(db):
    net = await f.network(capacity=2, waitlist_mode=WaitlistMode.OFFER, offer_days=14)
    first, _second = await f.members(net, 2, now=NOW - 50 * DAY)
    waiting = await f.member(net, now=NOW - 40 * DAY, name='Ærtebjørg')
    await membership.resign(membership_id=first.id, by=f.COORDINATOR, now=NOW - 4 * DAY)
    view = await dashboard.waitlist(net.id, now=NOW)
    assert view.first == [] and view.total == 0
    [offer] = view.offers
    assert (offer.membership_id, offer.name, offer.days_left) == (waiting.id, 'Ærtebjørg', 10)
    assert offer.expires_at == NOW + 10 * DAY


async def test_absences_sorted_by_streak_then_danish_name_with_risk_and_agreement(db):
    net = await f.network()
    names = ['Aase', 'Bo', 'Øjvind', 'Anne', 'Carl']
    aase, bo, ojvind, anne, carl = [await f.member(net, now=NOW, name=n) for n in names]
    await agreements.grant_agreement(membership_id=carl.id, note='Orlov', by=f.COORDINATOR, now=NOW)
    days = [dt.date(2026, 4, 1), dt.date(2026, 5, 1)]
    await f.held_meeting(net, days[0], {aase.id: APOLOGY, bo.id: PRESENT, ojvind.id: APOLOGY, anne.id: PRESENT,
                                        carl.id: ABSENT})
    await f.held_meeting(net, days[1], {aase.id: ABSENT, bo.id: APOLOGY, ojvind.id: ABSENT, anne.id: EXCUSED,
                                        carl.id: ABSENT})
    rows = await dashboard.absences(net.id, now=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    # Carl (2, agreement) sorts before Øjvind (Ø after C) and Aase (Aa as Å, last of all).
    assert [(r.name, r.streak, r.at_risk, r.agreement) for r in rows] == [
        ('Carl', 2, False, True), ('Øjvind', 2, True, False), ('Aase', 2, True, False), ('Bo', 1, False, False),
        ('Anne', 0, False, False)]
    assert rows[0].limit == 3 and rows[0].membership_id == carl.id


async def test_seats_count_the_active_members_by_part_of_the_country(db):
    net = await f.network(capacity=4)
    east = await f.library('Albertslund Bibliotek', 'Albertslund')
    west = await f.library('Aarhus Hovedbibliotek', 'Aarhus')
    nowhere = await f.library('Bogbussen', 'Atlantis')   # no known municipality: in neither part
    for library in (east, east, west, nowhere):
        await f.member(net, now=NOW, library_id=library.id)
    await f.member(net, now=NOW, library_id=west.id)   # no seat left: waits, and is not counted
    await f.member(await f.network(), now=NOW, library_id=east.id)   # another network
    read = await dashboard.seats(net)
    assert (read.active_east, read.active_west) == (2, 1)
    assert (read.overview.active, read.overview.waiting, read.overview.free) == (4, 1, 0)


async def test_absences_list_only_this_networks_active_members_with_their_library(db):
    net, other = await f.network(), await f.network()
    library = await f.library('Kolding Bibliotek', 'Kolding')
    member = await f.member(net, now=NOW, name='Karen', library_id=library.id)
    await f.member(net, now=NOW, name='Ansøger', approve=False)   # pending: no streak, not listed
    await f.member(other, now=NOW, name='Fremmed')
    rows = await dashboard.absences(net, now=NOW)
    assert [(r.membership_id, r.name, r.library, r.streak) for r in rows] == [(member.id, 'Karen', 'Kolding Bibliotek',
                                                                               0)]


async def test_absences_of_a_network_without_members(db):
    assert await dashboard.absences((await f.network()).id, now=NOW) == []


async def test_next_meeting_counts_the_active_members_answers(db):
    net = await f.network(capacity=4)
    people = await f.members(net, 5, now=NOW - 10 * DAY)  # four seats: the fifth waits and is not counted
    host = await f.library('Odense Bibliotekerne', 'Odense')
    await f.held_meeting(net, dt.date(2026, 3, 1))
    later = await meetings.plan_meeting(network_id=net.id, title='Forår', date=dt.date(2026, 9, 1),
                                        starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR, now=NOW)
    soon = await meetings.plan_meeting(network_id=net.id, title='Temadag', date=dt.date(2026, 4, 1),
                                       starts_at=dt.time(10), ends_at=dt.time(15), host_library_id=host.id,
                                       by=f.COORDINATOR, now=NOW)
    for person, answer in zip(people, [Answer.ATTENDING, Answer.ATTENDING, Answer.APOLOGY, None, Answer.ATTENDING],
                              strict=True):
        if answer is not None:
            await MeetingResponse.create(meeting_id=soon.id, membership_id=person.id, answer=answer, answered_at=NOW)
    found = await dashboard.next_meeting(net.id, now=NOW)
    assert found is not None and (found.meeting_id, found.title, found.host) == (soon.id, 'Temadag',
                                                                                 'Odense Bibliotekerne')
    assert (found.attending, found.apology, found.unanswered) == (2, 1, 1)
    assert found.status == MeetingStatus.PLANNED and later.id != soon.id


async def test_next_meeting_defaults_to_the_coordinating_host_and_none_when_nothing_is_planned(db):
    net = await f.network()
    assert await dashboard.next_meeting(net.id, now=NOW) is None
    await meetings.plan_meeting(network_id=net.id, title='Temadag', date=dt.date(2026, 4, 1), starts_at=dt.time(10),
                                ends_at=dt.time(15), by=f.COORDINATOR, now=NOW)
    found = await dashboard.next_meeting(net.id, now=NOW)
    assert found is not None and found.host == 'Statsbiblioteket' and found.unanswered == 0
    assert await dashboard.next_meeting(net.id, now=dt.datetime(2026, 4, 2, tzinfo=dt.UTC)) is None  # it is over


async def test_held_meetings_count_attendance_by_status_oldest_first(db):
    net = await f.network()
    a, b, c, d = await f.members(net, 4, now=NOW)
    first = await f.held_meeting(net, dt.date(2026, 4, 1), {a.id: PRESENT, b.id: APOLOGY, c.id: EXCUSED})  # d absent
    second = await f.held_meeting(net, dt.date(2026, 5, 1), {a.id: PRESENT, b.id: PRESENT, c.id: PRESENT,
                                                              d.id: PRESENT})
    await f.held_meeting(net, dt.date(2026, 6, 1), close=False)  # not closed: does not count
    rows = await dashboard.held_meetings(net.id)
    assert [r.meeting_id for r in rows] == [first.id, second.id]
    assert rows[0].counts == {PRESENT: 1, APOLOGY: 1, ABSENT: 1, EXCUSED: 1}
    assert rows[1].counts == {PRESENT: 4, APOLOGY: 0, ABSENT: 0, EXCUSED: 0}
    assert [r.meeting_id for r in await dashboard.held_meetings(net.id, last=1)] == [second.id]


async def test_member_count_over_time_follows_joins_and_departures_in_the_audit_log(db):
    net = await f.network(capacity=3)
    now = dt.datetime(2026, 5, 15, 12, tzinfo=dt.UTC)
    # Q3 2025: three join; Q4: one resigns (the waiting fourth takes the seat), Q1 2026: another resigns.
    people = await f.members(net, 4, now=dt.datetime(2025, 8, 1, tzinfo=dt.UTC))
    await membership.resign(membership_id=people[0].id, by=f.COORDINATOR, now=dt.datetime(2025, 11, 1, tzinfo=dt.UTC))
    await membership.resign(membership_id=people[1].id, by=f.COORDINATOR, now=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    points = await dashboard.member_counts(net.id, now=now, years=2)
    assert [(p.day, p.count) for p in points] == [
        (dt.date(2025, 6, 30), 0), (dt.date(2025, 9, 30), 3), (dt.date(2025, 12, 31), 3), (dt.date(2026, 3, 31), 2),
        (dt.date(2026, 5, 15), 2)]


async def test_member_count_quarters_end_at_midnight_danish_time(db):
    now = dt.datetime(2026, 1, 10, tzinfo=dt.UTC)
    ends = dashboard.quarter_ends(now, years=1)
    assert [day for day, _moment in ends] == [dt.date(2025, 6, 30), dt.date(2025, 9, 30), dt.date(2025, 12, 31),
                                              dt.date(2026, 1, 10)]
    assert ends[0][1] == dt.datetime(2025, 6, 30, 22, tzinfo=dt.UTC)  # 1 July 00:00 summer time
    assert ends[2][1] == dt.datetime(2025, 12, 31, 23, tzinfo=dt.UTC) and ends[3][1] == now


async def test_member_count_of_a_network_without_members_is_one_zero_point(db):
    points = await dashboard.member_counts((await f.network()).id, now=NOW)
    assert [(p.day, p.count) for p in points] == [(NOW.date(), 0)]


async def network_with_history(size: int):
    net = await f.network(capacity=size, waitlist_mode=WaitlistMode.OFFER)
    people = await f.members(net, size + 3, now=NOW - 100 * DAY)
    await membership.resign(membership_id=people[0].id, by=f.COORDINATOR, now=NOW - 90 * DAY)  # an offer goes out
    for i, day in enumerate([dt.date(2025, 10, 1), dt.date(2025, 11, 1)]):
        await f.held_meeting(net, day, {p.id: [PRESENT, APOLOGY, ABSENT][(i + n) % 3]
                                        for n, p in enumerate(people[1:size])})
    upcoming = await meetings.plan_meeting(network_id=net.id, title='Næste', date=dt.date(2026, 4, 1),
                                           starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR, now=NOW)
    for p in people[1:size:2]:
        await MeetingResponse.create(meeting_id=upcoming.id, membership_id=p.id, answer=Answer.ATTENDING,
                                     answered_at=NOW)
    return net


@pytest.mark.parametrize('query', ['waitlist', 'absences', 'next_meeting', 'held_meetings', 'member_counts'])
async def test_each_query_costs_the_same_for_5_and_for_50_members(db, query):
    counts = {}
    for size in (5, 50):
        net = await network_with_history(size)
        kwargs = {} if query == 'held_meetings' else {'now': NOW}
        with f.counting_queries() as queries:
            result = await getattr(dashboard, query)(net.id, **kwargs)
        assert result
        counts[size] = len(queries)
    assert counts[5] > 0, 'no query was seen: the counting does not work'
    assert counts[5] == counts[50], counts


async def test_the_counts_a_caller_has_read_are_used_instead_of_counting_again(db):
    net = await network_with_history(5)
    alone = {}
    for query in ('seats', 'next_meeting', 'waitlist', 'member_counts'):
        kwargs = {} if query == 'seats' else {'now': NOW}
        with f.counting_queries() as queries:
            alone[query] = (await getattr(dashboard, query)(net.id, **kwargs), len(queries))
    counted = await seats.overview(net.id)
    given = {'seats': {'counted': counted}, 'next_meeting': {'active': counted.active, 'now': NOW},
             'waitlist': {'total': counted.waiting, 'now': NOW},
             'member_counts': {'current': counted.active, 'now': NOW}}
    for query, kwargs in given.items():
        with f.counting_queries() as queries:
            result = await getattr(dashboard, query)(net.id, **kwargs)
        assert result == alone[query][0], query
        # the count it was given is not read again (for the seats, nor the network read for the capacity)
        assert len(queries) == alone[query][1] - (2 if query == 'seats' else 1), query
