"""Composition root: settings, the database lifespan, the pages, and ui.run.

Run directly (`python flnet_ui/app.py`, as NiceGUI's test fixture does) or through `flnet serve`.
"""
from __future__ import annotations

import datetime as dt
import gc
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi.responses import JSONResponse
from nicegui import app, ui
from starlette.types import ASGIApp

from flnet_ui import config, db, mail, nicegui_speedups, security
from flnet_ui.components import design
from flnet_ui.services import mail_jobs, networks
from pages import (
    agenda,
    agreements,
    apply,
    archive,
    calendar,
    dashboard,
    groups,
    home,
    login,
    meeting_control,
    meeting_detail,
    meetings,
    members,
    minutes_editor,
    my_data,
    my_page,
    my_password,
    outbox,
    person,
    privacy,
    projector,
    roll_call,
    settings,
    waitlist,
)

if TYPE_CHECKING:
    from flnet_ui.event_bridge import Bridge

log = logging.getLogger('flnet')


def create() -> None:
    """Register everything on NiceGUI's app. Safe to call again on a fresh app (the test fixture does so per test)."""
    nicegui_speedups.install()   # before any page is built: a quarter of every page build was one signature check
    install_database_lifespan(app)
    design.use_colours(app)
    security.install(app)  # security headers on every response, cross-site posts refused, socket.io same-origin
    app.on_startup(mail.start_delivery_loop)  # sends queued e-mail in the background, retrying with backoff
    app.on_startup(mail_jobs.start_job_loop)  # meeting and offer reminders, expired offers: at start, every 10 min
    app.add_api_route('/healthz', healthz, methods=['GET'])
    home.create()
    apply.create()
    privacy.create()
    my_page.create()
    calendar.create()  # before the meeting pages: /moeder/{id}.ics
    my_data.create()
    login.create()
    meetings.create()
    meeting_detail.create()
    roll_call.create()
    agenda.create()
    groups.create()
    meeting_control.create()
    projector.create()
    minutes_editor.create()
    archive.create()
    dashboard.create()
    waitlist.create()
    agreements.create()
    settings.create()
    members.create()
    person.create()
    outbox.create()
    my_password.create()


def install_database_lifespan(application: Any) -> None:
    """Open the database before NiceGUI's own lifespan starts and close it after it ends (see STACK.md).

    NiceGUI runs async startup handlers as tasks it does not wait for, so a page could be served before the ORM is
    ready. Wrapping the lifespan avoids that. The original is kept so that wrapping twice never nests wrappers.
    """
    router = application.router
    original = getattr(router, 'flnet_original_lifespan', None) or router.lifespan_context

    @asynccontextmanager
    async def lifespan(asgi_app: ASGIApp) -> AsyncIterator[Any]:
        settings = config.load()
        # Started by `flnet serve`, which has just migrated; otherwise (tests, another runner) migrate here.
        applied = await db.open_database(settings.database_url,
                                         migrate=os.environ.pop(config.MIGRATED_ENV, '') != '1')
        log.info('Database ready (%s); migrations applied now: %s', _describe(settings),
                 ', '.join(applied) or 'none pending')
        await networks.ensure_default_network(now=dt.datetime.now(dt.UTC))
        # On PostgreSQL other app processes may serve pages too: carry live updates between them.
        bridge = None if settings.is_sqlite else _bridge(settings.database_url)
        try:
            if bridge is not None:
                await bridge.start()
            async with original(asgi_app) as state:
                yield state
        finally:
            if bridge is not None:
                await bridge.stop()
            await db.close_database()

    router.flnet_original_lifespan = original
    router.lifespan_context = lifespan


async def healthz() -> JSONResponse:
    try:
        await networks.default_network()
    except Exception as error:  # any failure to reach the database is "unhealthy", and says why
        return JSONResponse({'status': 'error', 'detail': type(error).__name__}, status_code=503)
    return JSONResponse({'status': 'ok'})


def _bridge(database_url: str) -> Bridge:
    """The live-update bridge between processes (PostgreSQL only: asyncpg is not imported on SQLite at all)."""
    from flnet_ui import event_bridge
    return event_bridge.Bridge(event_bridge.dsn_of(database_url))


def _describe(settings: config.Settings) -> str:
    return f'SQLite {settings.sqlite_path}' if settings.is_sqlite else 'PostgreSQL'


def _freeze_what_start_up_made() -> None:
    """What start-up made (modules, the ORM's models, NiceGUI's pages, catalogues) lives as long as the process. Out
    of the collector's sight, a full collection with a hundred pages open scans only what the pages made: before, such
    a pause (150-220 ms, seen in bench/: live push) fell now and then right after a meeting's close, and every phone
    in the room waited for it. Only for the served app: in tests, each test's objects would be kept forever.
    Only the young generations are collected first (1 ms): a full collection here took 65-80 ms of every start-up
    (bench/: start-up) to find some 15 unreachable objects among 120,000, which are now kept."""
    gc.collect(1)
    gc.freeze()


def run(settings: config.Settings) -> None:
    if not log.handlers:  # say at start which database is used and what was migrated, beside uvicorn's own lines
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter('%(levelname)s:     flnet: %(message)s'))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    app.on_startup(_freeze_what_start_up_made)
    ui.run(host=settings.host, port=settings.port, title='FL-netværket', language='da', reload=False, show=False,
           storage_secret=settings.storage_secret, favicon='📚',
           # The cookie is HttpOnly (Starlette's default), SameSite=Lax, Secure in production (served over https), and
           # lives no longer than a login may (12 hours); the session itself is checked in the database.
           session_middleware_kwargs={'same_site': 'lax', 'https_only': settings.production, 'max_age': 12 * 3600})


create()

if __name__ in {'__main__', '__mp_main__'}:
    run(config.load())
