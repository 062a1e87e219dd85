"""Mødestyring: the coordinator steers a running meeting from a phone (start, previous, next, pause, +5 min, the
current item with its countdown, the programme with "make current", a message over the projector) and finds the
projector's display link here. Live: rebuilt when the board or the meetings change; the countdown label is recomputed
once a second from the stored state (no query)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _
from flnet_ui.services import display, meeting_control, meeting_plan, networks, notices
from flnet_ui.services.audit import Actor
from flnet_ui.services.display import COMING, CURRENT, DONE, Board
from flnet_ui.services.errors import DomainError
from models import MeetingStatus, Role

BIG = 'text-lg px-4 py-3 grow basis-40'
STATE = {DONE: 'done', CURRENT: 'now', COMING: 'coming'}


def create() -> None:
    @ui.page('/moeder/{meeting_id}/styring')
    async def control_page(meeting_id: str) -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        row = await meeting_plan.meeting_row(network.id, meeting_id)
        with frame(_('Meeting control'), user=user, network_name=network.short_name or network.name):
            ui.link(_('Back to the meeting'), f'/moeder/{row.meeting.id}' if row else '/moeder').mark('back')
            if row is None:
                ui.label(_('The meeting does not exist.')).mark('not-found')
                return
            page = ControlPage(row.meeting.id, ui.element('div'))  # notifications hang on the empty div
            await page.content()
            await display_box(network.id)
        ui.timer(1.0, page.tick)
        events.refresh_on(network.id, page.content.refresh, events.board, events.meetings)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ControlPage:
    def __init__(self, meeting_id: int, anchor: ui.element) -> None:
        self.meeting_id = meeting_id
        # The change redraws the section its button was in, so what happened is told from outside it.
        self.anchor = anchor
        self.board: Board | None = None
        self.clock: ui.label | None = None
        self.message: ui.input | None = None

    def tick(self) -> None:
        if self.clock is not None and self.board is not None and self.board.current is not None:
            self.clock.set_text(countdown_text(self.board.current.seconds_left(now())))

    @ui.refreshable_method
    async def content(self) -> None:
        board = self.board = await display.board_view(self.meeting_id, now=now())
        self.clock = None
        with ui.card().classes(design.CARD).mark('control'):
            ui.html(_('Now'), tag='h2').classes('text-xl font-bold')
            if board.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
                ui.label(_('The meeting is over.') if board.status == MeetingStatus.CLOSED
                         else _('The meeting is cancelled.')).mark('over')
                return
            if not board.started:
                ui.label(_('The meeting has not started. Start it on the day: the first item becomes current.'))
                ui.button(_('Start the meeting'), icon='play_arrow',
                          on_click=lambda: self.act(meeting_control.start_meeting, _('The meeting has started.'))) \
                    .props('color=primary size=lg no-caps').classes('text-lg px-4 py-3 w-full').mark('start')
                return
            self._current(board)
            with ui.row().classes('w-full gap-2'):
                ui.button(_('Previous'), icon='skip_previous', on_click=lambda: self.act(
                    meeting_control.previous_item)).props('outline size=lg no-caps').classes(BIG).mark('previous')
                ui.button(_('Next'), icon='skip_next', on_click=lambda: self.act(
                    meeting_control.next_item)).props('color=primary size=lg no-caps').classes(BIG).mark('next')
                if board.current is not None and board.current.paused:
                    ui.button(_('Resume'), icon='play_arrow', on_click=lambda: self.act(meeting_control.resume)) \
                        .props('color=primary size=lg no-caps').classes(BIG).mark('resume')
                elif board.current is not None:
                    ui.button(_('Pause'), icon='pause', on_click=lambda: self.act(meeting_control.pause)) \
                        .props('outline size=lg no-caps').classes(BIG).mark('pause')
                if board.current is not None:
                    ui.button(_('+5 min'), icon='more_time', on_click=lambda: self.act(meeting_control.add_minutes)) \
                        .props('outline size=lg no-caps').classes(BIG).mark('add-time')
                    shown = board.between_items
                    ui.button(_('Back to the item') if shown else _('Between items'),
                              icon='slideshow' if shown else 'view_list',
                              on_click=lambda: self.act(lambda **kw: meeting_control.show_programme(
                                  shown=not shown, **kw))) \
                        .props('outline size=lg no-caps').classes(BIG).mark('between-items')
            if board.between_items:
                ui.label(_('The projector shows the programme with the progress so far.')).classes('font-bold') \
                    .mark('between-items-shown')
        self._message(board)
        with ui.card().classes(design.CARD).mark('programme'):
            ui.html(_('Programme'), tag='h2').classes('text-xl font-bold')
            if not board.programme:
                ui.label(_('The meeting has no agenda items yet.')).classes(design.MUTED)
            for row in board.programme:
                with ui.row().classes('w-full items-center gap-2 no-wrap').mark(f'item-{row.id}'):
                    ui.label(i18n.clock(row.starts_at.time())).classes('font-mono shrink-0')
                    with ui.column().classes('gap-0 grow min-w-0'):
                        ui.label(row.title).classes('font-bold' if row.state == CURRENT else '')
                        minutes = _('{n} min.').format(n=row.duration_minutes)
                        ui.label(f'{row.kind} · {minutes}') \
                            .classes(f'text-sm {design.MUTED}')
                    if row.state == CURRENT:
                        ui.label(_('Current')).classes('font-bold shrink-0').mark('current-badge')
                    else:
                        item_id = row.id
                        make = ui.button(_('Make current'), on_click=lambda item_id=item_id: self.act(
                            lambda **kw: meeting_control.set_current_item(item_id=item_id, **kw)),
                        ).props('flat dense no-caps').classes('shrink-0').mark(f'make-current-{row.id}')
                        # One name per button for a screen reader (set as a value: no user text is parsed as props)
                        make.props['aria-label'] = _('Make {title} the current item').format(title=row.title)

    def _current(self, board: Board) -> None:
        current = board.current
        if current is None:
            ui.label(_('No current item.')).mark('current-title')
            return
        ui.label(current.row.title).classes('text-2xl font-bold').mark('current-title')
        details = [current.row.kind, *([current.row.presenter] if current.row.presenter else [])]
        ui.label(' · '.join(details)).classes(design.MUTED)
        with ui.row().classes('items-baseline gap-3'):
            self.clock = ui.label(countdown_text(current.seconds_left(now()))) \
                .classes('text-5xl font-mono font-bold').mark('countdown')
            if current.paused:
                ui.label(_('paused')).classes('text-lg font-bold').mark('paused')

    def _message(self, board: Board) -> None:
        with ui.card().classes(design.CARD).mark('message-card'):
            ui.html(_('Message on the projector'), tag='h2').classes('text-xl font-bold')
            if board.message:
                ui.label(_('Shown now: {message}').format(message=board.message)).mark('message-shown')
            self.message = ui.input(_('Message (at most 200 characters)'), value=board.message) \
                .props('outlined maxlength=200 counter').classes('w-full').mark('message')
            with ui.row().classes('gap-2'):
                ui.button(_('Show'), icon='campaign', on_click=self.show_message) \
                    .props('color=primary no-caps').mark('show-message')
                if board.message:
                    ui.button(_('Remove'), icon='close', on_click=lambda: self.act(
                        meeting_control.clear_message, _('The message is removed.'))) \
                        .props('outline no-caps').mark('clear-message')

    async def show_message(self) -> None:
        text = self.message.value if self.message is not None else ''
        await self.act(lambda **kw: meeting_control.set_message(text=text, **kw), _('The message is shown.'))

    async def act(self, change: Callable[..., Awaitable[object]], done: str = '') -> None:
        """Every steering button: the guard, the service call, and its refusal shown where it belongs."""
        actor: Actor | None = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        try:
            await change(meeting_id=self.meeting_id, by=actor, now=now())
        except DomainError as error:
            if error.field == 'message' and self.message is not None:
                self.message.error = error.message
            with self.anchor:
                notify(error.message, type='warning')
            return
        if done:
            with self.anchor:
                notify(done, type='positive')


def countdown_text(seconds: int | None) -> str:
    """"12:05" left, or "−3:10" over time (a real minus sign)."""
    if seconds is None:
        return '–'
    sign, seconds = ('−', -seconds) if seconds < 0 else ('', seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f'{sign}{hours}:{minutes:02d}:{secs:02d}' if hours else f'{sign}{minutes}:{secs:02d}'


async def display_box(network_id: int) -> None:
    """The secret link the projector PC opens, with copy and renew (renewing revokes the old link at once)."""
    network = await networks.get_network(network_id)

    def copy(url: str) -> None:
        ui.clipboard.write(url)
        notify(_('The link is copied.'))

    @ui.refreshable
    def box(token: str | None) -> None:
        with ui.card().classes(design.CARD).mark('display-link'):
            ui.html(_('Projector link'), tag='h2').classes('text-xl font-bold')
            ui.label(_('Open this link on the projector PC. It needs no login: share it only with whoever sets up '
                       'the projector. Renewing it makes the old link stop working.'))
            if token:
                url = notices.link(f'/skaerm/{token}')
                ui.label(url).classes('font-mono break-all').mark('display-url')
                with ui.row().classes('gap-2'):
                    ui.button(_('Copy link'), icon='content_copy',
                              on_click=lambda: copy(url)) \
                        .props('outline no-caps').mark('copy-link')
                    ui.button(_('Renew link'), icon='autorenew', on_click=confirm.open) \
                        .props('outline no-caps').mark('renew-link')
            else:
                ui.button(_('Create link'), icon='add_link', on_click=renew).props('color=primary no-caps') \
                    .mark('create-link')

    async def renew() -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        confirm.close()
        token = await display.renew_display_token(network_id=network_id, by=actor, now=now())
        box.refresh(token)
        notify(_('The projector link is renewed. Open the new link on the projector.'), type='positive')

    with ui.dialog() as confirm, ui.card():
        ui.label(_('Renew the projector link? The projector showing the old link stops showing the meeting.'))
        with ui.row().classes('gap-2'):
            ui.button(_('Renew link'), on_click=renew).props('color=primary no-caps').mark('confirm-renew')
            ui.button(_('Cancel'), on_click=confirm.close).props('flat')
    box(network.display_token)
