"""The dialogs of the agenda builder: add or change an item, add materials (a link or a file), and confirm a delete.
Built once per page (outside the refreshed list) and filled when opened; every check is the service's, its message
shown at the field it belongs to."""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from nicegui import events, ui

from flnet_ui import access
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _
from flnet_ui.labels import AGENDA_KIND
from flnet_ui.services import agenda, agenda_materials
from flnet_ui.services.agenda import ProgrammeLine
from flnet_ui.services.errors import DomainError
from models import AgendaKind, Role

from .member_dialogs import heading


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ItemDialog:
    """'Tilføj punkt' and 'Rediger punkt' in one dialog."""

    def __init__(self, network_id: int, meeting_id: int) -> None:
        self.network_id, self.meeting_id = network_id, meeting_id
        self.item_id: int | None = None
        with ui.dialog() as self.dialog, ui.card().classes('w-full max-w-xl').mark('item-dialog'):
            self.heading = ui.label().classes('text-xl font-bold').props('role=heading aria-level=2') \
                .mark('item-heading')
            self.dialog.props['aria-labelledby'] = self.heading.html_id
            kinds = {kind.value: _(AGENDA_KIND[kind]).capitalize() for kind in AgendaKind}
            self.kind = ui.select(kinds, label=_('Kind'), value=AgendaKind.TALK.value).props('outlined') \
                .classes('w-full').mark('item-kind')
            self.title = ui.input(_('Title')).props('outlined maxlength=200').classes('w-full').mark('item-title')
            self.duration = ui.number(_('Duration (minutes)'), value=30, min=1, max=480, step=5, precision=0) \
                .props('outlined').classes('w-full').mark('item-duration')
            self.presenter = ui.select({}, label=_('Presenter from the network'), with_input=True, clearable=True) \
                .props('outlined').classes('w-full').mark('item-presenter')
            ui.label(_('Or an external presenter:')).classes('text-sm')
            with ui.row().classes('w-full gap-2 flex-wrap'):
                self.presenter_name = ui.input(_('Name')).props('outlined maxlength=200').classes('grow') \
                    .mark('item-presenter-name')
                self.presenter_org = ui.input(_('Organisation')).props('outlined maxlength=200').classes('grow') \
                    .mark('item-presenter-org')
            self.description = ui.textarea(_('Description'),
                                           placeholder=_('Markdown: **bold**, lists with -, [link](https://…)')) \
                .props('outlined autogrow maxlength=10000').classes('w-full').mark('item-description')
            self.fields = {'kind': self.kind, 'title': self.title, 'duration': self.duration,
                           'presenter': self.presenter, 'presenter_name': self.presenter_name,
                           'presenter_org': self.presenter_org, 'description': self.description}
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=self.dialog.close).props('flat color=primary').mark('item-cancel')
                self.save_button = ui.button(on_click=self.save).props('color=primary').mark('item-save')

    async def open_add(self) -> None:
        await self._load_presenters()
        self.item_id = None
        self.heading.text, self.save_button.text = _('Add item'), _('Add item')
        self._fill(kind=AgendaKind.TALK.value, title='', duration=30, presenter=None, presenter_name='',
                   presenter_org='', description='')
        self.dialog.open()

    async def open_edit(self, line: ProgrammeLine) -> None:
        await self._load_presenters()
        self.item_id = line.item_id
        self.heading.text, self.save_button.text = _('Edit item'), _('Save changes')
        self._fill(kind=line.kind.value, title=line.title, duration=line.duration_minutes,
                   presenter=line.presenter_id, presenter_name=line.presenter_name, presenter_org=line.presenter_org,
                   description=line.description)
        self.dialog.open()

    async def save(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        for element in self.fields.values():
            element.error = None
        duration = self.duration.value
        form = {'kind': self.kind.value or '', 'title': self.title.value or '',
                'duration_minutes': int(duration) if duration is not None else 0,
                'presenter_id': self.presenter.value, 'presenter_name': self.presenter_name.value or '',
                'presenter_org': self.presenter_org.value or '', 'description': self.description.value or ''}
        try:
            if self.item_id is None:
                await agenda.add_item(meeting_id=self.meeting_id, **form, by=actor, now=now())
                notify(_('The item is added.'), type='positive')
            else:
                await agenda.update_item(item_id=self.item_id, **form, by=actor, now=now())
                notify(_('The item is changed.'), type='positive')
        except DomainError as error:
            show_error(error, self.fields)
            return
        self.dialog.close()

    async def _load_presenters(self) -> None:
        self.presenter.set_options(await agenda.presenter_choices(self.network_id))

    def _fill(self, **values: object) -> None:
        for name, value in values.items():
            self.fields[name].value = value
            self.fields[name].error = None


class MaterialDialog:
    """Add a link or upload a file to one item."""

    def __init__(self) -> None:
        self.item_id: int | None = None
        with ui.dialog() as self.dialog, ui.card().classes('w-full max-w-xl').mark('material-dialog'):
            self.heading = ui.label().classes('text-xl font-bold').props('role=heading aria-level=2')
            self.dialog.props['aria-labelledby'] = self.heading.html_id
            ui.label(_('A link')).classes('font-bold').props('role=heading aria-level=3')
            self.link_title = ui.input(_('Link text (optional)')).props('outlined maxlength=200').classes('w-full') \
                .mark('link-title')
            self.url = ui.input(_('Web address')).props('outlined type=url maxlength=1000').classes('w-full') \
                .mark('link-url')
            ui.button(_('Add link'), icon='link', on_click=self.add_link).props('color=primary no-caps') \
                .mark('add-link')
            ui.label(_('A file')).classes('font-bold mt-2').props('role=heading aria-level=3')
            ui.label(_('PDF, PowerPoint, Word, Excel, PNG, JPG or text; at most 20 MB.')).classes('text-sm')
            self.upload = ui.upload(label=_('Choose a file'), auto_upload=True, on_upload=self.upload_file,
                                    max_file_size=agenda_materials.MAX_BYTES,
                                    on_rejected=lambda: notify(_('The file is too large: at most 20 MB.'),
                                                                  type='negative')) \
                .props(f'accept="{agenda_materials.ACCEPT}" flat bordered color=primary').classes('w-full') \
                .mark('upload')
            self.file_error = ui.label().classes('text-sm').style('color: #b3261e').mark('file-error')
            self.fields = {'material_title': self.link_title, 'url': self.url}
            with ui.row().classes('w-full justify-end'):
                ui.button(_('Close'), on_click=self.dialog.close).props('flat color=primary').mark('material-close')

    def open(self, line: ProgrammeLine) -> None:
        self.item_id = line.item_id
        self.heading.text = _('Materials for {title}').format(title=line.title)
        self.link_title.value, self.url.value, self.file_error.text = '', '', ''
        for element in self.fields.values():
            element.error = None
        self.upload.reset()
        self.dialog.open()

    async def add_link(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None or self.item_id is None:
            return
        for element in self.fields.values():
            element.error = None
        try:
            await agenda_materials.add_link(item_id=self.item_id, title=self.link_title.value or '',
                                            url=self.url.value or '', by=actor, now=now())
        except DomainError as error:
            show_error(error, self.fields)
            return
        notify(_('The link is added.'), type='positive')
        self.link_title.value, self.url.value = '', ''

    async def upload_file(self, event: events.UploadEventArguments) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None or self.item_id is None:
            return
        self.file_error.text = ''
        try:
            await agenda_materials.add_file(item_id=self.item_id, title='', filename=event.file.name,
                                            content_type=event.file.content_type, data=await event.file.read(),
                                            by=actor, now=now())
        except DomainError as error:
            self.file_error.text = error.message
            notify(error.message, type='negative')
            return
        notify(_('The file {name} is uploaded.').format(name=event.file.name), type='positive')


class ConfirmDelete:
    """'Slet?' for an item or a material: the text names what goes (as a label, never HTML)."""

    def __init__(self) -> None:
        self.action: Callable[[], Awaitable[None]] | None = None
        with ui.dialog() as self.dialog, ui.card().classes('w-full max-w-md').mark('delete-dialog'):
            heading(_('Delete?'), self.dialog)
            self.text = ui.label().classes('whitespace-pre-line').mark('delete-what')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=self.dialog.close).props('flat color=primary').mark('delete-cancel')
                ui.button(_('Delete'), on_click=self.confirm).props('color=negative').mark('delete-confirm')

    def open(self, text: str, action: Callable[[], Awaitable[None]]) -> None:
        self.text.text, self.action = text, action
        self.dialog.open()

    async def confirm(self) -> None:
        self.dialog.close()
        if self.action is not None:
            await self.action()


def show_error(error: DomainError, fields: Mapping[str, Any]) -> None:
    field = fields.get(error.field or '')
    if field is None:
        notify(error.message, type='negative')
    else:
        field.error = error.message
