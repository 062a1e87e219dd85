"""The network record: the default one, reading it, and creating the first one on a new installation."""
from __future__ import annotations

import datetime as dt

from tortoise.transactions import in_transaction

from flnet_ui.i18n import _
from models import Network

from .audit import SYSTEM, log
from .errors import DomainError

FL_NETWORK = 'Fremtidens Fjernlån (FL-netværket)'
FL_DESCRIPTION = ('Et nationalt netværk for specialister og medarbejdere med ansvar for fjernlån på folkebibliotekerne '
                  'i Danmark. Netværket skal fremme best practice, inspiration, sparring og samarbejde mellem '
                  'bibliotekerne og udvikle morgendagens kompetencer inden for fjernlån.')


async def default_network() -> Network:
    network = await Network.all().order_by('id').first()
    if network is None:
        raise DomainError(_('No network has been set up yet.'))
    return network


async def get_network(network_id: int) -> Network:
    network = await Network.get_or_none(id=network_id)
    if network is None:
        raise DomainError(_('The network does not exist.'))
    return network


async def loaded(network: Network | int) -> Network:
    """The network itself, or read by its id: a page that has just read it passes it on to the services it calls,
    and a redraw after a change (which may be a change of the network's settings) passes the id."""
    return network if isinstance(network, Network) else await get_network(network)


def id_of(network: Network | int) -> int:
    return network.id if isinstance(network, Network) else network


async def ensure_default_network(*, now: dt.datetime) -> Network:
    """A new installation starts with the FL-network and the charter's rule parameters."""
    async with in_transaction():
        network = await Network.all().order_by('id').first()
        if network is None:
            network = await Network.create(name=FL_NETWORK, short_name='FL-netværket', description=FL_DESCRIPTION)
            await log(by=SYSTEM, now=now, subject='network', subject_id=network.id, network_id=network.id,
                      action='create', to_value=network.name)
    return network
