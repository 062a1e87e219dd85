"""Cross-site requests are refused (issue 7 §3.2): a form on another site that posts to /login, /login/link,
/login/link/<token> or /logout gets 403 with a Danish message and changes nothing; the same post from this site
still works. The simulated browser's address is http://test."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.responses import Response
from nicegui import app
from nicegui.testing import User as SimulatedUser
from starlette.routing import Route

from flnet_ui.services import membership, networks
from flnet_ui.services.audit import SYSTEM
from models import AuditEntry, LoginAttempt, LoginLink, LoginSession, OutgoingMail, RateLimitHit
from tests.login import PASSWORD, coordinator_login

OWN = {'Origin': 'http://test', 'Sec-Fetch-Site': 'same-origin'}
CROSS_SITE = [
    pytest.param({'Origin': 'https://evil.example', 'Sec-Fetch-Site': 'cross-site'}, id='another-site'),
    pytest.param({'Origin': 'https://evil.example'}, id='origin-only'),
    pytest.param({'Sec-Fetch-Site': 'cross-site'}, id='fetch-metadata-only'),
    pytest.param({'Origin': 'http://evil.test', 'Sec-Fetch-Site': 'same-site'}, id='a-sibling-subdomain'),
    pytest.param({'Origin': 'null'}, id='a-sandboxed-frame'),
    pytest.param({'Origin': 'http://test', 'Sec-Fetch-Site': 'cross-site'}, id='headers-disagree'),
]
REFUSAL = 'Anmodningen kom fra et andet websted og er afvist.'
# Every route that is not GET, and how the tests below reach it (NiceGUI's own upload route is added per upload
# element and is covered by the same method-based check).
STATE_CHANGING = {'/login', '/login/link', '/login/link/{token}', '/logout'}


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def a_member_with_a_link(user: SimulatedUser) -> str:
    network = await networks.default_network()
    await membership.apply(network_id=network.id, name='Bo Ærenlund', email='bo@bib.dk', approve=True, by=SYSTEM,
                           now=now())
    response = await user.http_client.post('/login/link', data={'link_email': 'bo@bib.dk'}, headers=OWN,
                                           follow_redirects=False)
    assert response.headers['location'] == '/login?sendt=1'
    sent = await OutgoingMail.get(to_address='bo@bib.dk', subject__startswith='Dit login-link')
    found = re.search(r'(/login/link/[A-Za-z0-9_-]+)', sent.body_text)
    assert found is not None
    return found.group(1)


def assert_refused(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 403
    assert response.text.startswith(REFUSAL)
    assert 'set-cookie' not in response.headers


async def test_these_are_all_the_routes_that_change_something(user: SimulatedUser) -> None:
    found = {route.path for route in app.routes
             if isinstance(route, Route) and set(route.methods or ()) - {'GET', 'HEAD'}
             and not route.path.startswith('/_nicegui')}
    # The middleware refuses cross-site requests on any of them; a new one also wants a test that it changes nothing.
    assert found == STATE_CHANGING, 'a route that changes something was added or removed: update STATE_CHANGING'


@pytest.mark.parametrize('headers', CROSS_SITE)
async def test_a_cross_site_login_is_refused_and_logs_nobody_in(user: SimulatedUser, headers: dict[str, str]) -> None:
    await coordinator_login(user)
    await user.http_client.post('/logout', headers=OWN)
    attempts = await LoginAttempt.all().count()
    response = await user.http_client.post('/login', data={'email': 'koordinator@sb.dk', 'password': PASSWORD},
                                           headers=headers, follow_redirects=False)
    assert_refused(response)
    assert await LoginSession.filter(ended_at=None).count() == 0
    assert await LoginAttempt.all().count() == attempts  # not even counted as a try
    await user.open('/')
    await user.should_see(marker='login-link')


async def test_a_same_site_login_still_works(user: SimulatedUser) -> None:
    await coordinator_login(user)
    await user.http_client.post('/logout', headers=OWN)
    for headers in (OWN, {'Origin': 'http://test'}, {'Sec-Fetch-Site': 'none'}, {}):
        response = await user.http_client.post('/login', data={'email': 'koordinator@sb.dk', 'password': PASSWORD},
                                               headers=headers, follow_redirects=False)
        assert (response.status_code, response.headers['location']) == (303, '/overblik'), headers
        await user.http_client.post('/logout', headers=OWN)


@pytest.mark.parametrize('headers', CROSS_SITE)
async def test_a_cross_site_logout_is_refused_and_the_session_lives_on(user: SimulatedUser,
                                                                       headers: dict[str, str]) -> None:
    await coordinator_login(user)
    assert_refused(await user.http_client.post('/logout', headers=headers, follow_redirects=False))
    assert await LoginSession.filter(ended_at=None).count() == 1
    assert not await AuditEntry.filter(subject='login', action='logout').exists()
    await user.open('/')
    await user.should_see(marker='logout')

    response = await user.http_client.post('/logout', headers=OWN, follow_redirects=False)
    assert response.status_code == 303
    assert await LoginSession.filter(ended_at=None).count() == 0


@pytest.mark.parametrize('headers', CROSS_SITE)
async def test_a_cross_site_request_for_a_login_link_sends_nothing(user: SimulatedUser,
                                                                   headers: dict[str, str]) -> None:
    network = await networks.default_network()
    await membership.apply(network_id=network.id, name='Bo Ærenlund', email='bo@bib.dk', approve=True, by=SYSTEM,
                           now=now())
    response = await user.http_client.post('/login/link', data={'link_email': 'bo@bib.dk'}, headers=headers,
                                           follow_redirects=False)
    assert_refused(response)
    assert not await LoginLink.exists()
    assert not await OutgoingMail.filter(subject__startswith='Dit login-link').exists()
    assert not await RateLimitHit.exists()


@pytest.mark.parametrize('headers', CROSS_SITE)
async def test_a_cross_site_post_of_a_login_link_neither_logs_in_nor_uses_it_up(user: SimulatedUser,
                                                                                headers: dict[str, str]) -> None:
    path = await a_member_with_a_link(user)
    assert_refused(await user.http_client.post(path, headers=headers, follow_redirects=False))
    assert await LoginSession.all().count() == 0
    assert await LoginLink.filter(used_at=None).count() == 1

    response = await user.http_client.post(path, headers=OWN, follow_redirects=False)  # the member's own click
    assert (response.status_code, response.headers['location']) == (303, '/min-side')
    assert await LoginSession.filter(ended_at=None).count() == 1


async def test_any_other_post_route_is_covered_too(user: SimulatedUser) -> None:
    """The check is by method, not by a list of paths: a route added later is protected without being named."""
    calls: list[str] = []

    async def change() -> Response:
        calls.append('changed')
        return Response(status_code=204)
    app.add_api_route('/test-change', change, methods=['POST', 'PUT', 'DELETE'])
    for method in ('POST', 'PUT', 'DELETE'):
        assert_refused(await user.http_client.request(method, '/test-change', headers={'Origin': 'https://evil.example'}))
    assert calls == []
    assert (await user.http_client.post('/test-change', headers=OWN)).status_code == 204
    assert (await user.http_client.get('/healthz', headers={'Origin': 'https://evil.example',
                                                            'Sec-Fetch-Site': 'cross-site'})).status_code == 200
    assert calls == ['changed']
