"""The authorisation matrix for the meeting board's handlers (issue 5): the agenda builder and its dialogs, and group
work. Each case fills the real page in up to the last click; tests/actions.py runs it allowed, after the role is lost
and after the session ended, and a refusal must leave every table as it was."""
from __future__ import annotations

import datetime as dt

import pytest
from nicegui import background_tasks, ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from flnet_ui import i18n
from flnet_ui.services import agenda, agenda_materials, groups, meetings, networks
from models import AgendaItem, AgendaKind, Answer, Meeting, MeetingResponse, Membership
from tests import actions
from tests import factories as f
from tests.actions import MODES, Prepared, Registry, as_coordinator, click, now

CASES = Registry()
case = CASES.case


async def a_meeting(title: str = 'Forårets temadag', days: int = 30) -> Meeting:
    network = await networks.default_network()
    return await meetings.plan_meeting(network_id=network.id, title=title, date=i18n.today(now())
                                       + dt.timedelta(days=days), starts_at=dt.time(10), ends_at=dt.time(15),
                                       by=f.COORDINATOR, now=now() - dt.timedelta(days=60))


async def items(meeting: Meeting, *titles: str, kind: AgendaKind = AgendaKind.TALK) -> list[AgendaItem]:
    return [await agenda.add_item(meeting_id=meeting.id, kind=kind, title=title, duration_minutes=20,
                                  by=f.COORDINATOR, now=now()) for title in titles]


async def group_work(*, made: bool = True) -> tuple[AgendaItem, list[Membership]]:
    """A meeting with a gruppearbejde item and four members signed up (divided into two groups when `made`)."""
    network = await networks.default_network()
    meeting = await a_meeting()
    people = [await f.member(network, name=name, now=now() - dt.timedelta(days=300, minutes=-i))
              for i, name in enumerate(['Anne Holm', 'Bo Winther', 'Carl Friis', 'Dorte Lund'])]
    for person in people:
        await MeetingResponse.create(meeting_id=meeting.id, membership_id=person.id, answer=Answer.ATTENDING,
                                     answered_at=now())
    [item] = await items(meeting, 'Fjernlån på tværs', kind=AgendaKind.GROUP_WORK)
    if made:
        await groups.make_groups(item_id=item.id, groups=2, seed=1, by=f.COORDINATOR, now=now())
    return item, people


# --- Dagsorden (pages/agenda.py, pages/agenda_dialogs.py) ---

@case('agenda: add an item', ('agenda_dialogs', 'ItemDialog.save'))
async def add_item(user: User) -> Prepared:
    meeting = await a_meeting()
    account = await as_coordinator(user, f'/moeder/{meeting.id}/dagsorden')
    user.find(marker='add-item').click()
    await user.should_see(marker='item-heading', content='Tilføj punkt')
    user.find(marker='item-title').type('Fjernlån i tal')
    return Prepared(account, click(user, 'item-save'), 'Punktet er tilføjet.')


@case('agenda: move an item', ('agenda', 'AgendaPage.act'))
async def move_item(user: User) -> Prepared:
    meeting = await a_meeting()
    first, _second = await items(meeting, 'Velkomst', 'Oplæg')
    account = await as_coordinator(user, f'/moeder/{meeting.id}/dagsorden')
    moved = lambda: user.should_see(marker=f'time-{first.id}', content='10.20–10.40', retries=actions.RETRIES)  # noqa: E731
    return Prepared(account, click(user, f'down-{first.id}'), allowed_check=moved)


@case('agenda: delete an item', ('agenda', 'AgendaPage.act'))
async def delete_item(user: User) -> Prepared:
    meeting = await a_meeting()
    [item] = await items(meeting, 'Oplæg')
    account = await as_coordinator(user, f'/moeder/{meeting.id}/dagsorden')
    user.find(marker=f'delete-{item.id}').click()
    await user.should_see(marker='delete-what')
    return Prepared(account, click(user, 'delete-confirm'), 'Punktet er slettet.')


@case('agenda: copy an earlier agenda', ('agenda', 'AgendaPage.copy'))
async def copy(user: User) -> Prepared:
    earlier = await a_meeting('Efterårets temadag', days=-150)
    await items(earlier, 'Velkomst', 'Oplæg')
    meeting = await a_meeting()
    account = await as_coordinator(user, f'/moeder/{meeting.id}/dagsorden')
    user.find(marker='copy-from').elements.pop().set_value(earlier.id)
    return Prepared(account, click(user, 'copy'), '2 punkter er kopieret.')


@case('agenda: add a link', ('agenda_dialogs', 'MaterialDialog.add_link'))
async def add_link(user: User) -> Prepared:
    meeting = await a_meeting()
    [item] = await items(meeting, 'Oplæg')
    account = await as_coordinator(user, f'/moeder/{meeting.id}/dagsorden')
    user.find(marker=f'materials-{item.id}').click()
    await user.should_see('Materialer til Oplæg')
    user.find(marker='link-url').type('https://www.kb.dk/fjernlaan')
    return Prepared(account, click(user, 'add-link'), 'Linket er tilføjet.')


@case('agenda: upload a file', ('agenda_dialogs', 'MaterialDialog.upload_file'))
async def upload_file(user: User) -> Prepared:
    meeting = await a_meeting()
    [item] = await items(meeting, 'Oplæg')
    account = await as_coordinator(user, f'/moeder/{meeting.id}/dagsorden')
    user.find(marker=f'materials-{item.id}').click()
    await user.should_see('Materialer til Oplæg')
    upload = user.find(ui.upload).elements.pop()
    slides = SmallFileUpload('slides.pdf', 'application/pdf', b'%PDF-1.4 slides')
    return Prepared(account, lambda: background_tasks.create(upload.handle_uploads([slides])),
                    'Filen slides.pdf er uploadet.')


@case('agenda: delete a material', ('agenda', 'AgendaPage.act'))
async def delete_material(user: User) -> Prepared:
    meeting = await a_meeting()
    [item] = await items(meeting, 'Oplæg')
    link = await agenda_materials.add_link(item_id=item.id, title='Slides', url='https://www.kb.dk/slides',
                                           by=f.COORDINATOR, now=now())
    account = await as_coordinator(user, f'/moeder/{meeting.id}/dagsorden')
    user.find(marker=f'delete-material-{link.id}').click()
    await user.should_see(marker='delete-what')
    return Prepared(account, click(user, 'delete-confirm'), 'Materialet er slettet.')


# --- Grupper (pages/groups.py) ---

@case('groups: make groups', ('groups', 'GroupsPage.make'))
async def make(user: User) -> Prepared:
    item, _people = await group_work(made=False)
    account = await as_coordinator(user, f'/moeder/{item.meeting_id}/grupper/{item.id}')
    user.find(marker='number').elements.pop().set_value(2)
    return Prepared(account, click(user, 'make'), '2 grupper er lavet.')


@case('groups: move a person', ('groups', 'GroupsPage.move'))
async def move_person(user: User) -> Prepared:
    item, _people = await group_work()
    [first, _second] = await groups.groups_of(item.id)
    mover = first.members[0].membership_id
    account = await as_coordinator(user, f'/moeder/{item.meeting_id}/grupper/{item.id}')
    return Prepared(account, lambda: user.find(marker=f'move-{mover}').elements.pop().set_value(2),
                    'Flyttet til gruppe 2.')


@case('groups: save a group', ('groups', 'GroupsPage.save'))
async def save_group(user: User) -> Prepared:
    item, _people = await group_work()
    account = await as_coordinator(user, f'/moeder/{item.meeting_id}/grupper/{item.id}')
    user.find(marker='question-1').type('Hvordan deler vi arbejdet?')
    return Prepared(account, click(user, 'save-1'), 'Gruppe 1 er gemt.')


# Defined after the cases: parametrised by what they registered.
@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('name', list(CASES.cases))
async def test_a_board_action(user: User, name: str, mode: str) -> None:
    await actions.run(user, CASES.cases[name], mode)
