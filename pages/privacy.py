"""The privacy statement (/privatliv): who is responsible, what is stored and why, for how long, and your rights.
Public; the responsible organisation and the retention period are read from the network's record."""
from __future__ import annotations

from html import escape

from nicegui import ui

from flnet_ui import access
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.i18n import _, ngettext
from flnet_ui.services import networks, public

DATATILSYNET = 'https://www.datatilsynet.dk'
OWN_DATA = '/min-side/data.json'


def create() -> None:
    @ui.page('/privatliv')
    async def privacy_page() -> None:
        # Public: anyone may read how their data is handled, before applying and after leaving.
        network = await networks.default_network()
        rules = await public.rules(network.id)
        user = await access.current_user()
        org, name = rules.coordinator_org, rules.network_name
        with frame(_('Privacy'), user=user, network_name=network.short_name or network.name):
            with ui.column().classes('w-full max-w-3xl gap-4'):
                _section(_('Who is responsible'), [
                    _('{org} coordinates {network} and is the data controller for the personal data the network '
                      'keeps about applicants and members.').format(org=org, network=name)])
                _section(_('What we store'), [_('About each applicant and member we store:')], items=[
                    _('name and e-mail address'),
                    _('phone number, if you give us one'),
                    _('your library and job title'),
                    _('the motivation you wrote when you applied, and when you agreed to this statement'),
                    _('your status in the network (application, member, waitlist) and its changes'),
                    _('your attendance at the meetings and your answers to invitations (attending or apology)'),
                    _('a log of every change to your status: who made it, when and why'),
                    _('for a short time, the network address (IP address) of applications and logins, to stop '
                      'misuse'),
                ])
                _section(_('Why'), [
                    _('We use the data to run the network as its charter describes: to handle applications and the '
                      'waitlist, to invite you to meetings and follow attendance, to send minutes and news, and to '
                      "keep the network's history.")])
                _section(_('Legal basis'), [
                    _('When you apply, you agree to the handling of your data (consent, GDPR art. 6(1)(a)). Running '
                      'the network afterwards – the member list, attendance and the rule on missed meetings – rests '
                      'on the legitimate interest in administering the network (GDPR art. 6(1)(f)).')])
                months = rules.retention_months
                _section(_('How long'), [
                    _('We keep your data while you apply, are a member or are on the waitlist.'),
                    ngettext('When you have left the network, your personal data is anonymised {n} month after you '
                             'left. The network keeps counts and history, but without your name or contact details.',
                             'When you have left the network, your personal data is anonymised {n} months after you '
                             'left. The network keeps counts and history, but without your name or contact details.',
                             months).format(n=months)],
                         marker='retention')
                _rights(org)
                _section(_('Contact'), [
                    _('Questions about your data: contact the network coordinator at {org}, for example by answering '
                      'an e-mail from the network.').format(org=org)])


def _section(title: str, paragraphs: list[str], *, items: list[str] | None = None, marker: str = '') -> None:
    with ui.card().classes(design.CARD) as card:
        ui.html(escape(title), tag='h2').classes('text-xl font-bold')
        for text in paragraphs:
            ui.label(text)
        if items:
            with ui.element('ul').classes('list-disc pl-6 flex flex-col gap-1'):
                for item in items:
                    with ui.element('li'):
                        ui.label(item)
    if marker:
        card.mark(marker)


def _rights(org: str) -> None:
    with ui.card().classes(design.CARD).mark('rights'):
        ui.html(escape(_('Your rights')), tag='h2').classes('text-xl font-bold')
        with ui.element('ul').classes('list-disc pl-6 flex flex-col gap-2'):
            with ui.element('li'), ui.row().classes('items-center gap-1'):
                ui.label(_('Access: as a member you can download all the data we have about you on your own page.'))
                ui.link(_('Download my data'), OWN_DATA).mark('own-data-link')
            with ui.element('li'):
                ui.label(_('Rectification: you can ask the network coordinator to correct wrong data.'))
            with ui.element('li'):
                ui.label(_('Erasure: you can withdraw your consent, leave the network and ask {org} to anonymise your '
                           'data.').format(org=org))
            with ui.element('li'), ui.row().classes('items-center gap-1'):
                ui.label(_('Complaint: you can complain to the Danish Data Protection Agency (Datatilsynet).'))
                ui.link('datatilsynet.dk', DATATILSYNET, new_tab=True)
