from nicegui.testing import User

from models import AuditEntry, LoginSession
from tests.login import PASSWORD, coordinator_login, post_login


async def test_coordinator_logs_in_sees_the_menu_and_logs_out(user: User) -> None:
    await coordinator_login(user)
    await user.open('/')
    await user.should_see('Medlemmer')
    await user.should_see(marker='logout')
    response = await user.http_client.post('/logout', follow_redirects=False)
    assert response.status_code == 303
    assert await LoginSession.filter(ended_at=None).count() == 0
    await user.open('/')
    await user.should_not_see('Medlemmer')
    await user.should_see(marker='login-link')
    assert [e.action for e in await AuditEntry.filter(subject='login')] == ['login', 'logout']


async def test_wrong_password_is_refused_with_a_danish_message_and_audited(user: User) -> None:
    await coordinator_login(user)
    await user.http_client.post('/logout')
    assert await post_login(user, 'koordinator@sb.dk', 'forkert-kodeord') == 303
    await user.open('/login')
    await user.should_see('Forkert e-mailadresse eller adgangskode.')
    assert await AuditEntry.filter(subject='login', action='login failed').count() == 1
    assert PASSWORD not in str([e.reason for e in await AuditEntry.all()])


async def test_eleven_failures_lock_the_account_with_a_time_to_try_again(user: User) -> None:
    await coordinator_login(user)
    await user.http_client.post('/logout')
    for _ in range(10):
        await post_login(user, 'koordinator@sb.dk', 'forkert-kodeord')
    await post_login(user, 'koordinator@sb.dk', PASSWORD)  # even the right password is refused now
    await user.open('/login')
    await user.should_see('For mange mislykkede forsøg. Prøv igen kl.')
    assert await LoginSession.filter(ended_at=None).count() == 0


async def test_an_external_next_address_is_ignored(user: User) -> None:
    await coordinator_login(user)
    await user.http_client.post('/logout')
    response = await user.http_client.post('/login', data={'email': 'koordinator@sb.dk', 'password': PASSWORD,
                                                           'next': '//evil.example/'}, follow_redirects=False)
    assert response.headers['location'] == '/overblik'
