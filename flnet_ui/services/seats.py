"""Seats and the waitlist: counting, ordering and filling. Callers hold the seat lock (flnet_ui.db.seat_lock).

Invariant I1: seat-holding memberships (active, and offered in offer mode) never exceed the capacity.
Invariant I2: no seat stays free while someone waits; `fill_free_seats` is called after every change that frees one.
Invariant I3: the waitlist is ordered by (queue_at, id); queue_at starts as the application time.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tortoise.expressions import Q
from tortoise.functions import Count

from flnet_ui.i18n import N_
from models import SEAT_HOLDING, Landsdel, Membership, MembershipStatus, Network, WaitlistMode
from models.reference import municipalities

from . import notices
from .audit import Actor, change_status
from .networks import loaded

# The smallest step between two waitlist keys; both engines keep microseconds.
TICK = dt.timedelta(microseconds=1)
REASON_SEAT_FREED = N_('A seat became free')


@dataclass
class Placement:
    """Who got a seat (promoted) or was offered one by a change."""
    promoted: list[Membership] = field(default_factory=list)
    offered: list[Membership] = field(default_factory=list)

    def extend(self, other: Placement) -> None:
        self.promoted += other.promoted
        self.offered += other.offered


@dataclass(frozen=True)
class SeatOverview:
    capacity: int
    active: int
    offered: int
    waiting: int
    pending: int

    @property
    def taken(self) -> int:
        return self.active + self.offered

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)


def waitlisted(network_id: int):  # type: ignore[no-untyped-def]
    """The waitlist in order (a queryset, so callers can add select_related or limits)."""
    return Membership.filter(network_id=network_id, status=MembershipStatus.WAITLISTED).order_by('queue_at', 'id')


async def seats_taken(network_id: int) -> int:
    return await Membership.filter(network_id=network_id, status__in=SEAT_HOLDING).count()


async def position(membership: Membership) -> int | None:
    """1-based place on the waitlist, or None when not waiting."""
    if membership.status != MembershipStatus.WAITLISTED:
        return None
    return await waitlisted(membership.network_id).filter(_ahead_of(membership)).count() + 1


def _ahead_of(membership: Membership) -> Q:
    return Q(queue_at__lt=membership.queue_at) | Q(queue_at=membership.queue_at, id__lt=membership.id)


async def overview(network: Network | int) -> SeatOverview:
    """Seats and statuses, counted by the database in one query (and one more for the network when given its id):
    every open public page asks again after each change, and a network keeps its former members, so reading every
    membership row would grow with the years (bench/: live push)."""
    network = await loaded(network)
    counts = {status: 0 for status in MembershipStatus}
    for status, n in await Membership.filter(network_id=network.id).annotate(n=Count('id')).group_by('status') \
            .values_list('status', 'n'):
        counts[MembershipStatus(status)] = n
    return SeatOverview(capacity=network.capacity, active=counts[MembershipStatus.ACTIVE],
                        offered=counts[MembershipStatus.OFFERED], waiting=counts[MembershipStatus.WAITLISTED],
                        pending=counts[MembershipStatus.PENDING])


async def active_by_landsdel(network_id: int) -> tuple[int, int]:
    """Active members in East and in West Denmark, by their library's municipality (a member with no library, or one
    in no known municipality, counts in neither). One query; only the dashboard shows it."""
    east = west = 0
    for municipality, n in await Membership.filter(network_id=network_id, status=MembershipStatus.ACTIVE) \
            .annotate(n=Count('id')).group_by('person__library__municipality') \
            .values_list('person__library__municipality', 'n'):
        if municipality in municipalities():
            if municipalities()[municipality].landsdel == Landsdel.EAST:
                east += n
            else:
                west += n
    return east, west


async def fill_free_seats(network: Network, *, by: Actor, now: dt.datetime) -> Placement:
    """Give every free seat to the first on the waitlist: at once (automatic mode) or as an offer (offer mode)."""
    placement = Placement()
    free = network.capacity - await seats_taken(network.id)
    if free <= 0:
        return placement
    for membership in await waitlisted(network.id).limit(free):
        if network.waitlist_mode == WaitlistMode.OFFER:
            membership.offer_expires_at = now + dt.timedelta(days=network.offer_days)
            membership.offer_reminded_at = None
            await change_status(membership, MembershipStatus.OFFERED, by=by, now=now, reason=REASON_SEAT_FREED)
            placement.offered.append(membership)
        else:
            await activate(membership, by=by, now=now, reason=REASON_SEAT_FREED)
            placement.promoted.append(membership)
    await notices.seats_filled(placement, network, by=by, now=now)  # in this transaction; the caller wakes the mail
    return placement


async def activate(membership: Membership, *, by: Actor, now: dt.datetime, reason: str) -> None:
    membership.active_since = now
    membership.offer_expires_at = None
    membership.deregistered_by_meeting_id = None  # type: ignore[assignment]
    await change_status(membership, MembershipStatus.ACTIVE, by=by, now=now, reason=reason)


async def place(membership: Membership, network: Network, *, by: Actor, now: dt.datetime, reason: str) -> Placement:
    """Seat an approved application if a seat is free and nobody waits ahead of it; otherwise put it on the waitlist."""
    free = network.capacity - await seats_taken(network.id)
    ahead = await waitlisted(network.id).filter(_ahead_of(membership)).exists()
    if free > 0 and not ahead:
        await activate(membership, by=by, now=now, reason=reason)
        return Placement(promoted=[membership])
    await change_status(membership, MembershipStatus.WAITLISTED, by=by, now=now, reason=reason)
    return await fill_free_seats(network, by=by, now=now)


async def put_in_queue(membership: Membership, new_position: int) -> None:
    """Give `membership` the waitlist key that puts it at `new_position` (1-based) among the others waiting.

    It takes the key of the one it lands in front of; keys from there on are nudged forward only where they would
    collide, so the order of everyone else is kept and usually only one or two rows change.
    """
    others = [m for m in await waitlisted(membership.network_id) if m.id != membership.id]
    index = max(0, min(new_position - 1, len(others)))
    order = [*others[:index], membership, *others[index:]]
    if index < len(others):
        membership.queue_at = others[index].queue_at
    elif others:
        membership.queue_at = max(others[-1].queue_at + TICK, membership.queue_at)
    previous: dt.datetime | None = order[index - 1].queue_at if index else None
    for entry in order[index:]:
        if previous is not None and entry.queue_at <= previous:
            entry.queue_at = previous + TICK
            if entry is not membership:
                await entry.save(update_fields=['queue_at'])
        previous = entry.queue_at
    await membership.save(update_fields=['queue_at'])
