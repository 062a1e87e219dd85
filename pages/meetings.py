"""Møder: the year plan checked against the expected number, a host suggested in the other part of the country,
the meetings of each year (plan, edit, cancel) and the hosting history. Live: redrawn when meetings or attendance
change anywhere."""
from __future__ import annotations

import datetime as dt
from typing import TypeVar

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.i18n import _, ngettext
from flnet_ui.labels import LANDSDEL, MEETING_STATUS
from flnet_ui.services import meeting_plan, networks
from flnet_ui.services.meeting_plan import HostSuggestion, MeetingRow, YearCheck
from models import MeetingStatus, Role
from pages.meeting_form import CancelDialog, MeetingForm

E = TypeVar('E', bound=ui.element)
STATUS_COLOUR = {MeetingStatus.PLANNED: design.PRIMARY, MeetingStatus.RUNNING: design.WARNING,
                 MeetingStatus.CLOSED: design.POSITIVE, MeetingStatus.CANCELLED: design.NEGATIVE}


def create() -> None:
    @ui.page('/moeder')
    async def meetings_page() -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        with frame(_('Meetings'), user=user, network_name=network.short_name or network.name):
            form, cancel = MeetingForm(network.id), CancelDialog()

            @ui.refreshable
            async def content() -> None:
                await _suggestion(network.id, form)
                for plan in await meeting_plan.year_plans(network.id, now=dt.datetime.now(dt.UTC)):
                    _year(plan.check, plan.meetings, form, cancel)
                await _history(network.id)

            ui.button(_('Plan meeting'), icon='add', on_click=form.open_plan) \
                .props('color=primary').mark('plan')
            await content()

        events.refresh_on(network.id, content.refresh, events.meetings, events.attendance)


async def _suggestion(network_id: int, form: MeetingForm) -> None:
    suggestion = await meeting_plan.suggest_host(network_id)
    with ui.card().classes(design.CARD).mark('suggestion'):
        ui.html(_('Next host'), tag='h2').classes('text-xl font-bold')
        ui.label(_suggestion_text(suggestion)).mark('suggestion-text')
        if suggestion.libraries:
            with ui.row().classes('gap-2 flex-wrap'):
                for library in suggestion.libraries:
                    name = _('Plan a meeting at {library}').format(library=library.name)
                    named(ui.button(library.name, on_click=lambda _e, i=library.id: form.open_plan(host_id=i))
                          .props('outline no-caps color=primary'), name)


def _suggestion_text(suggestion: HostSuggestion) -> str:
    wanted = _(LANDSDEL[suggestion.landsdel])
    names = ', '.join(library.name for library in suggestion.libraries)
    proposal = _('Suggested host in {landsdel}: {libraries}.').format(landsdel=wanted, libraries=names) if names \
        else _('Suggested: a host library in {landsdel}.').format(landsdel=wanted)
    last = suggestion.last
    if last is None:
        nothing = _('No meeting yet.')
        return f'{nothing} {proposal}'
    held = last.meeting.status == MeetingStatus.CLOSED
    if last.landsdel is None:
        text = _('The last meeting was at {host}.') if held else _('The latest planned meeting is at {host}.')
        return f'{text.format(host=last.host_name)} {proposal}'
    text = _('The last meeting was in {landsdel} ({host}).') if held \
        else _('The latest planned meeting is in {landsdel} ({host}).')
    part = _(LANDSDEL[last.landsdel])
    return f'{text.format(landsdel=part, host=last.host_name)} {proposal}'


def _year(check: YearCheck, rows: list[MeetingRow], form: MeetingForm, cancel: CancelDialog) -> None:
    with ui.card().classes(design.CARD).mark(f'year-{check.year}'):
        ui.html(str(check.year), tag='h2').classes('text-xl font-bold')
        colour = design.WARNING if check.too_few or check.too_many else design.POSITIVE
        icon = 'warning' if check.too_few or check.too_many else 'check_circle'
        with ui.row().classes('items-center gap-1 no-wrap'):
            ui.icon(icon).style(f'color: {colour}').props('aria-hidden=true')
            ui.label(year_check_text(check)).classes('font-medium').style(f'color: {colour}') \
                .mark(f'check-{check.year}')
        if not rows:
            ui.label(_('No meetings this year.')).classes(design.MUTED)
        for row in rows:
            _meeting(row, form, cancel)


def year_check_text(check: YearCheck) -> str:
    """'2026: 2 møder – som forventet', '2026: kun 1 planlagt – der forventes 2', '2026: 3 – flere end de 2 ...'"""
    n, expected, year = check.count, check.expected, check.year
    if check.too_many:
        return ngettext('{year}: {n} – more than the {expected} expected',
                        '{year}: {n} – more than the {expected} expected', expected) \
            .format(year=year, n=n, expected=expected)
    if not check.too_few:
        return ngettext('{year}: {n} meeting – as expected', '{year}: {n} meetings – as expected', n) \
            .format(year=year, n=n)
    if n == 0:
        return _('{year}: none planned – {expected} expected').format(year=year, expected=expected)
    return _('{year}: only {n} planned – {expected} expected').format(year=year, n=n, expected=expected)


def _meeting(row: MeetingRow, form: MeetingForm, cancel: CancelDialog) -> None:
    meeting = row.meeting
    when = f'{i18n.long_date(meeting.date)}, {i18n.clock(meeting.start_time)}–{i18n.clock(meeting.end_time)}'
    with ui.element('div').classes('w-full border-t border-gray-200 pt-3 flex flex-wrap gap-x-4 gap-y-1 '
                                   'items-start justify-between').mark(f'meeting-{meeting.id}'):
        with ui.column().classes('gap-0 min-w-0'):
            ui.link(meeting.title, f'/moeder/{meeting.id}').classes('font-bold text-lg')
            ui.label(when)
            host = _('Host: {host}').format(host=row.host_name)
            ui.label(host).classes(design.MUTED)
        with ui.row().classes('items-center gap-2 flex-wrap'):
            ui.label(_(MEETING_STATUS[meeting.status])).classes('font-medium') \
                .style(f'color: {STATUS_COLOUR[meeting.status]}').mark(f'status-{meeting.id}')
            if meeting.status != MeetingStatus.CANCELLED:
                label = _('Roll call for {title}').format(title=meeting.title)
                named(ui.link(_('Roll call'), f'/moeder/{meeting.id}/fremmoede'), label)
            if meeting.status == MeetingStatus.PLANNED:
                label = _('Edit {title}').format(title=meeting.title)
                named(ui.button(_('Edit'), icon='edit', on_click=lambda _e, m=meeting: form.open_edit(m))
                      .props('flat dense no-caps color=primary'), label).mark(f'edit-{meeting.id}')
            if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.RUNNING):
                label = _('Cancel {title}').format(title=meeting.title)
                named(ui.button(_('Cancel meeting'), icon='event_busy',
                                on_click=lambda _e, m=meeting: cancel.open(m, when))
                      .props('flat dense no-caps color=negative'), label).mark(f'cancel-{meeting.id}')


def host_label(row: MeetingRow) -> str:
    """'Statsbiblioteket (Vestdanmark)'"""
    if row.landsdel is None:
        return row.host_name
    part = _(LANDSDEL[row.landsdel])
    return f'{row.host_name} ({part})'


def named(element: E, name: str) -> E:
    """An accessible name that may hold user text (a title): set as a prop value, never parsed from a props string."""
    element.props['aria-label'] = name
    return element


async def _history(network_id: int) -> None:
    history = await meeting_plan.hosting_history(network_id)
    with ui.card().classes(design.CARD).mark('history'):
        ui.html(_('Hosting history'), tag='h2').classes('text-xl font-bold')
        if not history:
            ui.label(_('No meeting has been held yet.')).classes(design.MUTED)
            return
        # A plain table: its cells wrap on a phone instead of scrolling sideways (a region the keyboard cannot reach).
        with ui.element('table').classes('w-full text-sm text-left border-collapse').mark('history-table'):
            with ui.element('thead'), ui.element('tr').classes('border-b border-gray-300'):
                for header in (_('Date'), _('Host library'), _('Theme')):
                    with ui.element('th').props('scope=col').classes('py-1 pr-3 font-bold align-bottom'):
                        ui.label(header)
            with ui.element('tbody'):
                for row in history:
                    host = host_label(row)
                    with ui.element('tr').classes('border-b border-gray-200 align-top'):
                        for text in (i18n.short_date(row.meeting.date), host, row.meeting.title):
                            with ui.element('td').classes('py-1 pr-3 break-words'):
                                ui.label(text)
