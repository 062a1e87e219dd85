"""'Persondata til sletning' on the settings page, and the coordinator's anonymise button (GDPR, issue 4 §5).

Former members whose retention period has run out are listed, live; each can be anonymised after a confirmation that
names the person. Anonymising keeps the history and the counts (see flnet_ui.services.privacy).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _, ngettext
from flnet_ui.labels import MEMBERSHIP_STATUS
from flnet_ui.services import networks, privacy
from flnet_ui.services.errors import DomainError
from models import Network, Role


async def retention_section(network: Network) -> None:
    @ui.refreshable
    async def content() -> None:
        current = await networks.get_network(network.id)  # the period may just have changed on this page
        due = await privacy.retention_due(network_id=network.id, now=dt.datetime.now(dt.UTC))
        ui.label(ngettext("Former members' personal data is kept for {n} month after they left; then it is due for "
                          'anonymisation. Counts and history are kept.',
                          "Former members' personal data is kept for {n} months after they left; then it is due "
                          'for anonymisation. Counts and history are kept.', current.retention_months)
                 .format(n=current.retention_months)).classes(design.MUTED)
        if not due:
            ui.label(_('Nobody is due for anonymisation.')).mark('retention-empty')
            return
        ui.label(ngettext('{n} person is due:', '{n} people are due:', len(due)).format(n=len(due))) \
            .classes('font-bold').mark('retention-count')
        with ui.element('ul').classes('list-none p-0 m-0 flex flex-col gap-2 w-full').mark('retention-list'):
            for row in due:
                with ui.element('li').classes('flex flex-wrap items-center justify-between gap-2 w-full') \
                        .mark('retention-row'):
                    with ui.column().classes('gap-0'):
                        ui.label(row.name).classes('font-bold')
                        ui.label(_('{status} {date}').format(
                            status=_(MEMBERSHIP_STATUS[row.status]).capitalize(),
                            date=i18n.short_date(i18n.local(row.left_at).date()))).classes(f'{design.MUTED} text-sm')
                    dialog.button(row.person_id, row.name)

    dialog = AnonymiseDialog(on_done=content.refresh)
    with ui.card().classes(design.CARD).mark('retention'):
        ui.html(_('Personal data due for deletion'), tag='h2').classes('text-xl font-bold')
        await content()
    events.refresh_on(network.id, content.refresh, events.membership)


class AnonymiseDialog:
    """One confirmation dialog per page, asked about a person at a time: it lives outside the refreshed lists, so
    redrawing them (the anonymisation itself triggers that) never deletes the dialog while its handler runs."""

    def __init__(self, *, on_done: Callable[[], object] | None = None) -> None:
        self.person_id, self.name, self.on_done = 0, '', on_done
        with ui.dialog() as self.dialog, ui.card().classes('w-full max-w-md').mark('anonymise-dialog'):
            self.title = ui.label('').classes('text-xl font-bold').props('role=heading aria-level=2')
            self.dialog.props['aria-labelledby'] = self.title.html_id
            self.text = ui.label('').classes('whitespace-pre-line')  # user text (a name): a label, never HTML
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=self.dialog.close).props('flat color=primary').mark('anonymise-cancel')
                ui.button(_('Anonymise'), on_click=self.confirm).props('color=negative').mark('anonymise-confirm')

    def ask(self, person_id: int, name: str) -> None:
        self.person_id, self.name = person_id, name
        self.title.set_text(_('Anonymise {name}?').format(name=name))
        self.text.set_text(_('Name, e-mail, phone, job title, motivation, notes and logins of {name} are removed for '
                             'good. The memberships, attendance and history stay, as "Anonymised member". This '
                             'cannot be undone.').format(name=name))
        self.dialog.open()

    async def confirm(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        try:
            await privacy.anonymise(person_id=self.person_id, by=actor, now=dt.datetime.now(dt.UTC))
        except DomainError as error:
            notify(error.message, type='negative')
            return
        self.dialog.close()
        notify(_('{name} is anonymised.').format(name=self.name), type='positive')
        if self.on_done is not None:
            self.on_done()

    def button(self, person_id: int, name: str) -> ui.button:
        button = ui.button(_('Anonymise'), icon='person_off', on_click=lambda: self.ask(person_id, name)) \
            .props('outline color=negative').mark('anonymise', f'anonymise-{person_id}')
        button.props['aria-label'] = _('Anonymise {name}').format(name=name)  # user text: a prop value, not parsed
        return button
