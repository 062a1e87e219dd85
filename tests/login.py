"""Logging in from page tests: the same HTTP POST a browser sends."""
from __future__ import annotations

import datetime as dt

from nicegui.testing import User as TestUser

from flnet_ui.services import membership, networks, users
from flnet_ui.services.audit import SYSTEM
from models import Membership, Person, Role, User

COORDINATOR_EMAIL = 'koordinator@sb.dk'
PASSWORD = 'hemmeligt-kodeord-2026'


async def coordinator_login(user: TestUser, email: str = COORDINATOR_EMAIL) -> User:
    """Create a coordinator and log the simulated browser in as them."""
    account = await users.create_user(email=email, role=Role.COORDINATOR, password=PASSWORD, by=SYSTEM,
                                      now=dt.datetime.now(dt.UTC))
    await post_login(user, email, PASSWORD)
    return account


async def post_login(user: TestUser, email: str, password: str) -> int:
    response = await user.http_client.post('/login', data={'email': email, 'password': password},
                                           follow_redirects=False)
    return response.status_code


async def member_login(user: TestUser, member: Membership | None = None) -> Membership:
    """Give a member (by default a new active one, Bo Ærenlund) a login and log the simulated browser in as them."""
    now = dt.datetime.now(dt.UTC)
    if member is None:
        network = await networks.default_network()
        member = await membership.apply(network_id=network.id, name='Bo Ærenlund', email='bo@bib.dk', approve=True,
                                        by=SYSTEM, now=now)
    person = await Person.get(id=member.person_id)
    await users.create_user(email=person.email, role=Role.MEMBER, password=PASSWORD, person_id=person.id, by=SYSTEM,
                            now=now)
    await post_login(user, person.email, PASSWORD)
    return member
