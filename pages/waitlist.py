"""Venteliste: the waitlist in order, moving (with a reason) and withdrawing; in offer mode the open offers."""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.components.redraw import DrawnFrom
from flnet_ui.i18n import _, ngettext
from flnet_ui.labels import LANDSDEL
from flnet_ui.services import listings, mail_jobs, membership, networks, offers
from flnet_ui.services.audit import Actor
from flnet_ui.services.errors import DomainError
from flnet_ui.services.listings import OfferRow, WaitingRow
from flnet_ui.services.seats import Placement
from models import Role, WaitlistMode


def create() -> None:
    @ui.page('/venteliste')
    async def waitlist_page() -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        with frame(_('Waitlist'), user=user, network_name=network.short_name or network.name):
            await WaitlistView(network.id).show()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class _Shown:
    offers: list[OfferRow] | None   # None: the network does not offer seats (automatic mode)
    rows: list[WaitingRow]


class WaitlistView:
    """The page's content. It follows every membership change (events.membership), but draws itself again only when
    the waitlist or the offers it shows have changed (components/redraw.py): an application that changes nothing
    here must not take the button the coordinator is clicking."""

    def __init__(self, network_id: int) -> None:
        self.network_id = network_id
        self.drawn = DrawnFrom(self.read, self.content.refresh)

    async def show(self) -> None:
        self.dialogs = ui.element('div')  # outside the refreshable, so a live redraw never closes an open dialog
        self.content(await self.drawn.first())
        events.refresh_on(self.network_id, self.drawn.redraw, events.membership)

    async def read(self) -> _Shown:
        network = await networks.get_network(self.network_id)
        offered = await listings.offers(self.network_id, now=now()) \
            if network.waitlist_mode == WaitlistMode.OFFER else None
        return _Shown(offered, await listings.waitlist(self.network_id, now=now()))

    @ui.refreshable_method
    def content(self, shown: _Shown) -> None:
        rows = shown.rows
        if shown.offers is not None:
            self.offer_section(shown.offers)
        ui.html(_('In line'), tag='h2').classes('text-xl font-bold')
        if not rows:
            ui.label(_('Nobody is on the waitlist. When the network is full, new applications are put here in the '
                       'order they arrive.')).classes(design.MUTED).mark('waitlist-empty')
            return
        ui.label(ngettext('{n} person is waiting, in order of application.',
                          '{n} people are waiting, in order of application.', len(rows)).format(n=len(rows))) \
            .classes(design.MUTED).mark('waitlist-count')
        with ui.element('ol').classes('w-full flex flex-col gap-2 list-none p-0 m-0').mark('waitlist'):
            for row in rows:
                self.waiting_row(row, len(rows))

    def waiting_row(self, row: WaitingRow, total: int) -> None:
        # Wraps on a phone: the actions go below the person instead of squeezing the name.
        with ui.element('li').classes('w-full'), ui.card().classes('w-full').props('flat bordered'), \
                ui.row().classes('w-full items-center gap-x-3 gap-y-1 flex-wrap'):
            ui.label(_('No. {n}').format(n=row.position)).classes('text-lg font-bold w-14 shrink-0')
            with ui.column().classes('gap-0 grow basis-56 min-w-0'):
                ui.label(row.name).classes('font-bold').mark(f'waiting-{row.membership_id}')
                place = [row.library or _('no library'), _(LANDSDEL[row.landsdel]) if row.landsdel else '']
                ui.label(' · '.join(part for part in place if part)).classes(design.MUTED)
                waited = ngettext('waited {n} day', 'waited {n} days', row.days_waited).format(n=row.days_waited)
                applied = _('Applied {date}').format(date=i18n.short_date(i18n.local(row.applied_at).date()))
                ui.label(f'{applied} · {waited}').classes(f'{design.MUTED} text-sm')
            with ui.row().classes('gap-1 justify-end ml-auto'):
                ui.button(_('Move'), icon='swap_vert', on_click=lambda r=row: self.move_dialog(r, total)) \
                    .props('flat no-caps').mark(f'move-{row.membership_id}')
                ui.button(_('Remove from waitlist'), icon='person_remove',
                          on_click=lambda r=row: self.withdraw_dialog(r)) \
                    .props('flat no-caps color=negative').mark(f'withdraw-{row.membership_id}')

    def move_dialog(self, row: WaitingRow, total: int) -> None:
        self.dialogs.clear()
        with self.dialogs, ui.dialog() as dialog, ui.card().classes('w-full max-w-md').mark('move-dialog'):
            dialog_heading(dialog, _('Move {name}').format(name=row.name))
            ui.label(_('Now no. {n} of {total}.').format(n=row.position, total=total)).classes(design.MUTED)
            position = ui.number(_('New position (1–{n})').format(n=total), value=row.position, min=1, max=total,
                                 step=1, precision=0).classes('w-full').mark('move-position')
            reason = ui.textarea(_('Reason (required, it is logged)')).classes('w-full').mark('move-reason')

            async def move() -> None:
                actor = await access.action_actor(Role.COORDINATOR)
                if actor is None:
                    return
                position.error = reason.error = None
                try:
                    await membership.move_in_waitlist(membership_id=row.membership_id,
                                                      position=int(position.value or 0), reason=reason.value or '',
                                                      by=actor, now=now())
                except DomainError as error:
                    show_error(error, {'position': position, 'reason': reason})
                    return
                dialog.close()
                notify(_('{name} moved.').format(name=row.name), type='positive')

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=dialog.close).props('flat no-caps').mark('move-cancel')
                ui.button(_('Move'), on_click=move).props('no-caps').mark('move-save')
        dialog.open()

    def withdraw_dialog(self, row: WaitingRow) -> None:
        self.dialogs.clear()
        with self.dialogs, ui.dialog() as dialog, ui.card().classes('w-full max-w-md').mark('withdraw-dialog'):
            dialog_heading(dialog, _('Remove {name} from the waitlist?').format(name=row.name))
            ui.label(_('The person leaves the waitlist and keeps no place in line. It is logged.')) \
                .classes(design.MUTED)
            reason = ui.textarea(_('Reason (optional)')).classes('w-full').mark('withdraw-reason')

            async def withdraw() -> None:
                actor = await access.action_actor(Role.COORDINATOR)
                if actor is None:
                    return
                try:
                    await membership.withdraw(membership_id=row.membership_id, reason=reason.value or '', by=actor,
                                              now=now())
                except DomainError as error:
                    show_error(error, {'reason': reason})
                    return
                dialog.close()
                notify(_('{name} has left the waitlist.').format(name=row.name), type='positive')

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=dialog.close).props('flat no-caps')
                ui.button(_('Remove from waitlist'), on_click=withdraw).props('no-caps color=negative') \
                    .mark('withdraw-confirm')
        dialog.open()

    def offer_section(self, rows: list[OfferRow]) -> None:
        ui.html(_('Offered seats'), tag='h2').classes('text-xl font-bold')
        ui.label(_('In this mode a free seat is offered to the first in line, who answers before the deadline.')) \
            .classes(design.MUTED)
        if not rows:
            ui.label(_('No seat is offered right now.')).classes(design.MUTED).mark('offers-empty')
            return
        with ui.element('ul').classes('w-full flex flex-col gap-2 list-none p-0 m-0').mark('offers'):
            for row in rows:
                self.offer_row(row)
        if any(row.overdue for row in rows):
            ui.button(_('Pass on expired offers now'), icon='update', on_click=self.expire) \
                .props('no-caps outline').mark('expire-offers')

    def offer_row(self, row: OfferRow) -> None:
        with ui.element('li').classes('w-full'), ui.card().classes('w-full').props('flat bordered'):
            ui.label(row.name).classes('font-bold').mark(f'offer-{row.membership_id}')
            if row.library:
                ui.label(row.library).classes(design.MUTED)
            ui.label(deadline_text(row)).mark(f'offer-deadline-{row.membership_id}')
            ui.label(reminder_text(row)).classes(f'{design.MUTED} text-sm')
            with ui.row().classes('gap-1 flex-wrap'):
                on_behalf = _('Accept on their behalf')
                self.action(on_behalf, 'offer-accept', row, self.accept, disabled=row.overdue)
                self.action(_('Declined, stays on the waitlist'), 'offer-decline-keep', row, self.decline_keep)
                self.action(_('Declined, leaves the waitlist'), 'offer-decline-leave', row, self.decline_leave)
                if row.reminder_due:
                    self.action(_('Send reminder'), 'offer-remind', row, self.remind)

    def action(self, text: str, marker: str, row: OfferRow, handler: Callable[[OfferRow], Awaitable[None]], *,
               disabled: bool = False) -> None:
        async def run() -> None:
            await handler(row)
        button = ui.button(text, on_click=run).props('flat no-caps dense').mark(f'{marker}-{row.membership_id}')
        if disabled:
            button.disable()

    async def accept(self, row: OfferRow) -> None:
        if await self.attempt(lambda actor: offers.accept_offer(membership_id=row.membership_id, by=actor, now=now())):
            notify(_('{name} now has a seat.').format(name=row.name), type='positive')

    async def decline_keep(self, row: OfferRow) -> None:
        if await self.attempt(lambda actor: offers.decline_offer(membership_id=row.membership_id, keep_place=True,
                                                                 by=actor, now=now())):
            notify(_('{name} declined and is now last on the waitlist.').format(name=row.name), type='positive')

    async def decline_leave(self, row: OfferRow) -> None:
        if await self.attempt(lambda actor: offers.decline_offer(membership_id=row.membership_id, keep_place=False,
                                                                 by=actor, now=now())):
            notify(_('{name} declined and has left the waitlist.').format(name=row.name), type='positive')

    async def remind(self, row: OfferRow) -> None:
        if await self.attempt(lambda actor: mail_jobs.send_offer_reminder(membership_id=row.membership_id, by=actor,
                                                                         now=now())):
            notify(_('A reminder is on its way to {name} by e-mail.').format(name=row.name), type='positive')
            await self.drawn.redraw()  # a reminder changes no seat, so no event comes

    async def expire(self) -> None:
        result: list[Placement] = []

        async def run(_actor: object) -> None:
            result.append(await offers.expire_offers(network_id=self.network_id, now=now()))
        if await self.attempt(run):
            placement = result[0]
            passed = len(placement.offered) + len(placement.promoted)
            notify(ngettext('Expired offers passed on: {n} seat went to the next in line.',
                               'Expired offers passed on: {n} seats went to the next in line.', passed)
                      .format(n=passed), type='positive')

    async def attempt(self, change: Callable[[Actor], Awaitable[object]]) -> bool:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return False
        try:
            await change(actor)
        except DomainError as error:
            notify(error.message, type='negative')
            await self.drawn.redraw()
            return False
        return True


def deadline_text(row: OfferRow) -> str:
    if row.expires_at is None:
        return _('No deadline')
    deadline = i18n.date_time(row.expires_at)
    if row.overdue:
        return _('The deadline {deadline} has passed.').format(deadline=deadline)
    left = row.days_left or 0
    days = ngettext('{n} day left', '{n} days left', left).format(n=left) if left else _('last day')
    return _('Answer by {deadline} ({days})').format(deadline=deadline, days=days)


def reminder_text(row: OfferRow) -> str:
    if row.reminded_at is not None:
        return _('Reminded {moment}').format(moment=i18n.date_time(row.reminded_at))
    if row.reminder_due:
        return _('A reminder is due.')
    if row.remind_from is not None and not row.overdue:
        return _('Reminder due from {moment}').format(moment=i18n.date_time(row.remind_from))
    return _('No reminder')



def dialog_heading(dialog: ui.dialog, text: str) -> ui.label:
    """The dialog's heading, which also names the dialog for screen readers (no user text goes into a prop)."""
    heading = ui.label(text).classes('text-xl font-bold').props('role=heading aria-level=2')
    dialog.props['aria-labelledby'] = heading.html_id
    return heading


def show_error(error: DomainError, fields: dict[str, ui.number | ui.textarea | ui.input]) -> None:
    """At its field when the error names one on this form; otherwise as a message."""
    if error.field in fields:
        fields[error.field].error = error.message
    else:
        notify(error.message, type='negative')
