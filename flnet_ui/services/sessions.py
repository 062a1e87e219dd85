"""Logging in and out (issue 3 §1): password check, rate limit, server-side sessions with idle and absolute limits.

A session lives in the database, so logging out, a timeout or a restart ends it for every open page in every
process. The browser's signed cookie carries a random token; only its SHA-256 is stored.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import secrets
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from flnet_ui import auth
from flnet_ui.i18n import _, clock, local
from models import LoginAttempt, LoginSession, User

from .audit import SYSTEM, Actor, log
from .errors import DomainError
from .inputs import clean_text

MAX_FAILURES = 10
FAILURE_WINDOW = dt.timedelta(minutes=15)
IDLE_LIMIT = dt.timedelta(minutes=60)
ABSOLUTE_LIMIT = dt.timedelta(hours=12)
SEEN_WRITE_INTERVAL = dt.timedelta(minutes=1)  # refresh last_seen_at at most this often: no write per click


@functools.cache
def _unknown_user_hash() -> str:
    """Verifying against this keeps the time of a failed login the same whether or not the e-mail is known. Made on
    the first login rather than at import: an argon2 hash is a twentieth of a second of every start-up."""
    return auth.hash_password('not a real password, only for timing')


@dataclass(frozen=True)
class LoggedIn:
    token: str
    user: User


async def log_in(*, email: str, password: str, address: str, now: dt.datetime) -> LoggedIn:
    """Check the password (off the event loop) unless the account or the address is rate-limited; start a session."""
    email = clean_text(email).strip().lower()[:254]  # as typed, yet storable: the failed attempt is recorded
    retry_at = await _blocked_until(email=email, address=address, now=now)
    if retry_at is not None:
        # Audited, but not counted: trying again while locked must not move the time the message promised.
        await _record(email, address, now, succeeded=False, reason='rate limited', counts=False)
        when = clock(local(retry_at).time())
        raise DomainError(_('Too many failed attempts. Try again at {time}.').format(time=when))
    user = await User.get_or_none(email=email, is_active=True)
    stored = user.password_hash if user else await asyncio.to_thread(_unknown_user_hash)
    valid = await auth.verify_password_async(stored, password)
    if user is None or not valid:
        await _record(email, address, now, succeeded=False, reason='wrong e-mail or password')
        raise DomainError(_('Wrong e-mail address or password.'), field='password')
    return await start_session(user, address=address, now=now, how='')


async def start_session(user: User, *, address: str, now: dt.datetime, how: str) -> LoggedIn:
    """Begin a session for a user whose identity is already proved (a password, an e-mail link): the one place a
    login starts, so every way in gives the same kind of session and the same audit entry (`how` is its reason).
    Runs in its own transaction, or inside the caller's (a login link is used up in the same one)."""
    token = secrets.token_urlsafe(32)
    async with in_transaction():
        await LoginSession.create(token_hash=_hash(token), user_id=user.id, created_at=now, last_seen_at=now)
        user.last_login_at = now
        await user.save(update_fields=['last_login_at'])
        await _record(user.email, address, now, succeeded=True, reason=how, user=user)
    return LoggedIn(token=token, user=user)


async def current_user(token: str | None, *, now: dt.datetime) -> User | None:
    """The user of a live session, or None (no token, logged out, idle too long, too old, login disabled)."""
    if not token:
        return None
    session = await LoginSession.get_or_none(token_hash=_hash(token), ended_at=None).select_related('user')
    if session is None:
        return None
    if now - session.last_seen_at > IDLE_LIMIT or now - session.created_at > ABSOLUTE_LIMIT \
            or not session.user.is_active:
        session.ended_at = now
        await session.save(update_fields=['ended_at'])
        return None
    if now - session.last_seen_at > SEEN_WRITE_INTERVAL:
        session.last_seen_at = now
        await session.save(update_fields=['last_seen_at'])
    return session.user


async def log_out(token: str | None, *, now: dt.datetime) -> None:
    if not token:
        return
    session = await LoginSession.get_or_none(token_hash=_hash(token), ended_at=None).select_related('user')
    if session is None:
        return
    async with in_transaction():
        session.ended_at = now
        await session.save(update_fields=['ended_at'])
        await log(by=Actor(session.user.id, session.user.email), now=now, subject='login',
                  subject_id=session.user.id, action='logout')


async def _blocked_until(*, email: str, address: str, now: dt.datetime) -> dt.datetime | None:
    since = now - FAILURE_WINDOW
    for key in ({'email': email}, {'address': address}):
        failures = await LoginAttempt.filter(**key, succeeded=False, at__gte=since).order_by('at')
        if len(failures) >= MAX_FAILURES:
            return failures[-MAX_FAILURES].at + FAILURE_WINDOW
    return None


async def _record(email: str, address: str, now: dt.datetime, *, succeeded: bool, reason: str,
                  user: User | None = None, counts: bool = True) -> None:
    if counts:
        await LoginAttempt.create(email=email[:254], address=address[:64], at=now, succeeded=succeeded)
    await log(by=Actor(user.id, user.email) if user else SYSTEM, now=now, subject='login',
              subject_id=user.id if user else None, action='login' if succeeded else 'login failed',
              to_value=email[:200], reason=reason)


async def end_other_sessions(*, user_id: int, keep: str | None, now: dt.datetime) -> int:
    """End every live session of a login except the one with the token `keep` (after a password change)."""
    others = LoginSession.filter(user_id=user_id, ended_at=None)
    if keep:
        others = others.exclude(token_hash=_hash(keep))
    return await others.update(ended_at=now)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
