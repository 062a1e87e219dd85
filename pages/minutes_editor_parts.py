"""Parts of the minutes editor (pages/minutes_editor.py): the attendance lists, an agenda item's group outcomes,
action items and read-only texts, the kept versions and the distributions, and the PDF downloads.

The PDFs are plain HTTP routes for the coordinator only, checked in the route itself (403 for anyone else), and
always served as attachments."""
from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request, Response
from nicegui import app, ui

from flnet_ui import access, i18n
from flnet_ui.components import design
from flnet_ui.i18n import N_, _, ngettext
from flnet_ui.ids import plain_id
from flnet_ui.pdf import minutes_pdf
from flnet_ui.services import meeting_plan, minutes_versions, networks, notices_meetings, sessions
from flnet_ui.services.errors import DomainError
from flnet_ui.services.minutes import ActionView, AttendanceLists, ItemView
from flnet_ui.services.minutes_distribution import DistributionView
from flnet_ui.services.minutes_versions import ACTION_STATUS, VersionView
from models import ActionStatus, DistributionChannel, Role

from .minutes_writer import Draft

CHANNEL = {DistributionChannel.EMAIL: N_('by e-mail'), DistributionChannel.FOR_BIBLIOTEKER: N_('on "For biblioteker"')}


def add_download_routes() -> None:
    app.add_api_route('/moeder/{meeting_id}/referat/version/{number}.pdf', version_download, methods=['GET'],
                      include_in_schema=False)
    app.add_api_route('/moeder/{meeting_id}/referat/udkast.pdf', draft_download, methods=['GET'],
                      include_in_schema=False)


async def _download_allowed(request: Request) -> bool:
    token = request.session.get(access.SESSION_KEY) if 'session' in request.scope else None
    user = await sessions.current_user(token, now=dt.datetime.now(dt.UTC))
    return user is not None and user.role == Role.COORDINATOR


def _refused() -> Response:
    with i18n.language('da'):
        return Response(_('This is only for the network coordinator.'), status_code=403,
                        media_type='text/plain; charset=utf-8')


def _pdf(name: str, data: bytes) -> Response:
    return Response(data, media_type='application/pdf', headers={
        'Content-Disposition': f'attachment; filename="{name}"', 'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff'})


async def version_download(meeting_id: str, number: str, request: Request) -> Response:
    """A kept version as referat-YYYY-MM-DD-<slug>.pdf (built off the event loop by the service)."""
    if not await _download_allowed(request):
        return _refused()
    row = await meeting_plan.meeting_row((await networks.default_network()).id, meeting_id)
    if row is None or (wanted := plain_id(number)) is None:
        return Response(status_code=404)
    try:
        name, data = await minutes_versions.version_pdf(row.meeting.id, wanted)
    except DomainError:
        return Response(status_code=404)
    return _pdf(name, data)


async def draft_download(meeting_id: str, request: Request) -> Response:
    """The minutes as they stand now, marked as a draft: a preview."""
    if not await _download_allowed(request):
        return _refused()
    row = await meeting_plan.meeting_row((await networks.default_network()).id, meeting_id)
    if row is None:
        return Response(status_code=404)
    document = await minutes_versions.draft_document(row.meeting.id, now=dt.datetime.now(dt.UTC))
    data = await asyncio.to_thread(minutes_pdf, document)
    return _pdf(notices_meetings.minutes_file_name(row.meeting).removesuffix('.pdf') + '-udkast.pdf', data)


def attendance_section(lists: AttendanceLists, meeting_id: int) -> None:
    """Read-only: the lists come from the roll call, never typed twice."""
    with ui.card().classes(design.CARD).mark('attendance'):
        ui.html(_('Attendance'), tag='h2').classes('text-xl font-bold')
        with ui.row().classes('gap-1 items-baseline flex-wrap'):
            ui.label(_('The lists come from the roll call; correct them there:'))
            ui.link(_('Roll call'), f'/moeder/{meeting_id}/fremmoede').mark('to-roll-call')
        for title, names, mark in ((_('Participants'), lists.present, 'present'),
                                   (_('Apologies'), lists.apology, 'apology'),
                                   (_('Absent without notice'), lists.absent, 'absent'),
                                   (_('Absence agreed'), lists.excused, 'excused')):
            with ui.column().classes('gap-0 w-full').mark(f'list-{mark}'):
                count = ngettext('{n} person', '{n} people', len(names)).format(n=len(names))
                ui.label(_('{title} ({count})').format(title=title, count=count)).classes('font-bold mt-1') \
                    .props('role=heading aria-level=3')
                ui.label(', '.join(names) if names else '–').classes('' if names else design.MUTED)


def group_outcomes(item: ItemView, meeting_id: int) -> None:
    """A gruppearbejde item's outcomes, read-only: they are written on the groups page."""
    with ui.column().classes('w-full gap-1').mark(f'groups-{item.agenda_item_id}'):
        ui.label(_('Outcomes of the groups')).classes('font-bold').props('role=heading aria-level=4')
        if not item.group_outcomes:
            ui.label(_('No group has written an outcome yet.')).classes(design.MUTED)
        for group, outcome in item.group_outcomes:
            with ui.row().classes('w-full gap-2 no-wrap items-baseline'):
                ui.label(f'{group}:').classes('font-medium shrink-0')
                ui.label(outcome).classes('whitespace-pre-line break-words min-w-0')
        link = ui.link(_('Edit the outcomes on the groups page'),
                       f'/moeder/{meeting_id}/grupper/{item.agenda_item_id}').mark(f'to-groups-{item.agenda_item_id}')
        link.props['aria-label'] = _('Edit the outcomes of {title} on the groups page').format(title=item.title)


def action_list(actions: list[ActionView], *, editable: bool, on_done: Callable[[ActionView, bool], Awaitable[None]],
                on_edit: Callable[[ActionView], Awaitable[None]], on_delete: Callable[[ActionView], None]) -> None:
    """What / ansvarlig / frist / status, one entry a line (a table would not fit a phone)."""
    if not actions:
        ui.label(_('No action items.')).classes(design.MUTED)
        return
    with ui.element('ul').classes('w-full list-none p-0 m-0 flex flex-col divide-y divide-gray-300'):
        for action in actions:
            with ui.element('li').classes('w-full flex flex-wrap items-center gap-x-3 gap-y-1 py-2') \
                    .mark(f'action-{action.id}'):
                with ui.column().classes('gap-0 grow min-w-0 basis-64'):
                    ui.label(action.what).classes('font-medium whitespace-pre-line break-words')
                    facts = [_('Responsible: {name}').format(name=action.responsible or '–'),
                             _('Deadline: {date}').format(date=i18n.short_date(action.deadline)
                                                          if action.deadline else '–'),
                             _('Status: {status}').format(status=_(ACTION_STATUS[action.status]))]
                    ui.label(' · '.join(facts)).classes(f'text-sm {design.MUTED}').mark(f'action-facts-{action.id}')
                done = ui.checkbox(_('Done'), value=action.status == ActionStatus.DONE,
                                   on_change=lambda e, a=action: on_done(a, bool(e.value))) \
                    .mark(f'action-done-{action.id}')
                done.props['aria-label'] = _('Done: {what}').format(what=action.what)
                if editable:
                    edit = ui.button(icon='edit', on_click=lambda a=action: on_edit(a)) \
                        .props('flat round color=primary').mark(f'action-edit-{action.id}')
                    edit.props['aria-label'] = _('Edit the action item {what}').format(what=action.what)
                    delete = ui.button(icon='delete', on_click=lambda a=action: on_delete(a)) \
                        .props('flat round color=negative').mark(f'action-delete-{action.id}')
                    delete.props['aria-label'] = _('Delete the action item {what}').format(what=action.what)


def item_texts(text: Any) -> tuple[str, ...]:
    """An ItemText of a conflict as the fields show it: the notes, and the decisions one a line."""
    return text.notes, '\n'.join(text.decisions)


def read_only(item: ItemView, draft: Draft | None) -> None:
    ui.label(_('Notes')).classes('font-bold').props('role=heading aria-level=4')
    ui.label(item.notes or '–').classes('whitespace-pre-line break-words').mark(f'notes-text-{item.agenda_item_id}')
    ui.label(_('Decisions')).classes('font-bold').props('role=heading aria-level=4')
    if not item.decisions:
        ui.label('–')
    with ui.element('ul').classes('list-disc pl-6 m-0').mark(f'decisions-text-{item.agenda_item_id}'):
        for decision in item.decisions:
            with ui.element('li'):
                ui.label(decision).classes('break-words')
    if draft is not None:   # typed here, but the minutes were locked before it was saved: shown, never dropped
        with ui.column().classes('w-full gap-1 border rounded p-2').mark(f'unsaved-{item.agenda_item_id}'):
            ui.label(_('Your text was not saved: the minutes were locked meanwhile. Copy it if you need it.')) \
                .classes('font-bold')
            for text in draft.texts:
                ui.label(text or '–').classes('whitespace-pre-line break-words')


def fact(name: str, value: str) -> ui.row:
    with ui.row().classes('gap-2 no-wrap items-baseline') as row:
        ui.label(f'{name}:').classes('font-medium shrink-0')
        ui.label(value).classes('break-words min-w-0')
    return row


def version_list(meeting_id: int, kept: list[VersionView]) -> None:
    """The kept versions, the newest first, each with its PDF."""
    ui.label(_('Approved versions')).classes('font-bold mt-2').props('role=heading aria-level=3')
    if not kept:
        ui.label(_('No version has been approved yet.')).classes(design.MUTED).mark('no-versions')
    with ui.element('ul').classes('w-full list-none p-0 m-0 flex flex-col gap-1'):
        for version in kept:
            with ui.element('li').classes('flex flex-wrap gap-x-3 items-baseline') \
                    .mark(f'version-{version.number}'):
                ui.label(_('Version {number}: approved {when} by {name}').format(
                    number=version.number, when=i18n.date_time(version.approved_at), name=version.approved_by))
                link = ui.link(_('Download PDF'),
                               f'/moeder/{meeting_id}/referat/version/{version.number}.pdf') \
                    .props('download').mark(f'version-pdf-{version.number}')
                link.props['aria-label'] = _('Download version {number} as PDF').format(number=version.number)


def sent_list(sent: list[DistributionView]) -> None:
    """When, how, which version and to how many."""
    ui.label(_('Sent out')).classes('font-bold mt-2').props('role=heading aria-level=3')
    if not sent:
        ui.label(_('Not sent out yet.')).classes(design.MUTED).mark('not-sent')
    with ui.element('ul').classes('w-full list-none p-0 m-0 flex flex-col gap-1'):
        for d in sent:
            line = [i18n.date_time(d.at), _(CHANNEL[d.channel]),
                    _('version {number}').format(number=d.version)]
            if d.channel == DistributionChannel.EMAIL:
                line.append(ngettext('{n} recipient', '{n} recipients', d.recipients).format(n=d.recipients))
            with ui.element('li').mark(f'sent-{d.channel.value}-{d.version}'):
                ui.label(' · '.join(line))
