"""Who may open what (DESIGN.md §1.5): every page and HTTP route, for a visitor, a waitlisted, an active and a former
member, and the coordinator. Refused means: a visitor is sent to the login page; a logged-in person without the role
is told the page is not for them (or gets 403/404 from an HTTP route) and sees none of its data."""
from __future__ import annotations

import datetime as dt

import pytest
from nicegui.testing import User

from flnet_ui.services import meeting_plan, networks
from models import Network
from tests import factories as f
from tests.personas import (
    ACTIVE,
    COORDINATOR,
    EMAILS,
    FORMER,
    MEMBERS,
    NAMES,
    PERSONAS,
    VISITOR,
    WAITLISTED,
    Cast,
    act_as,
    cast,
)

ALLOWED, LOGIN, NO_ACCESS = 'allowed', 'login', 'no access'
DISPLAY_TOKEN = 'matrix-display-link-token'
EVERYONE = {persona: ALLOWED for persona in PERSONAS}
COORDINATOR_ONLY = {VISITOR: LOGIN, WAITLISTED: NO_ACCESS, ACTIVE: NO_ACCESS, FORMER: NO_ACCESS,
                    COORDINATOR: ALLOWED}
MEMBERS_ONLY = {VISITOR: LOGIN, WAITLISTED: ALLOWED, ACTIVE: ALLOWED, FORMER: ALLOWED, COORDINATOR: NO_ACCESS}

# Pages: path (with {membership} / {meeting} filled in per test) and who gets what.
PAGES = {
    '/': EVERYONE,
    '/ansoeg': EVERYONE,
    '/privatliv': EVERYONE,
    '/overblik': COORDINATOR_ONLY,
    '/medlemmer': COORDINATOR_ONLY,
    '/medlemmer/{membership}': COORDINATOR_ONLY,
    '/venteliste': COORDINATOR_ONLY,
    '/moeder': COORDINATOR_ONLY,
    '/moeder/{meeting}': COORDINATOR_ONLY,
    '/moeder/{meeting}/fremmoede': COORDINATOR_ONLY,
    '/moeder/{meeting}/styring': COORDINATOR_ONLY,
    '/moeder/{meeting}/referat': COORDINATOR_ONLY,
    # The projector needs no login: whoever holds the network's secret display link sees the board (names only).
    '/skaerm/{display}': EVERYONE,
    '/aftaler': COORDINATOR_ONLY,
    '/indstillinger': COORDINATOR_ONLY,
    '/udbakke': COORDINATOR_ONLY,
    '/min-side': MEMBERS_ONLY,
    '/min-side/kalender': MEMBERS_ONLY,
    '/min-side/adgangskode': MEMBERS_ONLY,
    '/referater': {**EVERYONE, VISITOR: LOGIN},   # the archive: members (also former ones) and the coordinator
    '/opfoelgning': COORDINATOR_ONLY,
}

# Plain HTTP routes (downloads): the status code each persona gets.
DOWNLOADS = {
    '/moeder/{meeting}.ics': {persona: 200 for persona in PERSONAS},
    '/min-side/data.json': {VISITOR: 403, WAITLISTED: 200, ACTIVE: 200, FORMER: 200, COORDINATOR: 403},
    '/moeder/{meeting}/dagsorden.pdf': {**{persona: 200 for persona in PERSONAS}, VISITOR: 403},
    # The matrix meeting has no approved minutes: anyone logged in gets 404 (tests/test_pages_archive.py downloads).
    '/referater/{meeting}.pdf': {**{persona: 404 for persona in PERSONAS}, VISITOR: 403},
}


async def a_meeting() -> int:
    network = await networks.default_network()
    meeting = await meeting_plan.plan(network_id=network.id, title='Matrixmødet', date=dt.date.today()
                                      + dt.timedelta(days=30), starts_at=dt.time(10), ends_at=dt.time(15),
                                      host_library_id=None, by=f.COORDINATOR, now=dt.datetime.now(dt.UTC))
    await Network.filter(id=network.id).update(display_token=DISPLAY_TOKEN)
    return meeting.id


def filled(path: str, people: Cast, meeting_id: int) -> str:
    return path.format(membership=people.membership_id(ACTIVE), meeting=meeting_id, display=DISPLAY_TOKEN)


async def outcome(user: User, path: str) -> str:
    await user.open(path)
    await user.should_see(marker='page-title')  # the page (or the login page it sent us to) is built
    if shows(user, 'no-access'):
        return NO_ACCESS
    on_login_page = shows(user, 'password') and shows(user, 'submit')
    return LOGIN if on_login_page and not path.startswith('/login') else ALLOWED


def shows(user: User, marker: str) -> bool:
    try:
        return bool(user.find(marker=marker).elements)
    except AssertionError:  # the user fixture's find() insists on finding something
        return False


@pytest.mark.parametrize('persona', PERSONAS)
async def test_every_page_for_every_persona(user: User, persona: str) -> None:
    people = await cast()
    meeting_id = await a_meeting()
    await act_as(user, persona)
    found = {path: await outcome(user, filled(path, people, meeting_id)) for path in PAGES}
    assert found == {path: expected[persona] for path, expected in PAGES.items()}


@pytest.mark.parametrize('persona', PERSONAS)
async def test_every_download_for_every_persona(user: User, persona: str) -> None:
    people = await cast()
    meeting_id = await a_meeting()
    await act_as(user, persona)
    found = {}
    for path in DOWNLOADS:
        response = await user.http_client.get(filled(path, people, meeting_id), follow_redirects=False)
        found[path] = response.status_code
    assert found == {path: expected[persona] for path, expected in DOWNLOADS.items()}


@pytest.mark.parametrize('persona', MEMBERS)
async def test_a_member_sees_only_their_own_data(user: User, persona: str) -> None:
    await cast()
    await act_as(user, persona)
    others = [other for other in MEMBERS if other != persona]
    await user.open('/min-side')
    await user.should_see(marker='page-title')
    for other in others:
        await user.should_not_see(NAMES[other])
        await user.should_not_see(EMAILS[other])
    data = (await user.http_client.get('/min-side/data.json')).text
    assert EMAILS[persona] in data
    for other in others:
        assert NAMES[other] not in data and EMAILS[other] not in data
