"""A yes/no dialog for actions that cannot be undone (anonymising, renewing a calendar link)."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from flnet_ui.i18n import _

from .member_dialogs import heading


def confirm_dialog(title: str, text: str, button: str, action: Callable[[], Awaitable[None]], *,
                   mark: str, negative: bool = False) -> ui.dialog:
    """`text` may hold user text (a name): it is shown as a label, never as HTML. The dialog closes before `action`
    runs, so a refreshed page never keeps an open dialog of an element that is gone."""
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-md').mark(f'{mark}-dialog'):
        heading(title, dialog)
        ui.label(text).classes('whitespace-pre-line')

        async def confirm() -> None:
            dialog.close()
            await action()

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(_('Cancel'), on_click=dialog.close).props('flat color=primary').mark(f'{mark}-cancel')
            ui.button(button, on_click=confirm).props(f'color={"negative" if negative else "primary"}') \
                .mark(f'{mark}-confirm')
    return dialog
