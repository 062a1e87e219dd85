"""Messages to the person on the page (Quasar's notifications), for every page and handler.

A handler says what happened after awaiting a service ("Saved.", or the DomainError's message). Meanwhile the page
may have drawn the part it was clicked in anew, because the same change (or another coordinator's) reached it
live: NiceGUI then finds no page for ui.notify ("The parent element this slot belongs to has been deleted"), the
person is told nothing and the server logs an error (seen in tests/test_drill_processes.py: an approval pressed
twice). So the handler's page is remembered when it starts, before its first await (access.action_actor does it for
every handler that changes data), and the message goes there.
"""
from __future__ import annotations

from contextvars import ContextVar
from typing import Literal

from nicegui import Client, context, ui

from flnet_ui.components import design

# The page of the handler running in this task (a ContextVar: each event's handler runs in a task of its own).
_handling: ContextVar[Client | None] = ContextVar('flnet_handling_page', default=None)

# Quasar's default info blue and its green and red fail WCAG AA contrast under white text.
_COLOURS = {'positive': design.POSITIVE, 'negative': design.NEGATIVE, 'warning': design.WARNING}
_NEUTRAL = '#374151'


def remember_page() -> None:
    """Call at the start of an event handler, before its first await: notify() then finds the page afterwards."""
    try:
        _handling.set(context.client)
    except RuntimeError:   # outside any page (a background job): nobody to tell
        pass


def notify(message: str, *, type: Literal['positive', 'negative', 'warning', 'info', 'ongoing'] = 'info',
           timeout: int = 5000, multi_line: bool = False) -> None:
    """ui.notify in the design's colours, on the page of the running handler even if the part of it that the
    handler was started from has been drawn anew; nothing when the page itself is gone."""
    page: Client | None
    try:
        page = context.client
    except RuntimeError:   # the element the event came from was deleted by a live redraw
        page = _handling.get()
    if page is None or page.is_deleted:
        return
    with page:
        ui.notify(message, type=type, color=_COLOURS.get(type, _NEUTRAL), timeout=timeout, multi_line=multi_line)
