"""The year plan (DESIGN.md §1.3, rule R4): the expected number per year, the hosting history, a host suggested in the
other part of the country, and planning or changing a meeting from the coordinator's form."""
import datetime as dt

import pytest

from flnet_ui.services import attendance, meeting_plan, meetings
from flnet_ui.services.errors import DomainError
from models import AuditEntry, Landsdel, Meeting, MeetingStatus
from tests import factories as f
from tests.conftest import NOW


async def libraries():
    return {'sb': await f.library('Statsbiblioteket', 'Aarhus'), 'aero': await f.library('Ærø Bibliotek', 'Ærø'),
            'kbh': await f.library('Københavns Hovedbibliotek', 'København'),
            'roskilde': await f.library('Roskilde Bibliotekerne', 'Roskilde'),
            'odense': await f.library('Odense Bibliotekerne', 'Odense')}


async def planned(net, day, host=None, title='Temadag'):
    return await meeting_plan.plan(network_id=net.id, title=title, date=day, starts_at=dt.time(10),
                                   ends_at=dt.time(15), host_library_id=host.id if host else None, by=f.COORDINATOR,
                                   now=NOW)


async def test_the_year_check_counts_planned_and_held_meetings_but_never_cancelled_ones(db):
    net = await f.network()
    await f.held_meeting(net, dt.date(2025, 3, 12))
    await f.held_meeting(net, dt.date(2025, 10, 8))
    await f.held_meeting(net, dt.date(2024, 3, 12))
    await planned(net, dt.date(2026, 5, 1))
    cancelled = await planned(net, dt.date(2026, 9, 1))
    await meetings.cancel_meeting(meeting_id=cancelled.id, by=f.COORDINATOR, now=NOW)
    for day in (dt.date(2027, 3, 1), dt.date(2027, 6, 1), dt.date(2027, 9, 1)):
        await planned(net, day)

    plans = await meeting_plan.year_plans(net.id, now=NOW)

    checks = {p.check.year: p.check for p in plans}
    assert [p.check.year for p in plans] == [2027, 2026, 2025, 2024]
    assert (checks[2025].count, checks[2025].too_few, checks[2025].too_many) == (2, False, False)
    assert (checks[2026].count, checks[2026].too_few) == (1, True)
    assert (checks[2027].count, checks[2027].too_many) == (3, True)
    assert checks[2024].too_few
    assert len(plans[1].meetings) == 2  # the cancelled meeting is still listed, just not counted


async def test_the_current_year_is_checked_even_with_nothing_planned_and_the_setting_is_used(db):
    net = await f.network(meetings_per_year=3)
    plans = await meeting_plan.year_plans(net.id, now=NOW)
    assert [(p.check.year, p.check.count, p.check.expected, p.check.too_few) for p in plans] == [(2026, 0, 3, True)]


async def test_within_a_year_upcoming_meetings_come_first_soonest_first_then_the_rest_newest_first(db):
    net = await f.network()
    early = await f.held_meeting(net, dt.date(2026, 1, 10))
    later = await f.held_meeting(net, dt.date(2026, 2, 10))
    autumn, spring = await planned(net, dt.date(2026, 10, 1)), await planned(net, dt.date(2026, 5, 1))
    plan = (await meeting_plan.year_plans(net.id, now=NOW))[0]
    assert [row.meeting.id for row in plan.meetings] == [spring.id, autumn.id, later.id, early.id]


async def test_hosting_history_lists_held_meetings_newest_first_with_host_and_landsdel(db):
    net, lib = await f.network(), await libraries()
    first = await f.held_meeting(net, dt.date(2025, 3, 12))  # no host given: Statsbiblioteket, the default
    second = await planned(net, dt.date(2026, 3, 5), lib['kbh'])
    await attendance.close_meeting(meeting_id=second.id, by=f.COORDINATOR, now=dt.datetime(2026, 3, 5, 18,
                                                                                               tzinfo=dt.UTC))
    await planned(net, dt.date(2026, 9, 1), lib['aero'])  # not held yet: not history

    history = await meeting_plan.hosting_history(net.id)

    assert [(row.meeting.id, row.host_name, row.landsdel) for row in history] == [
        (second.id, 'Københavns Hovedbibliotek', Landsdel.EAST), (first.id, 'Statsbiblioteket', Landsdel.WEST)]


async def test_the_suggested_host_is_in_the_other_part_of_the_country_than_the_latest_meeting(db):
    net, lib = await f.network(), await libraries()
    await planned(net, dt.date(2026, 4, 1), lib['aero'])  # West (Ærø is in Region Syddanmark)
    for library, count in (('roskilde', 1), ('kbh', 2), ('odense', 3)):
        for _ in range(count):
            await f.member(net, now=NOW, library_id=lib[library].id)

    suggestion = await meeting_plan.suggest_host(net.id)

    assert suggestion.last is not None and suggestion.last.host_name == 'Ærø Bibliotek'
    assert suggestion.last.landsdel == Landsdel.WEST
    assert suggestion.landsdel == Landsdel.EAST
    assert [library.name for library in suggestion.libraries] == ['Københavns Hovedbibliotek',
                                                                   'Roskilde Bibliotekerne']


async def test_after_an_east_meeting_the_west_is_suggested_and_earlier_hosts_are_candidates(db):
    net, lib = await f.network(), await libraries()
    await planned(net, dt.date(2026, 4, 1), lib['odense'])
    latest = await planned(net, dt.date(2026, 9, 1), lib['kbh'])
    cancelled = await planned(net, dt.date(2026, 11, 1), lib['aero'])
    await meetings.cancel_meeting(meeting_id=cancelled.id, by=f.COORDINATOR, now=NOW)  # never "last time"

    suggestion = await meeting_plan.suggest_host(net.id)

    assert suggestion.last is not None and suggestion.last.meeting.id == latest.id
    assert suggestion.landsdel == Landsdel.WEST
    assert [library.name for library in suggestion.libraries] == ['Odense Bibliotekerne']


async def test_a_meeting_at_the_default_host_counts_as_west_and_with_no_meeting_east_is_suggested(db):
    net = await f.network()
    await libraries()
    assert (await meeting_plan.suggest_host(net.id)).landsdel == Landsdel.EAST
    await planned(net, dt.date(2026, 4, 1))  # no host: Statsbiblioteket in Aarhus
    suggestion = await meeting_plan.suggest_host(net.id)
    assert suggestion.last is not None and suggestion.last.landsdel == Landsdel.WEST
    assert suggestion.landsdel == Landsdel.EAST
    assert (await meeting_plan.default_host(net.id)).name == 'Statsbiblioteket'  # type: ignore[union-attr]


@pytest.mark.parametrize(('change', 'field'), [
    ({'title': '   '}, 'title'), ({'ends_at': dt.time(9)}, 'ends_at'), ({'date': dt.date(2026, 3, 3)}, 'date'),
    ({'address': 'x' * 301}, 'address'), ({'host_library_id': 999_999}, 'host')])
async def test_planning_and_changing_refuse_bad_input_at_the_field_and_save_nothing(db, change, field):
    net = await f.network()
    form = {'title': 'Temadag', 'date': dt.date(2026, 5, 1), 'starts_at': dt.time(10), 'ends_at': dt.time(15),
            'address': ''} | change
    with pytest.raises(DomainError) as refused:
        await meeting_plan.plan(network_id=net.id, **form, by=f.COORDINATOR, now=NOW)
    assert refused.value.field == field
    assert await Meeting.filter(network_id=net.id).count() == 0

    meeting = await planned(net, dt.date(2026, 5, 1), title='Forår')
    with pytest.raises(DomainError) as refused:
        await meeting_plan.update_meeting(meeting_id=meeting.id, **form, by=f.COORDINATOR, now=NOW)
    assert refused.value.field == field
    assert (await Meeting.get(id=meeting.id)).title == 'Forår'


async def test_a_meeting_can_be_planned_for_today(db):
    net = await f.network()
    meeting = await planned(net, NOW.date())
    assert meeting.date == NOW.date()


async def test_update_meeting_changes_a_planned_meeting_audits_it_and_tells_open_pages(db):
    from flnet_ui import events
    net, lib = await f.network(), await libraries()
    meeting = await planned(net, dt.date(2026, 5, 1))
    heard: list[int] = []
    events.meetings.subscribe(heard.append)

    await meeting_plan.update_meeting(meeting_id=meeting.id, title='  Nyt   om fjernlån ', date=dt.date(2026, 5, 7),
                                      starts_at=dt.time(9, 30), ends_at=dt.time(14), host_library_id=lib['kbh'].id,
                                      address='Krystalgade 15, 1172 København K', description='Forår',
                                      by=f.COORDINATOR, now=NOW)

    changed = await Meeting.get(id=meeting.id)
    assert (changed.title, changed.date, changed.start_time, changed.end_time, changed.host_id, changed.address,
            changed.description) == ('Nyt om fjernlån', dt.date(2026, 5, 7), dt.time(9, 30), dt.time(14),
                                     lib['kbh'].id, 'Krystalgade 15, 1172 København K', 'Forår')
    entry = await AuditEntry.get(subject='meeting', subject_id=meeting.id, action='change')
    assert entry.actor_name == f.COORDINATOR.name and 'title' in entry.reason and 'Nyt om fjernlån' in entry.to_value
    assert heard == [net.id]


async def test_only_a_planned_meeting_can_be_changed(db):
    net = await f.network()
    held = await f.held_meeting(net, dt.date(2026, 3, 4))
    with pytest.raises(DomainError):
        await meeting_plan.update_meeting(meeting_id=held.id, title='Andet', date=dt.date(2026, 5, 1),
                                          starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR, now=NOW)
    assert (await Meeting.get(id=held.id)).status == MeetingStatus.CLOSED
    assert not await AuditEntry.exists(subject='meeting', subject_id=held.id, action='change')
