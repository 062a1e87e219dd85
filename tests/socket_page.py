"""A NiceGUI page driven over its own socket.io websocket: what Chromium sends, without Chromium.

The page is loaded over HTTP (with the browser's cookies, so a coordinator's login comes along), its socket is
connected, and clicks and typed values are sent as the page's own events, to the handlers the page registered. What
the server changes comes back as element updates, kept in `elements` (so a part that was redrawn is found again under
its new ids), and as notifications. The drills use it to be many people at once (tests/drills.py).
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import re
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import socketio

T = TypeVar('T')
Element = dict[str, Any]


class Lost(Exception):
    """The connection ended (or the page never came) before the page answered."""


class SocketPage:
    def __init__(self, base: str, path: str, *, cookies: httpx.Cookies | None = None,
                 headers: dict[str, str] | None = None) -> None:
        self.base, self.path, self.cookies, self.headers = base, path, cookies, headers or {}
        self.client_id = ''
        self.elements: dict[int, Element] = {}
        self.notes: list[str] = []  # the notifications shown so far, oldest first
        self.socket = socketio.AsyncClient(reconnection=False)
        self._inbox: asyncio.Queue[tuple[str, Any] | None] = asyncio.Queue()
        self.socket.on('update', lambda data: self._inbox.put_nowait(('update', data)))
        self.socket.on('notify', lambda data: self._inbox.put_nowait(('notify', data)))
        self.socket.on('disconnect', lambda *_: self._inbox.put_nowait(None))

    async def open(self) -> None:
        async with httpx.AsyncClient(base_url=self.base, cookies=self.cookies, timeout=60) as http:
            for _ in range(5):  # NiceGUI answers 500 when a page takes over 3 s to build: a person reloads
                response = await http.get(self.path, headers=self.headers)
                if response.status_code < 500:
                    break
        response.raise_for_status()
        self.client_id, self.elements = parse_page(response.text)
        query = f'client_id={self.client_id}&next_message_id=0&implicit_handshake=true' \
                f'&tab_id={uuid.uuid4()}&document_id={uuid.uuid4()}'
        await self.socket.connect(f'{self.base}?{query}', socketio_path='/_nicegui_ws/socket.io',
                                  transports=['websocket'], wait_timeout=30)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.socket.disconnect()

    async def emit(self, element_id: int, event: str, *args: object) -> None:
        """What the browser sends when `event` happens on the element (a click, a new value)."""
        listener = next(e['listener_id'] for e in self.elements[element_id]['events'] if e['type'] == event)
        await self.socket.emit('event', {'id': element_id, 'client_id': self.client_id, 'listener_id': listener,
                                         'args': [json.dumps(arg) for arg in args]})

    async def click(self, element_id: int) -> None:
        await self.emit(element_id, 'click')

    def button(self, label: str) -> int:
        """The one button with this label (a dialog's buttons count too: they are on the page, closed or open)."""
        found = self.buttons(label)
        assert len(found) == 1, f'{len(found)} buttons "{label}" on {self.path}'
        return found[0]

    def buttons(self, label: str) -> list[int]:
        """The buttons with this label now (none while the part that holds them is being redrawn)."""
        return [i for i, e in self.elements.items() if e['tag'] == 'q-btn' and e['props'].get('label') == label]

    def texts(self) -> list[str]:
        """Every text on the page, HTML elements' content included."""
        return [str(e.get('text') or e.get('props', {}).get('innerHTML') or '') for e in self.elements.values()]

    async def next_change(self) -> Element:
        """Wait for the next message: the elements an update changed (id -> element, None when removed), or
        {'notify': message}. `elements` and `notes` are brought up to date first."""
        message = await self._inbox.get()
        if message is None:
            raise Lost('disconnected')
        kind, data = message
        if kind == 'notify':
            self.notes.append(str(data.get('message', '')))
            return {'notify': self.notes[-1]}
        changed = {int(key): value for key, value in data.items() if key != '_id'}
        for element_id, element in changed.items():
            if element is None:
                self.elements.pop(element_id, None)
            else:
                self.elements[element_id] = element
        return changed

    async def catch_up(self) -> None:
        """Take in every message that has arrived, without waiting for more: what a browser shows right now."""
        while not self._inbox.empty():
            await self.next_change()

    async def until(self, condition: Callable[[], T | None], *, timeout: float = 60) -> T:
        """Follow the page until `condition` (asked now and after every message) gives something."""
        try:
            async with asyncio.timeout(timeout):
                while (result := condition()) is None:
                    await self.next_change()
        except TimeoutError:
            raise TimeoutError(f'{self.base}{self.path} did not answer within {timeout} s') from None
        return result


def parse_page(html: str) -> tuple[str, dict[int, Element]]:
    """The client id and the elements that NiceGUI embeds in the page it serves."""
    found = re.search(r'parseElements\(String\.raw`(.*?)`\)', html, re.S)
    client = re.search(r"'client_id': '([0-9a-f-]+)'", html)
    if found is None or client is None:
        raise Lost('not a NiceGUI page')
    raw = found.group(1)
    for escaped, plain in (('&#36;', '$'), ('&#96;', '`'), ('&gt;', '>'), ('&lt;', '<'), ('&amp;', '&')):
        raw = raw.replace(escaped, plain)  # the page's own parseElements() in the same order
    return client.group(1), {int(key): value for key, value in json.loads(raw).items()}
