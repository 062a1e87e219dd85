"""Log in and out as real HTTP POSTs (so the session is renewed at login and requests can be rate-limited).

The forms are plain <form method=post>: they work with the keyboard, with a password manager, and without waiting for
the websocket. The POST handlers answer with a redirect; an error is carried back to the form in the signed session.

Members may log in by e-mail link (issue 4 §2): /login asks for one, the mail points at /login/link/<token>. Opening
that address only shows a button (mail scanners open links, and must not use them up); the button's POST logs in.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import app, ui

from flnet_ui import access
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.i18n import _
from flnet_ui.services import login_links, networks, sessions
from flnet_ui.services.errors import DomainError
from models import Role

ERROR_KEY = 'flnet_login_error'
EMAIL_KEY = 'flnet_login_email'
LINK_ERROR_KEY = 'flnet_login_link_error'
LINK_EMAIL_KEY = 'flnet_login_link_email'
TOKEN = re.compile(r'[A-Za-z0-9_-]{20,100}')  # what secrets.token_urlsafe makes; anything else is never rendered


def create() -> None:
    @ui.page('/login')
    async def login_page(request: Request, next: str = '', sendt: str = '') -> None:
        user = await access.current_user()
        if user is not None:
            ui.navigate.to(safe_next(next) or home_of(user.role))
            return
        error = request.session.pop(ERROR_KEY, '')
        email = request.session.pop(EMAIL_KEY, '')
        network = await networks.default_network()
        with frame(_('Log in'), network_name=network.short_name or network.name):
            with ui.card().classes('w-full max-w-md'):
                with ui.element('form').props('method=post action=/login').classes('flex flex-col gap-4 w-full'):
                    ui.input(_('E-mail address'), value=email) \
                        .props('name=email type=email autocomplete=username autofocus outlined').mark('email')
                    ui.input(_('Password'), password=True, password_toggle_button=True) \
                        .props('name=password autocomplete=current-password outlined').mark('password')
                    ui.element('input').props.update(type='hidden', name='next', value=safe_next(next))
                    if error:
                        ui.label(error).classes(f'text-[{design.NEGATIVE}]').props('role=alert').mark('login-error')
                    ui.button(_('Log in')).props('type=submit color=primary').mark('submit')
            link_request_form(request, sent=sendt == '1')

    @ui.page('/login/link/{token}')
    async def link_page(request: Request, token: str) -> None:
        network = await networks.default_network()
        usable = TOKEN.fullmatch(token) is not None \
            and await login_links.link_is_usable(token=token, now=dt.datetime.now(dt.UTC))
        with frame(_('Log in'), network_name=network.short_name or network.name):
            if not usable:
                with ui.card().classes('w-full max-w-md'):
                    ui.label(login_links.invalid_link().message).classes(f'text-[{design.NEGATIVE}]') \
                        .props('role=alert').mark('link-invalid')
                link_request_form(request, sent=False)
                return
            with ui.card().classes('w-full max-w-md'):
                ui.label(_('Press the button to log in to your own page.'))
                # The token passed the pattern above: only letters, digits, - and _ reach the attribute.
                with ui.element('form').props(f'method=post action=/login/link/{token}').classes('w-full'):
                    ui.button(_('Log in')).props('type=submit color=primary').mark('link-login')

    # NOTE: after the pages: @ui.page removes every route already registered on its path, the POST included.
    app.add_api_route('/login', log_in, methods=['POST'], include_in_schema=False)
    app.add_api_route('/login/link', ask_for_link, methods=['POST'], include_in_schema=False)
    app.add_api_route('/login/link/{token}', log_in_with_link, methods=['POST'], include_in_schema=False)
    app.add_api_route('/logout', log_out, methods=['POST'], include_in_schema=False)


def link_request_form(request: Request, *, sent: bool) -> None:
    """Ask for a login link. The answer after sending is the same whether or not the address is known."""
    error = request.session.pop(LINK_ERROR_KEY, '')
    email = request.session.pop(LINK_EMAIL_KEY, '')
    with ui.card().classes('w-full max-w-md'):
        ui.label(_('Get a login link by e-mail')).classes('text-xl font-bold').props('role=heading aria-level=2')
        ui.label(_('Members can log in with a link sent to the e-mail address the network has for them. '
                   'No password is needed.')).classes(design.MUTED)
        with ui.element('form').props('method=post action=/login/link').classes('flex flex-col gap-4 w-full'):
            ui.input(_('Your e-mail address'), value=email) \
                .props('name=link_email type=email autocomplete=email outlined').mark('link-email')
            if sent:
                minutes = int(login_links.LINK_LIFETIME.total_seconds() // 60)
                ui.label(_('If the address is known in the network, we have sent a link. It works for {minutes} '
                           'minutes.').format(minutes=minutes)).classes(f'text-[{design.POSITIVE}]') \
                    .props('role=status').mark('link-sent')
            if error:
                ui.label(error).classes(f'text-[{design.NEGATIVE}]').props('role=alert').mark('link-error')
            ui.button(_('Send me a login link')).props('type=submit color=primary outline').mark('link-submit')


async def log_in(request: Request) -> RedirectResponse:
    form = await request.form()
    email, password = str(form.get('email', '')), str(form.get('password', ''))
    target = safe_next(str(form.get('next', '')))
    try:
        logged_in = await sessions.log_in(email=email, password=password, address=client_address(request),
                                          now=dt.datetime.now(dt.UTC))
    except DomainError as error:
        request.session[ERROR_KEY] = error.message
        request.session[EMAIL_KEY] = email.strip()[:254]
        return RedirectResponse(f'/login?next={quote(target)}' if target else '/login', status_code=303)
    renew_session(request, logged_in)
    return RedirectResponse(target or home_of(logged_in.user.role), status_code=303)


async def ask_for_link(request: Request) -> RedirectResponse:
    email = str((await request.form()).get('link_email', ''))
    try:
        await login_links.request_link(email=email, address=client_address(request), now=dt.datetime.now(dt.UTC))
    except DomainError as error:  # a malformed address or the rate limit: the same for known and unknown addresses
        request.session[LINK_ERROR_KEY] = error.message
        request.session[LINK_EMAIL_KEY] = email.strip()[:254]
        return RedirectResponse('/login', status_code=303)
    return RedirectResponse('/login?sendt=1', status_code=303)


async def log_in_with_link(request: Request, token: str) -> RedirectResponse:
    try:
        logged_in = await login_links.use_link(token=token, address=client_address(request),
                                               now=dt.datetime.now(dt.UTC))
    except DomainError:  # the link's page says so, and offers a new one
        return RedirectResponse('/login/link/' + quote(token, safe=''), status_code=303)
    renew_session(request, logged_in)
    return RedirectResponse(home_of(logged_in.user.role), status_code=303)


def renew_session(request: Request, logged_in: sessions.LoggedIn) -> None:
    """A new browser id at login: nothing a visitor stored (or planted) before logging in carries over."""
    request.session.clear()
    request.session['id'] = str(uuid.uuid4())
    request.session[access.SESSION_KEY] = logged_in.token


def client_address(request: Request) -> str:
    return request.client.host if request.client else 'unknown'


async def log_out(request: Request) -> RedirectResponse:
    await sessions.log_out(request.session.get(access.SESSION_KEY), now=dt.datetime.now(dt.UTC))
    request.session.clear()
    return RedirectResponse('/', status_code=303)


def safe_next(path: str) -> str:
    """Only a path on this site: never another host (//evil.example, https://...) or a script URL. Browsers drop tabs
    and line breaks from an address before reading it, so '/<tab>/evil.example' would become //evil.example: refused
    with every other unprintable character."""
    path = path.strip()
    return path if path.startswith('/') and not path.startswith('//') and '\\' not in path and path.isprintable() \
        else ''


def home_of(role: Role) -> str:
    return '/overblik' if role == Role.COORDINATOR else '/min-side'
