"""Udbakke: every e-mail the app has queued, newest first, with how its delivery went (issue 4 §4).

Without an SMTP server nothing is sent and the page says so: the messages wait here, readable. A message that failed
for good can be sent again. Live: redrawn whenever mail is queued, sent or fails (events.mail).
"""
from __future__ import annotations

import datetime as dt

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.i18n import N_, _, ngettext
from flnet_ui.services import networks, outbox
from flnet_ui.services.errors import DomainError
from models import MailStatus, OutgoingMail, Role

MAIL_STATUS = {MailStatus.QUEUED: N_('in the queue'), MailStatus.SENT: N_('sent'), MailStatus.FAILED: N_('failed')}
STATUS_COLOUR = {MailStatus.QUEUED: design.WARNING, MailStatus.SENT: design.POSITIVE,
                 MailStatus.FAILED: design.NEGATIVE}
ALL = 'all'


def create() -> None:
    @ui.page('/udbakke')
    async def outbox_page() -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        with frame(_('Outbox'), user=user, network_name=network.short_name or network.name):
            await OutboxView().show()


class OutboxView:
    def __init__(self) -> None:
        self.status: str = ALL

    async def show(self) -> None:
        if not outbox.smtp_configured():
            ui.label(_('E-mail is not being sent: no SMTP server has been set up. The messages are kept here.')) \
                .classes('font-bold').style(f'color: {design.WARNING}').props('role=status').mark('no-smtp')
        options = {ALL: _('All'), **{status.value: _(label) for status, label in MAIL_STATUS.items()}}
        ui.select(options, value=ALL, label=_('Show'), on_change=self.filter) \
            .props('outlined').classes('w-64').mark('status-filter')
        await self.content()

        async def changed(_network_id: int | None) -> None:  # the outbox holds every network's mail
            await self.content.refresh()
        events.mail.subscribe(changed)

    async def filter(self, event) -> None:  # type: ignore[no-untyped-def]
        self.status = event.value or ALL
        await self.content.refresh()

    @ui.refreshable_method
    async def content(self) -> None:
        counts = await outbox.counts()
        ui.label(' · '.join(_(MAIL_STATUS[status]) + ': ' + i18n.number(counts[status]) for status in MailStatus)) \
            .mark('counts')
        wanted = None if self.status == ALL else MailStatus(self.status)
        rows = await outbox.messages(status=wanted)
        if not rows:
            ui.label(_('There are no messages.')).classes(design.MUTED).mark('no-messages')
            return
        shown = counts[wanted] if wanted else sum(counts.values())
        if shown > len(rows):
            ui.label(_('The newest {n} of {total} are shown.').format(n=len(rows), total=shown)) \
                .classes(design.MUTED)
        with ui.element('ul').classes('w-full flex flex-col gap-2 list-none p-0').mark('messages'):
            for row in rows:
                self.message(row)

    def message(self, row: OutgoingMail) -> None:
        status = MailStatus(row.status)
        with ui.element('li').classes('w-full'), ui.card().classes('w-full').props('flat bordered') \
                .mark(f'message-{row.id}'):
            with ui.row().classes('w-full items-baseline justify-between gap-2'):
                ui.label(row.subject).classes('font-bold').props('role=heading aria-level=2')
                ui.label(_(MAIL_STATUS[status])).classes('font-bold') \
                    .style(f'color: {STATUS_COLOUR[status]}').mark(f'status-{row.id}')
            ui.label(_('To: {address}').format(address=row.to_address)).mark(f'to-{row.id}')
            details = [_('Created {when}').format(when=i18n.date_time(row.created_at)),
                       ngettext('{n} attempt', '{n} attempts', row.attempts).format(n=row.attempts)]
            if row.sent_at:
                details.append(_('sent {when}').format(when=i18n.date_time(row.sent_at)))
            ui.label(' · '.join(details)).classes(f'{design.MUTED} text-sm')
            if row.last_error:
                ui.label(_('Last error: {error}').format(error=row.last_error)) \
                    .classes('text-sm break-all').style(f'color: {design.NEGATIVE}').mark(f'error-{row.id}')
            with ui.expansion(_('Read the message')).classes('w-full').mark(f'open-{row.id}'):
                ui.label(row.body_text).classes('whitespace-pre-wrap break-words').mark(f'body-{row.id}')
                if row.attachment_name:
                    ui.label(_('Attachment: {name}').format(name=row.attachment_name)).classes(design.MUTED)
            if status == MailStatus.FAILED:
                ui.button(_('Send again'), icon='send', on_click=lambda r=row: self.send_again(r)) \
                    .props('outline no-caps color=primary').mark(f'send-again-{row.id}')

    async def send_again(self, row: OutgoingMail) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        try:
            await outbox.send_again(mail_id=row.id, by=actor, now=dt.datetime.now(dt.UTC))
        except DomainError as error:
            notify(error.message, type='negative')
            await self.content.refresh()
            return
        notify(_('The message to {address} is in the queue again.').format(address=row.to_address),
                  type='positive')
        await self.content.refresh()
