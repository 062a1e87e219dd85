"""Checking invariants I1-I4 of DESIGN.md §1.1 in one network's history, from the database: its memberships and
their audit trail. Used after every step of the property-based tests (tests/test_invariants.py), and before and
after the concurrency tests and drills, each check continuing from where the previous one of its Tracker stopped.

- I1: seat-holding memberships (active + offered) never exceed the capacity, except after the coordinator lowered
  the capacity below them; then nothing takes a seat until there is room again. Replayed from the audit trail too:
  nobody took a seat above the capacity of the moment, even if a later change made it good again.
- I2: while a seat is free, nobody waits: at the end, and after every change in the audit trail.
- I3: the waitlist is first come, first served: the database's order by (queue_at, id) equals the order in which
  people joined the waitlist, replayed from the audit trail (a reinstated former member goes first, a coordinator's
  logged move goes where it says, an approved application goes ahead of those at the back who applied after it),
  every promotion or offer takes the head of the waitlist, a new applicant never jumps a non-empty waitlist, and
  `seats.position` numbers the waitlist 1..n.
- I4: every change of a membership's status has an audit entry, and each membership's entries chain from its old
  status to its new one.
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from flnet_ui.services import membership, seats
from flnet_ui.services.audit import Actor
from models import FORMER, SEAT_HOLDING, AuditEntry, Membership, MembershipStatus, Network

COORDINATOR = Actor(None, 'koordinator@test.dk')
ACTIVE, OFFERED, WAITLISTED = MembershipStatus.ACTIVE, MembershipStatus.OFFERED, MembershipStatus.WAITLISTED
_serial = itertools.count(1)


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
    rows = await Membership.filter(network_id=network.id).values_list('id', 'status', 'applied_at')
    statuses = {membership_id: str(status) for membership_id, status, _ in rows}
    applied = {membership_id: (at, membership_id) for membership_id, _, at in rows}  # first come: time, then id
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

    # I3, replayed, with I1 and I2 at every moment.
    capacities = list(await AuditEntry.filter(network_id=network.id, subject='network', action='capacity',
                                              id__gt=tracker.last_audit_id).order_by('id'))
    _replay(tracker, logged, applied, capacities=capacities, capacity_now=network.capacity, where=where)
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


def _replay(tracker: Tracker, logged: list[AuditEntry], applied: dict[int, tuple[dt.datetime, int]], *,
            capacities: list[AuditEntry], capacity_now: int, where: str) -> None:
    """I3: joining the waitlist puts you at the back (every step here happens at a later moment), except a reinstated
    former member, who goes first; a coordinator's move goes where it says; a seat goes to the head; nobody gets a
    seat directly while others wait. I1 and I2 at every moment, even one that a later change in the same stretch made
    good again (another change's fill_free_seats, say): the seats held, counted entry by entry in the audit trail's
    order (the seat lock's), never pass the capacity of that moment where someone takes one, and after each change
    (its entries share its moment, `at`) no seat is free while someone waits."""
    capacity = int(capacities[0].from_value) if capacities else capacity_now
    held = tracker.taken
    for n, entry in enumerate(logged):
        while capacities and capacities[0].id < entry.id:
            capacity = int(capacities.pop(0).to_value)
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
            tracker.queue.insert(_joins_at(tracker.queue, entry, applied), membership_id)  # type: ignore[arg-type]
        held += (entry.to_value in SEAT_HOLDING) - (entry.from_value in SEAT_HOLDING)
        if entry.to_value in SEAT_HOLDING and entry.from_value not in SEAT_HOLDING:
            assert held <= capacity, f'{membership_id} took a seat above the capacity {capacity} ({held} held){where}'
        if n + 1 == len(logged) or logged[n + 1].at != entry.at:
            assert held >= capacity or not tracker.queue, \
                f'{capacity - held} seats free while {len(tracker.queue)} waited after the change at {entry.at}{where}'


def _joins_at(queue: list[int], entry: AuditEntry, applied: dict[int, tuple[dt.datetime, int]]) -> int:
    """Where someone joining the waitlist goes in the replay: a reinstated former member first; an approved application
    behind everyone who applied before it (approvals need not come in the order of the applications: two coordinators
    at once, or one taking them as they please); anyone else (a declined or expired offer) at the back."""
    if entry.from_value in FORMER:
        return 0
    place = len(queue)
    if entry.from_value == MembershipStatus.PENDING:
        while place and applied[queue[place - 1]] > applied[entry.subject_id]:  # type: ignore[index]
            place -= 1
    return place


async def new_network(**rules: object) -> Tracker:
    network = await Network.create(name=f'Invariantnetværk {next(_serial)}', **rules)
    return Tracker(network.id)


async def apply(network_id: int, now: dt.datetime) -> Membership:
    n = next(_serial)
    return await membership.apply(network_id=network_id, name=f'Ansøger {n}', email=f'ansoger{n}@bib.dk',
                                  approve=True, by=COORDINATOR, now=now)
