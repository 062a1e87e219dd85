"""Dialogs of the member pages: add a member (with the library picker), a reason, and the CSV import.

Each dialog acts through a service and shows a DomainError at its field (or as a notification when it is about no
single field); `on_done` runs only after a change was saved.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from nicegui import events as ui_events
from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from flnet_ui import access
from flnet_ui.components import design
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _, ngettext
from flnet_ui.services import libraries, member_import, membership
from flnet_ui.services.errors import DomainError
from models import Role

Done = Callable[[], Awaitable[None] | None]
# Quasar puts a dialog's backdrop at z-index -1 and its content at auto; axe-core then stacks the backdrop above the
# card and reports the dialog's buttons as low-contrast (#999). Explicit, equivalent order. NOTE: belongs in
# components/design.CSS (shared); added by these pages until it moves there.


def show_error(error: DomainError, fields: dict[str, ValidationElement]) -> None:
    """The message at its field when the form has it, otherwise as a notification."""
    for element in fields.values():
        element.error = None
    if error.field in fields:
        fields[error.field].error = error.message
    else:
        notify(error.message, type='negative')


def heading(text: str, dialog: ui.dialog | None = None) -> None:
    """A section's h2; in a dialog it also names the dialog for screen readers (by reference: no user text in props)."""
    title = ui.label(text).classes('text-xl font-bold').props('role=heading aria-level=2')
    if dialog is not None:
        dialog.props['aria-labelledby'] = title.html_id


async def library_picker(value: int | None = None) -> ui.select:
    """Libraries labelled with their municipality, searchable by typing."""
    picker = ui.select({}, label=_('Library'), value=None, with_input=True, clearable=True) \
        .props('outlined').classes('w-full').mark('library')
    await fill_libraries(picker, value)
    return picker


async def fill_libraries(picker: ui.select, value: int | None) -> None:
    picker.set_options({info.id: f'{info.name} ({info.municipality})' for info in await libraries.list_libraries()},
                       value=value)


def new_library_form(picker: ui.select) -> None:
    """For a library not yet in the list: its name and one of the 98 municipalities."""
    with ui.expansion(_('The library is not in the list')).classes('w-full').mark('new-library-toggle'):
        name = ui.input(_("Library's name")).props('outlined').classes('w-full').mark('library-name')
        municipality = ui.select(libraries.municipality_names(), label=_('Municipality'), with_input=True) \
            .props('outlined').classes('w-full').mark('municipality')

        async def add() -> None:
            actor = await access.action_actor(Role.COORDINATOR)
            if actor is None:
                return
            try:
                library = await libraries.create_library(name=name.value or '', municipality=municipality.value or '',
                                                         by=actor, now=dt.datetime.now(dt.UTC))
            except DomainError as error:
                show_error(error, {'library_name': name, 'municipality': municipality})
                return
            await fill_libraries(picker, library.id)
            name.value, municipality.value = '', None
            notify(_('The library was added.'), type='positive')

        ui.button(_('Add library'), on_click=add).props('outline color=primary').mark('add-library')


async def add_member_dialog(network_id: int, on_done: Done) -> ui.dialog:
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-lg'):
        heading(_('Add a member'), dialog)
        name = ui.input(_('Name')).props('outlined autocomplete=off autofocus').classes('w-full').mark('add-name')
        email = ui.input(_('E-mail')).props('outlined type=email autocomplete=off').classes('w-full') \
            .mark('add-email')
        picker = await library_picker()
        new_library_form(picker)
        job_title = ui.input(_('Job title')).props('outlined').classes('w-full').mark('add-job-title')
        choice = ui.radio({'approve': _('Approve now: a free seat, or the waitlist if the network is full'),
                           'pending': _('Register the application; approve it later')}, value='approve') \
            .mark('add-choice')
        fields = {'name': name, 'email': email, 'library': picker, 'job_title': job_title}

        async def save() -> None:
            actor = await access.action_actor(Role.COORDINATOR)
            if actor is None:
                return
            try:
                added = await membership.apply(network_id=network_id, name=name.value or '', email=email.value or '',
                                               library_id=picker.value, job_title=job_title.value or '',
                                               approve=choice.value == 'approve', by=actor,
                                               now=dt.datetime.now(dt.UTC))
            except DomainError as error:
                show_error(error, fields)
                return
            notify(_('{name} was added: {status}.').format(name=name.value.strip(),
                                                               status=membership.status_label(added.status)),
                      type='positive')
            dialog.close()
            await _call(on_done)

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(_('Cancel'), on_click=dialog.close).props('flat color=primary').mark('add-cancel')
            ui.button(_('Add member'), on_click=save).props('color=primary').mark('add-save')
    return dialog


def reason_dialog(title: str, explanation: str, button: str, action: Callable[[str], Awaitable[None]],
                  *, required: bool = True) -> ui.dialog:
    """Ask for a reason, then run `action(reason)`; a DomainError from it is shown at the reason field."""
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-md'):
        heading(title, dialog)
        if explanation:
            ui.label(explanation).classes(design.MUTED)
        label = _('Reason') if required else _('Reason (optional)')
        reason = ui.textarea(label).props('outlined').classes('w-full').mark('reason')

        async def confirm() -> None:
            try:
                await action(reason.value or '')
            except DomainError as error:
                show_error(error, {'reason': reason})
                return
            dialog.close()

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(_('Cancel'), on_click=dialog.close).props('flat color=primary').mark('reason-cancel')
            ui.button(button, on_click=confirm).props('color=primary').mark('reason-confirm')
    return dialog


def import_dialog(network_id: int, on_done: Done) -> ui.dialog:
    """Upload → a preview with a Danish error per bad row → import only the valid rows, all at once, on confirm."""
    state: dict[str, member_import.ImportPreview | None] = {'preview': None}
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-3xl'):
        heading(_('Import members from CSV'), dialog)
        ui.label(_('Columns: navn, e-mail, bibliotek, kommune, stilling. UTF-8 or Excel (semicolons) both work. '
                   'Nothing is imported until you confirm; people are approved and get a seat or a place on the '
                   'waitlist.')).classes(design.MUTED)
        problem = ui.label('').classes(f'text-[{design.NEGATIVE}]').props('role=alert').mark('import-error')

        @ui.refreshable
        def result() -> None:
            preview = state['preview']
            if preview is None:
                return
            _preview_table(preview)
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=dialog.close).props('flat color=primary').mark('import-cancel')
                count = len(preview.valid)
                text = ngettext('Import {n} valid row', 'Import {n} valid rows', count).format(n=count)
                ui.button(text, on_click=confirm).props('color=primary').mark('import-confirm') \
                    .set_enabled(count > 0)

        async def uploaded(event: ui_events.UploadEventArguments) -> None:
            problem.text, state['preview'] = '', None
            try:
                state['preview'] = await member_import.preview(network_id=network_id, data=await event.file.read())
            except DomainError as error:
                problem.text = error.message
            upload.reset()
            result.refresh()

        async def confirm() -> None:
            actor = await access.action_actor(Role.COORDINATOR)
            preview = state['preview']
            if actor is None or preview is None:
                return
            try:
                done = await member_import.commit(network_id=network_id, rows=preview.valid, by=actor,
                                                  now=dt.datetime.now(dt.UTC))
            except DomainError as error:
                notify(error.message, type='negative', multi_line=True)
                return
            notify(_('Imported: {active} active, {waiting} on the waitlist.').format(
                active=done.active, waiting=done.waitlisted), type='positive')
            dialog.close()
            await _call(on_done)

        # Quasar's uploader widget has an unnamed "+" button nested in a label: it stays hidden and a plain, named
        # button opens the file chooser instead (keyboard and screen readers get one clear control).
        upload = ui.upload(auto_upload=True, max_file_size=member_import.MAX_BYTES, on_upload=uploaded,
                           on_rejected=lambda: notify(_('The file is too large (at most 1 MB).'), type='negative')) \
            .props('accept=".csv,text/csv,text/plain"').classes('hidden').mark('import-upload')
        ui.button(_('Choose a CSV file'), icon='upload_file', on_click=lambda: upload.run_method('pickFiles')) \
            .props('outline color=primary').mark('import-choose')
        result()
    return dialog


def _preview_table(preview: member_import.ImportPreview) -> None:
    bad = len(preview.invalid)
    summary = ngettext('{n} row can be imported', '{n} rows can be imported', len(preview.valid)) \
        .format(n=len(preview.valid))
    if bad:
        summary += '; ' + ngettext('{n} row has errors and will be skipped', '{n} rows have errors and will be skipped',
                                   bad).format(n=bad)
    ui.label(summary).classes('font-bold').mark('import-summary')
    columns = [{'name': 'line', 'label': _('Line'), 'field': 'line', 'align': 'left'},
               {'name': 'name', 'label': _('Name'), 'field': 'name', 'align': 'left'},
               {'name': 'email', 'label': _('E-mail'), 'field': 'email', 'align': 'left'},
               {'name': 'library', 'label': _('Library'), 'field': 'library', 'align': 'left'},
               {'name': 'result', 'label': _('Check'), 'field': 'result', 'align': 'left'}]
    rows = [{'line': row.line, 'name': row.name, 'email': row.email, 'library': row.library,
             'result': ' '.join(row.errors) if row.errors else _('OK')} for row in preview.rows]
    ui.table(columns=columns, rows=rows, row_key='line', pagination=0).props('flat bordered wrap-cells dense') \
        .classes('w-full').mark('import-preview')
    for row in preview.invalid:  # also as plain text, read out by screen readers and found by tests
        message = _('Line {line}: {errors}').format(line=row.line, errors=' '.join(row.errors))
        ui.label(message).classes(f'text-[{design.NEGATIVE}] text-sm').mark('import-row-error')


async def _call(callback: Done) -> None:
    outcome = callback()
    if outcome is not None:
        await outcome
