"""Indstillinger: the network's rule parameters (DESIGN.md §3), validated at each field, audited, effective at once."""
from __future__ import annotations

import datetime as dt

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _, ngettext
from flnet_ui.labels import WAITLIST_MODE
from flnet_ui.services import networks, rules, seats
from flnet_ui.services.errors import DomainError
from flnet_ui.services.rules import RulesInvalid, RulesResult
from models import Network, Role, WaitlistMode
from pages.retention import retention_section

NUMBER_FIELDS = ('capacity', 'absence_limit', 'meetings_per_year', 'offer_days', 'offer_reminder_days',
                 'retention_months')


def create() -> None:
    @ui.page('/indstillinger')
    async def settings_page() -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        with frame(_('Settings'), user=user, network_name=network.short_name or network.name):
            await SettingsView(network).show()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SettingsView:
    def __init__(self, network: Network) -> None:
        self.network = network

    async def show(self) -> None:
        network = self.network
        with ui.card().classes(design.CARD):
            ui.html(_('Rules of the network'), tag='h2').classes('text-xl font-bold')
            self.fields: dict[str, ui.number | ui.select] = {}
            with ui.grid().classes('w-full grid-cols-1 sm:grid-cols-2 gap-x-6 gap-y-2'):
                self.number('capacity', network.capacity,
                            _('Lowering it never removes a member: nobody gets a seat from the waitlist until there '
                              'is room under the new number.'))
                self.number('absence_limit', network.absence_limit,
                            _('Meetings missed in a row before a member is deregistered automatically.'))
                self.number('meetings_per_year', network.meetings_per_year, _('Used to check the year plan.'))
                modes = {mode.value: _(WAITLIST_MODE[mode]) for mode in WaitlistMode}
                with ui.column().classes('w-full gap-0'):
                    self.fields['waitlist_mode'] = ui.select(modes, value=network.waitlist_mode.value,
                                                             label=rules.label('waitlist_mode')) \
                        .classes('w-full').mark('waitlist_mode')
                    ui.label(_('Automatic: a free seat goes to the first in line at once. Offer: the first in line '
                               'is offered the seat and answers before a deadline.')).classes(f'{design.MUTED} text-sm')
                self.number('offer_days', network.offer_days, _('Only used when seats are offered with a deadline.'))
                self.number('offer_reminder_days', network.offer_reminder_days,
                            _('0 means no reminder. Must be fewer than the days to answer.'))
                self.number('retention_months', network.retention_months,
                            _("After this many months a former member's personal data is listed for anonymisation "
                              '(GDPR).'))
            self.reason = ui.input(_('Reason for the change (optional, it is logged)')).classes('w-full') \
                .mark('rules-reason')
            ui.button(_('Save'), icon='save', on_click=self.save).props('no-caps').mark('rules-save')
            self.result = ui.label('').classes('whitespace-pre-line').props('role=status').mark('rules-result')
        await self.history()
        events.refresh_on(network.id, self.history.refresh, events.membership)
        await retention_section(network)

    def number(self, name: str, value: int, hint: str) -> None:
        # The hint is a label of its own: Quasar's hint slot has room for one line and long Danish hints overlap.
        with ui.column().classes('w-full gap-0'):
            self.fields[name] = ui.number(rules.label(name), value=value, min=rules.NUMBERS[name][0],
                                          max=rules.NUMBERS[name][1], step=1, precision=0).classes('w-full').mark(name)
            ui.label(hint).classes(f'{design.MUTED} text-sm')

    async def save(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        for element in self.fields.values():
            element.error = None
        values = {name: '' if element.value is None else element.value for name, element in self.fields.items()}
        try:
            result = await rules.update_rules(network_id=self.network.id, **values, reason=self.reason.value or '',
                                              by=actor, now=now())
        except RulesInvalid as error:
            for name, message in error.errors.items():
                self.fields[name].error = message
            self.result.set_text(_('Nothing was saved. Correct the fields marked in red.'))
            return
        except DomainError as error:
            notify(error.message, type='negative')
            return
        text = await summary(result, self.network.id)
        self.result.set_text(text)
        self.reason.value = ''
        notify(text.split('\n', 1)[0], type='positive' if result.changes else 'info')

    @ui.refreshable_method
    async def history(self) -> None:
        entries = await rules.history(network_id=self.network.id)
        with ui.card().classes(design.CARD):
            ui.html(_('Recent changes'), tag='h2').classes('text-xl font-bold')
            if not entries:
                ui.label(_('The rules have not been changed since the network was created.')) \
                    .classes(design.MUTED).mark('rules-history-empty')
                return
            with ui.element('ul').classes('flex flex-col gap-2 list-none p-0 m-0').mark('rules-history'):
                for entry in entries:
                    with ui.element('li'):
                        what = _('{label}: {before} → {after}').format(
                            label=rules.label(entry.field), before=rules.value_text(entry.field, entry.before),
                            after=rules.value_text(entry.field, entry.after))
                        ui.label(what).classes('font-bold')
                        who = entry.by or _('the rules')
                        ui.label(f'{i18n.date_time(entry.at)} · {who}').classes(f'{design.MUTED} text-sm')
                        if entry.reason:
                            ui.label(entry.reason).classes('text-sm break-words')


async def summary(result: RulesResult, network_id: int) -> str:
    """What happened, in a sentence or two per change ('Antal pladser ændret fra 40 til 42 — 2 fra ...')."""
    if not result.changes:
        return _('Nothing was changed: the values are the same as before.')
    lines = []
    for change in result.changes:
        lines.append(_('{label} changed from {before} to {after}.').format(
            label=rules.label(change.field), before=rules.value_text(change.field, change.before),
            after=rules.value_text(change.field, change.after)))
    if result.promoted_names:
        n = len(result.promoted_names)
        lines.append(ngettext('{n} from the waitlist got a seat: {names}.',
                              '{n} from the waitlist got seats: {names}.', n)
                     .format(n=n, names=', '.join(result.promoted_names)))
    if result.offered_names:
        n = len(result.offered_names)
        lines.append(ngettext('{n} from the waitlist was offered a seat: {names}.',
                              '{n} from the waitlist were offered a seat: {names}.', n)
                     .format(n=n, names=', '.join(result.offered_names)))
    lowered = result.changed('capacity')
    if lowered is not None and int(lowered.after) < int(lowered.before):
        overview = await seats.overview(network_id)
        over = max(0, overview.taken - overview.capacity)
        lines.append(ngettext(
            'No member is removed. {n} seat is taken above the new number; it is not refilled when it frees up.',
            'No member is removed. {n} seats are taken above the new number; they are not refilled when they free '
            'up.', over).format(n=over) if over else _('No member is removed.'))
    return '\n'.join(lines)
