"""E-mails about meetings (issue 4 §4): the invitation, the reminder before the day, the minutes, and what closing
a meeting means for a member's attendance (at risk, automatically deregistered).

Like notices.py: rendered in Danish, queued inside the caller's transaction, links absolute. Each goes to every active
member; the reminder skips those who already sent apologies and tells the others what they answered.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from flnet_ui import i18n
from flnet_ui.i18n import _, ngettext
from models import (
    Answer,
    Library,
    Meeting,
    MeetingResponse,
    Membership,
    MembershipStatus,
    Network,
    OutgoingMail,
    Person,
)

from .audit import Actor
from .notices import APPLY_PAGE, MAIL_LANGUAGE, MEMBER_PAGE, link, next_meeting, recipient, send


async def invitation(meeting: Meeting, network: Network, *, now: dt.datetime) -> int:
    """Invite every active member; returns how many were written to."""
    count = 0
    facts = await _facts(meeting, network)
    for person, _answer in await _active_members(network.id, meeting.id):
        with i18n.language(MAIL_LANGUAGE):
            await send(
                to=person.email, network=network, now=now,
                subject=_('Invitation: {title}, {date}').format(title=meeting.title, date=_short(meeting)),
                paragraphs=[
                    _('Dear {name}').format(name=person.name),
                    _('You are invited to a theme day of {network}:').format(network=network.name),
                    facts(),
                    _('Please answer on your own page whether you will attend or send apologies: {url}').format(
                        url=link(MEMBER_PAGE)),
                    _calendar(meeting),
                ])
        count += 1
    return count


async def reminder(meeting: Meeting, network: Network, *, now: dt.datetime) -> int:
    """Remind the active members who have not sent apologies; returns how many were written to."""
    count = 0
    facts = await _facts(meeting, network)
    for person, answer in await _active_members(network.id, meeting.id):
        if answer == Answer.APOLOGY:
            continue
        with i18n.language(MAIL_LANGUAGE):
            if answer == Answer.ATTENDING:
                status = _('You have signed up. If you can no longer come, send apologies on your own page: {url}')
            else:
                status = _('You have not answered yet. Please sign up or send apologies on your own page: {url}')
            await send(
                to=person.email, network=network, now=now,
                subject=_('Reminder: {title}, {date}').format(title=meeting.title, date=_short(meeting)),
                paragraphs=[
                    _('Dear {name}').format(name=person.name),
                    _('A reminder of the coming theme day of {network}:').format(network=network.name),
                    facts(),
                    status.format(url=link(MEMBER_PAGE)),
                    _calendar(meeting),
                ])
        count += 1
    return count


async def minutes_distributed(meeting: Meeting, *, pdf: bytes | None = None, now: dt.datetime,
                              archive_path: str = MEMBER_PAGE) -> int:
    """The approved minutes to every active member, with the PDF attached when given; returns the count.
    For the minutes issue: call it inside the transaction that marks the minutes distributed, then `mail.wake()`."""
    network = await Network.get(id=meeting.network_id)
    attachment = (minutes_file_name(meeting), pdf, 'application/pdf') if pdf is not None else None
    count = 0
    for person, _answer in await _active_members(network.id, meeting.id):
        with i18n.language(MAIL_LANGUAGE):
            paragraphs = [
                _('Dear {name}').format(name=person.name),
                _('The minutes of the theme day «{title}», {date}, have been approved.').format(
                    title=meeting.title, date=i18n.long_date(meeting.date))]
            if attachment:
                paragraphs.append(_('The minutes are attached as a PDF file.'))
            paragraphs.append(_("You also find the minutes and the meeting's material on your own page: {url}")
                              .format(url=link(archive_path)))
            await send(to=person.email, network=network, now=now, attachment=attachment, paragraphs=paragraphs,
                       subject=_('Minutes: {title}, {date}').format(title=meeting.title, date=_short(meeting)))
        count += 1
    return count


async def at_risk(membership: Membership, network: Network, meeting: Meeting, *, by: Actor,
                  now: dt.datetime) -> OutgoingMail | None:
    """One more missed meeting and the rule deregisters this member. Told once per meeting, also if it is closed,
    reopened and closed again."""
    person = await recipient(membership, by=by)
    if person is None:
        return None
    missed, limit = network.absence_limit - 1, network.absence_limit
    with i18n.language(MAIL_LANGUAGE):
        subject = _('Important: take part in the next meeting of {network}').format(network=network.name)
        if await OutgoingMail.filter(to_address=person.email, subject=subject,
                                     created_at__gte=meeting.starts_at).exists():
            return None
        return await send(
            to=person.email, network=network, now=now, subject=subject,
            paragraphs=[
                _('Dear {name}').format(name=person.name),
                ngettext('You have not attended the most recent meeting – attend the next meeting, or you will be '
                         'deregistered automatically.',
                         'You have not attended the {n} most recent meetings – attend the next meeting, or you will '
                         'be deregistered automatically.', missed).format(n=missed),
                _('The most recent was «{title}», {date}.').format(title=meeting.title,
                                                                   date=i18n.long_date(meeting.date)),
                ngettext("The network's rules say that a member who misses {n} meeting in a row is deregistered "
                         'automatically, unless otherwise agreed with the network coordinator. Apologies count as '
                         'not attending too.',
                         "The network's rules say that a member who misses {n} meetings in a row is deregistered "
                         'automatically, unless otherwise agreed with the network coordinator. Apologies count as '
                         'not attending too.', limit).format(n=limit),
                await next_meeting(network, now=now),
                _('If you cannot attend for a special reason, contact the network coordinator about an agreement. '
                  'Your own page shows your attendance: {url}').format(url=link(MEMBER_PAGE)),
            ])


async def deregistered(membership: Membership, network: Network, meeting: Meeting, *, by: Actor,
                       now: dt.datetime) -> OutgoingMail | None:
    """Rule R2 has deregistered this member when `meeting` was closed."""
    person = await recipient(membership, by=by)
    if person is None:
        return None
    limit = network.absence_limit
    with i18n.language(MAIL_LANGUAGE):
        return await send(
            to=person.email, network=network, now=now,
            subject=_('You have been deregistered from {network}').format(network=network.name),
            paragraphs=[
                _('Dear {name}').format(name=person.name),
                ngettext('You have not attended {n} meeting in a row of {network}, most recently «{title}», {date}. '
                         "Under the network's rules you are therefore deregistered automatically.",
                         'You have not attended {n} meetings in a row of {network}, most recently «{title}», {date}. '
                         "Under the network's rules you are therefore deregistered automatically.", limit).format(
                    n=limit, network=network.name, title=meeting.title, date=i18n.long_date(meeting.date)),
                _('You are welcome to apply again: {url}. A new application is handled like any other and goes on '
                  'the waitlist if the network is full.').format(url=link(APPLY_PAGE)),
                _('If you think this is a mistake, contact the network coordinator at {organisation}.').format(
                    organisation=network.coordinator_org),
            ])


def minutes_file_name(meeting: Meeting) -> str:
    """'referat-2026-03-04-fjernlaan-i-en-digital-tid.pdf': the date first, so the files sort in order."""
    return f'referat-{meeting.date.isoformat()}-{slug(meeting.title)}.pdf'


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; the Danish letters spelled as Danes do without them."""
    text = text.lower().replace('æ', 'ae').replace('ø', 'oe').replace('å', 'aa')
    text = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode()
    return re.sub(r'[^a-z0-9]+', '-', text).strip('-')[:60].rstrip('-') or 'moede'


# --- helpers -------------------------------------------------------------------------------------------------------

async def minutes_recipients(meeting: Meeting) -> int:
    """How many `minutes_distributed` would mail now: what the coordinator is told before sending."""
    return len(await _active_members(meeting.network_id, meeting.id))


async def _active_members(network_id: int, meeting_id: int) -> list[tuple[Person, Answer | None]]:
    """Every active member with an address, and their answer to the meeting if any."""
    memberships = await Membership.filter(network_id=network_id, status=MembershipStatus.ACTIVE) \
        .select_related('person').order_by('id')
    answers = dict(await MeetingResponse.filter(meeting_id=meeting_id).values_list('membership_id', 'answer'))
    return [(m.person, Answer(answers[m.id]) if m.id in answers else None) for m in memberships
            if m.person.email and m.person.anonymised_at is None]


async def _facts(meeting: Meeting, network: Network) -> Callable[[], str]:
    """The meeting's facts as one block of lines; a function, so it renders inside the caller's mail language."""
    host = await Library.get_or_none(id=meeting.host_id) if meeting.host_id else None
    host_name = host.name if host else network.coordinator_org

    def render() -> str:
        lines = [
            _('Theme: {title}').format(title=meeting.title),
            _('When: {date}, {start}–{end}').format(date=i18n.long_date(meeting.date),
                                                   start=i18n.clock(meeting.start_time),
                                                   end=i18n.clock(meeting.end_time)),
            _('Host library: {host}').format(host=host_name)]
        if meeting.address:
            lines.append(_('Address: {address}').format(address=meeting.address))
        if meeting.description:
            lines += ['', meeting.description]
        return '\n'.join(lines)
    return render


def _calendar(meeting: Meeting) -> str:
    return _('Add the meeting to your calendar: {url}').format(url=link(f'/moeder/{meeting.id}.ics'))


def _short(meeting: Meeting) -> str:
    return i18n.short_date(meeting.date)
