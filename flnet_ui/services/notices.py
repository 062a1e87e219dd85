"""The e-mails flnet sends to applicants and members (issue 4 §4), one function per event.

Each function renders one message in Danish, whatever language the acting coordinator's browser shows, and puts it
in the outbox with `mail.queue` inside the caller's transaction, so a rolled-back change sends nothing. The service
that called it runs `mail.wake()` after its commit. Links are absolute, built on FLNET_PUBLIC_URL.
"""
from __future__ import annotations

import datetime as dt

from flnet_ui import config, i18n, mail
from flnet_ui.i18n import _
from models import Membership, Network, OutgoingMail, Person

MAIL_LANGUAGE = 'da'


def link(path: str) -> str:
    """An absolute address of a page of this app, for a message read outside it."""
    return config.load().public_url + path


async def send(*, to: str, subject: str, paragraphs: list[str], network: Network | None,
               now: dt.datetime) -> OutgoingMail:
    """Queue one plain-text message: a greeting-free body of paragraphs and the network's signature."""
    signature = _('Kind regards\n{network}\n{organisation}').format(
        network=network.name if network else 'FL-netværket',
        organisation=network.coordinator_org if network else 'Statsbiblioteket')
    body = '\n\n'.join([*paragraphs, signature]) + '\n'
    return await mail.queue(to=to, subject=subject, body=body, network_id=network.id if network else None, now=now)


async def application_received(membership: Membership, person: Person, network: Network, *,
                               now: dt.datetime) -> OutgoingMail:
    """The receipt for an application made on the public form."""
    with i18n.language(MAIL_LANGUAGE):
        return await send(
            to=person.email, network=network, now=now,
            subject=_('We have received your application to {network}').format(network=network.name),
            paragraphs=[
                _('Dear {name}').format(name=person.name),
                _('Thank you for your application to {network}, received {date}. The network coordinator reviews '
                  'applications and writes to you when yours has been decided.').format(
                    network=network.name, date=i18n.long_date(i18n.today(now))),
                _('You can follow your application on your own page: {url}').format(url=link('/min-side')),
            ])
