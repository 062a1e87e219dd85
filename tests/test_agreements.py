"""Standing agreements (DESIGN.md §1.2): while one is in force, missing meetings does not deregister; the streak is
still shown, marked as under an agreement. An expired or ended agreement protects no longer."""
import datetime as dt

import pytest

from flnet_ui.services import agreements, attendance, streaks
from flnet_ui.services.errors import DomainError
from models import Agreement, AttendanceStatus, AuditEntry, Meeting, Membership, MembershipStatus
from tests import factories as f
from tests.conftest import NOW

ABSENT, PRESENT = AttendanceStatus.ABSENT, AttendanceStatus.PRESENT
ACTIVE, WAITLISTED, DEREGISTERED = MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED, MembershipStatus.DEREGISTERED
DAYS = [dt.date(2026, 4, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1), dt.date(2026, 7, 1)]


def evening(day):
    return dt.datetime.combine(day, dt.time(18), tzinfo=dt.UTC)


async def grant(m, until=None, note='Barsel til sommer', now=NOW):
    return await agreements.grant_agreement(membership_id=m.id, note=note, until=until, by=f.COORDINATOR, now=now)


async def anne_misses(net, anne, days):
    """Anne misses these meetings; everyone else with a seat comes."""
    for day in days:
        others = await Membership.filter(network_id=net.id, status=ACTIVE).exclude(id=anne.id)
        await f.held_meeting(net, day, {**{m.id: PRESENT for m in others}, anne.id: ABSENT})


async def full_network():
    """Anne and Bo hold the two seats; Carl waits."""
    net = await f.network(capacity=2)
    anne, bo, carl = await f.members(net, 3, now=NOW)
    return net, anne, bo, carl


async def test_an_agreement_needs_a_note_and_an_end_date_that_is_not_past(db):
    _net, anne, *_ = await full_network()
    with pytest.raises(DomainError) as error:
        await grant(anne, note='  ')
    assert error.value.field == 'note'
    with pytest.raises(DomainError) as error:
        await grant(anne, until=NOW.date() - dt.timedelta(days=1))
    assert error.value.field == 'until'
    with pytest.raises(DomainError):
        await agreements.grant_agreement(membership_id=99999, note='x', by=f.COORDINATOR, now=NOW)
    assert await Agreement.all().count() == 0
    today = await grant(anne, until=NOW.date(), note='  Kun i dag ')
    assert (today.note, today.valid_from, today.valid_until) == ('Kun i dag', NOW.date(), NOW.date())


async def test_granting_and_ending_an_agreement_is_logged(db):
    _net, anne, *_ = await full_network()
    agreement = await grant(anne, until=dt.date(2026, 12, 31))
    await agreements.end_agreement(agreement_id=agreement.id, by=f.COORDINATOR, now=NOW + dt.timedelta(days=1))
    granted, ended = await AuditEntry.filter(subject='agreement').order_by('id')
    assert (granted.action, granted.to_value, granted.reason, granted.person_id) == (
        'grant', '2026-12-31', 'Barsel til sommer', anne.person_id)
    assert ended.action == 'end' and ended.subject_id == agreement.id
    with pytest.raises(DomainError):  # ending twice
        await agreements.end_agreement(agreement_id=agreement.id, by=f.COORDINATOR, now=NOW + dt.timedelta(days=2))


async def test_the_agreements_of_a_member_newest_first(db):
    _net, anne, *_ = await full_network()
    old = await grant(anne, note='Første')
    new = await grant(anne, note='Anden', now=NOW + dt.timedelta(days=1))
    assert [a.id for a in await agreements.agreements_of(anne.id)] == [new.id, old.id]


async def test_an_agreement_in_force_prevents_the_deregistration_and_the_streak_is_still_shown(db):
    net, anne, bo, carl = await full_network()
    await grant(anne)
    await anne_misses(net, anne, DAYS[:3])
    assert await f.statuses(anne, carl) == [ACTIVE, WAITLISTED]
    streak = await streaks.member_streak(await f.refreshed(anne), now=evening(DAYS[2]))
    assert (streak.count, streak.reached, streak.agreement, streak.at_risk) == (3, True, True, False)
    network_view = await streaks.network_streaks(net.id, now=evening(DAYS[2]))
    assert network_view[anne.id].agreement and not network_view[bo.id].agreement


async def test_an_ended_agreement_protects_no_longer(db):
    net, anne, _, carl = await full_network()
    agreement = await grant(anne)
    await anne_misses(net, anne, DAYS[:3])
    await agreements.end_agreement(agreement_id=agreement.id, by=f.COORDINATOR, now=evening(DAYS[2]))
    assert (await streaks.member_streak(await f.refreshed(anne), now=evening(DAYS[2]))).at_risk
    await anne_misses(net, anne, DAYS[3:])
    assert await f.statuses(anne, carl) == [DEREGISTERED, ACTIVE]


async def test_attending_after_the_agreement_ended_starts_afresh(db):
    net, anne, _, _ = await full_network()
    agreement = await grant(anne)
    await anne_misses(net, anne, DAYS[:3])
    await agreements.end_agreement(agreement_id=agreement.id, by=f.COORDINATOR, now=evening(DAYS[2]))
    await f.held_meeting(net, DAYS[3], {anne.id: PRESENT})
    assert await f.statuses(anne) == [ACTIVE]
    assert (await streaks.member_streak(await f.refreshed(anne), now=evening(DAYS[3]))).count == 0


async def test_an_agreement_that_expired_before_the_meeting_protects_no_longer(db):
    net, anne, _, carl = await full_network()
    await grant(anne, until=DAYS[2] - dt.timedelta(days=1))
    await anne_misses(net, anne, DAYS[:2])
    assert await f.statuses(anne) == [ACTIVE]
    await anne_misses(net, anne, DAYS[2:3])
    assert await f.statuses(anne, carl) == [DEREGISTERED, ACTIVE]


async def test_an_agreement_running_to_the_meeting_day_covers_that_meeting(db):
    net, anne, *_ = await full_network()
    await grant(anne, until=DAYS[2])
    await anne_misses(net, anne, DAYS[:3])
    assert await f.statuses(anne) == [ACTIVE]


async def test_closing_late_judges_the_meeting_by_the_agreement_as_it_was_that_day(db):
    net, anne, bo, _ = await full_network()
    await grant(anne, until=DAYS[2])
    await anne_misses(net, anne, DAYS[:2])
    third = await f.held_meeting(net, DAYS[2], {anne.id: ABSENT, bo.id: PRESENT}, close=False)
    result = await attendance.close_meeting(meeting_id=third.id, by=f.COORDINATOR, now=evening(DAYS[2]) +
                                            dt.timedelta(days=5))
    assert result.deregistered == [] and await f.statuses(anne) == [ACTIVE]


async def test_closing_again_later_does_not_deregister_someone_the_agreement_covered(db):
    net, anne, bo, _ = await full_network()
    await grant(anne, until=DAYS[2] + dt.timedelta(days=10))
    await anne_misses(net, anne, DAYS[:3])
    june = await Meeting.get(title=f'Temadag {DAYS[2]}', network_id=net.id)
    # Two months later Bo's attendance at the June meeting is corrected; the agreement has run out by now.
    later = evening(DAYS[2]) + dt.timedelta(days=60)
    await attendance.reopen_meeting(meeting_id=june.id, reason='Bo deltog', by=f.COORDINATOR, now=later)
    await attendance.record_attendance(meeting_id=june.id, membership_id=bo.id, status=PRESENT, by=f.COORDINATOR,
                                       now=later)
    result = await attendance.close_meeting(meeting_id=june.id, by=f.COORDINATOR, now=later)
    assert result.deregistered == [] and await f.statuses(anne) == [ACTIVE]


async def test_an_agreement_granted_after_the_preview_and_before_closing_is_respected(db):
    net, anne, bo, carl = await full_network()
    await anne_misses(net, anne, DAYS[:2])
    third = await f.held_meeting(net, DAYS[2], {anne.id: ABSENT, bo.id: PRESENT}, close=False)
    close_at = evening(DAYS[2])
    preview = await attendance.close_meeting(meeting_id=third.id, by=f.COORDINATOR, now=close_at, preview=True)
    assert [m.id for m in preview.deregistered] == [anne.id]
    await grant(anne, note='Syg i foråret', now=close_at)
    result = await attendance.close_meeting(meeting_id=third.id, by=f.COORDINATOR, now=close_at)
    assert result.deregistered == [] and await f.statuses(anne, carl) == [ACTIVE, WAITLISTED]


async def test_an_agreement_made_while_a_meeting_is_reopened_is_shown_as_no_longer_justifying(db):
    net, anne, _, _ = await full_network()
    await anne_misses(net, anne, DAYS[:3])
    assert await f.statuses(anne) == [DEREGISTERED]
    june = await Meeting.get(title=f'Temadag {DAYS[2]}', network_id=net.id)
    later = evening(DAYS[2]) + dt.timedelta(days=1)
    await attendance.reopen_meeting(meeting_id=june.id, reason='Aftale var glemt', by=f.COORDINATOR, now=later)
    await grant(anne, note='Aftalt i marts', now=later)
    result = await attendance.close_meeting(meeting_id=june.id, by=f.COORDINATOR, now=later)
    assert [m.id for m in result.no_longer_justified] == [anne.id]
    assert await f.statuses(anne) == [DEREGISTERED]
