"""Login hardening that the other login tests leave out (issue 7 §3.5). Already covered elsewhere: the rate limits
(test_sessions_service, test_pages_login, test_login_links, test_browser_login), idle and absolute limits in the
service (test_sessions_service), a new cookie at login (test_browser_login) and every data-changing handler of a
page left open after the session ended (the matrix in test_authorization_actions*). Added here: the browser id
really changes at login and nothing from before survives it, a cookie copied before login or before logout is worth
nothing afterwards (the session lives on the server, not in the cookie), an open page whose session ran out by
time, idle or absolute, changes nothing, and the way back after login cannot be bent to another site."""
from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import httpx
import pytest
from nicegui import app
from nicegui.testing import User

from flnet_ui.services import sessions
from models import LoginSession, Membership, MembershipStatus
from pages import login
from tests.actions import as_coordinator, people, snapshot
from tests.login import COORDINATOR_EMAIL, PASSWORD, coordinator_login

LOGGED_OUT = 'Du er ikke længere logget ind. Genindlæs siden, og log ind igen.'


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def session_of(cookie: str) -> dict[str, Any]:
    """What Starlette's signed session cookie carries (base64 JSON, then a timestamp and a signature)."""
    payload = cookie.strip('"').split('.', 1)[0]
    return json.loads(base64.b64decode(payload + '=' * (-len(payload) % 4)))


def cookie(user: User) -> str:
    value = user.http_client.cookies.get('session')
    assert value is not None
    return value


async def logged_in_with(cookie_value: str) -> bool:
    """Ask as a browser that sends only this cookie: a logged-in user gets 404 for a material that does not exist,
    a visitor 403."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url='http://test') as client:
        response = await client.get('/materialer/999999', headers={'Cookie': f'session={cookie_value}'})
    assert response.status_code in (403, 404)
    return response.status_code == 404


async def test_login_gives_a_new_browser_id_and_keeps_nothing_from_before(user: User) -> None:
    await coordinator_login(user)
    await user.http_client.post('/logout')
    await user.open('/login')
    await user.http_client.post('/login', data={'email': COORDINATOR_EMAIL, 'password': 'forkert-kodeord'})
    before = session_of(cookie(user))
    assert before.get('id') and before.get('flnet_login_error')  # what a visitor (or a planted cookie) brings

    response = await user.http_client.post('/login', data={'email': COORDINATOR_EMAIL, 'password': PASSWORD},
                                           follow_redirects=False)
    assert response.status_code == 303
    after = session_of(cookie(user))
    assert after['id'] != before['id']
    assert set(after) == {'id', 'flnet_session'}


async def test_a_cookie_from_before_login_stays_logged_out(user: User) -> None:
    """A session fixed by someone else before the victim logs in gains nothing from the victim's login."""
    await coordinator_login(user)
    await user.http_client.post('/logout')
    await user.open('/login')
    planted = cookie(user)
    await user.http_client.post('/login', data={'email': COORDINATOR_EMAIL, 'password': PASSWORD})
    assert await logged_in_with(cookie(user))
    assert not await logged_in_with(planted)


async def test_a_cookie_copied_while_logged_in_is_worth_nothing_after_logout(user: User) -> None:
    await coordinator_login(user)
    copied = cookie(user)
    assert await logged_in_with(copied)
    await user.http_client.post('/logout')
    assert not await logged_in_with(copied)  # the cookie is still validly signed; the server ended its session


@pytest.mark.parametrize(('age', 'refused'), [
    pytest.param({'last_seen': sessions.IDLE_LIMIT + dt.timedelta(minutes=1)}, True, id='idle-too-long'),
    pytest.param({'created': sessions.ABSOLUTE_LIMIT + dt.timedelta(minutes=1)}, True, id='too-old-though-busy'),
    pytest.param({'last_seen': sessions.IDLE_LIMIT - dt.timedelta(minutes=1),
                  'created': sessions.ABSOLUTE_LIMIT - dt.timedelta(minutes=1)}, False, id='just-within-both'),
])
async def test_an_open_page_whose_session_ran_out_changes_nothing(user: User, age: dict[str, dt.timedelta],
                                                                  refused: bool) -> None:
    [anne] = await people(['Anne Holm'], approve=False)
    account = await as_coordinator(user, '/medlemmer')
    moment = now()
    await LoginSession.filter(user_id=account).update(
        created_at=moment - age.get('created', dt.timedelta(minutes=5)),
        last_seen_at=moment - age.get('last_seen', dt.timedelta(0)))
    before = await snapshot()
    user.find(marker=f'approve-{anne.id}').click()
    if not refused:
        await user.should_see('Anne Holm fik en plads.')
        assert (await Membership.get(id=anne.id)).status == MembershipStatus.ACTIVE
        return
    await user.should_see(LOGGED_OUT)
    assert await snapshot() == before
    assert (await Membership.get(id=anne.id)).status == MembershipStatus.PENDING
    assert await LoginSession.filter(user_id=account, ended_at=None).count() == 0  # ended for good, not only now


@pytest.mark.parametrize('next_path', [
    '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/\x00/evil.example', '//evil.example',
    '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', ' //evil.example'])
def test_the_way_back_after_login_never_leads_off_the_site(next_path: str) -> None:
    """Browsers remove tabs and line breaks from an address before reading it: '/<tab>/evil.example' is
    //evil.example, another site."""
    assert login.safe_next(next_path) == ''


@pytest.mark.parametrize('next_path', ['/medlemmer', '/moeder/3/referat', '/min-side?x=1', '/søg efter/ø'])
def test_the_way_back_after_login_keeps_a_path_on_the_site(next_path: str) -> None:
    assert login.safe_next(next_path) == next_path


async def test_a_logged_in_visitor_sent_to_login_with_a_tab_trick_stays_on_the_site(user: User) -> None:
    await coordinator_login(user)
    await user.open('/login?next=/%09/evil.example')   # logged in already: the page sends the visitor on at once
    await user.should_see(marker='landsdel', retries=50)  # /overblik, the coordinator's home
