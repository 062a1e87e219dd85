"""People as the coordinator sees them: the member list, one person's record, and editing contact data.

Editing writes one audit entry per changed field (subject 'person', action 'edit', the field's key as the reason,
from/to the old and new value), so the person's timeline says what changed; nothing changes silently.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from flnet_ui import events
from flnet_ui.db import in_open_transaction
from flnet_ui.i18n import _, danish_sorted
from models import AttendanceRecord, Landsdel, Library, MeetingStatus, Membership, MembershipStatus, Person
from models.reference import municipalities

from .audit import Actor, log
from .errors import DomainError
from .membership import _clean_email, _clean_job_title, _clean_name, _clean_phone
from .seats import position, waitlisted
from .streaks import Streak, member_streak, network_streaks

AUDIT_LENGTH = 200  # the audit log's from/to columns


@dataclass(frozen=True)
class MemberRow:
    membership_id: int
    person_id: int
    name: str
    email: str
    phone: str
    job_title: str
    library_id: int | None
    library: str
    municipality: str
    landsdel: Landsdel | None
    status: MembershipStatus
    position: int | None         # on the waitlist
    streak: Streak | None        # active members only
    anonymised: bool = False     # GDPR: personal data removed; the e-mail is then shown as empty


@dataclass(frozen=True)
class MemberList:
    rows: list[MemberRow]
    counts: dict[MembershipStatus, int]  # in the whole network, not only the filtered rows


async def list_members(*, network_id: int, now: dt.datetime, search: str = '', status: MembershipStatus | None = None,
                       library_id: int | None = None, landsdel: Landsdel | None = None) -> MemberList:
    """Everyone who has applied to the network, filtered, in Danish order by name."""
    # Plain values, not model instances: a network's former members add up over the years, and building 6,000 models
    # (membership, person, library) for 2,000 people was two thirds of drawing Medlemmer (bench/).
    listed = await Membership.filter(network_id=network_id).values_list(*_LISTED)
    queue = {id_: n for n, id_ in enumerate(await waitlisted(network_id).values_list('id', flat=True), start=1)}
    streaks = await network_streaks(network_id, now=now)
    counts = Counter(MembershipStatus(values[1]) for values in listed)
    rows = [_listed_row(values, queue.get(values[0]), streaks.get(values[0])) for values in listed]
    needle = search.strip().casefold()
    rows = [row for row in rows
            if (not needle or any(needle in text.casefold() for text in (row.name, row.email, row.library)))
            and (status is None or row.status == status)
            and (library_id is None or row.library_id == library_id)
            and (landsdel is None or row.landsdel == landsdel)]
    return MemberList(danish_sorted(rows, key=lambda row: row.name), dict(counts))


_LISTED = ('id', 'status', 'person_id', 'person__name', 'person__email', 'person__phone', 'person__job_title',
           'person__library_id', 'person__library__name', 'person__library__municipality', 'person__anonymised_at')


def _listed_row(values: tuple, queue_position: int | None, streak: Streak | None) -> MemberRow:  # type: ignore[type-arg]
    """A row of the member list from the values of _LISTED, in that order."""
    (membership_id, status, person_id, name, email, phone, job_title, library_id, library, municipality,
     anonymised_at) = values
    status = MembershipStatus(status)
    known = municipalities()
    municipality = municipality or ''
    # An anonymised person's address is a placeholder that only keeps the column unique: never show or export it.
    return MemberRow(membership_id, person_id, name, '' if anonymised_at else email, phone, job_title, library_id,
                     library or '', municipality, known[municipality].landsdel if municipality in known else None,
                     status, queue_position, streak if status == MembershipStatus.ACTIVE else None,
                     anonymised_at is not None)


def _row(membership: Membership, queue_position: int | None, streak: Streak | None) -> MemberRow:
    """The row of a membership read with its person and library."""
    person = membership.person
    library: Library | None = person.library
    return _listed_row((membership.id, membership.status, person.id, person.name, person.email, person.phone,
                        person.job_title, person.library_id, library.name if library else None,
                        library.municipality if library else None, person.anonymised_at), queue_position, streak)


@dataclass(frozen=True)
class PersonRecord:
    row: MemberRow
    attendance: list[AttendanceRecord]  # per closed meeting, newest first, with .meeting loaded


async def person_record(*, membership_id: int, now: dt.datetime) -> PersonRecord | None:
    membership = await Membership.get_or_none(id=membership_id).select_related('person', 'person__library')
    if membership is None:
        return None
    streak = await member_streak(membership, now=now) if membership.status == MembershipStatus.ACTIVE else None
    attendance = await AttendanceRecord.filter(membership_id=membership_id, meeting__status=MeetingStatus.CLOSED) \
        .select_related('meeting').order_by('-meeting__starts_at', '-meeting_id')
    return PersonRecord(_row(membership, await position(membership), streak), list(attendance))


async def update_person(*, person_id: int, name: str, email: str, phone: str = '', job_title: str = '',
                        library_id: int | None = None, by: Actor, now: dt.datetime) -> Person:
    """Change a person's contact data. The e-mail address stays unique, ignoring case."""
    name, email = _clean_name(name), _clean_email(email)
    phone, job_title = _clean_phone(phone), _clean_job_title(job_title)
    library = None
    if library_id is not None:
        library = await Library.get_or_none(id=library_id)
        if library is None:
            raise DomainError(_('Choose a library from the list.'), field='library')
    try:
        async with in_transaction():
            person = await Person.get_or_none(id=person_id).select_related('library')
            if person is None:
                raise DomainError(_('The person does not exist.'))
            if await Person.filter(email=email).exclude(id=person_id).exists():
                raise DomainError(_('Another person already has this e-mail address.'), field='email')
            old_library = person.library.name if person.library else ''
            changes = [(key, before, after) for key, before, after in (
                ('name', person.name, name), ('email', person.email, email), ('phone', person.phone, phone),
                ('job_title', person.job_title, job_title),
                ('library', old_library, library.name if library else '')) if before != after]
            if not changes:
                return person
            person.name, person.email, person.phone, person.job_title = name, email, phone, job_title
            person.library_id = library_id
            await person.save(update_fields=['name', 'email', 'phone', 'job_title', 'library_id'])
            network_ids: list[int] = list(await Membership.filter(person_id=person_id)
                                          .values_list('network_id', flat=True))  # type: ignore[arg-type]
            for key, before, after in changes:
                await log(by=by, now=now, subject='person', subject_id=person_id, person_id=person_id,
                          network_id=network_ids[0] if len(network_ids) == 1 else None, action='edit',
                          from_value=before[:AUDIT_LENGTH], to_value=after[:AUDIT_LENGTH], reason=key)
    except IntegrityError as error:  # the same address saved at the same moment elsewhere
        raise DomainError(_('Another person already has this e-mail address.'), field='email') from error
    # NOTE: a returning applicant's new details are saved inside the application's transaction, which announces the
    # change after its commit (applications.submit; see in_open_transaction for what emitting before it does).
    if not in_open_transaction():
        for network_id in set(network_ids):
            events.membership.emit(network_id)
    return person

