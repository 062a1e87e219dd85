"""The coordinator's pages of a running server, used over their own websockets (tests/socket_page.py) as Chromium
would use them: log in, approve an application on its page, close a meeting from its roll call. For the drills
(tests/test_drill_processes.py): many of these at once, on several processes."""
from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import TypeVar

import httpx

from flnet_ui.demo import DEMO_COORDINATOR
from tests.browser import da
from tests.socket_page import SocketPage

T = TypeVar('T')
REPRESS = 1.5  # seconds: how long a coordinator waits, after the page redrew under the click, before pressing again


async def log_in(base: str) -> httpx.Cookies:
    """Log in as the demo coordinator by the login form's real POST. The session lives in the database, so the
    cookie holds on every process that shares it."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        response = await http.post('/login', data=dict(zip(('email', 'password'), DEMO_COORDINATOR, strict=True)))
    assert response.status_code == 303 and response.headers['location'] == '/overblik', response.text[:300]
    return http.cookies


class Approval:
    """The coordinator on an application's own page (/medlemmer/{id}): `open` it, then `press` "Godkend"."""

    def __init__(self, base: str, cookies: httpx.Cookies, membership_id: int) -> None:
        self.page = SocketPage(base, f'/medlemmer/{membership_id}', cookies=cookies)
        self.before: str | None = None
        self.clicks = 0

    async def open(self) -> None:
        await self.page.open()
        self.before = self._status()
        assert self.before is not None, f'no status on {self.page.path}'

    async def press(self) -> str:
        """What the page then shows: the new status ("Aktiv", "Nr. 3 på ventelisten – ...") or, refused, the note.
        If a first press that seemed lost did count after all, the app refuses the second one (the status is no
        longer "pending"): then the new status is the answer, as the person would see it a moment later."""
        def answer(presses: int) -> str | None:
            if (refused := _refusal(self.page)) and presses == 1:
                return refused
            status = self._status()
            return status if status not in (None, self.before) else None

        try:
            answered, self.clicks = await press_until(self.page, da('Approve'), answer)
            return answered
        finally:
            await self.page.close()

    def _status(self) -> str | None:
        """The status sentence at the top of the page (None while its part is being redrawn)."""
        found = [e['text'] for e in self.page.elements.values()
                 if e['tag'] == 'div' and e.get('class') == ['text-lg', 'font-bold']]
        return found[0] if found else None


class Closing:
    """The coordinator on a meeting's roll call (/moeder/{id}/fremmoede): `open` it and ask to close the meeting
    (the page shows what closing will do), then `press` "Afslut mødet" in that dialog."""

    def __init__(self, base: str, cookies: httpx.Cookies, meeting_id: int) -> None:
        self.page = SocketPage(base, f'/moeder/{meeting_id}/fremmoede', cookies=cookies)

    async def open(self) -> None:
        await self.page.open()
        # The button is in the page's header, which every change redraws; asking twice only previews twice.
        shown, _ = await press_until(self.page, da('Close meeting'),
                                     lambda _: _refusal(self.page) or ('previewed' if self._dialog_open() else None))
        assert shown == 'previewed', f'the close could not be previewed: {shown}'

    async def press(self) -> str:
        await self.page.click(self.page.button(da('Close the meeting')))  # in the dialog, which is never redrawn
        closed = da('The meeting is closed')
        try:
            return await self.page.until(
                lambda: _refusal(self.page) or ('closed' if closed in self.page.texts() else None))
        finally:
            await self.page.close()

    def _dialog_open(self) -> bool:
        return any(e['props'].get('model-value') for e in self.page.elements.values() if e['tag'] == 'nicegui-dialog')


async def press_until(page: SocketPage, label: str, answer: Callable[[int], T | None]) -> tuple[T, int]:
    """Press the button `label` until `answer` (given the presses so far) gives something; that and the presses.

    A page part that a change redraws (a person's page when their own data changes, the roll call's buttons when the
    meeting's status changes) gets new buttons, and a click that reaches the server just after its button was
    replaced is lost. As a person would, press the new button again when nothing has happened a while (REPRESS)
    after the pressed one went away."""
    await page.catch_up()
    clicked = await page.until(lambda: (page.buttons(label) or [None])[0])
    presses, last = 1, time.monotonic()
    await page.click(clicked)
    try:
        async with asyncio.timeout(60):
            while (result := answer(presses)) is None:
                buttons = page.buttons(label)
                if clicked not in page.elements and buttons and time.monotonic() - last > REPRESS:
                    clicked, presses, last = buttons[0], presses + 1, time.monotonic()
                    await page.click(clicked)
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(0.2):  # look again now and then, even while the page is quiet
                        await page.next_change()
    except TimeoutError:
        raise TimeoutError(f'{page.path}: no answer to "{label}" after {presses} presses') from None
    return result, presses


def _refusal(page: SocketPage) -> str | None:
    """The pages answer a refused action with a notification (and nothing else: they notify no success here)."""
    return f'refused: {page.notes[0]}' if page.notes else None
