"""Group work of a gruppearbejde item: who takes part, making, moving and describing groups (services.groups)."""
from __future__ import annotations

import datetime as dt

import pytest

from flnet_ui import events
from flnet_ui.services import attendance, groups, meetings, responses, roll_call
from flnet_ui.services.errors import DomainError
from models import AgendaItem, AgendaKind, Answer, AttendanceStatus, AuditEntry, Landsdel, Meeting, Membership
from tests import factories
from tests.conftest import NOW
from tests.factories import COORDINATOR

DAY = dt.date(2026, 4, 15)
ON_THE_DAY = dt.datetime(2026, 4, 15, 8, 0, tzinfo=dt.UTC)
LIBRARIES = [('Aarhus Hovedbibliotek', 'Aarhus'), ('Odense Centralbibliotek', 'Odense'),
             ('Københavns Hovedbibliotek', 'København'), ('Roskilde Bibliotek', 'Roskilde')]


async def setup(count: int = 8) -> tuple[Meeting, AgendaItem, list[Membership]]:
    """A planned meeting with a gruppearbejde item and `count` members from four libraries (two East, two West)."""
    net = await factories.network()
    libs = [await factories.library(name, town) for name, town in LIBRARIES]
    people = [await factories.member(net, now=NOW, name=f'Deltager {chr(65 + i)}', library_id=libs[i % 4].id)
              for i in range(count)]
    meeting = await meetings.plan_meeting(network_id=net.id, title='Forårsmøde', date=DAY, starts_at=dt.time(10),
                                          ends_at=dt.time(15), by=COORDINATOR, now=NOW)
    item = await AgendaItem.create(meeting_id=meeting.id, position=1, kind=AgendaKind.GROUP_WORK,
                                   title='Gruppearbejde om fjernlån', created_at=NOW, updated_at=NOW)
    return meeting, item, people


async def attend(meeting: Meeting, people: list[Membership], answer: Answer = Answer.ATTENDING) -> None:
    for person in people:
        await responses.answer(membership_id=person.id, meeting_id=meeting.id, answer=answer, by=COORDINATOR, now=NOW)


async def test_attendees_are_those_signed_up_with_library_and_part_of_the_country(db: object) -> None:
    meeting, item, people = await setup(6)
    await attend(meeting, people[:4])
    await attend(meeting, people[4:5], Answer.APOLOGY)
    found = await groups.attendees(item.id)
    assert [p.name for p in found] == ['Deltager A', 'Deltager B', 'Deltager C', 'Deltager D']
    assert [(p.library, p.landsdel) for p in found] == [
        ('Aarhus Hovedbibliotek', Landsdel.WEST), ('Odense Centralbibliotek', Landsdel.WEST),
        ('Københavns Hovedbibliotek', Landsdel.EAST), ('Roskilde Bibliotek', Landsdel.EAST)]


async def test_once_the_roll_call_started_the_attendees_are_those_present(db: object) -> None:
    meeting, item, people = await setup(6)
    await attend(meeting, people[:4])
    await roll_call.start_roll_call(meeting_id=meeting.id, by=COORDINATOR, now=ON_THE_DAY)
    await attendance.record_attendance(meeting_id=meeting.id, membership_id=people[0].id,
                                       status=AttendanceStatus.ABSENT, by=COORDINATOR, now=ON_THE_DAY)
    await attendance.record_attendance(meeting_id=meeting.id, membership_id=people[5].id,
                                       status=AttendanceStatus.PRESENT, by=COORDINATOR, now=ON_THE_DAY)
    found = await groups.attendees(item.id)
    assert [p.name for p in found] == ['Deltager B', 'Deltager C', 'Deltager D', 'Deltager F']


async def test_make_groups_mixes_parts_and_libraries_and_is_reproducible(db: object) -> None:
    meeting, item, people = await setup(8)
    await attend(meeting, people)
    seen: list[int] = []
    events.board.subscribe(seen.append)
    made = await groups.make_groups(item_id=item.id, groups=2, seed=42, by=COORDINATOR, now=ON_THE_DAY)
    assert seen == [meeting.network_id]
    assert [g.number for g in made] == [1, 2] and {g.seed for g in made} == {42}
    for group in made:
        assert len(group.members) == 4
        assert {m.landsdel for m in group.members} == {Landsdel.EAST, Landsdel.WEST}
        assert len({m.library for m in group.members}) == 4   # two from each library, never in one group
        assert [m.name for m in group.members] == sorted(m.name for m in group.members)
    first = [[m.membership_id for m in g.members] for g in made]
    again = await groups.make_groups(item_id=item.id, size=4, seed=42, by=COORDINATOR, now=ON_THE_DAY)
    assert [[m.membership_id for m in g.members] for g in again] == first   # replaced, the same draw
    assert len(await groups.groups_of(item.id)) == 2
    entries = await AuditEntry.filter(subject='groups', subject_id=item.id, action='make groups')
    assert len(entries) == 2 and entries[0].actor_name == COORDINATOR.name and 'lodtrækning nr. 42' in entries[0].reason


async def test_shuffling_again_draws_a_new_seed(db: object) -> None:
    meeting, item, people = await setup(12)
    await attend(meeting, people)
    draws = set()
    for _round in range(5):
        made = await groups.make_groups(item_id=item.id, groups=3, by=COORDINATOR, now=ON_THE_DAY)
        draws.add(tuple(tuple(m.membership_id for m in g.members) for g in made))
    assert len(draws) >= 2


async def test_move_update_and_my_group(db: object) -> None:
    meeting, item, people = await setup(8)
    await attend(meeting, people)
    made = await groups.make_groups(item_id=item.id, groups=2, seed=7, by=COORDINATOR, now=ON_THE_DAY)
    mover = made[0].members[0]
    await groups.update_group(group_id=made[0].id, question='Hvordan deler vi?', outcome='',
                              scribe_membership_id=mover.membership_id, by=COORDINATOR, now=ON_THE_DAY)
    await groups.move_person(item_id=item.id, membership_id=mover.membership_id, to_group=2, by=COORDINATOR,
                             now=ON_THE_DAY)
    after = await groups.groups_of(item.id)
    assert mover.membership_id in [m.membership_id for m in after[1].members]
    assert len(after[0].members) == 3 and len(after[1].members) == 5
    assert after[0].scribe_id is None    # a scribe who left the group is no longer its scribe
    assert after[0].question == 'Hvordan deler vi?'
    moved = await AuditEntry.get(subject='groups', action='move')
    assert (moved.from_value, moved.to_value) == ('1', '2') and moved.person_id is not None

    scribe = after[1].members[0]
    await groups.update_group(group_id=after[1].id, question='  Hvad virker?  ', outcome='Vi deler mere.',
                              scribe_membership_id=scribe.membership_id, by=COORDINATOR, now=ON_THE_DAY)
    saved = (await groups.groups_of(item.id))[1]
    assert (saved.question, saved.outcome, saved.scribe_name) == ('Hvad virker?', 'Vi deler mere.', scribe.name)
    with pytest.raises(DomainError, match='Referenten skal være med i gruppen') as refused:
        await groups.update_group(group_id=after[1].id, question='', outcome='',
                                  scribe_membership_id=after[0].members[0].membership_id, by=COORDINATOR,
                                  now=ON_THE_DAY)
    assert refused.value.field == 'scribe'

    mine = await groups.my_group(mover.membership_id, meeting.id)
    assert [(g.item_title, g.number, g.question) for g in mine] == [('Gruppearbejde om fjernlån', 2, 'Hvad virker?')]
    assert sorted(mine[0].others) == sorted(m.name for m in saved.members if m.membership_id != mover.membership_id)
    assert await groups.my_group(mover.membership_id, meeting.id + 999) == []


async def test_a_members_groups_in_every_open_meeting_take_two_queries(db: object) -> None:
    """Min side shows the member's groups under each upcoming meeting: soonest meeting first, its groups in programme
    order, the others' names in Danish order, and no query per meeting or per group."""
    meeting, item, people = await setup(6)
    later = await meetings.plan_meeting(network_id=meeting.network_id, title='Efterårsmøde', date=dt.date(2026, 10, 7),
                                        starts_at=dt.time(10), ends_at=dt.time(15), by=COORDINATOR, now=NOW)
    second = await AgendaItem.create(meeting_id=meeting.id, position=2, kind=AgendaKind.GROUP_WORK,
                                     title='Gruppearbejde om statistik', created_at=NOW, updated_at=NOW)
    third = await AgendaItem.create(meeting_id=later.id, position=1, kind=AgendaKind.GROUP_WORK,
                                    title='Gruppearbejde om levering', created_at=NOW, updated_at=NOW)
    await attend(meeting, people)
    await attend(later, people)
    for work in (third, second, item):
        await groups.make_groups(item_id=work.id, groups=2, seed=3, by=COORDINATOR, now=ON_THE_DAY)
    me = people[0]
    with factories.counting_queries() as queries:
        mine = await groups.my_open_groups(me.id)
    assert len(queries) == 2, queries
    assert list(mine) == [meeting.id, later.id]
    assert [g.item_title for g in mine[meeting.id][1]] == ['Gruppearbejde om fjernlån', 'Gruppearbejde om statistik']
    assert mine[later.id][0] == 'Efterårsmøde'
    for meeting_id, (_title, mine_there) in mine.items():
        assert mine_there == await groups.my_group(me.id, meeting_id)
        for group in mine_there:
            assert 'Deltager A' not in group.others and group.others == sorted(group.others)
            assert len(group.others) == 2   # six people in two groups: two others in each


async def test_a_latecomer_present_at_the_roll_call_can_be_added_but_a_stranger_cannot(db: object) -> None:
    meeting, item, people = await setup(6)
    await attend(meeting, people[:4])
    await groups.make_groups(item_id=item.id, groups=2, seed=1, by=COORDINATOR, now=NOW)
    with pytest.raises(DomainError, match='deltager ikke i dette gruppearbejde'):
        await groups.move_person(item_id=item.id, membership_id=people[5].id, to_group=1, by=COORDINATOR, now=NOW)
    await roll_call.start_roll_call(meeting_id=meeting.id, by=COORDINATOR, now=ON_THE_DAY)
    await attendance.record_attendance(meeting_id=meeting.id, membership_id=people[5].id,
                                       status=AttendanceStatus.PRESENT, by=COORDINATOR, now=ON_THE_DAY)
    await groups.move_person(item_id=item.id, membership_id=people[5].id, to_group=1, by=COORDINATOR, now=ON_THE_DAY)
    assert people[5].id in [m.membership_id for m in (await groups.groups_of(item.id))[0].members]
    with pytest.raises(DomainError, match='Gruppen findes ikke'):
        await groups.move_person(item_id=item.id, membership_id=people[5].id, to_group=3, by=COORDINATOR,
                                 now=ON_THE_DAY)


async def test_refused_for_other_items_closed_meetings_and_nonsense(db: object) -> None:
    meeting, item, people = await setup(4)
    await attend(meeting, people)
    talk = await AgendaItem.create(meeting_id=meeting.id, position=2, kind=AgendaKind.TALK, title='Oplæg',
                                   created_at=NOW, updated_at=NOW)
    with pytest.raises(DomainError, match='kun til et punkt med gruppearbejde'):
        await groups.make_groups(item_id=talk.id, groups=2, seed=1, by=COORDINATOR, now=NOW)
    with pytest.raises(DomainError, match='flere grupper end deltagere'):
        await groups.make_groups(item_id=item.id, groups=5, seed=1, by=COORDINATOR, now=NOW)
    made = await groups.make_groups(item_id=item.id, groups=2, seed=1, by=COORDINATOR, now=NOW)
    await attendance.close_meeting(meeting_id=meeting.id, by=COORDINATOR, now=dt.datetime(2026, 4, 15, 18,
                                                                                          tzinfo=dt.UTC))
    for change in (groups.make_groups(item_id=item.id, groups=2, seed=1, by=COORDINATOR, now=NOW),
                   groups.move_person(item_id=item.id, membership_id=people[0].id, to_group=2, by=COORDINATOR,
                                      now=NOW),
                   groups.update_group(group_id=made[0].id, question='x', outcome='', scribe_membership_id=None,
                                       by=COORDINATOR, now=NOW)):
        with pytest.raises(DomainError, match='planlagt eller i gang'):
            await change
    assert [[m.membership_id for m in g.members] for g in await groups.groups_of(item.id)] == \
        [[m.membership_id for m in g.members] for g in made]   # nothing changed
    assert await AuditEntry.filter(subject='groups').count() == 1


async def test_nobody_signed_up_is_refused(db: object) -> None:
    _meeting, item, _people = await setup(2)
    with pytest.raises(DomainError, match='ingen at dele i grupper'):
        await groups.make_groups(item_id=item.id, groups=1, by=COORDINATOR, now=NOW)


async def test_drawing_anew_keeps_the_questions_by_group_number_and_drops_scribes_and_outcomes(db: object) -> None:
    meeting, item, people = await setup(8)
    await attend(meeting, people)
    made = await groups.make_groups(item_id=item.id, groups=2, seed=1, by=COORDINATOR, now=ON_THE_DAY)
    for group, question in zip(made, ['Hvad virker?', 'Hvad mangler?'], strict=True):
        await groups.update_group(group_id=group.id, question=question, outcome='Noter',
                                  scribe_membership_id=group.members[0].membership_id, by=COORDINATOR, now=ON_THE_DAY)
    again = await groups.make_groups(item_id=item.id, groups=3, seed=2, by=COORDINATOR, now=ON_THE_DAY)
    assert [(g.number, g.question, g.outcome, g.scribe_id) for g in again] == [
        (1, 'Hvad virker?', '', None), (2, 'Hvad mangler?', '', None), (3, '', '', None)]


async def test_two_coordinators_drawing_at_once_leave_one_whole_division(db: object) -> None:
    """Simultaneous draws and moves take turns under the network's lock: one set of groups with everyone once, never
    a mix of two draws and never a server error, on SQLite and PostgreSQL."""
    import asyncio
    meeting, item, people = await setup(8)
    await attend(meeting, people)
    await asyncio.gather(*(groups.make_groups(item_id=item.id, groups=2, seed=seed, by=COORDINATOR, now=ON_THE_DAY)
                           for seed in range(4)))
    made = await groups.groups_of(item.id)
    assert [g.number for g in made] == [1, 2]
    assert sorted(m.membership_id for g in made for m in g.members) == sorted(p.id for p in people)
