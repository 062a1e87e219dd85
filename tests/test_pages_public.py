"""The public pages: the front page (rules from the settings, coming meetings, live), the application form (receipt,
field errors, known address, honeypot, rate limit, a library not in the list) and the privacy statement."""
from __future__ import annotations

import asyncio
import datetime as dt

from nicegui import ui
from nicegui.testing import User

from flnet_ui import i18n
from flnet_ui.services import applications, meetings, membership, networks, rules
from models import Library, Membership, MembershipStatus, OutgoingMail, Person, RateLimitHit
from pages.apply import NOT_LISTED
from tests import factories as f
from tests.login import member_login


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def in_days(days: int) -> dt.date:
    return (now() + dt.timedelta(days=days)).date()


# --- the front page ---

async def test_the_front_page_tells_the_rules_from_the_settings_and_follows_changes_live(user: User) -> None:
    await user.open('/')
    await user.should_see('Netværket har plads til 40 deltagere')
    await user.should_see('ikke deltager i 3 møder i træk')
    await user.should_see('mødes 2 gange om året')
    await user.should_see('får den første på ventelisten den med det samme')
    network = await networks.default_network()
    await rules.update_rules(network_id=network.id, capacity=25, absence_limit=4, meetings_per_year=3,
                             waitlist_mode='offer', offer_days=10, by=f.COORDINATOR, now=now())
    await user.should_see('Netværket har plads til 25 deltagere')
    await user.should_see('ikke deltager i 4 møder i træk')
    await user.should_see('mødes 3 gange om året')
    await user.should_see('som har 10 dage til at svare')
    await user.should_see('0 af 25 pladser besat')


async def test_the_front_page_lists_planned_meetings_never_cancelled_ones_and_follows_changes(user: User) -> None:
    network = await networks.default_network()
    host = await f.library('Ærø Bibliotek', 'Ærø')
    spring = await meetings.plan_meeting(network_id=network.id, title='Forårets temadag', date=in_days(30),
                                         starts_at=dt.time(10), ends_at=dt.time(15, 30), host_library_id=host.id,
                                         by=f.COORDINATOR, now=now())
    dropped = await meetings.plan_meeting(network_id=network.id, title='Aflyst temadag', date=in_days(40),
                                          starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR, now=now())
    await meetings.cancel_meeting(meeting_id=dropped.id, by=f.COORDINATOR, now=now())
    await user.open('/')
    i18n.set_language('da')
    await user.should_see('Kl. 10.00–15.30: Forårets temadag')
    day = i18n.long_date(in_days(30))
    await user.should_see(day[:1].upper() + day[1:])
    await user.should_see('Værtsbibliotek: Ærø Bibliotek (Vestdanmark)')
    await user.should_not_see('Aflyst temadag')
    await meetings.plan_meeting(network_id=network.id, title='Efterårets temadag', date=in_days(200),
                                starts_at=dt.time(9), ends_at=dt.time(14), by=f.COORDINATOR, now=now())
    await user.should_see('Kl. 09.00–14.00: Efterårets temadag')
    await user.should_see('Værtsbibliotek: Statsbiblioteket')  # no host: the coordinating organisation
    await meetings.cancel_meeting(meeting_id=spring.id, by=f.COORDINATOR, now=now())
    await user.should_not_see('Forårets temadag')


async def test_a_visitor_is_invited_to_apply_or_log_in_and_a_member_to_their_page(user: User) -> None:
    await user.open('/')
    await user.should_see('Søg om optagelse')
    await user.should_see(marker='home-login')
    await user.should_see('Sådan behandler vi personoplysninger')
    await user.should_see('Der er endnu ikke planlagt nogen møder.')
    await member_login(user)
    await user.open('/')
    await user.should_see('Søg om optagelse')
    await user.should_see(marker='home-my-page')
    await user.should_not_see(marker='home-login')
    await user.should_see('1 af 40 pladser besat')


async def test_a_seat_offered_to_the_waitlist_is_explained_on_the_seat_card(user: User) -> None:
    network = await networks.default_network()
    await rules.update_rules(network_id=network.id, capacity=1, waitlist_mode='offer', by=f.COORDINATOR, now=now())
    first = await membership.apply(network_id=network.id, name='Ane Andersen', email='ane@bib.dk', approve=True,
                                   by=f.COORDINATOR, now=now())
    await membership.apply(network_id=network.id, name='Bo Bøgh', email='bo@bib.dk', approve=True,
                           by=f.COORDINATOR, now=now())
    await user.open('/')
    await user.should_see('1 af 1 pladser besat')
    await user.should_not_see(marker='offered')
    await membership.resign(membership_id=first.id, by=f.COORDINATOR, now=now())
    await user.should_see('0 af 1 pladser besat')
    await user.should_see('1 plads er tilbudt til den første på ventelisten og afventer svar')
    await user.should_see('0 ledige pladser')


# --- the application form ---

async def fill_form(user: User, *, email: str = 'aase@bib.dk', municipality: str = 'Aarhus',
                    library: str | None = 'Aarhus Hovedbibliotek', new_library: str = '') -> None:
    await user.open('/ansoeg')
    user.find(marker='apply-name').type('Åse Ærenlund')
    user.find(marker='apply-email').type(email)
    await choose(user, 'apply-municipality', municipality)
    picker = only(user, 'apply-library', ui.select)
    if library is not None:
        found = await Library.get(name=library)
        picker.value = found.id
    elif picker.value != NOT_LISTED:
        picker.value = NOT_LISTED
    if new_library:
        await user.should_see(marker='apply-new-library')
        user.find(marker='apply-new-library').type(new_library)
    user.find(marker='apply-job-title').type('Fjernlånsbibliotekar')
    user.find(marker='apply-motivation').type('Jeg vil gerne dele erfaringer.')
    user.find(marker='apply-consent').click()


async def choose(user: User, marker: str, value: str) -> None:
    """Pick a value in a select and wait until its handler (which loads the next list) has run."""
    select = only(user, marker, ui.select)
    select.value = value
    library = only(user, 'apply-library', ui.select)
    for _ in range(50):
        if library.options:
            return
        await asyncio.sleep(0.02)
    raise AssertionError('the library list was not filled')


def only(user: User, marker: str, kind: type) -> ui.element:  # type: ignore[name-defined]
    elements = user.find(marker=marker).elements
    assert len(elements) == 1
    element = next(iter(elements))
    assert isinstance(element, kind)
    return element


async def test_an_application_shows_the_receipt_and_queues_the_receipt_mail(user: User) -> None:
    await f.library('Aarhus Hovedbibliotek', 'Aarhus')
    await f.library('Aabenraa Bibliotek', 'Aabenraa')
    await fill_form(user)
    user.find(marker='apply-submit').click()
    await user.should_see(marker='receipt')
    await user.should_see('Tak for din ansøgning')
    await user.should_see('Vi har sendt en kvittering på e-mail til aase@bib.dk')
    await user.should_see(marker='receipt-login')
    await user.should_not_see(marker='apply-submit')
    person = await Person.get(email='aase@bib.dk')
    assert person.consent_at is not None
    assert (await Membership.get(person_id=person.id)).status == MembershipStatus.PENDING
    assert await OutgoingMail.filter(to_address='aase@bib.dk').count() == 1


async def test_the_library_picker_lists_only_the_municipalitys_libraries(user: User) -> None:
    await f.library('Aarhus Hovedbibliotek', 'Aarhus')
    await f.library('Aabyhøj Bibliotek', 'Aarhus')
    await f.library('Lystrup Bibliotek', 'Aarhus')
    await f.library('Odense Centralbibliotek', 'Odense')
    await user.open('/ansoeg')
    await choose(user, 'apply-municipality', 'Aarhus')
    options = list(only(user, 'apply-library', ui.select).options.values())  # type: ignore[attr-defined]
    # Danish order: Aa is Å, after Z
    assert options == ['Lystrup Bibliotek', 'Aabyhøj Bibliotek', 'Aarhus Hovedbibliotek',
                       'Mit bibliotek er ikke på listen']


async def test_a_library_not_in_the_list_is_written_and_created_with_the_application(user: User) -> None:
    await fill_form(user, municipality='Ærø', library=None, new_library='Ærø Bibliotek')
    user.find(marker='apply-submit').click()
    await user.should_see(marker='receipt')
    library = await Library.get(name='Ærø Bibliotek')
    assert library.municipality == 'Ærø'
    assert (await Person.get(email='aase@bib.dk')).library_id == library.id


async def test_an_empty_form_shows_danish_messages_at_the_fields_and_saves_nothing(user: User) -> None:
    await user.open('/ansoeg')
    user.find(marker='apply-submit').click()
    await user.should_see('For at søge skal du give samtykke til, at netværket behandler dine personoplysninger.')
    assert only(user, 'apply-name', ui.input).error == 'Skriv navnet.'  # type: ignore[attr-defined]
    assert only(user, 'apply-email', ui.input).error == 'Skriv e-mailadressen.'  # type: ignore[attr-defined]
    assert only(user, 'apply-municipality', ui.select).error == 'Vælg din kommune.'  # type: ignore[attr-defined]
    assert await Person.all().count() == 0 and await OutgoingMail.all().count() == 0
    await user.should_not_see(marker='receipt')


async def test_a_known_address_gets_the_kind_message_at_the_email_field(user: User) -> None:
    await f.library('Aarhus Hovedbibliotek', 'Aarhus')
    await member_login(user)  # bo@bib.dk is an active member
    await fill_form(user, email='bo@bib.dk')
    user.find(marker='apply-submit').click()
    await user.should_see('Vi kender allerede din e-mailadresse')
    assert (only(user, 'apply-email', ui.input).error or '').startswith(  # type: ignore[attr-defined]
        'Vi kender allerede din e-mailadresse – du har allerede en ansøgning eller et medlemskab.')
    assert await Membership.filter(person__email='bo@bib.dk').count() == 1
    await user.should_not_see(marker='receipt')


async def test_a_filled_honeypot_shows_a_receipt_but_saves_nothing(user: User) -> None:
    await f.library('Aarhus Hovedbibliotek', 'Aarhus')
    await fill_form(user)
    user.find(marker='apply-website').type('http://spam.example')
    user.find(marker='apply-submit').click()
    await user.should_see(marker='receipt')
    assert await Person.all().count() == 0 and await OutgoingMail.all().count() == 0
    assert await RateLimitHit.all().count() == 0


async def test_the_rate_limit_stops_the_sixth_application_from_one_address(user: User) -> None:
    await f.library('Aarhus Hovedbibliotek', 'Aarhus')
    await fill_form(user, email='first@bib.dk')
    user.find(marker='apply-submit').click()
    await user.should_see(marker='receipt')
    address = (await RateLimitHit.get()).key  # the page's own client address
    network = await networks.default_network()
    library = await Library.get(name='Aarhus Hovedbibliotek')
    for i in range(applications.MAX_PER_ADDRESS - 1):
        await applications.submit(network_id=network.id, address=address, now=now(), form=applications.ApplicationForm(
            name=f'Person {i}', email=f'p{i}@bib.dk', municipality='Aarhus', library_id=library.id, consented=True))
    await fill_form(user, email='sixth@bib.dk')
    user.find(marker='apply-submit').click()
    await user.should_see('Der er sendt for mange ansøgninger fra din netværksadresse')
    await user.should_see(marker='apply-error')
    assert not await Person.exists(email='sixth@bib.dk')


# --- privacy ---

async def test_the_privacy_page_reads_the_retention_period_and_the_responsible_organisation(user: User) -> None:
    network = await networks.default_network()
    await rules.update_rules(network_id=network.id, retention_months=36, by=f.COORDINATOR, now=now())
    await user.open('/privatliv')
    await user.should_see('Privatliv')
    await user.should_see('anonymiseres dine personoplysninger 36 måneder efter')
    await user.should_see('Statsbiblioteket koordinerer Fremtidens Fjernlån (FL-netværket) og er dataansvarlig')
    await user.should_see('Datatilsynet')
    link = only(user, 'own-data-link', ui.link)
    assert link.props['href'] == '/min-side/data.json'
