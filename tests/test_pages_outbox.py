"""Udbakke: the coordinator reads what the app has sent, is waiting or failed, sends a failed message again (audited),
sees when SMTP is missing, and is warned on Overblik; live. Also the meeting page's "Send invitation"."""
import datetime as dt

import pytest
from nicegui.testing import User

from flnet_ui import mail
from flnet_ui.services import meetings, networks
from models import AuditEntry, MailStatus, Meeting, OutgoingMail
from tests import factories as f
from tests.login import COORDINATOR_EMAIL, coordinator_login, member_login


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def queued(to: str, subject: str, *, status: MailStatus = MailStatus.QUEUED, error: str = '',
                 minutes_ago: int = 0) -> OutgoingMail:
    message = await mail.queue(to=to, subject=subject, body=f'Kære {to}\n\nLinje to «æøå».', now=now()
                               - dt.timedelta(minutes=minutes_ago))
    if status != MailStatus.QUEUED:
        await OutgoingMail.filter(id=message.id).update(status=status, attempts=8, last_error=error)
    return message


async def test_a_visitor_is_sent_to_the_login_page(user: User) -> None:
    await queued('hemmelig@bib.dk', 'Fortroligt emne')
    await user.open('/udbakke')
    await user.should_see(marker='email')
    await user.should_not_see('Fortroligt emne')


async def test_a_member_is_refused(user: User) -> None:
    await queued('hemmelig@bib.dk', 'Fortroligt emne')
    await member_login(user)
    await user.open('/udbakke')
    await user.should_see(marker='no-access')
    await user.should_not_see('Fortroligt emne')
    await user.should_not_see('hemmelig@bib.dk')


async def test_the_coordinator_reads_the_outbox_and_is_told_smtp_is_missing(user: User, no_smtp: None) -> None:
    first = await queued('anne@bib.dk', 'Velkommen i FL-netværket', minutes_ago=5)
    failed = await queued('bo@bib.dk', 'Invitation: Temadag', status=MailStatus.FAILED,
                          error='SMTPRecipientsRefused: 550 no such user')
    await coordinator_login(user)
    await user.open('/udbakke')
    await user.should_see('Udbakke')
    await user.should_see('E-mail sendes ikke: der er ingen SMTP-server sat op. Beskederne ligger her.')
    await user.should_see('i kø: 1 · sendt: 0 · fejlet: 1')
    await user.should_see(marker=f'message-{first.id}')
    await user.should_see('Til: anne@bib.dk')
    await user.should_see('Velkommen i FL-netværket')
    await user.should_see(marker=f'status-{failed.id}', content='fejlet')
    await user.should_see(marker=f'status-{first.id}', content='i kø')
    await user.should_see('Seneste fejl: SMTPRecipientsRefused: 550 no such user')
    await user.should_see('8 forsøg')
    user.find(marker=f'open-{first.id}').click()
    await user.should_see(marker=f'body-{first.id}', content='Linje to «æøå».')
    await user.should_not_see(marker=f'send-again-{first.id}')  # only failed messages are sent again

    user.find(marker='status-filter').click()
    user.find('fejlet').click()
    await user.should_see(marker=f'message-{failed.id}')
    await user.should_not_see(marker=f'message-{first.id}')


async def test_a_failed_message_is_sent_again_and_it_is_logged(user: User, no_smtp: None) -> None:
    failed = await queued('bo@bib.dk', 'Invitation: Temadag', status=MailStatus.FAILED, error='timeout')
    await coordinator_login(user)
    await user.open('/udbakke')
    user.find(marker=f'send-again-{failed.id}').click()
    await user.should_see('Beskeden til bo@bib.dk er i kø igen.')
    await user.should_see(marker=f'status-{failed.id}', content='i kø')
    row = await OutgoingMail.get(id=failed.id)
    assert (row.status, row.attempts) == (MailStatus.QUEUED, 0)
    entry = await AuditEntry.get(subject='mail', subject_id=failed.id)
    assert (entry.action, entry.actor_name, entry.from_value, entry.to_value) == (
        'retry', COORDINATOR_EMAIL, 'failed', 'queued')


async def test_the_outbox_follows_new_mail_without_a_reload(user: User, no_smtp: None) -> None:
    await coordinator_login(user)
    await user.open('/udbakke')
    await user.should_see('Der er ingen beskeder.')
    await queued('carl@bib.dk', 'Påmindelse: Temadag')
    mail.wake()  # what a service does after the commit that queued it
    await user.should_see('Til: carl@bib.dk')


async def test_overblik_warns_about_failed_mail_and_links_to_the_outbox(user: User, no_smtp: None) -> None:
    await coordinator_login(user)
    await user.open('/overblik')
    await user.should_not_see(marker='failed-mail')
    await queued('bo@bib.dk', 'Invitation', status=MailStatus.FAILED, error='timeout')
    await queued('carl@bib.dk', 'Invitation', status=MailStatus.FAILED, error='timeout')
    mail.wake()
    await user.should_see('2 e-mails kunne ikke sendes – se udbakken')
    user.find('2 e-mails kunne ikke sendes – se udbakken').click()
    await user.should_see('Seneste fejl: timeout')


async def test_the_menu_leads_to_the_outbox(user: User) -> None:
    await coordinator_login(user)
    await user.open('/overblik')
    user.find('Udbakke').click()
    await user.should_see('Der er ingen beskeder.')


@pytest.mark.usefixtures('no_smtp')
async def test_the_coordinator_sends_the_invitation_from_the_meeting_page(user: User) -> None:
    network = await networks.default_network()
    anne, bo = await f.members(network, 2, now=now())
    day = (now() + dt.timedelta(days=30)).date()
    meeting = await meetings.plan_meeting(network_id=network.id, title='Forårets temadag', date=day,
                                          starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR, now=now())
    await OutgoingMail.all().delete()
    await coordinator_login(user)
    await user.open(f'/moeder/{meeting.id}')
    user.find(marker='invite').click()
    await user.should_see('Send invitationen på e-mail?')
    await user.should_see('Den går til 2 aktive medlemmer, hver med et link til at svare og en kalenderfil.')
    user.find(marker='invite-confirm').click()
    await user.should_see('Invitationen er på vej til 2 medlemmer.')
    await user.should_see(marker='invited-at', content='Invitation sendt')
    await user.should_see('Send invitationen igen')
    assert (await Meeting.get(id=meeting.id)).invited_at is not None
    assert await OutgoingMail.filter(subject__startswith='Invitation: Forårets temadag').count() == 2
    assert anne.id != bo.id


async def test_a_member_cannot_send_an_invitation(user: User) -> None:
    network = await networks.default_network()
    day = (now() + dt.timedelta(days=30)).date()
    meeting = await meetings.plan_meeting(network_id=network.id, title='Forårets temadag', date=day,
                                          starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR, now=now())
    await member_login(user)
    await user.open(f'/moeder/{meeting.id}')
    await user.should_see(marker='no-access')
    await user.should_not_see(marker='invite')
