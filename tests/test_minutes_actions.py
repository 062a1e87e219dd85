"""Action items of the minutes (opfølgningspunkter, issue 6 §1 and §4): on an item or the meeting as a whole, who is
responsible, the deadline rule, editable only in a draft but done/open at any time, conflicts, the overview across
meetings (open, done, overdue) and the open ones that come back as "Opfølgning" on the next meeting."""
import datetime as dt

import pytest

from flnet_ui import events
from flnet_ui.services import meetings, minutes, minutes_versions
from flnet_ui.services.audit import Actor
from flnet_ui.services.errors import DomainError
from flnet_ui.services.minutes import MinutesConflict
from flnet_ui.services.minutes_actions import (
    action_overview,
    add_action,
    delete_action,
    open_actions_before,
    responsible_choices,
    set_action_done,
    update_action,
)
from models import ActionItem, ActionStatus, AuditEntry
from tests import factories as f
from tests.minutes_scene import DAY, LATER, scene, written

ANNE = Actor(None, 'anne@statsbiblioteket.dk')
BO = Actor(None, 'bo@statsbiblioteket.dk')


async def add(s, what, *, item=None, responsible=None, name='', deadline=None, by=f.COORDINATOR, now=LATER):
    return await add_action(meeting_id=s.meeting.id, agenda_item_id=item.id if item else None, what=what,
                            responsible_id=responsible.id if responsible else None, responsible_name=name,
                            deadline=deadline, by=by, now=now)


async def approved(s):
    await written(s)
    await minutes_versions.approve(meeting_id=s.meeting.id, by=f.COORDINATOR, now=LATER)


async def test_action_items_sit_under_their_item_or_the_meeting_with_a_member_or_a_free_name(db):
    s = await scene()
    heard: list[int] = []
    events.minutes.subscribe(heard.append)

    first = await add(s, 'Afprøv den nye bestillingsformular', item=s.talk, responsible=s.people['Aase Holm'],
                      name='ignoreres', deadline=dt.date(2026, 4, 1))
    await add(s, '  Send slides rundt  ', item=s.talk, name='  Ole   Hansen (DBC) ')
    await add(s, 'Find vært til efterårsmødet')

    view = await minutes.minutes_view(s.meeting.id)
    talk = view.items[1]
    assert [(a.what, a.responsible, a.responsible_id, a.deadline, a.status) for a in talk.actions] == [
        ('Afprøv den nye bestillingsformular', 'Aase Holm', s.people['Aase Holm'].id, dt.date(2026, 4, 1),
         ActionStatus.OPEN),
        ('Send slides rundt', 'Ole Hansen (DBC)', None, None, ActionStatus.OPEN)]
    assert [a.what for a in view.actions] == ['Find vært til efterårsmødet']
    assert (await ActionItem.get(id=first.id)).responsible_name == ''   # a member: the free name is not kept
    assert heard == [s.net.id] * 3
    logged = await AuditEntry.filter(subject='action', action='add').order_by('id')
    assert [e.to_value for e in logged] == ['Afprøv den nye bestillingsformular', 'Send slides rundt',
                                            'Find vært til efterårsmødet']


async def test_what_responsible_and_deadline_are_checked_at_the_field(db):
    s = await scene()
    stranger = await f.member(await f.network(), now=LATER)
    cases = [({'what': '   '}, 'what'), ({'what': 'x' * 1_001}, 'what'),
             ({'what': 'Ok', 'name': 'N' * 201}, 'responsible_name'),
             ({'what': 'Ok', 'responsible': stranger}, 'responsible'),
             ({'what': 'Ok', 'deadline': DAY - dt.timedelta(days=1)}, 'deadline')]
    for values, field in cases:
        with pytest.raises(DomainError) as error:
            await add(s, values.pop('what'), **values)
        assert error.value.field == field, values
    with pytest.raises(DomainError, match='Fristen kan ikke ligge før mødedagen'):
        await add(s, 'For sent', deadline=dt.date(2026, 1, 31))
    assert await ActionItem.all().count() == 0

    await add(s, 'x' * 1_000, deadline=DAY)   # the longest text, and the meeting's own day
    assert await ActionItem.all().count() == 1


async def test_an_action_item_of_another_meetings_agenda_item_is_refused(db):
    s = await scene()
    other = await scene(net=s.net, day=dt.date(2026, 9, 2), title='Efterårets temadag')
    with pytest.raises(DomainError):
        await add(s, 'Forkert punkt', item=other.talk)


async def test_action_items_change_only_in_a_draft_but_done_and_open_at_any_time(db):
    s = await scene()
    action = await add(s, 'Afprøv formularen', responsible=s.people['Anne Zacho'])
    await approved(s)

    locked = 'godkendt og låst'
    with pytest.raises(DomainError, match=locked):
        await add(s, 'Nyt punkt efter godkendelsen')
    with pytest.raises(DomainError, match=locked):
        await update_action(action_id=action.id, what='Ændret', expected_revision=0, by=f.COORDINATOR, now=LATER)
    with pytest.raises(DomainError, match=locked):
        await delete_action(action_id=action.id, by=f.COORDINATOR, now=LATER)

    done_at = LATER + dt.timedelta(days=20)
    done = await set_action_done(action_id=action.id, done=True, by=f.COORDINATOR, now=done_at)
    assert (done.status, done.done_at) == (ActionStatus.DONE, done_at)
    again = await set_action_done(action_id=action.id, done=True, by=f.COORDINATOR, now=LATER)  # nothing to do
    assert again.done_at == done_at
    reopened = await set_action_done(action_id=action.id, done=False, by=f.COORDINATOR, now=done_at)
    assert (reopened.status, reopened.done_at) == (ActionStatus.OPEN, None)
    assert [(e.from_value, e.to_value) for e in await AuditEntry.filter(subject='action', action='status')
            .order_by('id')] == [('open', 'done'), ('done', 'open')]

    await minutes_versions.reopen(meeting_id=s.meeting.id, reason='Et punkt mangler', by=f.COORDINATOR, now=LATER)
    await add(s, 'Punktet der manglede')
    assert await ActionItem.filter(meeting_id=s.meeting.id).count() == 2


async def test_update_and_delete_with_conflict_detection(db):
    s = await scene()
    action = await add(s, 'Skriv til leverandøren')

    changed = await update_action(action_id=action.id, agenda_item_id=s.talk.id, what='Skriv til DBC',
                                  responsible_id=s.people['Carl Ågesen'].id, deadline=dt.date(2026, 5, 1),
                                  expected_revision=0, by=ANNE, now=LATER)
    assert (changed.what, changed.revision, changed.agenda_item_id) == ('Skriv til DBC', 1, s.talk.id)
    with pytest.raises(MinutesConflict) as conflict:
        await update_action(action_id=action.id, what='Skriv til Bibliotek.dk', expected_revision=0, by=BO, now=LATER)
    assert (conflict.value.theirs, conflict.value.yours, conflict.value.revision) == (
        'Skriv til DBC', 'Skriv til Bibliotek.dk', 1)
    assert (conflict.value.changed_by, conflict.value.changed_at, conflict.value.field) == (ANNE.name, LATER, 'what')
    assert (await ActionItem.get(id=action.id)).what == 'Skriv til DBC'
    same = await update_action(action_id=action.id, agenda_item_id=s.talk.id, what='Skriv til DBC',
                               responsible_id=s.people['Carl Ågesen'].id, deadline=dt.date(2026, 5, 1),
                               expected_revision=0, by=BO, now=LATER)
    assert same.revision == 1   # the same values: nothing to save, no conflict

    await set_action_done(action_id=action.id, done=True, by=ANNE, now=LATER)   # follow-up, not the text:
    edited = await update_action(action_id=action.id, agenda_item_id=s.talk.id, what='Skriv til DBC og Kb',
                                 responsible_id=s.people['Carl Ågesen'].id, deadline=dt.date(2026, 5, 1),
                                 expected_revision=1, by=BO, now=LATER)   # no conflict with the tick in the box
    assert (edited.what, edited.revision, edited.status) == ('Skriv til DBC og Kb', 2, ActionStatus.DONE)

    await delete_action(action_id=action.id, by=BO, now=LATER)
    assert not await ActionItem.exists(id=action.id)
    with pytest.raises(DomainError, match='findes ikke længere'):
        await set_action_done(action_id=action.id, done=True, by=BO, now=LATER)
    assert [e.action for e in await AuditEntry.filter(subject='action', subject_id=action.id).order_by('id')] == [
        'add', 'update', 'status', 'update', 'delete']


async def test_the_overview_across_meetings_shows_open_done_and_overdue(db):
    spring = await scene()
    autumn = await scene(net=spring.net, day=dt.date(2026, 9, 2), title='Efterårets temadag')
    late = await add(spring, 'Evaluer forsøget', item=spring.talk, responsible=spring.people['Bent Østergaard'],
                     deadline=dt.date(2026, 6, 1))
    soon = await add(autumn, 'Planlæg workshop', name='Ole Hansen', deadline=dt.date(2026, 10, 1))
    whenever = await add(autumn, 'Opdater vejledningen')
    finished = await add(spring, 'Send referatet', deadline=dt.date(2026, 3, 20))
    await set_action_done(action_id=finished.id, done=True, by=f.COORDINATOR, now=LATER)
    cancelled = await meetings.plan_meeting(network_id=spring.net.id, title='Aflyst', date=dt.date(2026, 11, 4),
                                            starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR, now=LATER)
    await meetings.cancel_meeting(meeting_id=cancelled.id, by=f.COORDINATOR, now=LATER)

    overview = await action_overview(spring.net.id, dt.date(2026, 9, 15))

    assert [a.id for a in overview.open] == [late.id, soon.id, whenever.id]   # nearest deadline first, none last
    assert [a.id for a in overview.overdue] == [late.id]
    assert [a.id for a in overview.done] == [finished.id]
    line = overview.open[0]
    assert (line.meeting_title, line.meeting_date, line.item_title, line.responsible) == (
        'Fjernlån i en digital tid', DAY, 'Nyt fra DBC', 'Bent Østergaard')
    assert (overview.open[1].responsible, overview.open[1].item_title) == ('Ole Hansen', '')
    assert overview.done[0].done_at == LATER
    assert (await action_overview(spring.net.id, dt.date(2026, 5, 1))).overdue == []
    assert (await action_overview((await f.network()).id, DAY)).open == []


async def test_open_action_items_of_earlier_meetings_come_back_on_the_next(db):
    spring = await scene()
    autumn = await scene(net=spring.net, day=dt.date(2026, 9, 2), title='Efterårets temadag')
    still_open = await add(spring, 'Evaluer forsøget', deadline=dt.date(2026, 6, 1))
    not_due = await add(spring, 'Skriv artikel', item=spring.talk, deadline=dt.date(2026, 12, 1))
    done = await add(spring, 'Send referatet')
    await set_action_done(action_id=done.id, done=True, by=f.COORDINATOR, now=LATER)
    await add(autumn, 'Efterårets eget punkt')

    follow_up = await open_actions_before(autumn.meeting.id)

    assert [(a.id, a.overdue) for a in follow_up] == [(still_open.id, True), (not_due.id, False)]
    assert follow_up[1].item_title == 'Nyt fra DBC'
    assert await open_actions_before(spring.meeting.id) == []


async def test_responsible_choices_are_the_active_members_in_danish_order(db):
    s = await scene()
    choices = await responsible_choices(s.net.id)
    assert list(choices.values()) == ['Anne Zacho', 'Bent Østergaard', 'Carl Ågesen', 'Dorte Nielsen',
                                      'Ørjan Madsen', 'Aase Holm']
