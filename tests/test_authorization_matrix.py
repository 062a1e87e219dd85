"""Who may open what (DESIGN.md §1.5): every page and HTTP route, for a visitor, a waitlisted, an active and a former
member, and the coordinator. Refused means: a visitor is sent to the login page; a logged-in person without the role
is told the page is not for them (or gets 403/404 from an HTTP route) and sees none of its data."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from nicegui.testing import User

from flnet_ui.services import agenda, agenda_materials, meeting_plan, networks
from models import AgendaKind, Network
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
    '/moeder/{meeting}/dagsorden': COORDINATOR_ONLY,
    '/moeder/{meeting}/grupper/{item}': COORDINATOR_ONLY,
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
    '/login': EVERYONE,
}

# Plain HTTP routes (downloads): the status code each persona gets.
DOWNLOADS = {
    '/moeder/{meeting}.ics': {persona: 200 for persona in PERSONAS},
    '/min-side/data.json': {VISITOR: 403, WAITLISTED: 200, ACTIVE: 200, FORMER: 200, COORDINATOR: 403},
    '/moeder/{meeting}/dagsorden.pdf': {**{persona: 200 for persona in PERSONAS}, VISITOR: 403},
    # The matrix meeting has no approved minutes: anyone logged in gets 404 (tests/test_pages_archive.py downloads).
    '/referater/{meeting}.pdf': {**{persona: 404 for persona in PERSONAS}, VISITOR: 403},
    # The minutes' own PDFs are the coordinator's: a draft preview of any meeting, and kept versions (none here: 404).
    '/moeder/{meeting}/referat/udkast.pdf': {**{persona: 403 for persona in PERSONAS}, COORDINATOR: 200},
    '/moeder/{meeting}/referat/version/{number}.pdf': {**{persona: 403 for persona in PERSONAS}, COORDINATOR: 404},
    '/materialer/{material}': {**{persona: 200 for persona in PERSONAS}, VISITOR: 403},
    '/healthz': {persona: 200 for persona in PERSONAS},
    '/favicon.ico': {persona: 200 for persona in PERSONAS},
}

# Routes whose access is a secret in the address or a form of their own, each tested where named.
ELSEWHERE = {
    '/kalender/{token}.ics': "a member's secret feed address: tests/test_pages_calendar_privacy.py",
    '/login/link/{token}': 'a single-use login link: tests/test_pages_member_login.py, test_login_links.py',
    '/login': 'POST, the login form: tests/test_pages_login.py; cross-site: tests/test_security_cross_site.py',
    '/login/link': 'POST, asking for a link: tests/test_pages_member_login.py; cross-site: test_security_cross_site.py',
    '/logout': "POST, ends the caller's own session: tests/test_pages_login.py, test_security_cross_site.py",
}


@dataclass(frozen=True)
class Scene:
    meeting: int
    item: int        # a group-work item of the meeting
    material: int    # a file on that item


async def a_meeting() -> Scene:
    network = await networks.default_network()
    now = dt.datetime.now(dt.UTC)
    meeting = await meeting_plan.plan(network_id=network.id, title='Matrixmødet', date=dt.date.today()
                                      + dt.timedelta(days=30), starts_at=dt.time(10), ends_at=dt.time(15),
                                      host_library_id=None, by=f.COORDINATOR, now=now)
    item = await agenda.add_item(meeting_id=meeting.id, kind=AgendaKind.GROUP_WORK, title='Grupper',
                                 duration_minutes=30, by=f.COORDINATOR, now=now)
    material = await agenda_materials.add_file(item_id=item.id, title='Program', filename='program.pdf',
                                               content_type='application/pdf',
                                               data=b'%PDF-1.4 matrix', by=f.COORDINATOR, now=now)
    await Network.filter(id=network.id).update(display_token=DISPLAY_TOKEN)
    return Scene(meeting.id, item.id, material.id)


def filled(path: str, people: Cast, scene: Scene) -> str:
    return path.format(membership=people.membership_id(ACTIVE), meeting=scene.meeting, display=DISPLAY_TOKEN,
                       item=scene.item, material=scene.material, number=1)


async def outcome(user: User, path: str) -> str:
    await user.open(path)
    await user.should_see(marker='page-title', retries=50)  # the page (or the login page it sent us to) is built
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
    scene = await a_meeting()
    await act_as(user, persona)
    found = {path: await outcome(user, filled(path, people, scene)) for path in PAGES}
    assert found == {path: expected[persona] for path, expected in PAGES.items()}


@pytest.mark.parametrize('persona', PERSONAS)
async def test_every_download_for_every_persona(user: User, persona: str) -> None:
    people = await cast()
    scene = await a_meeting()
    await act_as(user, persona)
    found = {}
    for path in DOWNLOADS:
        response = await user.http_client.get(filled(path, people, scene), follow_redirects=False)
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


def test_every_route_of_the_app_is_in_the_matrix() -> None:
    """A new page or HTTP route fails here until it is added above (or, with a reason, to ELSEWHERE)."""
    from nicegui import app

    from flnet_ui import app as composition
    composition.create()
    def pattern(path: str) -> str:
        return re.sub(r'\{[^}]+\}', '{}', path)
    known = {pattern(path) for path in [*PAGES, *DOWNLOADS, *ELSEWHERE]}
    routes = {pattern(route.path) for route in app.routes
              if getattr(route, 'path', '/_nicegui').split('/')[1] not in {'_nicegui', '_nicegui_ws'}}
    assert routes - known == set()
    assert known - routes == set()   # and nothing listed here is gone from the app
