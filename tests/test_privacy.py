"""Personal data (GDPR, issue 4 §5): a member's own data, anonymising a former member, and the retention list."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from flnet_ui.services import (
    agreements,
    attendance,
    calendar,
    login_links,
    meetings,
    membership,
    people,
    privacy,
    responses,
    rules,
    seats,
    sessions,
    users,
)
from flnet_ui.services.audit import SYSTEM, Actor
from flnet_ui.services.errors import DomainError
from flnet_ui.services.rules import RulesInvalid
from models import (
    Agreement,
    Answer,
    AttendanceRecord,
    AttendanceStatus,
    AuditEntry,
    LoginAttempt,
    LoginLink,
    LoginSession,
    MailStatus,
    MeetingResponse,
    Membership,
    MembershipStatus,
    OutgoingMail,
    Person,
    RateLimitHit,
    Role,
    User,
)
from tests import factories as f
from tests.conftest import NOW

NAME, EMAIL, PHONE = 'Åse Ærenlund-Østergård', 'aase.ostergaard@koege.dk', '+45 12 34 56 78'
SECRET_REASON = 'Åse flytter til Aalborg og er sygemeldt'
PASSWORD = 'et-langt-kodeord-2026'
COORDINATOR = Actor(None, 'koordinator@sb.dk')


async def rich_member(net):  # type: ignore[no-untyped-def]
    """A member with everything the app can store about a person: an application with a receipt e-mail, a login with
    a session, a login link, failed logins, a calendar feed, an edited phone number, an agreement, an answer with a
    reason, attendance with a note, and a resignation with a free-text reason."""
    library = await f.library('Køge Bibliotek', 'Køge')
    applied = await membership.apply(network_id=net.id, name=NAME, email=EMAIL, library_id=library.id,
                                     job_title='Fjernlånsansvarlig', motivation='Jeg elsker fjernlån', consented=True,
                                     by=SYSTEM, now=NOW)
    await membership.approve(membership_id=applied.id, by=COORDINATOR, now=NOW)
    await people.update_person(person_id=applied.person_id, name=NAME, email=EMAIL, phone=PHONE,
                               job_title='Fjernlånsansvarlig', library_id=library.id, by=COORDINATOR, now=NOW)
    user = await users.create_user(email=EMAIL, role=Role.MEMBER, password=PASSWORD, person_id=applied.person_id,
                                   by=SYSTEM, now=NOW)
    await sessions.log_in(email=EMAIL, password=PASSWORD, address='10.0.0.1', now=NOW)
    with pytest.raises(DomainError):
        await sessions.log_in(email=EMAIL, password='forkert-kodeord', address='10.0.0.1', now=NOW)
    await login_links.request_link(email=EMAIL, address='10.0.0.1', now=NOW)
    await calendar.renew_calendar_token(user=user, by=f.COORDINATOR, now=NOW)
    await agreements.grant_agreement(membership_id=applied.id, note=f'{NAME} har orlov', by=COORDINATOR, now=NOW)
    coming = await meetings.plan_meeting(network_id=net.id, title='Temadag i Køge', date=dt.date(2026, 5, 6),
                                         starts_at=dt.time(10), ends_at=dt.time(15), by=COORDINATOR, now=NOW)
    await responses.answer(membership_id=applied.id, meeting_id=coming.id, answer=Answer.APOLOGY,
                           reason=SECRET_REASON, by=SYSTEM, now=NOW)
    held = await f.held_meeting(net, dt.date(2026, 2, 4), close=False)
    await attendance.record_attendance(meeting_id=held.id, membership_id=applied.id, status=AttendanceStatus.EXCUSED,
                                       note=SECRET_REASON, by=COORDINATOR, now=NOW)
    await attendance.close_meeting(meeting_id=held.id, by=COORDINATOR, now=NOW)
    return applied, user, coming, held


# --- own data ---

async def test_own_data_holds_the_members_own_records_and_nobody_elses(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    other = await f.member(net, now=NOW, name='Bent Bibliotekar')
    other_person = await Person.get(id=other.person_id)
    _mine, user, coming, held = await rich_member(net)

    data = await privacy.own_data(user=user, now=NOW)
    text = json.dumps(data, ensure_ascii=False)

    assert data['person']['name'] == NAME and data['person']['email'] == EMAIL and data['person']['phone'] == PHONE
    assert data['person']['library'] == 'Køge Bibliotek' and data['person']['consent_at']
    assert [m['motivation'] for m in data['memberships']] == ['Jeg elsker fjernlån']
    assert [(a['meeting'], a['status'], a['note']) for a in data['attendance']] == [
        (held.title, 'excused', SECRET_REASON)]
    assert [(a['meeting'], a['answer'], a['reason']) for a in data['answers']] == [
        (coming.title, 'apology', SECRET_REASON)]
    assert [a['note'] for a in data['agreements']] == [f'{NAME} har orlov']
    assert data['logins']['sessions_started'] and data['logins']['accounts'][0]['calendar_feed'] is True
    sent = await OutgoingMail.filter(to_address=EMAIL).values_list('subject', flat=True)
    assert sent and sorted(mail['subject'] for mail in data['emails']) == sorted(sent)
    assert {entry['by'] for entry in data['history']} <= {'dig', 'reglerne', 'koordinator'}
    assert other_person.name not in text and other_person.email not in text
    assert COORDINATOR.name not in text and f.COORDINATOR.name not in text  # the coordinator only as a role
    assert '$argon2' not in text and (await User.get(id=user.id)).calendar_token not in text  # no secrets


async def test_own_data_of_a_waitlisted_member_has_the_position(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network(capacity=1)
    await f.member(net, now=NOW)
    waiting = await f.member(net, now=NOW + dt.timedelta(seconds=1))
    person = await Person.get(id=waiting.person_id)
    user = await users.create_user(email=person.email, role=Role.MEMBER, password=None, person_id=person.id,
                                   by=SYSTEM, now=NOW)
    data = await privacy.own_data(user=user, now=NOW)
    assert [(m['status'], m['waitlist_position']) for m in data['memberships']] == [('waitlisted', 1)]
    json.dumps(data)  # JSON-ready as it is


# --- anonymising ---

@pytest.mark.parametrize('status', ['active', 'waitlisted', 'pending'])
async def test_anonymise_refuses_a_current_member(db, status: str) -> None:  # type: ignore[no-untyped-def]
    net = await f.network(capacity=1)
    await f.member(net, now=NOW)
    current = await f.member(net, now=NOW, approve=status != 'pending') if status != 'active' else \
        (await Membership.filter(network_id=net.id).first())
    assert current is not None and (await f.refreshed(current)).status == status
    with pytest.raises(DomainError):
        await privacy.anonymise(person_id=current.person_id, by=COORDINATOR, now=NOW)
    assert (await Person.get(id=current.person_id)).anonymised_at is None


async def test_anonymise_removes_every_trace_and_keeps_history_and_counts(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    others = await f.members(net, 2, now=NOW)
    mine, user, _coming, _held = await rich_member(net)
    await membership.resign(membership_id=mine.id, reason=SECRET_REASON, by=COORDINATOR, now=NOW)
    person_id = mine.person_id
    before = {'memberships': await Membership.all().count(), 'attendance': await AttendanceRecord.all().count(),
              'responses': await MeetingResponse.all().count(), 'mails': await OutgoingMail.all().count(),
              'audit': await AuditEntry.all().count(), 'seats': await seats.overview(net.id)}
    assert await OutgoingMail.filter(to_address=EMAIL).exists() and await RateLimitHit.filter(key=EMAIL).exists()
    assert await LoginAttempt.filter(email=EMAIL).exists()

    await privacy.anonymise(person_id=person_id, by=COORDINATOR, now=NOW)

    person = await Person.get(id=person_id)
    assert person.name == f'Anonymiseret medlem {person_id}'
    assert person.email == f'anonymiseret-{person_id}@invalid'
    assert (person.phone, person.job_title, person.consent_at) == ('', '', None) and person.anonymised_at == NOW
    assert not await User.filter(id=user.id).exists() and not await User.filter(email=EMAIL).exists()
    assert not await LoginSession.filter(user_id=user.id).exists() and not await LoginLink.filter(user_id=user.id)
    assert not await RateLimitHit.filter(key=EMAIL).exists() and not await LoginAttempt.filter(email=EMAIL).exists()
    assert (await Membership.get(id=mine.id)).motivation == ''
    for needle in (NAME, EMAIL, PHONE, SECRET_REASON, 'Ærenlund', 'orlov'):
        assert not await Person.filter(name__icontains=needle).exists()
        assert not await OutgoingMail.filter(to_address__icontains=needle).exists()
        assert not await OutgoingMail.filter(body_text__icontains=needle).exists(), needle
        assert not await MeetingResponse.filter(reason__icontains=needle).exists()
        assert not await AttendanceRecord.filter(note__icontains=needle).exists()
        assert not await Agreement.filter(note__icontains=needle).exists()
        for column in ('reason', 'from_value', 'to_value', 'actor_name'):
            found = await AuditEntry.filter(**{f'{column}__icontains': needle}).values_list(column, flat=True)
            assert not found, f'{needle!r} still in audit_entry.{column}: {found}'
    # History and statistics are intact: every row is still there, plus the anonymisation's own audit entry.
    assert await Membership.all().count() == before['memberships']
    assert await AttendanceRecord.all().count() == before['attendance']
    assert await MeetingResponse.all().count() == before['responses']
    assert await OutgoingMail.all().count() == before['mails']
    assert await AuditEntry.all().count() == before['audit'] + 1
    assert await seats.overview(net.id) == before['seats']
    assert (await f.refreshed(mine)).status == MembershipStatus.RESIGNED
    assert await AuditEntry.filter(person_id=person_id, action='anonymise').count() == 1
    assert await AuditEntry.filter(person_id=person_id, action='status', reason='Ansøgning modtaget').exists(), \
        "the rules' own reasons stay: the history still reads"
    assert not await OutgoingMail.filter(to_address=person.email, status=MailStatus.QUEUED).exists()
    assert all([(await f.refreshed(m)).status == MembershipStatus.ACTIVE for m in others])
    listed = await people.list_members(network_id=net.id, now=NOW)
    assert [row.email for row in listed.rows if row.person_id == person_id] == [''], 'the placeholder is never shown'
    with pytest.raises(DomainError):
        await privacy.anonymise(person_id=person_id, by=COORDINATOR, now=NOW)


async def test_the_same_address_can_apply_again_after_anonymising(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    applied = await membership.apply(network_id=net.id, name=NAME, email=EMAIL, approve=True, by=SYSTEM, now=NOW)
    await membership.resign(membership_id=applied.id, by=SYSTEM, now=NOW)
    await privacy.anonymise(person_id=applied.person_id, by=COORDINATOR, now=NOW)
    again = await membership.apply(network_id=net.id, name=NAME, email=EMAIL, approve=True, by=SYSTEM, now=NOW)
    assert again.person_id != applied.person_id


# --- retention ---

async def former(net, name: str, left_at: dt.datetime) -> Membership:  # type: ignore[no-untyped-def]
    m = await f.member(net, now=left_at - dt.timedelta(days=400), name=name)
    await membership.resign(membership_id=m.id, by=SYSTEM, now=left_at)
    return m


async def test_retention_due_at_the_boundary_in_danish_order(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network(retention_months=24)
    left = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)  # NOW minus exactly 24 months
    just_due = await former(net, 'Åge Ågård', left - dt.timedelta(minutes=1))
    await former(net, 'Not Yet', left + dt.timedelta(minutes=1))
    also_due = await former(net, 'Bo Bæk', left - dt.timedelta(days=100))
    third = await former(net, 'Ørn Øby', left - dt.timedelta(days=200))
    anonymised = await former(net, 'Allerede Væk', left - dt.timedelta(days=300))
    await privacy.anonymise(person_id=anonymised.person_id, by=COORDINATOR, now=NOW)
    await f.member(net, now=NOW - dt.timedelta(days=2000), name='Aktiv Altid')

    due = await privacy.retention_due(network_id=net.id, now=NOW)

    assert [row.name for row in due] == ['Bo Bæk', 'Ørn Øby', 'Åge Ågård']  # Danish order: Ø before Å
    assert [row.person_id for row in due] == [also_due.person_id, third.person_id, just_due.person_id]
    assert due[2].status == MembershipStatus.RESIGNED and due[2].left_at == left - dt.timedelta(minutes=1)
    assert [row.name for row in await privacy.retention_due(network_id=net.id, now=NOW + dt.timedelta(minutes=2))] \
        == ['Bo Bæk', 'Not Yet', 'Ørn Øby', 'Åge Ågård']


async def test_a_person_still_active_elsewhere_is_not_due(db) -> None:  # type: ignore[no-untyped-def]
    net, other = await f.network(retention_months=1), await f.network()
    gone = await former(net, 'To Netværk', NOW - dt.timedelta(days=90))
    person = await Person.get(id=gone.person_id)
    await membership.apply(network_id=other.id, name=person.name, email=person.email, approve=True, by=SYSTEM,
                           now=NOW)
    assert await privacy.retention_due(network_id=net.id, now=NOW) == []
    with pytest.raises(DomainError):
        await privacy.anonymise(person_id=person.id, by=COORDINATOR, now=NOW)


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    moment = dt.datetime(2026, 3, 31, 12, 0, tzinfo=dt.UTC)
    assert privacy.months_before(moment, 1) == dt.datetime(2026, 2, 28, 12, 0, tzinfo=dt.UTC)
    assert privacy.months_before(moment, 25) == dt.datetime(2024, 2, 29, 12, 0, tzinfo=dt.UTC)
    assert privacy.months_before(moment, 120) == dt.datetime(2016, 3, 31, 12, 0, tzinfo=dt.UTC)
    assert privacy.months_before(dt.datetime(2026, 1, 15, tzinfo=dt.UTC), 1) == dt.datetime(2025, 12, 15,
                                                                                             tzinfo=dt.UTC)


@pytest.mark.parametrize('value', [0, 121, '', 'tolv', 2.5])
async def test_the_retention_period_is_validated_at_its_field(db, value: object) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    with pytest.raises(RulesInvalid) as refused:
        await rules.update_rules(network_id=net.id, retention_months=value, by=COORDINATOR, now=NOW)
    assert set(refused.value.errors) == {'retention_months'}
    assert refused.value.errors['retention_months'] == 'Skriv et helt tal fra 1 til 120.'


async def test_a_changed_retention_period_is_in_the_rules_history(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    result = await rules.update_rules(network_id=net.id, retention_months='36', reason='Bestyrelsens beslutning',
                                      by=COORDINATOR, now=NOW)
    assert [(c.field, c.before, c.after) for c in result.changes] == [('retention_months', '24', '36')]
    [entry] = await rules.history(network_id=net.id)
    assert (entry.field, entry.before, entry.after, entry.reason) == ('retention_months', '24', '36',
                                                                       'Bestyrelsens beslutning')
