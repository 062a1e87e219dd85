"""Who may see and do what (DESIGN.md §1.5). One guard for every page and every handler that changes data.

    @ui.page('/medlemmer')
    async def members() -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        ...
        async def resign() -> None:
            actor = await access.action_actor(Role.COORDINATOR)
            if actor is None:
                return
            await membership.resign(..., by=actor, now=...)

A page left open after logout keeps its handlers; `action_actor` asks the database again, so they change nothing.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from nicegui import context, ui

from flnet_ui.components.notify import notify, remember_page
from flnet_ui.i18n import _
from flnet_ui.services import sessions
from flnet_ui.services.audit import Actor
from models import Role, User

SESSION_KEY = 'flnet_session'  # in Starlette's signed session cookie


def session_token() -> str | None:
    """The login token of the browser behind the current page or event (read from the page's own request)."""
    try:
        request = context.client.request
    except (AttributeError, RuntimeError):
        return None
    return request.session.get(SESSION_KEY) if request is not None and 'session' in request.scope else None


async def current_user() -> User | None:
    return await sessions.current_user(session_token(), now=dt.datetime.now(dt.UTC))


async def page_user(role: Role | None = None) -> User | None:
    """At the top of a page: the logged-in user with the role, or None after sending a visitor to the login page
    (or telling a logged-in user without the role that the page is not for them)."""
    user = await current_user()
    if user is None:
        path = context.client.request.url.path if context.client.request else '/'
        ui.navigate.to(f'/login?next={quote(path)}')
        return None
    if role is not None and user.role != role:
        from flnet_ui.components.frame import frame
        with frame(_('No access'), user=user):
            text = _('This page is for the network coordinator.') if role == Role.COORDINATOR \
                else _("This page is for the network's members.")
            ui.label(text).mark('no-access')
            ui.link(_('Go to the front page'), '/')
        return None
    return user


async def action_actor(role: Role | None = None) -> Actor | None:
    """In a handler that changes data: the acting user if the session is still live and has the role; otherwise
    a message and None (so the handler stops before touching anything)."""
    remember_page()   # before the first await: the handler's messages find its page even after a live redraw
    user = await current_user()
    if user is None:
        notify(_('You are no longer logged in. Reload the page and log in again.'), type='warning')
        return None
    if role is not None and user.role != role:
        notify(_('This is only for the network coordinator.') if role == Role.COORDINATOR
               else _("This is only for the network's members."), type='negative')
        return None
    return actor_of(user)


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.email)
