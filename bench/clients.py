"""Clients that look like a browser to NiceGUI: fetch a page over HTTP, then connect its socket.io channel the way
NiceGUI's nicegui.js does (path /_nicegui_ws/socket.io, the page's client id and next message id in the query, an
implicit handshake with a tab and a document id), and listen for the `update` messages the server pushes."""
from __future__ import annotations

import ast
import asyncio
import json
import re
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import httpx
import socketio

SOCKET_PATH = '/_nicegui_ws/socket.io'
_ELEMENTS = re.compile(r'parseElements\(String\.raw`(.*?)`\)', re.DOTALL)
_QUERY = re.compile(r'^\s*query: (\{.*\}),\s*$', re.MULTILINE)
# nicegui.js undoes these before parsing the elements (client.py escapes them into the HTML)
_UNESCAPE = (('&#36;', '$'), ('&#96;', '`'), ('&gt;', '>'), ('&lt;', '<'), ('&amp;', '&'))


@dataclass(frozen=True)
class Page:
    url: str
    html: str
    seconds: float   # from the request to the last byte of the answer

    @property
    def elements(self) -> int:
        """How many NiceGUI elements the page was built with (the JSON the browser renders)."""
        match = _ELEMENTS.search(self.html)
        if match is None:
            raise ValueError(f'{self.url}: no NiceGUI elements in the answer')
        raw = match.group(1)
        for escaped, plain in _UNESCAPE:
            raw = raw.replace(escaped, plain)
        return len(json.loads(raw))

    @property
    def socket_query(self) -> dict[str, str]:
        match = _QUERY.search(self.html)
        if match is None:
            raise ValueError(f'{self.url}: no socket.io query in the answer')
        return {key: str(value).lower() if isinstance(value, bool) else str(value)
                for key, value in ast.literal_eval(match.group(1)).items()}   # NiceGUI writes a Python dict


async def fetch(http: httpx.AsyncClient, url: str, headers: dict[str, str] | None = None) -> Page:
    started = time.perf_counter()
    response = await http.get(url, headers=headers)
    seconds = time.perf_counter() - started
    response.raise_for_status()
    return Page(url, response.text, seconds)


async def log_in(http: httpx.AsyncClient, base: str, email: str, password: str) -> None:
    """The login form's POST; the session cookie stays in `http`."""
    response = await http.post(f'{base}/login', data={'email': email, 'password': password}, follow_redirects=False)
    if response.status_code not in (302, 303):
        raise RuntimeError(f'login as {email} answered {response.status_code}')


class PageClient:
    """One open page: fetched, its socket connected. `expect(text)` arms it; `seen_at` is when (epoch seconds) the
    first pushed update containing the text arrived."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on('update', self._on_update)
        self.expected: str | None = None
        self.seen_at: float | None = None
        self.seen = asyncio.Event()

    async def open(self, http: httpx.AsyncClient) -> None:
        page = await fetch(http, self.url)
        query = {**page.socket_query, 'tab_id': str(uuid.uuid4()), 'document_id': str(uuid.uuid4())}
        parts = urlsplit(self.url)
        await self.sio.connect(f'{parts.scheme}://{parts.netloc}?{urlencode(query)}', socketio_path=SOCKET_PATH,
                               transports=['websocket'], wait_timeout=30)

    def expect(self, text: str) -> None:
        self.expected, self.seen_at = text, None
        self.seen.clear()

    async def _on_update(self, data: dict) -> None:
        if self.expected is None or self.seen_at is not None:
            return
        if self.expected in json.dumps(data, ensure_ascii=False):
            self.seen_at = time.time()
            self.seen.set()

    async def close(self) -> None:
        await self.sio.disconnect()


async def open_clients(url: str, count: int, *, concurrency: int = 8) -> list[PageClient]:
    """`count` connected pages, opened a few at a time (each client with its own cookie jar, like a browser)."""
    clients = [PageClient(url) for _ in range(count)]
    gate = asyncio.Semaphore(concurrency)

    async def open_one(client: PageClient) -> None:
        async with gate, httpx.AsyncClient(timeout=60) as http:
            await client.open(http)

    await asyncio.gather(*(open_one(client) for client in clients))
    return clients


async def close_clients(clients: list[PageClient]) -> None:
    await asyncio.gather(*(client.close() for client in clients), return_exceptions=True)
