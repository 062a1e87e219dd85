"""Storskærm: the projector's view of today's meeting, opened by the network's secret display link (no login,
read-only, names only). The picture is drawn in pages/projector_layout.py, styled in pages/projector_style.py.

Recovery in the meeting room (read in NiceGUI 3.18's static/nicegui.js and nicegui.py, and its discussion #4730):
- A network drop: socket.io keeps reconnecting on its own. Within the page's `reconnect_timeout` the server still holds
  the client and replays what it missed; after it, the server has deleted the client, the handshake fails and the
  browser reloads the page ("reloading because handshake failed").
- A server restart: the new process knows no client, so the first successful reconnect fails the handshake and the
  browser reloads, which rebuilds the page from the database (every value shown is read from it; the countdown
  is derived from the stored control state). While the server is down the page keeps showing the last state with
  NiceGUI's "connection lost" popup.
The generous timeout below keeps a short drop from costing a reload (and a blank flash on the projector).
"""
from __future__ import annotations

import datetime as dt

from nicegui import ui

from flnet_ui import events
from flnet_ui.i18n import _
from flnet_ui.services import display
from models import Network
from pages import projector_layout as layout
from pages import projector_style as style

RECONNECT_TIMEOUT = 120.0  # seconds the server keeps a disconnected projector's page


def create() -> None:
    @ui.page('/skaerm/{token}', reconnect_timeout=RECONNECT_TIMEOUT)
    async def projector(token: str) -> None:
        ui.page_title(_('Projector'))
        ui.add_css(style.CSS)
        ui.add_body_html(style.ROTATE_GROUPS)
        ui.query('body').classes('flnet-screen-body')
        network = await display.network_for_display_token(token)
        if network is None:
            layout.unknown()
            return
        screen = Screen(token, network)
        await screen.content()
        ui.timer(1.0, screen.tick)
        events.refresh_on(network.id, screen.content.refresh, events.board, events.meetings)


class Screen:
    def __init__(self, token: str, network: Network) -> None:
        self.token = token
        self.network_id = network.id
        self.just_read: Network | None = network  # the first build uses the route's read; a redraw reads it anew
        self.parts: layout.Parts | None = None

    def tick(self) -> None:
        """Once a second: the clock and the countdown, recomputed from the state read at the last change."""
        if self.parts is not None:
            self.parts.tick(dt.datetime.now(dt.UTC))

    @ui.refreshable_method
    async def content(self) -> None:
        self.parts = None
        # A renewed link revokes this one: the open projector shows the neutral page from the next change on.
        network, self.just_read = self.just_read or await display.network_for_display_token(self.token), None
        if network is None or network.id != self.network_id:
            layout.unknown()
            return
        board = await display.network_board(network.id, now=dt.datetime.now(dt.UTC), network=network)
        # The countdown is drawn for the moment after the query: a change made during it must not show a second more.
        self.parts = layout.board(board, now=dt.datetime.now(dt.UTC))

