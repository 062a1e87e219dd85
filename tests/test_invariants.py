"""Invariants I1-I4 of DESIGN.md §1.1 under any sequence of the services' verbs (property-based, Hypothesis).

Hypothesis draws a scenario (the network's rules, a first batch of applications, then a list of steps) and the test
applies the steps in order through the services, checking I1-I4 after every step (tests/invariants.py says how).

Steps: apply (approved at once), resign, withdraw, reinstate, move in the waitlist, change the capacity (up or
down), plan / cancel / close a meeting, record attendance, hold a meeting (plan, one present, close); in offer mode
also accept, decline (leave or keep a place) and expire offers. Time moves forward between steps.

The `db` fixture is function-scoped, so all examples of one test share a database: each example makes a network of
its own, which isolates it completely, as every rule is per network (hence the suppressed health check).
"""
from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from flnet_ui.i18n import local, today
from flnet_ui.services import attendance, meetings, membership, offers, seats
from flnet_ui.services.audit import SYSTEM
from flnet_ui.services.errors import DomainError
from models import (
    FORMER,
    AttendanceStatus,
    AuditEntry,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipStatus,
    Network,
    WaitlistMode,
)
from tests.conftest import NOW
from tests.invariants import ACTIVE, COORDINATOR, OFFERED, WAITLISTED, Tracker, apply, check_invariants, new_network

# ---------------------------------------------------------------------------------------------------------------
# The scenarios
# ---------------------------------------------------------------------------------------------------------------

# Every step happens at a later moment than the one before (real clocks do not stand still between two requests);
# ties between simultaneous applications are covered by the first batch, which applies all at one moment.
ADVANCE = st.sampled_from([dt.timedelta(seconds=1), dt.timedelta(hours=5), dt.timedelta(days=1),
                           dt.timedelta(days=4)])
PICK = st.integers(0, 50)  # which one of the candidates, modulo their number

COMMON_OPS = [
    st.tuples(st.just('apply')),
    st.tuples(st.just('apply')),
    st.tuples(st.just('resign'), PICK),
    st.tuples(st.just('withdraw'), PICK),
    st.tuples(st.just('attend'), PICK, st.sampled_from(list(AttendanceStatus))),
    st.tuples(st.just('plan'), st.integers(0, 2)),
    st.tuples(st.just('close')),
    st.tuples(st.just('hold'), PICK),
    st.tuples(st.just('cancel'), PICK),
    st.tuples(st.just('capacity'), st.integers(1, 8)),
    st.tuples(st.just('reinstate'), PICK),
    st.tuples(st.just('move'), PICK, PICK),
]
OFFER_OPS = [
    st.tuples(st.just('accept'), PICK),
    st.tuples(st.just('decline'), PICK, st.booleans()),
    st.tuples(st.just('expire')),
]


@st.composite
def scenarios(draw: st.DrawFn, mode: WaitlistMode) -> dict[str, object]:
    ops = COMMON_OPS + (OFFER_OPS if mode == WaitlistMode.OFFER else [])
    return {
        'rules': {'capacity': draw(st.integers(1, 6)), 'absence_limit': draw(st.sampled_from([1, 1, 2, 3])),
                  'offer_days': draw(st.integers(1, 3)), 'waitlist_mode': mode},
        'first_batch': draw(st.integers(0, 10)),
        'steps': draw(st.lists(st.tuples(ADVANCE, st.one_of(ops)), min_size=8, max_size=40)),
    }


async def run_step(network_id: int, op: tuple, now: dt.datetime) -> bool:  # type: ignore[type-arg]
    """Apply one drawn step; False when it makes no sense right now (no candidate). A step the rules refuse raises
    DomainError, which the caller accepts: the invariants must hold either way."""
    name, *args = op
    if name in ('attend', 'plan', 'hold', 'close', 'cancel'):
        return await _meeting_step(network_id, name, args, now)
    return await _membership_step(network_id, name, args, now)


async def _pick(network_id: int, index: int, *statuses: MembershipStatus) -> Membership | None:
    found = await Membership.filter(network_id=network_id, status__in=statuses).order_by('id')
    return found[index % len(found)] if found else None


async def _membership_step(network_id: int, name: str, args: list, now: dt.datetime) -> bool:  # type: ignore[type-arg]
    if name == 'apply':
        await apply(network_id, now)
    elif name == 'resign' and (m := await _pick(network_id, args[0], ACTIVE, OFFERED)):
        await membership.resign(membership_id=m.id, by=COORDINATOR, now=now)
    elif name == 'withdraw' and (m := await _pick(network_id, args[0], WAITLISTED, OFFERED)):
        await membership.withdraw(membership_id=m.id, by=COORDINATOR, now=now)
    elif name == 'reinstate' and (m := await _pick(network_id, args[0], *FORMER)):
        await membership.reinstate(membership_id=m.id, reason='Genoptaget efter aftale', by=COORDINATOR, now=now)
    elif name == 'move' and (m := await _pick(network_id, args[0], WAITLISTED)):
        waiting = await seats.waitlisted(network_id).count()
        await membership.move_in_waitlist(membership_id=m.id, position=args[1] % waiting + 1, reason='Særlig grund',
                                          by=COORDINATOR, now=now)
    elif name == 'capacity':
        await membership.set_capacity(network_id=network_id, capacity=args[0], reason='Test', by=COORDINATOR,
                                      now=now)
    elif name == 'accept' and (m := await _pick(network_id, args[0], OFFERED)):
        await offers.accept_offer(membership_id=m.id, by=SYSTEM, now=now)
    elif name == 'decline' and (m := await _pick(network_id, args[0], OFFERED)):
        await offers.decline_offer(membership_id=m.id, keep_place=args[1], by=SYSTEM, now=now)
    elif name == 'expire':
        await offers.expire_offers(network_id=network_id, now=now)
    else:
        return False
    return True


async def _meeting_step(network_id: int, name: str, args: list, now: dt.datetime) -> bool:  # type: ignore[type-arg]
    open_meetings = await Meeting.filter(network_id=network_id, status__in=(MeetingStatus.PLANNED,
                                                                            MeetingStatus.RUNNING)) \
        .order_by('starts_at', 'id')
    if name == 'attend' and open_meetings and (m := await _pick(network_id, args[0], ACTIVE)):
        await attendance.record_attendance(meeting_id=open_meetings[0].id, membership_id=m.id, status=args[1],
                                           by=COORDINATOR, now=now)
    elif name == 'plan':
        await meetings.plan_meeting(network_id=network_id, title='Temadag', date=today(now) + dt.timedelta(args[0]),
                                    starts_at=dt.time(10), ends_at=dt.time(15), by=COORDINATOR, now=now)
    elif name == 'hold':  # a meeting that has just been held, where one active member (if any) attended; closed
        day = today(now) if local(now).hour >= 9 else today(now) - dt.timedelta(days=1)
        meeting = await meetings.plan_meeting(network_id=network_id, title='Temadag', date=day,
                                              starts_at=dt.time(8), ends_at=dt.time(9), by=COORDINATOR, now=now)
        if m := await _pick(network_id, args[0], ACTIVE):
            await attendance.record_attendance(meeting_id=meeting.id, membership_id=m.id,
                                               status=AttendanceStatus.PRESENT, by=COORDINATOR, now=now)
        await attendance.close_meeting(meeting_id=meeting.id, by=COORDINATOR, now=now)
    elif name == 'close' and open_meetings:  # the earliest open meeting; refused while it lies in the future
        await attendance.close_meeting(meeting_id=open_meetings[0].id, by=COORDINATOR, now=now)
    elif name == 'cancel' and open_meetings:
        await meetings.cancel_meeting(meeting_id=open_meetings[args[0] % len(open_meetings)].id, reason='Aflyst',
                                      by=COORDINATOR, now=now)
    else:
        return False
    return True


@pytest.mark.parametrize('mode', list(WaitlistMode))
@settings(max_examples=int(os.environ.get('FLNET_TEST_EXAMPLES', '100')), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
async def test_invariants_hold_after_every_step(db, mode: WaitlistMode, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    scenario = data.draw(scenarios(mode), label='scenario')
    tracker = await new_network(**scenario['rules'])  # type: ignore[arg-type]
    now = NOW
    for _ in range(scenario['first_batch']):  # type: ignore[call-overload]
        await apply(tracker.network_id, now)  # all at one moment: ties are broken by id
    await check_invariants(tracker, context='first batch')
    for number, (advance, op) in enumerate(scenario['steps'], 1):  # type: ignore[arg-type]
        now += advance
        try:
            event(f'{op[0]}: ' + ('done' if await run_step(tracker.network_id, op, now) else 'skipped'))
        except DomainError:
            event(f'{op[0]}: refused')
        await check_invariants(tracker, context=f'step {number}: {op}')
    for reached in sorted(tracker.seen):
        event(f'reached: {reached}')


async def test_the_checks_notice_a_broken_invariant(db) -> None:  # type: ignore[no-untyped-def]
    """The checks would fail if a rule were broken: a silent status change (I4), a free seat while someone waits (I2),
    a waitlist out of order (I3) and a seat above the capacity (I1). Each is made by writing the models directly."""
    async def two_waiting() -> tuple[Tracker, list[Membership]]:
        tracker = await new_network(capacity=1)
        people = [await apply(tracker.network_id, NOW) for _ in range(3)]
        await check_invariants(tracker)
        assert [m.status for m in people] == [ACTIVE, WAITLISTED, WAITLISTED]
        return tracker, people

    tracker, (_, _, third) = await two_waiting()
    await Membership.filter(id=third.id).update(status=MembershipStatus.RESIGNED)
    with pytest.raises(AssertionError, match='without an audit entry'):
        await check_invariants(tracker)

    tracker, _ = await two_waiting()
    await Network.filter(id=tracker.network_id).update(capacity=2)
    with pytest.raises(AssertionError, match='free while'):
        await check_invariants(tracker)

    tracker, (_, second, _) = await two_waiting()
    await Membership.filter(id=second.id).update(queue_at=NOW + dt.timedelta(seconds=1))
    with pytest.raises(AssertionError, match='first-come order'):
        await check_invariants(tracker)

    tracker, (_, second, _) = await two_waiting()
    await Membership.filter(id=second.id).update(status=ACTIVE)
    await AuditEntry.create(at=NOW, network_id=tracker.network_id, subject='membership', subject_id=second.id,
                            action='status', from_value=WAITLISTED, to_value=ACTIVE, reason='Snyd')
    with pytest.raises(AssertionError, match='above the capacity'):
        await check_invariants(tracker)

    # Moments that the state at the end hides, each made good by a later change: a seat taken above the capacity and
    # then one given up (I1); a seat left free while two waited and then filled (I2).
    async def logged_change(membership: Membership, before: str, after: str, seconds: int) -> None:
        await Membership.filter(id=membership.id).update(status=after)
        await AuditEntry.create(at=NOW + dt.timedelta(seconds=seconds), network_id=membership.network_id,
                                subject='membership', subject_id=membership.id, action='status', from_value=before,
                                to_value=after, reason='Snyd')

    tracker, (first, second, _) = await two_waiting()
    await logged_change(second, WAITLISTED, ACTIVE, 1)
    await logged_change(first, ACTIVE, MembershipStatus.RESIGNED, 2)
    with pytest.raises(AssertionError, match='above the capacity'):
        await check_invariants(tracker)

    tracker, (first, second, _) = await two_waiting()
    await logged_change(first, ACTIVE, MembershipStatus.RESIGNED, 1)
    await logged_change(second, WAITLISTED, ACTIVE, 2)
    with pytest.raises(AssertionError, match='free while'):
        await check_invariants(tracker)
