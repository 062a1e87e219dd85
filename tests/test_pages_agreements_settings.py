"""Aftaler (grant and end agreements) and Indstillinger (the rule parameters): main flows, bad input, access, live."""
from __future__ import annotations

import datetime as dt

import pytest
from nicegui import ui
from nicegui.testing import User

from flnet_ui import i18n
from flnet_ui.services import agreements, membership, networks, rules
from flnet_ui.services.audit import SYSTEM
from models import Agreement, AuditEntry, Membership, Network
from tests import factories as f
from tests.login import coordinator_login, member_login


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def people(names: list[str], *, capacity: int = 40) -> list[Membership]:
    network = await networks.default_network()
    await rules.update_rules(network_id=network.id, capacity=capacity, by=SYSTEM, now=now())
    return [await membership.apply(network_id=network.id, name=name, email=f'p{i}@bib.dk', approve=True, by=SYSTEM,
                                   now=now() + dt.timedelta(seconds=i)) for i, name in enumerate(names)]


def field_error(user: User, marker: str) -> str | None:
    [element] = user.find(marker=marker).elements
    assert isinstance(element, ui.number | ui.input | ui.select | ui.textarea)
    return element.error


@pytest.mark.parametrize('path', ['/aftaler', '/indstillinger'])
async def test_a_visitor_is_sent_to_the_login_page(user: User, path: str) -> None:
    await user.open(path)
    await user.should_see(marker='email')


@pytest.mark.parametrize('path', ['/aftaler', '/indstillinger'])
async def test_a_member_is_told_the_page_is_not_for_them(user: User, path: str) -> None:
    [bo] = await people(['Bo Ærenlund'])
    await member_login(user, bo)
    await user.open(path)
    await user.should_see(marker='no-access')
    await user.should_not_see('Netværkets regler')
    await user.should_not_see('Ny aftale')


# --- Aftaler ---

async def test_granting_an_agreement_checks_each_field_then_shows_it_with_the_streak(user: User) -> None:
    [aase, _bent] = await people(['Aase Holm', 'Bent Ørsted'])
    await coordinator_login(user)
    await user.open('/aftaler')
    await user.should_see(marker='agreements-empty')
    user.find(marker='new-agreement').click()
    await user.should_see(marker='agreement-dialog')
    user.find(marker='agreement-save').click()
    await user.should_see('Vælg et medlem.')
    user.find(marker='agreement-member').click()
    user.find('Aase Holm').click()
    user.find(marker='agreement-save').click()
    await user.should_see('Skriv, hvad der er aftalt.')
    user.find(marker='agreement-note').type('Barselsorlov')
    user.find(marker='agreement-until').type('31/12')
    user.find(marker='agreement-save').click()
    await user.should_see('Skriv datoen som DD-MM-ÅÅÅÅ, fx 31-12-2026.')
    user.find(marker='agreement-until').clear().type('01-01-2020')
    user.find(marker='agreement-save').click()
    await user.should_see('Slutdatoen kan ikke ligge i fortiden.')
    assert await Agreement.all().count() == 0
    until = i18n.today(now()) + dt.timedelta(days=100)
    user.find(marker='agreement-until').clear().type(until.strftime('%d-%m-%Y'))
    user.find(marker='agreement-save').click()
    await user.should_see('Aftalen med Aase Holm er gemt.')
    [agreement] = await Agreement.all()
    assert (agreement.membership_id, agreement.note, agreement.valid_until) == (aase.id, 'Barselsorlov', until)
    await user.should_see(marker=f'agreement-{agreement.id}')
    await user.should_see('0 fravær i træk (grænse 3)')
    await user.should_see('til og med')


async def test_ending_an_agreement_asks_first_and_moves_it_to_ended(user: User) -> None:
    [aase] = await people(['Aase Holm'])
    agreement = await agreements.grant_agreement(membership_id=aase.id, note='Orlov', by=SYSTEM, now=now())
    await coordinator_login(user)
    await user.open('/aftaler')
    await user.should_see('indtil videre')
    user.find(marker=f'end-{agreement.id}').click()
    await user.should_see('Afslut aftalen med Aase Holm?')
    user.find(marker='end-confirm').click()
    await user.should_see('Aftalen med Aase Holm er afsluttet.')
    await user.should_see(marker='agreements-empty')
    await user.should_see('afsluttet')
    assert (await Agreement.get(id=agreement.id)).ended_at is not None
    assert await AuditEntry.filter(subject='agreement', action='end').count() == 1


async def test_agreements_appear_live(user: User) -> None:
    [aase] = await people(['Aase Holm'])
    await coordinator_login(user)
    await user.open('/aftaler')
    await user.should_see(marker='agreements-empty')
    await agreements.grant_agreement(membership_id=aase.id, note='Sygemeldt til sommer', by=SYSTEM, now=now())
    await user.should_see('Sygemeldt til sommer')


# --- Indstillinger ---

async def test_raising_the_capacity_seats_people_from_the_waitlist_and_says_so(user: User) -> None:
    members = await people(['Aase Holm', 'Bent Ørsted', 'Carla Winther'], capacity=1)
    await coordinator_login(user)
    await user.open('/indstillinger')
    await user.should_see(marker='rules-history')  # the capacity set above
    user.find(marker='capacity').clear().type('3')
    user.find(marker='rules-reason').type('Flere ønsker at deltage')
    user.find(marker='rules-save').click()
    await user.should_see('Antal pladser ændret fra 1 til 3.')
    await user.should_see('2 fra ventelisten har fået plads: Bent Ørsted, Carla Winther.')
    await user.should_see('Flere ønsker at deltage')  # in the history
    assert await f.statuses(*members) == ['active', 'active', 'active']
    entry = await AuditEntry.filter(subject='network', action='rules').order_by('-id').first()
    assert entry is not None and (entry.from_value, entry.to_value) == ('1', '3')


async def test_every_bad_value_is_shown_at_its_field_and_nothing_is_saved(user: User) -> None:
    await coordinator_login(user)
    await user.open('/indstillinger')
    user.find(marker='capacity').clear().type('0')
    user.find(marker='meetings_per_year').clear()
    user.find(marker='absence_limit').clear().type('5')
    user.find(marker='offer_reminder_days').clear().type('30')
    user.find(marker='rules-save').click()
    await user.should_see('Intet er gemt. Ret felterne markeret med rødt.')
    assert field_error(user, 'capacity') == 'Skriv et helt tal fra 1 til 1000.'
    assert field_error(user, 'meetings_per_year') == 'Skriv et helt tal fra 1 til 12.'
    assert field_error(user, 'offer_reminder_days') == \
        'Påmindelsen skal komme før fristen: færre dage end de 14 dages svarfrist.'
    assert field_error(user, 'absence_limit') is None
    network = await networks.default_network()
    assert (network.capacity, network.absence_limit, network.meetings_per_year) == (40, 3, 2)
    assert await AuditEntry.filter(subject='network', action='rules').count() == 0


async def test_lowering_the_capacity_explains_that_no_member_is_removed(user: User) -> None:
    members = await people(['Aase Holm', 'Bent Ørsted', 'Carla Winther'], capacity=3)
    await coordinator_login(user)
    await user.open('/indstillinger')
    user.find(marker='capacity').clear().type('1')
    user.find(marker='rules-save').click()
    await user.should_see('Antal pladser ændret fra 3 til 1.')
    await user.should_see('Ingen medlemmer fjernes. 2 pladser er besat ud over det nye antal')
    assert await f.statuses(*members) == ['active', 'active', 'active']


async def test_switching_the_waitlist_mode_and_offer_window_is_saved_and_logged(user: User) -> None:
    await coordinator_login(user)
    await user.open('/indstillinger')
    user.find(marker='waitlist_mode').click()
    user.find('tilbud med svarfrist').click()
    user.find(marker='offer_days').clear().type('10')
    user.find(marker='rules-save').click()
    await user.should_see('Venteliste ændret fra automatisk til tilbud med svarfrist.')
    await user.should_see('Svarfrist for tilbudt plads (dage) ændret fra 14 til 10.')
    network = await Network.get(id=(await networks.default_network()).id)
    assert (network.waitlist_mode, network.offer_days) == ('offer', 10)
    user.find(marker='rules-save').click()
    await user.should_see('Intet er ændret: værdierne er de samme som før.')
