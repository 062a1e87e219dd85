"""Members log in from /login: by a link sent by e-mail (through a real SMTP server) or by a password they set."""
from __future__ import annotations

import asyncio
import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from nicegui.testing import User as SimulatedUser

from flnet_ui import mail
from flnet_ui.services import login_links, membership, networks
from flnet_ui.services.audit import SYSTEM
from models import LoginLink, LoginSession, Membership, MembershipStatus, OutgoingMail, User
from tests.login import PASSWORD, coordinator_login, post_login
from tests.smtp import Inbox

HASHING = 50  # retries (0.1 s each) while a click's argon2 hashing runs off the event loop on a busy machine
SENT = 'Hvis adressen er kendt i netværket, har vi sendt et link. Det virker i 30 minutter.'
INVALID = 'Linket er ugyldigt eller udløbet. Bed om et nyt.'


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def applicant(email: str = 'bo@bib.dk', *, approve: bool = True) -> Membership:
    network = await networks.default_network()
    return await membership.apply(network_id=network.id, name='Bo Ærenlund', email=email, approve=approve, by=SYSTEM,
                                  now=now())


async def ask_for_link(user: SimulatedUser, email: str) -> str:
    response = await user.http_client.post('/login/link', data={'link_email': email}, follow_redirects=False)
    assert response.status_code == 303
    return response.headers['location']


async def link_path_from_outbox(email: str) -> str:
    sent = await OutgoingMail.filter(to_address=email, subject__startswith='Dit login-link').order_by('-id').first()
    assert sent is not None
    found = re.search(r'https?://\S+(/login/link/[A-Za-z0-9_-]+)', sent.body_text)
    assert found, sent.body_text
    return found.group(1)


async def delivered(inbox: Inbox) -> None:
    """Deliver the outbox; the app's own delivery loop, woken by the request, may already be on it."""
    await mail.deliver_due(now=now() + dt.timedelta(seconds=1))
    for _ in range(100):
        if any(m['Subject'].startswith('Dit login-link') for _, m in inbox.received):
            return
        await asyncio.sleep(0.05)


async def follow(user: SimulatedUser, path: str) -> str:
    """What a member does with the mail: open the link (GET), then press "Log ind" (POST). The redirect target."""
    assert (await user.http_client.get(path)).status_code == 200
    response = await user.http_client.post(path, follow_redirects=False)
    assert response.status_code == 303
    return response.headers['location']


async def test_the_login_page_offers_a_link_and_answers_the_same_for_any_address(user: SimulatedUser) -> None:
    await applicant()
    await user.open('/login')
    await user.should_see('Få et login-link på e-mail')
    await user.should_see(marker='link-email')
    assert await ask_for_link(user, 'bo@bib.dk') == await ask_for_link(user, 'ukendt@bib.dk') == '/login?sendt=1'
    await user.open('/login?sendt=1')
    await user.should_see(SENT)
    assert [m.to_address for m in await OutgoingMail.filter(subject__startswith='Dit login-link')] == ['bo@bib.dk']


async def test_the_mail_arrives_over_smtp_and_its_link_logs_the_member_in(user: SimulatedUser,
                                                                          smtp_server: Inbox) -> None:
    await applicant()
    await ask_for_link(user, 'Bo@Bib.dk')
    await delivered(smtp_server)
    (recipients, message), = [(to, m) for to, m in smtp_server.received if m['Subject'].startswith('Dit login-link')]
    assert recipients == ['bo@bib.dk']
    assert message['Subject'].startswith('Dit login-link til')
    body = message.get_content()
    assert 'virker i 30 minutter og kan kun bruges én gang' in body
    found = re.search(r'(https?://\S+/login/link/[A-Za-z0-9_-]+)', body)
    assert found, body
    path = urlsplit(found.group(1)).path
    assert await follow(user, path) == '/min-side'
    await user.open('/')
    await user.should_see(marker='logout')
    account = await User.get(email='bo@bib.dk')
    assert await LoginSession.filter(user_id=account.id, ended_at=None).count() == 1


async def test_opening_the_link_does_not_use_it_up(user: SimulatedUser) -> None:
    await applicant()
    await ask_for_link(user, 'bo@bib.dk')
    path = await link_path_from_outbox('bo@bib.dk')
    for _ in range(2):  # a mail scanner's visit, then the member's
        await user.open(path)
        await user.should_see(marker='link-login')
        await user.should_not_see(INVALID)
    assert await LoginLink.filter(used_at=None).count() == 1
    assert await LoginSession.all().count() == 0


async def test_a_used_or_wrong_link_says_so_and_offers_a_new_one(user: SimulatedUser) -> None:
    await applicant()
    await ask_for_link(user, 'bo@bib.dk')
    path = await link_path_from_outbox('bo@bib.dk')
    assert await follow(user, path) == '/min-side'
    await user.http_client.post('/logout')
    response = await user.http_client.post(path, follow_redirects=False)  # the same link again
    assert (response.status_code, response.headers['location']) == (303, path)
    for bad in (path, '/login/link/' + 'x' * 43, '/login/link/%3Cscript%3E'):
        await user.open(bad)
        await user.should_see(INVALID)
        await user.should_see(marker='link-email')
        await user.should_not_see(marker='link-login')
    assert await LoginSession.filter(ended_at=None).count() == 0


@pytest.mark.parametrize('status', ['pending', 'waitlisted', 'resigned', 'deregistered'])
async def test_waiting_and_former_members_log_in_by_link_and_land_on_min_side(user: SimulatedUser, status: str) -> None:
    if status == 'waitlisted':
        network = await networks.default_network()
        network.capacity = 1
        await network.save(update_fields=['capacity'])
        await applicant('foerst@bib.dk')  # takes the one seat
    member = await applicant(approve=status != 'pending')
    if status == 'resigned':
        await membership.resign(membership_id=member.id, by=SYSTEM, now=now())
    elif status == 'deregistered':  # as closing the third missed meeting would; how does not matter to the login
        await Membership.filter(id=member.id).update(status=MembershipStatus.DEREGISTERED)
    assert (await Membership.get(id=member.id)).status == status
    await ask_for_link(user, 'bo@bib.dk')
    assert await follow(user, await link_path_from_outbox('bo@bib.dk')) == '/min-side'


async def test_a_coordinator_address_gets_no_link_but_the_same_answer(user: SimulatedUser) -> None:
    await coordinator_login(user)
    await user.http_client.post('/logout')
    assert await ask_for_link(user, 'koordinator@sb.dk') == '/login?sendt=1'
    assert await LoginLink.all().count() == 0
    assert not await OutgoingMail.filter(to_address='koordinator@sb.dk').exists()


async def test_too_many_requests_are_refused_with_the_same_message_for_everyone(user: SimulatedUser) -> None:
    await applicant()
    for _ in range(login_links.MAX_PER_EMAIL):
        assert await ask_for_link(user, 'bo@bib.dk') == '/login?sendt=1'
    assert await ask_for_link(user, 'bo@bib.dk') == '/login'
    await user.open('/login')
    await user.should_see('Der er bedt om for mange login-links. Vent et kvarter, og prøv igen.')
    assert await OutgoingMail.filter(subject__startswith='Dit login-link').count() == login_links.MAX_PER_EMAIL


async def test_a_member_sets_a_password_and_then_logs_in_with_it(user: SimulatedUser) -> None:
    await applicant()
    await ask_for_link(user, 'bo@bib.dk')
    await follow(user, await link_path_from_outbox('bo@bib.dk'))
    await user.open('/min-side/adgangskode')
    await user.should_not_see(marker='current-password')  # no password yet: nothing to confirm
    user.find(marker='new-password').type(PASSWORD)
    user.find(marker='repeat-password').type(PASSWORD + 'x')
    user.find(marker='password-save').click()
    await user.should_see('De to nye adgangskoder er ikke ens.', retries=HASHING)
    user.find(marker='repeat-password').clear().type(PASSWORD)
    user.find(marker='password-save').click()
    await user.should_see('Din adgangskode er gemt.', retries=HASHING)
    await user.should_see(marker='current-password')  # from now on a change needs it
    await user.http_client.post('/logout')
    response = await user.http_client.post('/login', data={'email': 'bo@bib.dk', 'password': PASSWORD},
                                           follow_redirects=False)
    assert response.headers['location'] == '/min-side'


async def test_changing_the_password_needs_the_current_one(user: SimulatedUser) -> None:
    from tests.login import member_login
    await member_login(user, await applicant())
    await user.open('/min-side/adgangskode')
    user.find(marker='current-password').type('forkert-kodeord')
    user.find(marker='new-password').type('et-helt-nyt-kodeord')
    user.find(marker='repeat-password').type('et-helt-nyt-kodeord')
    user.find(marker='password-save').click()
    await user.should_see('Den nuværende adgangskode er forkert.', retries=HASHING)
    user.find(marker='current-password').clear().type(PASSWORD)
    user.find(marker='password-save').click()
    await user.should_see('Din adgangskode er gemt.', retries=HASHING)
    await user.http_client.post('/logout')
    assert await post_login(user, 'bo@bib.dk', PASSWORD) == 303
    assert await LoginSession.filter(ended_at=None).count() == 0  # the old password no longer works
    response = await user.http_client.post('/login', data={'email': 'bo@bib.dk', 'password': 'et-helt-nyt-kodeord'},
                                           follow_redirects=False)
    assert response.headers['location'] == '/min-side'


async def test_the_password_page_is_for_members_only(user: SimulatedUser) -> None:
    await user.open('/min-side/adgangskode')
    await user.should_see(marker='email')  # a visitor is sent to log in
    await coordinator_login(user)
    await user.open('/min-side/adgangskode')
    await user.should_see(marker='no-access')
    await user.should_not_see(marker='new-password')
