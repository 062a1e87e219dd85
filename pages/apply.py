"""The public application form (/ansoeg) and the receipt shown after sending it.

Public on purpose: there is no login to guard it with. The service is the guard instead: a honeypot, a rate limit
per network address, and the checks of every field. Nothing is saved unless the whole application is.
"""
from __future__ import annotations

import datetime as dt
from html import escape

from nicegui import context, ui
from nicegui.elements.mixins.validation_element import ValidationElement

from flnet_ui import access, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import PAGE_TIMEOUT, frame
from flnet_ui.i18n import _
from flnet_ui.services import applications, libraries, networks, public
from flnet_ui.services.errors import DomainError

NOT_LISTED = 0  # the library option "not in the list" (library ids start at 1)


def create() -> None:
    # Many open this at once (a meeting room full of phones, an invitation just sent): under load a page may take
    # longer than NiceGUI's default 3 s to build, which it would answer with a 500.
    @ui.page('/ansoeg', response_timeout=PAGE_TIMEOUT)
    async def apply_page() -> None:
        network = await networks.default_network()
        user = await access.current_user()
        with frame(_('Apply for membership'), user=user, network_name=network.short_name or network.name):
            body = ui.column().classes('w-full max-w-2xl gap-4')
            with body:
                ApplicationFormView(network.id, network.name, body)


class ApplicationFormView:
    """The form; after a successful submit it is replaced by the receipt in the same place."""

    def __init__(self, network_id: int, network_name: str, body: ui.column) -> None:
        self.network_id, self.body = network_id, body
        ui.label(_('Here you apply for a seat in {network}. The network coordinator reviews every application; you '
                   'get an answer by e-mail.').format(network=network_name)).mark('apply-intro')
        ui.label(_('Fields marked * must be filled in.')).classes(design.MUTED)
        with ui.card().classes(design.CARD):
            self.name = ui.input(_('Name') + ' *').props('outlined autocomplete=name maxlength=200') \
                .classes('w-full').mark('apply-name')
            self.email = ui.input(_('E-mail address') + ' *') \
                .props('outlined type=email autocomplete=email maxlength=254').classes('w-full').mark('apply-email')
            self.municipality = ui.select(libraries.municipality_names(), label=_('Municipality') + ' *',
                                          with_input=True, on_change=self._municipality_chosen) \
                .props('outlined').classes('w-full').mark('apply-municipality')
            self.library = ui.select({}, label=_('Library') + ' *', on_change=self._library_chosen) \
                .props('outlined disable').classes('w-full').mark('apply-library')
            self.library.props['hint'] = _('Choose the municipality first; then its libraries are listed here.')
            self.new_library = ui.input(_("Your library's name") + ' *') \
                .props('outlined maxlength=200').classes('w-full').mark('apply-new-library')
            self.new_library.set_visibility(False)
            self.job_title = ui.input(_('Job title')) \
                .props('outlined autocomplete=organization-title maxlength=200').classes('w-full') \
                .mark('apply-job-title')
            self.motivation = ui.textarea(_('Why do you want to join? (short)')) \
                .props(f'outlined counter maxlength={applications.MAX_MOTIVATION}').classes('w-full') \
                .mark('apply-motivation')
            self.honeypot = _honeypot()
            self.consent = ui.checkbox(_('I agree that the network handles my personal data as described in the '
                                         'privacy statement.'), on_change=self._consent_changed).mark('apply-consent')
            self.consent_error = ui.label().classes(f'text-[{design.NEGATIVE}]').props('role=alert') \
                .mark('apply-consent-error')
            self.consent_error.set_visibility(False)
            ui.link(_('Read how the network handles personal data'), '/privatliv', new_tab=True) \
                .mark('apply-privacy-link')
            self.form_error = ui.label().classes(f'text-[{design.NEGATIVE}]').props('role=alert') \
                .mark('apply-error')
            self.form_error.set_visibility(False)
            ui.button(_('Send application'), on_click=self.submit).props('color=primary no-caps') \
                .mark('apply-submit')
        self.fields: dict[str, ValidationElement] = {
            'name': self.name, 'email': self.email, 'municipality': self.municipality, 'library': self.library,
            'new_library': self.new_library, 'job_title': self.job_title, 'motivation': self.motivation}

    async def _municipality_chosen(self) -> None:
        found = await public.libraries_in(self.municipality.value or '')
        options: dict[int, str] = {library_id: name for library_id, name in found}
        options[NOT_LISTED] = _('My library is not in the list')
        self.library.set_options(options, value=None if found else NOT_LISTED)
        self.library.props(remove='disable')
        self._library_chosen()

    def _library_chosen(self) -> None:
        self.new_library.set_visibility(self.library.value == NOT_LISTED)
        self.library.props.pop('hint', None)

    def _consent_changed(self) -> None:
        if self.consent.value:
            self.consent_error.set_visibility(False)

    async def submit(self) -> None:
        # NOTE: the address the request came from. Behind a reverse proxy it is the proxy's unless uvicorn is told
        # to trust the forwarded headers (--proxy-headers / --forwarded-allow-ips); otherwise every applicant would
        # share one rate limit.
        request = context.client.request
        address = request.client.host if request is not None and request.client is not None else 'unknown'
        library_id = self.library.value if self.library.value not in (None, NOT_LISTED) else None
        form = applications.ApplicationForm(
            name=self.name.value or '', email=self.email.value or '', municipality=self.municipality.value or '',
            library_id=library_id, new_library=(self.new_library.value or '') if library_id is None else '',
            job_title=self.job_title.value or '', motivation=self.motivation.value or '',
            consented=bool(self.consent.value), honeypot=self.honeypot.value or '')
        self._clear_errors()
        try:
            receipt = await applications.submit(network_id=self.network_id, form=form, address=address,
                                                now=dt.datetime.now(dt.UTC))
        except DomainError as error:
            self._show(error)
            return
        self.body.clear()  # the form (and the button whose handler this is) is gone: work inside the body from here
        with self.body:
            receipt_view(receipt)
            ui.run_javascript('window.scrollTo(0, 0); document.querySelector("[data-receipt]")?.focus()')

    def _clear_errors(self) -> None:
        for element in self.fields.values():
            element.error = None
        self.consent_error.set_visibility(False)
        self.form_error.set_visibility(False)

    def _show(self, error: DomainError) -> None:
        errors = error.errors if isinstance(error, applications.FormErrors) else {error.field or '': error.message}
        first = next(iter(errors))  # keyboard and screen-reader users land on the first problem
        if first == 'consent':  # Quasar's checkbox has no focus method; its root element takes the focus
            ui.run_javascript(f'document.getElementById("c{self.consent.id}")?.focus()')
        elif first in self.fields:
            self.fields[first].run_method('focus')
        for field, message in errors.items():
            if field == 'consent':
                self.consent_error.set_text(message)
                self.consent_error.set_visibility(True)
            elif field in self.fields:
                self.fields[field].error = message
            else:
                self.form_error.set_text(message)
                self.form_error.set_visibility(True)


def _honeypot() -> ui.input:
    """A field only a bot fills in: out of sight, out of the tab order and hidden from screen readers."""
    with ui.element('div').classes('flnet-hp').props('aria-hidden=true'):
        field = ui.input(_('Website')).props('name=website tabindex=-1 autocomplete=off').mark('apply-website')
    ui.add_css('.flnet-hp { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; '
               'overflow: hidden; }')
    return field


def receipt_view(receipt: applications.Receipt) -> None:
    """What happens next. Only the applicant's own address and the network's facts; nobody else's data."""
    with ui.card().classes(design.CARD).props('role=status data-receipt tabindex=-1').mark('receipt'):
        ui.html(escape(_('Thank you for your application')), tag='h2').classes('text-xl font-bold')
        ui.label(_('Your application to {network} was received on {date}.').format(
            network=receipt.network_name, date=i18n.long_date(receipt.received_on)))
        ui.label(_('We have sent a receipt by e-mail to {email}. If it does not arrive within a few minutes, look in '
                   'your spam folder.').format(email=receipt.email)).mark('receipt-email')
        ui.html(escape(_('What happens now')), tag='h3').classes('text-lg font-bold')
        with ui.element('ol').classes('list-decimal pl-6 flex flex-col gap-1'):
            for step in (
                    _('The network coordinator at {org} reviews your application.').format(org=receipt.coordinator_org),
                    _('The coordinator decides your place: a seat in the network if one is free, otherwise a place '
                      'on the waitlist in the order of application.'),
                    _('You get an e-mail when your application has been decided.')):
                with ui.element('li'):
                    ui.label(step)
        with ui.row().classes('items-center gap-1'):
            ui.label(_('You can follow your application on your own page:'))
            ui.link(_('Log in'), '/login').mark('receipt-login')
