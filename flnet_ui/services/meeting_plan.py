"""The year plan of meetings (DESIGN.md §1.3, rule R4): the meetings of each year checked against the expected number,
the hosting history, a host suggested in the other part of the country than last time, and planning or changing a
meeting with the checks a coordinator's form needs (a date not in the past, lengths the database can hold).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from flnet_ui import events
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _, danish_sort_key, today
from flnet_ui.ids import plain_id
from models import Landsdel, Library, Meeting, MeetingStatus, Membership, MembershipStatus, Network
from models.reference import municipalities

from . import meetings
from .audit import Actor, log
from .errors import DomainError
from .inputs import clean_text

OPEN = (MeetingStatus.PLANNED, MeetingStatus.RUNNING)
MAX_ADDRESS = 300
MAX_DESCRIPTION = 5000


@dataclass(frozen=True)
class YearCheck:
    year: int
    count: int      # planned, running and held meetings; cancelled ones are not part of the plan
    expected: int

    @property
    def too_few(self) -> bool:
        return self.count < self.expected

    @property
    def too_many(self) -> bool:
        return self.count > self.expected


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    host_name: str
    landsdel: Landsdel | None


@dataclass
class YearPlan:
    check: YearCheck
    meetings: list[MeetingRow] = field(default_factory=list)  # upcoming (soonest first), then the rest newest first


@dataclass(frozen=True)
class HostSuggestion:
    last: MeetingRow | None       # the latest meeting that is not cancelled: the one to alternate from
    landsdel: Landsdel            # the part of the country suggested now
    libraries: list[Library]      # candidates there: where members work, and earlier hosts


async def year_plans(network_id: int, *, now: dt.datetime) -> list[YearPlan]:
    """Every year with a meeting, and the current year, newest first, each checked against meetings_per_year."""
    network = await Network.get(id=network_id)
    rows = await _rows(network)
    this_year = today(now).year
    years = sorted({row.meeting.date.year for row in rows} | {this_year}, reverse=True)
    plans = []
    for year in years:
        of_year = [row for row in rows if row.meeting.date.year == year]
        counted = [row for row in of_year if row.meeting.status != MeetingStatus.CANCELLED]
        upcoming = sorted((r for r in of_year if r.meeting.status in OPEN), key=lambda r: r.meeting.starts_at)
        rest = sorted((r for r in of_year if r.meeting.status not in OPEN), key=lambda r: r.meeting.starts_at,
                      reverse=True)
        plans.append(YearPlan(YearCheck(year, len(counted), network.meetings_per_year), upcoming + rest))
    return plans


async def hosting_history(network_id: int) -> list[MeetingRow]:
    """Held meetings with their host library and its part of the country, newest first."""
    network = await Network.get(id=network_id)
    held = [row for row in await _rows(network) if row.meeting.status == MeetingStatus.CLOSED]
    return sorted(held, key=lambda row: row.meeting.starts_at, reverse=True)


async def suggest_host(network_id: int, *, limit: int = 5) -> HostSuggestion:
    """A host in the other part of the country than the latest meeting (held or planned): the charter wants meetings
    in both East and West Denmark. Candidates are libraries where active members work (most members first) and
    libraries that have hosted before. Without any meeting yet, East is suggested (Statsbiblioteket is in the West)."""
    network = await Network.get(id=network_id)
    rows = [row for row in await _rows(network) if row.meeting.status != MeetingStatus.CANCELLED]
    last = max(rows, key=lambda row: (row.meeting.starts_at, row.meeting.id), default=None)
    wanted = Landsdel.WEST if last is not None and last.landsdel == Landsdel.EAST else Landsdel.EAST
    working_at: list[int] = await Membership.filter(  # type: ignore[assignment]
        network_id=network_id, status=MembershipStatus.ACTIVE, person__library_id__isnull=False) \
        .values_list('person__library_id', flat=True)
    member_libraries = Counter(working_at)
    hosted = {row.meeting.host_id for row in rows if row.meeting.host_id is not None}
    candidates = [library for library in await Library.filter(id__in=set(member_libraries) | hosted)
                  if _landsdel(library) == wanted]
    candidates.sort(key=lambda library: (-member_libraries[library.id], danish_sort_key(library.name)))
    return HostSuggestion(last, wanted, candidates[:limit])


async def meeting_row(network_id: int, meeting_id: str | int) -> MeetingRow | None:
    """One meeting of the network with its host, or None for an id that is not one (a mistyped address)."""
    wanted = plain_id(meeting_id)
    if wanted is None:
        return None
    network = await Network.get(id=network_id)
    meeting = await Meeting.get_or_none(id=wanted, network_id=network_id).select_related('host')
    return _row(meeting, network, await Library.get_or_none(name=network.coordinator_org)) if meeting else None


async def default_host(network_id: int) -> Library | None:
    """The library that hosts by default: the coordinating organisation (Statsbiblioteket), when it is in the list."""
    network = await Network.get(id=network_id)
    return await Library.get_or_none(name=network.coordinator_org)


async def plan(*, network_id: int, title: str, date: dt.date, starts_at: dt.time, ends_at: dt.time,
               host_library_id: int | None = None, address: str = '', description: str = '', by: Actor,
               now: dt.datetime) -> Meeting:
    """Plan a meeting from the coordinator's form: the checks of meetings.plan_meeting, and a date not in the past."""
    _check_form(date=date, address=address, description=description, now=now)
    return await meetings.plan_meeting(network_id=network_id, title=title, date=date, starts_at=starts_at,
                                       ends_at=ends_at, host_library_id=host_library_id, address=address,
                                       description=description, by=by, now=now)


async def update_meeting(*, meeting_id: int, title: str, date: dt.date, starts_at: dt.time, ends_at: dt.time,
                         host_library_id: int | None = None, address: str = '', description: str = '', by: Actor,
                         now: dt.datetime) -> Meeting:
    """Change a planned meeting. Once it is running or held its date and place are history and stay as they were."""
    _check_form(date=date, address=address, description=description, now=now)
    title = meetings._check(title=title, date=date, starts_at=starts_at, ends_at=ends_at)
    if host_library_id is not None and not await Library.exists(id=host_library_id):
        raise DomainError(_('Choose a library from the list.'), field='host')
    meeting = await Meeting.get_or_none(id=meeting_id)
    if meeting is None:
        raise DomainError(_('The meeting does not exist.'))
    async with seat_lock(meeting.network_id):
        await meeting.refresh_from_db()
        if meeting.status != MeetingStatus.PLANNED:
            raise DomainError(_('Only a planned meeting can be changed.'))
        before, old_start = _describe(meeting), meeting.starts_at
        meeting.title, meeting.host_id = title, host_library_id
        meeting.starts_at, meeting.ends_at = meetings.at(date, starts_at), meetings.at(date, ends_at)
        meeting.address, meeting.description = clean_text(address).strip(), clean_text(description).strip()
        after = _describe(meeting)
        changed = [key for key in after if after[key] != before[key]]
        if meeting.starts_at != old_start:  # a moved meeting is reminded of again, before its new date
            meeting.reminded_at = None
        if changed:
            await meeting.save(update_fields=['title', 'host_id', 'starts_at', 'ends_at', 'address', 'description',
                                              'reminded_at'])
            await log(by=by, now=now, subject='meeting', subject_id=meeting.id, network_id=meeting.network_id,
                      action='change', from_value='; '.join(before[key] for key in changed)[:200],
                      to_value='; '.join(after[key] for key in changed)[:200], reason=', '.join(changed))
    if changed:
        events.meetings.emit(meeting.network_id)
    return meeting


def _check_form(*, date: dt.date, address: str, description: str, now: dt.datetime) -> None:
    if not isinstance(date, dt.date):
        raise DomainError(_('Choose a date.'), field='date')
    if date < today(now):
        raise DomainError(_('The date cannot be in the past.'), field='date')
    if len(clean_text(address).strip()) > MAX_ADDRESS:
        raise DomainError(_('The address can be at most {max} characters.').format(max=MAX_ADDRESS), field='address')
    if len(clean_text(description).strip()) > MAX_DESCRIPTION:
        raise DomainError(_('The description can be at most {max} characters.').format(max=MAX_DESCRIPTION),
                          field='description')


def _describe(meeting: Meeting) -> dict[str, str]:
    """The changeable fields as text, for the audit entry (moments in UTC, so a time zone alone is no change)."""
    return {'title': meeting.title, 'starts_at': meeting.starts_at.astimezone(dt.UTC).isoformat(),
            'ends_at': meeting.ends_at.astimezone(dt.UTC).isoformat(), 'host': str(meeting.host_id or ''),
            'address': meeting.address, 'description': meeting.description}


async def _rows(network: Network) -> list[MeetingRow]:
    """Every meeting of the network with its host; a meeting without a host is at the default host."""
    found = await Meeting.filter(network_id=network.id).select_related('host')
    default = await Library.get_or_none(name=network.coordinator_org)
    return [_row(meeting, network, default) for meeting in found]


def _row(meeting: Meeting, network: Network, default: Library | None) -> MeetingRow:
    host = meeting.host or default
    return MeetingRow(meeting, host.name if host else network.coordinator_org, _landsdel(host) if host else None)


def _landsdel(library: Library) -> Landsdel | None:
    known = municipalities()
    return known[library.municipality].landsdel if library.municipality in known else None
