"""Meeting invitations and reminders, the minutes, and the background job's offer reminders and expiries, delivered
to a real SMTP server (aiosmtpd)."""
import asyncio
import datetime as dt

import pytest
from nicegui import core

from flnet_ui import i18n
from flnet_ui.services import invitations, mail_jobs, meeting_plan, meetings, membership, notices_meetings
from flnet_ui.services.errors import DomainError
from models import (
    Answer,
    AuditEntry,
    Meeting,
    MeetingResponse,
    MembershipStatus,
    OutgoingMail,
    WaitlistMode,
)
from tests import factories as f
from tests.conftest import NOW
from tests.smtp import Inbox
from tests.test_notices import PUBLIC, delivered, email_of, fresh_outbox, links, public_url  # noqa: F401

DAY = dt.date(2026, 4, 15)  # a Wednesday, six weeks after NOW


async def planned(net, *, description: str = 'Oplæg om nye transportaftaler.', day: dt.date = DAY) -> Meeting:
    host = await f.library('Aalborg Bibliotekerne', 'Aalborg')
    return await meetings.plan_meeting(network_id=net.id, title='Fjernlån i en digital tid', date=day,
                                       starts_at=dt.time(10), ends_at=dt.time(15, 30), host_library_id=host.id,
                                       address='Rendsburggade 2, 9000 Aalborg', description=description,
                                       by=f.COORDINATOR, now=NOW)


async def test_the_invitation_goes_to_every_active_member_with_the_facts_and_links(db, smtp_server: Inbox) -> None:
    net = await f.network(capacity=2)
    anne, bo, waiting = await f.members(net, 3, now=NOW)
    meeting = await planned(net)
    await fresh_outbox()

    count = await invitations.send_invitation(meeting_id=meeting.id, by=f.COORDINATOR, now=NOW)

    assert count == 2
    got = await delivered(smtp_server)
    assert set(got) == {await email_of(anne), await email_of(bo)}  # not the one on the waitlist
    subject, body = got[await email_of(anne)]
    assert subject == 'Invitation: Fjernlån i en digital tid, 15. apr. 2026'
    assert 'Tema: Fjernlån i en digital tid' in body
    assert 'Tid: onsdag den 15. april 2026 kl. 10.00–15.30' in body
    assert 'Værtsbibliotek: Aalborg Bibliotekerne' in body and 'Adresse: Rendsburggade 2, 9000 Aalborg' in body
    assert 'Oplæg om nye transportaftaler.' in body
    assert links(body) == [f'{PUBLIC}/min-side', f'{PUBLIC}/moeder/{meeting.id}.ics']
    meeting = await Meeting.get(id=meeting.id)
    assert meeting.invited_at == NOW
    entry = await AuditEntry.get(subject='meeting', action='invite')
    assert (entry.subject_id, entry.actor_name) == (meeting.id, f.COORDINATOR.name)
    assert waiting.status == MembershipStatus.WAITLISTED


async def test_no_invitation_for_a_cancelled_held_or_past_meeting(db, smtp_server: Inbox) -> None:
    net = await f.network()
    await f.member(net, now=NOW)
    cancelled, held = await planned(net), await f.held_meeting(net, dt.date(2026, 3, 1))
    await meetings.cancel_meeting(meeting_id=cancelled.id, by=f.COORDINATOR, now=NOW)
    started = await planned(net, day=dt.date(2026, 3, 4))  # today, 10.00 Danish time: 09.00 UTC = NOW
    await fresh_outbox()

    for meeting in (cancelled, held, started):
        with pytest.raises(DomainError):
            await invitations.send_invitation(meeting_id=meeting.id, by=f.COORDINATOR, now=NOW)
    assert await OutgoingMail.all().count() == 0
    assert not await Meeting.filter(invited_at__not_isnull=True).exists()


async def test_the_meeting_reminder_goes_once_in_the_window_and_skips_apologies(db, smtp_server: Inbox) -> None:
    net = await f.network(meeting_reminder_days=7)
    anne, bo, carl = await f.members(net, 3, now=NOW)
    meeting = await planned(net)
    await MeetingResponse.create(meeting_id=meeting.id, membership_id=anne.id, answer=Answer.ATTENDING, answered_at=NOW)
    await MeetingResponse.create(meeting_id=meeting.id, membership_id=bo.id, answer=Answer.APOLOGY, answered_at=NOW)
    await fresh_outbox()
    window_opens = meeting.starts_at - dt.timedelta(days=7)

    assert (await mail_jobs.run_due(now=window_opens - dt.timedelta(minutes=1))).meetings_reminded == 0
    report = await mail_jobs.run_due(now=window_opens)

    assert report.meetings_reminded == 1
    got = await delivered(smtp_server)
    assert set(got) == {await email_of(anne), await email_of(carl)}
    subject, body = got[await email_of(anne)]
    assert subject == 'Påmindelse: Fjernlån i en digital tid, 15. apr. 2026'
    assert 'Du er tilmeldt. Kan du alligevel ikke komme, så meld afbud' in body
    assert 'Tid: onsdag den 15. april 2026 kl. 10.00–15.30' in body
    assert links(body) == [f'{PUBLIC}/min-side', f'{PUBLIC}/moeder/{meeting.id}.ics']
    assert 'Du har ikke svaret endnu' in got[await email_of(carl)][1]
    assert (await Meeting.get(id=meeting.id)).reminded_at == window_opens

    assert (await mail_jobs.run_due(now=window_opens + dt.timedelta(hours=1))).meetings_reminded == 0
    assert await delivered(smtp_server) == {}  # once


async def test_a_meeting_moved_after_its_reminder_is_reminded_of_again(db, smtp_server: Inbox) -> None:
    net = await f.network(meeting_reminder_days=7)
    await f.member(net, now=NOW)
    meeting = await planned(net)
    window_opens = meeting.starts_at - dt.timedelta(days=7)
    await fresh_outbox()
    assert (await mail_jobs.run_due(now=window_opens)).meetings_reminded == 1
    await delivered(smtp_server)
    new_day = i18n.local(meeting.starts_at).date() + dt.timedelta(days=14)
    await meeting_plan.update_meeting(meeting_id=meeting.id, title=meeting.title, date=new_day,
                                      starts_at=dt.time(10), ends_at=dt.time(15, 30), by=f.COORDINATOR,
                                      now=window_opens)
    moved = await Meeting.get(id=meeting.id)
    assert moved.reminded_at is None
    assert (await mail_jobs.run_due(now=window_opens + dt.timedelta(days=1))).meetings_reminded == 0
    assert (await mail_jobs.run_due(now=moved.starts_at - dt.timedelta(days=7))).meetings_reminded == 1
    assert len(await delivered(smtp_server)) == 1


async def test_no_reminder_right_after_a_late_invitation(db, smtp_server: Inbox) -> None:
    net = await f.network(meeting_reminder_days=7)
    await f.member(net, now=NOW)
    meeting = await planned(net)
    late = meeting.starts_at - dt.timedelta(days=3)
    await invitations.send_invitation(meeting_id=meeting.id, by=f.COORDINATOR, now=late)
    await fresh_outbox()

    assert (await mail_jobs.run_due(now=late + dt.timedelta(hours=1))).meetings_reminded == 0
    assert await OutgoingMail.all().count() == 0


async def test_the_minutes_go_to_every_active_member_with_the_pdf(db, smtp_server: Inbox) -> None:
    net = await f.network()
    anne, bo = await f.members(net, 2, now=NOW)
    meeting = await f.held_meeting(net, dt.date(2026, 3, 3))
    meeting.title = 'Fælles udvikling: Øst & Vest'
    await fresh_outbox()
    pdf = b'%PDF-1.4\n%%EOF\n'

    count = await notices_meetings.minutes_distributed(meeting, pdf=pdf, now=NOW)

    assert count == 2
    await delivered(smtp_server)  # delivers, and checks one message each
    rows = await OutgoingMail.all()
    assert {r.to_address for r in rows} == {await email_of(anne), await email_of(bo)}
    assert {r.subject for r in rows} == {'Referat: Fælles udvikling: Øst & Vest, 3. mar. 2026'}
    assert {r.attachment_name for r in rows} == {'referat-2026-03-03-faelles-udvikling-oest-vest.pdf'}
    assert 'Referatet er vedhæftet som PDF-fil.' in rows[0].body_text
    assert links(rows[0].body_text) == [f'{PUBLIC}/min-side']


async def offer_network():
    net = await f.network(capacity=1, waitlist_mode=WaitlistMode.OFFER, offer_days=14, offer_reminder_days=3)
    holder, first, second = await f.members(net, 3, now=NOW)
    await membership.resign(membership_id=holder.id, by=f.COORDINATOR, now=NOW)
    await fresh_outbox()
    first = await f.refreshed(first)
    assert first.status == MembershipStatus.OFFERED and first.offer_expires_at is not None
    return net, first, second, first.offer_expires_at


async def test_the_job_reminds_of_an_open_offer_once(db, smtp_server: Inbox) -> None:
    _net, first, _second, deadline = await offer_network()
    window_opens = deadline - dt.timedelta(days=3)

    assert (await mail_jobs.run_due(now=window_opens - dt.timedelta(minutes=1))).offers_reminded == 0
    assert (await mail_jobs.run_due(now=window_opens)).offers_reminded == 1
    assert (await mail_jobs.run_due(now=window_opens + dt.timedelta(hours=1))).offers_reminded == 0

    got = await delivered(smtp_server)
    assert list(got) == [await email_of(first)]
    subject, body = got[await email_of(first)]
    assert subject.startswith('Påmindelse: Svar på tilbuddet om en plads i ') and subject.endswith('18. mar. 2026')
    assert 'Svar senest onsdag den 18. marts 2026 kl. 10.00.' in body
    assert links(body) == [f'{PUBLIC}/min-side']
    with pytest.raises(DomainError):  # the coordinator's button: already sent
        await mail_jobs.send_offer_reminder(membership_id=first.id, by=f.COORDINATOR, now=window_opens)


async def test_the_coordinator_can_send_the_offer_reminder_early(db, smtp_server: Inbox) -> None:
    _net, first, _second, _deadline = await offer_network()

    await mail_jobs.send_offer_reminder(membership_id=first.id, by=f.COORDINATOR, now=NOW + dt.timedelta(days=1))

    assert list(await delivered(smtp_server)) == [await email_of(first)]
    assert await AuditEntry.filter(subject='membership', subject_id=first.id, action='remind').exists()
    assert (await mail_jobs.run_due(now=NOW + dt.timedelta(days=12))).offers_reminded == 0  # not again


async def test_the_job_passes_an_expired_offer_on(db, smtp_server: Inbox) -> None:
    net, first, second, deadline = await offer_network()

    assert (await mail_jobs.run_due(now=deadline - dt.timedelta(minutes=1))).offers_expired == 0
    await fresh_outbox()  # that round sent the reminder
    report = await mail_jobs.run_due(now=deadline)

    assert report.offers_expired == 1
    assert await f.statuses(first, second) == [MembershipStatus.WAITLISTED, MembershipStatus.OFFERED]
    got = await delivered(smtp_server)
    assert set(got) == {await email_of(first), await email_of(second)}
    assert got[await email_of(first)][0] == f'Tilbuddet om en plads i {net.name} er udløbet'
    assert 'nu som nr. 1' in got[await email_of(first)][1]
    assert got[await email_of(second)][0].startswith(f'Du tilbydes en plads i {net.name}')



async def test_the_background_job_runs_at_start(db, no_smtp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, 'loop', asyncio.get_running_loop())
    monkeypatch.setattr(mail_jobs, 'FIRST_ROUND_DELAY_SECONDS', 0)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    net = await f.network(capacity=1, waitlist_mode=WaitlistMode.OFFER)
    holder, first = await f.members(net, 2, now=long_ago)
    await membership.resign(membership_id=holder.id, by=f.COORDINATOR, now=long_ago)  # the offer ran out long ago

    task = mail_jobs.start_job_loop()
    try:
        for _ in range(100):
            if (await f.refreshed(first)).offer_expires_at > dt.datetime.now(dt.UTC):
                break
            await asyncio.sleep(0.05)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    # The only one waiting: the seat is offered to them anew, with a fresh deadline.
    first = await f.refreshed(first)
    assert first.status == MembershipStatus.OFFERED and first.offer_expires_at > dt.datetime.now(dt.UTC)
