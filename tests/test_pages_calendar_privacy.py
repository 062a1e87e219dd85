"""Calendar downloads, the member's calendar page, the own-data download, and anonymising from the settings and
person pages: headers, who may do what, and what the database holds afterwards."""
from __future__ import annotations

import datetime as dt
import json

from icalendar import Calendar
from nicegui import ui
from nicegui.testing import User

from flnet_ui import i18n
from flnet_ui.services import meeting_plan, membership, networks
from flnet_ui.services.audit import SYSTEM
from models import Membership, Person, Role
from models import User as Login
from tests import factories as f
from tests.login import coordinator_login, member_login


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def a_meeting(title: str = 'Temadag om æøå i Øst') -> int:
    network = await networks.default_network()
    day = i18n.today(now()) + dt.timedelta(days=30)
    meeting = await meeting_plan.plan(network_id=network.id, title=title, date=day,
                                      starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR, now=now())
    return meeting.id


async def former_member(name: str, *, left_days_ago: int) -> Membership:
    network = await networks.default_network()
    left = now() - dt.timedelta(days=left_days_ago)
    email = name.split(maxsplit=1)[0].lower() + '@bib.dk'
    member = await membership.apply(network_id=network.id, name=name, email=email, approve=True, by=SYSTEM,
                                    now=left - dt.timedelta(days=10))
    await membership.resign(membership_id=member.id, reason='Nyt job', by=SYSTEM, now=left)
    return member


# --- downloads ---

async def test_a_meeting_file_is_public_with_calendar_headers(user: User) -> None:
    meeting_id = await a_meeting()
    response = await user.http_client.get(f'/moeder/{meeting_id}.ics')
    assert response.status_code == 200
    assert response.headers['content-type'] == 'text/calendar; charset=utf-8'
    day = (i18n.today(now()) + dt.timedelta(days=30)).isoformat()
    assert response.headers['content-disposition'] == f'attachment; filename="{day}-temadag-om-aeoeaa-i-oest.ics"'
    [event] = Calendar.from_ical(response.content).walk('VEVENT')
    assert str(event['summary']) == 'Temadag om æøå i Øst'
    for path in ('/moeder/99999.ics', '/moeder/abc.ics'):
        assert (await user.http_client.get(path)).status_code == 404


async def test_the_meeting_page_still_opens_beside_its_file(user: User) -> None:
    meeting_id = await a_meeting()
    await coordinator_login(user)
    await user.open(f'/moeder/{meeting_id}')
    await user.should_see(marker='details')
    await user.should_see(marker='meeting-ics')  # and links to it


async def test_a_member_turns_on_renews_and_turns_off_the_feed(user: User) -> None:
    await a_meeting('Kalendermødet')
    member = await member_login(user)
    await user.open('/min-side/kalender')
    await user.should_see(marker='calendar-off')
    await user.should_see(marker='calendar-help')
    await user.should_see('Kalendermødet')
    user.find(marker='calendar-on').click()
    await user.should_see(marker='calendar-url')
    login = await Login.get(person_id=member.person_id)
    first = login.calendar_token
    assert first
    [field] = user.find(marker='calendar-url').elements
    assert isinstance(field, ui.input) and field.value.endswith(f'/kalender/{first}.ics')
    assert field.value.startswith('http')  # absolute: pasted into another app
    response = await user.http_client.get(f'/kalender/{first}.ics')
    assert response.status_code == 200 and response.headers['content-type'] == 'text/calendar; charset=utf-8'
    assert 'no-store' in response.headers['cache-control'] and 'private' in response.headers['cache-control']
    assert 'Kalendermødet' in str(Calendar.from_ical(response.content).walk('VEVENT')[0]['summary'])

    user.find(marker='calendar-renew').click()
    await user.should_see(marker='calendar-renew-dialog')
    await user.should_see('Det gamle link holder op med at virke med det samme.', retries=3)
    user.find(marker='calendar-renew-confirm').click()
    await user.should_see('Din kalender har fået et nyt link.')
    second = (await Login.get(id=login.id)).calendar_token
    assert second and second != first
    assert (await user.http_client.get(f'/kalender/{first}.ics')).status_code == 404
    assert (await user.http_client.get(f'/kalender/{second}.ics')).status_code == 200

    user.find(marker='calendar-revoke').click()
    user.find(marker='calendar-revoke-confirm').click()
    await user.should_see(marker='calendar-off')
    assert (await Login.get(id=login.id)).calendar_token is None
    assert (await user.http_client.get(f'/kalender/{second}.ics')).status_code == 404


async def test_the_calendar_page_is_for_members(user: User) -> None:
    await user.open('/min-side/kalender')
    await user.should_see(marker='password')  # a visitor is sent to log in
    await coordinator_login(user)
    await user.open('/min-side/kalender')
    await user.should_see(marker='no-access')


async def test_a_member_downloads_their_own_data(user: User) -> None:
    network = await networks.default_network()
    other = await membership.apply(network_id=network.id, name='Anden Person', email='anden@bib.dk', approve=True,
                                   by=SYSTEM, now=now())
    await member_login(user)
    response = await user.http_client.get('/min-side/data.json')
    assert response.status_code == 200
    assert response.headers['content-type'] == 'application/json; charset=utf-8'
    filename = f'mine-data-{i18n.today(now()).isoformat()}.json'
    assert response.headers['content-disposition'] == f'attachment; filename="{filename}"'
    assert 'Ærenlund' in response.content.decode('utf-8')  # UTF-8 as it is, not \\u escapes
    data = json.loads(response.content)
    assert data['person']['email'] == 'bo@bib.dk'
    assert other.person_id and 'anden@bib.dk' not in response.text and 'Anden Person' not in response.text


async def test_a_visitor_and_the_coordinator_cannot_download_member_data(user: User) -> None:
    assert (await user.http_client.get('/min-side/data.json')).status_code == 403
    await coordinator_login(user)
    assert (await user.http_client.get('/min-side/data.json')).status_code == 403


# --- settings: the retention period and the list of who is due ---

async def test_the_retention_period_is_checked_at_its_field(user: User) -> None:
    await coordinator_login(user)
    await user.open('/indstillinger')
    user.find(marker='retention_months').clear().type('0')
    user.find(marker='rules-save').click()
    await user.should_see('Intet er gemt.', retries=3)
    [field] = user.find(marker='retention_months').elements
    assert isinstance(field, ui.number) and field.error == 'Skriv et helt tal fra 1 til 120.'
    user.find(marker='retention_months').clear().type('36')
    user.find(marker='rules-save').click()
    await user.should_see(marker='rules-history')
    assert (await networks.default_network()).retention_months == 36


async def test_the_coordinator_anonymises_a_person_due_from_the_settings_page(user: User) -> None:
    due = await former_member('Gammel Gunnar', left_days_ago=800)
    await former_member('Nylig Nina', left_days_ago=30)
    await coordinator_login(user)
    await user.open('/indstillinger')
    await user.should_see(marker='retention-list')
    await user.should_see('Gammel Gunnar')
    await user.should_not_see('Nylig Nina')
    user.find(marker=f'anonymise-{due.person_id}').click()
    await user.should_see('Anonymisér Gammel Gunnar?')
    user.find(marker='anonymise-confirm').click()
    await user.should_see('Gammel Gunnar er anonymiseret.')
    await user.should_see(marker='retention-empty')
    person = await Person.get(id=due.person_id)
    assert person.anonymised_at is not None and person.name == f'Anonymiseret medlem {person.id}'
    # The member list and the waitlist still open, with the anonymised person by their new name.
    await user.open('/medlemmer')
    await user.should_see(f'Anonymiseret medlem {person.id}')
    await user.open('/venteliste')
    await user.should_see(marker='page-title')


async def test_the_anonymise_handler_refuses_someone_no_longer_a_coordinator(user: User) -> None:
    due = await former_member('Gammel Gunnar', left_days_ago=800)
    account = await coordinator_login(user)
    await user.open('/indstillinger')
    user.find(marker=f'anonymise-{due.person_id}').click()
    await Login.filter(id=account.id).update(role=Role.MEMBER)  # the page stays open, the right is gone
    user.find(marker='anonymise-confirm').click()
    await user.should_see('Det kan kun netværkskoordinatoren.', retries=3)
    assert (await Person.get(id=due.person_id)).anonymised_at is None


async def test_the_person_page_offers_anonymising_only_for_a_former_member(user: User) -> None:
    gone = await former_member('Gammel Gunnar', left_days_ago=10)
    active = await membership.apply(network_id=(await networks.default_network()).id, name='Aktiv Anna',
                                    email='anna@bib.dk', approve=True, by=SYSTEM, now=now())
    await coordinator_login(user)
    await user.open(f'/medlemmer/{active.id}')
    await user.should_see(marker='status')
    await user.should_not_see(marker='anonymise')
    await user.open(f'/medlemmer/{gone.id}')
    user.find(marker='anonymise').click()
    user.find(marker='anonymise-confirm').click()
    await user.should_see(marker='anonymised', retries=30)  # the page reloads after anonymising
    await user.should_see('Persondata anonymiseret')
    await user.should_not_see(marker='anonymise')
    await user.should_not_see('gammel@bib.dk')
