"""Password hashing (flnet_ui.auth) and the login service (flnet_ui.services.users), on both engines."""
from __future__ import annotations

import asyncio

import pytest
from argon2 import PasswordHasher

from flnet_ui.auth import hash_password, hash_password_async, needs_rehash, verify_password, verify_password_async
from flnet_ui.services import users
from flnet_ui.services.errors import DomainError
from models import AuditEntry, Person, Role, User
from tests.conftest import NOW
from tests.factories import COORDINATOR

PASSWORD = 'korrekt hest batteri'


def test_hash_is_salted_argon2id_and_verifies() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith('$argon2id$')
    assert first != second  # a fresh salt every time
    assert verify_password(first, PASSWORD)
    assert not verify_password(first, PASSWORD + ' ')
    assert not verify_password(first, '')
    assert not needs_rehash(first)


@pytest.mark.parametrize('garbage', [None, '', 'garbage', '$argon2id$v=19$m=65536,t=3,p=4$xx$yy',
                                     '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW', 'æøå'])
def test_verify_says_no_to_a_missing_or_invalid_hash(garbage: str | None) -> None:
    assert verify_password(garbage, PASSWORD) is False


def test_needs_rehash_for_weaker_parameters_or_an_unreadable_hash() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    assert verify_password(weak, PASSWORD)  # still accepted, so the login can upgrade it
    assert needs_rehash(weak)
    assert needs_rehash('garbage')


async def test_async_wrappers_run_off_the_event_loop() -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    try:
        hashed = await hash_password_async(PASSWORD)
        assert await verify_password_async(hashed, PASSWORD)
        assert not await verify_password_async(hashed, 'forkert kodeord')
    finally:
        task.cancel()
    assert ticks > 10  # the loop kept serving while the hashes were computed


async def test_create_coordinator(db) -> None:
    assert not await users.coordinator_exists()
    user = await users.create_user(email='  Koordinator@KB.dk ', role=Role.COORDINATOR, password=PASSWORD,
                                   by=COORDINATOR, now=NOW)
    stored = await User.get(id=user.id)
    assert stored.email == 'koordinator@kb.dk'
    assert stored.role == Role.COORDINATOR
    assert stored.password_hash is not None and stored.password_hash.startswith('$argon2id$')
    assert verify_password(stored.password_hash, PASSWORD)
    assert await users.coordinator_exists()
    entry = await AuditEntry.get(subject='user', subject_id=user.id)
    assert (entry.action, entry.from_value, entry.to_value) == ('create', '', 'coordinator')
    assert entry.actor_name == COORDINATOR.name
    assert entry.at == NOW
    assert PASSWORD not in f'{entry.from_value}{entry.to_value}{entry.reason}'


async def test_member_login_without_password_tied_to_a_person(db) -> None:
    person = await Person.create(name='Anne Hansen', email='anne@bib.dk')
    user = await users.create_user(email='anne@bib.dk', role='member', password=None,  # type: ignore[arg-type]
                                   person_id=person.id, by=COORDINATOR, now=NOW)
    stored = await User.get(id=user.id)
    assert stored.role == Role.MEMBER and stored.person_id == person.id and stored.password_hash is None
    assert not verify_password(stored.password_hash, '')
    assert (await AuditEntry.get(subject_id=user.id, subject='user')).person_id == person.id
    assert not await users.coordinator_exists()  # a member is not someone who can run the installation


@pytest.mark.parametrize(('changes', 'field'), [
    ({'email': ''}, 'email'),
    ({'email': 'ikke-en-adresse'}, 'email'),
    ({'email': 'navn@bibliotek'}, 'email'),
    ({'role': 'admin'}, 'role'),
    ({'role': None}, 'role'),
    ({'password': 'kort123'}, 'password'),
    ({'password': '123456789'}, 'password'),  # nine: one short
    ({'password': 'a' * 16}, 'password'),
    ({'password': ' ' * 12}, 'password'),
    ({'password': 'x' * 1025}, 'password'),
    ({'person_id': 999_999}, 'person'),
])
async def test_create_user_refuses_invalid_input_and_writes_nothing(db, changes: dict[str, object],
                                                                    field: str) -> None:
    arguments: dict[str, object] = {'email': 'ny@bib.dk', 'role': Role.COORDINATOR, 'password': PASSWORD,
                                    **changes}
    with pytest.raises(DomainError) as caught:
        await users.create_user(**arguments, by=COORDINATOR, now=NOW)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert caught.value.message
    assert await User.all().count() == 0
    assert await AuditEntry.all().count() == 0


async def test_the_length_message_names_the_minimum(db) -> None:
    with pytest.raises(DomainError) as caught:
        await users.create_user(email='ny@bib.dk', role=Role.MEMBER, password='kort', by=COORDINATOR, now=NOW)
    assert '10' in caught.value.message and '{' not in caught.value.message


async def test_ten_characters_is_enough(db) -> None:
    await users.create_user(email='ny@bib.dk', role=Role.MEMBER, password='abababab12', by=COORDINATOR, now=NOW)
    assert await User.filter(email='ny@bib.dk').exists()


async def test_duplicate_email_ignores_case(db) -> None:
    await users.create_user(email='Anne@Bib.dk', role=Role.MEMBER, password=None, by=COORDINATOR, now=NOW)
    with pytest.raises(DomainError) as caught:
        await users.create_user(email='ANNE@bib.DK', role=Role.COORDINATOR, password=PASSWORD, by=COORDINATOR,
                                now=NOW)
    assert caught.value.field == 'email'
    assert await User.all().count() == 1
    assert await AuditEntry.all().count() == 1


async def test_simultaneous_creates_of_one_email_give_one_login_and_one_audit_entry(db) -> None:
    # Both pass the "already exists?" check while their hashes are computed; the unique index then decides, and the
    # loser's transaction (login and audit entry) is rolled back whole.
    results = await asyncio.gather(*[
        users.create_user(email=f'{case}@bib.dk', role=Role.MEMBER, password=PASSWORD, by=COORDINATOR, now=NOW)
        for case in ('samtidig', 'SAMTIDIG', 'Samtidig')], return_exceptions=True)
    created = [r for r in results if isinstance(r, User)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(created) == 1 and len(refused) == 2, results
    assert all(error.field == 'email' for error in refused)
    assert await User.all().count() == 1
    assert await AuditEntry.filter(subject='user').count() == 1


async def test_set_password(db) -> None:
    user = await users.create_user(email='k@kb.dk', role=Role.COORDINATOR, password=None, by=COORDINATOR, now=NOW)
    await users.set_password(user_id=user.id, password='et nyt kodeord', by=COORDINATOR, now=NOW)
    stored = await User.get(id=user.id)
    assert verify_password(stored.password_hash, 'et nyt kodeord')
    entry = await AuditEntry.get(subject='user', subject_id=user.id, action='password')
    assert (entry.from_value, entry.to_value, entry.reason) == ('', '', '')  # nothing about the password itself

    with pytest.raises(DomainError) as caught:
        await users.set_password(user_id=user.id, password='zzzzzzzzzzzz', by=COORDINATOR, now=NOW)
    assert caught.value.field == 'password'
    assert (await User.get(id=user.id)).password_hash == stored.password_hash
    assert await AuditEntry.filter(subject='user').count() == 2

    with pytest.raises(DomainError):
        await users.set_password(user_id=user.id + 1000, password='et nyt kodeord', by=COORDINATOR, now=NOW)
    assert await AuditEntry.filter(subject='user').count() == 2
