"""Logging in by e-mail link: single use, 30 minutes, nothing revealed about who is a member, rate limits."""
from __future__ import annotations

import asyncio
import datetime as dt
import re

import pytest
from tortoise.queryset import QuerySet

from flnet_ui.services import login_links, membership, sessions, users
from flnet_ui.services.audit import SYSTEM
from flnet_ui.services.errors import DomainError
from models import AuditEntry, LoginLink, LoginSession, Membership, MembershipStatus, OutgoingMail, Person, Role, User
from tests import factories
from tests.conftest import NOW

INVALID = 'Linket er ugyldigt eller udløbet. Bed om et nyt.'


async def member(status: MembershipStatus = MembershipStatus.ACTIVE) -> tuple[Membership, Person]:
    net = await factories.network(capacity=1)
    m = await factories.member(net, now=NOW, approve=status != MembershipStatus.PENDING)
    if status == MembershipStatus.WAITLISTED:
        await factories.member(net, now=NOW)  # the one seat is taken: a second member waits
        m = (await Membership.filter(network_id=net.id).order_by('-id').first())  # type: ignore[assignment]
    elif status == MembershipStatus.RESIGNED:
        await membership.resign(membership_id=m.id, reason='Nyt job', by=factories.COORDINATOR, now=NOW)
    elif status == MembershipStatus.DEREGISTERED:
        await Membership.filter(id=m.id).update(status=MembershipStatus.DEREGISTERED)
    m = await Membership.get(id=m.id)
    assert m.status == status
    return m, await Person.get(id=m.person_id)


def link_mails() -> QuerySet[OutgoingMail]:
    """The login-link messages in the outbox (applying and approving send their own)."""
    return OutgoingMail.filter(subject__startswith='Dit login-link')


async def request(email: str, *, address: str = '10.0.0.1', now: dt.datetime = NOW) -> str | None:
    """Ask for a link; the token from the queued mail, if one was sent."""
    before = await link_mails().count()
    await login_links.request_link(email=email, address=address, now=now)
    sent = await link_mails().order_by('id').offset(before)
    if not sent:
        return None
    assert len(sent) == 1
    found = re.search(r'/login/link/([A-Za-z0-9_-]+)', sent[0].body_text)
    assert found, sent[0].body_text
    return found.group(1)


@pytest.mark.parametrize('status', [MembershipStatus.ACTIVE, MembershipStatus.PENDING, MembershipStatus.WAITLISTED,
                                    MembershipStatus.RESIGNED, MembershipStatus.DEREGISTERED])
async def test_a_member_in_any_status_gets_a_link_that_logs_in_once(db, status: MembershipStatus) -> None:
    _, person = await member(status)
    token = await request(' ' + person.email.upper() + ' ')
    assert token is not None
    user = await User.get(email=person.email)
    assert (user.role, user.person_id, user.password_hash) == (Role.MEMBER, person.id, None)  # made on first request
    logged_in = await login_links.use_link(token=token, address='10.0.0.2', now=NOW + dt.timedelta(minutes=5))
    assert logged_in.user.id == user.id
    assert (await sessions.current_user(logged_in.token, now=NOW + dt.timedelta(minutes=6))).id == user.id  # type: ignore[union-attr]
    with pytest.raises(DomainError) as again:
        await login_links.use_link(token=token, address='10.0.0.2', now=NOW + dt.timedelta(minutes=6))
    assert again.value.message == INVALID
    assert await LoginSession.all().count() == 1
    entry = await AuditEntry.get(subject='login', action='login')
    assert (entry.actor_id, entry.reason) == (user.id, 'login link')


async def test_the_mail_is_danish_and_says_thirty_minutes_and_single_use(db) -> None:
    _, person = await member()
    token = await request(person.email)
    assert token
    sent = await link_mails().get()
    assert sent.to_address == person.email
    assert sent.subject.startswith('Dit login-link til FL-netværket')
    assert f'/login/link/{token}' in sent.body_text
    assert 'virker i 30 minutter og kan kun bruges én gang' in sent.body_text
    assert 'kan du se bort fra denne e-mail' in sent.body_text
    stored = await LoginLink.get()
    assert token not in stored.token_hash and len(stored.token_hash) == 64  # only the hash is kept
    assert stored.expires_at == NOW + dt.timedelta(minutes=30)


async def test_the_link_works_until_thirty_minutes_and_not_after(db) -> None:
    _, person = await member()
    early, late = await request(person.email), await request(person.email)
    assert early and late
    with pytest.raises(DomainError):
        await login_links.use_link(token=late, address='a', now=NOW + dt.timedelta(minutes=30, seconds=1))
    assert await login_links.link_is_usable(token=early, now=NOW + dt.timedelta(minutes=29, seconds=59))
    await login_links.use_link(token=early, address='a', now=NOW + dt.timedelta(minutes=29, seconds=59))


async def test_a_wrong_token_is_refused_and_audited(db) -> None:
    _, person = await member()
    assert await request(person.email)
    with pytest.raises(DomainError) as refused:
        await login_links.use_link(token='x' * 43, address='a', now=NOW)
    assert refused.value.message == INVALID
    assert await AuditEntry.filter(subject='login', action='login failed', reason='login link invalid').count() == 1
    assert await LoginSession.all().count() == 0


async def test_using_a_link_ends_the_other_unused_links(db) -> None:
    _, person = await member()
    first, second = await request(person.email), await request(person.email)
    assert first and second
    await login_links.use_link(token=second, address='a', now=NOW)
    assert not await login_links.link_is_usable(token=first, now=NOW)
    with pytest.raises(DomainError):
        await login_links.use_link(token=first, address='a', now=NOW)


async def test_two_uses_at_the_same_moment_give_exactly_one_session(db) -> None:
    _, person = await member()
    token = await request(person.email)
    assert token
    results = await asyncio.gather(*(login_links.use_link(token=token, address='a', now=NOW) for _ in range(5)),
                                   return_exceptions=True)
    assert sum(isinstance(r, sessions.LoggedIn) for r in results) == 1
    assert all(isinstance(r, sessions.LoggedIn | DomainError) for r in results), results
    assert await LoginSession.all().count() == 1


async def test_a_disabled_login_cannot_use_its_link(db) -> None:
    _, person = await member()
    token = await request(person.email)
    assert token
    await User.filter(email=person.email).update(is_active=False)
    with pytest.raises(DomainError):
        await login_links.use_link(token=token, address='a', now=NOW)
    assert await request(person.email) is None  # and gets no new one


async def test_an_unknown_address_gets_nothing_and_the_same_answer(db) -> None:
    _, person = await member()
    await login_links.request_link(email=person.email, address='a', now=NOW)  # returns nothing either way
    await login_links.request_link(email='ukendt@bib.dk', address='b', now=NOW)
    assert [m.to_address for m in await link_mails()] == [person.email]
    assert not await User.filter(email='ukendt@bib.dk').exists()
    entry = await AuditEntry.get(action='login link requested', to_value='ukendt@bib.dk')
    assert entry.reason == 'unknown address'


async def test_an_applicant_never_in_a_network_and_an_anonymised_person_get_nothing(db) -> None:
    await Person.create(name='Uden medlemskab', email='ingen@bib.dk')
    _, person = await member(MembershipStatus.RESIGNED)
    await Person.filter(id=person.id).update(anonymised_at=NOW)
    assert await request('ingen@bib.dk') is None
    assert await request(person.email) is None


async def test_a_coordinator_address_gets_no_link(db) -> None:
    _, person = await member()
    await users.create_user(email=person.email, role=Role.COORDINATOR, password='et-langt-kodeord', by=SYSTEM,
                            now=NOW)
    assert await request(person.email) is None
    assert await LoginLink.all().count() == 0
    assert (await AuditEntry.get(action='login link requested')).reason.startswith('coordinator')


async def test_an_existing_member_login_with_a_password_is_used(db) -> None:
    _, person = await member()
    account = await users.create_user(email=person.email, role=Role.MEMBER, password='et-langt-kodeord',
                                      person_id=person.id, by=SYSTEM, now=NOW)
    token = await request(person.email)
    assert token
    assert (await login_links.use_link(token=token, address='a', now=NOW)).user.id == account.id
    assert await User.all().count() == 1


async def test_five_requests_per_address_in_a_quarter_of_an_hour(db) -> None:
    _, person = await member()
    for minute in range(5):
        assert await request(person.email, address=f'10.0.0.{minute}', now=NOW + dt.timedelta(minutes=minute))
    with pytest.raises(DomainError) as refused:
        await request(person.email, address='10.0.0.99', now=NOW + dt.timedelta(minutes=6))
    with pytest.raises(DomainError) as unknown_refused:  # an unknown address is refused the same way
        for minute in range(6):
            await request('ukendt@bib.dk', address=f'10.1.0.{minute}', now=NOW + dt.timedelta(minutes=minute))
    assert refused.value.message == unknown_refused.value.message
    assert 'Vent et kvarter' in refused.value.message
    # The window slides: a quarter of an hour after the first, one more is allowed.
    assert await request(person.email, address='10.0.0.99', now=NOW + dt.timedelta(minutes=15, seconds=1))


async def test_requests_per_network_address_are_limited_across_e_mails(db) -> None:
    people = [(await member())[1] for _ in range(login_links.MAX_PER_ADDRESS + 1)]
    for person in people[:-1]:
        assert await request(person.email, address='10.9.9.9')
    with pytest.raises(DomainError):
        await request(people[-1].email, address='10.9.9.9')
    assert await request(people[-1].email, address='10.9.9.8')  # another address is not affected


async def test_a_malformed_address_is_refused_before_anything_is_looked_up(db) -> None:
    with pytest.raises(DomainError) as refused:
        await login_links.request_link(email='ikke-en-adresse', address='a', now=NOW)
    assert refused.value.field == 'email'


async def test_password_login_and_link_login_make_the_same_kind_of_session(db) -> None:
    _, person = await member()
    await users.create_user(email=person.email, role=Role.MEMBER, password='et-langt-kodeord', person_id=person.id,
                            by=SYSTEM, now=NOW)
    token = await request(person.email)
    assert token
    by_password = await sessions.log_in(email=person.email, password='et-langt-kodeord', address='a', now=NOW)
    by_link = await login_links.use_link(token=token, address='a', now=NOW)
    assert by_password.user.id == by_link.user.id
    assert await LoginSession.filter(user_id=by_link.user.id, ended_at=None).count() == 2
    assert [e.reason for e in await AuditEntry.filter(action='login').order_by('id')] == ['', 'login link']
    assert (await User.get(id=by_link.user.id)).last_login_at == NOW
