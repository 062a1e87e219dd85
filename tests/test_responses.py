"""Answers before a meeting (services/responses.py) and the member's own actions (services/self_service.py): only an
active member, only a planned meeting of their network, only before it starts; one answer per member and meeting;
audited; the roll call sees it; and nobody acts on a membership that is not theirs."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from flnet_ui import events
from flnet_ui.services import meetings, membership, responses, roll_call, self_service, users
from flnet_ui.services.audit import SYSTEM
from flnet_ui.services.errors import DomainError
from models import Answer, AuditEntry, MeetingResponse, Membership, MembershipStatus, Person, Role, User, WaitlistMode
from tests import factories as f
from tests.conftest import NOW

DAY = dt.date(2026, 4, 15)


async def planned(net, day=DAY):  # type: ignore[no-untyped-def]
    return await meetings.plan_meeting(network_id=net.id, title='Temadag', date=day, starts_at=dt.time(10),
                                       ends_at=dt.time(15), by=f.COORDINATOR, now=NOW)


async def login_of(m: Membership) -> User:
    person = await Person.get(id=m.person_id)
    return await users.create_user(email=person.email, role=Role.MEMBER, password=None, person_id=person.id,
                                   by=SYSTEM, now=NOW)


async def test_an_active_member_answers_changes_the_answer_and_the_roll_call_sees_it(db):
    net = await f.network()
    member = await f.member(net, now=NOW, name='Bo Ærenlund')
    meeting = await planned(net)
    seen: list[int] = []
    events.attendance.subscribe(seen.append, unsubscribe_on_delete=False)
    user = await login_of(member)
    await self_service.answer_meeting(user=user, membership_id=member.id, meeting_id=meeting.id,
                                      answer=Answer.ATTENDING, reason='ignored', now=NOW)
    assert (await roll_call.answers(meeting.id)).attending == ['Bo Ærenlund']
    await self_service.answer_meeting(user=user, membership_id=member.id, meeting_id=meeting.id,
                                      answer=Answer.APOLOGY, reason='  Kursus  ', now=NOW + dt.timedelta(days=1))
    assert (await roll_call.answers(meeting.id)).apology == [('Bo Ærenlund', 'Kursus')]
    response = await MeetingResponse.get(meeting_id=meeting.id, membership_id=member.id)
    assert await MeetingResponse.all().count() == 1 and response.answered_at == NOW + dt.timedelta(days=1)
    trail = await AuditEntry.filter(subject='meeting', subject_id=meeting.id, action='answer').order_by('id')
    assert [(e.from_value, e.to_value, e.reason, e.actor_id) for e in trail] == [
        ('', 'attending', '', user.id), ('attending', 'apology', 'Kursus', user.id)]
    assert seen == [net.id, net.id]


async def test_the_reason_is_at_most_500_characters(db):
    net = await f.network()
    member = await f.member(net, now=NOW)
    meeting = await planned(net)
    with pytest.raises(DomainError) as error:
        await responses.answer(membership_id=member.id, meeting_id=meeting.id, answer=Answer.APOLOGY, reason='x' * 501,
                               by=SYSTEM, now=NOW)
    assert error.value.field == 'reason' and error.value.message == 'Begrundelsen må højst være på 500 tegn.'
    await responses.answer(membership_id=member.id, meeting_id=meeting.id, answer=Answer.APOLOGY, reason='x' * 500,
                           by=SYSTEM, now=NOW)


async def test_no_answer_once_the_meeting_has_started(db):
    net = await f.network()
    member = await f.member(net, now=NOW)
    meeting = await planned(net)
    await responses.answer(membership_id=member.id, meeting_id=meeting.id, answer=Answer.ATTENDING, by=SYSTEM,
                           now=meeting.starts_at - dt.timedelta(minutes=1))
    with pytest.raises(DomainError, match='Mødet er begyndt'):
        await responses.answer(membership_id=member.id, meeting_id=meeting.id, answer=Answer.APOLOGY, by=SYSTEM,
                               now=meeting.starts_at)
    with pytest.raises(DomainError, match='Mødet er begyndt'):
        await responses.withdraw_answer(membership_id=member.id, meeting_id=meeting.id, by=SYSTEM,
                                        now=meeting.starts_at + dt.timedelta(hours=1))
    assert (await MeetingResponse.get(meeting_id=meeting.id)).answer == Answer.ATTENDING


async def test_a_cancelled_or_running_meeting_takes_no_answers(db):
    net = await f.network()
    member = await f.member(net, now=NOW)
    cancelled, running = await planned(net), await planned(net, dt.date(2026, 3, 4))
    await meetings.cancel_meeting(meeting_id=cancelled.id, by=f.COORDINATOR, now=NOW)
    await roll_call.start_roll_call(meeting_id=running.id, by=f.COORDINATOR, now=NOW)  # the day itself, before 10
    for meeting in (cancelled, running):
        with pytest.raises(DomainError, match=re.escape('Der kan kun svares på et planlagt møde.')):
            await responses.answer(membership_id=member.id, meeting_id=meeting.id, answer=Answer.ATTENDING,
                                   by=SYSTEM, now=NOW)


async def test_a_waitlisted_member_cannot_answer(db):
    net = await f.network(capacity=1)
    _active, waiting = await f.members(net, 2, now=NOW)
    meeting = await planned(net)
    with pytest.raises(DomainError, match='Kun aktive medlemmer'):
        await self_service.answer_meeting(user=await login_of(waiting), membership_id=waiting.id,
                                          meeting_id=meeting.id, answer=Answer.ATTENDING, now=NOW)
    assert not await MeetingResponse.exists()


async def test_a_meeting_of_another_network_cannot_be_answered(db):
    net, other_net = await f.network(), await f.network()
    member = await f.member(net, now=NOW)
    meeting = await planned(other_net)
    with pytest.raises(DomainError, match=re.escape('Mødet findes ikke.')):
        await responses.answer(membership_id=member.id, meeting_id=meeting.id, answer=Answer.ATTENDING, by=SYSTEM,
                               now=NOW)


async def test_withdrawing_an_answer_removes_it_and_is_logged(db):
    net = await f.network()
    member = await f.member(net, now=NOW)
    meeting = await planned(net)
    user = await login_of(member)
    with pytest.raises(DomainError, match=re.escape('Du har ikke svaret på dette møde.')):
        await self_service.withdraw_answer(user=user, membership_id=member.id, meeting_id=meeting.id, now=NOW)
    await self_service.answer_meeting(user=user, membership_id=member.id, meeting_id=meeting.id,
                                      answer=Answer.APOLOGY, now=NOW)
    await self_service.withdraw_answer(user=user, membership_id=member.id, meeting_id=meeting.id, now=NOW)
    assert not await MeetingResponse.exists()
    entry = await AuditEntry.get(action='withdraw answer')
    assert (entry.subject_id, entry.from_value, entry.actor_id) == (meeting.id, 'apology', user.id)


async def test_nobody_acts_on_a_membership_that_is_not_theirs(db):
    net = await f.network(capacity=1, waitlist_mode=WaitlistMode.OFFER)
    mine, theirs = await f.members(net, 2, now=NOW)
    meeting = await planned(net)
    me = await login_of(mine)
    coordinator = await users.create_user(email='k@sb.dk', role=Role.COORDINATOR, password=None, by=SYSTEM, now=NOW)
    attempts = [
        lambda user: self_service.answer_meeting(user=user, membership_id=theirs.id, meeting_id=meeting.id,
                                                 answer=Answer.ATTENDING, now=NOW),
        lambda user: self_service.withdraw_answer(user=user, membership_id=theirs.id, meeting_id=meeting.id, now=NOW),
        lambda user: self_service.resign(user=user, membership_id=theirs.id, now=NOW),
        lambda user: self_service.leave(user=user, membership_id=theirs.id, now=NOW),
        lambda user: self_service.accept_offer(user=user, membership_id=theirs.id, now=NOW),
        lambda user: self_service.decline_offer(user=user, membership_id=theirs.id, keep_place=False, now=NOW),
        lambda user: self_service.leave(user=user, membership_id=10**6, now=NOW),
    ]
    for attempt in attempts:
        for user in (me, coordinator):
            with pytest.raises(DomainError, match=re.escape('Dette er ikke dit medlemskab.')):
                await attempt(user)
    assert await f.statuses(mine, theirs) == [MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED]
    # the coordinator's login is never a member's, even for the coordinator's own membership id
    assert coordinator.person_id is None


async def test_a_member_resigns_and_the_seat_goes_on_logged_as_the_member(db):
    net = await f.network(capacity=1)
    member, waiting = await f.members(net, 2, now=NOW)
    user = await login_of(member)
    with pytest.raises(DomainError, match='Kun en ansøgning eller en plads på ventelisten'):
        await self_service.leave(user=user, membership_id=member.id, now=NOW)
    await self_service.resign(user=user, membership_id=member.id, reason='', now=NOW)
    assert await f.statuses(member, waiting) == [MembershipStatus.RESIGNED, MembershipStatus.ACTIVE]
    entry = (await f.status_trail(member))[-1]
    assert (entry.actor_id, entry.actor_name, entry.reason) == (user.id, user.email, 'Meldte sig ud på Min side')
    with pytest.raises(DomainError, match=re.escape('Kun et aktivt medlem kan melde sig ud.')):
        await self_service.resign(user=user, membership_id=member.id, now=NOW)


async def test_leaving_the_waitlist_and_withdrawing_an_application(db):
    net = await f.network(capacity=1)
    _active, waiting = await f.members(net, 2, now=NOW)
    pending = await f.member(net, now=NOW, approve=False)
    await self_service.leave(user=await login_of(waiting), membership_id=waiting.id, now=NOW)
    await self_service.leave(user=await login_of(pending), membership_id=pending.id, reason='Nyt job', now=NOW)
    assert await f.statuses(waiting, pending) == [MembershipStatus.WITHDRAWN, MembershipStatus.WITHDRAWN]
    assert [(await f.status_trail(m))[-1].reason for m in (waiting, pending)] == [
        'Forlod ventelisten på Min side', 'Nyt job']


@pytest.mark.parametrize(('keep', 'expected'), [(True, MembershipStatus.WAITLISTED),
                                                (False, MembershipStatus.WITHDRAWN)])
async def test_an_offered_seat_is_declined_keeping_the_place_or_leaving(db, keep, expected):
    net = await f.network(capacity=1, waitlist_mode=WaitlistMode.OFFER)
    holder, first, second = await f.members(net, 3, now=NOW)
    await membership.resign(membership_id=holder.id, by=SYSTEM, now=NOW)
    user = await login_of(first)
    await self_service.decline_offer(user=user, membership_id=first.id, keep_place=keep, now=NOW)
    assert await f.statuses(first, second) == [expected, MembershipStatus.OFFERED]
    assert (await f.status_trail(first))[-1].actor_id == user.id


async def test_an_offered_seat_is_accepted(db):
    net = await f.network(capacity=1, waitlist_mode=WaitlistMode.OFFER)
    holder, first = await f.members(net, 2, now=NOW)
    await membership.resign(membership_id=holder.id, by=SYSTEM, now=NOW)
    user = await login_of(first)
    await self_service.accept_offer(user=user, membership_id=first.id, now=NOW + dt.timedelta(days=1))
    assert await f.statuses(first) == [MembershipStatus.ACTIVE]
    await f.assert_audit_complete(first)
