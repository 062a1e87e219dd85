"""Authorisation matrix, data-changing actions (issue 4 §6), members' half: Min side (answer, resign, leave the
waitlist, accept or decline an offer), the calendar subscription and the password. Each for the member (allowed), an
account made coordinator while the page stayed open, and a session that ended (tests/actions.py). And a member can
never act on another member's membership: services/self_service.py refuses, whatever id the browser sends."""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from nicegui.testing import User

from flnet_ui.services import calendar, meetings, membership, networks, responses, self_service, users
from flnet_ui.services.audit import SYSTEM
from flnet_ui.services.errors import DomainError
from models import Answer, Membership, MembershipStatus, Person, Role
from models import User as Login
from tests import actions
from tests import factories as f
from tests.actions import MODES, Prepared, Registry, click, now, people
from tests.conftest import NOW

CASES = Registry()
case = CASES.case
MY_PAGE = ('my_page', 'MyPageView.act')  # every action on Min side goes through this one guard


async def as_member(user: User, member: Membership, path: str) -> int:
    person = await Person.get(id=member.person_id)
    account = await actions.log_in(user, role=Role.MEMBER, email=person.email, person_id=person.id)
    await user.open(path)
    await user.should_see(marker='page-title')
    return account


async def a_meeting() -> int:
    network = await networks.default_network()
    meeting = await meetings.plan_meeting(network_id=network.id, title='Forårets temadag',
                                          date=now().date() + dt.timedelta(days=20), starts_at=dt.time(10),
                                          ends_at=dt.time(15), by=f.COORDINATOR, now=now())
    return meeting.id


# --- Min side (pages/my_page.py, pages/my_page_sections.py) ---

@case('my page: attending', MY_PAGE, Role.MEMBER)
async def attend(user: User) -> Prepared:
    [bo] = await people(['Bo Ærenlund'])
    meeting = await a_meeting()
    account = await as_member(user, bo, '/min-side')
    return Prepared(account, click(user, f'attend-{meeting}'), 'Du er tilmeldt.')


@case('my page: apologies', MY_PAGE, Role.MEMBER)
async def apologies(user: User) -> Prepared:
    [bo] = await people(['Bo Ærenlund'])
    meeting = await a_meeting()
    account = await as_member(user, bo, '/min-side')
    user.find(marker=f'apology-{meeting}').click()
    user.find(marker='apology-reason').type('Kursus i Odense')
    return Prepared(account, click(user, 'apology-confirm'), 'Dit afbud er registreret.')


@case('my page: withdraw the answer', MY_PAGE, Role.MEMBER)
async def withdraw_answer(user: User) -> Prepared:
    [bo] = await people(['Bo Ærenlund'])
    meeting = await a_meeting()
    await responses.answer(membership_id=bo.id, meeting_id=meeting, answer=Answer.ATTENDING, by=SYSTEM, now=now())
    account = await as_member(user, bo, '/min-side')
    return Prepared(account, click(user, f'unanswer-{meeting}'), 'Dit svar er fjernet.')


@case('my page: resign', MY_PAGE, Role.MEMBER)
async def resign(user: User) -> Prepared:
    [bo] = await people(['Bo Ærenlund'])
    account = await as_member(user, bo, '/min-side')
    user.find(marker='resign').click()
    user.find(marker='confirm-reason').type('Nyt job')
    return Prepared(account, click(user, 'confirm-ok'), 'Du har meldt dig ud af netværket.')


@case('my page: leave the waitlist', MY_PAGE, Role.MEMBER)
async def leave(user: User) -> Prepared:
    _aase, bo = await people(['Aase Holm', 'Bo Ærenlund'], capacity=1)
    account = await as_member(user, bo, '/min-side')
    user.find(marker='leave').click()
    return Prepared(account, click(user, 'confirm-ok'), 'Du har forladt ventelisten.')


async def offered(user: User) -> int:
    """Offer mode, one seat: Aase resigns, so Bo (next in line, logged in) is offered it."""
    aase, bo, _carla = await people(['Aase Holm', 'Bo Ærenlund', 'Carla Winther'], capacity=1, mode='offer')
    await membership.resign(membership_id=aase.id, by=SYSTEM, now=now())
    return await as_member(user, bo, '/min-side')


@case('my page: accept the offered seat', MY_PAGE, Role.MEMBER)
async def accept(user: User) -> Prepared:
    account = await offered(user)
    user.find(marker='accept-offer').click()
    return Prepared(account, click(user, 'confirm-ok'), 'Velkommen: du har nu en plads i netværket.')


@case('my page: decline the offered seat', MY_PAGE, Role.MEMBER)
async def decline(user: User) -> Prepared:
    account = await offered(user)
    user.find(marker='decline-offer').click()
    return Prepared(account, click(user, 'confirm-ok'), 'Du har sagt nej tak og er nu sidst på ventelisten.')


# --- Kalender (pages/calendar.py) and Adgangskode (pages/my_password.py) ---

CALENDAR = ('calendar', '_subscription.change')


@case('calendar: turn on', CALENDAR, Role.MEMBER)
async def calendar_on(user: User) -> Prepared:
    [bo] = await people(['Bo Ærenlund'])
    account = await as_member(user, bo, '/min-side/kalender')
    return Prepared(account, click(user, 'calendar-on'), 'Kalenderen er slået til.')


async def calendar_page_with_feed(user: User, button: str) -> int:
    [bo] = await people(['Bo Ærenlund'])
    account = await as_member(user, bo, '/min-side')
    await calendar.renew_calendar_token(user=account, by=SYSTEM, now=now())
    await user.open('/min-side/kalender')
    user.find(marker=button).click()
    await user.should_see(marker=f'{button}-dialog')
    return account


@case('calendar: renew the address', CALENDAR, Role.MEMBER)
async def calendar_renew(user: User) -> Prepared:
    account = await calendar_page_with_feed(user, 'calendar-renew')
    return Prepared(account, click(user, 'calendar-renew-confirm'), 'Din kalender har fået et nyt link.')


@case('calendar: turn off', CALENDAR, Role.MEMBER)
async def calendar_off(user: User) -> Prepared:
    account = await calendar_page_with_feed(user, 'calendar-revoke')
    return Prepared(account, click(user, 'calendar-revoke-confirm'), 'Kalenderen er slået fra.')


@case('password: change', ('my_password', 'PasswordForm.save'), Role.MEMBER)
async def change_password(user: User) -> Prepared:
    [bo] = await people(['Bo Ærenlund'])
    account = await as_member(user, bo, '/min-side/adgangskode')
    user.find(marker='current-password').type(actions.PASSWORD)
    user.find(marker='new-password').type('et-helt-nyt-kodeord-2026')
    user.find(marker='repeat-password').type('et-helt-nyt-kodeord-2026')
    return Prepared(account, click(user, 'password-save'), 'Din adgangskode er gemt. Nu kan du også logge ind med din '
                    'e-mailadresse og adgangskode.')


# Defined after the cases: parametrised by what they registered.
@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('name', list(CASES.cases))
async def test_a_member_action(user: User, name: str, mode: str) -> None:
    await actions.run(user, CASES.cases[name], mode)


# --- Only one's own membership (services/self_service.py) ---

Verb = Callable[[Login, int, int], Awaitable[Any]]
VERBS: dict[str, tuple[str, Verb]] = {  # the state in which the owner may do it, and the call
    'answer': ('active', lambda u, m, meeting: self_service.answer_meeting(
        user=u, membership_id=m, meeting_id=meeting, answer=Answer.APOLOGY, reason='Syg', now=NOW)),
    'withdraw answer': ('answered', lambda u, m, meeting: self_service.withdraw_answer(
        user=u, membership_id=m, meeting_id=meeting, now=NOW)),
    'resign': ('active', lambda u, m, _: self_service.resign(user=u, membership_id=m, now=NOW)),
    'leave the waitlist': ('waitlisted', lambda u, m, _: self_service.leave(user=u, membership_id=m, now=NOW)),
    'accept the offer': ('offered', lambda u, m, _: self_service.accept_offer(user=u, membership_id=m, now=NOW)),
    'decline the offer': ('offered', lambda u, m, _: self_service.decline_offer(user=u, membership_id=m,
                                                                                keep_place=True, now=NOW)),
}


async def scene(state: str) -> tuple[Membership, Login, Login, int]:
    """Anne's membership in `state`; logins for Anne and for Bo, another member; a coming meeting."""
    net = await f.network(capacity=1 if state in ('waitlisted', 'offered') else 40, waitlist_mode='offer')
    first = await f.member(net, now=NOW - dt.timedelta(days=9), name='Carl Først')
    anne = await f.member(net, now=NOW - dt.timedelta(days=8), name='Anne Ejer')
    bo = await f.member(net, now=NOW - dt.timedelta(days=7), name='Bo Anden')
    if state == 'offered':
        await membership.resign(membership_id=first.id, by=SYSTEM, now=NOW - dt.timedelta(days=1))
        assert (await f.refreshed(anne)).status == MembershipStatus.OFFERED
    meeting = await meetings.plan_meeting(network_id=net.id, title='Temadag', date=NOW.date() + dt.timedelta(days=20),
                                          starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR, now=NOW)
    if state == 'answered':
        await responses.answer(membership_id=anne.id, meeting_id=meeting.id, answer=Answer.ATTENDING, by=SYSTEM,
                               now=NOW)
    logins = [await users.create_user(email=f'{who}@login.dk', role=Role.MEMBER, password=None,
                                      person_id=m.person_id, by=SYSTEM, now=NOW) for who, m in (('anne', anne),
                                                                                               ('bo', bo))]
    return anne, logins[0], logins[1], meeting.id


@pytest.mark.parametrize('verb', list(VERBS))
async def test_a_member_cannot_act_on_another_members_membership(db, verb: str) -> None:  # type: ignore[no-untyped-def]
    state, call = VERBS[verb]
    anne, anne_login, bo_login, meeting = await scene(state)
    before = await actions.snapshot()
    with pytest.raises(DomainError) as refused:
        await call(bo_login, anne.id, meeting)
    assert refused.value.message == 'Dette er ikke dit medlemskab.'
    assert await actions.snapshot() == before
    await call(anne_login, anne.id, meeting)  # the control: the owner may, so the refusal was about whose it is
    assert await actions.snapshot() != before

