"""Live-update events, one per topic. Services emit them after the commit with the network's id; each open page
subscribes inside its own context, so the subscription dies with the page. No polling anywhere."""
from __future__ import annotations

import inspect
from collections.abc import Callable

from nicegui import Event

membership: Event[int] = Event()   # seats, waitlist, statuses, agreements, network settings
attendance: Event[int] = Event()   # attendance records, closing and reopening meetings
meetings: Event[int] = Event()     # meetings planned, changed, cancelled
board: Event[int] = Event()        # a meeting's agenda, groups and live control (the projector follows this)
# the outbox: messages queued, sent, failed or sent again; None when no network is known (wake() after a commit)
mail: Event[int | None] = Event()


def refresh_on(network_id: int, refresh: Callable[[], object], *topics: Event[int]) -> None:
    """Redraw part of an open page whenever one of `topics` reports a change in its network. Call it while building
    the page: the subscription then belongs to the page's client and ends when the page closes."""
    async def changed(changed_id: int) -> None:
        if changed_id == network_id:
            result = refresh()
            if inspect.isawaitable(result):
                await result

    for topic in topics:
        topic.subscribe(changed)
