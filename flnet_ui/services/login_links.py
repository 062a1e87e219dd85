"""Logging in by e-mail link (issue 4 §2): single use, valid for 30 minutes, asked for without revealing anything.

Anyone may ask for a link for any address. Only a person with a membership (in any status: pending, waitlisted,
active, offered or former) gets one; the answer, and roughly the time it takes, is the same for every address, so the
form cannot be used to find out who is in the network. The member's login is created the first time, without a
password. Coordinators log in with their password and never get a link.

The link carries a random token; only its SHA-256 is stored. Using it is one conditional UPDATE, so two clicks at
the same moment give one session, and it ends the person's other unused links.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from flnet_ui import i18n, mail
from flnet_ui.i18n import _
from models import LoginLink, Membership, Network, Person, RateLimitHit, Role, User

from .audit import SYSTEM, Actor, log
from .errors import DomainError
from .membership import _clean_email
from .notices import MAIL_LANGUAGE, link, send
from .sessions import LoggedIn, start_session

LINK_LIFETIME = dt.timedelta(minutes=30)
RATE_WINDOW = dt.timedelta(minutes=15)
MAX_PER_EMAIL = 5    # links asked for one address in the window: enough for a lost mail or two, not a mail bomb
MAX_PER_ADDRESS = 10  # from one network address: a library's staff often share one public address
KIND_EMAIL = 'login link e-mail'
KIND_ADDRESS = 'login link address'


def invalid_link() -> DomainError:
    return DomainError(_('The link is invalid or has expired. Ask for a new one.'))


async def request_link(*, email: str, address: str, now: dt.datetime) -> None:
    """Send a login link if the address is a member's; otherwise do nothing visible. Raises only for a malformed
    address or the rate limit, with the same message whoever asks."""
    email = _clean_email(email)
    address = address[:254]
    if await _rate_limited(email=email, address=address, now=now):
        await log(by=SYSTEM, now=now, subject='login', action='login link refused', to_value=email[:200],
                  reason='rate limited')
        raise DomainError(_('Too many login links asked for. Wait a quarter of an hour and try again.'),
                          field='email')
    person, user, why_not = await _member_login(email, now=now)
    async with in_transaction():
        await RateLimitHit.bulk_create([RateLimitHit(kind=KIND_EMAIL, key=email, at=now),
                                        RateLimitHit(kind=KIND_ADDRESS, key=address, at=now)])
        if person is not None and user is not None:
            token = secrets.token_urlsafe(32)
            await LoginLink.create(token_hash=_hash(token), user_id=user.id, created_at=now,
                                   expires_at=now + LINK_LIFETIME)
            await _send_link(person, token, now=now)
        await log(by=SYSTEM, now=now, subject='login', action='login link requested', to_value=email[:200],
                  subject_id=user.id if user else None, person_id=person.id if person else None,
                  reason='sent' if user else why_not)
    mail.wake()


async def use_link(*, token: str, address: str, now: dt.datetime) -> LoggedIn:
    """Log in with a link's token: once, before it expires, for an enabled member. Every failure is one message."""
    found = await LoginLink.get_or_none(token_hash=_hash(token)).select_related('user', 'user__person')
    if found is None or not _may_log_in(found.user):
        await log(by=SYSTEM, now=now, subject='login', action='login failed',
                  subject_id=found.user_id if found else None, reason='login link invalid')
        raise invalid_link()
    user = found.user
    async with in_transaction():
        # The condition is the lock: of two uses at the same moment only one UPDATE finds the link unused.
        used = await LoginLink.filter(id=found.id, used_at=None, expires_at__gt=now).update(used_at=now)
        if used:
            await LoginLink.filter(user_id=user.id, used_at=None).update(used_at=now)  # older links die with it
            return await start_session(user, address=address, now=now, how='login link')
    await log(by=Actor(user.id, user.email), now=now, subject='login', action='login failed', subject_id=user.id,
              reason='login link used or expired')
    raise invalid_link()


async def link_is_usable(*, token: str, now: dt.datetime) -> bool:
    """Whether `use_link` would accept the token now, without using it (a mail scanner's visit must not)."""
    found = await LoginLink.get_or_none(token_hash=_hash(token), used_at=None, expires_at__gt=now) \
        .select_related('user', 'user__person')
    return found is not None and _may_log_in(found.user)


async def _member_login(email: str, *, now: dt.datetime) -> tuple[Person | None, User | None, str]:
    """The person with this address and their member login (created now if missing), or why there is none."""
    person = await Person.get_or_none(email=email, anonymised_at=None)
    if person is None or not await Membership.exists(person_id=person.id):
        return None, None, 'unknown address'
    user = await User.filter(person_id=person.id, role=Role.MEMBER).order_by('id').first() \
        or await User.get_or_none(email=email)
    if user is None:
        user = await _create_member_login(person, now=now)
    if user.role != Role.MEMBER:
        return None, None, 'coordinator: log in with the password'
    if not user.is_active or user.person_id not in (None, person.id):
        return None, None, 'login disabled'
    if user.person_id is None:  # a member login made by hand without its person: tie it, so "Min side" knows whose
        user.person_id = person.id
        await user.save(update_fields=['person_id'])
    return person, user, ''


async def _create_member_login(person: Person, *, now: dt.datetime) -> User:
    try:
        async with in_transaction():
            user = await User.create(email=person.email, role=Role.MEMBER, person_id=person.id, password_hash=None)
            await log(by=SYSTEM, now=now, subject='user', subject_id=user.id, person_id=person.id, action='create',
                      to_value=Role.MEMBER.value, reason='first login link')
            return user
    except IntegrityError:  # the same address asked twice at the same moment: the other request created it
        return await User.get(email=person.email)


async def _rate_limited(*, email: str, address: str, now: dt.datetime) -> bool:
    since = now - RATE_WINDOW
    await RateLimitHit.filter(kind__in=(KIND_EMAIL, KIND_ADDRESS), at__lt=since).delete()  # only the window matters
    return await RateLimitHit.filter(kind=KIND_EMAIL, key=email, at__gte=since).count() >= MAX_PER_EMAIL \
        or await RateLimitHit.filter(kind=KIND_ADDRESS, key=address, at__gte=since).count() >= MAX_PER_ADDRESS


def _may_log_in(user: User) -> bool:
    person = user.person
    return user.is_active and user.role == Role.MEMBER and (person is None or person.anonymised_at is None)


async def _send_link(person: Person, token: str, *, now: dt.datetime) -> None:
    """The message with the link, in Danish, signed by the network the person belongs to (their latest one)."""
    latest = await Membership.filter(person_id=person.id).order_by('-status_changed_at', '-id').first()
    network = await Network.get_or_none(id=latest.network_id) if latest else None
    with i18n.language(MAIL_LANGUAGE):
        name = network.name if network else 'FL-netværket'
        minutes = int(LINK_LIFETIME.total_seconds() // 60)
        await send(
            to=person.email, network=network, now=now,
            subject=_('Your login link for {network}').format(network=name),
            paragraphs=[
                _('Dear {name}').format(name=person.name),
                _('Use this link to log in to your own page in {network}:').format(network=name),
                link(f'/login/link/{token}'),
                _('The link works for {minutes} minutes and only once. If it has expired, ask for a new one on the '
                  'login page.').format(minutes=minutes),
                _('If you did not ask to log in, you can ignore this e-mail: nobody can log in without the link.'),
            ])


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


__all__ = ['LINK_LIFETIME', 'MAX_PER_ADDRESS', 'MAX_PER_EMAIL', 'invalid_link', 'link_is_usable', 'request_link',
           'use_link']
