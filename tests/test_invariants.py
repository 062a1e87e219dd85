"""Invariants I1-I4 of DESIGN.md §1.1 under any sequence of the services' verbs (property-based, Hypothesis).

Hypothesis draws a scenario (the network's rules, a first batch of applications, then a list of steps) and the test
applies the steps in order through the services, checking after every step:

- I1: seat-holding memberships (active + offered) never exceed the capacity, except after the coordinator lowered
  the capacity below them; then nothing takes a seat until there is room again.
- I2: while a seat is free, nobody waits.
- I3: the waitlist is first come, first served: the database's order by (queue_at, id) equals the order in which
  people joined the waitlist, replayed from the audit trail (a reinstated former member goes first, a coordinator's
  logged move goes where it says), every promotion or offer takes the head of the waitlist, a new applicant never
  jumps a non-empty waitlist, and `seats.position` numbers the waitlist 1..n.
- I4: every change of a membership's status has an audit entry, and each membership's entries chain from its old
  status to its new one.

Steps: apply (approved at once), resign, withdraw, reinstate, move in the waitlist, change the capacity (up or
down), plan / cancel / close a meeting, record attendance, hold a meeting (plan, one present, close); in offer mode
also accept, decline (leave or keep a place) and expire offers. Time moves forward between steps.

The `db` fixture is function-scoped, so all examples of one test share a database: each example makes a network of
its own, which isolates it completely, as every rule is per network (hence the suppressed health check).
"""
from __future__ import annotations

import datetime as dt
import itertools
import os
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from flnet_ui.i18n import local, today
from flnet_ui.services import attendance, meetings, membership, offers, seats
from flnet_ui.services.audit import SYSTEM, Actor
from flnet_ui.services.errors import DomainError
from models import (
    FORMER,
    SEAT_HOLDING,
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

COORDINATOR = Actor(None, 'koordinator@test.dk')
ACTIVE, OFFERED, WAITLISTED = MembershipStatus.ACTIVE, MembershipStatus.OFFERED, MembershipStatus.WAITLISTED
_serial = itertools.count(1)


# ---------------------------------------------------------------------------------------------------------------
# Checking the invariants
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class Tracker:
    """What the checks remember between two steps of one network's history."""
    network_id: int
    statuses: dict[int, str] = field(default_factory=dict)  # membership id -> status after the previous step
    queue: list[int] = field(default_factory=list)  # the waitlist as replayed from the audit trail
    last_audit_id: int = 0
    taken: int = 0
    seen: set[str] = field(default_factory=set)  # statuses and situations reached, for Hypothesis' statistics


async def check_invariants(tracker: Tracker, *, context: str = '') -> None:
    """Check I1-I4 for everything that happened in the network since the previous call."""
    network = await Network.get(id=tracker.network_id)
    rows = await Membership.filter(network_id=network.id).values_list('id', 'status')
    statuses = {membership_id: str(status) for membership_id, status in rows}
    logged = await AuditEntry.filter(network_id=network.id, subject='membership', action__in=('status', 'move'),
                                     id__gt=tracker.last_audit_id).order_by('id')
    entries = [entry for entry in logged if entry.action == 'status']
    where = f' ({context})' if context else ''

    # I4: each membership's new audit entries lead, link by link, from its previous status to its current one.
    chains: dict[int, list[AuditEntry]] = defaultdict(list)
    for entry in entries:
        chains[entry.subject_id].append(entry)  # type: ignore[index]
    for membership_id, status in statuses.items():
        current = tracker.statuses.get(membership_id, '')
        for entry in chains.pop(membership_id, []):
            assert entry.from_value == current, f'audit chain of {membership_id} broken at entry {entry.id}{where}'
            assert entry.reason or entry.to_value == MembershipStatus.PENDING, f'audit entry {entry.id} has no reason'
            current = entry.to_value
        assert current == status, f'membership {membership_id}: {status} without an audit entry{where}'
    assert not chains, f'audit entries for memberships of another network{where}'

    # I3, replayed: joining the waitlist puts you at the back (every step here happens at a later moment), except a
    # reinstated former member, who goes first; a coordinator's move goes where it says; a seat goes to the head;
    # nobody gets a seat directly while others wait.
    for entry in logged:
        membership_id = entry.subject_id
        if entry.action == 'move':
            assert tracker.queue.index(membership_id) + 1 == int(entry.from_value), f'move from{where}'  # type: ignore[arg-type]
            tracker.queue.remove(membership_id)  # type: ignore[arg-type]
            tracker.queue.insert(int(entry.to_value) - 1, membership_id)  # type: ignore[arg-type]
            continue
        if entry.from_value == WAITLISTED:
            if entry.to_value in SEAT_HOLDING:
                assert tracker.queue[:1] == [membership_id], \
                    f'{membership_id} got a seat ahead of {tracker.queue[:1]}{where}'
            tracker.queue.remove(membership_id)  # type: ignore[arg-type]
        elif entry.to_value in SEAT_HOLDING and entry.from_value not in SEAT_HOLDING:
            assert not tracker.queue, f'{membership_id} got a seat while {tracker.queue} waited{where}'
        if entry.to_value == WAITLISTED:
            tracker.queue.insert(0 if entry.from_value in FORMER else len(tracker.queue), membership_id)  # type: ignore[arg-type]
    waiting = await seats.waitlisted(network.id)
    assert [m.id for m in waiting] == tracker.queue, f'waitlist out of first-come order{where}'
    assert [await seats.position(m) for m in waiting] == list(range(1, len(waiting) + 1)), f'positions{where}'

    # I1 and I2.
    taken = sum(status in SEAT_HOLDING for status in statuses.values())
    took_seat = [e.subject_id for e in entries if e.to_value in SEAT_HOLDING and e.from_value not in SEAT_HOLDING]
    tracker.seen.update(statuses.values())
    if taken > network.capacity:
        tracker.seen.add('over capacity')
        # Only a lowered capacity can leave more seats held than there are; then nobody new takes a seat.
        assert not took_seat, f'{took_seat} took a seat above the capacity {network.capacity}{where}'
        assert taken <= tracker.taken, f'seats held grew to {taken} above the capacity{where}'
    if taken < network.capacity:
        assert not waiting, f'{network.capacity - taken} seats free while {len(waiting)} wait{where}'
    assert await seats.seats_taken(network.id) == taken

    tracker.statuses = statuses
    tracker.last_audit_id = logged[-1].id if logged else tracker.last_audit_id
    tracker.taken = taken


async def new_network(**rules: object) -> Tracker:
    network = await Network.create(name=f'Invariantnetværk {next(_serial)}', **rules)
    return Tracker(network.id)


async def apply(network_id: int, now: dt.datetime) -> Membership:
    n = next(_serial)
    return await membership.apply(network_id=network_id, name=f'Ansøger {n}', email=f'ansoger{n}@bib.dk',
                                  approve=True, by=COORDINATOR, now=now)


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
