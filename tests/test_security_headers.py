"""Security headers on every kind of response (issue 7 §3.1), asked through the app's own ASGI stack: a page, one of
NiceGUI's static files, a 404, a 405, a PDF download, a calendar file, a member's data export, a material download
with its own sandbox policy, /healthz, an application error (500), a refused cross-site post (403), and the socket.io
endpoint. One test asks a real `flnet serve` over HTTP, where uvicorn and the GZip layer of a served app are in the
way too. What the Content-Security-Policy lets a page do is checked directive by directive here; that no page of the
app breaks under it, in Chromium, is tests/test_browser_csp.py."""
from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from typing import Any

import httpx
import pytest
import websockets
from fastapi.responses import Response
from nicegui import __version__ as nicegui_version
from nicegui import app
from nicegui.testing import User
from websockets.sync.client import connect
from websockets.typing import Origin

from flnet_ui import i18n, security
from flnet_ui.services import agenda, agenda_materials, meetings, networks
from models import AgendaKind, Meeting
from tests import factories as f
from tests.browser import running_server
from tests.login import coordinator_login, member_login

STATIC = f'/_nicegui/{nicegui_version}/static/nicegui.js'


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def assert_secured(response: Any, policy: str = security.CONTENT_SECURITY_POLICY) -> None:
    """`response`: httpx's, or urllib's (a response or an HTTPError); both have case-insensitive headers."""
    headers = response.headers
    assert headers['x-content-type-options'] == 'nosniff'
    assert headers['referrer-policy'] == 'same-origin'
    assert headers['x-frame-options'] == 'SAMEORIGIN'
    assert headers['content-security-policy'] == policy


async def a_meeting() -> Meeting:
    network = await networks.default_network()
    return await meetings.plan_meeting(network_id=network.id, title='Forårets temadag',
                                       date=i18n.today(now()) + dt.timedelta(days=30), starts_at=dt.time(10),
                                       ends_at=dt.time(12), by=f.COORDINATOR, now=now())


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in filter(None, (part.strip() for part in policy.split(';'))):
        name, *sources = directive.split()
        assert name not in parsed, f'{name} twice: browsers use the first and ignore the second'
        parsed[name] = sources
    return parsed


def test_the_policy_loads_and_sends_nothing_from_or_to_another_site() -> None:
    """Only this site ('self') and, for images, data: and blob:, neither of which can reach another site; no plugin,
    frame, worker or media at all; forms post here only; no inline event handler runs. NiceGUI needs the two unsafe
    script keywords (no nonce support): see the comment in flnet_ui/security.py."""
    policy = directives(security.CONTENT_SECURITY_POLICY)
    assert policy == {
        'default-src': ["'self'"],
        'script-src': ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],     # the socket.io websocket included: CSP 3 matches ws:/wss: of this site
        'media-src': ["'none'"],
        'object-src': ["'none'"],
        'frame-src': ["'none'"],
        'worker-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'self'"],
    }
    # No host, scheme or wildcard source anywhere: nothing another site serves may load, and nothing may be sent there.
    sources = {source for listed in policy.values() for source in listed}
    assert sources <= {"'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", 'data:', 'blob:'}


async def test_pages_static_files_error_responses_and_healthz_have_the_headers(user: User) -> None:
    for path, status in (('/', 200), ('/login', 200), ('/ansoeg', 200), (STATIC, 200), ('/favicon.ico', 200),
                         ('/findes-ikke', 404), ('/healthz', 200), ('/materialer/1', 403), ('/logout', 405),
                         ('/kalender/ukendt.ics', 404)):
        response = await user.http_client.get(path)
        assert response.status_code == status, path
        assert_secured(response)


async def test_a_refused_cross_site_post_has_the_headers(user: User) -> None:
    response = await user.http_client.post('/logout', headers={'Origin': 'http://evil.example'})
    assert response.status_code == 403
    assert_secured(response)


async def test_the_calendar_file_and_a_members_data_export_have_the_headers(user: User) -> None:
    meeting = await a_meeting()
    calendar_file = await user.http_client.get(f'/moeder/{meeting.id}.ics')
    assert calendar_file.status_code == 200 and calendar_file.headers['content-type'].startswith('text/calendar')
    assert_secured(calendar_file)
    await member_login(user)
    export = await user.http_client.get('/min-side/data.json')
    assert export.status_code == 200 and export.headers['content-disposition'].startswith('attachment')
    assert_secured(export)


async def test_strict_transport_security_only_over_https(user: User, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Over plain HTTP the header would mean nothing (and a developer's localhost must not be pinned to HTTPS);
    behind a proxy that serves the public https address, browsers are told to keep to HTTPS for a year."""
    for path in ('/', '/healthz', '/findes-ikke'):
        assert 'strict-transport-security' not in (await user.http_client.get(path)).headers, path
    monkeypatch.setenv('FLNET_PUBLIC_URL', 'https://fl-netvaerket.example.dk')
    for path in ('/', '/healthz', '/findes-ikke'):
        response = await user.http_client.get(path)
        assert response.headers['strict-transport-security'] == 'max-age=31536000', path
        assert_secured(response)


async def test_pdf_and_material_downloads_have_the_headers_and_the_material_keeps_its_sandbox(user: User) -> None:
    meeting = await a_meeting()
    talk = await agenda.add_item(meeting_id=meeting.id, kind=AgendaKind.TALK, title='Oplæg', duration_minutes=30,
                                 by=f.COORDINATOR, now=now())
    material = await agenda_materials.add_file(item_id=talk.id, title='', filename='slides.pdf',
                                               content_type='application/pdf', data=b'%PDF-1.4 slides',
                                               by=f.COORDINATOR, now=now())
    await coordinator_login(user)

    pdf = await user.http_client.get(f'/moeder/{meeting.id}/dagsorden.pdf')
    assert pdf.status_code == 200 and pdf.headers['content-type'] == 'application/pdf'
    assert_secured(pdf)

    download = await user.http_client.get(f'/materialer/{material.id}')
    assert download.status_code == 200 and download.content == b'%PDF-1.4 slides'
    assert_secured(download, policy="default-src 'none'; sandbox; frame-ancestors 'self'")


async def test_an_application_error_has_the_headers_too(user: User) -> None:
    async def broken() -> Response:
        raise RuntimeError('a bug')
    app.add_api_route('/test-broken', broken, methods=['GET'])
    # Starlette answers an unhandled error outside every user middleware; ours is outside that.
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app, raise_app_exceptions=False),
                                 base_url='http://test') as client:
        response = await client.get('/test-broken')
    assert response.status_code == 500
    assert_secured(response)


async def test_a_route_with_a_policy_of_its_own_keeps_it_and_gets_frame_ancestors_only_when_it_has_none(
        user: User) -> None:
    async def own() -> Response:
        return Response('x', headers={'Content-Security-Policy': "default-src 'none'; img-src 'self';"})
    app.add_api_route('/test-own-policy', own, methods=['GET'])
    response = await user.http_client.get('/test-own-policy')
    assert response.headers['content-security-policy'] == "default-src 'none'; img-src 'self'; frame-ancestors 'self'"


async def test_a_route_that_sets_a_stricter_policy_keeps_it(user: User) -> None:
    async def strict() -> Response:
        return Response('x', headers={'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY',
                                      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'"})
    app.add_api_route('/test-strict', strict, methods=['GET'])
    response = await user.http_client.get('/test-strict')
    assert response.headers['referrer-policy'] == 'no-referrer'
    assert response.headers['x-frame-options'] == 'DENY'
    assert response.headers['content-security-policy'] == "default-src 'none'; frame-ancestors 'none'"
    assert response.headers['x-content-type-options'] == 'nosniff'


@pytest.mark.parametrize(('origin', 'allowed'), [
    ('http://test', True),
    ('https://test', True),          # TLS ended by a proxy in front: the browser's scheme, the same host
    ('http://test:80', True),
    ('http://test:8080', False),     # another port is another origin
    ('http://evil.example', False),
    ('http://test.evil.example', False),
    ('null', False),                 # a sandboxed frame or a local file
    ('http://test:x', False),
])
def test_origins_that_count_as_this_site(origin: str, allowed: bool) -> None:
    assert security.is_own_origin(origin, ['test']) is allowed


def test_the_public_address_counts_as_this_site_behind_a_proxy_that_rewrites_host(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv('FLNET_PUBLIC_URL', 'https://flnet.example.dk')
    assert security.is_own_origin('https://flnet.example.dk', ['127.0.0.1:8080'])
    assert not security.is_own_origin('http://flnet.example.dk', ['127.0.0.1:8080'])
    assert not security.is_own_origin('https://evil.example', ['127.0.0.1:8080'])


def test_a_served_app_sends_the_headers_over_real_http(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with running_server(tmp_path / 'data') as base:
        for path, status in (('/', 200), (STATIC, 200), ('/findes-ikke', 404), ('/healthz', 200)):
            request = urllib.request.Request(base + path, headers={'Accept-Encoding': 'gzip'})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    assert response.status == status, path
                    assert_secured(response)
            except urllib.error.HTTPError as error:
                assert error.code == status, path
                assert_secured(error)
        cross_site = urllib.request.Request(base + '/logout', data=b'', method='POST',
                                            headers={'Origin': 'http://evil.example'})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(cross_site, timeout=10)
        assert refused.value.code == 403
        assert_secured(refused.value)
        assert 'andet websted' in refused.value.read().decode()


def test_socket_io_of_a_served_app_answers_only_pages_of_this_site(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """NiceGUI starts socket.io with cors_allowed_origins='*': any site's script could open a session or a socket."""
    with running_server(tmp_path / 'data') as base:
        polling = base + '/_nicegui_ws/socket.io/?EIO=4&transport=polling'
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(urllib.request.Request(polling, headers={'Origin': 'http://evil.example'}),
                                   timeout=10)
        assert refused.value.code == 400 and 'access-control-allow-origin' not in refused.value.headers
        assert_secured(refused.value)
        with urllib.request.urlopen(urllib.request.Request(polling, headers={'Origin': base}), timeout=10) as own:
            assert own.status == 200 and own.read().startswith(b'0{"sid"')
            assert own.headers['access-control-allow-origin'] == base
            assert_secured(own)

        socket = base.replace('http://', 'ws://') + '/_nicegui_ws/socket.io/?EIO=4&transport=websocket'
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused_socket:
            connect(socket, origin=Origin('http://evil.example'), proxy=None)
        assert refused_socket.value.response.status_code == 403  # uvicorn: the app closed before accepting
        with connect(socket, origin=Origin(base), proxy=None) as opened:
            assert str(opened.recv(timeout=10)).startswith('0{"sid"')
