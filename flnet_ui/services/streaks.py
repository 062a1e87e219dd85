"""The absence streak (DESIGN.md §1.2) for one member or all of a network's active members, in four queries
(three when the caller has read the members).

Only closed meetings count, and only those that started after the member's current active period began. Going
back from the newest: `present` ends the streak, `apology` and `absent` add one, `excused` is skipped.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from tortoise.expressions import Q

from flnet_ui.i18n import today
from models import (
    MISSED,
    Agreement,
    AttendanceRecord,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipStatus,
    Network,
)

from .networks import loaded


@dataclass(frozen=True)
class Streak:
    membership_id: int
    count: int
    limit: int
    agreement: bool  # a standing agreement is in force: no automatic deregistration, the streak is still shown

    @property
    def at_risk(self) -> bool:
        """One more missed meeting would deregister this member."""
        return not self.agreement and self.count >= self.limit - 1

    @property
    def reached(self) -> bool:
        return self.count >= self.limit


class ActivePeriod(Protocol):
    """What a streak needs of a membership: a Membership, or an ActiveSince read as two values."""
    @property
    def id(self) -> int: ...

    @property
    def active_since(self) -> dt.datetime | None: ...


@dataclass(frozen=True)
class ActiveSince:
    id: int
    active_since: dt.datetime | None


def count_streak(statuses_newest_first: Iterable[AttendanceStatus]) -> int:
    count = 0
    for status in statuses_newest_first:
        if status == AttendanceStatus.PRESENT:
            break
        if status in MISSED:
            count += 1
    return count


async def network_streaks(network: Network | int, *, now: dt.datetime,
                          extra_ids: Iterable[int] = ()) -> dict[int, Streak]:
    """Streaks of every active member of the network (and of `extra_ids`, e.g. people a meeting deregistered)."""
    network = await loaded(network)
    # Only what a streak needs, as values: whole rows of forty members are some 300 timestamps to turn into
    # datetimes, and forty model instances cost more than the two values of each.
    rows = await Membership.filter(Q(status=MembershipStatus.ACTIVE) | Q(id__in=list(extra_ids)),
                                   network_id=network.id).values_list('id', 'active_since')
    return await streaks_of(network, [ActiveSince(*row) for row in rows], now=now)


async def member_streak(membership: Membership, *, now: dt.datetime) -> Streak:
    network = await Network.get(id=membership.network_id)
    return (await streaks_of(network, [membership], now=now))[membership.id]


async def streaks_of(network: Network, members: Sequence[ActivePeriod], *, now: dt.datetime) -> dict[int, Streak]:
    """The streaks of these members of the network (read with whatever else the caller needs of them). 3 queries."""
    if not members:
        return {}
    ids = [m.id for m in members]
    held_query = Meeting.filter(network_id=network.id, status=MeetingStatus.CLOSED)
    records_query = AttendanceRecord.filter(membership_id__in=ids, meeting__network_id=network.id,
                                            meeting__status=MeetingStatus.CLOSED)
    # A meeting from before the earliest of their active periods counts for none of them: that part of the history,
    # which grows with the years while the periods of the members now active do not, is not read.
    starts = [m.active_since for m in members]
    if None not in starts:
        earliest = min(start for start in starts if start is not None)
        held_query = held_query.filter(starts_at__gte=earliest)
        records_query = records_query.filter(meeting__starts_at__gte=earliest)
    held = await held_query.order_by('-starts_at', '-id').values_list('id', 'starts_at')
    records = await records_query.values_list('membership_id', 'meeting_id', 'status')
    by_member: dict[int, dict[int, AttendanceStatus]] = defaultdict(dict)
    for membership_id, meeting_id, status in records:   # the status as its enum already (a CharEnumField)
        by_member[membership_id][meeting_id] = status
    with_agreement = await agreements_in_force(ids, on=today(now))
    return {member.id: streak_of(member, network.absence_limit, held, by_member[member.id],
                                 agreement=member.id in with_agreement) for member in members}


def streak_of(member: ActivePeriod, limit: int, held_newest_first: Iterable[tuple[int, dt.datetime]],
              statuses: Mapping[int, AttendanceStatus], *, agreement: bool) -> Streak:
    """One member's streak from the network's held meetings (id, start), newest first, and the member's records:
    only meetings since the current active period began count, and one without a record is passed over."""
    since = member.active_since
    counted = (statuses[meeting_id] for meeting_id, starts_at in held_newest_first
               if meeting_id in statuses and (since is None or starts_at >= since))
    return Streak(member.id, count_streak(counted), limit, agreement)


async def agreements_in_force(membership_ids: list[int], *, on: dt.date) -> set[int]:
    if not membership_ids:
        return set()
    # `on` may be a past day (closing a meeting late or again): an agreement ended after that day was in force on it.
    rows = await Agreement.filter(membership_id__in=membership_ids, valid_from__lte=on) \
        .values_list('membership_id', 'valid_until', 'ended_at')
    return {membership_id for membership_id, until, ended in rows
            if (until is None or until >= on) and (ended is None or today(ended) > on)}
