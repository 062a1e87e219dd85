"""The words of Min side: what a status means for the member and what happens next, and how the absence streak stands.

Honest rather than cheerful: a waitlisted member is told how seats free up and that they are all taken; a member one
meeting from the limit is told plainly that the next meeting decides.
"""
from __future__ import annotations

from flnet_ui.i18n import _, date_time, local, long_date, ngettext
from models import Membership, MembershipStatus, Network, WaitlistMode

from .streaks import Streak


def status_texts(membership: Membership, network: Network, position: int | None, taken: int) -> tuple[str, list[str]]:
    """(headline, explanation paragraphs) for the member's status."""
    status = MembershipStatus(membership.status)
    if status == MembershipStatus.WAITLISTED:
        position = position or 1
        return _('You are no. {n} on the waitlist').format(n=position), _waitlist_texts(network, position, taken)
    if status == MembershipStatus.ACTIVE:
        since = long_date(local(membership.active_since or membership.status_changed_at).date())
        return _('You are a member of the network'), [_('Member since {date}.').format(date=since)]
    if status == MembershipStatus.OFFERED:
        return _('You have been offered a seat'), _offer_texts(membership)
    if status == MembershipStatus.PENDING:
        applied = long_date(local(membership.applied_at).date())
        return (_('Your application is waiting to be processed'),
                [_('You applied {date}. The coordinator reviews applications and you will hear from us when yours '
                   'has been processed.').format(date=applied)])
    return _former_texts(status, network, long_date(local(membership.status_changed_at).date()))


def _offer_texts(membership: Membership) -> list[str]:
    texts = [_('A seat in the network is free, and it is offered to you. Accept it or say no thanks.')]
    if membership.offer_expires_at is not None:
        texts.append(_('Answer by {deadline}. Without an answer the seat goes to the next on the waitlist, and you '
                       'are put last on the waitlist.').format(deadline=date_time(membership.offer_expires_at)))
    return texts


def _former_texts(status: MembershipStatus, network: Network, changed: str) -> tuple[str, list[str]]:
    again = _('You are welcome to apply again.')
    if status == MembershipStatus.RESIGNED:
        return _('You have resigned from the network'), [_('You resigned {date}.').format(date=changed), again]
    if status == MembershipStatus.DEREGISTERED:
        missed = ngettext('You were deregistered automatically {date}, because you did not attend {n} meeting.',
                          'You were deregistered automatically {date}, because you did not attend {n} meetings in a '
                          'row.', network.absence_limit).format(date=changed, n=network.absence_limit)
        return _('You have been deregistered automatically'), [missed, again]
    if status == MembershipStatus.REJECTED:
        return _('Your application was not approved'), [_('The decision was made {date}.').format(date=changed), again]
    return (_('You are no longer on the waitlist'),
            [_('You left the waitlist or withdrew your application {date}.').format(date=changed), again])


def _waitlist_texts(network: Network, position: int, taken: int) -> list[str]:
    texts = [_('Seats become free when members resign or are deregistered.')]
    if taken >= network.capacity:
        texts.append(ngettext('There is {n} seat, and it is taken.', 'There are {n} seats, and all are taken.',
                              network.capacity).format(n=network.capacity))
    else:
        texts.append(ngettext('There is {n} seat, and {taken} is taken.', 'There are {n} seats, and {taken} are taken.',
                              network.capacity).format(n=network.capacity, taken=taken))
    ahead = position - 1
    if ahead:
        texts.append(ngettext('{n} person is ahead of you.', '{n} people are ahead of you.', ahead).format(n=ahead))
    else:
        texts.append(_('You are first in line: the next seat that becomes free is yours.'))
    if network.waitlist_mode == WaitlistMode.OFFER:
        texts.append(ngettext('When it is your turn, you will be offered the seat and have {n} day to answer.',
                              'When it is your turn, you will be offered the seat and have {n} days to answer.',
                              network.offer_days).format(n=network.offer_days))
    else:
        texts.append(_('When it is your turn, you get the seat at once.'))
    return texts


def streak_texts(streak: Streak) -> tuple[str, str, str]:
    """(level, how it stands, the rule): level is 'none', 'calm', 'risk' (one more missed meeting deregisters) or
    'agreement' (an agreement with the coordinator stops the automatic deregistration)."""
    n = streak.count
    rule = ngettext('Members who do not attend {n} meeting are deregistered automatically, unless otherwise agreed '
                    'with the coordinator.',
                    'Members who do not attend {n} meetings in a row are deregistered automatically, unless otherwise '
                    'agreed with the coordinator.', streak.limit).format(n=streak.limit)
    missed = ngettext('You did not attend the latest meeting.', 'You did not attend the {n} latest meetings.',
                      n).format(n=n)
    if streak.agreement:
        text = _('You have an agreement with the coordinator: you are not deregistered automatically while it is in '
                 'force.')
        return 'agreement', f'{missed} {text}' if n else text, rule
    if n == 0:
        return 'none', _('No absence in a row.'), rule
    if streak.at_risk:
        return 'risk', ngettext(
            'You did not attend the latest meeting – attend the next meeting, or you will be deregistered '
            'automatically',
            'You did not attend the {n} latest meetings – attend the next meeting, or you will be deregistered '
            'automatically', n).format(n=n), rule
    return 'calm', missed, rule
