"""A member sets their own password (optional; they can always log in by link) and changes it with the current one."""
from __future__ import annotations

import pytest

from flnet_ui.services import sessions, users
from flnet_ui.services.audit import SYSTEM
from flnet_ui.services.errors import DomainError
from models import AuditEntry, Role, User
from tests import factories
from tests.conftest import NOW

FIRST, SECOND = 'mit-første-kodeord', 'mit-andet-kodeord'


async def member_login(password: str | None = None) -> User:
    net = await factories.network()
    m = await factories.member(net, now=NOW)
    person = await m.person
    return await users.create_user(email=person.email, role=Role.MEMBER, password=password, person_id=person.id,
                                   by=SYSTEM, now=NOW)


async def test_a_member_without_a_password_sets_one_and_can_then_log_in_with_it(db) -> None:
    account = await member_login()
    with pytest.raises(DomainError):
        await sessions.log_in(email=account.email, password=FIRST, address='a', now=NOW)
    await users.set_own_password(user_id=account.id, current_password=None, new_password=FIRST, now=NOW)
    assert (await sessions.log_in(email=account.email, password=FIRST, address='a', now=NOW)).user.id == account.id
    entry = await AuditEntry.get(subject='user', action='password')
    assert (entry.actor_id, entry.subject_id, entry.reason) == (account.id, account.id, 'own, first')
    assert FIRST not in f'{entry.from_value}{entry.to_value}{entry.reason}'


async def test_changing_needs_the_current_password(db) -> None:
    account = await member_login(FIRST)
    for wrong in (None, '', 'forkert-kodeord'):
        with pytest.raises(DomainError) as refused:
            await users.set_own_password(user_id=account.id, current_password=wrong, new_password=SECOND, now=NOW)
        assert refused.value.field == 'current_password'
        assert refused.value.message == 'Den nuværende adgangskode er forkert.'
    await users.set_own_password(user_id=account.id, current_password=FIRST, new_password=SECOND, now=NOW)
    with pytest.raises(DomainError):
        await sessions.log_in(email=account.email, password=FIRST, address='a', now=NOW)
    await sessions.log_in(email=account.email, password=SECOND, address='a', now=NOW)
    assert (await AuditEntry.get(subject='user', action='password')).reason == 'own'


@pytest.mark.parametrize('weak', ['kort', 'a' * 12, 'x' * (users.MAX_PASSWORD_LENGTH + 1)])
async def test_the_new_password_follows_the_same_rules_as_every_password(db, weak: str) -> None:
    account = await member_login()
    with pytest.raises(DomainError) as refused:
        await users.set_own_password(user_id=account.id, current_password=None, new_password=weak, now=NOW)
    assert refused.value.field == 'password'
    assert (await User.get(id=account.id)).password_hash is None


async def test_a_disabled_login_cannot_set_a_password(db) -> None:
    account = await member_login()
    await User.filter(id=account.id).update(is_active=False)
    with pytest.raises(DomainError):
        await users.set_own_password(user_id=account.id, current_password=None, new_password=FIRST, now=NOW)


async def test_changing_the_password_ends_every_other_session_of_the_login(db) -> None:  # type: ignore[no-untyped-def]
    account = await member_login(FIRST)
    here = await sessions.log_in(email=account.email, password=FIRST, address='10.0.0.1', now=NOW)
    elsewhere = await sessions.log_in(email=account.email, password=FIRST, address='10.0.0.2', now=NOW)

    await users.set_own_password(user_id=account.id, current_password=FIRST, new_password=SECOND, now=NOW,
                                 keep_session=here.token)

    assert (await sessions.current_user(here.token, now=NOW)) is not None
    assert (await sessions.current_user(elsewhere.token, now=NOW)) is None
