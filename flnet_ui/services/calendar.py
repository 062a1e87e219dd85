"""Meetings as calendar entries (issue 4 §3): an .ics file per meeting and each member's personal subscription feed.

Every meeting keeps one UID for its whole life, so a calendar that imported or subscribed replaces the entry when the
meeting changes (SEQUENCE and LAST-MODIFIED come from the meeting's audit entries) and shows it as cancelled when it
is. The feed's URL carries a secret token instead of a login, because calendar apps cannot log in; renewing the token
makes the old URL stop working, and revoking it turns the feed off.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from tortoise.transactions import in_transaction

from flnet_ui import config, i18n
from flnet_ui.i18n import _
from models import AuditEntry, Library, Meeting, MeetingStatus, Membership, Network, User

from . import notices
from .audit import Actor, log
from .errors import DomainError

if TYPE_CHECKING:
    from icalendar import Calendar, Event

FEED_HISTORY = dt.timedelta(days=365)  # the feed also shows the past year's meetings, for reference
# Audit actions on a meeting that change what its calendar entry says.
REVISING_ACTIONS = ('change', 'cancel')
PRODUCT_ID = '-//Statsbiblioteket//flnet//DA'


@dataclass(frozen=True)
class CalendarFile:
    filename: str
    content: bytes


async def meeting_file(*, meeting_id: int) -> CalendarFile:
    """One meeting as a downloadable .ics file named '<date>-<title>.ics'."""
    meeting = await Meeting.get_or_none(id=meeting_id).select_related('host', 'network')
    if meeting is None:
        raise DomainError(_('The meeting does not exist.'))
    network = meeting.network
    calendar = _calendar(network)
    revisions = await _revisions([meeting.id])
    calendar.add_component(_event(meeting, network, await _default_host(network), revisions[meeting.id]))
    calendar.add_missing_timezones()
    return CalendarFile(f'{meeting.date.isoformat()}-{_slug(meeting.title)}.ics', calendar.to_ical())


async def meeting_ics(*, meeting_id: int) -> bytes:
    return (await meeting_file(meeting_id=meeting_id)).content


async def feed_ics(*, token: str | None, now: dt.datetime) -> bytes:
    """The personal feed behind a calendar token: the meetings of the member's networks, from a year back onwards."""
    user = await _feed_user(token)
    if user is None:
        raise DomainError(_('This calendar link does not work. Get a new one on your own page.'))
    networks = await Network.filter(id__in=await _network_ids(user))
    meetings = await Meeting.filter(network_id__in=[network.id for network in networks],
                                    ends_at__gte=now - FEED_HISTORY).select_related('host').order_by('starts_at', 'id')
    calendar = _calendar(networks[0] if len(networks) == 1 else None)
    revisions = await _revisions([meeting.id for meeting in meetings])
    defaults = {network.id: await _default_host(network) for network in networks}
    by_id = {network.id: network for network in networks}
    for meeting in meetings:
        calendar.add_component(_event(meeting, by_id[meeting.network_id], defaults[meeting.network_id],
                                      revisions[meeting.id]))
    calendar.add_missing_timezones()
    return calendar.to_ical()


async def upcoming_meetings(*, user: User | int, now: dt.datetime) -> list[Meeting]:
    """The meetings of the user's networks that have not ended and are not cancelled, soonest first."""
    found = await User.get_or_none(id=user.id if isinstance(user, User) else user)
    if found is None:
        return []
    return await Meeting.filter(network_id__in=await _network_ids(found), ends_at__gte=now) \
        .exclude(status=MeetingStatus.CANCELLED).order_by('starts_at', 'id')


def feed_url(token: str) -> str:
    """The absolute address a calendar app subscribes to."""
    return notices.link(f'/kalender/{token}.ics')


async def renew_calendar_token(*, user: User | int, by: Actor, now: dt.datetime) -> str:
    """A new secret for the user's feed (turning it on if it was off); the old URL stops working at once."""
    token = secrets.token_urlsafe(32)
    await _set_token(user, token, action='calendar renew', by=by, now=now)
    return token


async def revoke_calendar_token(*, user: User | int, by: Actor, now: dt.datetime) -> None:
    """Turn the feed off: the URL stops working and no new one exists until the member renews."""
    await _set_token(user, None, action='calendar revoke', by=by, now=now)


async def calendar_token(*, user: User | int) -> str | None:
    user_id = user.id if isinstance(user, User) else user
    found = await User.get_or_none(id=user_id)
    return found.calendar_token if found else None


async def _set_token(user: User | int, token: str | None, *, action: str, by: Actor, now: dt.datetime) -> None:
    user_id = user.id if isinstance(user, User) else user
    async with in_transaction():
        found = await User.get_or_none(id=user_id)
        if found is None:
            raise DomainError(_('The login does not exist.'))
        had_feed = found.calendar_token is not None
        found.calendar_token = token
        await found.save(update_fields=['calendar_token'])
        # The token itself is a secret: the log says only that the feed was on or off.
        await log(by=by, now=now, subject='user', subject_id=found.id, person_id=found.person_id, action=action,
                  from_value='on' if had_feed else 'off', to_value='on' if token else 'off')
    if isinstance(user, User):
        user.calendar_token = token


async def _network_ids(user: User) -> list[int]:
    """A member's networks; a login without a person (a coordinator's) sees every network's meetings."""
    if user.person_id is None:
        return list(await Network.all().values_list('id', flat=True))  # type: ignore[arg-type]
    return list(await Membership.filter(person_id=user.person_id).values_list('network_id', flat=True))  # type: ignore[arg-type]


async def _feed_user(token: str | None) -> User | None:
    if not token or len(token) > 64:
        return None
    user = await User.get_or_none(calendar_token=token, is_active=True)
    # Compared once more in constant time: the database lookup alone could in principle leak by timing.
    return user if user is not None and user.calendar_token and secrets.compare_digest(user.calendar_token, token) \
        else None


def _calendar(network: Network | None) -> Calendar:
    # icalendar is imported on the first download, not at start-up, where it would cost a tenth of a second (bench/)
    from icalendar import Calendar
    calendar = Calendar()
    calendar.add('prodid', PRODUCT_ID)
    calendar.add('version', '2.0')
    calendar.add('calscale', 'GREGORIAN')
    name = network.name if network else 'FL-netværket'
    calendar.add('x-wr-calname', name)
    calendar.add('x-wr-timezone', str(i18n.TIMEZONE))
    # How often subscribing apps should look again (they may wait longer; Google decides for itself).
    calendar.add('refresh-interval', dt.timedelta(hours=12), parameters={'VALUE': 'DURATION'})
    calendar.add('x-published-ttl', 'PT12H')
    return calendar


@dataclass(frozen=True)
class _Revision:
    sequence: int
    modified: dt.datetime


async def _revisions(meeting_ids: list[int]) -> dict[int, _Revision]:
    """From the meeting's audit entries: how often what the entry says has changed, and when it last did."""
    if not meeting_ids:
        return {}
    entries = await AuditEntry.filter(subject='meeting', subject_id__in=meeting_ids,
                                      action__in=('plan', *REVISING_ACTIONS)).values_list('subject_id', 'action', 'at')
    changes: dict[int, int] = defaultdict(int)
    latest: dict[int, dt.datetime] = dict(await Meeting.filter(id__in=meeting_ids).values_list('id', 'created_at'))
    planned: set[int] = set()
    for meeting_id, action, at in entries:
        if action in REVISING_ACTIONS:
            changes[meeting_id] += 1
        # The log's time (the service's `now`) wins over the row's own creation stamp, which is the wall clock.
        latest[meeting_id] = at if meeting_id not in planned else max(latest[meeting_id], at)
        planned.add(meeting_id)
    return {meeting_id: _Revision(changes[meeting_id], latest[meeting_id]) for meeting_id in meeting_ids}


def _event(meeting: Meeting, network: Network, default_host: Library | None, revision: _Revision) -> Event:
    from icalendar import Event
    with i18n.language('da'):  # what a calendar shows is Danish, whoever downloads it
        event = Event()
        event.add('uid', f'meeting-{meeting.id}@{_host_name()}')
        event.add('summary', meeting.title)
        event.add('dtstart', i18n.local(meeting.starts_at))
        event.add('dtend', i18n.local(meeting.ends_at))
        # Without a METHOD, DTSTAMP means when the information last changed (RFC 5545 §3.8.7.2): stable downloads.
        modified = revision.modified.astimezone(dt.UTC)
        event.add('dtstamp', modified)
        event.add('last-modified', modified)
        event.add('sequence', revision.sequence)
        location = _location(meeting, network, default_host)
        if location:
            event.add('location', location)
        more = _('See the programme and answer whether you attend on your own page: {url}').format(
            url=notices.link('/min-side'))
        event.add('description', '\n\n'.join(part for part in (meeting.description.strip(), more) if part))
        event.add('url', notices.link('/min-side'))
        event.add('status', 'CANCELLED' if meeting.status == MeetingStatus.CANCELLED else 'CONFIRMED')
        event.add('transp', 'OPAQUE')
        return event


def _location(meeting: Meeting, network: Network, default_host: Library | None) -> str:
    host = meeting.host or default_host
    name = host.name if host else network.coordinator_org
    return ', '.join(part for part in (name, meeting.address.strip()) if part)


async def _default_host(network: Network) -> Library | None:
    return await Library.get_or_none(name=network.coordinator_org)


def _host_name() -> str:
    return urlparse(config.load().public_url).hostname or 'flnet'


def _slug(title: str) -> str:
    """'Fjernlån i Øst' -> 'fjernlaan-i-oest': a file name every system accepts."""
    text = title.casefold()
    for danish, plain in (('æ', 'ae'), ('ø', 'oe'), ('å', 'aa')):
        text = text.replace(danish, plain)
    text = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode()
    return re.sub(r'[^a-z0-9]+', '-', text).strip('-')[:60].strip('-') or 'moede'
