"""events.refresh_on: redraws of one page part never overlap (two at once would draw the part twice), and changes that
arrive during a redraw are folded into one more redraw, so the page ends on the newest state."""
from __future__ import annotations

import asyncio

from nicegui import Event

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
