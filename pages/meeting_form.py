"""The dialogs of the meetings page: plan or change a meeting, and cancel one. Built once per page (outside any
refreshable) and filled when opened; every check is the service's, its message shown at the field it belongs to."""
from __future__ import annotations

import datetime as dt

from nicegui import ui

from flnet_ui import access
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _
from flnet_ui.services import libraries, meeting_plan, meetings
from flnet_ui.services.errors import DomainError
from models import Meeting, Role


class MeetingForm:
    """'Planlæg møde' and 'Rediger møde' in one dialog: title, date, start and end, host library, address, text."""

    def __init__(self, network_id: int) -> None:
        self.network_id = network_id
        self.meeting_id: int | None = None
        self.default_host: int | None = None
        with ui.dialog() as self.dialog, ui.card().classes('w-full max-w-xl'):
            self.heading = ui.html('', tag='h2').classes('text-xl font-bold').mark('form-heading')
            self.dialog.props['aria-labelledby'] = self.heading.html_id
            self.title = ui.input(_('Title or theme')).props('outlined').classes('w-full').mark('title')
            with ui.row().classes('w-full gap-2 flex-wrap'):
                self.date = ui.input(_('Date')).props('outlined type=date stack-label').classes('grow') \
                    .mark('date')
                self.starts_at = ui.input(_('Starts')).props('outlined type=time stack-label').classes('grow') \
                    .mark('starts_at')
                self.ends_at = ui.input(_('Ends')).props('outlined type=time stack-label').classes('grow') \
                    .mark('ends_at')
            self.host = ui.select({}, label=_('Host library'), with_input=True).props('outlined') \
                .classes('w-full').mark('host')
            self.address = ui.input(_('Address')).props('outlined').classes('w-full').mark('address')
            self.description = ui.textarea(_('Description')).props('outlined autogrow').classes('w-full') \
                .mark('description')
            self.fields = {'title': self.title, 'date': self.date, 'starts_at': self.starts_at,
                           'ends_at': self.ends_at, 'host': self.host, 'address': self.address,
                           'description': self.description}
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=self.dialog.close).props('flat').mark('form-cancel')
                self.save_button = ui.button(on_click=self.save).props('color=primary').mark('save')

    async def open_plan(self, *, host_id: int | None = None) -> None:
        await self._load_hosts()
        self.meeting_id = None
        self.heading.content = _('Plan meeting')
        self.save_button.text = _('Plan meeting')
        self._fill(title='', date='', starts_at='10:00', ends_at='15:30', host=host_id or self.default_host,
                   address='', description='')
        self.dialog.open()

    async def open_edit(self, meeting: Meeting) -> None:
        await self._load_hosts()
        self.meeting_id = meeting.id
        self.heading.content = _('Edit meeting')
        self.save_button.text = _('Save changes')
        self._fill(title=meeting.title, date=meeting.date.isoformat(),
                   starts_at=meeting.start_time.strftime('%H:%M'), ends_at=meeting.end_time.strftime('%H:%M'),
                   host=meeting.host_id, address=meeting.address, description=meeting.description)
        self.dialog.open()

    async def save(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        for element in self.fields.values():
            element.error = None
        try:
            form = {'title': self.title.value or '', 'date': _date(self.date.value),
                    'starts_at': _time(self.starts_at.value, 'starts_at'),
                    'ends_at': _time(self.ends_at.value, 'ends_at'),
                    'host_library_id': self.host.value, 'address': self.address.value or '',
                    'description': self.description.value or ''}
            now = dt.datetime.now(dt.UTC)
            if self.meeting_id is None:
                await meeting_plan.plan(network_id=self.network_id, **form, by=actor, now=now)
                notify(_('The meeting is planned.'), type='positive')
            else:
                await meeting_plan.update_meeting(meeting_id=self.meeting_id, **form, by=actor, now=now)
                notify(_('The meeting is changed.'), type='positive')
        except DomainError as error:
            field = self.fields.get(error.field or '')
            if field is None:
                notify(error.message, type='negative')
            else:
                field.error = error.message
            return
        self.dialog.close()

    async def _load_hosts(self) -> None:
        found = await libraries.list_libraries()
        self.host.set_options({library.id: library.name for library in found})
        default = await meeting_plan.default_host(self.network_id)
        self.default_host = default.id if default else None

    def _fill(self, **values: object) -> None:
        for name, value in values.items():
            element = self.fields[name]
            element.value = value
            element.error = None


class CancelDialog:
    """Cancel a planned meeting, after a confirmation that says what it means for absence."""

    def __init__(self) -> None:
        self.meeting_id: int | None = None
        with ui.dialog() as self.dialog, ui.card().classes('w-full max-w-lg'):
            heading = ui.html(_('Cancel the meeting?'), tag='h2').classes('text-xl font-bold')
            self.dialog.props['aria-labelledby'] = heading.html_id
            self.what = ui.label().mark('cancel-what')
            ui.label(_('Cancelled meetings never count toward absence.'))
            self.reason = ui.input(_('Reason (optional)')).props('outlined').classes('w-full').mark('cancel-reason')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Keep the meeting'), on_click=self.dialog.close).props('flat').mark('cancel-keep')
                ui.button(_('Cancel the meeting'), on_click=self.confirm).props('color=negative') \
                    .mark('cancel-confirm')

    def open(self, meeting: Meeting, when: str) -> None:
        self.meeting_id = meeting.id
        self.what.text = f'{meeting.title} – {when}'
        self.reason.value = ''
        self.dialog.open()

    async def confirm(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None or self.meeting_id is None:
            return
        try:
            await meetings.cancel_meeting(meeting_id=self.meeting_id, reason=self.reason.value or '', by=actor,
                                          now=dt.datetime.now(dt.UTC))
        except DomainError as error:
            notify(error.message, type='negative')
            return
        notify(_('The meeting is cancelled.'), type='positive')
        self.dialog.close()


def _date(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat((value or '').strip())
    except ValueError:
        raise DomainError(_('Choose a date.'), field='date') from None


def _time(value: str | None, field: str) -> dt.time:
    try:
        return dt.time.fromisoformat((value or '').strip())
    except ValueError:
        raise DomainError(_('Choose a time, e.g. 10:00.'), field=field) from None
