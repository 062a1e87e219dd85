"""Medlemmer: everyone who has applied, searchable and filterable, with applications to review, add, import, export.

The list redraws live when any membership or attendance changes (events.membership / events.attendance). It shows
PAGE_SIZE people at a time: a network's former members add up over the years, and drawing two thousand rows took the
server's one event loop for two seconds, during which no phone or projector in a meeting got an update (bench/).
"""
from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _, ngettext
from flnet_ui.labels import LANDSDEL, MEMBERSHIP_STATUS
from flnet_ui.services import libraries, member_export, membership, networks, people
from flnet_ui.services.errors import DomainError
from flnet_ui.services.people import MemberRow
from models import Landsdel, MembershipStatus, Role

from .member_dialogs import add_member_dialog, import_dialog, reason_dialog

# Counts as a sentence: "40 aktive, 13 på venteliste, ..." (in this order; statuses with none are left out).
# Written out call by call so that extraction sees every plural form.
COUNTS: dict[MembershipStatus, Callable[[int], str]] = {
    MembershipStatus.ACTIVE: lambda n: ngettext('{n} active', '{n} active', n),
    MembershipStatus.OFFERED: lambda n: ngettext('{n} offered a seat', '{n} offered a seat', n),
    MembershipStatus.WAITLISTED: lambda n: ngettext('{n} on the waitlist', '{n} on the waitlist', n),
    MembershipStatus.PENDING: lambda n: ngettext('{n} application to review', '{n} applications to review', n),
    MembershipStatus.RESIGNED: lambda n: ngettext('{n} resigned', '{n} resigned', n),
    MembershipStatus.DEREGISTERED: lambda n: ngettext('{n} automatically deregistered',
                                                      '{n} automatically deregistered', n),
    MembershipStatus.REJECTED: lambda n: ngettext('{n} rejected', '{n} rejected', n),
    MembershipStatus.WITHDRAWN: lambda n: ngettext('{n} withdrawn', '{n} withdrawn', n),
}

PAGE_SIZE = 50


def create() -> None:
    @ui.page('/medlemmer')
    async def members_page() -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        with frame(_('Members'), user=user, network_name=network.short_name or network.name):
            await members_view(network.id)


async def members_view(network_id: int) -> None:
    filters: dict[str, str | int | None] = {'search': '', 'status': None, 'library': None, 'landsdel': None}
    pager = _Pager()

    async def listing() -> people.MemberList:
        status, landsdel, library = filters['status'], filters['landsdel'], filters['library']
        return await people.list_members(
            network_id=network_id, now=dt.datetime.now(dt.UTC), search=str(filters['search'] or ''),
            status=MembershipStatus(str(status)) if status else None, library_id=int(library) if library else None,
            landsdel=Landsdel(str(landsdel)) if landsdel else None)

    @ui.refreshable
    async def content() -> None:
        result = await listing()
        ui.label(_counts_sentence(result.counts)).classes('text-lg').mark('counts')
        pending = [row for row in result.rows if row.status == MembershipStatus.PENDING]
        if pending:
            _applications(pending)
        _table(pager.shown(result.rows))

    drawing = asyncio.Lock()

    async def redraw() -> None:
        """One drawing at a time, whoever asks (a filter, the pager, a change elsewhere): two at once would each clear
        the list and then both draw into it."""
        async with drawing:
            await content.refresh()

    async def refresh() -> None:   # a new search or filter starts on the first page
        pager.page = 0
        await redraw()

    async def export(extension: str) -> None:
        if await access.action_actor(Role.COORDINATOR) is None:
            return
        rows = (await listing()).rows
        data = member_export.to_csv(rows) if extension == 'csv' else member_export.to_xlsx(rows)
        name = member_export.file_name(i18n.today(dt.datetime.now(dt.UTC)), extension)
        ui.download.content(data, name)

    add = await add_member_dialog(network_id, refresh)
    importer = import_dialog(network_id, refresh)
    with ui.row().classes('w-full gap-2 flex-wrap'):
        ui.button(_('Add member'), icon='person_add', on_click=add.open).props('color=primary').mark('add-member')
        ui.button(_('Import CSV'), icon='upload_file', on_click=importer.open).props('outline color=primary') \
            .mark('import-members')
        ui.button(_('Export CSV'), icon='download', on_click=lambda: export('csv')).props('outline color=primary') \
            .mark('export-csv')
        ui.button(_('Export XLSX'), icon='download', on_click=lambda: export('xlsx')) \
            .props('outline color=primary').mark('export-xlsx')
    await _filters(filters, refresh)
    await content()
    pager.draw(redraw)

    events.refresh_on(network_id, redraw, events.membership, events.attendance, heavy=True)


class _Pager:
    """Which PAGE_SIZE rows of the list are shown, and the buttons to the previous and next ones. The buttons are
    drawn once, below the list, and only changed after each drawing of it, so a keyboard user who pressed "Næste
    side" keeps the focus there and can press it again."""

    def __init__(self) -> None:
        self.page = 0
        self.total = 0
        self.row: ui.row | None = None
        self.range_label: ui.label | None = None
        self.previous: ui.button | None = None
        self.next: ui.button | None = None

    def shown(self, rows: list[MemberRow]) -> list[MemberRow]:
        """This page's rows; a list that has shrunk under it (a live change, a narrower search) ends on its last."""
        self.total = len(rows)
        self.page = max(0, min(self.page, (self.total - 1) // PAGE_SIZE))
        self._update()
        return rows[self.page * PAGE_SIZE:(self.page + 1) * PAGE_SIZE]

    def draw(self, redraw: Callable[[], Awaitable[None]]) -> None:
        async def turn(step: int) -> None:
            self.page += step
            await redraw()

        with ui.row().classes('w-full items-center justify-between gap-2 flex-wrap').mark('pager') as self.row:
            self.range_label = ui.label().props('aria-live=polite').mark('page-range')
            with ui.row().classes('gap-2'):
                self.previous = ui.button(_('Previous page'), icon='chevron_left', on_click=lambda: turn(-1)) \
                    .props('outline color=primary').mark('previous-page')
                self.next = ui.button(_('Next page'), on_click=lambda: turn(1)) \
                    .props('outline color=primary icon-right=chevron_right').mark('next-page')
        self._update()

    def _update(self) -> None:
        if self.row is None or self.range_label is None or self.previous is None or self.next is None:
            return   # not drawn yet: draw() calls this once it is
        self.row.set_visibility(self.total > PAGE_SIZE)
        first, last = self.page * PAGE_SIZE + 1, min(self.total, (self.page + 1) * PAGE_SIZE)
        self.range_label.set_text(_('Showing {first}–{last} of {total}').format(
            first=i18n.number(first), last=i18n.number(last), total=i18n.number(self.total)))
        self.previous.set_enabled(self.page > 0)
        self.next.set_enabled(last < self.total)


async def _filters(filters: dict[str, str | int | None], refresh) -> None:  # type: ignore[no-untyped-def]
    def setter(key: str):  # type: ignore[no-untyped-def]
        async def handler(event) -> None:  # type: ignore[no-untyped-def]
            filters[key] = event.value
            await refresh()
        return handler

    statuses = {status.value: _(label) for status, label in MEMBERSHIP_STATUS.items()}
    library_options = {info.id: info.name for info in await libraries.list_libraries()}
    parts = {part.value: _(label) for part, label in LANDSDEL.items()}
    with ui.row().classes('w-full gap-2 items-start flex-wrap'):
        ui.input(_('Search name, e-mail or library'), on_change=setter('search')) \
            .props('outlined dense clearable debounce=300 type=search').classes('grow min-w-[14rem]').mark('search')
        ui.select(statuses, label=_('Status'), clearable=True, on_change=setter('status')) \
            .props('outlined dense').classes('min-w-[11rem]').mark('filter-status')
        ui.select(library_options, label=_('Library'), clearable=True, with_input=True, on_change=setter('library')) \
            .props('outlined dense').classes('min-w-[14rem]').mark('filter-library')
        ui.select(parts, label=_('Part of the country'), clearable=True, on_change=setter('landsdel')) \
            .props('outlined dense').classes('min-w-[11rem]').mark('filter-landsdel')


def _counts_sentence(counts: dict[MembershipStatus, int]) -> str:
    parts = [text(counts[status]).format(n=counts[status]) for status, text in COUNTS.items() if counts.get(status)]
    return ', '.join(parts) if parts else _('No members yet.')


def _applications(pending: list[MemberRow]) -> None:
    with ui.card().classes(design.CARD).mark('applications'):
        ui.html(_('Applications to review'), tag='h2').classes('text-xl font-bold')
        for row in pending:
            with ui.row().classes('w-full items-center justify-between gap-2 flex-wrap'):
                with ui.column().classes('gap-0'):
                    ui.link(row.name, f'/medlemmer/{row.membership_id}').classes('font-bold')
                    ui.label(' · '.join(t for t in (row.email, row.library, row.job_title) if t)) \
                        .classes(design.MUTED)
                with ui.row().classes('gap-2'):
                    ui.button(_('Approve'), on_click=lambda row=row: _approve(row)) \
                        .props('color=primary').mark(f'approve-{row.membership_id}')
                    ui.button(_('Reject'), on_click=lambda row=row: _reject(row).open()) \
                        .props('outline color=negative').mark(f'reject-{row.membership_id}')


async def _approve(row: MemberRow) -> None:
    actor = await access.action_actor(Role.COORDINATOR)
    if actor is None:
        return
    try:
        placement = await membership.approve(membership_id=row.membership_id, by=actor, now=dt.datetime.now(dt.UTC))
    except DomainError as error:
        notify(error.message, type='negative')
        return
    seated = any(m.id == row.membership_id for m in placement.promoted)
    text = _('{name} got a seat.') if seated else _('{name} is on the waitlist: the network is full.')
    notify(text.format(name=row.name), type='positive')


def _reject(row: MemberRow) -> ui.dialog:
    async def reject(reason: str) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        await membership.reject(membership_id=row.membership_id, reason=reason, by=actor, now=dt.datetime.now(dt.UTC))
        notify(_('The application from {name} was rejected.').format(name=row.name), type='positive')

    title = _('Reject the application from {name}').format(name=row.name)
    return reason_dialog(title, _('The reason is kept in the log and sent to the applicant by e-mail.'), _('Reject'),
                         reject)


def _table(rows: list[MemberRow]) -> None:
    if not rows:
        ui.label(_('Nobody matches the search.')).classes(design.MUTED).mark('no-rows')
        return
    caption = _('Members')
    with ui.element('div').classes('w-full').props(f'role=region aria-label="{caption}"'):
        with ui.element('table').classes('w-full text-left border-collapse').mark('member-table'):
            with ui.element('thead'), ui.element('tr').classes('border-b-2 border-gray-300'):
                for text, extra in ((_('Name'), ''), (_('Library'), 'max-sm:hidden'),
                                    (_('Part of the country'), 'max-md:hidden'), (_('Status'), '')):
                    with ui.element('th').classes(f'p-2 {extra}').props('scope=col'):
                        ui.label(text)
            with ui.element('tbody'):
                for row in rows:
                    _table_row(row)


def _table_row(row: MemberRow) -> None:
    with ui.element('tr').classes('border-b border-gray-200 align-top').mark(f'row-{row.membership_id}'):
        with ui.element('td').classes('p-2'):
            ui.link(row.name, f'/medlemmer/{row.membership_id}').classes('font-bold')
            ui.label(row.email).classes(f'{design.MUTED} text-sm break-all')
        with ui.element('td').classes('p-2 max-sm:hidden'):
            ui.label(row.library or '–')
            if row.municipality:
                ui.label(row.municipality).classes(f'{design.MUTED} text-sm')
        with ui.element('td').classes('p-2 max-md:hidden'):
            ui.label(_(LANDSDEL[row.landsdel]) if row.landsdel else '–')
        with ui.element('td').classes('p-2'):
            ui.label(status_text(row))
            if row.streak is not None and row.streak.count:
                ui.label(streak_text(row)).classes('text-sm').classes(
                    f'text-[{design.WARNING}] font-bold' if row.streak.at_risk else design.MUTED)


def status_text(row: MemberRow) -> str:
    label = _(MEMBERSHIP_STATUS[row.status])
    if row.position is not None:
        return _('{status}, no. {position}').format(status=label, position=row.position)
    return label


def streak_text(row: MemberRow) -> str:
    assert row.streak is not None
    text = ngettext('{n} absence in a row', '{n} absences in a row', row.streak.count).format(n=row.streak.count)
    if row.streak.agreement:
        return text + ' · ' + _('agreement')
    if row.streak.at_risk:
        return text + ' · ' + _('at risk')
    return text
