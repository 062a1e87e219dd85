"""Page build times and query counts: each page fetched over HTTP from a running server, timed from the request to
the last byte (the server builds the page while the client waits), its NiceGUI elements counted from the answer,
and its database statements counted in the server. The baseline is a bare NiceGUI page with as many elements,
fetched in turn with it; the best time of each is kept (the run least disturbed by other work on the machine)."""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace

import httpx

from .clients import Page, fetch, log_in
from .dataset import Dataset

# (name, path, who); {token} is the data set's projector link
PAGES = (('Overblik', '/overblik', 'coordinator'), ('Medlemmer', '/medlemmer', 'coordinator'),
         ('Venteliste', '/venteliste', 'coordinator'), ('Min side', '/min-side', 'member'),
         ('Storskærm', '/skaerm/{token}', 'anyone'))
TIME_BUDGET = 30.0   # seconds of repetitions per page at most (Medlemmer takes seconds a fetch); at least two pairs
LOGGED_IN = 'Log ud'  # the frame's logout button: the page was built for a logged-in user, not a redirect


@dataclass(frozen=True)
class PageResult:
    name: str
    path: str
    elements: int
    queries: int
    statements: list[str]
    ms: float = 0.0            # best build time
    bare_ms: float = 0.0       # best build time of the bare page with as many elements
    bare_elements: int = 0
    runs: int = 0


async def measure(base: str, dataset: Dataset, *, bare_base: str | None = None,
                  repetitions: int = 0) -> list[PageResult]:
    """Every page: one fetch with its statements counted (which also warms it up), then `repetitions` timed fetches
    or more, each followed by one of the bare page (`bare_base`), so both see the same moments of a busy machine."""
    results = []
    async with httpx.AsyncClient(timeout=300) as coordinator, httpx.AsyncClient(timeout=300) as member, \
            httpx.AsyncClient(timeout=300) as anyone, httpx.AsyncClient(timeout=300) as bare:
        await log_in(coordinator, base, *dataset.coordinator)
        await log_in(member, base, *dataset.member)
        http = {'coordinator': coordinator, 'member': member, 'anyone': anyone}
        for name, path, who in PAGES:
            url = base + path.format(token=dataset.display_token)
            key = uuid.uuid4().hex
            counted = await fetch(http[who], url, headers={'x-bench-count': key})
            _check(name, who, counted)
            statements = (await http[who].get(f'{base}/_bench/queries/{key}')).json()['statements']
            result = PageResult(name, path, counted.elements, len(statements), statements)
            if bare_base is not None and repetitions:
                bare_url = f'{bare_base}/elements/{counted.elements}'
                bare_elements = (await fetch(bare, bare_url)).elements
                times, bare_times = await _alternating(http[who], url, bare, bare_url, repetitions)
                result = replace(result, ms=min(times) * 1000, bare_ms=min(bare_times) * 1000,
                                 bare_elements=bare_elements, runs=len(times))
            results.append(result)
    return results


async def _alternating(http: httpx.AsyncClient, url: str, bare: httpx.AsyncClient, bare_url: str,
                       repetitions: int) -> tuple[list[float], list[float]]:
    """At least `repetitions` pairs (two for a page that takes seconds, within TIME_BUDGET); cheap pages get more,
    up to three times as many, while they take less than a second together."""
    times: list[float] = []
    bare_times: list[float] = []
    started = time.perf_counter()

    def more() -> bool:
        spent = time.perf_counter() - started
        if len(times) < 2:
            return True
        if len(times) < repetitions:
            return spent < TIME_BUDGET
        return len(times) < 3 * repetitions and spent < 1.0

    while more():
        times.append((await fetch(http, url)).seconds)
        bare_times.append((await fetch(bare, bare_url)).seconds)
    return times, bare_times


def _check(name: str, who: str, page: Page) -> None:
    """A page that redirected to the login form, or a projector link that was not recognised, would be cheap."""
    if who in ('coordinator', 'member') and LOGGED_IN not in page.html:
        raise RuntimeError(f'{name}: not built for a logged-in {who}')
    if who == 'anyone' and page.elements < 25:
        raise RuntimeError(f'{name}: the projector did not show the meeting ({page.elements} elements)')
