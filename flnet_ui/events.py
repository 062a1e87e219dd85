"""Live-update events, one per topic. Services emit them after the commit with the network's id; each open page
subscribes inside its own context, so the subscription dies with the page. No polling anywhere."""
from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable

from nicegui import Event

membership: Event[int] = Event()   # seats, waitlist, statuses, agreements, network settings
attendance: Event[int] = Event()   # attendance records, closing and reopening meetings
meetings: Event[int] = Event()     # meetings planned, changed, cancelled
board: Event[int] = Event()        # a meeting's agenda, groups and live control (the projector follows this)
minutes: Event[int] = Event()      # minutes written, approved, reopened or distributed; action items
# the outbox: messages queued, sent, failed or sent again; None when no network is known (wake() after a commit)
mail: Event[int | None] = Event()


def refresh_on(network_id: int, refresh: Callable[[], object], *topics: Event[int]) -> None:
    """Redraw part of an open page whenever one of `topics` reports a change in its network. Call it while building
    the page: the subscription then belongs to the page's client and ends when the page closes.

    Redraws never overlap. An async refreshable clears its container and then awaits its queries; a second refresh
    started meanwhile (one action often reports on two topics, e.g. starting a meeting: `meetings` and `board`) would
    clear the still empty container and both would draw, showing everything twice. So changes that arrive during a
    redraw are folded into one more redraw after it, which reads the newest state."""
    running = asyncio.Lock()
    again = False

    async def changed(changed_id: int) -> None:
        nonlocal again
        if changed_id != network_id:
            return
        if running.locked():
            again = True
            return
        async with running:
            again = True
            while again:
                again = False
                result = refresh()
                if inspect.isawaitable(result):
                    await result

    for topic in topics:
        topic.subscribe(changed)
