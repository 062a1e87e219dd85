"""Live-update events, one per topic. Services emit them after the commit with the network's id; each open page
subscribes inside its own context, so the subscription dies with the page. No polling anywhere."""
from __future__ import annotations

from nicegui import Event

membership: Event[int] = Event()   # seats, waitlist, statuses, agreements, network settings
attendance: Event[int] = Event()   # attendance records, closing and reopening meetings
meetings: Event[int] = Event()     # meetings planned, changed, cancelled
