"""Live-update events, one per topic. Services emit them after the commit with the network's id; each open page
subscribes inside its own context, so the subscription dies with the page. No polling anywhere.

With several app processes on one PostgreSQL database, flnet_ui/event_bridge.py carries each emit to the other
processes (LISTEN/NOTIFY), where it is emitted again with `emit_here`, so a page follows a change whichever process
made it."""
from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from typing import Any, TypeVar

from nicegui import Client, Event, core

from flnet_ui.db import in_open_transaction

log = logging.getLogger('flnet')

T = TypeVar('T')


class Topic(Event[Any]):
    """A NiceGUI event with a name, which `emit` also hands to the bridge to the other processes, if one is set."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.emits = 0   # how many changes so far: what was read before the last one may be stale
        TOPICS[name] = self

    def emit(self, *args: Any, **kwargs: Any) -> None:
        if in_open_transaction():
            # A bug in the caller: every task the event starts (a page's redraw, the outbox's) inherits the still
            # open transaction, reads before the commit, and on PostgreSQL uses its connection while it commits
            # ("another operation is in progress", which failed the commit: tests/test_drill_processes.py). The
            # caller emits after its commit; this one is dropped, loudly (tests/conftest.py fails the test).
            log.error('events.%s emitted inside an open transaction: dropped (emit after the commit)', self.name)
            emitted_inside.append(self.name)
            return
        self.emits += 1
        super().emit(*args, **kwargs)
        if publish is not None:
            publish(self.name, args[0] if args else None)

    def emit_here(self, network_id: int | None) -> None:
        """Emit in this process only: for a change another process made and published."""
        self.emits += 1
        super().emit(network_id)


def shared_read(topic: Topic, key: object, read: Callable[[], Awaitable[T]]) -> Awaitable[T]:
    """One read for every open page that redraws after the same change: a hundred phones on the public page ask for
    the seat overview at the same moment, and all get the answer of one query. A read started before the latest
    change on `topic` is never shared with a page that redraws because of it."""
    slot = (topic.name, key, topic.emits)
    task = _reads.get(slot)
    if task is None:
        task = asyncio.ensure_future(read())
        _reads[slot] = task
        task.add_done_callback(lambda _done: _reads.pop(slot, None))
    return task


_reads: dict[tuple[str, object, int], asyncio.Future[Any]] = {}


TOPICS: dict[str, Topic] = {}
emitted_inside: list[str] = []   # topics a caller emitted inside an open transaction (dropped): a bug
# Set by the bridge while it runs: (topic name, network id) -> None. Never blocks, never raises.
publish: Callable[[str, int | None], None] | None = None

membership = Topic('membership')   # seats, waitlist, statuses, agreements, network settings
settings = Topic('settings')       # the network's rule parameters alone (also reported as `membership`)
attendance = Topic('attendance')   # attendance records, closing and reopening meetings
meetings = Topic('meetings')       # meetings planned, changed, cancelled
board = Topic('board')             # a meeting's agenda, groups and live control (the projector follows this)
minutes = Topic('minutes')         # minutes written, approved, reopened or distributed; action items
# the outbox: messages queued, sent, failed or sent again; None when no network is known (wake() after a commit)
mail = Topic('mail')


def refresh_on(network_id: int | None, refresh: Callable[[], object], *topics: Topic, heavy: bool = False) -> None:
    """Redraw part of an open page whenever one of `topics` reports a change in its network (with None: in any
    network, or in none known, as for the outbox, which holds every network's mail). Call it while building the
    page: the subscription then belongs to the page's client and ends when the page closes.

    Redraws never overlap. An async refreshable clears its container and then awaits its queries; a second refresh
    started meanwhile (one action often reports on two topics, e.g. starting a meeting: `meetings` and `board`) would
    clear the still empty container and both would draw, showing everything twice. So the topics one service call
    reports together make one redraw, and changes that arrive during a redraw are folded into one more redraw after
    it, which reads the newest state.

    A `heavy` page (one that takes tens of milliseconds to draw, or more) draws after the light pages that follow the
    same change: see refresh_parts_on."""
    refresh_parts_on(network_id, (refresh, topics), heavy=heavy)


def refresh_parts_on(network_id: int | None, *parts: tuple[Callable[[], object], tuple[Topic, ...]],
                     heavy: bool = False) -> None:
    """`refresh_on` for a page of several parts, each (its refresh, its topics), listed top to bottom: after a
    change, every part that follows one of the reported topics is redrawn once, the parts one after the other, top
    to bottom. Not side by side: parts drawn at once interleave their queries, and a page of many parts (Overblik)
    would then hold back the updates of every other open page until its last part is done (bench/: live push).

    A `heavy` page waits until the light pages have drawn the same change (at most HEAVY_WAIT seconds): drawing runs
    on the one event loop of the process, and forty phones and the projector should not wait behind the 40 ms of one
    coordinator's Overblik, let alone the second of a Medlemmer page with two thousand people."""
    running = asyncio.Lock()
    due: set[int] = set()   # places of the parts to redraw

    def on(places: list[int]) -> Callable[[int | None], Awaitable[None]]:
        async def changed(changed_id: int | None) -> None:
            if network_id is not None and changed_id != network_id:
                return
            due.update(places)
            if running.locked():
                return   # the round under way takes these too, after what it is drawing now
            async with running:
                with nullcontext() if heavy else _light_rounds.round():
                    # One turn of the loop first: the other topics one service call reports (closing a meeting:
                    # attendance and membership, emitted together) arrive meanwhile and join this same round, and
                    # the light pages that follow the change have all begun their rounds.
                    await asyncio.sleep(0)
                    if heavy:
                        await _light_rounds.done()
                    while due:
                        place = min(due)
                        due.discard(place)
                        result = parts[place][0]()
                        if inspect.isawaitable(result):
                            await result
        return changed

    topics = dict.fromkeys(topic for _refresh, part_topics in parts for topic in part_topics)
    for topic in topics:
        topic.subscribe(on([place for place, (_refresh, part_topics) in enumerate(parts) if topic in part_topics]))


async def show_alike(topic: Topic, network_id: int, key: str, read: Callable[[], Awaitable[T]],
                     show: Callable[[T], None], *, client: Client) -> None:
    """For a part that every open page shows alike (the public page's seats, a meeting room full of phones): after a
    change, one read, and then every page's `show` of it in one go, with no task, lock or read of its own per page.
    `show` only sets texts and values (synchronously); pages with the same `key` must read the same thing.

    Call while building the page (`client` is the page's): it shows the current state at once and follows changes
    until the page closes."""
    while True:   # a change committed during the read: read again, or the page would start on the older state
        seen = topic.emits
        value = await shared_read(topic, (key, network_id), read)
        if topic.emits == seen:
            break
    if client.is_deleted:
        return   # closed while it was loading: nothing left to show, and no one would ever say it closed
    show(value)
    slot = (topic.name, network_id, key)
    pages = _alike.get(slot)
    if pages is None:
        pages = _alike[slot] = _AlikePages(topic, network_id, read, lambda: _alike.pop(slot, None))
    pages.add(client, show)


class _AlikePages:
    """The open pages that show one read alike, and the one subscription that redraws them all."""

    def __init__(self, topic: Topic, network_id: int, read: Callable[[], Awaitable[Any]],
                 forget: Callable[[], object]) -> None:
        self.topic, self.network_id, self.read, self.forget = topic, network_id, read, forget
        self.shows: dict[str, Callable[[Any], None]] = {}   # by client id
        self.due = False
        self.running = False
        # Not tied to the page that happened to open first: the pages come and go, the subscription stays with them.
        topic.subscribe(self.changed, unsubscribe_on_delete=False)

    def add(self, client: Client, show: Callable[[Any], None]) -> None:
        self.shows[client.id] = show
        client.on_delete(lambda: self.remove(client.id))

    def remove(self, client_id: str) -> None:
        self.shows.pop(client_id, None)
        if not self.shows:
            self.topic.unsubscribe(self.changed)
            self.forget()

    async def changed(self, network_id: int) -> None:
        if network_id != self.network_id:
            return
        self.due = True
        if self.running:
            return   # the round under way reads again after this one
        self.running = True
        try:
            with _light_rounds.round():
                await asyncio.sleep(0)   # the other topics of the same service call join this round
                while self.due and self.shows:
                    self.due = False
                    value = await self.read()
                    for show in list(self.shows.values()):
                        try:
                            show(value)
                        except Exception as error:  # one broken page must not keep the others on the old state
                            core.app.handle_exception(error)
        finally:
            self.running = False


_alike: dict[tuple[str, int, str], _AlikePages] = {}


HEAVY_WAIT = 0.5  # seconds a heavy page waits at most for the light ones: a busy room must not starve it


class _LightRounds:
    """The redraw rounds of light pages under way in this process, and the heavy pages waiting for them to end."""

    def __init__(self) -> None:
        self.under_way = 0
        self.waiters: list[asyncio.Future[None]] = []

    @contextmanager
    def round(self) -> Iterator[None]:
        self.under_way += 1
        try:
            yield
        finally:
            self.under_way -= 1
            if not self.under_way:
                for waiter in self.waiters:
                    if not waiter.done():
                        waiter.set_result(None)
                self.waiters.clear()

    async def done(self) -> None:
        """Wait until the light pages under way have drawn their change and their messages have left: drawn alone
        is not enough, as every page's update still takes a few turns of the loop to reach its socket, and a heavy
        page drawn meanwhile holds them all back. At most HEAVY_WAIT seconds in all."""
        deadline = asyncio.get_running_loop().time() + HEAVY_WAIT
        if self.under_way:
            waiter = asyncio.get_running_loop().create_future()
            self.waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter, HEAVY_WAIT)
            except TimeoutError:
                return  # draw now: the light pages keep the loop busy with changes of their own
        await _outboxes_sent(deadline)


async def _outboxes_sent(deadline: float) -> None:
    """Until every connected page that had something to send has written it to its socket (or the deadline passes)."""
    # A page with no socket (still loading, or gone) sends nothing until it has one: it is not waited for.
    sending = [(client, client.outbox.next_message_id) for client in Client.instances.values()
               if (client.outbox.updates or client.outbox.messages) and client.has_socket_connection]
    loop = asyncio.get_running_loop()
    # The outbox numbers each message it has handed to socket.io: a higher number means the update has left it. (These
    # are NiceGUI 3's Outbox attributes; tests/test_events.py and the live-push benchmark fail if they change.)
    while any(client.outbox.next_message_id == sent_before for client, sent_before in sending) \
            and loop.time() < deadline:
        await asyncio.sleep(OUTBOX_TURN)
    # Handed over is not written yet: engine.io queues each message for the socket's writer task, which takes a few
    # turns of the loop to wake up and write it. A heavy page drawn in between held a hundred phones' updates back
    # behind its own drawing (bench/: live push, 1.5-4x the baseline's p95 with Overblik open, 1.0x without). Every
    # connected page's socket counts, as most outboxes have handed their update over before this wait began.
    queues = [queue for client in list(Client.instances.values()) if client.has_socket_connection
              for queue in socket_queues(client.id)]
    with suppress(TimeoutError):
        await asyncio.wait_for(_all_taken(queues), max(0, deadline - loop.time()))


async def _all_taken(queues: list[asyncio.Queue[Any]]) -> None:
    """Until the writer of each queue has taken (and so written) everything in it: the writer marks a message done
    in the same turn of the loop as it writes it to the websocket."""
    for queue in queues:
        await queue.join()   # no pause at all when nothing is left in it


def socket_queues(client_id: str) -> list[asyncio.Queue[Any]]:
    """The queues of the engine.io sockets of a page, whose writer tasks write what they hold to the websocket. (These
    are python-socketio 5's and python-engineio 4's attributes: tests/test_events.py fails if they change.)"""
    server = core.sio
    sockets = server.manager.rooms.get('/', {}).get(client_id, {})
    return [socket.queue for eio_sid in sockets.values() if (socket := server.eio.sockets.get(eio_sid)) is not None]


OUTBOX_TURN = 0.002  # seconds between looks at the outboxes: a hundred pages' updates leave in about 15 ms


_light_rounds = _LightRounds()


def reset() -> None:
    """For tests: forget the rounds and waiters of an event loop that has ended, and the pages of a test that has."""
    global _light_rounds  # noqa: PLW0603 - the one instance, replaced whole
    _light_rounds = _LightRounds()
    _alike.clear()
