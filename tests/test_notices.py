"""The e-mails members get when their status changes (issue 4 §4), delivered to a real SMTP server (aiosmtpd):
recipients, Danish subjects, the facts in the body, and absolute links to the intended pages."""
import datetime as dt
import re

import pytest
from tortoise.transactions import in_transaction

from flnet_ui import events, i18n, mail
from flnet_ui.services import agreements, attendance, membership, offers, users
from flnet_ui.services.audit import Actor
from models import AttendanceStatus, MembershipStatus, OutgoingMail, Person, Role, WaitlistMode
from tests import factories as f
from tests.conftest import NOW
from tests.smtp import Inbox

PUBLIC = 'https://fl.example.dk'
APOLOGY, PRESENT = AttendanceStatus.APOLOGY, AttendanceStatus.PRESENT
DAYS = [dt.date(2026, 4, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1)]


@pytest.fixture(autouse=True)
def public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('FLNET_PUBLIC_URL', PUBLIC)


async def fresh_outbox() -> None:
    """Forget what building the scene queued (factories approve people, which sends welcome mail)."""
    await OutgoingMail.all().delete()


async def delivered(inbox: Inbox) -> dict[str, tuple[str, str]]:
    """Deliver the whole outbox; {recipient: (subject, body)}. Fails if anyone got two messages."""
    report = await mail.deliver_due(now=NOW + dt.timedelta(days=3650))
    assert report.failed == report.retrying == 0
    found: dict[str, tuple[str, str]] = {}
    for recipients, message in inbox.received:
        body = message.get_body(preferencelist=('plain',))
        assert body is not None and len(recipients) == 1
        assert recipients[0] not in found, f'two messages to {recipients[0]}'
        found[recipients[0]] = (str(message['Subject']), body.get_content().replace('\r\n', '\n'))
    inbox.received.clear()
    return found


def links(body: str) -> list[str]:
    return re.findall(r'https?://\S+?(?=[\s,.]*(?:\s|$))', body)


async def email_of(m) -> str:
    return (await Person.get(id=m.person_id)).email


async def test_an_approved_application_welcomes_the_new_member(db, smtp_server: Inbox) -> None:
    net = await f.network(capacity=2)
    applicant = await f.member(net, now=NOW, approve=False, name='Søren Ærø')
    await fresh_outbox()

    await membership.approve(membership_id=applicant.id, by=f.COORDINATOR, now=NOW)

    got = await delivered(smtp_server)
    subject, body = got[await email_of(applicant)]
    assert subject == f'Velkommen i {net.name}'
    assert body.startswith('Kære Søren Ærø\n\nDin ansøgning er godkendt: Du er nu medlem af')
    assert 'ikke deltager i 3 møder i træk, bliver automatisk udmeldt' in body
    assert 'Næste møde er ikke planlagt endnu' in body
    assert links(body) == [f'{PUBLIC}/min-side']
    assert body.rstrip().endswith(f'Med venlig hilsen\n{net.name}\nStatsbiblioteket')


async def test_an_approved_application_on_a_full_network_tells_the_waitlist_position(db, smtp_server: Inbox) -> None:
    net = await f.network(capacity=1)
    await f.members(net, 2, now=NOW)  # one seat taken, one waiting
    applicant = await f.member(net, now=NOW + dt.timedelta(minutes=1), approve=False)
    await fresh_outbox()

    await membership.approve(membership_id=applicant.id, by=f.COORDINATOR, now=NOW + dt.timedelta(hours=1))

    got = await delivered(smtp_server)
    assert list(got) == [await email_of(applicant)]
    subject, body = got[await email_of(applicant)]
    assert subject == f'Du er på ventelisten til {net.name}'
    assert 'Alle 1 pladser' in body and 'så du er nr. 2 på ventelisten' in body
    assert 'Pladser bliver ledige, når medlemmer melder sig ud' in body and 'med det samme' in body
    assert links(body) == [f'{PUBLIC}/min-side']


async def test_a_rejected_applicant_is_told_the_reason(db, smtp_server: Inbox) -> None:
    net = await f.network()
    applicant = await f.member(net, now=NOW, approve=False)
    await fresh_outbox()

    await membership.reject(membership_id=applicant.id, reason='Ikke ansat på et folkebibliotek', by=f.COORDINATOR,
                            now=NOW)

    subject, body = (await delivered(smtp_server))[await email_of(applicant)]
    assert subject == f'Din ansøgning til {net.name}'
    assert 'Din ansøgning er desværre ikke blevet godkendt' in body
    assert 'Begrundelse: Ikke ansat på et folkebibliotek' in body


async def test_a_freed_seat_goes_to_the_first_in_line_who_is_told(db, smtp_server: Inbox) -> None:
    net = await f.network(capacity=1)
    holder, first, second = await f.members(net, 3, now=NOW)
    await fresh_outbox()

    await membership.resign(membership_id=holder.id, by=f.COORDINATOR, now=NOW + dt.timedelta(days=1))

    got = await delivered(smtp_server)
    assert list(got) == [await email_of(first)]  # the one who resigned and the one still waiting get nothing
    subject, body = got[await email_of(first)]
    assert subject == f'Velkommen i {net.name}'
    assert 'Der er blevet en plads ledig, og som den første på ventelisten har du fået den' in body
    assert 'fra i dag, torsdag den 5. marts 2026' in body
    assert second.id != first.id


async def test_in_offer_mode_the_first_in_line_is_offered_the_seat_with_a_deadline(db, smtp_server: Inbox) -> None:
    net = await f.network(capacity=1, waitlist_mode=WaitlistMode.OFFER)
    holder, first = await f.members(net, 2, now=NOW)
    await fresh_outbox()

    await membership.resign(membership_id=holder.id, by=f.COORDINATOR, now=NOW)  # 10.00 in Denmark

    subject, body = (await delivered(smtp_server))[await email_of(first)]
    assert subject == f'Du tilbydes en plads i {net.name} – svar senest 18. mar. 2026'
    assert 'Svar senest onsdag den 18. marts 2026 kl. 10.00.' in body
    assert 'Sig ja eller nej tak til pladsen på din egen side' in body
    assert 'bagest på ventelisten' in body
    assert links(body) == [f'{PUBLIC}/min-side']


async def test_a_seat_accepted_on_a_members_behalf_is_confirmed_but_not_one_accepted_by_the_member(
        db, smtp_server: Inbox) -> None:
    net = await f.network(capacity=2, waitlist_mode=WaitlistMode.OFFER)
    one, two, first, second = await f.members(net, 4, now=NOW)
    await membership.resign(membership_id=one.id, by=f.COORDINATOR, now=NOW)
    await membership.resign(membership_id=two.id, by=f.COORDINATOR, now=NOW)
    await fresh_outbox()

    await offers.accept_offer(membership_id=first.id, by=f.COORDINATOR, now=NOW)
    user = await users.create_user(email=await email_of(second), role=Role.MEMBER, password=None,
                                   person_id=second.person_id, by=f.COORDINATOR, now=NOW)
    await offers.accept_offer(membership_id=second.id, by=Actor(user.id, user.email), now=NOW)

    got = await delivered(smtp_server)
    assert list(got) == [await email_of(first)]
    assert 'Dit ja tak til den tilbudte plads er registreret' in got[await email_of(first)][1]


async def test_two_missed_meetings_put_a_member_at_risk_and_tell_them_once(db, smtp_server: Inbox) -> None:
    net = await f.network()
    anne, bo, carl = await f.members(net, 3, now=NOW)
    await agreements.grant_agreement(membership_id=carl.id, note='Orlov', by=f.COORDINATOR, now=NOW)
    await fresh_outbox()
    await f.held_meeting(net, DAYS[0], {anne.id: APOLOGY, bo.id: PRESENT, carl.id: APOLOGY})
    assert await delivered(smtp_server) == {}  # one missed meeting is no risk yet (with the default limit 3)

    second = await f.held_meeting(net, DAYS[1], {bo.id: PRESENT, carl.id: APOLOGY})  # Anne did not come: absent

    got = await delivered(smtp_server)
    assert list(got) == [await email_of(anne)]  # Carl has an agreement, Bo came
    subject, body = got[await email_of(anne)]
    assert subject == f'Vigtigt: Deltag i næste møde i {net.name}'
    assert ('Du har ikke deltaget i de 2 seneste møder – deltag i næste møde, ellers bliver du automatisk udmeldt.'
            in body)
    assert f'Det seneste var «{second.title}», fredag den 1. maj 2026.' in body
    assert 'ikke deltager i 3 møder i træk, automatisk udmeldt' in body
    assert links(body) == [f'{PUBLIC}/min-side']

    again = await attendance.close_meeting(meeting_id=second.id, by=f.COORDINATOR, now=NOW + dt.timedelta(days=90))
    assert again.already_closed
    await attendance.reopen_meeting(meeting_id=second.id, reason='Ret fremmøde', by=f.COORDINATOR,
                                    now=NOW + dt.timedelta(days=90))
    result = await attendance.close_meeting(meeting_id=second.id, by=f.COORDINATOR, now=NOW + dt.timedelta(days=90))
    assert [m.id for m in result.at_risk] == [anne.id]
    assert await delivered(smtp_server) == {}  # closing again tells nobody twice


async def test_the_rule_deregisters_and_says_which_meeting_and_how_to_apply_again(db, smtp_server: Inbox) -> None:
    net = await f.network(capacity=2)
    anne, bo, carl = await f.members(net, 3, now=NOW)
    for day in DAYS[:2]:
        await f.held_meeting(net, day, {anne.id: APOLOGY, bo.id: PRESENT})
    third = await f.held_meeting(net, DAYS[2], {bo.id: PRESENT}, close=False)
    await fresh_outbox()

    preview = await attendance.close_meeting(meeting_id=third.id, by=f.COORDINATOR, now=NOW + dt.timedelta(days=120),
                                             preview=True)
    assert [m.id for m in preview.deregistered] == [anne.id]
    assert await OutgoingMail.all().count() == 0  # a preview sends nothing

    await attendance.close_meeting(meeting_id=third.id, by=f.COORDINATOR, now=NOW + dt.timedelta(days=120))

    got = await delivered(smtp_server)
    assert set(got) == {await email_of(anne), await email_of(carl)}  # Carl waited and gets Anne's seat
    subject, body = got[await email_of(anne)]
    assert subject == f'Du er automatisk udmeldt af {net.name}'
    assert f'Du har ikke deltaget i 3 møder i træk i {net.name}, senest «{third.title}», mandag den 1. juni 2026.' \
        in body
    assert links(body) == [f'{PUBLIC}/ansoeg']
    assert got[await email_of(carl)][0] == f'Velkommen i {net.name}'
    assert (await f.refreshed(anne)).status == MembershipStatus.DEREGISTERED

    await attendance.close_meeting(meeting_id=third.id, by=f.COORDINATOR, now=NOW + dt.timedelta(days=121))
    assert await delivered(smtp_server) == {}  # closing twice sends nothing twice


async def test_a_rolled_back_change_queues_nothing(db, smtp_server: Inbox) -> None:
    net = await f.network()
    applicant = await f.member(net, now=NOW, approve=False)
    await fresh_outbox()

    with pytest.raises(RuntimeError):
        async with in_transaction():
            await membership.approve(membership_id=applicant.id, by=f.COORDINATOR, now=NOW)
            assert await OutgoingMail.all().count() == 1  # queued inside the transaction ...
            raise RuntimeError('something later failed')

    assert await OutgoingMail.all().count() == 0  # ... and gone with it
    assert (await f.refreshed(applicant)).status == MembershipStatus.PENDING
    assert await delivered(smtp_server) == {}
    # approve() announced its change inside this transaction, which rolled back: nobody heard of it
    assert events.emitted_inside == ['mail', 'membership']
    events.emitted_inside.clear()


async def test_nobody_is_written_to_about_their_own_action(db, smtp_server: Inbox) -> None:
    net = await f.network()
    applicant = await f.member(net, now=NOW, approve=False)
    coordinator = await users.create_user(email='koordinator@sb.dk', role=Role.COORDINATOR, password=None,
                                          person_id=applicant.person_id, by=f.COORDINATOR, now=NOW)
    await fresh_outbox()

    await membership.approve(membership_id=applicant.id, by=Actor(coordinator.id, coordinator.email), now=NOW)

    assert await OutgoingMail.all().count() == 0


async def test_mail_is_danish_whatever_language_the_coordinator_reads(db, smtp_server: Inbox) -> None:
    net = await f.network(capacity=1)
    await f.member(net, now=NOW)
    applicant = await f.member(net, now=NOW, approve=False)
    await fresh_outbox()
    i18n.set_language('en')

    await membership.approve(membership_id=applicant.id, by=f.COORDINATOR, now=NOW)

    subject, body = (await delivered(smtp_server))[await email_of(applicant)]
    assert subject == f'Du er på ventelisten til {net.name}'
    assert 'nr. 1 på ventelisten' in body and 'Med venlig hilsen' in body
