"""The five kinds of people the authorisation matrix checks: visitor, waitlisted, active and former member, and the
coordinator. Each gets a real login (password) made through the services; `act_as` logs the simulated browser in."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nicegui.testing import User as TestUser

from flnet_ui.services import membership, networks, users
from flnet_ui.services.audit import SYSTEM
from models import Membership, Role
from tests.login import COORDINATOR_EMAIL, PASSWORD, post_login

VISITOR, WAITLISTED, ACTIVE, FORMER, COORDINATOR = 'visitor', 'waitlisted', 'active', 'former', 'coordinator'
PERSONAS = [VISITOR, WAITLISTED, ACTIVE, FORMER, COORDINATOR]
MEMBERS = (WAITLISTED, ACTIVE, FORMER)
EMAILS = {ACTIVE: 'aktiv.aerenlund@bib.dk', WAITLISTED: 'venter.oestergaard@bib.dk', FORMER: 'tidligere@bib.dk',
          COORDINATOR: COORDINATOR_EMAIL}
NAMES = {ACTIVE: 'Åse Ærenlund', WAITLISTED: 'Vera Østergaard', FORMER: 'Frida Fhv'}


@dataclass
class Cast:
    memberships: dict[str, Membership]

    def membership_id(self, persona: str) -> int:
        return self.memberships[persona].id


async def cast() -> Cast:
    """A network with one seat: the active member has it, one waits, one resigned; everyone has a password."""
    now = dt.datetime.now(dt.UTC)
    network = await networks.default_network()
    await membership.set_capacity(network_id=network.id, capacity=1, reason='test', by=SYSTEM, now=now)
    found: dict[str, Membership] = {}
    for offset, persona in enumerate((ACTIVE, WAITLISTED, FORMER)):
        found[persona] = await membership.apply(network_id=network.id, name=NAMES[persona], email=EMAILS[persona],
                                                approve=True, by=SYSTEM, now=now + dt.timedelta(seconds=offset))
    await membership.withdraw(membership_id=found[FORMER].id, reason='test', by=SYSTEM, now=now)
    for persona in MEMBERS:
        await users.create_user(email=EMAILS[persona], role=Role.MEMBER, password=PASSWORD,
                                person_id=found[persona].person_id, by=SYSTEM, now=now)
    await users.create_user(email=COORDINATOR_EMAIL, role=Role.COORDINATOR, password=PASSWORD, by=SYSTEM, now=now)
    return Cast(found)


async def act_as(user: TestUser, persona: str) -> None:
    if persona != VISITOR:
        assert await post_login(user, EMAILS[persona], PASSWORD) == 303
