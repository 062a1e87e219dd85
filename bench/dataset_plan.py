"""The history of a large network, planned in memory: people, memberships, held meetings, attendance and audit entries.

It follows the charter's rules, so the pages and services see data they could have made themselves: never more
active members than seats; a seat that frees goes to the first on the waitlist at once; attendance only at held
meetings and only while active; a deregistered member missed the three meetings before leaving; every status change
has its audit entry. `dataset.py` writes the plan with bulk inserts and adds the few things made through the services.

The last meetings are fixed rather than drawn, so that closing the meeting of today does the same work at every
size of the data set (see `Specials`): the benchmark compares query counts between sizes.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flnet_ui.demo import FIRST_NAMES, LAST_NAMES, THEMES
from models import MISSED, AttendanceStatus, MembershipStatus

COPENHAGEN = ZoneInfo('Europe/Copenhagen')
PENDING_APPLICATIONS = 3
HISTORY_SHARE = 0.3   # of the former members, this share held a seat (the rest were rejected or withdrew)
QUIET_MEETINGS = 4    # no seat changes hands during the last meetings, so every member now active has a history
S, A, P = MembershipStatus, AttendanceStatus, AttendanceStatus.PRESENT


@dataclass(frozen=True)
class Scale:
    people: int    # everyone who ever applied, former members included
    held: int      # closed meetings of history
    active: int    # active members, and the network's capacity
    waiting: int   # on the waitlist

    def tenth(self) -> Scale:
        """The same network with about ten times less data (the query-count comparison). Five seats, not four: the
        close of today needs its four fixed members and one ordinary one."""
        return Scale(people=self.people // 10, held=max(3, self.held // 10), active=5,
                     waiting=max(5, self.waiting // 10))


@dataclass
class PlannedMembership:
    id: int
    status: MembershipStatus
    applied_at: dt.datetime
    status_changed_at: dt.datetime
    active_since: dt.datetime | None = None
    deregistered_by_meeting: int | None = None   # index of the held meeting
    audit: list[tuple[dt.datetime, str, str]] = field(default_factory=list)   # (at, from, to)

    def change(self, to: MembershipStatus, at: dt.datetime) -> None:
        self.audit.append((at, self.status.value if self.audit else '', to.value))
        self.status, self.status_changed_at = to, at


@dataclass(frozen=True)
class Specials:
    """Memberships (ids) whose last meetings are fixed. Closing today's meeting, where the first three miss it:
    `deregistered` had missed the two before (three in a row: out, and two on the waitlist get their seats);
    `at_risk` had missed one (a warning); `agreed` had missed three and has an agreement (stays)."""
    deregistered: tuple[int, int]
    at_risk: int
    agreed: int
    member_login: int   # an ordinary active member, whose Min side is measured


@dataclass
class Plan:
    scale: Scale
    now: dt.datetime
    names: list[str]
    meetings: list[tuple[str, dt.datetime]]                       # held meetings: (title, starts_at), oldest first
    memberships: list[PlannedMembership]                          # index i is person i + 1 and membership i + 1
    attendance: dict[tuple[int, int], AttendanceStatus]           # (meeting index, membership id) -> status
    specials: Specials

    @property
    def active_ids(self) -> list[int]:
        return [m.id for m in self.memberships if m.status == S.ACTIVE]


def plan(scale: Scale, *, now: dt.datetime, seed: int = 2008) -> Plan:
    rng = random.Random(seed)
    meetings = _held_meetings(scale.held, now)
    memberships = [PlannedMembership(i + 1, S.PENDING, now, now) for i in range(scale.people)]
    fresh = iter(memberships)
    start = meetings[0][1] - dt.timedelta(days=200)
    seats = []
    for n in range(scale.active):   # the founding round
        member = next(fresh)
        _seat(member, applied=start + dt.timedelta(hours=n), at=start + dt.timedelta(days=14, hours=n))
        seats.append(member)
    former = scale.people - scale.active - scale.waiting - PENDING_APPLICATIONS
    turnover_meetings = max(0, scale.held - QUIET_MEETINGS)
    per_meeting = min(scale.active // 3, -(-int(former * HISTORY_SHARE) // turnover_meetings)) \
        if turnover_meetings else 0
    attendance: dict[tuple[int, int], AttendanceStatus] = {}
    streaks: dict[int, int] = {}
    for index, (_title, starts) in enumerate(meetings):
        for member in seats:
            status = _drawn_status(rng, streaks.get(member.id, 0))
            attendance[index, member.id] = status
            streaks[member.id] = 0 if status == P else streaks.get(member.id, 0) + (status in MISSED)
        if index < turnover_meetings:
            for member in rng.sample(seats, per_meeting):
                seats[seats.index(member)] = _leave(member, next(fresh), index, starts,
                                                           attendance=attendance, rng=rng)
    specials = _fix_last_meetings(seats, attendance, scale.held)
    last_applied = max(m.applied_at for m in memberships if m.status != S.PENDING)
    _waitlist(fresh, scale.waiting, after=last_applied, now=now, rng=rng)
    for n in range(PENDING_APPLICATIONS):
        member = next(fresh)
        member.applied_at = member.status_changed_at = now - dt.timedelta(days=n + 1, hours=3)
        member.change(S.PENDING, member.applied_at)
    for member in fresh:
        _never_seated(member, start, now, rng)
    return Plan(scale, now, _names(rng, scale.people), meetings, memberships, attendance, specials)


def _leave(member: PlannedMembership, newcomer: PlannedMembership, index: int, starts: dt.datetime, *,
           attendance: dict[tuple[int, int], AttendanceStatus], rng: random.Random) -> PlannedMembership:
    """A member leaves after meeting `index` (resigns, or the rule takes them); the first waiting gets the seat."""
    left = starts + dt.timedelta(days=rng.randint(20, 120))
    if _records_of(attendance, member.id) >= 3 and rng.random() < 0.25:
        for back in range(3):   # the rule took them: three missed meetings in a row, closed that day
            attendance[index - back, member.id] = rng.choice(MISSED)
        if (index - 3, member.id) in attendance:   # and not one earlier
            attendance[index - 3, member.id] = P
        left, member.deregistered_by_meeting = starts + dt.timedelta(hours=7), index
        member.change(S.DEREGISTERED, left)
    else:
        member.change(S.RESIGNED, left)
    _seat(newcomer, applied=left - dt.timedelta(days=rng.randint(60, 200)), at=left)
    return newcomer


def _never_seated(member: PlannedMembership, start: dt.datetime, now: dt.datetime, rng: random.Random) -> None:
    """Rejected, or tired of waiting."""
    applied = start + dt.timedelta(days=rng.randint(0, max(1, (now - start).days - 30)))
    member.applied_at = applied
    member.change(S.PENDING, applied)
    decided = applied + dt.timedelta(days=rng.randint(2, 20))
    if rng.random() < 0.3:
        member.change(S.REJECTED, decided)
        return
    member.change(S.WAITLISTED, decided)
    member.change(S.WITHDRAWN, min(now - dt.timedelta(days=1), applied + dt.timedelta(days=rng.randint(60, 900))))


def _held_meetings(count: int, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """Two theme days a year (spring and autumn) going back from the last one before today."""
    result = []
    for back in range(count, 0, -1):
        day = (now - dt.timedelta(days=182 * back + 14)).astimezone(COPENHAGEN).date()
        starts = dt.datetime.combine(day, dt.time(10), tzinfo=COPENHAGEN).astimezone(dt.UTC)
        result.append((f'{THEMES[back % len(THEMES)]} ({day.year})', starts))
    return result


def _seat(member: PlannedMembership, *, applied: dt.datetime, at: dt.datetime) -> None:
    member.applied_at = applied
    member.change(S.PENDING, applied)
    member.change(S.WAITLISTED, applied + dt.timedelta(days=1))
    member.change(S.ACTIVE, at)
    member.active_since = at


def _drawn_status(rng: random.Random, streak: int) -> AttendanceStatus:
    """The demo's mix: mostly present, some apologies, a few excused or absent. Nobody drifts into a third missed
    meeting by chance: the rule would have taken them, and the history says who it took (see `plan`)."""
    roll = rng.random()
    status = P if roll < 0.82 else A.APOLOGY if roll < 0.93 else A.EXCUSED if roll < 0.96 else A.ABSENT
    return P if streak >= 2 and status in MISSED else status


def _records_of(attendance: dict[tuple[int, int], AttendanceStatus], membership_id: int) -> int:
    return sum(1 for _meeting, member in attendance if member == membership_id)


def _fix_last_meetings(seats: list[PlannedMembership], attendance: dict[tuple[int, int], AttendanceStatus],
                       held: int) -> Specials:
    """The streaks that make closing today's meeting do the same work at every size (see Specials)."""
    ordered = sorted(seats, key=lambda m: m.id)
    first, second, risky, agreed, ordinary = (m.id for m in ordered[:5])
    last = held - 1
    for member in ordered[5:]:
        attendance[last, member.id] = P   # so missing today gives a streak of one: no warning
    attendance[last, ordinary] = P
    for member_id in (first, second):
        attendance[last - 2, member_id], attendance[last - 1, member_id], attendance[last, member_id] = \
            P, A.APOLOGY, A.ABSENT
    attendance[last - 1, risky], attendance[last, risky] = P, A.ABSENT
    for back in range(3):
        attendance[last - back, agreed] = A.APOLOGY
    return Specials((first, second), risky, agreed, ordinary)


def _waitlist(fresh, count: int, *, after: dt.datetime, now: dt.datetime,  # type: ignore[no-untyped-def]
              rng: random.Random) -> None:
    span = max(1.0, (now - after).total_seconds() - 86400)
    moments = sorted(after + dt.timedelta(seconds=rng.uniform(60, span)) for _ in range(count))
    for moment in moments:
        member = next(fresh)
        member.applied_at = moment
        member.change(S.PENDING, moment)
        member.change(S.WAITLISTED, moment + dt.timedelta(hours=2))


def _names(rng: random.Random, count: int) -> list[str]:
    middle = ['', '', 'Marie ', 'Bach ', 'Søgaard ', 'Kirk ', 'Aa. ']
    return [f'{rng.choice(FIRST_NAMES)} {rng.choice(middle)}{rng.choice(LAST_NAMES)}' for _ in range(count)]
