"""Dagsorden: the coordinator builds a meeting's programme (issue 5 §1). Items with times that follow from the
meeting's start, reordered by drag and drop or with Flyt op / Flyt ned, edited in a dialog, deleted after a
confirmation, with materials; copied from an earlier meeting; a warning when the programme runs past the meeting's
end. Live on `events.board`.

`/materialer/{id}` serves an uploaded file to anyone logged in, always as an attachment."""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from functools import partial

from fastapi import Request, Response
from fastapi.responses import FileResponse
from nicegui import app, ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design, drag
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _, ngettext
from flnet_ui.ids import plain_id
from flnet_ui.labels import AGENDA_KIND
from flnet_ui.services import agenda, agenda_materials, networks, sessions
from flnet_ui.services.agenda import Programme, ProgrammeLine
from flnet_ui.services.agenda_materials import MaterialView
from flnet_ui.services.errors import DomainError
from models import MaterialKind, Role

from .agenda_dialogs import ConfirmDelete, ItemDialog, MaterialDialog, show_error
from .archive_downloads import agenda_url
from .follow_up import FollowUpCard


def create() -> None:
    app.add_api_route('/materialer/{material_id}', download, methods=['GET'], include_in_schema=False)

    @ui.page('/moeder/{meeting_id}/dagsorden')
    async def agenda_page(meeting_id: str) -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        found = await _programme(meeting_id, network.id)
        title = _('Agenda: {title}').format(title=found.title) if found else _('Meeting not found')
        with frame(title, user=user, network_name=network.short_name or network.name):
            if found is None:
                ui.link(_('All meetings'), '/moeder').mark('back')
                ui.label(_('The meeting does not exist.')).mark('not-found')
                return
            ui.link(_('Back to the meeting'), f'/moeder/{found.meeting_id}').mark('back')
            await AgendaPage(network.id, found.meeting_id).show()


async def download(material_id: str, request: Request) -> Response:
    """Members and the coordinator; a visitor gets 403. Never inline: the browser saves the file, does not render it."""
    token = request.session.get(access.SESSION_KEY) if 'session' in request.scope else None
    user = await sessions.current_user(token, now=dt.datetime.now(dt.UTC))
    if user is None:
        with i18n.language('da'):
            return Response(_('Log in to download the material.'), status_code=403,
                            media_type='text/plain; charset=utf-8')
    wanted = plain_id(material_id)
    found = await agenda_materials.stored_file(wanted) if wanted is not None else None
    if found is None:
        return Response(status_code=404)
    return FileResponse(found.path, media_type=found.content_type, filename=found.filename,
                        content_disposition_type='attachment',
                        headers={'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store',
                                 'Content-Security-Policy': "default-src 'none'; sandbox"})


async def _programme(meeting_id: str, network_id: int) -> Programme | None:
    if (wanted := plain_id(meeting_id)) is None:
        return None
    try:
        found = await agenda.programme(wanted)
    except DomainError:
        return None
    return found if found.network_id == network_id else None


class AgendaPage:
    def __init__(self, network_id: int, meeting_id: int) -> None:
        self.network_id, self.meeting_id = network_id, meeting_id
        self.dragging: int | None = None  # the item being dragged with the mouse

    async def show(self) -> None:
        # Dialogs outside the refreshed list, so a live redraw never closes an open dialog.
        self.item_dialog = ItemDialog(self.network_id, self.meeting_id)
        self.material_dialog = MaterialDialog()
        self.confirm = ConfirmDelete()
        await self.content()
        events.refresh_on(self.network_id, self.content.refresh, events.board, events.meetings, events.minutes)

    @ui.refreshable_method
    async def content(self) -> None:
        found = await agenda.programme(self.meeting_id)
        self.summary(found)
        await FollowUpCard(self.meeting_id).show(found)  # open action items of earlier meetings ("Opfølgning")
        if found.editable and not found.lines:
            await self.copy_section()
        with ui.card().classes(design.CARD).mark('programme'):
            ui.label(_('Programme')).classes('text-xl font-bold').props('role=heading aria-level=2')
            if not found.lines:
                ui.label(_('The agenda is empty.')).classes(design.MUTED).mark('empty')
            with ui.element('ol').classes('w-full list-none p-0 m-0 flex flex-col divide-y divide-gray-300'):
                for line in found.lines:
                    self.item(line, found)
            if found.editable:
                ui.button(_('Add item'), icon='add', on_click=self.item_dialog.open_add) \
                    .props('color=primary no-caps').mark('add-item')

    def summary(self, found: Programme) -> None:
        with ui.card().classes(design.CARD).mark('summary'):
            meeting = _('{date}, {start}–{end}').format(date=i18n.long_date(found.starts.date()),
                                                        start=i18n.clock(found.starts.time()),
                                                        end=i18n.clock(found.ends.time()))
            ui.label(meeting).classes('font-bold')
            total = sum(line.duration_minutes for line in found.lines)
            ui.label(ngettext('{n} item, {minutes} min. in all; the programme ends at {end}.',
                              '{n} items, {minutes} min. in all; the programme ends at {end}.', len(found.lines))
                     .format(n=len(found.lines), minutes=total, end=i18n.clock(found.programme_ends.time()))) \
                .mark('programme-end')
            if found.overrun_minutes:
                with ui.row().classes('items-center gap-2 no-wrap').props('role=status').mark('overrun'):
                    ui.icon('warning').style(f'color: {design.NEGATIVE}').props('aria-hidden=true')
                    ui.label(_("The programme ends {n} min. after the meeting's end time.")
                             .format(n=found.overrun_minutes)).classes('font-bold') \
                        .style(f'color: {design.NEGATIVE}')
            if not found.editable:
                ui.label(_('The meeting is held or cancelled: its agenda can no longer be changed.')) \
                    .classes(design.MUTED).mark('read-only')
            ui.link(_('Download the agenda (PDF)'), agenda_url(found.meeting_id)).mark('agenda-pdf') \
                .props['download'] = True

    def item(self, line: ProgrammeLine, found: Programme) -> None:
        row = ui.element('li').classes('w-full flex flex-col gap-1 py-3').mark(f'item-{line.item_id}')
        if found.editable:  # drag an item onto another to take its place; the arrow buttons do the same by keyboard
            drag.draggable(row, partial(self.start_drag, line.item_id))
            drag.drop_target(row, partial(self.drop, line.position))
        with row:
            with ui.row().classes('w-full items-baseline gap-x-3 gap-y-0 flex-wrap'):
                ui.label(f'{i18n.clock(line.starts.time())}–{i18n.clock(line.ends.time())}') \
                    .classes('font-mono font-bold').mark(f'time-{line.item_id}')
                ui.label(_(AGENDA_KIND[line.kind]).capitalize()).classes(design.MUTED)
                ui.label(_('{n} min.').format(n=line.duration_minutes)).classes(design.MUTED)
            ui.label(line.title).classes('text-lg font-bold').props('role=heading aria-level=3')
            if line.presenter:
                ui.label(_('By {presenter}').format(presenter=line.presenter))
            if line.description_html:
                ui.html(line.description_html).classes('flnet-markdown').mark(f'description-{line.item_id}')
            self.materials(line, found.editable)
            if found.editable:
                self.controls(line, len(found.lines))

    def materials(self, line: ProgrammeLine, editable: bool) -> None:
        if not line.materials:
            return
        with ui.element('ul').classes('list-disc pl-6 m-0'):
            for material in line.materials:
                with ui.element('li').mark(f'material-{material.material_id}'):
                    with ui.row().classes('items-center gap-1 no-wrap'):
                        link = ui.link(material.title, material.url, new_tab=material.kind == MaterialKind.LINK)
                        if material.kind == MaterialKind.FILE:
                            link.props['download'] = True
                        if editable:
                            self.material_delete_button(material)

    def material_delete_button(self, material: MaterialView) -> None:
        def ask() -> None:
            self.confirm.open(_('The material {title} is deleted.').format(title=material.title),
                              lambda: self.delete_material(material.material_id))
        delete = ui.button(icon='close', on_click=ask).props('flat round dense color=negative') \
            .mark(f'delete-material-{material.material_id}')
        delete.props['aria-label'] = _('Delete the material {title}').format(title=material.title)

    def controls(self, line: ProgrammeLine, count: int) -> None:
        with ui.row().classes('gap-1 flex-wrap items-center'):
            up = ui.button(icon='arrow_upward', on_click=lambda: self.move(line.item_id, line.position - 1)) \
                .props('flat round color=primary').mark(f'up-{line.item_id}')
            up.props['aria-label'] = _('Move up')
            down = ui.button(icon='arrow_downward', on_click=lambda: self.move(line.item_id, line.position + 1)) \
                .props('flat round color=primary').mark(f'down-{line.item_id}')
            down.props['aria-label'] = _('Move down')
            up.set_enabled(line.position > 1)
            down.set_enabled(line.position < count)
            ui.button(_('Edit'), icon='edit', on_click=lambda: self.item_dialog.open_edit(line)) \
                .props('flat no-caps color=primary').mark(f'edit-{line.item_id}')
            ui.button(_('Materials'), icon='attach_file', on_click=lambda: self.material_dialog.open(line)) \
                .props('flat no-caps color=primary').mark(f'materials-{line.item_id}')
            ui.button(_('Delete'), icon='delete', on_click=lambda: self.confirm.open(
                _('The item {title} is deleted with its materials.').format(title=line.title),
                lambda: self.delete_item(line.item_id))) \
                .props('flat no-caps color=negative').mark(f'delete-{line.item_id}')

    async def copy_section(self) -> None:
        sources = await agenda.copy_sources(self.meeting_id)
        if not sources:
            return
        with ui.card().classes(design.CARD).mark('copy-section'):
            ui.label(_('Copy an earlier agenda')).classes('text-xl font-bold').props('role=heading aria-level=2')
            options = {meeting_id: f'{i18n.short_date(day)} · {title}' for meeting_id, title, day in sources}
            self.copy_from = ui.select(options, label=_('Meeting to copy from')).props('outlined') \
                .classes('w-full').mark('copy-from')
            ui.button(_('Copy the agenda'), icon='content_copy', on_click=self.copy) \
                .props('color=primary no-caps').mark('copy')

    async def copy(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        self.copy_from.error = None
        if self.copy_from.value is None:
            self.copy_from.error = _('Choose a meeting.')
            return
        try:
            copied = await agenda.copy_agenda(from_meeting_id=self.copy_from.value, to_meeting_id=self.meeting_id,
                                              by=actor, now=dt.datetime.now(dt.UTC))
        except DomainError as error:
            show_error(error, {'copy_from': self.copy_from})
            return
        notify(ngettext('{n} item is copied.', '{n} items are copied.', copied).format(n=copied), type='positive')

    def start_drag(self, item_id: int) -> None:
        self.dragging = item_id

    async def drop(self, position: int) -> None:
        dragged, self.dragging = self.dragging, None
        if dragged is not None:
            await self.move(dragged, position)

    async def move(self, item_id: int, to_position: int) -> None:
        await self.act(lambda **kw: agenda.move_item(item_id=item_id, to_position=to_position, **kw))

    async def delete_item(self, item_id: int) -> None:
        if await self.act(lambda **kw: agenda.delete_item(item_id=item_id, **kw)):
            notify(_('The item is deleted.'), type='positive')

    async def delete_material(self, material_id: int) -> None:
        if await self.act(lambda **kw: agenda_materials.delete_material(material_id=material_id, **kw)):
            notify(_('The material is deleted.'), type='positive')

    async def act(self, change: Callable[..., Awaitable[object]]) -> bool:
        """The guard, the service call as the coordinator, and its refusal shown; True when the change was made."""
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return False
        try:
            await change(by=actor, now=dt.datetime.now(dt.UTC))
        except DomainError as error:
            notify(error.message, type='negative')
            return False
        return True
