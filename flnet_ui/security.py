"""Security on every HTTP response and every request that changes something (issue 7 §3).

One ASGI middleware, the outermost layer of the app (outside Starlette's error handling, so a 500 gets the headers
too), does two things:

- Every response gets `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`, `X-Frame-Options:
  SAMEORIGIN`, the Content-Security-Policy `CONTENT_SECURITY_POLICY`, and over HTTPS `Strict-Transport-Security`. A
  route that sets a policy of its own (the material downloads' `default-src 'none'; sandbox`) keeps it, with
  frame-ancestors added when it has none; a stricter referrer or frame option set by a route is kept.
  `same-origin` rather than the browsers' default `strict-origin-when-cross-origin`: nothing here needs another site
  to know where a visitor came from, and some addresses carry secrets (/skaerm/<token>, /login/link/<token>,
  /kalender/<token>.ics). Same-origin form posts still carry their Origin.
  The policy lets a page load scripts, styles, fonts and images only from this site (images also from data: and
  blob:), connect only to this site (socket.io's websocket included) and post forms only here; no plugin, frame,
  worker or media, no <base> elsewhere, and inline event handler attributes never run. It is defence in depth, not a
  wall: NiceGUI needs 'unsafe-inline' and 'unsafe-eval' for scripts (why: at the constant), so a script that gets in
  still runs. What it takes away is most of that script's ways out: no request, beacon, socket, image, font, frame
  or form to another site. Not covered by CSP at all: a script can still navigate the page or open a window to
  another site with data in the address, and WebRTC.
- A request that can change something (any method but GET, HEAD and OPTIONS: the login and logout forms, uploads,
  socket.io's polling posts) is refused with 403 and a Danish message when the browser says it comes from another
  site: an `Origin` that is not this site, or `Sec-Fetch-Site` other than same-origin or none. A request with
  neither header is let through: every browser in use sends at least one of them on a cross-site post, and a
  program without a browser carries no visitor's cookie to abuse.

NiceGUI creates its socket.io server with `cors_allowed_origins='*'`, so any site's script could open a socket or a
polling session. `install` replaces that with the same same-origin check (python-engineio then refuses another
Origin with 400 and gives no CORS headers to another site).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from nicegui import core
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flnet_ui import config, i18n
from flnet_ui.i18n import _

log = logging.getLogger('flnet')

SAFE_METHODS = frozenset({'GET', 'HEAD', 'OPTIONS'})
SAME_SITE_FETCHES = frozenset({'same-origin', 'none'})  # `none`: the visitor typed the address or used a bookmark
REFERRER_POLICY = 'same-origin'
FRAME_ANCESTORS = "frame-ancestors 'self'"
# What a page of this app may load and run. NiceGUI 3.18 cannot run under a strict policy: nicegui.js turns props,
# JavaScript handlers and run_javascript into code with eval/new Function, Vue compiles the page's templates in the
# browser ('unsafe-eval'), and the page template has inline scripts that NiceGUI gives no nonce or hash
# ('unsafe-inline'; Tailwind and Quasar add <style> elements and style attributes too). A nonce with 'strict-dynamic'
# would need NiceGUI patched. So the policy cannot stop a script once injected; it narrows what such a script can
# reach: nothing is loaded from, sent to or posted to another site (navigating the page away is not CSP's to stop),
# no plugin, no frame, no worker, no <base> that moves the page's relative addresses.
# Every source is this site ('self'), which for connect-src includes its own ws:/wss: (socket.io; CSP 3: ws: under
# http, wss: under https). data: only for images (NiceGUI serves the emoji favicon as a data: SVG), blob: only for
# images (Quasar's uploader shows a chosen picture from a blob: address); neither can carry anything out of the page.
# Downloads made in the page (ui.download of the member export) are blob: links, which CSP does not govern.
# script-src-attr 'none': inline event handlers (`<img onerror=...>`, the usual injected markup) never run, while
# the template's inline <script> elements still do; nothing here uses handler attributes (Vue adds listeners). A
# browser too old to know script-src-attr falls back to script-src, and runs them. tests/test_browser_csp.py uses
# every page in Chromium and fails on any violation.
CONTENT_SECURITY_POLICY = '; '.join((
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    FRAME_ANCESTORS,
))
HSTS = 'max-age=31536000'   # a year; not includeSubDomains: the library's other sites under the domain are not ours
DEFAULT_PORTS = {'http': 80, 'https': 443}


def install(application: Any) -> None:
    """Put SecurityMiddleware around everything the app builds, once, however often `create()` runs (the test
    fixture re-runs the main file for every test on the same app object), and restrict socket.io to this site."""
    build = getattr(application, 'flnet_original_build_middleware_stack', None) or application.build_middleware_stack
    application.flnet_original_build_middleware_stack = build
    application.build_middleware_stack = lambda: SecurityMiddleware(build())
    core.sio.eio.cors_allowed_origins = socket_origin_allowed


class SecurityMiddleware:
    """A plain ASGI middleware (not BaseHTTPMiddleware): file and streaming responses pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message['type'] == 'http.response.start':
                started = True
                add_security_headers(MutableHeaders(scope=message), https=_over_https(scope))
            await send(message)

        headers = Headers(scope=scope)
        if scope['method'] not in SAFE_METHODS and is_cross_site(headers):
            log.warning('Refused a cross-site %s %s (Origin %r, Sec-Fetch-Site %r)', scope['method'], scope['path'],
                        headers.get('origin'), headers.get('sec-fetch-site'))
            await cross_site_refusal()(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Outside a page, an unhandled error leaves the app without a response and the server would answer 500
            # on its own, without these headers. Answer here; the server still logs the error.
            if not started:
                await PlainTextResponse('Internal Server Error', status_code=500)(scope, receive, send_with_headers)
            raise


def _over_https(scope: Scope) -> bool:
    """Served over HTTPS: uvicorn says so (directly, or from a trusted proxy's X-Forwarded-Proto), or the public
    address is https (a proxy in front that does not say)."""
    return scope.get('scheme') == 'https' or config.load().public_url.startswith('https://')


def add_security_headers(headers: MutableHeaders, *, https: bool = False) -> None:
    headers['X-Content-Type-Options'] = 'nosniff'
    if https:  # browsers keep to HTTPS for a year after; never said over plain HTTP, where it would mean nothing
        headers['Strict-Transport-Security'] = HSTS
    if 'referrer-policy' not in headers:
        headers['Referrer-Policy'] = REFERRER_POLICY
    if 'x-frame-options' not in headers:
        headers['X-Frame-Options'] = 'SAMEORIGIN'
    policy = headers.get('content-security-policy')
    if policy is None:
        headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY
    elif 'frame-ancestors' not in policy.lower():
        headers['Content-Security-Policy'] = f'{policy.strip().rstrip(";")}; {FRAME_ANCESTORS}'


def cross_site_refusal() -> Response:
    with i18n.language('da'):
        text = _('The request came from another website and was refused. Open the page on this site and try again.')
    return Response(text, status_code=403, media_type='text/plain; charset=utf-8')


def is_cross_site(headers: Headers) -> bool:
    fetch_site = headers.get('sec-fetch-site')
    if fetch_site is not None and fetch_site.strip().lower() not in SAME_SITE_FETCHES:
        return True
    origin = headers.get('origin')
    hosts = _hosts(headers.get('host'), headers.get('x-forwarded-host'))
    return origin is not None and not is_own_origin(origin, hosts)


def socket_origin_allowed(origin: str | None, environ: dict[str, Any] | None = None) -> bool:
    """python-engineio's `cors_allowed_origins` callable: only pages of this site may open a socket."""
    environ = environ or {}
    return origin is not None and is_own_origin(origin, _hosts(environ.get('HTTP_HOST'),
                                                                environ.get('HTTP_X_FORWARDED_HOST')))


def is_own_origin(origin: str, hosts: Iterable[str]) -> bool:
    """True when `origin` (scheme://host[:port]) is this site: the host the request was sent to (as the browser or a
    proxy in front says), or the configured public address (for a proxy that rewrites Host)."""
    own = _origin_parts(origin)
    if own is None:  # 'null' (a sandboxed frame, a file), or not an origin at all
        return False
    scheme, host, port = own
    if any(_origin_parts(f'{scheme}://{candidate}') == own for candidate in hosts):
        return True
    return _origin_parts(config.load().public_url) == (scheme, host, port)


def _hosts(host: str | None, forwarded_host: str | None) -> list[str]:
    # A proxy appends to X-Forwarded-Host; the first entry is what the browser asked for.
    return [h.strip() for h in (host, (forwarded_host or '').split(',')[0]) if h and h.strip()]


def _origin_parts(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        port = parts.port or DEFAULT_PORTS.get(scheme)
    except ValueError:  # a port that is not a number
        return None
    if scheme not in DEFAULT_PORTS or not parts.hostname or port is None:
        return None
    return scheme, parts.hostname.lower(), port
