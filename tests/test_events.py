"""events.refresh_on: redraws of one page part never overlap (two at once would draw the part twice), and changes that
arrive during a redraw are folded into one more redraw, so the page ends on the newest state. events.show_alike: one
read per change for every page showing the same thing."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import cast

import engineio
import socketio
from nicegui import Client, Event, core
from tortoise.transactions import in_transaction

from flnet_ui import events


async def test_changes_during_a_redraw_are_folded_into_one_more_redraw() -> None:
    first, second = Event[int](), Event[int]()
    running = most = redraws = 0

    async def redraw() -> None:
        nonlocal running, most, redraws
        running, redraws = running + 1, redraws + 1
        most = max(most, running)
        await asyncio.sleep(0.02)   # the queries of an async refreshable
        running -= 1

    events.refresh_on(7, redraw, first, second)
    # One action reporting on two topics, a double click, and another network's change, all at once: one redraw.
    await asyncio.gather(first.call(7), second.call(7), first.call(7), second.call(8))
    assert (most, redraws) == (1, 1)

    # Changes that arrive while a redraw is under way: folded into one more redraw after it, never alongside it.
    async def later() -> None:
        await asyncio.sleep(0.01)
        await asyncio.gather(first.call(7), second.call(7))
    await asyncio.gather(first.call(7), later())
    await asyncio.sleep(0.05)
    assert (most, redraws) == (1, 3)

    await second.call(7)
    assert redraws == 4


async def test_a_page_of_parts_redraws_each_named_part_once_top_to_bottom_one_at_a_time() -> None:
    seats_topic, meetings_topic, other = Event[int](), Event[int](), Event[int]()
    drawn: list[str] = []
    running = most = 0
    drawing: dict[str, asyncio.Event] = {}   # set while that part is being drawn

    def part(name: str):  # type: ignore[no-untyped-def]
        async def redraw() -> None:
            nonlocal running, most
            running += 1
            most = max(most, running)
            drawn.append(name)
            drawing.setdefault(name, asyncio.Event()).set()
            await asyncio.sleep(0.01)
            drawing[name].clear()
            running -= 1
        return redraw

    top, middle, bottom = part('top'), part('middle'), part('bottom')
    events.refresh_parts_on(5, (top, (seats_topic,)), (middle, (meetings_topic, other)),
                            (bottom, (seats_topic, meetings_topic)))
    # One change reported on two topics (in the "wrong" order): each named part once, top to bottom, never two at once.
    await asyncio.gather(meetings_topic.call(5), seats_topic.call(5), other.call(6))
    assert (drawn, most) == (['top', 'middle', 'bottom'], 1)
    drawn.clear()
    await other.call(5)
    assert drawn == ['middle']

    # A change that arrives while the last part is being drawn: its parts once more, after the round under way.
    drawn.clear()
    drawing['bottom'] = asyncio.Event()
    round_under_way = asyncio.ensure_future(meetings_topic.call(5))
    await drawing['bottom'].wait()
    await seats_topic.call(5)   # returns at once: the round under way takes it
    await round_under_way
    assert (drawn, most) == (['middle', 'bottom', 'top', 'bottom'], 1)


async def test_a_heavy_page_draws_after_the_light_pages_that_follow_the_same_change() -> None:
    topic = Event[int]()
    drawn: list[str] = []

    async def overview() -> None:
        drawn.append('overview')

    def phone(name: str):  # type: ignore[no-untyped-def]
        async def redraw() -> None:
            await asyncio.sleep(0.01)   # its read
            drawn.append(name)
        return redraw

    events.refresh_on(1, overview, topic, heavy=True)   # the coordinator opened Overblik before the room came in
    for n in range(3):
        events.refresh_on(1, phone(f'phone {n}'), topic)
    await topic.call(1)
    assert drawn == ['phone 0', 'phone 1', 'phone 2', 'overview']

    drawn.clear()
    await topic.call(2)   # another network's change: nobody draws, and nothing is left waiting
    await topic.call(1)
    assert drawn == ['phone 0', 'phone 1', 'phone 2', 'overview']


async def test_a_heavy_page_waits_for_the_light_ones_only_so_long(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(events, 'HEAVY_WAIT', 0.05)
    topic = Event[int]()
    drawn: list[str] = []

    async def overview() -> None:
        drawn.append('overview')

    async def slow_phone() -> None:
        await asyncio.sleep(0.3)
        drawn.append('phone')

    events.refresh_on(1, overview, topic, heavy=True)
    events.refresh_on(1, slow_phone, topic)
    await topic.call(1)
    assert drawn == ['overview', 'phone']


async def test_a_plain_refresh_is_called_once_a_change() -> None:
    topic = Event[int]()
    calls: list[int] = []
    events.refresh_on(3, lambda: calls.append(1), topic)
    await topic.call(3)
    await topic.call(4)
    await topic.call(3)
    assert calls == [1, 1]


async def test_a_refresh_for_no_network_follows_the_changes_of_every_network_and_of_none_known() -> None:
    topic = Event[int | None]()
    everywhere: list[int] = []
    here: list[int] = []
    events.refresh_on(None, lambda: everywhere.append(1), topic)   # the outbox: every network's mail
    events.refresh_on(3, lambda: here.append(1), topic)
    for network_id in (3, 4, None):
        await topic.call(network_id)
    assert (everywhere, here) == ([1, 1, 1], [1])


async def test_pages_redrawing_after_one_change_share_one_read_and_never_an_older_one() -> None:
    reads: list[int] = []

    async def read() -> int:   # each read answers with its own number
        reads.append(len(reads) + 1)
        number = len(reads)
        await asyncio.sleep(0.01)
        return number

    first = await asyncio.gather(*(events.shared_read(events.membership, 'k', read) for _ in range(50)))
    assert first == [1] * 50 and len(reads) == 1            # fifty pages, one read
    during = events.shared_read(events.membership, 'k', read)   # a read under way ...
    events.membership.emit(1)                                   # ... when a change is committed
    after = events.shared_read(events.membership, 'k', read)    # a page redrawing for it gets a read of its own
    assert (await during, await after) == (2, 3)
    assert await events.shared_read(events.membership, 'other', read) == 4   # another key, another read


class _Page:
    """As much of a NiceGUI client as show_alike uses: an id, and handlers for when it closes."""

    def __init__(self, number: int) -> None:
        self.id = f'page-{number}'
        self.on_close: list[Callable[[], object]] = []
        self.is_deleted = False

    def on_delete(self, handler: Callable[[], object]) -> None:
        self.on_close.append(handler)

    def close(self) -> None:
        self.is_deleted = True
        for handler in self.on_close:
            handler()


def _counting_read(reads: list[int], state: dict[str, int]) -> Callable[[], Awaitable[int]]:
    async def read() -> int:
        reads.append(state['value'])
        await asyncio.sleep(0.01)   # the query
        return reads[-1]
    return read


async def test_pages_shown_alike_make_one_read_per_change_and_all_show_it_and_leave_when_closed() -> None:
    reads: list[int] = []
    state = {'value': 37}
    shown: dict[int, list[int]] = {n: [] for n in range(40)}
    pages = [_Page(n) for n in range(40)]
    for n, page in enumerate(pages):
        await events.show_alike(events.membership, 1, 'seats', _counting_read(reads, state), shown[n].append,
                                client=cast(Client, page))
    assert all(values == [37] for values in shown.values())

    reads.clear()
    state['value'] = 38
    await events.membership.call(1)
    await events.membership.call(2)   # another network's change: nobody reads
    assert reads == [38] and all(values == [37, 38] for values in shown.values())

    # Changes committed during the round's read: one more read after it, and every page ends on the newest state.
    state['value'] = 39
    round_under_way = asyncio.ensure_future(events.membership.call(1))
    await asyncio.sleep(0.005)
    state['value'] = 40
    await asyncio.gather(events.membership.call(1), events.membership.call(1))   # return at once: taken along
    await round_under_way
    assert reads == [38, 39, 40] and all(values[-1] == 40 for values in shown.values())

    for page in pages[1:]:
        page.close()
    state['value'] = 41
    await events.membership.call(1)
    assert shown[0][-1] == 41 and shown[1][-1] == 40
    pages[0].close()   # the last one: the subscription goes with it
    assert not [c for c in events.membership.callbacks if 'changed' in getattr(c.func, '__name__', '')]


async def test_a_page_shown_alike_never_starts_on_a_state_older_than_a_change_during_its_first_read() -> None:
    state = {'value': 1}

    async def read() -> int:
        value = state['value']
        await asyncio.sleep(0.01)
        return value

    async def change() -> None:
        await asyncio.sleep(0.005)
        state['value'] = 2
        events.membership.emit(1)

    shown: list[int] = []
    await asyncio.gather(events.show_alike(events.membership, 1, 'k', read, shown.append,
                                           client=cast(Client, _Page(1))), change())
    assert shown == [2]


async def test_a_page_closed_while_it_loaded_is_not_shown_alike_ever_after() -> None:
    page = _Page(1)
    shown: list[int] = []

    async def read() -> int:
        page.close()   # the visitor left before the first read came back
        return 1

    await events.show_alike(events.membership, 1, 'k', read, shown.append, client=cast(Client, page))
    assert shown == [] and not events.membership.callbacks


async def test_one_broken_page_shown_alike_does_not_keep_the_others_on_the_old_state(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    state = {'value': 1}
    reads: list[int] = []
    errors: list[Exception] = []
    monkeypatch.setattr(core.app, 'handle_exception', errors.append)
    shown: list[int] = []

    def broken(value: int) -> None:
        if value == 2:
            raise RuntimeError('a page that fails to draw')

    await events.show_alike(events.membership, 1, 'k', _counting_read(reads, state), broken,
                            client=cast(Client, _Page(1)))
    await events.show_alike(events.membership, 1, 'k', _counting_read(reads, state), shown.append,
                            client=cast(Client, _Page(2)))
    state['value'] = 2
    await events.membership.call(1)
    assert shown == [1, 2] and [str(error) for error in errors] == ['a page that fails to draw']


async def test_a_heavy_page_draws_after_the_pages_shown_alike() -> None:
    drawn: list[str] = []

    async def read() -> str:
        await asyncio.sleep(0.01)
        return 'phones'

    async def overview() -> None:
        drawn.append('overview')

    events.refresh_on(1, overview, events.membership, heavy=True)
    await events.show_alike(events.membership, 1, 'k', read, lambda _value: None, client=cast(Client, _Page(1)))
    await events.show_alike(events.membership, 1, 'k', read, drawn.append, client=cast(Client, _Page(2)))
    drawn.clear()
    await events.membership.call(1)
    assert drawn == ['phones', 'overview']


async def test_a_heavy_page_draws_after_the_light_pages_updates_have_left(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Drawn is not gone: a light page's update still takes some turns of the loop to reach its socket."""
    topic = Event[int]()
    order: list[str] = []
    outbox = SimpleNamespace(updates={}, messages=[], next_message_id=7)
    phone = SimpleNamespace(id='phone', outbox=outbox, has_socket_connection=True)   # in no socket.io room here
    loading = SimpleNamespace(id='loading', outbox=SimpleNamespace(updates={'1': None}, messages=[], next_message_id=0),
                              has_socket_connection=False)   # no socket yet: it sends nothing, and is not waited for
    monkeypatch.setattr(Client, 'instances', {'phone': phone, 'loading': loading})

    async def overview() -> None:
        order.append('overview')

    async def send() -> None:
        await asyncio.sleep(0.03)
        outbox.updates.clear()
        outbox.next_message_id += 1
        order.append('sent')

    sending: list[asyncio.Future[None]] = []

    async def phone_page() -> None:
        outbox.updates['label'] = None
        order.append('drawn')
        sending.append(asyncio.ensure_future(send()))

    events.refresh_on(1, overview, topic, heavy=True)
    events.refresh_on(1, phone_page, topic)
    await topic.call(1)
    assert order == ['drawn', 'sent', 'overview']


async def test_a_heavy_page_draws_after_the_light_pages_updates_are_written_to_their_sockets(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Left the outbox is not written either: engine.io queues the message for the socket's writer task, which needs
    a few turns of the loop to write it. Real socket.io and engine.io objects, so that a release that keeps its
    sockets elsewhere fails here."""
    server = socketio.AsyncServer(async_mode='asgi')
    monkeypatch.setattr(core, 'sio', server)
    socket = engineio.async_socket.AsyncSocket(server.eio, 'eio-1')
    server.eio.sockets['eio-1'] = socket
    sid = await server.manager.connect('eio-1', '/')
    await server.enter_room(sid, 'phone')
    assert events.socket_queues('phone') == [socket.queue] and events.socket_queues('elsewhere') == []

    topic = Event[int]()
    order: list[str] = []
    outbox = SimpleNamespace(updates={}, messages=[], next_message_id=0)
    monkeypatch.setattr(Client, 'instances', {'phone': SimpleNamespace(id='phone', outbox=outbox,
                                                                       has_socket_connection=True)})

    async def writer() -> None:   # engine.io's: takes the packet some turns later, writes it, marks it done
        await asyncio.sleep(0.03)
        await socket.queue.get()
        order.append('written')
        socket.queue.task_done()

    async def phone_page() -> None:
        outbox.updates['label'] = None
        order.append('drawn')
        outbox.updates.clear()   # the outbox hands the update over at once: only the socket's writer is left
        outbox.next_message_id += 1
        await socket.queue.put('update')
        background.append(asyncio.ensure_future(writer()))

    async def overview() -> None:
        order.append('overview')

    background: list[asyncio.Future[None]] = []
    events.refresh_on(1, overview, topic, heavy=True)
    events.refresh_on(1, phone_page, topic)
    await topic.call(1)
    assert order == ['drawn', 'written', 'overview']


async def test_an_event_emitted_inside_an_open_transaction_is_dropped_and_reported(db) -> None:  # type: ignore[no-untyped-def]
    heard: list[int] = []
    events.membership.subscribe(heard.append)
    async with in_transaction():
        events.membership.emit(7)   # a bug in the caller: its pages would read before the commit
    assert (heard, events.emitted_inside) == ([], ['membership'])
    events.emitted_inside.clear()
    events.membership.emit(7)
    await asyncio.sleep(0)
    assert heard == [7]
