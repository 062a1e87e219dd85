"""Closing a meeting from its roll call: a confirmation that previews exactly what closing will do (the service runs
the close and rolls it back), the result, reopening with a reason, and reinstating someone a corrected roll call no
longer justifies deregistering (the capacity holds: if the network is full they go first on the waitlist)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from nicegui import ui

from flnet_ui import access
from flnet_ui.components import design
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _, ngettext
from flnet_ui.services import attendance, membership, roll_call
from flnet_ui.services.attendance import CloseResult
from flnet_ui.services.errors import DomainError
from flnet_ui.services.roll_call import RollCall
from models import MeetingStatus, Role


class CloseControls:
    def __init__(self, meeting_id: int, *, start: Callable[[], Awaitable[None]]) -> None:
        self.meeting_id = meeting_id
        self.start = start
        self.result: CloseResult | None = None
        self.justified_no_more: list[tuple[int, str]] = []
        self.lines: list[str] = []
        self.reinstating: tuple[int, str] | None = None
        with ui.dialog() as self.close_dialog, ui.card().classes('w-full max-w-xl').mark('close-dialog'):
            heading = ui.html(_('Close the meeting?'), tag='h2').classes('text-xl font-bold')
            self.close_dialog.props['aria-labelledby'] = heading.html_id
            ui.label(_('This is what happens when the meeting is closed:'))
            self.preview_box = ui.column().classes('gap-1 w-full').mark('preview')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Not now'), on_click=self.close_dialog.close).props('flat').mark('close-not-now')
                ui.button(_('Close the meeting'), on_click=self.close).props('color=primary').mark('confirm-close')
        with ui.dialog() as self.reopen_dialog, ui.card().classes('w-full max-w-lg'):
            heading = ui.html(_('Reopen to correct'), tag='h2').classes('text-xl font-bold')
            self.reopen_dialog.props['aria-labelledby'] = heading.html_id
            ui.label(_('The attendance can be corrected; closing again applies the rule again.'))
            self.reopen_reason = ui.input(_('Reason')).props('outlined').classes('w-full').mark('reopen-reason')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Not now'), on_click=self.reopen_dialog.close).props('flat')
                ui.button(_('Reopen'), on_click=self.reopen).props('color=primary').mark('confirm-reopen')
        with ui.dialog() as self.reinstate_dialog, ui.card().classes('w-full max-w-lg'):
            heading = ui.html(_('Reinstate'), tag='h2').classes('text-xl font-bold')
            self.reinstate_dialog.props['aria-labelledby'] = heading.html_id
            self.reinstate_who = ui.label().classes('font-bold')
            ui.label(_('Reinstating respects the capacity: if the network is full, the person goes first on the '
                       'waitlist.'))
            self.reinstate_reason = ui.input(_('Reason')).props('outlined').classes('w-full') \
                .mark('reinstate-reason')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Not now'), on_click=self.reinstate_dialog.close).props('flat')
                ui.button(_('Reinstate'), on_click=self.reinstate).props('color=primary').mark('confirm-reinstate')
        self.result_view = ui.refreshable(self._result_view)

    def actions(self, call: RollCall) -> None:
        """The buttons that fit the meeting's state (drawn inside the page's header)."""
        status = call.meeting.status
        with ui.row().classes('gap-2 flex-wrap'):
            if status == MeetingStatus.PLANNED:
                ui.button(_('Start roll call'), icon='play_arrow', on_click=self.start).props('color=primary') \
                    .mark('start')
            if status in (MeetingStatus.PLANNED, MeetingStatus.RUNNING):
                ui.button(_('Close meeting'), icon='lock', on_click=self.preview).props('color=primary') \
                    .mark('close')
            if status == MeetingStatus.CLOSED:
                ui.button(_('Reopen to correct'), icon='lock_open', on_click=self.open_reopen) \
                    .props('outline color=primary').mark('reopen')

    async def preview(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        try:
            result = await attendance.close_meeting(meeting_id=self.meeting_id, by=actor, now=_now(), preview=True)
        except DomainError as error:
            notify(error.message, type='negative')
            return
        self.preview_box.clear()
        with self.preview_box:
            for line in await consequences(result, future=True):
                ui.label(line).classes('w-full')
        self.close_dialog.open()

    async def close(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        try:
            result = await attendance.close_meeting(meeting_id=self.meeting_id, by=actor, now=_now())
        except DomainError as error:
            notify(error.message, type='negative')
            return
        self.close_dialog.close()
        self.result = result
        self.lines = await consequences(result, future=False)
        self.justified_no_more = await roll_call.named(result.no_longer_justified)
        await self.result_view.refresh()

    def open_reopen(self) -> None:
        self.reopen_reason.value = ''
        self.reopen_reason.error = None
        self.reopen_dialog.open()

    async def reopen(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        try:
            await attendance.reopen_meeting(meeting_id=self.meeting_id, reason=self.reopen_reason.value or '',
                                            by=actor, now=_now())
        except DomainError as error:
            if error.field == 'reason':
                self.reopen_reason.error = error.message
            else:
                notify(error.message, type='negative')
            return
        self.reopen_dialog.close()
        self.result, self.lines = None, []
        await self.result_view.refresh()
        notify(_('The meeting is open again. Correct the attendance and close it again.'), type='positive')

    def open_reinstate(self, person: tuple[int, str]) -> None:
        self.reinstating = person
        self.reinstate_who.text = person[1]
        self.reinstate_reason.value = ''
        self.reinstate_reason.error = None
        self.reinstate_dialog.open()

    async def reinstate(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None or self.reinstating is None:
            return
        membership_id, name = self.reinstating
        try:
            placement = await membership.reinstate(membership_id=membership_id,
                                                   reason=self.reinstate_reason.value or '', by=actor, now=_now())
        except DomainError as error:
            if error.field == 'reason':
                self.reinstate_reason.error = error.message
            else:
                notify(error.message, type='negative')
            return
        self.reinstate_dialog.close()
        if membership_id in {m.id for m in placement.promoted}:
            notify(_('{name} is an active member again.').format(name=name), type='positive')
        elif membership_id in {m.id for m in placement.offered}:
            notify(_('{name} has been offered a seat.').format(name=name), type='positive')
        else:
            notify(_('The network is full: {name} is now first on the waitlist.').format(name=name), type='info')
        self.justified_no_more = [p for p in self.justified_no_more if p[0] != membership_id]
        await self.result_view.refresh()

    async def _result_view(self) -> None:
        if self.result is None:
            return
        with ui.card().classes(design.CARD).mark('close-result'):
            ui.html(_('The meeting is closed'), tag='h2').classes('text-xl font-bold')
            for line in self.lines:
                ui.label(line)
            if not self.justified_no_more:
                return
            ui.html(_('Deregistrations the correction no longer justifies'), tag='h3') \
                .classes('text-base font-bold mt-2')
            ui.label(_('They were deregistered when this meeting was closed before. Nothing is undone by itself: '
                       'reinstate them if that is right. If the network is full, they go first on the waitlist.'))
            for person in self.justified_no_more:
                with ui.row().classes('items-center gap-3').mark(f'unjustified-{person[0]}'):
                    ui.label(person[1]).classes('font-medium')
                    label = _('Reinstate {name}').format(name=person[1])
                    button = ui.button(_('Reinstate'), on_click=lambda _e, p=person: self.open_reinstate(p)) \
                        .props('outline dense no-caps color=primary').mark(f'reinstate-{person[0]}')
                    button.props['aria-label'] = label


async def consequences(result: CloseResult, *, future: bool) -> list[str]:
    """What closing does ('2 bliver automatisk udmeldt: A, B') or did ('2 blev automatisk udmeldt: A, B')."""
    if result.already_closed:
        return [_('The meeting was already closed; nothing changed.')]
    absent, out, seated, offered = (len(result.marked_absent), len(result.deregistered), len(result.promoted),
                                    len(result.offered))
    texts = [
        (result.deregistered,
         ngettext('{n} will be deregistered automatically: {names}', '{n} will be deregistered automatically: {names}',
                  out) if future
         else ngettext('{n} deregistered automatically: {names}', '{n} deregistered automatically: {names}', out)),
        (result.promoted,
         ngettext('{n} from the waitlist gets a seat: {names}', '{n} from the waitlist get a seat: {names}', seated)
         if future else ngettext('{n} from the waitlist got a seat: {names}', '{n} from the waitlist got a seat: '
                                 '{names}', seated)),
        (result.offered,
         ngettext('{n} from the waitlist will be offered a seat: {names}',
                  '{n} from the waitlist will be offered a seat: {names}', offered) if future
         else ngettext('{n} from the waitlist was offered a seat: {names}',
                       '{n} from the waitlist were offered a seat: {names}', offered)),
        (result.marked_absent,
         ngettext('{n} will be recorded as absent: {names}', '{n} will be recorded as absent: {names}', absent)
         if future else ngettext('{n} recorded as absent: {names}', '{n} recorded as absent: {names}', absent)),
        (result.no_longer_justified,
         ngettext('{n} deregistered earlier by this meeting is no longer justified: {names}',
                  '{n} deregistered earlier by this meeting are no longer justified: {names}',
                  len(result.no_longer_justified))),
    ]
    lines = []
    for people, text in texts:
        if people:
            names = ', '.join(name for _id, name in await roll_call.named(people))
            lines.append(text.format(n=len(people), names=names))
    if not result.deregistered:
        lines.append(_('Nobody will be deregistered.') if future else _('Nobody was deregistered.'))
    return lines


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
