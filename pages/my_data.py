"""`/min-side/data.json`: a member downloads everything stored about them (GDPR art. 15 and 20).

A plain HTTP route (a download, not a page), so it checks the session from the request itself: only a logged-in
member gets their own data; a visitor or a coordinator gets 403.
"""
from __future__ import annotations

import datetime as dt
import json

from fastapi import Request, Response
from nicegui import app

from flnet_ui import access, i18n
from flnet_ui.i18n import _
from flnet_ui.services import privacy, sessions
from flnet_ui.services.errors import DomainError
from models import Role

PATH = '/min-side/data.json'


def create() -> None:
    app.add_api_route(PATH, download, methods=['GET'], include_in_schema=False)
    # NOTE: first, so that a page on '/min-side/{...}' (if one is added) can never take this address.
    routes = app.router.routes
    for route in [route for route in routes if getattr(route, 'path', None) == PATH]:
        routes.remove(route)
        routes.insert(0, route)


async def download(request: Request) -> Response:
    now = dt.datetime.now(dt.UTC)
    token = request.session.get(access.SESSION_KEY) if 'session' in request.scope else None
    user = await sessions.current_user(token, now=now)
    with i18n.language('da'):
        refused = _('Log in as a member to download your data.')
    if user is None or user.role != Role.MEMBER:
        return Response(refused, status_code=403, media_type='text/plain; charset=utf-8')
    try:
        data = await privacy.own_data(user=user, now=now)
    except DomainError:
        return Response(refused, status_code=403, media_type='text/plain; charset=utf-8')
    body = json.dumps(data, ensure_ascii=False, indent=2)
    filename = f'mine-data-{i18n.today(now).isoformat()}.json'
    return Response(body.encode('utf-8'), media_type='application/json; charset=utf-8', headers={
        'Content-Disposition': f'attachment; filename="{filename}"', 'Cache-Control': 'private, no-store'})
