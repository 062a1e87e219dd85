"""The minutes' editor rules and lifecycle (DESIGN.md §1.4, issue 6 §1-2): reading never writes, attendance lists from
the records, group outcomes under their item, saving as you go with conflicts that never overwrite anyone, limits at
the field, approval as kept versions, locking, and reopening with a reason."""
import asyncio
import datetime as dt
import json

import pytest

from flnet_ui import events
from flnet_ui.services import agenda, attendance, meetings, minutes, minutes_actions, minutes_versions
from flnet_ui.services.audit import Actor
from flnet_ui.services.errors import DomainError
from flnet_ui.services.minutes import ItemText, MinutesConflict
from models import AttendanceStatus, AuditEntry, MeetingStatus, Minutes, MinutesItem, MinutesStatus, MinutesVersion
from tests import factories as f
from tests.minutes_scene import AFTER, DAY, LATER, ON_THE_DAY, close_it, scene, with_groups, written

ANNE = Actor(None, 'anne@statsbiblioteket.dk')
BO = Actor(None, 'bo@statsbiblioteket.dk')


async def save(s, item, notes, decisions=(), *, revision=0, by=f.COORDINATOR, now=LATER):
    return await minutes.save_item(meeting_id=s.meeting.id, agenda_item_id=item.id, notes=notes,
                                   decisions=list(decisions), expected_revision=revision, by=by, now=now)


async def item_view(s, item):
    view = await minutes.minutes_view(s.meeting.id)
    return next(i for i in view.items if i.agenda_item_id == item.id)


async def entries(s, action=None):
    query = AuditEntry.filter(subject='minutes', subject_id=s.meeting.id)
    return await (query.filter(action=action) if action else query).order_by('id')


# --- reading ------------------------------------------------------------------------------------------------------

async def test_reading_gives_the_agenda_in_order_with_defaults_and_writes_nothing(db):
    s = await scene(close=False)

    view = await minutes.minutes_view(s.meeting.id)

    assert (view.title, view.date, view.meeting_status) == ('Fjernlån i en digital tid', DAY, MeetingStatus.RUNNING)
    assert (view.status, view.referent, view.version, view.revision) == (MinutesStatus.DRAFT, '', 0, 0)
    assert [(i.title, i.starts.strftime('%H:%M'), i.notes, i.decisions, i.revision) for i in view.items] == [
        ('Velkomst', '10:00', '', [], 0), ('Nyt fra DBC', '10:15', '', [], 0),
        ('Gruppearbejde om fjernlånsgebyrer', '11:00', '', [], 0)]
    assert view.venue == 'Victor Albecks Vej 1, 8000 Aarhus C' and view.host == 'Statsbiblioteket'
    assert view.writable and not view.approvable   # running: written on the day, approved once closed
    assert await Minutes.all().count() == 0 and await MinutesItem.all().count() == 0


async def test_the_attendance_lists_come_from_the_records_in_danish_order(db):
    s = await scene()   # Dorte Nielsen was not recorded: closing made her absent

    lists = (await minutes.minutes_view(s.meeting.id)).attendance

    assert lists.present == ['Anne Zacho', 'Carl Ågesen', 'Aase Holm']   # Aa is Å: after Z and Å...
    assert lists.apology == ['Bent Østergaard']
    assert lists.absent == ['Dorte Nielsen']
    assert lists.excused == ['Ørjan Madsen']


async def test_a_corrected_attendance_shows_in_the_draft(db):
    s = await scene()
    await attendance.reopen_meeting(meeting_id=s.meeting.id, reason='Dorte kom alligevel', by=f.COORDINATOR,
                                    now=LATER)
    await attendance.record_attendance(meeting_id=s.meeting.id, membership_id=s.people['Dorte Nielsen'].id,
                                       status=AttendanceStatus.PRESENT, by=f.COORDINATOR, now=LATER)

    lists = (await minutes.minutes_view(s.meeting.id)).attendance

    assert lists.present == ['Anne Zacho', 'Carl Ågesen', 'Dorte Nielsen', 'Aase Holm'] and lists.absent == []


async def test_group_outcomes_appear_under_their_item_only_when_written(db):
    s = await scene(close=False)
    await with_groups(s)

    view = await minutes.minutes_view(s.meeting.id)

    assert [i.group_outcomes for i in view.items] == [[], [], [('Gruppe 2', 'Nej: gebyrer skræmmer lånerne væk.')]]


async def test_minutes_are_written_only_for_a_running_or_held_meeting(db):
    net = await f.network()
    planned = await meetings.plan_meeting(network_id=net.id, title='Efterårsmøde', date=dt.date(2026, 10, 1),
                                          starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR, now=LATER)
    item = await agenda.add_item(meeting_id=planned.id, kind='talk', title='Oplæg', duration_minutes=30,
                                 by=f.COORDINATOR, now=LATER)
    with pytest.raises(DomainError, match='Referatet kan skrives, når mødet er begyndt'):
        await minutes.save_item(meeting_id=planned.id, agenda_item_id=item.id, notes='For tidligt', decisions=[],
                                expected_revision=0, by=f.COORDINATOR, now=LATER)
    await meetings.cancel_meeting(meeting_id=planned.id, by=f.COORDINATOR, now=LATER)
    with pytest.raises(DomainError, match='aflyst'):
        await minutes.set_referent(meeting_id=planned.id, referent='Mette', expected_revision=0, by=f.COORDINATOR,
                                   now=LATER)
    assert await Minutes.all().count() == 0


# --- saving as you go ------------------------------------------------------------------------------------------------

async def test_the_first_save_creates_the_rows_and_each_save_raises_the_items_revision(db):
    s = await scene(close=False)
    heard: list[int] = []
    events.minutes.subscribe(heard.append)

    first = await save(s, s.talk, '  DBC fortalte om bestillinger.\r\n\r\nSpørgsmål fra salen.  ',
                       ['  Vi afprøver formularen. ', '', 'Næste møde i Odense.'], now=ON_THE_DAY)
    second = await save(s, s.talk, 'DBC fortalte om bestillinger.', ['Vi afprøver formularen.'], revision=1)

    assert (first, second) == (1, 2)
    assert heard == [s.net.id, s.net.id]
    talk = await item_view(s, s.talk)
    assert (talk.notes, talk.decisions, talk.revision) == (
        'DBC fortalte om bestillinger.', ['Vi afprøver formularen.'], 2)
    assert (await item_view(s, s.welcome)).revision == 0   # each item has its own revision
    logged = await entries(s, 'save item')
    assert [e.to_value for e in logged] == [f'#{s.talk.id} r1 Nyt fra DBC', f'#{s.talk.id} r2 Nyt fra DBC']
    assert logged[0].actor_name == f.COORDINATOR.name and logged[0].network_id == s.net.id


async def test_saving_the_stored_text_again_changes_nothing(db):
    s = await scene()
    await save(s, s.talk, 'Noter', ['Beslutning'])
    heard: list[int] = []
    events.minutes.subscribe(heard.append)

    assert await save(s, s.talk, '  Noter\n', [' Beslutning ', ''], revision=1) == 1
    assert await save(s, s.talk, 'Noter', ['Beslutning'], revision=0) == 1   # stale, but nothing would be lost
    assert await save(s, s.welcome, '', []) == 0                             # empty on an empty item: no row

    assert heard == []
    assert len(await entries(s, 'save item')) == 1
    assert await MinutesItem.all().count() == 1


async def test_the_limits_are_checked_at_the_field(db):
    s = await scene()
    cases = [({'notes': 'x' * 20_001}, 'notes'), ({'decisions': ['ok', 'y' * 1_001]}, 'decisions')]
    for change, field in cases:
        values = {'notes': '', 'decisions': [], **change}
        with pytest.raises(DomainError) as error:
            await minutes.save_item(meeting_id=s.meeting.id, agenda_item_id=s.talk.id, expected_revision=0,
                                    by=f.COORDINATOR, now=LATER, **values)
        assert error.value.field == field
    with pytest.raises(DomainError) as error:
        await minutes.set_referent(meeting_id=s.meeting.id, referent='R' * 201, expected_revision=0,
                                   by=f.COORDINATOR, now=LATER)
    assert error.value.field == 'referent'
    assert await MinutesItem.all().count() == 0

    assert await save(s, s.talk, 'n' * 20_000, ['d' * 1_000]) == 1   # the limits themselves are allowed
    assert await minutes.set_referent(meeting_id=s.meeting.id, referent='  Mette   Ølgaard ', expected_revision=0,
                                      by=f.COORDINATOR, now=LATER) == 1
    assert (await minutes.minutes_view(s.meeting.id)).referent == 'Mette Ølgaard'


async def test_an_item_of_another_meeting_is_refused(db):
    s = await scene()
    other = await scene(net=s.net, day=dt.date(2026, 9, 2), title='Efterårets temadag')
    with pytest.raises(DomainError, match='findes ikke længere'):
        await save(s, other.talk, 'Forkert møde')


async def test_a_second_writer_on_the_same_revision_gets_both_texts_and_nothing_is_overwritten(db):
    s = await scene()
    await save(s, s.talk, 'Annes noter', ['Annes beslutning'], by=ANNE, now=LATER)

    with pytest.raises(MinutesConflict) as conflict:
        await save(s, s.talk, 'Bos noter', ['Bos beslutning'], by=BO, now=LATER + dt.timedelta(minutes=1))

    found = conflict.value
    assert found.field == 'notes' and found.revision == 1
    assert found.theirs == ItemText('Annes noter', ('Annes beslutning',))
    assert found.yours == ItemText('Bos noter', ('Bos beslutning',))
    assert (found.changed_by, found.changed_at) == (ANNE.name, LATER)
    assert ANNE.name in found.message and 'begge' in found.message.lower()
    assert (await item_view(s, s.talk)).notes == 'Annes noter'
    assert len(await entries(s, 'save item')) == 1

    # Bo merges the two and saves on the stored revision.
    assert await save(s, s.talk, 'Annes noter\nBos noter', ['Annes beslutning', 'Bos beslutning'], revision=1,
                      by=BO) == 2
    assert (await item_view(s, s.talk)).decisions == ['Annes beslutning', 'Bos beslutning']


async def test_the_referent_has_the_same_conflict_detection(db):
    s = await scene()
    await minutes.set_referent(meeting_id=s.meeting.id, referent='Mette Ølgaard', expected_revision=0, by=ANNE,
                               now=LATER)
    with pytest.raises(MinutesConflict) as conflict:
        await minutes.set_referent(meeting_id=s.meeting.id, referent='Ole Ærø', expected_revision=0, by=BO,
                                   now=LATER)
    assert (conflict.value.field, conflict.value.theirs, conflict.value.yours) == ('referent', 'Mette Ølgaard',
                                                                                   'Ole Ærø')
    assert conflict.value.changed_by == ANNE.name
    assert (await minutes.minutes_view(s.meeting.id)).referent == 'Mette Ølgaard'
    await minutes.set_referent(meeting_id=s.meeting.id, referent='Ole Ærø', expected_revision=conflict.value.revision,
                               by=BO, now=LATER)
    assert [(e.from_value, e.to_value) for e in await entries(s, 'referent')] == [
        ('', 'Mette Ølgaard'), ('Mette Ølgaard', 'Ole Ærø')]


async def test_concurrent_saves_never_lose_an_update_silently(db):
    s = await scene()
    texts = [f'Skriver {n}' for n in range(6)]

    results = await asyncio.gather(*(save(s, s.talk, text) for text in texts), return_exceptions=True)

    saved = [text for text, result in zip(texts, results, strict=True) if result == 1]
    assert len(saved) == 1
    assert all(isinstance(r, MinutesConflict) for r in results if r != 1), results
    assert all(r.theirs.notes == saved[0] for r in results if isinstance(r, MinutesConflict))
    assert (await item_view(s, s.talk)).notes == saved[0]
    assert len(await entries(s, 'save item')) == 1


async def test_concurrent_first_saves_of_different_items_both_land(db):
    s = await scene()

    results = await asyncio.gather(*(save(s, item, f'Noter til {item.title}') for item in s.items),
                                   save(s, s.talk, 'Noter til Nyt fra DBC'))

    assert list(results) == [1, 1, 1, 1]   # the last one is the same text again: nothing to do
    assert await Minutes.all().count() == 1
    assert [i.notes for i in (await minutes.minutes_view(s.meeting.id)).items] == [
        f'Noter til {item.title}' for item in s.items]


# --- lifecycle ----------------------------------------------------------------------------------------------------

async def test_approval_needs_a_held_meeting_and_a_referent(db):
    s = await scene(close=False)
    await written(s)
    with pytest.raises(DomainError, match='Luk mødet'):
        await minutes_versions.approve(meeting_id=s.meeting.id, by=f.COORDINATOR, now=LATER)
    await close_it(s.meeting)
    await minutes.set_referent(meeting_id=s.meeting.id, referent='', expected_revision=1, by=f.COORDINATOR,
                               now=LATER)
    with pytest.raises(DomainError) as error:
        await minutes_versions.approve(meeting_id=s.meeting.id, by=f.COORDINATOR, now=LATER)
    assert error.value.field == 'referent'
    assert await MinutesVersion.all().count() == 0


async def test_approved_minutes_are_locked_until_reopened_with_a_reason(db):
    s = await scene()
    await written(s)
    heard: list[int] = []
    events.minutes.subscribe(heard.append)

    assert await minutes_versions.approve(meeting_id=s.meeting.id, by=ANNE, now=LATER) == 1

    view = await minutes.minutes_view(s.meeting.id)
    assert (view.status, view.version, view.writable) == (MinutesStatus.APPROVED, 1, False)
    locked = 'godkendt og låst'
    with pytest.raises(DomainError, match=locked):
        await save(s, s.talk, 'En ændring', revision=1)
    with pytest.raises(DomainError, match=locked):
        await minutes.set_referent(meeting_id=s.meeting.id, referent='En anden', expected_revision=1,
                                   by=f.COORDINATOR, now=LATER)
    with pytest.raises(DomainError, match='allerede godkendt'):
        await minutes_versions.approve(meeting_id=s.meeting.id, by=ANNE, now=LATER)
    with pytest.raises(DomainError) as error:
        await minutes_versions.reopen(meeting_id=s.meeting.id, reason='   ', by=ANNE, now=LATER)
    assert error.value.field == 'reason'
    assert (await item_view(s, s.talk)).notes == 'DBC fortalte om «Bibliotek.dk».'

    await minutes_versions.reopen(meeting_id=s.meeting.id, reason='Forkert dato for næste møde', by=BO, now=LATER)
    assert (await minutes.minutes_view(s.meeting.id)).status == MinutesStatus.DRAFT
    with pytest.raises(DomainError, match='Kun et godkendt referat'):
        await minutes_versions.reopen(meeting_id=s.meeting.id, reason='Igen', by=BO, now=LATER)
    assert heard == [s.net.id, s.net.id]
    assert [(e.action, e.from_value, e.to_value, e.reason, e.actor_name) for e in await entries(s)][-2:] == [
        ('approve', 'draft', 'approved', 'version 1', ANNE.name),
        ('reopen', 'approved', 'draft', 'Forkert dato for næste møde', BO.name)]


async def test_each_approval_is_a_kept_version_and_the_old_ones_stay_viewable(db):
    s = await scene()
    await written(s)
    await minutes_versions.approve(meeting_id=s.meeting.id, by=ANNE, now=LATER)
    await minutes_versions.reopen(meeting_id=s.meeting.id, reason='Rettelse', by=ANNE, now=LATER)
    await save(s, s.talk, 'DBC fortalte om «Bibliotek.dk» og den nye formular.', ['Rettet beslutning'], revision=1)
    second_day = LATER + dt.timedelta(days=2)
    assert await minutes_versions.approve(meeting_id=s.meeting.id, by=BO, now=second_day) == 2

    kept = await minutes_versions.versions(s.meeting.id)
    assert [(v.number, v.approved_at, v.approved_by) for v in kept] == [(2, second_day, BO.name),
                                                                          (1, LATER, ANNE.name)]
    one = await minutes_versions.version_document(s.meeting.id, 1, now=second_day)
    two = await minutes_versions.version_document(s.meeting.id, 2, now=second_day)
    assert (one.version, two.version) == (1, 2)
    assert one.items[1].notes == 'DBC fortalte om «Bibliotek.dk».'
    assert one.items[1].decisions == ['Netværket afprøver den nye bestillingsformular.']
    assert two.items[1].notes == 'DBC fortalte om «Bibliotek.dk» og den nye formular.'
    assert two.items[1].decisions == ['Rettet beslutning']
    with pytest.raises(DomainError):
        await minutes_versions.version_document(s.meeting.id, 3)


async def test_a_version_keeps_the_document_as_it_was_approved(db):
    s = await scene(close=False)
    await with_groups(s)
    await close_it(s.meeting)
    await written(s)
    await minutes_versions.approve(meeting_id=s.meeting.id, by=ANNE, now=LATER)
    # The attendance is corrected afterwards: the draft shows it, the kept version does not.
    await attendance.reopen_meeting(meeting_id=s.meeting.id, reason='Dorte kom', by=f.COORDINATOR, now=LATER)
    await attendance.record_attendance(meeting_id=s.meeting.id, membership_id=s.people['Dorte Nielsen'].id,
                                       status=AttendanceStatus.PRESENT, by=f.COORDINATOR, now=LATER)

    stored = json.loads((await MinutesVersion.get(number=1)).document)
    assert stored['attendance']['absent'] == ['Dorte Nielsen']
    assert stored['referent'] == 'Mette Ølgaard, Statsbiblioteket'
    assert stored['meeting']['date'] == '2026-03-04' and stored['meeting']['starts'] == '10:00'
    assert stored['items'][2]['groups'] == [[2, 'Nej: gebyrer skræmmer lånerne væk.']]
    document = await minutes_versions.version_document(s.meeting.id, 1, now=AFTER)
    assert (document.network_name, document.meeting_title, document.day) == (s.net.name, s.meeting.title, DAY)
    assert (document.starts, document.ends) == (dt.time(10), dt.time(15))
    assert document.venue == 'Victor Albecks Vej 1, 8000 Aarhus C' and document.host == 'Statsbiblioteket'
    assert document.attendees == ['Anne Zacho', 'Carl Ågesen', 'Aase Holm']
    assert (document.apologies, document.absent, document.excused) == (['Bent Østergaard'], ['Dorte Nielsen'],
                                                                       ['Ørjan Madsen'])
    assert [(i.number, i.title, i.kind, i.starts) for i in document.items] == [
        (1, 'Velkomst', 'Velkomst', dt.time(10)), (2, 'Nyt fra DBC', 'Oplæg', dt.time(10, 15)),
        (3, 'Gruppearbejde om fjernlånsgebyrer', 'Gruppearbejde', dt.time(11))]
    assert document.items[2].group_outcomes == [('Gruppe 2', 'Nej: gebyrer skræmmer lånerne væk.')]
    assert (document.status, document.version, document.generated_at) == ('Godkendt', 1, AFTER)
    assert (await minutes.minutes_view(s.meeting.id)).attendance.absent == []


async def test_the_pdf_of_a_version_and_of_the_draft_build(db):
    s = await scene()
    await written(s)
    draft = await minutes_versions.draft_document(s.meeting.id, now=LATER)
    assert (draft.status, draft.version) == ('Udkast', None)
    await minutes_versions.approve(meeting_id=s.meeting.id, by=ANNE, now=LATER)

    name, pdf = await minutes_versions.version_pdf(s.meeting.id, 1, now=LATER)

    assert name == 'referat-2026-03-04-fjernlaan-i-en-digital-tid.pdf'
    assert pdf.startswith(b'%PDF')


async def test_concurrent_writers_of_text_referent_and_actions_only_ever_meet_conflicts(db):
    s = await scene()
    await written(s)   # referent and talk at revision 1
    action = await minutes_actions.add_action(meeting_id=s.meeting.id, what='Afprøv formularen', by=ANNE, now=LATER)
    writers = [
        *(save(s, s.talk, f'Tekst {n}', revision=1, by=ANNE) for n in range(3)),
        *(minutes.set_referent(meeting_id=s.meeting.id, referent=f'Referent {n}', expected_revision=1, by=BO,
                               now=LATER) for n in range(3)),
        *(minutes_actions.update_action(action_id=action.id, what=f'Punkt {n}', expected_revision=0, by=BO,
                                        now=LATER) for n in range(3)),
    ]

    results = await asyncio.gather(*writers, return_exceptions=True)

    failures = [r for r in results if isinstance(r, BaseException)]
    assert len(failures) == 6 and all(isinstance(r, MinutesConflict) for r in failures), failures
    view = await minutes.minutes_view(s.meeting.id)
    assert view.items[1].notes in {f'Tekst {n}' for n in range(3)} and view.items[1].revision == 2
    assert view.referent in {f'Referent {n}' for n in range(3)} and view.revision == 2
    assert view.actions[0].what in {f'Punkt {n}' for n in range(3)} and view.actions[0].revision == 1


async def test_a_save_racing_the_approval_is_either_in_the_version_or_refused(db):
    s = await scene()
    await written(s)

    saved, number = await asyncio.gather(save(s, s.talk, 'Sidste rettelse', revision=1),
                                         minutes_versions.approve(meeting_id=s.meeting.id, by=ANNE, now=LATER),
                                         return_exceptions=True)

    assert number == 1
    kept = (await minutes_versions.version_document(s.meeting.id, 1)).items[1].notes
    if isinstance(saved, BaseException):
        assert isinstance(saved, DomainError) and 'låst' in saved.message
        assert kept == 'DBC fortalte om «Bibliotek.dk».'
    else:
        assert kept == 'Sidste rettelse'
