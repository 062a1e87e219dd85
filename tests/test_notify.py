"""components.notify: a handler's message reaches its page even when the part of the page it was started from has
been drawn anew while the handler awaited (a live change, or another coordinator's), instead of failing in the
server ("The parent element this slot belongs to has been deleted", seen in tests/test_drill_processes.py)."""
from __future__ import annotations

import asyncio
import gc

from nicegui import ui
from nicegui.testing import User

from flnet_ui.components.notify import notify, remember_page


async def test_a_message_after_the_part_was_drawn_anew_reaches_the_page(user: User) -> None:
    @ui.page('/notify-after-a-redraw')
    def page() -> None:
        @ui.refreshable
        def part() -> None:
            async def save() -> None:
                remember_page()   # as access.action_actor does, before the handler's first await
                await asyncio.sleep(0.2)   # the service
                notify('Gemt.', type='positive')

            with ui.row():   # the button's own parent: deleted with the redraw
                ui.button('Gem', on_click=save)

        part()
        ui.button('Tegn igen', on_click=part.refresh)

    await user.open('/notify-after-a-redraw')
    user.find('Gem').click()
    user.find('Tegn igen').click()
    gc.collect()   # the deleted row is gone for good, as it is on a busy server
    await user.should_see('Gemt.', retries=20)

