"""Min side's view model (services/my_page.py): each status in words, colour and an honest explanation; the waitlist
position; the streak texts around the limit, with an agreement; the attendance history; the upcoming meetings with the
member's own answer; and nothing about anyone else."""
from __future__ import annotations

import datetime as dt

import pytest

from flnet_ui.components import design
from flnet_ui.services import agreements, meetings, membership, my_page, offers, responses, users
from flnet_ui.services.audit import SYSTEM
from models import Answer, AttendanceStatus, Membership, Network, Person, Role, User, WaitlistMode
from tests import factories as f
from tests.conftest import NOW

PRESENT, APOLOGY, ABSENT, EXCUSED = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGY, AttendanceStatus.ABSENT,
                                     AttendanceStatus.EXCUSED)


async def login_of(m: Membership) -> User:
    person = await Person.get(id=m.person_id)
    existing = await User.get_or_none(person_id=person.id)
    return existing or await users.create_user(email=person.email, role=Role.MEMBER, password=None, person_id=person.id,
                                   by=SYSTEM, now=NOW)


async def page_of(m: Membership, *, now: dt.datetime = NOW) -> my_page.MyPage:
    return await my_page.load(user=await login_of(m), now=now)


def days(n: int) -> dt.datetime:
    return NOW + dt.timedelta(days=n)


async def test_a_login_without_a_membership_gets_a_kind_message_and_the_way_to_apply(db):
    await f.network()
    person = await Person.create(name='Ida Intet', email='ida@bib.dk')
    user = await users.create_user(email='ida@bib.dk', role=Role.MEMBER, password=None, person_id=person.id,
                                   by=SYSTEM, now=NOW)
    page = await my_page.load(user=user, now=NOW)
    assert page.membership_id is None and page.status is None
    assert page.headline == 'Vi kan ikke finde et medlemskab af netværket for dit login.'
    assert page.can_apply and page.actions == () and page.streak is None


async def test_an_active_member_is_told_so_in_green_and_may_resign(db):
    net = await f.network()
    member = await f.member(net, now=NOW, name='Bo Ærenlund')
    page = await page_of(member)
    assert (page.status_word, page.colour) == ('aktiv', design.POSITIVE)
    assert page.headline == 'Du er medlem af netværket'
    assert page.explanation == ['Medlem siden onsdag den 4. marts 2026.']
    assert page.actions == ('resign',) and not page.can_apply
    assert page.name == 'Bo Ærenlund'


async def test_the_waitlist_position_is_explained_honestly_in_automatic_mode(db):
    net = await f.network(capacity=2)
    people = await f.members(net, 5, now=NOW)
    page = await page_of(people[4])
    assert (page.status_word, page.colour) == ('på venteliste', design.PRIMARY)
    assert page.position == 3 and page.headline == 'Du er nr. 3 på ventelisten'
    assert page.explanation == ['Pladser bliver ledige, når medlemmer melder sig ud eller bliver udmeldt.',
                                'Der er 2 pladser, og alle er besat.', '2 personer står foran dig.',
                                'Når det er din tur, får du pladsen med det samme.']
    assert page.actions == ('leave',)


async def test_in_offer_mode_the_first_in_line_hears_of_the_offer_and_the_days_to_answer(db):
    net = await f.network(capacity=40, waitlist_mode=WaitlistMode.OFFER, offer_days=10)
    people = await f.members(net, 41, now=NOW)
    page = await page_of(people[40])
    assert page.headline == 'Du er nr. 1 på ventelisten'
    assert 'Der er 40 pladser, og alle er besat.' in page.explanation
    assert 'Du er den første i køen: den næste plads, der bliver ledig, er din.' in page.explanation
    assert page.explanation[-1] == 'Når det er din tur, får du tilbudt pladsen og har 10 dage til at svare.'


async def test_an_offered_seat_shows_the_deadline_and_accept_or_decline(db):
    net = await f.network(capacity=1, waitlist_mode=WaitlistMode.OFFER)
    holder, waiting = await f.members(net, 2, now=NOW)
    await membership.resign(membership_id=holder.id, by=SYSTEM, now=NOW)
    page = await page_of(waiting)
    assert (page.status_word, page.colour) == ('tilbudt plads', design.WARNING)
    assert page.headline == 'Du har fået tilbudt en plads'
    assert page.offer_expires_at == days(14)
    assert any(text.startswith('Svar senest 18. mar. 2026 10.00.') for text in page.explanation)
    assert page.actions == ('accept', 'decline')


async def test_a_pending_application_waits_for_processing_and_can_be_withdrawn(db):
    net = await f.network()
    pending = await f.member(net, now=NOW, approve=False)
    page = await page_of(pending)
    assert page.headline == 'Din ansøgning venter på behandling'
    assert page.explanation[0].startswith('Du søgte onsdag den 4. marts 2026.')
    assert page.actions == ('leave',) and page.upcoming == []


@pytest.mark.parametrize('case', [
    ('resign', 'udmeldt', '#374151', 'Du har meldt dig ud af netværket',
     'Du meldte dig ud onsdag den 11. marts 2026.'),
    ('withdraw', 'trukket tilbage', '#374151', 'Du er ikke længere på ventelisten',
     'Du forlod ventelisten eller trak din ansøgning tilbage onsdag den 11. marts 2026.'),
    ('reject', 'afvist', design.NEGATIVE, 'Din ansøgning blev ikke godkendt',
     'Afgørelsen blev truffet onsdag den 11. marts 2026.'),
])
async def test_a_former_member_is_told_what_happened_and_may_apply_again(db, case):
    end, word, colour, headline, first = case
    net = await f.network()
    person = await f.member(net, now=NOW, approve=end == 'resign')
    if end == 'reject':
        await membership.reject(membership_id=person.id, reason='Ikke fjernlån', by=SYSTEM, now=days(7))
    else:
        await getattr(membership, end)(membership_id=person.id, by=SYSTEM, now=days(7))
    page = await page_of(person, now=days(8))
    assert (page.status_word, page.colour, page.headline) == (word, colour, headline)
    assert page.explanation == [first, 'Du er velkommen til at søge igen.']
    assert page.can_apply and page.actions == ()


async def test_an_automatically_deregistered_member_is_told_why(db):
    net = await f.network(absence_limit=2)
    member = await f.member(net, now=NOW)
    await f.held_meeting(net, dt.date(2026, 4, 1), {member.id: ABSENT})
    await f.held_meeting(net, dt.date(2026, 10, 7), {member.id: APOLOGY})
    page = await page_of(member, now=days(250))
    assert (page.status_word, page.colour) == ('automatisk udmeldt', design.NEGATIVE)
    assert page.explanation[0] == ('Du blev automatisk udmeldt onsdag den 7. oktober 2026, fordi du ikke deltog i '
                                   '2 møder i træk.')
    assert [line.word for line in page.history] == ['afbud', 'udeblev']  # still their own history


async def held(net: Network, member: Membership, statuses: list[AttendanceStatus]) -> None:
    """Closed meetings one a month from April 2026, oldest first, with the member's attendance."""
    for i, status in enumerate(statuses):
        await f.held_meeting(net, dt.date(2026, 4 + i, 1), {member.id: status})


async def test_streak_texts_from_none_to_calm_to_at_risk(db):
    net = await f.network(absence_limit=4)
    member = await f.member(net, now=NOW)
    later = days(300)
    await held(net, member, [APOLOGY, PRESENT])
    page = await page_of(member, now=later)
    assert page.streak is not None and (page.streak.level, page.streak.text) == ('none', 'Intet fravær i træk.')
    assert page.streak.rule == ('Medlemmer, der ikke deltager i 4 møder i træk, bliver automatisk udmeldt, med mindre '
                                'andet er aftalt med koordinatoren.')
    await f.held_meeting(net, dt.date(2026, 7, 1), {member.id: ABSENT})
    await f.held_meeting(net, dt.date(2026, 8, 1), {member.id: EXCUSED})  # skipped: neither counts nor ends it
    await f.held_meeting(net, dt.date(2026, 9, 1), {member.id: APOLOGY})
    streak = (await page_of(member, now=later)).streak
    assert streak is not None and (streak.count, streak.level) == (2, 'calm')
    assert streak.text == 'Du har ikke deltaget i de 2 seneste møder.'
    await f.held_meeting(net, dt.date(2026, 10, 1), {member.id: ABSENT})
    streak = (await page_of(member, now=later)).streak
    assert streak is not None and (streak.count, streak.level) == (3, 'risk')
    assert streak.text == ('Du har ikke deltaget i de 3 seneste møder – deltag i næste møde, ellers bliver du '
                           'automatisk udmeldt')


async def test_with_the_default_limit_two_missed_meetings_give_the_warning(db):
    net = await f.network()
    member = await f.member(net, now=NOW)
    await held(net, member, [PRESENT, APOLOGY, ABSENT])
    page = await page_of(member, now=days(200))
    assert page.streak is not None and page.streak.level == 'risk'
    assert page.streak.text == ('Du har ikke deltaget i de 2 seneste møder – deltag i næste møde, ellers bliver du '
                                'automatisk udmeldt')


async def test_one_missed_meeting_below_the_limit_is_said_calmly_in_the_singular(db):
    net = await f.network()
    member = await f.member(net, now=NOW)
    await held(net, member, [APOLOGY])
    page = await page_of(member, now=days(100))
    assert page.streak is not None and page.streak.level == 'calm'
    assert page.streak.text == 'Du har ikke deltaget i det seneste møde.'


async def test_an_agreement_in_force_is_shown_with_its_note_and_end_date(db):
    net = await f.network()
    member = await f.member(net, now=NOW)
    await agreements.grant_agreement(membership_id=member.id, note='Barselsorlov', until=dt.date(2026, 12, 31),
                                     by=f.COORDINATOR, now=NOW)
    await held(net, member, [APOLOGY, ABSENT])
    page = await page_of(member, now=days(100))
    assert page.streak is not None and page.streak.level == 'agreement'
    assert page.streak.text == ('Du har ikke deltaget i de 2 seneste møder. Du har en aftale med koordinatoren: du '
                                'bliver ikke automatisk udmeldt, mens den gælder.')
    assert page.agreement == my_page.AgreementView('Barselsorlov', dt.date(2026, 12, 31))
    ended = await page_of(member, now=dt.datetime(2027, 1, 2, tzinfo=dt.UTC))
    assert ended.agreement is None and ended.streak is not None and ended.streak.level == 'risk'


async def test_the_history_has_the_held_meetings_since_joining_newest_first_in_danish(db):
    net = await f.network()
    await f.held_meeting(net, dt.date(2026, 2, 1))  # before the member joined: never shown
    member = await f.member(net, now=NOW)
    await held(net, member, [PRESENT, EXCUSED, APOLOGY])
    cancelled = await f.held_meeting(net, dt.date(2026, 8, 1), close=False)
    await meetings.cancel_meeting(meeting_id=cancelled.id, by=f.COORDINATOR, now=days(100))
    page = await page_of(member, now=days(200))
    assert [(line.day, line.word) for line in page.history] == [
        (dt.date(2026, 6, 1), 'afbud'), (dt.date(2026, 5, 1), 'fravær aftalt'), (dt.date(2026, 4, 1), 'deltog')]


async def test_upcoming_meetings_are_planned_and_ahead_with_host_programme_and_own_answer(db):
    net = await f.network()
    host = await f.library('Aalborg Bibliotekerne', 'Aalborg')
    member = await f.member(net, now=NOW)
    other = await f.member(net, now=NOW)
    soon = await meetings.plan_meeting(network_id=net.id, title='Forårets temadag', date=dt.date(2026, 4, 15),
                                       starts_at=dt.time(10), ends_at=dt.time(15, 30), host_library_id=host.id,
                                       address='Rendsburggade 2, 9000 Aalborg', description='Oplæg og gruppearbejde',
                                       by=f.COORDINATOR, now=NOW)
    later = await meetings.plan_meeting(network_id=net.id, title='Efterårets temadag', date=dt.date(2026, 10, 7),
                                        starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR, now=NOW)
    gone = await meetings.plan_meeting(network_id=net.id, title='Aflyst', date=dt.date(2026, 5, 6),
                                       starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR, now=NOW)
    await meetings.cancel_meeting(meeting_id=gone.id, by=f.COORDINATOR, now=NOW)
    await f.held_meeting(net, dt.date(2026, 3, 1), close=False)  # in the past
    await responses.answer(membership_id=member.id, meeting_id=soon.id, answer=Answer.APOLOGY, reason='Ferie',
                           by=SYSTEM, now=NOW)
    await responses.answer(membership_id=other.id, meeting_id=later.id, answer=Answer.ATTENDING, by=SYSTEM, now=NOW)
    page = await page_of(member)
    assert [m.title for m in page.upcoming] == ['Forårets temadag', 'Efterårets temadag']
    first, second = page.upcoming
    assert (first.host, first.address, first.description) == ('Aalborg Bibliotekerne',
                                                              'Rendsburggade 2, 9000 Aalborg', 'Oplæg og gruppearbejde')
    assert (first.answer, first.reason, first.can_answer) == (Answer.APOLOGY, 'Ferie', True)
    assert (second.answer, second.host) == (None, 'Statsbiblioteket')  # someone else's answer is not theirs
    on_the_day = await page_of(other, now=soon.starts_at)
    assert [m.title for m in on_the_day.upcoming] == ['Efterårets temadag']


async def test_a_waitlisted_member_sees_the_programme_but_cannot_answer(db):
    net = await f.network(capacity=1)
    _active, waiting = await f.members(net, 2, now=NOW)
    await meetings.plan_meeting(network_id=net.id, title='Temadag', date=dt.date(2026, 4, 15), starts_at=dt.time(10),
                                ends_at=dt.time(15), by=f.COORDINATOR, now=NOW)
    page = await page_of(waiting)
    assert [(m.title, m.can_answer) for m in page.upcoming] == [('Temadag', False)]


async def test_the_page_holds_nothing_about_anyone_else(db):
    net = await f.network(capacity=1, waitlist_mode=WaitlistMode.OFFER)
    ahead = await f.member(net, now=NOW, name='Anne Foran')
    me = await f.member(net, now=days(1), name='Mig Selv')
    behind = await f.member(net, now=days(2), name='Bent Bagved')
    await offers.expire_offers(network_id=net.id, now=NOW)
    text = repr(await page_of(me))
    for other in (ahead, behind):
        person = await Person.get(id=other.person_id)
        assert person.name not in text and person.email not in text
    assert 'Mig Selv' in text
