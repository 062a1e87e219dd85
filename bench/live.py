"""Memory per connected page, and live push.

Pages are opened as socket.io clients (and optionally as real Chromium pages); the server's resident memory is read
before and after. Then one change is made on the server, and each page is timed from the moment the server started
the change (the service call, or the baseline's `emit`) until it received, or for Chromium showed, the new text.
Server and clients run on one machine and share its clock."""
from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .clients import PageClient, close_clients, open_clients
from .processes import ServerProcess

WARM_UP = 5      # pages opened before the memory is first read
TIMEOUT = 60.0   # a page that has not shown the change by then counts as this late (and is reported)
# Set by the page itself when the text appears in its DOM (after Vue rendered the pushed update).
OBSERVER = '''(expected) => {
  window.__benchSeen = null;
  const check = () => {
    if (window.__benchSeen === null && document.body.textContent.includes(expected)) {
      window.__benchSeen = performance.timeOrigin + performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}'''


@dataclass(frozen=True)
class BrowserPage:
    path: str
    login: tuple[str, str] | None = None   # log in through the form's POST first (the coordinator)


@dataclass(frozen=True)
class Change:
    """When the server started the change (the service call) and when it had made it and emitted the event."""
    started: float   # epoch seconds
    emitted: float


@dataclass
class LiveRound:
    change: Change
    socket_seen: list[float] = field(default_factory=list)    # epoch seconds each page got the new text
    browser_seen: list[float] = field(default_factory=list)
    missing: int = 0

    @property
    def all_ms(self) -> list[float]:
        """From the service call to each page (the figure the issue asks for)."""
        return [(seen - self.change.started) * 1000 for seen in self.socket_seen + self.browser_seen]

    @property
    def pushed_ms(self) -> list[float]:
        """From the emitted event (after the commit) to each page: the push alone, without the service's own work."""
        return [(seen - self.change.emitted) * 1000 for seen in self.socket_seen + self.browser_seen]

    @property
    def last_seen(self) -> float:
        """When the last page had the change (epoch seconds)."""
        return max(self.socket_seen + self.browser_seen)

    @property
    def browser_ms(self) -> list[float]:
        return [(seen - self.change.started) * 1000 for seen in self.browser_seen]


@dataclass
class Session:
    """What one server measured: memory per connected page, and (when a change was triggered) the live push."""
    pages: int                    # connected pages that received the push (the warm-up pages included)
    per_client_mib: float
    live: LiveRound | None


async def session(server: ServerProcess, path: str, count: int, *, settle: float, expected: str = '',
                  trigger: Callable[[], Awaitable[Change]] | None = None, browser: Any = None,
                  browser_pages: tuple[BrowserPage, ...] = ()) -> Session:
    """Open a few pages (so that what the first page loads once is not charged to the clients), read the server's
    memory, open `count` more, read it again (each time `settle` seconds after the openings, for the server to finish
    what they started); then, with `trigger`, push a change to all of them."""
    url = server.base + path
    warm = await open_clients(url, WARM_UP)
    clients: list[PageClient] = []
    try:
        await asyncio.sleep(settle)
        before = server.rss_mib()
        clients = await open_clients(url, count)
        await asyncio.sleep(settle)
        per_client = (server.rss_mib() - before) / count
        live = None
        if trigger is not None:
            live = await live_round(server.base, [*warm, *clients], expected=expected, trigger=trigger,
                                    browser=browser, browser_pages=browser_pages)
        return Session(len(warm) + len(clients), per_client, live)
    finally:
        await close_clients([*warm, *clients])


async def live_round(base: str, clients: list[PageClient], *, expected: str, trigger: Callable[[], Awaitable[Change]],
                     browser: Any = None, browser_pages: tuple[BrowserPage, ...] = ()) -> LiveRound:
    """`trigger` makes the change and says when the server started and emitted it."""
    contexts, pages = [], []
    try:
        for wanted in browser_pages if browser is not None else ():
            context = await browser.new_context()
            contexts.append(context)
            pages.append(await _open_browser_page(context, base, wanted, expected))
        for client in clients:
            client.expect(expected)
        with _no_collection_here():
            # Let the opening, and the collection just made, settle: the clocks start at the change only. (The
            # collection pauses this process for over 100 ms once the run has read the large pages; started at once,
            # the clocks would count what the hundred clients had to catch up on after it.)
            await asyncio.sleep(0.5)
            change = await trigger()
            waits = [asyncio.ensure_future(client.seen.wait()) for client in clients]
            waits += [asyncio.ensure_future(page.wait_for_function('window.__benchSeen !== null',
                                                                   timeout=TIMEOUT * 1000)) for page in pages]
            _done, pending = await asyncio.wait(waits, timeout=TIMEOUT)
        for wait in pending:
            wait.cancel()
        await asyncio.gather(*waits, return_exceptions=True)   # a page that never showed it is counted below
        late = change.started + TIMEOUT
        result = LiveRound(change)
        for client in clients:
            result.missing += client.seen_at is None
            result.socket_seen.append(client.seen_at or late)
        for page in pages:
            seen_ms = await page.evaluate('window.__benchSeen')
            result.missing += seen_ms is None
            result.browser_seen.append(seen_ms / 1000 if seen_ms else late)
        return result
    finally:
        for context in contexts:
            await context.close()


@contextmanager
def _no_collection_here() -> Iterator[None]:
    """No garbage collection in this (the measuring) process while the pages are timed: the hundred clients share
    its one event loop, and a pause of its collector (seen: 40 ms for the middle generation, over 100 ms for the
    oldest) would make every page that had not yet been read seem late by as much, in whichever round it fell."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def _open_browser_page(context: Any, base: str, wanted: BrowserPage, expected: str) -> Any:
    if wanted.login is not None:
        email, password = wanted.login
        response = await context.request.post(f'{base}/login', form={'email': email, 'password': password},
                                              max_redirects=0)
        if response.status not in (302, 303):
            raise RuntimeError(f'Chromium could not log in as {email}: {response.status}')
    page = await context.new_page()
    await page.goto(base + wanted.path, wait_until='load')
    await page.wait_for_function('window.did_handshake === true', timeout=30_000)
    await page.evaluate(OBSERVER, expected)
    return page


async def start_browser() -> tuple[Any, Any]:
    """Debian's Chromium through Playwright (as the browser tests start it); returns (playwright, browser)."""
    from playwright.async_api import async_playwright

    from tests.browser import CHROMIUM_ARGS, chromium_path
    playwright = await async_playwright().start()
    browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    return playwright, browser


def posting(http: Any, url: str) -> Callable[[], Awaitable[Change]]:
    """A trigger that POSTs to the server's change route, which answers with the moments it started the change and
    emitted its event."""
    async def trigger() -> Change:
        response = await http.post(url)
        response.raise_for_status()
        answer = response.json()
        return Change(float(answer['started']), float(answer['emitted']))
    return trigger
