"""Sending approved minutes out (issue 6 §4), through the outbox to a real SMTP server (aiosmtpd): every active member
gets one e-mail with the PDF, a former member none; each version goes out once per channel and is recorded; the
posting text for "For biblioteker"; and the members' archive, which never shows a draft."""
import asyncio
import datetime as dt

import pytest

from flnet_ui import events, mail
from flnet_ui.services import agenda_materials, membership, minutes, minutes_versions
from flnet_ui.services.errors import DomainError
from flnet_ui.services.minutes_distribution import (
    archive,
    archived_pdf,
    distribute_by_email,
    distributions,
    email_recipients,
    posting_text,
    record_posting,
)
from models import AuditEntry, DistributionChannel, MinutesStatus, OutgoingMail, Person
from tests import factories as f
from tests.minutes_scene import LATER, close_it, scene, written
from tests.smtp import Inbox

PUBLIC = 'https://fl.example.dk'
FILE_NAME = 'referat-2026-03-04-fjernlaan-i-en-digital-tid.pdf'
SENT = LATER + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('FLNET_PUBLIC_URL', PUBLIC)


async def approved_scene(**kwargs):
    s = await scene(**kwargs)
    await written(s)
    await minutes_versions.approve(meeting_id=s.meeting.id, by=f.COORDINATOR, now=LATER)
    return s


async def delivered(inbox: Inbox):
    """Deliver the outbox; {recipient: message}. Fails if anyone got two."""
    report = await mail.deliver_due(now=SENT + dt.timedelta(days=1))
    assert report.failed == report.retrying == 0
    found = {}
    for recipients, message in inbox.received:
        assert len(recipients) == 1 and recipients[0] not in found
        found[recipients[0]] = message
    inbox.received.clear()
    return found


async def email(s, name):
    return (await Person.get(id=s.people[name].person_id)).email


async def test_every_active_member_gets_one_email_with_the_pdf_and_a_former_member_none(db, smtp_server: Inbox):
    s = await approved_scene()
    await membership.resign(membership_id=s.people['Ørjan Madsen'].id, by=f.COORDINATOR, now=LATER)
    await OutgoingMail.all().delete()
    heard: list[int] = []
    events.minutes.subscribe(heard.append)
    told = await email_recipients(s.meeting.id)   # what the page asks the coordinator to confirm

    count = await distribute_by_email(meeting_id=s.meeting.id, by=f.COORDINATOR, now=SENT)

    assert count == told == 5
    got = await delivered(smtp_server)
    assert set(got) == {await email(s, name) for name in s.people if name != 'Ørjan Madsen'}
    message = got[await email(s, 'Aase Holm')]
    assert str(message['Subject']) == 'Referat: Fjernlån i en digital tid, 4. mar. 2026'
    body = message.get_body(preferencelist=('plain',)).get_content()
    assert 'onsdag den 4. marts 2026' in body and f'{PUBLIC}/referater' in body
    [attached] = list(message.iter_attachments())
    assert (attached.get_filename(), attached.get_content_type()) == (FILE_NAME, 'application/pdf')
    assert attached.get_content().startswith(b'%PDF')
    assert [(d.version, d.channel, d.recipients, d.at, d.by) for d in await distributions(s.meeting.id)] == [
        (1, DistributionChannel.EMAIL, 5, SENT, f.COORDINATOR.name)]
    assert (await minutes.minutes_view(s.meeting.id)).status == MinutesStatus.DISTRIBUTED
    entry = await AuditEntry.filter(subject='minutes', subject_id=s.meeting.id, action='distribute email').first()
    assert entry is not None and (entry.from_value, entry.to_value, entry.reason) == (
        'approved', 'distributed', 'version 1, 5 e-mails')
    assert heard == [s.net.id]


async def test_draft_minutes_are_not_sent(db):
    s = await scene()
    await written(s)
    with pytest.raises(DomainError, match='Godkend referatet'):
        await distribute_by_email(meeting_id=s.meeting.id, by=f.COORDINATOR, now=SENT)
    with pytest.raises(DomainError, match='Godkend referatet'):
        await record_posting(meeting_id=s.meeting.id, by=f.COORDINATOR, now=SENT)
    with pytest.raises(DomainError):
        await archived_pdf(s.meeting.id)
    assert await OutgoingMail.all().count() == 0 and await distributions(s.meeting.id) == []


async def test_a_version_is_mailed_once_and_a_corrected_version_can_be_sent_again(db):
    s = await approved_scene()
    await distribute_by_email(meeting_id=s.meeting.id, by=f.COORDINATOR, now=SENT)
    with pytest.raises(DomainError, match='allerede sendt'):
        await distribute_by_email(meeting_id=s.meeting.id, by=f.COORDINATOR, now=SENT)
    assert await OutgoingMail.all().count() == 6

    await minutes_versions.reopen(meeting_id=s.meeting.id, reason='Rettelse', by=f.COORDINATOR, now=SENT)
    with pytest.raises(DomainError, match='Godkend referatet'):
        await distribute_by_email(meeting_id=s.meeting.id, by=f.COORDINATOR, now=SENT)
    await minutes.save_item(meeting_id=s.meeting.id, agenda_item_id=s.talk.id, notes='Rettet', decisions=[],
                            expected_revision=1, by=f.COORDINATOR, now=SENT)
    await minutes_versions.approve(meeting_id=s.meeting.id, by=f.COORDINATOR, now=SENT)
    assert await distribute_by_email(meeting_id=s.meeting.id, by=f.COORDINATOR, now=SENT) == 6

    assert [(d.version, d.channel) for d in await distributions(s.meeting.id)] == [
        (1, DistributionChannel.EMAIL), (2, DistributionChannel.EMAIL)]
    assert await OutgoingMail.all().count() == 12


async def test_a_double_click_mails_everyone_once(db):
    s = await approved_scene()

    results = await asyncio.gather(*(distribute_by_email(meeting_id=s.meeting.id, by=f.COORDINATOR, now=SENT)
                                     for _ in range(3)), return_exceptions=True)

    assert sorted(str(r) if isinstance(r, DomainError) else 'sent' for r in results) == [
        'Denne version af referatet er allerede sendt til medlemmerne pr. e-mail.'] * 2 + ['sent']
    assert await OutgoingMail.all().count() == 6
    assert len(await distributions(s.meeting.id)) == 1


async def test_posting_on_for_biblioteker_is_recorded_with_a_ready_made_text(db):
    s = await approved_scene()

    text = await posting_text(s.meeting.id, 'https://fl.example.dk/')
    await record_posting(meeting_id=s.meeting.id, by=f.COORDINATOR, now=SENT)

    assert text.startswith('Referat: Fjernlån i en digital tid, 4. mar. 2026\n\n')
    assert 'Referatet fra temadagen «Fjernlån i en digital tid», onsdag den 4. marts 2026, er godkendt.' in text
    assert 'https://fl.example.dk/referater' in text and s.net.name in text
    assert [(d.version, d.channel, d.recipients) for d in await distributions(s.meeting.id)] == [
        (1, DistributionChannel.FOR_BIBLIOTEKER, 0)]
    assert (await minutes.minutes_view(s.meeting.id)).status == MinutesStatus.DISTRIBUTED
    with pytest.raises(DomainError, match='For biblioteker'):
        await record_posting(meeting_id=s.meeting.id, by=f.COORDINATOR, now=SENT)
    assert await distribute_by_email(meeting_id=s.meeting.id, by=f.COORDINATOR, now=SENT) == 6   # another channel


async def test_the_archive_shows_only_approved_minutes_newest_first_with_materials(db):
    spring = await scene(close=False)
    await agenda_materials.add_link(item_id=spring.talk.id, title='Slides fra DBC', url='https://dbc.dk/slides',
                                    by=f.COORDINATOR, now=spring.meeting.starts_at)
    await close_it(spring.meeting)
    await written(spring)
    await minutes_versions.approve(meeting_id=spring.meeting.id, by=f.COORDINATOR, now=LATER)
    autumn = await approved_scene(net=spring.net, day=dt.date(2026, 9, 2), title='Efterårets temadag')
    draft = await scene(net=spring.net, day=dt.date(2026, 6, 3), title='Sommermøde')
    await written(draft)
    await distribute_by_email(meeting_id=spring.meeting.id, by=f.COORDINATOR, now=SENT)

    found = await archive(spring.net.id)

    assert [(e.title, e.version) for e in found] == [('Efterårets temadag', 1), ('Fjernlån i en digital tid', 1)]
    assert found[1].file_name == FILE_NAME and found[1].approved_at == LATER
    assert found[1].host == (await minutes.minutes_view(spring.meeting.id)).host != ''   # as the version has it
    assert [(m.item_title, [v.title for v in m.materials]) for m in found[1].materials] == [
        ('Nyt fra DBC', ['Slides fra DBC'])]
    assert found[0].materials == []

    await minutes_versions.reopen(meeting_id=autumn.meeting.id, reason='Rettelse', by=f.COORDINATOR, now=SENT)
    assert [e.title for e in await archive(spring.net.id)] == ['Fjernlån i en digital tid']
    assert await archive((await f.network()).id) == []
    name, pdf = await archived_pdf(spring.meeting.id)
    assert name == FILE_NAME and pdf.startswith(b'%PDF')
