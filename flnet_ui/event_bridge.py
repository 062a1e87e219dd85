"""Live updates across app processes on one PostgreSQL database (LISTEN/NOTIFY).

A page lives in the process that served it, and services emit their events in the process that made the change. With
several processes behind a load balancer, the bridge publishes every emit as a notification on one channel and
listens on it: a notification from another process is emitted again here (`Topic.emit_here`), so every open page
follows every change. Notifications are sent after the service's commit (that is when services emit), so the other
processes read the new state. PostgreSQL delivers them to every listening connection, in commit order.

One connection listens; a second one sends, from a queue, so that `emit` (synchronous, called by services) never
waits. If the listening connection is lost, the bridge reconnects with backoff and then emits every topic for every
network here once: a page may have missed changes meanwhile, and redraws read the newest state.
On SQLite (one process by design) the bridge is not started.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from typing import Any

import asyncpg

from flnet_ui import events
from models import Network

log = logging.getLogger('flnet')
CHANNEL = 'flnet_events'
RETRY_SECONDS = (0.5, 1, 2, 5, 10)


class Bridge:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.origin = uuid.uuid4().hex[:12]   # this process: its own notifications come back and are skipped
        self.outbox: asyncio.Queue[str] = asyncio.Queue()
        self.tasks: list[asyncio.Task[None]] = []
        self.listening = asyncio.Event()
        self.received = 0

    async def start(self) -> None:
        self.tasks = [asyncio.create_task(self._listen(), name='flnet event bridge: listen'),
                      asyncio.create_task(self._send(), name='flnet event bridge: send')]
        events.publish = self.publish
        # Wait (briefly) for the listener, so that a page served right after start does not miss a change.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.listening.wait(), timeout=10)

    async def stop(self) -> None:
        if events.publish == self.publish:
            events.publish = None
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def publish(self, topic: str, network_id: int | None) -> None:
        self.outbox.put_nowait(f'{self.origin}:{topic}:{"" if network_id is None else network_id}')

    def deliver(self, payload: str) -> None:
        """A notification: emit it here unless it came from this process (which emitted it already)."""
        origin, _sep, rest = payload.partition(':')
        topic_name, _sep, network = rest.partition(':')
        topic = events.TOPICS.get(topic_name)
        if origin == self.origin or topic is None:
            return
        self.received += 1
        topic.emit_here(int(network) if network.isdigit() else None)

    async def _listen(self) -> None:
        attempt = 0
        while True:
            try:
                connection = await asyncpg.connect(self.dsn)
            except (OSError, asyncpg.PostgresError) as error:
                await self._wait_to_retry(attempt, error)
                attempt += 1
                continue
            lost = asyncio.Event()
            connection.add_termination_listener(lambda _connection, ended=lost: ended.set())
            await connection.add_listener(CHANNEL, lambda _c, _pid, _channel, payload: self.deliver(payload))
            if attempt:   # back after a loss: changes may have been missed
                await self._catch_up()
            attempt = 0
            self.listening.set()
            try:
                await self._watch(connection, lost)
            finally:
                self.listening.clear()
                with contextlib.suppress(Exception):
                    await connection.close()
            log.warning('Live updates from other processes: connection lost, reconnecting')
            attempt = 1

    @staticmethod
    async def _watch(connection: Any, lost: asyncio.Event) -> None:
        """Until the connection ends; a silent network failure is found by a ping every 15 s."""
        while not lost.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(lost.wait(), timeout=15)
                return
            try:
                await asyncio.wait_for(connection.execute('SELECT 1'), timeout=5)
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
                return

    async def _send(self) -> None:
        connection: Any = None
        while True:
            payload = await self.outbox.get()
            for attempt in range(len(RETRY_SECONDS) + 1):
                try:
                    if connection is None or connection.is_closed():
                        connection = await asyncpg.connect(self.dsn)
                    await connection.execute('SELECT pg_notify($1, $2)', CHANNEL, payload)
                    break
                except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                    connection = None
                    if attempt == len(RETRY_SECONDS):   # other processes catch up when their listener reconnects
                        log.warning('Live updates to other processes: %s dropped (%s)', payload, error)
                        break
                    await asyncio.sleep(RETRY_SECONDS[attempt])

    async def _catch_up(self) -> None:
        for network_id in await Network.all().values_list('id', flat=True):
            for topic in events.TOPICS.values():
                topic.emit_here(network_id)  # type: ignore[arg-type]  # values_list of an int field

    @staticmethod
    async def _wait_to_retry(attempt: int, error: BaseException) -> None:
        delay = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
        log.warning('Live updates from other processes: cannot listen (%s); again in %s s', error, delay)
        await asyncio.sleep(delay)


def dsn_of(database_url: str) -> str:
    """asyncpg's address from the app's database URL (Tortoise's 'postgres://' scheme is also asyncpg's)."""
    return database_url.split('?', 1)[0]
