"""Login rules: password check, rate limit per account and per address, idle and absolute session limits."""
from __future__ import annotations

import datetime as dt

import pytest

from flnet_ui.services import sessions, users
from flnet_ui.services.audit import SYSTEM
from flnet_ui.services.errors import DomainError
from models import AuditEntry, LoginSession, Role, User

NOW = dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC)
PASSWORD = 'et-langt-kodeord'


async def coordinator(email: str = 'k@sb.dk') -> User:
    return await users.create_user(email=email, role=Role.COORDINATOR, password=PASSWORD, by=SYSTEM, now=NOW)


async def test_right_password_starts_a_session_that_ends_at_logout(db) -> None:
    account = await coordinator()
    logged_in = await sessions.log_in(email=' K@SB.dk ', password=PASSWORD, address='10.0.0.1', now=NOW)
    assert (await sessions.current_user(logged_in.token, now=NOW)).id == account.id  # type: ignore[union-attr]
    await sessions.log_out(logged_in.token, now=NOW)
    assert await sessions.current_user(logged_in.token, now=NOW) is None
    assert [e.action for e in await AuditEntry.filter(subject='login')] == ['login', 'logout']


async def test_only_a_hash_of_the_token_is_stored(db) -> None:
    await coordinator()
    logged_in = await sessions.log_in(email='k@sb.dk', password=PASSWORD, address='a', now=NOW)
    stored = await LoginSession.get()
    assert logged_in.token not in stored.token_hash and len(stored.token_hash) == 64


@pytest.mark.parametrize(('email', 'password'), [('k@sb.dk', 'forkert-kodeord'), ('ukendt@sb.dk', PASSWORD)])
async def test_wrong_password_and_unknown_email_get_the_same_answer(db, email: str, password: str) -> None:
    await coordinator()
    with pytest.raises(DomainError) as refused:
        await sessions.log_in(email=email, password=password, address='a', now=NOW)
    assert refused.value.field == 'password'
    failure = await AuditEntry.get(action='login failed')
    assert password not in failure.reason and password not in failure.to_value


async def test_sessions_end_after_an_hour_idle_but_not_while_in_use(db) -> None:
    await coordinator()
    token = (await sessions.log_in(email='k@sb.dk', password=PASSWORD, address='a', now=NOW)).token
    for minutes in (50, 100, 150):  # used every 50 minutes: stays alive
        assert await sessions.current_user(token, now=NOW + dt.timedelta(minutes=minutes)) is not None
    assert await sessions.current_user(token, now=NOW + dt.timedelta(minutes=150 + 61)) is None
    assert await sessions.current_user(token, now=NOW + dt.timedelta(minutes=152)) is None  # ended for good


async def test_sessions_end_after_twelve_hours_however_busy(db) -> None:
    await coordinator()
    token = (await sessions.log_in(email='k@sb.dk', password=PASSWORD, address='a', now=NOW)).token
    moment = NOW
    while moment < NOW + dt.timedelta(hours=11, minutes=50):
        moment += dt.timedelta(minutes=30)
        assert await sessions.current_user(token, now=moment) is not None
    assert await sessions.current_user(token, now=NOW + dt.timedelta(hours=12, minutes=1)) is None


async def test_a_disabled_login_ends_its_sessions(db) -> None:
    account = await coordinator()
    token = (await sessions.log_in(email='k@sb.dk', password=PASSWORD, address='a', now=NOW)).token
    account.is_active = False
    await account.save()
    assert await sessions.current_user(token, now=NOW) is None


async def test_ten_failures_for_an_account_lock_it_for_fifteen_minutes(db) -> None:
    await coordinator()
    for i in range(10):
        with pytest.raises(DomainError):
            await sessions.log_in(email='k@sb.dk', password='nej', address=f'10.0.0.{i}',
                                  now=NOW + dt.timedelta(minutes=i))
    with pytest.raises(DomainError, match=r'Prøv igen kl\. 10\.15'):  # first failure 9.00 UTC is 10.00 in Denmark
        await sessions.log_in(email='k@sb.dk', password=PASSWORD, address='10.0.1.1',
                              now=NOW + dt.timedelta(minutes=10))
    logged_in = await sessions.log_in(email='k@sb.dk', password=PASSWORD, address='10.0.1.1',
                                      now=NOW + dt.timedelta(minutes=15, seconds=1))
    assert logged_in.token


async def test_ten_failures_from_one_address_lock_that_address_for_every_account(db) -> None:
    await coordinator('a@sb.dk')
    await coordinator('b@sb.dk')
    for i in range(10):
        with pytest.raises(DomainError):
            await sessions.log_in(email=f'gæt{i}@sb.dk', password='nej', address='192.0.2.7', now=NOW)
    with pytest.raises(DomainError, match='For mange'):
        await sessions.log_in(email='a@sb.dk', password=PASSWORD, address='192.0.2.7', now=NOW)
    assert await sessions.log_in(email='b@sb.dk', password=PASSWORD, address='192.0.2.8', now=NOW)
