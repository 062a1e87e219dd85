"""The e-mails flnet sends to applicants and members (issue 4 §4), one function per event.

Each function renders one message in Danish, whatever language the acting coordinator's browser shows, and puts it
in the outbox with `mail.queue` inside the caller's transaction, so a rolled-back change sends nothing. The service
that called it runs `mail.wake()` after its commit. Links are absolute, built on FLNET_PUBLIC_URL.

Membership events live here; meetings and what closing one means for a member in notices_meetings.py.
Nobody is written to about their own action (`recipient`), and an anonymised person has no address to write to.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flnet_ui import config, i18n, mail
from flnet_ui.i18n import _, ngettext
from models import (
    Meeting,
    MeetingStatus,
    Membership,
    MembershipStatus,
    Network,
    OutgoingMail,
    Person,
    User,
    WaitlistMode,
)

from .audit import Actor

if TYPE_CHECKING:
    from .seats import Placement

MAIL_LANGUAGE = 'da'
MEMBER_PAGE = '/min-side'
APPLY_PAGE = '/ansoeg'


def link(path: str) -> str:
    """An absolute address of a page of this app, for a message read outside it."""
    return config.load().public_url + path


async def send(*, to: str, subject: str, paragraphs: list[str], network: Network | None,
               now: dt.datetime, attachment: tuple[str, bytes, str] | None = None) -> OutgoingMail:
    """Queue one plain-text message: a greeting-free body of paragraphs and the network's signature."""
    signature = _('Kind regards\n{network}\n{organisation}').format(
        network=network.name if network else 'FL-netværket',
        organisation=network.coordinator_org if network else 'Statsbiblioteket')
    body = '\n\n'.join([*paragraphs, signature]) + '\n'
    return await mail.queue(to=to, subject=subject, body=body, network_id=network.id if network else None,
                            attachment=attachment, now=now)


async def recipient(membership: Membership, *, by: Actor | None = None) -> Person | None:
    """The person to write to about a change, or None: not the one who made the change (a coordinator acting on
    their own membership, a member answering for themself), and not an anonymised person."""
    person = await Person.get(id=membership.person_id)
    if person.anonymised_at is not None or not person.email:
        return None
    if by is not None and by.name and by.name.lower() == person.email:
        return None
    if by is not None and by.user_id is not None and \
            await User.filter(id=by.user_id, person_id=person.id).exists():
        return None
    return person


def deadline_text(moment: dt.datetime) -> str:
    """'onsdag den 18. marts 2026 kl. 10.00' in Danish time."""
    local = i18n.local(moment)
    return _('{date} at {time}').format(date=i18n.long_date(local.date()), time=i18n.clock(local.time()))


async def application_received(membership: Membership, person: Person, network: Network, *,
                               now: dt.datetime) -> OutgoingMail:
    """The receipt for an application made on the public form."""
    with i18n.language(MAIL_LANGUAGE):
        return await send(
            to=person.email, network=network, now=now,
            subject=_('We have received your application to {network}').format(network=network.name),
            paragraphs=[
                _('Dear {name}').format(name=person.name),
                _('Thank you for your application to {network}, received {date}. The network coordinator reviews '
                  'applications and writes to you when yours has been decided.').format(
                    network=network.name, date=i18n.long_date(i18n.today(now))),
                _('You can follow your application on your own page: {url}').format(url=link(MEMBER_PAGE)),
            ])


async def approved(membership: Membership, network: Network, placement: Placement, *, by: Actor,
                   now: dt.datetime) -> OutgoingMail | None:
    """An approved application: a member at once, or on the waitlist with the position and how seats free up.
    Someone whom the same change gave (or offered) a seat from the waitlist already has that message."""
    if membership.status == MembershipStatus.ACTIVE:
        with i18n.language(MAIL_LANGUAGE):
            return await _welcome(membership, network, by=by, now=now, intro=_(
                'Your application has been approved: you are now a member of {network}.').format(network=network.name))
    if membership.id in {m.id for m in [*placement.promoted, *placement.offered]}:
        return None
    person = await recipient(membership, by=by)
    if person is None or membership.status != MembershipStatus.WAITLISTED:
        return None
    from .seats import position  # seats imports this module to announce the seats it fills
    with i18n.language(MAIL_LANGUAGE):
        return await send(
            to=person.email, network=network, now=now,
            subject=_('You are on the waitlist of {network}').format(network=network.name),
            paragraphs=[
                _('Dear {name}').format(name=person.name),
                _('Your application has been approved. All {capacity} seats in {network} are taken, so you are '
                  'number {position} on the waitlist.').format(capacity=network.capacity, network=network.name,
                                                               position=await position(membership)),
                _how_seats_free_up(network),
                _('You can follow your place on the waitlist on your own page: {url}').format(url=link(MEMBER_PAGE)),
            ])


async def rejected(membership: Membership, network: Network, *, reason: str, by: Actor,
                   now: dt.datetime) -> OutgoingMail | None:
    person = await recipient(membership, by=by)
    if person is None:
        return None
    with i18n.language(MAIL_LANGUAGE):
        paragraphs = [
            _('Dear {name}').format(name=person.name),
            _('Thank you for your interest in {network}. Unfortunately, your application has not been approved.')
            .format(network=network.name)]
        if reason.strip():
            paragraphs.append(_('The reason: {reason}').format(reason=reason.strip()))
        paragraphs.append(_('If you have questions, contact the network coordinator at {organisation}.').format(
            organisation=network.coordinator_org))
        return await send(to=person.email, network=network, now=now, paragraphs=paragraphs,
                          subject=_('Your application to {network}').format(network=network.name))


async def seats_filled(placement: Placement, network: Network, *, by: Actor, now: dt.datetime) -> None:
    """Tell everyone a change gave a seat (automatic mode) or offered one (offer mode)."""
    for membership in placement.promoted:
        await seat_granted(membership, network, by=by, now=now)
    for membership in placement.offered:
        await seat_offered(membership, network, by=by, now=now)


async def seat_granted(membership: Membership, network: Network, *, by: Actor,
                       now: dt.datetime) -> OutgoingMail | None:
    with i18n.language(MAIL_LANGUAGE):
        return await _welcome(membership, network, by=by, now=now, intro=_(
            'A seat has become free, and as the first on the waitlist you now have it: you are a member of {network} '
            'from today, {date}.').format(network=network.name, date=i18n.long_date(i18n.today(now))))


async def offer_accepted(membership: Membership, network: Network, *, by: Actor,
                         now: dt.datetime) -> OutgoingMail | None:
    """The confirmation when the coordinator registered the member's yes (a member who clicked it needs none)."""
    with i18n.language(MAIL_LANGUAGE):
        return await _welcome(membership, network, by=by, now=now, intro=_(
            'Your acceptance of the offered seat has been registered: you are a member of {network} from today, '
            '{date}.').format(network=network.name, date=i18n.long_date(i18n.today(now))))


async def seat_offered(membership: Membership, network: Network, *, by: Actor,
                       now: dt.datetime) -> OutgoingMail | None:
    person = await recipient(membership, by=by)
    if person is None or membership.offer_expires_at is None:
        return None
    with i18n.language(MAIL_LANGUAGE):
        deadline = i18n.short_date(i18n.local(membership.offer_expires_at).date())
        return await send(
            to=person.email, network=network, now=now,
            subject=_('A seat in {network} is offered to you – answer by {date}').format(
                network=network.name, date=deadline),
            paragraphs=[
                _('Dear {name}').format(name=person.name),
                _('A seat in {network} has become free, and as the first on the waitlist you are offered it.')
                .format(network=network.name),
                *_offer_answer(membership.offer_expires_at),
            ])


async def offer_reminder(membership: Membership, network: Network, *, now: dt.datetime) -> OutgoingMail | None:
    person = await recipient(membership)
    if person is None or membership.offer_expires_at is None:
        return None
    with i18n.language(MAIL_LANGUAGE):
        deadline = i18n.short_date(i18n.local(membership.offer_expires_at).date())
        return await send(
            to=person.email, network=network, now=now,
            subject=_('Reminder: answer the offer of a seat in {network} by {date}').format(
                network=network.name, date=deadline),
            paragraphs=[
                _('Dear {name}').format(name=person.name),
                _('You have been offered a seat in {network} and have not answered yet.').format(
                    network=network.name),
                *_offer_answer(membership.offer_expires_at),
            ])


async def offer_expired(membership: Membership, network: Network, *, now: dt.datetime) -> OutgoingMail | None:
    person = await recipient(membership)
    if person is None:
        return None
    from .seats import position  # seats imports this module to announce the seats it fills
    with i18n.language(MAIL_LANGUAGE):
        return await send(
            to=person.email, network=network, now=now,
            subject=_('The offer of a seat in {network} has expired').format(network=network.name),
            paragraphs=[
                _('Dear {name}').format(name=person.name),
                _('We did not receive an answer to the offer of a seat before the deadline, so the seat has gone to '
                  'the next on the waitlist. You are still on the waitlist, now as number {position}.').format(
                    position=await position(membership)),
                _('If you no longer want a seat, you can leave the waitlist on your own page: {url}').format(
                    url=link(MEMBER_PAGE)),
            ])


# --- helpers -------------------------------------------------------------------------------------------------------

async def _welcome(membership: Membership, network: Network, *, by: Actor, now: dt.datetime,
                   intro: str) -> OutgoingMail | None:
    """A new member's message: what happened (`intro`, rendered by the caller inside the mail language), the
    attendance rule and the next meeting."""
    person = await recipient(membership, by=by)
    if person is None:
        return None
    limit = network.absence_limit
    with i18n.language(MAIL_LANGUAGE):
        return await send(
            to=person.email, network=network, now=now,
            subject=_('Welcome to {network}').format(network=network.name),
            paragraphs=[
                _('Dear {name}').format(name=person.name),
                intro,
                ngettext('Please try to attend every meeting: a member who misses {n} meeting in a row is deregistered '
                         'automatically, unless otherwise agreed with the network coordinator.',
                         'Please try to attend every meeting: a member who misses {n} meetings in a row is '
                         'deregistered automatically, unless otherwise agreed with the network coordinator.',
                         limit).format(n=limit),
                await next_meeting(network, now=now),
                _('Your own page shows your status, the coming meetings and your answers: {url}').format(
                    url=link(MEMBER_PAGE)),
            ])


def _how_seats_free_up(network: Network) -> str:
    if network.waitlist_mode == WaitlistMode.OFFER:
        return ngettext('Seats become free when members resign or are deregistered. The first on the waitlist is '
                        'then offered the seat and has {n} day to answer; we write to you when it is your turn.',
                        'Seats become free when members resign or are deregistered. The first on the waitlist is '
                        'then offered the seat and has {n} days to answer; we write to you when it is your turn.',
                        network.offer_days).format(n=network.offer_days)
    return _('Seats become free when members resign or are deregistered. The first on the waitlist then gets the '
             'seat at once, and we write to you when it is yours.')


def _offer_answer(expires_at: dt.datetime) -> list[str]:
    return [
        _('Answer by {deadline}. Accept or decline the seat on your own page: {url}').format(
            deadline=deadline_text(expires_at), url=link(MEMBER_PAGE)),
        _('If you decline, you can choose to stay on the waitlist (at the back) or to leave it. If you do not answer '
          'in time, the seat goes to the next on the waitlist and you move to the back of the waitlist.'),
    ]


async def next_meeting(network: Network, *, now: dt.datetime) -> str:
    meeting = await Meeting.filter(network_id=network.id, status=MeetingStatus.PLANNED, starts_at__gt=now) \
        .order_by('starts_at').first()
    if meeting is None:
        return _('The next meeting has not been planned yet; you will get an invitation by e-mail.')
    return _('The next meeting is «{title}», {date}.').format(title=meeting.title, date=i18n.long_date(meeting.date))
