"""What a member does on their own page, as themselves: answer meetings, resign, leave the waitlist, answer an offer.

Each verb takes the logged-in user, checks that the membership is theirs (an id that came from a browser is never
trusted), and then calls the service that owns the rule, as that user: the audit trail says the member did it.
"""
from __future__ import annotations

import datetime as dt

from flnet_ui.i18n import _
from models import Answer, MeetingResponse, Membership, MembershipStatus, Role, User

from . import membership as membership_service
from . import offers, responses
from .audit import Actor
from .errors import DomainError
from .inputs import clean_text
from .seats import Placement


async def answer_meeting(*, user: User, membership_id: int, meeting_id: int, answer: Answer, reason: str = '',
                         now: dt.datetime) -> MeetingResponse:
    await own_membership(user, membership_id)
    return await responses.answer(membership_id=membership_id, meeting_id=meeting_id, answer=answer, reason=reason,
                                  by=_actor(user), now=now)


async def withdraw_answer(*, user: User, membership_id: int, meeting_id: int, now: dt.datetime) -> None:
    await own_membership(user, membership_id)
    await responses.withdraw_answer(membership_id=membership_id, meeting_id=meeting_id, by=_actor(user), now=now)


async def resign(*, user: User, membership_id: int, reason: str = '', now: dt.datetime) -> Placement:
    """An active member leaves the network (an offered seat is declined instead, see decline_offer)."""
    found = await own_membership(user, membership_id)
    if found.status != MembershipStatus.ACTIVE:
        raise DomainError(_('Only an active member can resign.'))
    return await membership_service.resign(membership_id=membership_id,
                                           reason=clean_text(reason).strip() or _('Resigned on My page'),
                                           by=_actor(user), now=now)


async def leave(*, user: User, membership_id: int, reason: str = '', now: dt.datetime) -> Placement:
    """Leave the waitlist, or withdraw an application still waiting for review."""
    found = await own_membership(user, membership_id)
    if found.status == MembershipStatus.WAITLISTED:
        default = _('Left the waitlist on My page')
    elif found.status == MembershipStatus.PENDING:
        default = _('Withdrew the application on My page')
    else:
        raise DomainError(_('Only an application or a place on the waitlist can be withdrawn here.'))
    return await membership_service.withdraw(membership_id=membership_id, reason=clean_text(reason).strip() or default,
                                             by=_actor(user), now=now)


async def accept_offer(*, user: User, membership_id: int, now: dt.datetime) -> None:
    await own_membership(user, membership_id)
    await offers.accept_offer(membership_id=membership_id, by=_actor(user), now=now)


async def decline_offer(*, user: User, membership_id: int, keep_place: bool, now: dt.datetime) -> Placement:
    await own_membership(user, membership_id)
    return await offers.decline_offer(membership_id=membership_id, keep_place=keep_place, by=_actor(user), now=now)


async def own_membership(user: User, membership_id: int) -> Membership:
    """The membership, if it belongs to this member's login; otherwise a refusal that reveals nothing about it."""
    found = await Membership.get_or_none(id=membership_id)
    if (found is None or user.role != Role.MEMBER or not user.is_active or user.person_id is None
            or found.person_id != user.person_id):
        raise DomainError(_('This is not your membership.'))
    return found


def _actor(user: User) -> Actor:
    return Actor(user.id, user.email)  # as access.actor_of: services must not import the UI layer
