"""Authorisation matrix, data-changing actions (issue 4 §6): the waitlist and offers, agreements and settings. Each
handler for the coordinator (allowed), an account that lost the role while the page stayed open, and a session that
ended; see tests/actions.py for what "refused" asserts."""
from __future__ import annotations

import datetime as dt

import pytest
from nicegui.testing import User

from flnet_ui.services import agreements, membership
from flnet_ui.services.audit import SYSTEM
from tests import actions
from tests.actions import MODES, Prepared, Registry, as_coordinator, click, now, people

CASES = Registry()
case = CASES.case


# --- Venteliste (pages/waitlist.py) ---

@case('waitlist: move', ('waitlist', 'WaitlistView.move_dialog.move'))
async def move(user: User) -> Prepared:
    *_, dorte = await people(['Aase Holm', 'Bent Ørsted', 'Carla Winther', 'Dorte Aagaard'], capacity=1)
    account = await as_coordinator(user, '/venteliste')
    user.find(marker=f'move-{dorte.id}').click()
    user.find(marker='move-position').clear().type('1')
    user.find(marker='move-reason').type('Bytter plads efter aftale')
    return Prepared(account, click(user, 'move-save'), 'Dorte Aagaard er flyttet.')


@case('waitlist: remove', ('waitlist', 'WaitlistView.withdraw_dialog.withdraw'))
async def remove(user: User) -> Prepared:
    _aase, bent = await people(['Aase Holm', 'Bent Ørsted'], capacity=1)
    account = await as_coordinator(user, '/venteliste')
    user.find(marker=f'withdraw-{bent.id}').click()
    return Prepared(account, click(user, 'withdraw-confirm'), 'Bent Ørsted er fjernet fra ventelisten.')


async def an_offer(user: User, *, resigned_days_ago: int = 0, start: dt.datetime | None = None) -> tuple[int, int]:
    """Offer mode, one seat: Aase resigns, so Bent is offered it (Carla waits behind him)."""
    aase, bent, _carla = await people(['Aase Holm', 'Bent Ørsted', 'Carla Winther'], capacity=1, mode='offer',
                                      start=start)
    await membership.resign(membership_id=aase.id, by=SYSTEM, now=now() - dt.timedelta(days=resigned_days_ago))
    return await as_coordinator(user, '/venteliste'), bent.id


@case('offers: accept on their behalf', ('waitlist', 'WaitlistView.attempt'))
async def offer_accept(user: User) -> Prepared:
    account, bent = await an_offer(user)
    return Prepared(account, click(user, f'offer-accept-{bent}'), 'Bent Ørsted har nu en plads.')


@case('offers: declined, stays', ('waitlist', 'WaitlistView.attempt'))
async def offer_decline_keep(user: User) -> Prepared:
    account, bent = await an_offer(user)
    return Prepared(account, click(user, f'offer-decline-keep-{bent}'),
                    'Bent Ørsted har takket nej og står nu sidst på ventelisten.')


@case('offers: declined, leaves', ('waitlist', 'WaitlistView.attempt'))
async def offer_decline_leave(user: User) -> Prepared:
    account, bent = await an_offer(user)
    return Prepared(account, click(user, f'offer-decline-leave-{bent}'),
                    'Bent Ørsted har takket nej og har forladt ventelisten.')


@case('offers: send reminder', ('waitlist', 'WaitlistView.attempt'))
async def offer_remind(user: User) -> Prepared:
    account, bent = await an_offer(user, resigned_days_ago=13)
    return Prepared(account, click(user, f'offer-remind-{bent}'), 'En påmindelse er på vej til Bent Ørsted på e-mail.')


@case('offers: pass on expired', ('waitlist', 'WaitlistView.attempt'))
async def offers_expire(user: User) -> Prepared:
    account, _bent = await an_offer(user, resigned_days_ago=15, start=now() - dt.timedelta(days=40))
    return Prepared(account, click(user, 'expire-offers'),
                    'Udløbne tilbud er givet videre: 1 plads gik til den næste på ventelisten.')


# --- Aftaler (pages/agreements.py) and Indstillinger (pages/settings.py) ---

@case('agreements: grant', ('agreements', 'AgreementsView.new_dialog.save'))
async def grant(user: User) -> Prepared:
    await people(['Aase Holm'])
    account = await as_coordinator(user, '/aftaler')
    user.find(marker='new-agreement').click()
    await user.should_see(marker='agreement-dialog')
    user.find(marker='agreement-member').click()
    user.find('Aase Holm').click()
    user.find(marker='agreement-note').type('Barselsorlov')
    return Prepared(account, click(user, 'agreement-save'), 'Aftalen med Aase Holm er gemt.')


@case('agreements: end', ('agreements', 'AgreementsView.end_dialog.end'))
async def end(user: User) -> Prepared:
    [aase] = await people(['Aase Holm'])
    agreement = await agreements.grant_agreement(membership_id=aase.id, note='Orlov', by=SYSTEM, now=now())
    account = await as_coordinator(user, '/aftaler')
    user.find(marker=f'end-{agreement.id}').click()
    return Prepared(account, click(user, 'end-confirm'), 'Aftalen med Aase Holm er afsluttet.')


@case('settings: save the rules', ('settings', 'SettingsView.save'))
async def save_rules(user: User) -> Prepared:
    account = await as_coordinator(user, '/indstillinger')
    user.find(marker='capacity').clear().type('42')
    user.find(marker='rules-reason').type('Flere ønsker at deltage')
    return Prepared(account, click(user, 'rules-save'), 'Antal pladser ændret fra 40 til 42.')


# Defined after the cases: parametrised by what they registered.
@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('name', list(CASES.cases))
async def test_a_waitlist_or_settings_action(user: User, name: str, mode: str) -> None:
    await actions.run(user, CASES.cases[name], mode)
