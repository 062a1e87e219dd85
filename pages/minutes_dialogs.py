"""The dialogs of the minutes editor (pages/minutes_editor.py): the conflict between two writers, an action item,
a confirmation, and reopening approved minutes; and `act`, the guard every change of the editor runs through.

Each dialog is built once per page, outside the part that live updates redraw, so a redraw never closes it. Every
check is the service's: its message is shown at the field it belongs to, or as a notification."""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from nicegui import ui

from flnet_ui import access, i18n
from flnet_ui.components import design
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _
from flnet_ui.services import minutes_actions, minutes_versions
from flnet_ui.services.errors import DomainError
from flnet_ui.services.minutes import ActionView
from flnet_ui.services.minutes_rules import MinutesConflict
from models import Role

from .member_dialogs import heading

Fields = Mapping[str, Any]   # service field name -> the element that shows its error


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def act(change: Callable[..., Awaitable[Any]], *, fields: Fields | None = None,
              conflict: Callable[[MinutesConflict], None] | None = None) -> tuple[bool, Any]:
    """The guard, the service call as the coordinator, and its refusal shown; (True, the service's answer) when the
    change was made. A conflict between two writers goes to `conflict` when given."""
    actor = await access.action_actor(Role.COORDINATOR)
    if actor is None:
        return False, None
    for element in (fields or {}).values():
        element.error = None
    try:
        return True, await change(by=actor, now=now())
    except MinutesConflict as error:
        if conflict is not None:
            conflict(error)
        else:
            show_error(error, fields)
    except DomainError as error:
        show_error(error, fields)
    return False, None


def show_error(error: DomainError, fields: Fields | None) -> None:
    element = (fields or {}).get(error.field or '')
    if element is not None:
        element.error = error.message
    notify(error.message, type='negative')


def _text_box(text: str, mark: str) -> None:
    ui.label(text or '–').classes('w-full whitespace-pre-line break-words border rounded p-2 bg-gray-50') \
        .mark(mark)


def merge_start(theirs: str, yours: str) -> str:
    """Where a merge starts: all of their lines, then those of mine they lack (nothing of either is lost)."""
    known = {line.strip() for line in theirs.splitlines()}
    mine = [line for line in yours.splitlines() if line.strip() and line.strip() not in known]
    return '\n'.join([theirs, *mine]) if theirs.strip() else yours


class ConflictDialog:
    """Someone saved the same text after this page read it. Both texts, side by side (stacked on a phone): keep
    mine, take theirs, or merge them here and save. Nothing is saved until the writer chooses."""

    def __init__(self) -> None:
        self.save: Callable[[tuple[str, ...], int], Awaitable[None]] | None = None
        self.take: Callable[[tuple[str, ...], int], None] | None = None
        self.revision, self.theirs, self.yours = 0, (), ()   # type: tuple[int, tuple[str, ...], tuple[str, ...]]
        self.merged: list[ui.textarea] = []
        with ui.dialog() as self.dialog, ui.card().classes('w-full max-w-4xl').mark('conflict-dialog'):
            heading(_('Saved by someone else meanwhile'), self.dialog)
            self.message = ui.label().mark('conflict-message')
            with ui.element('div').classes('w-full grid grid-cols-1 md:grid-cols-2 gap-4'):
                with ui.column().classes('w-full gap-1 min-w-0'):
                    self.theirs_title = ui.label().classes('font-bold').props('role=heading aria-level=3')
                    self.theirs_box = ui.column().classes('w-full gap-1')
                with ui.column().classes('w-full gap-1 min-w-0'):
                    ui.label(_('Your text (not saved)')).classes('font-bold').props('role=heading aria-level=3')
                    self.yours_box = ui.column().classes('w-full gap-1')
            ui.label(_('Or merge them: change the text below and save it.')).classes('font-bold') \
                .props('role=heading aria-level=3')
            self.merge_box = ui.column().classes('w-full gap-2')
            with ui.row().classes('w-full justify-end gap-2 flex-wrap'):
                ui.button(_('Use their text'), on_click=self.use_theirs).props('outline no-caps color=primary') \
                    .mark('conflict-take-theirs')
                ui.button(_('Keep my text'), on_click=self.keep_mine).props('outline no-caps color=primary') \
                    .mark('conflict-keep-mine')
                ui.button(_('Save the merged text'), on_click=self.save_merged).props('no-caps color=primary') \
                    .mark('conflict-save-merged')

    def open(self, conflict: MinutesConflict, *, labels: Sequence[str], theirs: tuple[str, ...], yours: tuple[str, ...],
             save: Callable[[tuple[str, ...], int], Awaitable[None]],
             take: Callable[[tuple[str, ...], int], None]) -> None:
        self.save, self.take, self.revision, self.theirs, self.yours = save, take, conflict.revision, theirs, yours
        self.message.text = conflict.message
        if conflict.changed_by and conflict.changed_at is not None:
            self.theirs_title.text = _('Their text (saved by {name} at {time})').format(
                name=conflict.changed_by, time=i18n.clock(i18n.local(conflict.changed_at).time()))
        else:
            self.theirs_title.text = _('Their text (saved)')
        for box in (self.theirs_box, self.yours_box, self.merge_box):
            box.clear()
        self.merged = []
        for index, label in enumerate(labels):
            with self.theirs_box:
                ui.label(label).classes('text-sm font-medium')
                _text_box(theirs[index], f'conflict-theirs-{index}')
            with self.yours_box:
                ui.label(label).classes('text-sm font-medium')
                _text_box(yours[index], f'conflict-yours-{index}')
            with self.merge_box:
                self.merged.append(ui.textarea(label, value=merge_start(theirs[index], yours[index]))
                                   .props('outlined autogrow')
                                   .classes('w-full').mark(f'conflict-merged-{index}'))
        self.dialog.open()

    async def keep_mine(self) -> None:
        self.dialog.close()
        if self.save is not None:
            await self.save(self.yours, self.revision)

    async def save_merged(self) -> None:
        self.dialog.close()
        if self.save is not None:
            await self.save(tuple(field.value or '' for field in self.merged), self.revision)

    def use_theirs(self) -> None:
        self.dialog.close()
        if self.take is not None:
            self.take(self.theirs, self.revision)


class ActionDialog:
    """'Tilføj opfølgningspunkt' and 'Rediger opfølgningspunkt' in one dialog: what, who (a member or a free name),
    by when."""

    def __init__(self, network_id: int, meeting_id: int) -> None:
        self.network_id, self.meeting_id = network_id, meeting_id
        self.action_id: int | None = None
        self.agenda_item_id: int | None = None
        self.revision = 0
        self.their_text = ''   # what someone else saved meanwhile (a conflict)
        with ui.dialog() as self.dialog, ui.card().classes('w-full max-w-xl').mark('action-dialog'):
            self.heading = ui.label().classes('text-xl font-bold').props('role=heading aria-level=2') \
                .mark('action-heading')
            self.dialog.props['aria-labelledby'] = self.heading.html_id
            self.where = ui.label().classes(design.MUTED).mark('action-where')
            self.what = ui.textarea(_('What is to be done')).props('outlined autogrow maxlength=1000') \
                .classes('w-full').mark('action-what')
            with ui.column().classes('w-full gap-1 hidden').mark('action-theirs') as self.theirs_box:
                self.theirs = ui.label().classes('w-full whitespace-pre-line border rounded p-2 bg-gray-50')
                ui.button(_('Use their text'), on_click=self.use_theirs).props('flat no-caps color=primary') \
                    .mark('action-use-theirs')
            self.responsible = ui.select({}, label=_('Responsible member'), with_input=True, clearable=True) \
                .props('outlined').classes('w-full').mark('action-responsible')
            self.name = ui.input(_('Or a name from outside the network')).props('outlined maxlength=200') \
                .classes('w-full').mark('action-name')
            self.deadline = ui.input(_('Deadline (optional)')).props('outlined type=date stack-label') \
                .classes('w-full').mark('action-deadline')
            self.fields = {'what': self.what, 'responsible': self.responsible, 'responsible_name': self.name,
                           'deadline': self.deadline}
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=self.dialog.close).props('flat no-caps color=primary') \
                    .mark('action-cancel')
                ui.button(_('Save'), on_click=self.save).props('no-caps color=primary').mark('action-save')

    async def open_add(self, agenda_item_id: int | None, where: str) -> None:
        choices = await minutes_actions.responsible_choices(self.network_id)
        self.action_id, self.agenda_item_id, self.revision = None, agenda_item_id, 0
        self._fill(_('Add an action item'), where, choices, what='', responsible=None, name='', deadline=None)

    async def open_edit(self, action: ActionView, where: str) -> None:
        choices = await minutes_actions.responsible_choices(self.network_id, keep=action.responsible_id)
        self.action_id, self.agenda_item_id, self.revision = action.id, action.agenda_item_id, action.revision
        self._fill(_('Edit the action item'), where, choices, what=action.what, responsible=action.responsible_id,
                   name=action.responsible_name, deadline=action.deadline)

    def _fill(self, title: str, where: str, choices: dict[int, str], *, what: str, responsible: int | None,
              name: str, deadline: dt.date | None) -> None:
        """All at once, after the one query: the dialog opens filled."""
        self.heading.text, self.where.text = title, _('Belongs to: {title}').format(title=where)
        self.responsible.set_options(choices, value=responsible)
        self.what.value, self.name.value = what, name
        self.deadline.value = deadline.isoformat() if deadline else ''
        for element in self.fields.values():
            element.error = None
        self.theirs_box.classes(add='hidden')
        self.dialog.open()

    def conflicted(self, conflict: MinutesConflict) -> None:
        """Changed by someone else meanwhile: their text is shown; saving again keeps what is in the form."""
        self.revision = conflict.revision
        self.what.error = conflict.message
        self.their_text = str(conflict.theirs)
        self.theirs.text = _('Their text: {text}').format(text=self.their_text)
        self.theirs_box.classes(remove='hidden')

    def use_theirs(self) -> None:
        self.what.value, self.what.error = self.their_text, None

    async def save(self) -> None:
        self.deadline.error = None
        try:
            deadline = dt.date.fromisoformat(self.deadline.value) if self.deadline.value else None
        except ValueError:
            self.deadline.error = _('Write a date, or leave the field empty.')
            return
        values = {'agenda_item_id': self.agenda_item_id, 'what': self.what.value or '',
                  'responsible_id': self.responsible.value, 'responsible_name': self.name.value or '',
                  'deadline': deadline}
        action_id = self.action_id
        if action_id is None:
            ok, _answer = await act(lambda **kw: minutes_actions.add_action(meeting_id=self.meeting_id, **values, **kw),
                                    fields=self.fields)
        else:
            ok, _answer = await act(lambda **kw: minutes_actions.update_action(
                action_id=action_id, expected_revision=self.revision, **values, **kw),
                fields=self.fields, conflict=self.conflicted)
        if ok:
            self.dialog.close()
            notify(_('The action item is saved.'), type='positive')


class Confirm:
    """A yes/no question before a change; its texts may hold user text (shown as labels, never as HTML)."""

    def __init__(self) -> None:
        self.action: Callable[[], Awaitable[None]] | None = None
        with ui.dialog() as self.dialog, ui.card().classes('w-full max-w-md').mark('confirm-dialog'):
            self.heading = ui.label().classes('text-xl font-bold').props('role=heading aria-level=2') \
                .mark('confirm-heading')
            self.dialog.props['aria-labelledby'] = self.heading.html_id
            self.text = ui.label().classes('whitespace-pre-line').mark('confirm-text')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=self.dialog.close).props('flat no-caps color=primary') \
                    .mark('confirm-cancel')
                self.button = ui.button(on_click=self.confirm).props('no-caps').mark('confirm-ok')

    def open(self, title: str, text: str, button: str, action: Callable[[], Awaitable[None]], *,
             negative: bool = False) -> None:
        self.heading.text, self.text.text, self.button.text, self.action = title, text, button, action
        self.button.props(f'color={"negative" if negative else "primary"}')
        self.dialog.open()

    async def confirm(self) -> None:
        self.dialog.close()
        if self.action is not None:
            await self.action()


class ReopenDialog:
    """Reopening approved minutes needs a reason; it is logged, and the next approval is the next version."""

    def __init__(self, meeting_id: int) -> None:
        self.meeting_id = meeting_id
        with ui.dialog() as self.dialog, ui.card().classes('w-full max-w-md').mark('reopen-dialog'):
            heading(_('Reopen the minutes'), self.dialog)
            ui.label(_('The minutes become a draft again so they can be corrected. The approved versions are kept; '
                       'the next approval makes a new version.'))
            self.reason = ui.textarea(_('Why are they reopened?')).props('outlined autogrow maxlength=500') \
                .classes('w-full').mark('reopen-reason')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=self.dialog.close).props('flat no-caps color=primary') \
                    .mark('reopen-cancel')
                ui.button(_('Reopen'), on_click=self.reopen).props('no-caps color=primary').mark('reopen-confirm')

    def open(self) -> None:
        self.reason.value, self.reason.error = '', None
        self.dialog.open()

    async def reopen(self) -> None:
        reason = self.reason.value or ''
        ok, _answer = await act(lambda **kw: minutes_versions.reopen(meeting_id=self.meeting_id, reason=reason, **kw),
                                fields={'reason': self.reason})
        if ok:
            self.dialog.close()
            notify(_('The minutes are reopened.'), type='positive')
