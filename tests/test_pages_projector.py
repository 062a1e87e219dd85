"""The projector (/skaerm/{token}) and the control page (/moeder/{id}/styring), in the simulated browser."""
from __future__ import annotations

import datetime as dt

from nicegui.testing import User

from flnet_ui import i18n
from flnet_ui.services import display, meeting_control, meetings, networks
from models import AgendaItem, AgendaKind, Meeting, MeetingControl, Person, WorkGroup, WorkGroupMember
from tests import factories as f
from tests.login import coordinator_login, member_login


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def running_meeting() -> tuple[Meeting, list[AgendaItem], str]:
    """Today's meeting, started, with three items; and the display link's token."""
    network = await networks.default_network()
    meeting = await meetings.plan_meeting(network_id=network.id, title='Dagens temadag', date=i18n.today(now()),
                                          starts_at=dt.time(0), ends_at=dt.time(23, 59), by=f.COORDINATOR,
                                          now=now() - dt.timedelta(days=30))
    items = [await AgendaItem.create(meeting=meeting, position=i, title=title, kind=kind, duration_minutes=20,
                                     presenter_name=presenter, created_at=now(), updated_at=now())
             for i, (title, kind, presenter) in enumerate([('Velkomst', AgendaKind.WELCOME, 'Karen Lund'),
                                                           ('Fjernlån i tal', AgendaKind.TALK, ''),
                                                           ('Grupperne', AgendaKind.GROUP_WORK, '')])]
    await meeting_control.start_meeting(meeting_id=meeting.id, by=f.COORDINATOR, now=now())
    token = await display.renew_display_token(network_id=network.id, by=f.COORDINATOR, now=now())
    return meeting, items, token


async def test_the_projector_shows_the_current_item_and_follows_the_coordinator(user: User) -> None:
    meeting, _items, token = await running_meeting()
    await user.open(f'/skaerm/{token}')
    await user.should_see(marker='page-title', content='Dagens temadag')
    await user.should_see(marker='current-title', content='Velkomst')
    await user.should_see('Karen Lund')
    await user.should_see(marker='countdown')
    await meeting_control.next_item(meeting_id=meeting.id, by=f.COORDINATOR, now=now())
    await user.should_see(marker='current-title', content='Fjernlån i tal')
    await meeting_control.set_message(meeting_id=meeting.id, text='Frokost til kl. 12.30', by=f.COORDINATOR,
                                      now=now())
    await user.should_see(marker='message', content='Frokost til kl. 12.30')
    await meeting_control.clear_message(meeting_id=meeting.id, by=f.COORDINATOR, now=now())
    await user.should_not_see('Frokost til kl. 12.30')


async def test_group_work_shows_names_and_questions_but_never_an_email(user: User) -> None:
    meeting, items, token = await running_meeting()
    network = await networks.default_network()
    anne = await f.member(network, name='Anne Holm', now=now() - dt.timedelta(days=90))
    group = await WorkGroup.create(item=items[2], number=1, question='Hvad virker hos jer?')
    await WorkGroupMember.create(group=group, membership=anne)
    await meeting_control.set_current_item(meeting_id=meeting.id, item_id=items[2].id, by=f.COORDINATOR, now=now())
    await user.open(f'/skaerm/{token}')
    await user.should_see(marker='group-1')
    await user.should_see('Anne Holm')
    await user.should_see('Hvad virker hos jer?')
    email = (await Person.get(id=anne.person_id)).email
    for person in await Person.all():
        await user.should_not_see(person.email)
    assert '@' in email
    await user.should_not_see('aktiv')


async def test_a_wrong_or_renewed_link_shows_the_neutral_page_only(user: User) -> None:
    _meeting, _items, token = await running_meeting()
    await user.open('/skaerm/not-a-real-token')
    await user.should_see(marker='unknown-display', content='Ukendt skærmlink')
    await user.should_not_see('Dagens temadag')
    await user.should_not_see('Velkomst')
    network = await networks.default_network()
    await user.open(f'/skaerm/{token}')
    await user.should_see(marker='current-title', content='Velkomst')
    await display.renew_display_token(network_id=network.id, by=f.COORDINATOR, now=now())  # revokes the open one
    await user.should_see(marker='unknown-display')
    await user.should_not_see('Velkomst')


async def test_between_meetings_the_projector_shows_the_next_meeting(user: User) -> None:
    network = await networks.default_network()
    await meetings.plan_meeting(network_id=network.id, title='Efterårets temadag',
                                date=i18n.today(now()) + dt.timedelta(days=20), starts_at=dt.time(10),
                                ends_at=dt.time(15), by=f.COORDINATOR, now=now())
    token = await display.renew_display_token(network_id=network.id, by=f.COORDINATOR, now=now())
    await user.open(f'/skaerm/{token}')
    await user.should_see(marker='next-meeting', content='Efterårets temadag')


async def test_the_coordinator_steers_from_the_control_page(user: User) -> None:
    meeting, items, _token = await running_meeting()
    await coordinator_login(user)
    await user.open(f'/moeder/{meeting.id}/styring')
    await user.should_see(marker='current-title', content='Velkomst')
    user.find(marker='next').click()
    await user.should_see(marker='current-title', content='Fjernlån i tal')
    user.find(marker='pause').click()
    await user.should_see(marker='paused')
    assert (await MeetingControl.get(meeting_id=meeting.id)).paused_at is not None
    user.find(marker='resume').click()
    await user.should_see(marker='pause')
    user.find(marker=f'make-current-{items[2].id}').click()
    await user.should_see(marker='current-title', content='Grupperne')
    user.find(marker='message').type('x' * 201)
    user.find(marker='show-message').click()
    await user.should_see('Beskeden kan højst være på 200 tegn.')
    user.find(marker='message').clear().type('Kaffe i kantinen')
    user.find(marker='show-message').click()
    await user.should_see(marker='message-shown', content='Kaffe i kantinen')
    await user.should_see(marker='display-url')


async def test_the_control_page_is_for_the_coordinator_only(user: User) -> None:
    meeting, _items, _token = await running_meeting()
    await user.open(f'/moeder/{meeting.id}/styring')
    await user.should_see(marker='password')  # a visitor is sent to log in
    network = await networks.default_network()
    member = await f.member(network, name='Bo Winther', now=now() - dt.timedelta(days=90))
    await member_login(user, member)
    await user.open(f'/moeder/{meeting.id}/styring')
    await user.should_see(marker='no-access')
    await user.should_not_see('Velkomst')


async def test_between_items_the_projector_shows_the_programme_with_progress(user: User) -> None:
    meeting, _items, token = await running_meeting()
    await coordinator_login(user)
    await user.open(f'/moeder/{meeting.id}/styring')
    user.find(marker='between-items').click()
    await user.should_see(marker='between-items-shown')
    assert (await MeetingControl.get(meeting_id=meeting.id)).between_items
    await user.open(f'/skaerm/{token}')
    await user.should_see(marker='following', content='Fjernlån i tal')
    await user.should_see(marker='progress', content='1 af 3 punkter er gennemgået')
    await user.should_not_see(marker='current-title')
    await meeting_control.next_item(meeting_id=meeting.id, by=f.COORDINATOR, now=now())
    await user.should_see(marker='current-title', content='Fjernlån i tal')


def test_a_long_programme_is_cut_to_what_the_screen_holds() -> None:
    from pages.projector_layout import programme_window
    assert programme_window([True, False, False], lines=8) == (0, 3)                   # fits: everything
    assert programme_window([True] * 9 + [False] * 3, lines=8) == (5, 12)             # 1 + 4 done + 3 coming
    assert programme_window([False] * 12, lines=8) == (0, 7)                          # 7 coming + "5 more"
    assert programme_window([True] * 3 + [False] * 9, lines=8) == (3, 9)              # "3 earlier", 6, "3 more"
    assert programme_window([True] * 2 + [False] * 7, lines=8) == (2, 9)              # "2 earlier" and 7 coming
    assert programme_window([True] * 12, lines=8) == (5, 12)
