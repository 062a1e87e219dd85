"""Log in and out as real HTTP POSTs (so the session is renewed at login and requests can be rate-limited).

The form is a plain <form method=post>: it works with the keyboard, with a password manager, and without waiting for
the websocket. The POST handlers answer with a redirect; an error is carried back to the form in the signed session.
"""
from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import app, ui

from flnet_ui import access
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.i18n import _
from flnet_ui.services import networks, sessions
from flnet_ui.services.errors import DomainError
from models import Role

ERROR_KEY = 'flnet_login_error'
EMAIL_KEY = 'flnet_login_email'


def create() -> None:
    @ui.page('/login')
    async def login_page(request: Request, next: str = '') -> None:
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

    # NOTE: after the page: @ui.page removes every route already registered on its path, the POST included.
    app.add_api_route('/login', log_in, methods=['POST'], include_in_schema=False)
    app.add_api_route('/logout', log_out, methods=['POST'], include_in_schema=False)


async def log_in(request: Request) -> RedirectResponse:
    form = await request.form()
    email, password = str(form.get('email', '')), str(form.get('password', ''))
    target = safe_next(str(form.get('next', '')))
    address = request.client.host if request.client else 'unknown'
    try:
        logged_in = await sessions.log_in(email=email, password=password, address=address,
                                          now=dt.datetime.now(dt.UTC))
    except DomainError as error:
        request.session[ERROR_KEY] = error.message
        request.session[EMAIL_KEY] = email.strip()[:254]
        return RedirectResponse(f'/login?next={quote(target)}' if target else '/login', status_code=303)
    # A new browser id at login: nothing a visitor stored (or planted) before logging in carries over.
    request.session.clear()
    request.session['id'] = str(uuid.uuid4())
    request.session[access.SESSION_KEY] = logged_in.token
    return RedirectResponse(target or home_of(logged_in.user.role), status_code=303)


async def log_out(request: Request) -> RedirectResponse:
    await sessions.log_out(request.session.get(access.SESSION_KEY), now=dt.datetime.now(dt.UTC))
    request.session.clear()
    return RedirectResponse('/', status_code=303)


def safe_next(path: str) -> str:
    """Only a path on this site: never another host (//evil.example, https://...) or a script URL."""
    path = path.strip()
    return path if path.startswith('/') and not path.startswith('//') and '\\' not in path else ''


def home_of(role: Role) -> str:
    return '/overblik' if role == Role.COORDINATOR else '/'
