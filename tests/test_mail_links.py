"""Every link in every e-mail the app sends opens a real page of the running app (issue 4 §4: "links that work")."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from nicegui.testing import User

from flnet_ui.services import invitations, login_links, meeting_plan, membership, networks, offers, rules
from flnet_ui.services.audit import SYSTEM
from models import MembershipStatus, OutgoingMail
from tests import factories as f

PUBLIC = 'https://fl.example.dk'
LINK = re.compile(r'https?://\S+')


async def every_kind_of_mail() -> None:
    """Receipt, approval (seat and waitlist), at risk, deregistration, offer and acceptance, invitation, login link."""
    now = dt.datetime.now(dt.UTC)
    joined = now - dt.timedelta(days=10)  # before the meetings below, so they count
    network = await networks.default_network()
    await rules.update_rules(network_id=network.id, capacity=1, by=f.COORDINATOR, now=joined)
    first = await membership.apply(network_id=network.id, name='Åse Holm', email='aase@bib.dk', by=SYSTEM, now=joined)
    await membership.approve(membership_id=first.id, by=f.COORDINATOR, now=joined)
    second = await membership.apply(network_id=network.id, name='Bo Friis', email='bo@bib.dk', by=SYSTEM, now=joined)
    await membership.approve(membership_id=second.id, by=f.COORDINATOR, now=joined)
    await rules.update_rules(network_id=network.id, waitlist_mode='offer', by=f.COORDINATOR, now=now)
    for day in (3, 2):  # two missed meetings: Åse is at risk
        await f.held_meeting(network, (now - dt.timedelta(days=day)).date())
    await f.held_meeting(network, (now - dt.timedelta(days=1)).date())  # the third: deregistered, Bo is offered
    assert (await f.refreshed(second)).status == MembershipStatus.OFFERED
    await offers.accept_offer(membership_id=second.id, by=f.COORDINATOR, now=now)
    meeting = await invitations_meeting(network.id, now)
    await invitations.send_invitation(meeting_id=meeting, by=f.COORDINATOR, now=now)
    await login_links.request_link(email='bo@bib.dk', address='127.0.0.1', now=now)


async def invitations_meeting(network_id: int, now: dt.datetime) -> int:
    day = (now + dt.timedelta(days=20)).date()
    meeting = await meeting_plan.plan(network_id=network_id, title='Forårets temadag', date=day,
                                      starts_at=dt.time(10), ends_at=dt.time(15), host_library_id=None,
                                      by=f.COORDINATOR, now=now)
    return meeting.id


async def test_every_link_in_every_mail_opens_a_page(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('FLNET_PUBLIC_URL', PUBLIC)
    await every_kind_of_mail()
    subjects = await OutgoingMail.all().values_list('subject', flat=True)
    assert len(set(subjects)) >= 7, subjects  # the scenario really produced the different kinds
    links = {link.rstrip('.,)') for body in await OutgoingMail.all().values_list('body_text', flat=True)
             for link in LINK.findall(str(body))}
    assert links and all(link.startswith(PUBLIC + '/') for link in links), links
    paths = {urlsplit(link).path for link in links}
    assert {'/min-side', '/ansoeg'} <= paths and any(path.startswith('/login/link/') for path in paths), paths
    for path in sorted(paths):
        response = await user.http_client.get(path, follow_redirects=True)
        assert response.status_code == 200, (path, response.status_code)
