"""Venteliste: the ordered waitlist, moving with a required reason, withdrawing, and offers in offer mode."""
from __future__ import annotations

import datetime as dt

from nicegui.testing import User

from flnet_ui.services import membership, networks, rules
from flnet_ui.services.audit import SYSTEM
from models import AuditEntry, Membership, MembershipStatus, OutgoingMail
from tests import factories as f
from tests.login import coordinator_login, member_login


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def full_network(names: list[str], *, capacity: int = 1, mode: str = 'automatic',
                       at: dt.datetime | None = None) -> list[Membership]:
    """The default network with `capacity` seats and these people applying in order (the first ones get seats)."""
    network = await networks.default_network()
    await rules.update_rules(network_id=network.id, capacity=capacity, waitlist_mode=mode, by=SYSTEM, now=now())
    start = at or now() - dt.timedelta(days=30)
    return [await membership.apply(network_id=network.id, name=name, email=f'p{i}@bib.dk', approve=True, by=SYSTEM,
                                   now=start + dt.timedelta(minutes=i)) for i, name in enumerate(names)]


async def test_a_visitor_is_sent_to_the_login_page(user: User) -> None:
    await user.open('/venteliste')
    await user.should_see(marker='email')
    await user.should_not_see('I kø')


async def test_a_member_is_told_the_page_is_not_for_them(user: User) -> None:
    [bo] = await full_network(['Bo Ærenlund'])
    await member_login(user, bo)
    await user.open('/venteliste')
    await user.should_see(marker='no-access')
    await user.should_not_see('I kø')


async def test_the_waitlist_shows_everyone_in_order_with_days_waited(user: User) -> None:
    await full_network(['Aase Holm', 'Bent Ørsted', 'Carla Winther'])
    await coordinator_login(user)
    await user.open('/venteliste')
    await user.should_see('Venteliste')
    await user.should_see('2 personer venter, i ansøgningsrækkefølge.')
    await user.should_see('Bent Ørsted')
    await user.should_see('Nr. 2')
    await user.should_see('ventet 30 dage')
    await user.should_not_see('Aase Holm')  # active, not waiting
    await user.should_not_see('Tilbudte pladser')  # automatic mode


async def test_moving_needs_a_reason_and_a_valid_position_then_is_logged(user: User) -> None:
    _aase, bent, carla, dorte = await full_network(['Aase Holm', 'Bent Ørsted', 'Carla Winther', 'Dorte Aagaard'])
    await coordinator_login(user)
    await user.open('/venteliste')
    user.find(marker=f'move-{dorte.id}').click()
    await user.should_see(marker='move-dialog')
    user.find(marker='move-position').clear().type('1')
    user.find(marker='move-save').click()
    await user.should_see('Skriv en begrundelse.')
    network = await networks.default_network()
    assert await f.waitlist_ids(network) == [bent.id, carla.id, dorte.id]
    user.find(marker='move-reason').type('Bytter plads efter aftale')
    user.find(marker='move-position').clear().type('7')
    user.find(marker='move-save').click()
    await user.should_see('Vælg en plads fra 1 til 3.')
    assert await f.waitlist_ids(network) == [bent.id, carla.id, dorte.id]
    user.find(marker='move-position').clear().type('1')
    user.find(marker='move-save').click()
    await user.should_see('Dorte Aagaard er flyttet.')
    assert await f.waitlist_ids(network) == [dorte.id, bent.id, carla.id]
    [entry] = await AuditEntry.filter(action='move')
    assert (entry.from_value, entry.to_value, entry.reason) == ('3', '1', 'Bytter plads efter aftale')


async def test_removing_from_the_waitlist_asks_first_and_takes_an_optional_reason(user: User) -> None:
    _aase, bent = await full_network(['Aase Holm', 'Bent Ørsted'])
    await coordinator_login(user)
    await user.open('/venteliste')
    user.find(marker=f'withdraw-{bent.id}').click()
    await user.should_see('Fjern Bent Ørsted fra ventelisten?')
    user.find(marker='withdraw-reason').type('Har fået nyt job')
    user.find(marker='withdraw-confirm').click()
    await user.should_see('Bent Ørsted er fjernet fra ventelisten.')
    await user.should_see(marker='waitlist-empty')
    assert (await f.refreshed(bent)).status == MembershipStatus.WITHDRAWN
    assert (await f.status_trail(bent))[-1].reason == 'Har fået nyt job'


async def test_the_waitlist_updates_live_when_someone_applies(user: User) -> None:
    await full_network(['Aase Holm'])
    await coordinator_login(user)
    await user.open('/venteliste')
    await user.should_see(marker='waitlist-empty')
    network = await networks.default_network()
    await membership.apply(network_id=network.id, name='Erik Ågård', email='erik@bib.dk', approve=True, by=SYSTEM,
                           now=now())
    await user.should_see('Erik Ågård')
    await user.should_see('1 person venter, i ansøgningsrækkefølge.')


async def test_offer_mode_shows_offers_and_accepting_on_their_behalf_seats_the_person(user: User) -> None:
    aase, bent, _carla = await full_network(['Aase Holm', 'Bent Ørsted', 'Carla Winther'], mode='offer')
    await membership.resign(membership_id=aase.id, by=SYSTEM, now=now())
    await coordinator_login(user)
    await user.open('/venteliste')
    await user.should_see('Tilbudte pladser')
    await user.should_see(marker=f'offer-{bent.id}')
    await user.should_see('dage tilbage')
    user.find(marker=f'offer-accept-{bent.id}').click()
    await user.should_see('Bent Ørsted har nu en plads.')
    await user.should_see(marker='offers-empty')
    assert (await f.refreshed(bent)).status == MembershipStatus.ACTIVE


async def test_declining_either_keeps_the_place_at_the_back_or_leaves(user: User) -> None:
    aase, bent, carla, dorte = await full_network(['Aase Holm', 'Bent Ørsted', 'Carla Winther', 'Dorte Aagaard'],
                                                  mode='offer')
    await membership.resign(membership_id=aase.id, by=SYSTEM, now=now())
    await coordinator_login(user)
    await user.open('/venteliste')
    user.find(marker=f'offer-decline-keep-{bent.id}').click()
    await user.should_see('Bent Ørsted har takket nej og står nu sidst på ventelisten.')
    await user.should_see(marker=f'offer-{carla.id}')
    assert await f.statuses(bent, carla) == ['waitlisted', 'offered']
    user.find(marker=f'offer-decline-leave-{carla.id}').click()
    await user.should_see('Carla Winther har takket nej og har forladt ventelisten.')
    assert await f.statuses(bent, carla, dorte) == ['waitlisted', 'withdrawn', 'offered']


async def test_a_due_reminder_is_sent_by_email_and_marked(user: User) -> None:
    aase, bent, _carla = await full_network(['Aase Holm', 'Bent Ørsted', 'Carla Winther'], mode='offer')
    await membership.resign(membership_id=aase.id, by=SYSTEM, now=now() - dt.timedelta(days=13))  # 1 day left
    await coordinator_login(user)
    await user.open('/venteliste')
    await user.should_see('Påmindelse skal sendes nu.')
    user.find(marker=f'offer-remind-{bent.id}').click()
    await user.should_see('En påmindelse er på vej til Bent Ørsted på e-mail.')
    await user.should_see('Påmindet')
    assert (await f.refreshed(bent)).offer_reminded_at is not None
    assert await OutgoingMail.filter(subject__startswith='Påmindelse: Svar på tilbuddet').count() == 1


async def test_an_expired_offer_can_be_passed_on_now(user: User) -> None:
    aase, bent, carla = await full_network(['Aase Holm', 'Bent Ørsted', 'Carla Winther'], mode='offer',
                                           at=now() - dt.timedelta(days=40))
    await membership.resign(membership_id=aase.id, by=SYSTEM, now=now() - dt.timedelta(days=15))
    await coordinator_login(user)
    await user.open('/venteliste')
    await user.should_see('er udløbet')
    user.find(marker='expire-offers').click()
    await user.should_see('Udløbne tilbud er givet videre: 1 plads gik til den næste på ventelisten.')
    assert await f.statuses(bent, carla) == ['waitlisted', 'offered']

