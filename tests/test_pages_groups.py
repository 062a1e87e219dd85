"""Grupper: the coordinator divides the attendees of a gruppearbejde item into groups, moves a person and saves a
group's question, scribe and outcome; members and visitors cannot open the page; a member sees their own group on
Min side."""
from __future__ import annotations

import asyncio
import datetime as dt
from types import SimpleNamespace

from nicegui.testing import User

from flnet_ui.i18n import today
from flnet_ui.services import groups, meetings, networks
from models import AgendaItem, AgendaKind, Answer, AuditEntry, MeetingResponse, Person, WorkGroup
from tests import factories as f
from tests.login import coordinator_login, member_login

NAMES = [('Anne Holm', 'Aarhus Hovedbibliotek', 'Aarhus'), ('Bo Winther', 'Københavns Hovedbibliotek', 'København'),
         ('Carl Friis', 'Aarhus Hovedbibliotek', 'Aarhus'), ('Dorte Lund', 'Københavns Hovedbibliotek', 'København'),
         ('Emil Ærø', 'Odense Centralbibliotek', 'Odense'), ('Frida Åberg', 'Roskilde Bibliotek', 'Roskilde')]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def setting() -> SimpleNamespace:
    """Six members from four libraries (East and West) signed up for a meeting in a month with one group work."""
    network = await networks.default_network()
    people = []
    for i, (name, library, town) in enumerate(NAMES):
        lib = await f.library(library, town)
        people.append(await f.member(network, now=now() - dt.timedelta(days=300, minutes=-i), name=name,
                                     library_id=lib.id))
    meeting = await meetings.plan_meeting(network_id=network.id, title='Forårets temadag',
                                          date=today(now()) + dt.timedelta(days=30), starts_at=dt.time(10),
                                          ends_at=dt.time(15), by=f.COORDINATOR, now=now())
    for person in people:
        await MeetingResponse.create(meeting_id=meeting.id, membership_id=person.id, answer=Answer.ATTENDING,
                                     answered_at=now())
    item = await AgendaItem.create(meeting_id=meeting.id, position=1, kind=AgendaKind.GROUP_WORK,
                                   title='Fjernlån på tværs', created_at=now(), updated_at=now())
    return SimpleNamespace(meeting=meeting, item=item, people=people, path=f'/moeder/{meeting.id}/grupper/{item.id}')


async def test_the_coordinator_makes_groups_moves_a_person_and_saves_a_group(user: User) -> None:
    s = await setting()
    await coordinator_login(user)
    await user.open(f'/moeder/{s.meeting.id}')
    await user.should_see(marker=f'to-groups-{s.item.id}')
    await user.open(s.path)
    await user.should_see('6 personer deltager')
    user.find(marker='number').elements.pop().set_value(2)
    user.find(marker='make').click()
    await user.should_see('2 grupper er lavet.')
    await user.should_see(marker='group-2')
    made = await groups.groups_of(s.item.id)
    assert [len(g.members) for g in made] == [3, 3]
    await user.should_see(marker='reshuffle')

    mover = made[0].members[0]
    user.find(marker=f'move-{mover.membership_id}').elements.pop().set_value(2)
    await user.should_see('Flyttet til gruppe 2.')
    after = await groups.groups_of(s.item.id)
    assert [len(g.members) for g in after] == [2, 4]
    assert mover.membership_id in [m.membership_id for m in after[1].members]

    back = after[1].members[-1]   # the mouse: drag someone from group 2 onto group 1, and back again
    user.find(marker=f'member-{back.membership_id}').trigger('dragstart')
    user.find(marker='group-1').trigger('drop')
    await user.should_see('Flyttet til gruppe 1.')
    assert [len(g.members) for g in await groups.groups_of(s.item.id)] == [3, 3]
    user.find(marker=f'member-{back.membership_id}').trigger('dragstart')
    user.find(marker='group-2').trigger('drop')
    for _attempt in range(100):
        if [len(g.members) for g in await groups.groups_of(s.item.id)] == [2, 4]:
            break
        await asyncio.sleep(0.02)
    assert [len(g.members) for g in await groups.groups_of(s.item.id)] == [2, 4]

    user.find(marker='question-2').type('Hvordan deler vi arbejdet?')
    user.find(marker='scribe-2').elements.pop().set_value(mover.membership_id)
    user.find(marker='outcome-2').type('Fælles kø')
    user.find(marker='save-2').click()
    await user.should_see('Gruppe 2 er gemt.')
    saved = await WorkGroup.get(item_id=s.item.id, number=2)
    assert (saved.question, saved.scribe_id, saved.outcome) == ('Hvordan deler vi arbejdet?', mover.membership_id,
                                                                'Fælles kø')

    user.find(marker='reshuffle').click()   # over a written outcome: asked first, and a new draw on "yes"
    await user.should_see('Lav grupperne om?')
    assert await AuditEntry.filter(subject='groups', action='make groups').count() == 1
    user.find(marker='confirm-redraw').click()
    for _attempt in range(100):
        if await AuditEntry.filter(subject='groups', action='make groups').count() == 2:
            break
        await asyncio.sleep(0.02)
    assert await AuditEntry.filter(subject='groups', action='make groups').count() == 2
    assert await WorkGroup.filter(item_id=s.item.id).count() == 2


async def test_nonsense_is_refused_at_the_page(user: User) -> None:
    s = await setting()
    await coordinator_login(user)
    await user.open(s.path)
    user.find(marker='number').elements.pop().set_value(7)
    user.find(marker='make').click()
    await user.should_see('Der er flere grupper end deltagere (6 deltagere).')
    assert await WorkGroup.filter(item_id=s.item.id).count() == 0


async def test_a_member_cannot_open_the_page_and_a_visitor_is_sent_to_log_in(user: User) -> None:
    s = await setting()
    await user.open(s.path)
    await user.should_see(marker='password')
    await member_login(user, s.people[0])
    await user.open(s.path)
    await user.should_see(marker='no-access')
    await user.should_not_see(marker='make')


async def test_a_member_sees_their_own_group_on_my_page(user: User) -> None:
    s = await setting()
    made = await groups.make_groups(item_id=s.item.id, groups=2, seed=3, by=f.COORDINATOR, now=now())
    anne = s.people[0]
    mine = next(g for g in made if anne.id in [m.membership_id for m in g.members])
    await groups.update_group(group_id=mine.id, question='Hvad virker?', scribe_membership_id=None, outcome='',
                              by=f.COORDINATOR, now=now())
    await member_login(user, anne)
    await user.open('/min-side')
    await user.should_see(marker=f'my-group-{s.meeting.id}-{mine.number}')
    await user.should_see(f'Fjernlån på tværs: du er i gruppe {mine.number}')
    await user.should_see('Spørgsmål: Hvad virker?')
    others = [m.name for m in mine.members if m.membership_id != anne.id]
    await user.should_see('Sammen med: ' + ', '.join(others))
    for other in (await Person.filter(memberships__id__in=[m.membership_id for m in mine.members
                                                          if m.membership_id != anne.id])):
        await user.should_not_see(other.email)   # names only
