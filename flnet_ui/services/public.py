"""What the public pages may show (DESIGN.md §1.5, "Offentlig"): the network's rules, its coming meetings and its
seat counts. Nothing here names a member or reveals anyone's status."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flnet_ui.i18n import danish_sorted
from models import Landsdel, Library, Meeting, MeetingStatus, Network, WaitlistMode
from models.reference import municipalities

from .libraries import find_municipality
from .networks import get_network

MAX_MEETINGS = 6  # a public page lists the next few meetings, not the whole plan


@dataclass(frozen=True)
class Rules:
    """The rule parameters a visitor is told about, read from the network's record (the coordinator may change them)."""
    network_name: str
    coordinator_org: str
    capacity: int
    absence_limit: int
    meetings_per_year: int
    offer_mode: bool
    offer_days: int
    retention_months: int


@dataclass(frozen=True)
class PublicMeeting:
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    host: str
    landsdel: Landsdel | None
    address: str


async def rules(network_id: int) -> Rules:
    network = await get_network(network_id)
    return _rules_of(network)


def _rules_of(network: Network) -> Rules:
    return Rules(network_name=network.name, coordinator_org=network.coordinator_org, capacity=network.capacity,
                 absence_limit=network.absence_limit, meetings_per_year=network.meetings_per_year,
                 offer_mode=network.waitlist_mode == WaitlistMode.OFFER, offer_days=network.offer_days,
                 retention_months=network.retention_months)


async def upcoming_meetings(*, network_id: int, now: dt.datetime, limit: int = MAX_MEETINGS) -> list[PublicMeeting]:
    """Planned meetings still ahead, soonest first. Cancelled, running and held meetings are left out."""
    network = await get_network(network_id)
    planned = await Meeting.filter(network_id=network_id, status=MeetingStatus.PLANNED, starts_at__gt=now) \
        .order_by('starts_at', 'id').limit(limit).select_related('host')
    return [PublicMeeting(title=meeting.title, starts_at=meeting.starts_at, ends_at=meeting.ends_at,
                          host=meeting.host.name if meeting.host else network.coordinator_org,
                          landsdel=_landsdel(meeting.host.municipality) if meeting.host else None,
                          address=meeting.address)
            for meeting in planned]


def _landsdel(municipality: str) -> Landsdel | None:
    known = municipalities().get(municipality)
    return known.landsdel if known else None


async def libraries_in(municipality: str) -> list[tuple[int, str]]:
    """The known libraries of one municipality as (id, name), in Danish order: the application form's picker."""
    found = find_municipality(municipality)
    if found is None:
        return []
    rows = await Library.filter(municipality=found).values_list('id', 'name')
    return danish_sorted([(int(library_id), str(name)) for library_id, name in rows], key=lambda row: row[1])
