"""The live-update bridge between app processes (flnet_ui/event_bridge.py) on a real PostgreSQL server: a change
published by one process is emitted in the others, never twice in its own, and a bridge whose connection is killed
comes back and makes every page redraw once (it may have missed changes meanwhile)."""
from __future__ import annotations

import asyncio

import asyncpg
import pytest
from tortoise import connections

from flnet_ui import events
from flnet_ui.event_bridge import Bridge
from tests import factories as f
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason='needs FLNET_TEST_POSTGRES_URL')


async def heard(topic: events.Topic, expected: int, *, timeout: float = 5) -> list[int | None]:
    """What `topic` emits in this process until `expected` emits arrived (or the time is up)."""
    got: list[int | None] = []
    arrived = asyncio.Event()

    def record(network_id: int | None) -> None:
        got.append(network_id)
        if len(got) >= expected:
            arrived.set()
    topic.subscribe(record)
    try:
        await asyncio.wait_for(arrived.wait(), timeout)
    except TimeoutError:
        pass
    finally:
        topic.unsubscribe(record)
    return got


async def test_a_change_in_one_process_is_emitted_in_the_other_once() -> None:
    here = Bridge(POSTGRES_URL)
    there = Bridge(POSTGRES_URL)
    await here.start()
    await there.start()
    try:
        assert events.publish == there.publish   # the last started is this process's publisher
        listening = asyncio.create_task(heard(events.board, 2, timeout=2))
        await asyncio.sleep(0)
        here.publish('board', 7)         # as if `here` were another process whose service emitted board(7)
        here.publish('mail', None)       # another topic, and "no network"
        got = await listening
        assert got == [7]                # `there` emitted it here; `here` skipped its own
        assert (here.received, there.received) == (0, 2)
    finally:
        await there.stop()
        await here.stop()
    assert events.publish is None


async def test_emit_in_this_process_reaches_the_others_through_the_server() -> None:
    here = Bridge(POSTGRES_URL)
    await here.start()
    watcher = await asyncpg.connect(POSTGRES_URL)
    payloads: asyncio.Queue[str] = asyncio.Queue()
    await watcher.add_listener('flnet_events', lambda _c, _p, _ch, payload: payloads.put_nowait(payload))
    try:
        events.membership.emit(3)        # what a service does after its commit
        payload = await asyncio.wait_for(payloads.get(), 5)
        assert payload == f'{here.origin}:membership:3'
    finally:
        await watcher.close()
        await here.stop()


async def test_a_lost_connection_reconnects_and_every_page_catches_up(db) -> None:  # type: ignore[no-untyped-def]
    if connections.get('default').capabilities.dialect != 'postgres':
        pytest.skip('the bridge runs on PostgreSQL only')
    network = await f.network()
    bridge = Bridge(POSTGRES_URL)
    await bridge.start()
    admin = await asyncpg.connect(POSTGRES_URL)
    try:
        listening = asyncio.create_task(heard(events.attendance, 1, timeout=20))
        await asyncio.sleep(0)
        killed = await admin.fetchval("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                      "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")
        assert killed >= 1
        assert network.id in await listening   # the catch-up after reconnecting: every topic, every network
        await asyncio.wait_for(bridge.listening.wait(), 10)

        listening = asyncio.create_task(heard(events.attendance, 1))   # and it listens again
        await asyncio.sleep(0)
        await admin.execute("SELECT pg_notify('flnet_events', $1)", f'elsewhere:attendance:{network.id + 1}')
        assert await listening == [network.id + 1]
    finally:
        await admin.close()
        await bridge.stop()
