"""Read-only lists for the coordinator's waitlist and agreements pages. A fixed number of queries each; nothing changes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flnet_ui.i18n import danish_sort_key, danish_sorted, today
from models import Agreement, Landsdel, Membership, MembershipStatus, Network
from models.reference import municipalities

from .seats import waitlisted
from .streaks import Streak, network_streaks


@dataclass(frozen=True)
class WaitingRow:
    membership_id: int
    position: int
    name: str
    library: str
    landsdel: Landsdel | None
    applied_at: dt.datetime
    days_waited: int  # since the application: a logged move does not change how long someone has waited


@dataclass(frozen=True)
class OfferRow:
    membership_id: int
    name: str
    library: str
    expires_at: dt.datetime | None
    days_left: int | None     # whole Danish calendar days until the deadline; 0 on its last day
    overdue: bool             # the deadline has passed; running the expiry passes the seat on
    reminded_at: dt.datetime | None
    remind_from: dt.datetime | None  # when the reminder falls due (the network's reminder days before the deadline)
    reminder_due: bool


@dataclass(frozen=True)
class AgreementRow:
    agreement_id: int
    membership_id: int
    name: str
    note: str
    valid_from: dt.date
    valid_until: dt.date | None
    ended_at: dt.datetime | None
    in_force: bool
    streak: Streak | None  # active members only


async def waitlist(network_id: int, *, now: dt.datetime) -> list[WaitingRow]:
    """Everyone waiting, in order (invariant I3)."""
    rows = await waitlisted(network_id).values_list('id', 'person__name', 'person__library__name',
                                                    'person__library__municipality', 'applied_at')
    day = today(now)
    return [WaitingRow(membership_id, position, name, library or '', _landsdel(municipality), applied_at,
                       (day - today(applied_at)).days)
            for position, (membership_id, name, library, municipality, applied_at) in enumerate(rows, start=1)]


async def offers(network_id: int, *, now: dt.datetime) -> list[OfferRow]:
    """Open offers of a seat, the nearest deadline first."""
    network = await Network.get(id=network_id)
    rows = await Membership.filter(network_id=network_id, status=MembershipStatus.OFFERED) \
        .order_by('offer_expires_at', 'id') \
        .values_list('id', 'person__name', 'person__library__name', 'offer_expires_at', 'offer_reminded_at')
    day, window = today(now), dt.timedelta(days=network.offer_reminder_days)
    result = []
    for membership_id, name, library, expires, reminded in rows:
        remind_from = None if expires is None or not network.offer_reminder_days else expires - window
        result.append(OfferRow(
            membership_id, name, library or '', expires,
            None if expires is None else max(0, (today(expires) - day).days),
            expires is not None and expires <= now, reminded, remind_from,
            reminded is None and remind_from is not None and remind_from <= now < expires))  # type: ignore[operator]
    return result


async def agreements(network_id: int, *, now: dt.datetime) -> list[AgreementRow]:
    """Every agreement of the network: those in force first (by name, Danish order), then the ended ones, newest
    first. An agreement is in force from its first day until its end date (inclusive) unless ended earlier."""
    found = await Agreement.filter(membership__network_id=network_id).select_related('membership__person') \
        .order_by('-created_at', '-id')
    streaks = await network_streaks(network_id, now=now)
    day = today(now)
    rows = [AgreementRow(a.id, a.membership_id, a.membership.person.name, a.note, a.valid_from, a.valid_until,
                         a.ended_at, _in_force(a, day), streaks.get(a.membership_id)) for a in found]
    current = sorted((row for row in rows if row.in_force), key=lambda row: danish_sort_key(row.name))
    return current + [row for row in rows if not row.in_force]


async def active_members(network_id: int) -> dict[int, str]:
    """Active members as {membership id: name}, in Danish order (for choosing one)."""
    rows = await Membership.filter(network_id=network_id, status=MembershipStatus.ACTIVE) \
        .values_list('id', 'person__name', 'person__library__name')
    labelled = [(membership_id, f'{name} ({library})' if library else name) for membership_id, name, library in rows]
    return dict(danish_sorted(labelled, key=lambda pair: pair[1]))


def _in_force(agreement: Agreement, day: dt.date) -> bool:
    return agreement.ended_at is None and agreement.valid_from <= day \
        and (agreement.valid_until is None or agreement.valid_until >= day)


def _landsdel(municipality: str | None) -> Landsdel | None:
    known = municipalities()
    return known[municipality].landsdel if municipality in known else None
