"""Logins: creating one, setting its password, and whether the installation has a coordinator yet.

Passwords are hashed (slow on purpose) before the transaction opens: on SQLite a transaction holds the process's only
connection, and a hash inside it would stall every page.
"""
from __future__ import annotations

import datetime as dt

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from flnet_ui.auth import hash_password_async, verify_password_async
from flnet_ui.i18n import _
from models import Person, Role, User

from . import sessions
from .audit import Actor, log
from .errors import DomainError
from .inputs import has_unstorable
from .membership import _clean_email

MIN_PASSWORD_LENGTH = 10
# argon2 takes any length, but a megabyte "password" is only a way to make the server hash a megabyte.
MAX_PASSWORD_LENGTH = 1024


async def create_user(*, email: str, role: Role, password: str | None, person_id: int | None = None, by: Actor,
                      now: dt.datetime) -> User:
    """A new login. Without a password (None) it can only log in by an e-mail link, as members will."""
    email = _clean_email(email)  # stored lower-cased, so the unique index ignores case on both engines
    role = _clean_role(role)
    if password is not None:
        _check_password(password)
    if person_id is not None and not await Person.exists(id=person_id):
        raise DomainError(_('The person does not exist.'), field='person')
    if await User.filter(email__iexact=email).exists():
        raise DomainError(_('A login with this e-mail address already exists.'), field='email')
    password_hash = await hash_password_async(password) if password is not None else None
    try:
        async with in_transaction():
            user = await User.create(email=email, role=role, password_hash=password_hash, person_id=person_id)
            await log(by=by, now=now, subject='user', subject_id=user.id, person_id=person_id, action='create',
                      to_value=role.value)
    except IntegrityError as error:  # the same e-mail created at the same moment by another request
        raise DomainError(_('A login with this e-mail address already exists.'), field='email') from error
    return user


async def set_password(*, user_id: int, password: str, by: Actor, now: dt.datetime) -> None:
    """Replace a login's password. The audit entry says that it changed, never anything about the password."""
    _check_password(password)
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise DomainError(_('The login does not exist.'))
    password_hash = await hash_password_async(password)
    async with in_transaction():
        changed = await User.filter(id=user_id).update(password_hash=password_hash)
        if not changed:  # removed while the hash was being computed
            raise DomainError(_('The login does not exist.'))
        # With the person, so a member's timeline shows it beside the changes they made themselves.
        await log(by=by, now=now, subject='user', subject_id=user_id, person_id=user.person_id, action='password')


async def set_own_password(*, user_id: int, current_password: str | None, new_password: str, now: dt.datetime,
                           keep_session: str | None = None) -> None:
    """A logged-in user sets (first time) or changes their own password. When one is set, the current one must be
    given: a browser left logged in must not be enough to take the account over. Every other session of the login
    ends (someone who knew the old password is logged out); `keep_session` is the token of the browser asking."""
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None:
        raise DomainError(_('The login does not exist.'))
    if user.password_hash is not None and not await verify_password_async(user.password_hash, current_password or ''):
        raise DomainError(_('The current password is wrong.'), field='current_password')
    _check_password(new_password)
    password_hash = await hash_password_async(new_password)
    async with in_transaction():
        # Only if nothing changed it meanwhile (another tab, the coordinator): the check above was against this hash.
        unchanged = {'password_hash': user.password_hash} if user.password_hash else {'password_hash__isnull': True}
        changed = await User.filter(id=user_id, is_active=True, **unchanged).update(password_hash=password_hash)
        if not changed:
            raise DomainError(_('The password was changed meanwhile. Reload the page and try again.'))
        await log(by=Actor(user.id, user.email), now=now, subject='user', subject_id=user.id,
                  person_id=user.person_id, action='password', reason='own' if user.password_hash else 'own, first')
        await sessions.end_other_sessions(user_id=user_id, keep=keep_session, now=now)


async def coordinator_exists() -> bool:
    """Whether someone can run the installation: an active coordinator login. A new installation has none, and
    the command line offers to create the first."""
    return await User.filter(role=Role.COORDINATOR, is_active=True).exists()


def _clean_role(role: str) -> Role:
    # The command line passes the plain text of a flag; Role is a StrEnum, so 'member' and Role.MEMBER both work.
    try:
        return Role(role)
    except ValueError:
        raise DomainError(_('Choose a role: coordinator or member.'), field='role') from None


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(_('The password must be at least {count} characters long.').format(
            count=MIN_PASSWORD_LENGTH), field='password')
    if len(password) > MAX_PASSWORD_LENGTH:
        raise DomainError(_('The password can be at most {count} characters long.').format(
            count=MAX_PASSWORD_LENGTH), field='password')
    if len(set(password)) == 1:
        raise DomainError(_('The password cannot be one character repeated.'), field='password')
    if has_unstorable(password):  # never changed behind the user's back: refused, like an e-mail address
        raise DomainError(_('The password contains characters that cannot be used, such as control characters.'),
                          field='password')


__all__ = ['MIN_PASSWORD_LENGTH', 'coordinator_exists', 'create_user', 'set_own_password', 'set_password']
