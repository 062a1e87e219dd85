"""Personal data under the GDPR (issue 4 §5): a member's own data as JSON, anonymising a former member, and the
retention period after which a former member's data is due for anonymisation.

Anonymising removes what identifies the person (name, e-mail, phone, job title, motivation, free-text notes and
reasons, logins, the address in the outbox and in the rate limits) and keeps what the network's history and
statistics need: the person's row, memberships with their statuses and dates, attendance records and audit entries.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from flnet_ui import events, i18n
from flnet_ui.i18n import N_, _, danish_sorted
from flnet_ui.labels import ATTENDANCE_STATUS, MEMBERSHIP_STATUS
from models import (
    FORMER,
    Agreement,
    AttendanceRecord,
    AuditEntry,
    LoginAttempt,
    LoginLink,
    LoginSession,
    MailStatus,
    MeetingResponse,
    Membership,
    MembershipStatus,
    Network,
    OutgoingMail,
    Person,
    RateLimitHit,
    User,
)

from .attendance import REASON_THREE_IN_A_ROW
from .audit import Actor, log
from .errors import DomainError
from .offers import REASON_EXPIRED
from .seats import REASON_SEAT_FREED, position

PLACEHOLDER_DOMAIN = 'invalid'  # RFC 2606: never routable, so nothing is ever sent to an anonymised address
# Audit reasons the rules write themselves: they say nothing personal and keep the history readable after anonymising.
# Any other reason was typed by a person and may say anything about the member, so it is blanked.
SYSTEM_REASONS = (N_('Application received'), N_('Application approved'), N_('Resigned'), N_('Left the waitlist'),
                  N_('Resigned on My page'), N_('Left the waitlist on My page'),
                  N_('Withdrew the application on My page'), N_('Accepted the offered seat'),
                  N_('Declined the offer, stays on the waitlist'), N_('Declined the offer and left the waitlist'),
                  REASON_EXPIRED, REASON_SEAT_FREED)


def placeholder_email(person_id: int) -> str:
    return f'anonymiseret-{person_id}@{PLACEHOLDER_DOMAIN}'


# --- a member's own data (the right of access, GDPR art. 15 and 20) ---

async def own_data(*, user: User, now: dt.datetime) -> dict[str, Any]:
    """Everything stored about the logged-in member's person, as JSON-ready values. Nothing about anyone else: the
    coordinator who made a change is named only by role."""
    if user.person_id is None:
        raise DomainError(_('This login does not belong to a member.'))
    person = await Person.get(id=user.person_id).select_related('library')
    memberships = await Membership.filter(person_id=person.id).select_related('network').order_by('id')
    membership_ids = [m.id for m in memberships]
    users = await User.filter(person_id=person.id)
    user_ids = [u.id for u in users]
    addresses = {person.email, *(u.email for u in users)}
    with i18n.language('da'):
        return {
            'exported_at': _iso(now),
            'person': {
                'name': person.name, 'email': person.email, 'phone': person.phone, 'job_title': person.job_title,
                'library': person.library.name if person.library else '',
                'municipality': person.library.municipality if person.library else '',
                'created_at': _iso(person.created_at), 'consent_at': _iso(person.consent_at),
            },
            'memberships': [await _membership(m) for m in memberships],
            'attendance': [_attendance(record) for record in await AttendanceRecord.filter(
                membership_id__in=membership_ids).select_related('meeting').order_by('meeting__starts_at', 'id')],
            'answers': [{'meeting': r.meeting.title, 'date': r.meeting.date.isoformat(), 'answer': r.answer.value,
                         'reason': r.reason, 'answered_at': _iso(r.answered_at)}
                        for r in await MeetingResponse.filter(membership_id__in=membership_ids)
                        .select_related('meeting').order_by('meeting__starts_at', 'id')],
            'agreements': [{'note': a.note, 'valid_from': a.valid_from.isoformat(),
                            'valid_until': a.valid_until.isoformat() if a.valid_until else None,
                            'ended_at': _iso(a.ended_at), 'created_at': _iso(a.created_at)}
                           for a in await Agreement.filter(membership_id__in=membership_ids).order_by('id')],
            'history': [_history(entry, user_ids) for entry in await AuditEntry.filter(person_id=person.id)
                        .exclude(subject='login').order_by('at', 'id')],
            'logins': {
                'accounts': [{'email': u.email, 'created_at': _iso(u.created_at), 'last_login_at':
                              _iso(u.last_login_at), 'calendar_feed': u.calendar_token is not None} for u in users],
                'sessions_started': [_iso(session.created_at) for session in
                                     await LoginSession.filter(user_id__in=user_ids).order_by('created_at', 'id')],
            },
            'emails': [{'subject': mail.subject, 'created_at': _iso(mail.created_at), 'sent_at': _iso(mail.sent_at),
                        'status': mail.status.value}
                       for mail in await OutgoingMail.filter(to_address__in=addresses).order_by('created_at', 'id')],
        }


async def _membership(membership: Membership) -> dict[str, Any]:
    status = MembershipStatus(membership.status)
    return {'network': membership.network.name, 'status': status.value, 'status_text': _(MEMBERSHIP_STATUS[status]),
            'applied_at': _iso(membership.applied_at), 'status_changed_at': _iso(membership.status_changed_at),
            'active_since': _iso(membership.active_since), 'motivation': membership.motivation,
            'waitlist_position': await position(membership) if status == MembershipStatus.WAITLISTED else None,
            'offer_expires_at': _iso(membership.offer_expires_at)}


def _attendance(record: AttendanceRecord) -> dict[str, Any]:
    return {'meeting': record.meeting.title, 'date': record.meeting.date.isoformat(), 'status': record.status.value,
            'status_text': _(ATTENDANCE_STATUS[record.status]), 'note': record.note}


def _history(entry: AuditEntry, own_user_ids: list[int]) -> dict[str, Any]:
    if entry.actor_id is not None and entry.actor_id in own_user_ids:
        by = _('you')
    elif entry.actor_id is None and not entry.actor_name:
        by = _('the rules')
    else:
        by = _('coordinator')  # never the coordinator's login or address
    return {'at': _iso(entry.at), 'by': by, 'subject': entry.subject, 'action': entry.action,
            'from': entry.from_value, 'to': entry.to_value, 'reason': entry.reason}


def _iso(moment: dt.datetime | None) -> str | None:
    return i18n.local(moment).isoformat() if moment else None


# --- anonymising a former member (the right to erasure, and the retention period) ---

async def anonymise(*, person_id: int, by: Actor, now: dt.datetime) -> Person:
    """Remove the personal data of a person whose every membership is former; history and counts stay."""
    person = await Person.get_or_none(id=person_id)
    if person is None:
        raise DomainError(_('The person does not exist.'))
    if person.anonymised_at is not None:
        raise DomainError(_('This person has already been anonymised.'))
    async with in_transaction():
        person = await Person.select_for_update().get(id=person_id)
        if person.anonymised_at is not None:  # done by another request a moment ago
            raise DomainError(_('This person has already been anonymised.'))
        memberships = await Membership.filter(person_id=person_id).select_for_update()
        if any(m.status not in FORMER for m in memberships):
            raise DomainError(_('Only a former member can be anonymised: resign or withdraw the membership first.'))
        users = await User.filter(person_id=person_id)
        user_ids = [u.id for u in users]
        addresses = sorted({person.email, *(u.email for u in users)})
        old_name = person.name
        with i18n.language('da'):
            new_name = _('Anonymised member {number}').format(number=person.id)
            unsent = _('Not sent: the recipient was anonymised.')
        new_email = placeholder_email(person.id)
        person.name, person.email, person.phone, person.job_title = new_name, new_email, '', ''
        person.consent_at, person.anonymised_at = None, now
        await person.save(update_fields=['name', 'email', 'phone', 'job_title', 'consent_at', 'anonymised_at'])
        membership_ids = [m.id for m in memberships]
        await Membership.filter(id__in=membership_ids).update(motivation='')
        await MeetingResponse.filter(membership_id__in=membership_ids).update(reason='')
        await AttendanceRecord.filter(membership_id__in=membership_ids).update(note='')
        await Agreement.filter(membership_id__in=membership_ids).update(note='')
        await LoginSession.filter(user_id__in=user_ids).delete()
        await LoginLink.filter(user_id__in=user_ids).delete()
        # The log keeps what the person did, no longer by which login (the name is replaced below).
        await AuditEntry.filter(actor_id__in=user_ids).update(actor_id=None)
        await User.filter(id__in=user_ids).delete()  # its calendar token, password and address go with it
        await LoginAttempt.filter(email__in=addresses).delete()
        await RateLimitHit.filter(key__in=addresses).delete()
        await _scrub_outbox(addresses, old_name, new_name, new_email, unsent)
        await _scrub_audit(person_id, addresses, new_name, new_email)
        await log(by=by, now=now, subject='person', subject_id=person_id, person_id=person_id, action='anonymise',
                  network_id=memberships[0].network_id if len(memberships) == 1 else None, to_value='anonymised')
    for network_id in {m.network_id for m in memberships}:
        events.membership.emit(network_id)
    return person


async def _scrub_outbox(addresses: list[str], old_name: str, new_name: str, new_email: str, unsent: str) -> None:
    # Messages to the person: the row stays (counts), the address and the content go; a queued one is never sent.
    await OutgoingMail.filter(to_address__in=addresses, status=MailStatus.QUEUED) \
        .update(status=MailStatus.FAILED, last_error=unsent)
    await OutgoingMail.filter(to_address__in=addresses) \
        .update(to_address=new_email, body_text='', attachment=None, attachment_name='', attachment_type='')
    await OutgoingMail.filter(to_address=new_email, status__not=MailStatus.QUEUED).exclude(last_error=unsent) \
        .update(last_error='')
    # Messages to others that name the person (e.g. to the coordinator): the name and address are replaced.
    mentions = Q(body_text__contains=old_name) | Q(subject__contains=old_name)
    for address in addresses:
        mentions |= Q(body_text__icontains=address) | Q(subject__icontains=address)
    for mail in await OutgoingMail.filter(mentions):
        mail.body_text = _replace(mail.body_text, old_name, new_name, addresses, new_email)
        mail.subject = _replace(mail.subject, old_name, new_name, addresses, new_email)
        await mail.save(update_fields=['body_text', 'subject'])


async def _scrub_audit(person_id: int, addresses: list[str], new_name: str, new_email: str) -> None:
    keep = _system_reasons()
    for entry in await AuditEntry.filter(person_id=person_id):
        fields = []
        if entry.subject == 'person' and entry.action == 'edit':
            # The reason is only which field changed; the old and new values are the personal data.
            entry.from_value, entry.to_value = '', ''
            fields += ['from_value', 'to_value']
        elif entry.reason and entry.reason not in keep:
            entry.reason = ''  # written by a person, so it may say anything about them
            fields.append('reason')
        if fields:
            await entry.save(update_fields=fields)
    # Entries elsewhere that hold the address or name as text: logins, links asked for, what the person did.
    await AuditEntry.filter(actor_name__in=addresses).update(actor_name=new_name)
    await AuditEntry.filter(to_value__in=addresses).update(to_value=new_email)
    await AuditEntry.filter(from_value__in=addresses).update(from_value=new_email)


def _replace(text: str, old_name: str, new_name: str, addresses: list[str], new_email: str) -> str:
    # As a whole word only: a short name must not change other words that contain it.
    text = re.sub(rf'(?<!\w){re.escape(old_name)}(?!\w)', lambda _match: new_name, text)
    for address in addresses:
        text = re.sub(re.escape(address), lambda _match: new_email, text, flags=re.IGNORECASE)
    return text


def _system_reasons() -> set[str]:
    """The rules' own reasons as stored: untranslated or in the language of whoever acted."""
    limits = range(1, 21)  # the absence limit's range (rules.NUMBERS)
    reasons = set(SYSTEM_REASONS) | {REASON_THREE_IN_A_ROW.format(limit=limit) for limit in limits}
    for language in i18n.LOCALES:
        with i18n.language(language):
            reasons |= {_(text) for text in SYSTEM_REASONS}
            reasons |= {_(REASON_THREE_IN_A_ROW).format(limit=limit) for limit in limits}
    return reasons


# --- retention ---

@dataclass(frozen=True)
class RetentionDue:
    person_id: int
    membership_id: int
    name: str
    status: MembershipStatus
    left_at: dt.datetime


async def retention_due(*, network_id: int, now: dt.datetime) -> list[RetentionDue]:
    """Former members of the network, not yet anonymised, who left more than the retention period ago. A person who
    is still active, waiting or applying in another network is not due: anonymising would take that away too."""
    network = await Network.get(id=network_id)
    cutoff = months_before(now, network.retention_months)
    candidates = await Membership.filter(network_id=network_id, status__in=FORMER, status_changed_at__lt=cutoff,
                                         person__anonymised_at__isnull=True).select_related('person')
    person_ids = [m.person_id for m in candidates]
    elsewhere = set(await Membership.filter(person_id__in=person_ids).exclude(status__in=FORMER)
                    .values_list('person_id', flat=True)) if person_ids else set()
    rows = [RetentionDue(m.person_id, m.id, m.person.name, MembershipStatus(m.status), m.status_changed_at)
            for m in candidates if m.person_id not in elsewhere]
    return danish_sorted(rows, key=lambda row: row.name)


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the month's last day)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    last_day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
