"""Drawing a page part again only when what it shows has changed.

Pages follow every change in their network (events.refresh_on), and most changes alter nothing a given page shows:
another person's application on someone's page, the projector's "Next" on Min side. A redraw replaces the part's
buttons, and a click that reaches the server while its button is being replaced is lost; so these parts read again
after each change, compare with what they show, and draw only when it differs (sparing the CPU too)."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from inspect import isawaitable
from typing import Generic, TypeVar

T = TypeVar('T')


class DrawnFrom(Generic[T]):
    """What `read` answers, drawn by `draw`. `seen` gives what is compared (by default the answer itself: the
    services answer with dataclasses; database models compare by their id alone, so pass what the page shows)."""

    def __init__(self, read: Callable[[], Awaitable[T]], draw: Callable[[T], object],
                 seen: Callable[[T], object] = lambda answer: answer) -> None:
        self.read, self.draw, self.seen = read, draw, seen
        self.lock = asyncio.Lock()   # an action's own redraw beside a live one: never an older read drawn last

    async def first(self, read: Callable[[], Awaitable[T]] | None = None) -> T:
        """The first read, for the page's first build (which draws it itself, inside its layout). `read` when the
        first can use what the page has just read (its network, say), which a redraw must read again."""
        self.shown = await (read or self.read)()
        return self.shown

    async def redraw(self) -> None:
        async with self.lock:
            latest = await self.read()
            if self.seen(latest) != self.seen(self.shown):
                self.shown = latest
                drawn = self.draw(latest)
                if isawaitable(drawn):
                    await drawn
