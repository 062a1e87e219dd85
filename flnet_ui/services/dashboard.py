"""Read-only queries for the coordinator's dashboard (Overblik). Each costs a fixed number of queries, however many
members the network has; none of them changes anything.

Member count over time is derived from the audit log (invariant I4: every status change has an entry). It is anchored
at the present: the count at a past moment is today's number of active members minus the net joins logged after that
moment (+1 for every change into `active`, -1 for every change out of it). Anchoring at today, not at zero, keeps the
recent part of the curve right even if the oldest history is missing (data moved in from elsewhere).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.functions import Count

from flnet_ui.i18n import TIMEZONE, danish_sort_key, local, today
from models import (
    Answer,
    AttendanceRecord,
    AttendanceStatus,
    AuditEntry,
    Meeting,
    MeetingResponse,
    MeetingStatus,
    Membership,
    MembershipStatus,
    Network,
)

from .networks import id_of, loaded
from .seats import SeatOverview, active_by_landsdel, overview, waitlisted
from .streaks import ActiveSince, streaks_of

ACTIVE = MembershipStatus.ACTIVE.value


@dataclass(frozen=True)
class Seats:
    overview: SeatOverview
    active_east: int
    active_west: int


@dataclass(frozen=True)
class Waiting:
    membership_id: int
    position: int
    name: str
    library: str
    applied_at: dt.datetime
    days_waited: int  # since the application, not the queue key: a logged move must not change how long one waited


@dataclass(frozen=True)
class Offer:
    membership_id: int
    name: str
    expires_at: dt.datetime | None
    days_left: int | None


@dataclass(frozen=True)
class WaitlistView:
    first: list[Waiting]
    total: int
    offers: list[Offer]


@dataclass(frozen=True)
class Absence:
    membership_id: int
    name: str
    library: str
    streak: int
    limit: int
    at_risk: bool
    agreement: bool


@dataclass(frozen=True)
class NextMeeting:
    meeting_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: MeetingStatus
    host: str  # the host library, or the coordinating organisation (rule R4's default)
    attending: int
    apology: int
    unanswered: int


@dataclass(frozen=True)
class HeldMeeting:
    meeting_id: int
    title: str
    starts_at: dt.datetime
    counts: dict[AttendanceStatus, int]


@dataclass(frozen=True)
class CountPoint:
    day: dt.date  # the last day of the quarter, or today for the quarter under way
    count: int


async def seats(network: Network | int, *, counted: SeatOverview | None = None) -> Seats:
    """The seat overview with the active members by part of the country (East, West). 1 query when given the overview
    already `counted`; otherwise 2, and one more for the network when given its id."""
    east, west = await active_by_landsdel(id_of(network))
    return Seats(counted or await overview(network), east, west)


async def waitlist(network_id: int, *, now: dt.datetime, first: int = 10, total: int | None = None) -> WaitlistView:
    """The first `first` on the waitlist in order, how many wait in all (read unless given as `total`), and the open
    offers by deadline. 3 queries, or 2."""
    rows = await waitlisted(network_id).limit(first) \
        .values_list('id', 'person__name', 'person__library__name', 'applied_at')
    if total is None:
        total = await waitlisted(network_id).count()
    offered = await Membership.filter(network_id=network_id, status=MembershipStatus.OFFERED) \
        .order_by('offer_expires_at', 'id').values_list('id', 'person__name', 'offer_expires_at')
    day = today(now)
    waiting = [Waiting(membership_id, position, name, library or '', applied_at, (day - today(applied_at)).days)
               for position, (membership_id, name, library, applied_at) in enumerate(rows, start=1)]
    offers = [Offer(membership_id, name, expires, None if expires is None else max(0, (today(expires) - day).days))
              for membership_id, name, expires in offered]
    return WaitlistView(waiting, total, offers)


async def absences(network: Network | int, *, now: dt.datetime) -> list[Absence]:
    """Every active member with their absence streak; the longest streak first, then by name in Danish order. The
    members are read once, with their names, for both. 5 queries, and one more for the network when given its id."""
    network = await loaded(network)
    rows = await Membership.filter(network_id=network.id, status=MembershipStatus.ACTIVE) \
        .values_list('id', 'active_since', 'person__name', 'person__library__name')
    streaks = await streaks_of(network, [ActiveSince(membership_id, since) for membership_id, since, *_ in rows],
                               now=now)
    result = [Absence(membership_id, name, library or '', streaks[membership_id].count, streaks[membership_id].limit,
                      streaks[membership_id].at_risk, streaks[membership_id].agreement)
              for membership_id, _since, name, library in rows]
    return sorted(result, key=lambda row: (-row.streak, danish_sort_key(row.name)))


async def next_meeting(network: Network | int, *, now: dt.datetime, active: int | None = None) -> NextMeeting | None:
    """The meeting under way, or else the next planned one, with the answers of the active members (counted unless
    given as `active`). 3 queries, or 2, and one more for the network when given its id."""
    network = await loaded(network)
    network_id = network.id
    meeting = await Meeting.filter(Q(status=MeetingStatus.RUNNING) | Q(status=MeetingStatus.PLANNED, ends_at__gte=now),
                                   network_id=network_id).order_by('starts_at', 'id').select_related('host').first()
    if meeting is None:
        return None
    rows = await MeetingResponse.filter(meeting_id=meeting.id, membership__network_id=network_id,
                                        membership__status=MembershipStatus.ACTIVE).values_list('answer', flat=True)
    answers = Counter(map(str, rows))
    if active is None:
        active = await _active_count(network_id)
    attending, apology = answers[Answer.ATTENDING], answers[Answer.APOLOGY]
    return NextMeeting(meeting.id, meeting.title, meeting.starts_at, meeting.ends_at, meeting.status,
                       meeting.host.name if meeting.host else network.coordinator_org, attending, apology,
                       max(0, active - attending - apology))


async def held_meetings(network_id: int, *, last: int = 12) -> list[HeldMeeting]:
    """Attendance per closed meeting (the last `last`, oldest first), counted by status. 2 queries."""
    meetings = await Meeting.filter(network_id=network_id, status=MeetingStatus.CLOSED) \
        .order_by('-starts_at', '-id').limit(last).values_list('id', 'title', 'starts_at')
    ids = [meeting_id for meeting_id, _title, _starts in meetings]
    counts: dict[int, dict[AttendanceStatus, int]] = {i: dict.fromkeys(AttendanceStatus, 0) for i in ids}
    if ids:
        rows = await AttendanceRecord.filter(meeting_id__in=ids).annotate(n=Count('id')) \
            .group_by('meeting_id', 'status').values_list('meeting_id', 'status', 'n')
        for meeting_id, status, n in rows:
            counts[meeting_id][AttendanceStatus(status)] = n
    return [HeldMeeting(meeting_id, title, starts_at, counts[meeting_id])
            for meeting_id, title, starts_at in reversed(meetings)]


async def member_counts(network_id: int, *, now: dt.datetime, years: int = 4,
                        current: int | None = None) -> list[CountPoint]:
    """Active members at the end of each quarter of the last `years` years (today for the current quarter), from the
    first quarter with any member on. Derived from the audit log, anchored at today's count (read unless given as
    `current`; see the module). 2 queries, or 1.
    """
    moments = quarter_ends(now, years=years)
    if current is None:
        current = await _active_count(network_id)
    changes = await AuditEntry.filter(Q(from_value=ACTIVE) | Q(to_value=ACTIVE), network_id=network_id,
                                      subject='membership', action='status', at__gt=moments[0][1]) \
        .order_by('at', 'id').values_list('at', 'from_value', 'to_value')
    # Going back from now: each quarter's end lies before the next one's, so the changes after it are the later
    # quarter's plus those between the two (the changes come oldest first).
    counts = []
    joined_after, unread = 0, len(changes)
    for _day, moment in reversed(moments):
        while unread and changes[unread - 1][0] > moment:
            unread -= 1
            _at, before, after = changes[unread]
            joined_after += _delta(before, after)
        counts.append(current - joined_after)
    points = [CountPoint(day, count) for (day, _moment), count in zip(moments, reversed(counts), strict=True)]
    # Quarters before the network had members say nothing; keep one zero so the line starts from it.
    first = next((i for i, point in enumerate(points) if point.count), None)
    return points[-1:] if first is None else points[max(0, first - 1):]


async def _active_count(network_id: int) -> int:
    """For a caller that has not counted the members by status already (see `seats.overview`)."""
    return await Membership.filter(network_id=network_id, status=MembershipStatus.ACTIVE).count()


def quarter_ends(now: dt.datetime, *, years: int) -> list[tuple[dt.date, dt.datetime]]:
    """(last day, moment it ends in Danish time) of each quarter in the last `years` years; the current one ends now."""
    day = today(now)
    quarter = (day.month - 1) // 3
    result = []
    for back in range(4 * years - 1, 0, -1):
        index = day.year * 4 + quarter - back
        year, q = divmod(index, 4)
        start_next = dt.date(year + (q == 3), (q + 1) % 4 * 3 + 1, 1)
        result.append((start_next - dt.timedelta(days=1), dt.datetime.combine(start_next, dt.time(), tzinfo=TIMEZONE)))
    result.append((day, local(now)))
    return result


def _delta(before: str, after: str) -> int:
    return (after == ACTIVE) - (before == ACTIVE)
