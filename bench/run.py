"""The whole benchmark, in the order that keeps it honest: build the data sets, measure in this process (closing a
meeting, the minutes PDF), then against servers (pages, live push and memory, start-up), each figure with its
baseline from the same run."""
from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from . import close, dataset, pdf, processes, stalls
from .clients import fetch
from .dataset import Dataset
from .dataset_plan import Scale
from .live import BrowserPage, LiveRound, Session, posting, session, start_browser
from .pages import PageResult, measure
from .processes import ServerProcess
from .report import Row, percentile

HOME = '/'   # the live page: public, and redrawn when a meeting's close moves people off the waitlist


@dataclass(frozen=True)
class Mode:
    name: str
    scale: Scale
    clients: int          # live push: connected pages per round (5 warm-up pages among them)
    memory_clients: int   # memory: pages opened after the warm-up; when clients - 5, read during the live rounds
    rounds: int           # live push: rounds, each on fresh servers
    repetitions: int      # page builds, closing, PDF
    empty_starts: int     # start-ups on an empty database (the other start-ups are the servers the run starts anyway)
    chromium: bool
    settle: float         # seconds for a server to finish what new connections started


FULL = Mode('full', Scale(people=2000, held=60, active=40, waiting=100), clients=100, memory_clients=200, rounds=5,
            repetitions=7, empty_starts=5, chromium=True, settle=2.0)
QUICK = Mode('quick', Scale(people=200, held=16, active=40, waiting=20), clients=20, memory_clients=15, rounds=3,
             repetitions=4, empty_starts=2, chromium=False, settle=0.5)   # best of 3 warm runs: steadier


@dataclass
class Outcome:
    rows: list[Row]
    notes: list[str]
    settings: list[str]


@dataclass
class Benchmark:
    mode: Mode
    work: Path
    say: Callable[[str], None]
    notes: list[str] = field(default_factory=list)
    starts: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    async def run(self) -> Outcome:
        now = dt.datetime.now(dt.UTC)
        self.say(f'Building the data sets ({self.mode.scale}) …')
        large, small = await dataset.build_pair(self.work / 'data', self.mode.scale, now=now)
        rows = await self.closing(large, small)
        self.say('Minutes PDF …')
        times = pdf.measure(repetitions=self.mode.repetitions)
        rows.append(Row(f'Minutes PDF (30 items, 40 attendees, {times.pages} pages)', times.minutes_ms,
                        times.plain_ms, 'ms', 'fpdf2, same text, no layout', target=1.5, limit=500))
        self.say('Pages …')
        page_rows, home_elements = await self.pages(large, small)
        rows += page_rows
        self.say('Live push and memory …')
        rows += await self.live_and_memory(large, home_elements)
        self.say('Start-up …')
        rows += self.startup()
        return Outcome(rows, self.notes, self.settings(large, small))

    async def closing(self, large: Dataset, small: Dataset) -> list[Row]:
        self.say('Closing a meeting …')
        closing = await close.measure(large, self.work, repetitions=self.mode.repetitions)
        closing_small = await close.measure(small, self.work, repetitions=1)
        self.notes += _query_difference('close a meeting', closing.statements, closing_small.statements)
        return [Row('Close a meeting', closing.close_ms, closing.select_ms, 'ms', 'one SELECT of all attendance rows',
                    target=5, limit=50),
                Row('Queries: close a meeting', closing.queries, closing_small.queries, 'queries',
                    'same, 10× less data', target=1)]

    async def pages(self, large: Dataset, small: Dataset) -> tuple[list[Row], int]:
        bare = self.started(processes.bare(self.work, 'pages-bare'), 'bare')
        try:
            built, home_elements = await self.flnet_pages(large, 'flnet-large', bare.base)
        finally:
            bare.stop()
        counted, _ = await self.flnet_pages(small, 'flnet-small', None)
        rows = [Row(f'Page build: {page.name} ({page.elements} elements)', page.ms, page.bare_ms, 'ms',
                    f'bare page, {page.bare_elements} elements', target=2) for page in built]
        for page, small_page in zip(built, counted, strict=True):
            rows.append(Row(f'Queries: {page.name}', page.queries, small_page.queries, 'queries', 'same, 10× less data',
                            target=1))
            self.notes += _query_difference(page.name, page.statements, small_page.statements)
        runs = ', '.join(f'{page.name} {page.runs}' for page in built)
        self.notes.append(f'Page builds: best of {runs} fetches, each followed by one of its bare page.')
        if self.mode.name == 'full':
            self.notes.append(await self.against_bare_with_speedup(built))
        return rows, home_elements

    async def against_bare_with_speedup(self, built: list[PageResult]) -> str:
        """The ratios again against a bare page that runs flnet's NiceGUI speedup too (flnet_ui/nicegui_speedups.py),
        so that the table's verdicts, counted against stock NiceGUI as the targets say, are not read as more."""
        server = processes.bare(self.work, 'pages-bare-speedup', speedup=True)
        server.start('/')
        try:
            async with httpx.AsyncClient(timeout=60) as http:
                ratios = []
                for page in built:
                    url = f'{server.base}/elements/{page.elements}'
                    best = min([(await fetch(http, url)).seconds for _ in range(max(page.runs, 3))]) * 1000
                    ratios.append(f'{page.name} {page.ms / best:.2f}× ({best:.3g} ms)')
        finally:
            server.stop()
        return ('flnet runs its NiceGUI speedup (flnet_ui/nicegui_speedups.py: a quarter of any page build) and the '
                'baseline above is stock NiceGUI, as the targets say. Against a bare page running the same speedup, '
                'the page builds would be: ' + ', '.join(ratios) + '.')

    async def flnet_pages(self, data: Dataset, kind: str, bare_base: str | None) -> tuple[list[PageResult], int]:
        server = self.started(processes.flnet(Path(data.path), self.work, f'pages-{data.scale.people}'), kind)
        try:
            results = await measure(server.base, data, bare_base=bare_base,
                                    repetitions=self.mode.repetitions if bare_base else 0)
            async with httpx.AsyncClient(timeout=60) as http:
                home = await fetch(http, server.base + HOME)
            return results, home.elements
        finally:
            server.stop()

    async def live_and_memory(self, data: Dataset, home_elements: int) -> list[Row]:
        """Rounds on fresh servers, the baseline's first. The baseline's page has as many elements as flnet's front
        page and pushes the same change of text (the waitlist's number) through one `nicegui.Event`."""
        mode = self.mode
        bare_path = f'/elements/{home_elements}'
        playwright: Any = None
        browser: Any = None
        if mode.chromium:
            playwright, browser = await start_browser()
        flnet_rounds: list[Session] = []
        bare_rounds: list[Session] = []
        try:
            with stalls.watching(self.work / 'pauses.txt') as pauses:
                for _round in range(mode.rounds):
                    bare_rounds.append(await self.bare_session(bare_path, data.waiting_after_close, browser))
                    flnet_rounds.append(await self.flnet_session(data, browser))
            if mode.memory_clients == mode.clients - 5:
                bare_memory, flnet_memory = bare_rounds[0], flnet_rounds[0]
            else:
                bare_memory = await self.bare_session(bare_path, data.waiting_after_close, None, memory_only=True)
                flnet_memory = await self.flnet_session(data, None, memory_only=True)
        finally:
            if playwright is not None:
                await browser.close()
                await playwright.stop()
        flnet_ms = [ms for s in flnet_rounds if s.live for ms in s.live.all_ms]
        bare_ms = [ms for s in bare_rounds if s.live for ms in s.live.all_ms]
        flnet_pushed = [ms for s in flnet_rounds if s.live for ms in s.live.pushed_ms]
        bare_pushed = [ms for s in bare_rounds if s.live for ms in s.live.pushed_ms]
        self.live_notes(flnet_rounds, bare_rounds, stalls.read(pauses))
        pages = flnet_rounds[0].pages + (2 if mode.chromium else 0)
        what = f'{pages} pages{" incl. 2 Chromium" if mode.chromium else ""}, {mode.rounds} round(s)'
        return [
            # From the close: the 150 ms the issue allows in all. The ratio is taken from the event (after the
            # commit), which is what the baseline does: the bare page has no meeting to close first.
            Row(f'Live push p95 ({what})', percentile(flnet_ms, 0.95), percentile(bare_ms, 0.95), 'ms',
                'bare page, one nicegui.Event', limit=150),
            Row('Live push p50', percentile(flnet_ms, 0.5), percentile(bare_ms, 0.5), 'ms',
                'bare page, one nicegui.Event'),
            # The target's figure: each round's p95, the median of the rounds. Pooled, one round in which the
            # machine paused decided it (seen: 74 ms in a round with a 46 ms pause of the whole machine, the others
            # 16-40), for flnet or for the baseline alike; the median keeps the typical round of each.
            Row(f'Live push p95 from the event (after the commit), median of {mode.rounds} rounds',
                _median_round_p95(flnet_rounds), _median_round_p95(bare_rounds), 'ms', 'bare page, one nicegui.Event',
                target=1.5),
            Row('Live push p95 from the event, all rounds pooled', percentile(flnet_pushed, 0.95),
                percentile(bare_pushed, 0.95), 'ms', 'bare page, one nicegui.Event'),
            Row(f'Memory per connected page ({HOME}, {home_elements} elements)', flnet_memory.per_client_mib,
                bare_memory.per_client_mib, 'MiB', f'bare page, {home_elements} elements', target=1.5)]

    def live_notes(self, flnet_rounds: list[Session], bare_rounds: list[Session], pauses: list[stalls.Pause]) -> None:
        missing = sum(s.live.missing for s in flnet_rounds + bare_rounds if s.live)
        if missing:
            self.notes.append(f'Live push: {missing} page(s) never showed the change (counted as 60 s).')

        def per_round(rounds: list[Session]) -> str:
            def described(live: LiveRound) -> str:
                pause = stalls.longest_between(pauses, live.change.emitted, live.last_seen)
                return f'{percentile(live.pushed_ms, 0.95):.0f} ({pause * 1000:.0f})'
            return ', '.join(described(s.live) for s in rounds if s.live)
        self.notes.append(f'Live push, p95 from the event in each round, and in brackets the longest pause of the '
                          f'whole machine meanwhile (bench/stalls.py), in ms: flnet {per_round(flnet_rounds)}; '
                          f'baseline {per_round(bare_rounds)}.')
        service = ', '.join(f'{(s.live.change.emitted - s.live.change.started) * 1000:.0f}' for s in flnet_rounds
                            if s.live)
        self.notes.append(f'Live push: the close itself (service call to its emitted events) took {service} ms per '
                          'round; the baseline has no such work, so the p95 from the service call carries it.')
        if self.mode.chromium:
            def listed(rounds: list[Session]) -> str:
                return ', '.join(f'{ms:.0f}' for s in rounds if s.live for ms in s.live.browser_ms)
            self.notes.append(f'Live push, the Chromium pages alone (the text shown in the DOM), per round: flnet '
                              f'{listed(flnet_rounds)} ms (front page, Overblik); baseline {listed(bare_rounds)} ms.')

    async def flnet_session(self, data: Dataset, browser: Any, *, memory_only: bool = False) -> Session:
        server = self.started(processes.flnet(Path(data.path), self.work, 'live'), 'flnet-large')
        try:
            if memory_only:
                return await session(server, HOME, self.mode.memory_clients, settle=self.mode.settle)
            async with httpx.AsyncClient(timeout=120) as http:
                return await session(
                    server, HOME, self.mode.clients - 5, settle=self.mode.settle,
                    expected=data.waitlist_text(data.waiting_after_close),
                    trigger=posting(http, f'{server.base}/_bench/close/{data.closing_meeting_id}'), browser=browser,
                    browser_pages=(BrowserPage(HOME), BrowserPage('/overblik', login=data.coordinator)))
        finally:
            server.stop()

    async def bare_session(self, path: str, waiting: int, browser: Any, *, memory_only: bool = False) -> Session:
        server = self.started(processes.bare(self.work, 'live-bare'), 'bare')
        try:
            if memory_only:
                return await session(server, path, self.mode.memory_clients, settle=self.mode.settle)
            async with httpx.AsyncClient(timeout=120) as http:
                return await session(server, path, self.mode.clients - 5, settle=self.mode.settle,
                                     expected=f'{waiting} people waiting',
                                     trigger=posting(http, f'{server.base}/_bench/emit/{waiting}'), browser=browser,
                                     browser_pages=(BrowserPage(path), BrowserPage(path)))
        finally:
            server.stop()

    def startup(self) -> list[Row]:
        """The empty database only here, each start right after one of the baseline (a busy machine changes from
        minute to minute), and compared with those baseline starts alone: the best of three is slower than the best
        of ten on any machine, so each figure is the best of as many starts as its baseline. The large database and
        its baseline are the servers the run started anyway, as many of each (pages, live rounds, memory)."""
        for _ in range(self.mode.empty_starts):
            self.started(processes.bare(self.work, 'start-bare'), 'bare-paired').stop()
            self.started(processes.flnet(None, self.work, 'empty'), 'flnet-empty').stop()
        return [Row('Start-up to first 200, empty database (all migrations)', min(self.starts['flnet-empty']),
                    min(self.starts['bare-paired']), 's', 'bare NiceGUI', target=2),
                Row('Start-up to first 200, large database', min(self.starts['flnet-large']), min(self.starts['bare']),
                    's', 'bare NiceGUI', target=2)]

    def started(self, server: ServerProcess, kind: str) -> ServerProcess:
        """Start a server and keep the time to its first 200 (every start of a kind is a start-up sample)."""
        self.starts[kind].append(server.start('/'))
        return server

    def settings(self, large: Dataset, small: Dataset) -> list[str]:
        mode = self.mode

        def described(scale: Scale) -> str:
            return (f'{scale.people} people ({scale.active} active, {scale.waiting} waiting, the rest pending or '
                    f'former), {scale.held} held meetings')
        lines = [f"Large data set: {described(large.scale)}; today's meeting running (closing it deregisters 2, "
                 'seats 2 from the waitlist, warns 1).', f'Small data set (query counts): {described(small.scale)}.',
                 f'Live push: {mode.clients} connected pages per round (socket.io clients on `{HOME}`)'
                 + (' and 2 Chromium pages (`/` and `/overblik` as the coordinator)' if mode.chromium else
                    ', no Chromium') + f'; {mode.rounds} round(s), each on fresh servers.',
                 f'Memory: resident memory growth over {mode.memory_clients} pages opened after 5 warm-up pages.',
                 f'Repetitions: {mode.repetitions} for closing a meeting and the PDF, at least {mode.repetitions} '
                 'for each page (two for a page that takes seconds, more for a cheap one). Times other than the live '
                 'push are the best run of each (the one least disturbed by other work on the machine). The live push '
                 "is checked on the median of the rounds' p95; each round's p95 and the pooled one are given too.",
                 'Start-ups (the best of): every server the run started counts (flnet with the large database: '
                 f'{len(self.starts["flnet-large"])}, the baseline: {len(self.starts["bare"])}), and '
                 f'{mode.empty_starts} on an empty database, each right after one of the baseline, and compared with '
                 'those. flnet is started as '
                 '`python -m bench.flnet_server`, '
                 "which is `flnet serve` plus the benchmark's two routes."]
        if mode.name == 'quick':
            lines.insert(0, 'QUICK MODE: a smaller data set, fewer clients and repetitions, no Chromium. The CI test '
                            'runs this; the full run (`python -m bench`) gives the figures that count.')
        return lines


async def run(mode: Mode, work: Path, say: Callable[[str], None]) -> Outcome:
    return await Benchmark(mode, work, say).run()


def _median_round_p95(rounds: list[Session]) -> float:
    """The median over the rounds of each round's p95 from the event."""
    return statistics.median(percentile(s.live.pushed_ms, 0.95) for s in rounds if s.live)


def _query_difference(what: str, large: list[str], small: list[str]) -> list[str]:
    if len(large) == len(small):
        return []
    extra = [statement for statement in large if statement not in small] or large[len(small):]
    return [f'Queries of {what} grow with the data: {len(large)} against {len(small)}; e.g. '
            + '; '.join(f'`{statement[:160]}`' for statement in extra[:3])]
