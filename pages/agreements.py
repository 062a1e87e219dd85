"""Aftaler: standing agreements with the coordinator (DESIGN.md §1.2), in force and ended; grant a new one, end one."""
from __future__ import annotations

import datetime as dt

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.components.redraw import DrawnFrom
from flnet_ui.i18n import _, ngettext
from flnet_ui.services import agreements, listings, networks
from flnet_ui.services.errors import DomainError
from flnet_ui.services.listings import AgreementRow
from models import Role
from pages.waitlist import dialog_heading

DATE_FORMAT = '%d-%m-%Y'   # what the date field shows and accepts
DATE_MASK = 'DD-MM-YYYY'   # the same for Quasar's date picker


def create() -> None:
    @ui.page('/aftaler')
    async def agreements_page() -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        with frame(_('Agreements'), user=user, network_name=network.short_name or network.name):
            await AgreementsView(network.id).show()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AgreementsView:
    def __init__(self, network_id: int) -> None:
        self.network_id = network_id
        # Every membership and attendance change is reported here; the list is drawn again only when it changed
        # (components/redraw.py), so a click on "Afslut aftale" is not lost to someone else's application.
        self.drawn = DrawnFrom(lambda: listings.agreements(self.network_id, now=now()), self.content.refresh)

    async def show(self) -> None:
        ui.label(_('While an agreement is in force, a member is not deregistered automatically for missing meetings. '
                   'The absences in a row are still counted and shown.')).classes(design.MUTED)
        ui.button(_('New agreement'), icon='add', on_click=self.new_dialog).props('no-caps').mark('new-agreement')
        self.dialogs = ui.element('div')  # outside the refreshable, so a live redraw never closes an open dialog
        self.content(await self.drawn.first())
        events.refresh_on(self.network_id, self.drawn.redraw, events.membership, events.attendance)

    @ui.refreshable_method
    def content(self, rows: list[AgreementRow]) -> None:
        current = [row for row in rows if row.in_force]
        ended = [row for row in rows if not row.in_force]
        ui.html(_('In force'), tag='h2').classes('text-xl font-bold')
        if not current:
            ui.label(_('No agreement is in force.')).classes(design.MUTED).mark('agreements-empty')
        self.agreement_list(current, 'agreements-current')
        ui.html(_('Ended'), tag='h2').classes('text-xl font-bold')
        if not ended:
            ui.label(_('No agreement has ended yet.')).classes(design.MUTED)
        self.agreement_list(ended, 'agreements-ended')

    def agreement_list(self, rows: list[AgreementRow], marker: str) -> None:
        if not rows:
            return
        with ui.element('ul').classes('w-full flex flex-col gap-2 list-none p-0 m-0').mark(marker):
            for row in rows:
                with ui.element('li').classes('w-full'), ui.card().classes('w-full').props('flat bordered'), \
                        ui.row().classes('w-full items-start gap-3'):
                    with ui.column().classes('gap-1 grow min-w-0'):
                        ui.label(row.name).classes('font-bold').mark(f'agreement-{row.agreement_id}')
                        ui.label(row.note).classes('whitespace-pre-line break-words')
                        ui.label(period_text(row)).classes(f'{design.MUTED} text-sm')
                        ui.label(streak_text(row)).classes('text-sm').mark(f'agreement-streak-{row.agreement_id}')
                    if row.in_force:
                        ui.button(_('End agreement'), on_click=lambda r=row: self.end_dialog(r)) \
                            .props('flat no-caps color=negative').mark(f'end-{row.agreement_id}')

    async def new_dialog(self) -> None:
        members = await listings.active_members(self.network_id)
        self.dialogs.clear()
        with self.dialogs, ui.dialog() as dialog, ui.card().classes('w-full max-w-md').mark('agreement-dialog'):
            dialog_heading(dialog, _('New agreement'))
            member = ui.select(members, label=_('Member'), with_input=True) \
                .props('use-input input-debounce=0 clearable').classes('w-full').mark('agreement-member')
            note = ui.textarea(_('What was agreed (required)')).classes('w-full').mark('agreement-note')
            until = date_input(_('In force until (optional, DD-MM-YYYY)')).mark('agreement-until')

            async def save() -> None:
                actor = await access.action_actor(Role.COORDINATOR)
                if actor is None:
                    return
                member.error = note.error = until.error = None
                if member.value is None:
                    member.error = _('Choose a member.')
                    return
                try:
                    end = parse_date(until.value)
                except ValueError:
                    until.error = _('Write the date as DD-MM-YYYY, e.g. 31-12-2026.')
                    return
                try:
                    await agreements.grant_agreement(membership_id=member.value, note=note.value or '', until=end,
                                                     by=actor, now=now())
                except DomainError as error:
                    fields = {'note': note, 'until': until}
                    if error.field in fields:
                        fields[error.field].error = error.message
                    else:
                        notify(error.message, type='negative')
                    return
                dialog.close()
                notify(_('Agreement with {name} saved.').format(name=members[member.value]), type='positive')

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=dialog.close).props('flat no-caps')
                ui.button(_('Save agreement'), on_click=save).props('no-caps').mark('agreement-save')
        dialog.open()

    def end_dialog(self, row: AgreementRow) -> None:
        self.dialogs.clear()
        with self.dialogs, ui.dialog() as dialog, ui.card().classes('w-full max-w-md').mark('end-dialog'):
            dialog_heading(dialog, _('End the agreement with {name}?').format(name=row.name))
            ui.label(_('From now on, missing meetings can lead to automatic deregistration again.')) \
                .classes(design.MUTED)

            async def end() -> None:
                actor = await access.action_actor(Role.COORDINATOR)
                if actor is None:
                    return
                try:
                    await agreements.end_agreement(agreement_id=row.agreement_id, by=actor, now=now())
                except DomainError as error:
                    notify(error.message, type='negative')
                    dialog.close()
                    await self.drawn.redraw()
                    return
                dialog.close()
                notify(_('The agreement with {name} has ended.').format(name=row.name), type='positive')

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=dialog.close).props('flat no-caps')
                ui.button(_('End agreement'), on_click=end).props('no-caps color=negative').mark('end-confirm')
        dialog.open()


def date_input(label: str) -> ui.input:
    """A text field for a date, with a Danish calendar that folds out below it (Quasar's texts are Danish through
    ui.run(language='da')). Inline rather than a floating menu: a menu over a dialog confuses axe's contrast check
    and, as role=menu, would hold no menu items."""
    # Quasar fades the days that cannot be chosen to 0.6 opacity (3:1); grey at full opacity still reads as "not
    # available" and keeps AA contrast (4.8:1).
    ui.add_css('.q-date__calendar-item--out { opacity: 1 !important; color: #6b7280; }')
    field = ui.input(label).classes('w-full')
    calendar = ui.date(mask=DATE_MASK).bind_value(field).props('first-day-of-week=1 minimal').classes('self-center')
    first = i18n.today(now()).strftime('%Y/%m/%d')  # Quasar compares days as YYYY/MM/DD; the service checks too
    calendar.props(f':options="day => day >= \'{first}\'"')
    calendar.set_visibility(False)
    calendar.on_value_change(lambda: calendar.set_visibility(False))
    with field.add_slot('append'):
        name = _('Choose a date')
        ui.button(icon='event', on_click=lambda: calendar.set_visibility(not calendar.visible)) \
            .props(f'flat round dense aria-label="{name}"').mark('date-picker')
    return field


def parse_date(text: str | None) -> dt.date | None:
    text = (text or '').strip()
    return dt.datetime.strptime(text, DATE_FORMAT).date() if text else None


def period_text(row: AgreementRow) -> str:
    since = i18n.short_date(row.valid_from)
    if row.ended_at is not None:
        ended = i18n.short_date(i18n.today(row.ended_at))
        return _('From {since}, ended {ended}').format(since=since, ended=ended)
    if row.valid_until is None:
        return _('From {since}, until further notice').format(since=since)
    until = i18n.short_date(row.valid_until)
    if row.in_force:
        return _('From {since} until {until}').format(since=since, until=until)
    return _('From {since}, ran out {until}').format(since=since, until=until)


def streak_text(row: AgreementRow) -> str:
    if row.streak is None:
        return _('Not an active member now')
    count, limit = row.streak.count, row.streak.limit
    return ngettext('{n} absence in a row (limit {limit})', '{n} absences in a row (limit {limit})', count) \
        .format(n=count, limit=limit)
