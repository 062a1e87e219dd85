"""Authorisation matrix, data-changing actions (issue 4 §6): meetings, the invitation, the roll call and the outbox.
Each handler for the coordinator (allowed), an account that lost the role while the page stayed open, and a session
that ended; see tests/actions.py for what "refused" asserts."""
from __future__ import annotations

import datetime as dt

import pytest
from nicegui.testing import User

from flnet_ui import i18n, mail
from flnet_ui.services import attendance, meeting_control, meetings, networks
from models import (
    AgendaItem,
    AttendanceStatus,
    MailStatus,
    Meeting,
    MeetingStatus,
    Membership,
    OutgoingMail,
    Person,
    Role,
)
from tests import actions
from tests import factories as f
from tests.actions import MODES, Prepared, Registry, as_coordinator, click, now

CASES = Registry()
case = CASES.case


async def a_meeting(*, days: int = 30, title: str = 'Forårets temadag', start: dt.time = dt.time(10),
                    end: dt.time = dt.time(15)) -> Meeting:
    network = await networks.default_network()
    return await meetings.plan_meeting(network_id=network.id, title=title, date=i18n.today(now())
                                       + dt.timedelta(days=days), starts_at=start, ends_at=end, by=f.COORDINATOR,
                                       now=now() - dt.timedelta(days=60))


async def members(*names: str) -> list[Membership]:
    """Active members since long before any meeting in these tests."""
    network = await networks.default_network()
    start = now() - dt.timedelta(days=300)
    return [await f.member(network, name=name, now=start + dt.timedelta(minutes=i)) for i, name in enumerate(names)]


async def todays_meeting() -> Meeting:
    """A meeting running all day today (it started at midnight), so opening its roll call starts it."""
    return await a_meeting(days=0, title='Dagens temadag', start=dt.time(0), end=dt.time(23, 59))


# --- Møder (pages/meeting_form.py) and one meeting's page (pages/meeting_invitation.py) ---

@case('meetings: plan', ('meeting_form', 'MeetingForm.save'))
async def plan(user: User) -> Prepared:
    account = await as_coordinator(user, '/moeder')
    user.find(marker='plan').click()
    await user.should_see(marker='form-heading', content='Planlæg møde')
    user.find(marker='title').type('Fjernlån i en digital tid')
    user.find(marker='date').type((i18n.today(now()) + dt.timedelta(days=40)).isoformat())
    return Prepared(account, click(user, 'save'), 'Mødet er planlagt.')


@case('meetings: edit', ('meeting_form', 'MeetingForm.save'))
async def edit(user: User) -> Prepared:
    meeting = await a_meeting()
    account = await as_coordinator(user, '/moeder')
    user.find(marker=f'edit-{meeting.id}').click()
    await user.should_see(marker='form-heading', content='Rediger møde')
    user.find(marker='title').clear().type('Statistik og nøgletal')
    return Prepared(account, click(user, 'save'), 'Mødet er ændret.')


@case('meetings: cancel', ('meeting_form', 'CancelDialog.confirm'))
async def cancel(user: User) -> Prepared:
    meeting = await a_meeting()
    account = await as_coordinator(user, '/moeder')
    user.find(marker=f'cancel-{meeting.id}').click()
    user.find(marker='cancel-reason').type('For få tilmeldte')
    return Prepared(account, click(user, 'cancel-confirm'), 'Mødet er aflyst.')


@case('meeting: send invitation', ('meeting_invitation', 'invitation_section.send'))
async def invite(user: User) -> Prepared:
    await members('Anne Holm', 'Bo Winther')
    meeting = await a_meeting()
    account = await as_coordinator(user, f'/moeder/{meeting.id}')
    user.find(marker='invite').click()
    return Prepared(account, click(user, 'invite-confirm'), 'Invitationen er på vej til 2 medlemmer.')


# --- Fremmøde (pages/roll_call.py, pages/roll_call_close.py) ---

@case('roll call: start', ('roll_call', 'RollCallPage.start'))
async def start(user: User) -> Prepared:
    await members('Anne Holm')
    meeting = await a_meeting(days=1)  # tomorrow: opening the page does not start it, the button is shown
    account = await as_coordinator(user, f'/moeder/{meeting.id}/fremmoede')
    await user.should_see(marker='start')
    # The day has come while the page stayed open: now the service would start it.
    await Meeting.filter(id=meeting.id).update(starts_at=now() - dt.timedelta(minutes=1))
    return Prepared(account, click(user, 'start'), 'Fremmødet er startet; 0 er udfyldt ud fra svarene.')


@case('roll call: record attendance', ('roll_call', 'RollCallPage.pick'))
async def pick(user: User) -> Prepared:
    [anne] = await members('Anne Holm')
    meeting = await todays_meeting()
    account = await as_coordinator(user, f'/moeder/{meeting.id}/fremmoede')
    await user.should_see('ikke registreret: 1')
    return Prepared(account, click(user, f'pick-{anne.id}-present'), 'deltog: 1')


@case('roll call: preview closing (reads: it rolls back)', ('roll_call_close', 'CloseControls.preview'))
async def preview(user: User) -> Prepared:
    await members('Anne Holm')
    meeting = await todays_meeting()
    account = await as_coordinator(user, f'/moeder/{meeting.id}/fremmoede')
    return Prepared(account, click(user, 'close'), '1 registreres som udeblevet: Anne Holm', changes=False)


@case('roll call: close', ('roll_call_close', 'CloseControls.close'))
async def close(user: User) -> Prepared:
    await members('Anne Holm')
    meeting = await todays_meeting()
    account = await as_coordinator(user, f'/moeder/{meeting.id}/fremmoede')
    user.find(marker='close').click()
    await user.should_see('Ingen bliver udmeldt.')
    return Prepared(account, click(user, 'confirm-close'), '1 registreret som udeblevet: Anne Holm')


@case('roll call: reopen', ('roll_call_close', 'CloseControls.reopen'))
async def reopen(user: User) -> Prepared:
    await members('Anne Holm')
    meeting = await todays_meeting()
    await attendance.close_meeting(meeting_id=meeting.id, by=f.COORDINATOR, now=now())
    account = await as_coordinator(user, f'/moeder/{meeting.id}/fremmoede')
    user.find(marker='reopen').click()
    user.find(marker='reopen-reason').type('Anne kom alligevel')
    return Prepared(account, click(user, 'confirm-reopen'), 'Mødet er åbent igen. Ret fremmødet, og afslut det igen.')


@case('roll call: reinstate after a correction', ('roll_call_close', 'CloseControls.reinstate'))
async def reinstate(user: User) -> Prepared:
    """Anne missed two meetings, then today's: closing deregistered her. The roll call was reopened and she was
    marked present after all; closing again shows the deregistration is no longer justified, with a button."""
    [anne] = await members('Anne Holm')
    network = await networks.default_network()
    for days_ago in (200, 100):
        await f.held_meeting(network, i18n.today(now()) - dt.timedelta(days=days_ago),
                             {anne.id: AttendanceStatus.APOLOGY})
    meeting = await todays_meeting()
    await attendance.close_meeting(meeting_id=meeting.id, by=f.COORDINATOR, now=now())
    assert (await f.refreshed(anne)).status == 'deregistered'
    await attendance.reopen_meeting(meeting_id=meeting.id, reason='Anne kom alligevel', by=f.COORDINATOR, now=now())
    await attendance.record_attendance(meeting_id=meeting.id, membership_id=anne.id,
                                       status=AttendanceStatus.PRESENT, by=f.COORDINATOR, now=now())
    account = await as_coordinator(user, f'/moeder/{meeting.id}/fremmoede')
    user.find(marker='close').click()
    await user.should_see(marker='confirm-close')
    user.find(marker='confirm-close').click()
    await user.should_see(marker=f'reinstate-{anne.id}', retries=20)
    user.find(marker=f'reinstate-{anne.id}').click()
    user.find(marker='reinstate-reason').type('Registreret forkert')
    return Prepared(account, click(user, 'confirm-reinstate'), 'Anne Holm er aktivt medlem igen.')


# --- Mødestyring (pages/meeting_control.py) ---

async def steered_meeting(*, start: bool = True) -> Meeting:
    meeting = await todays_meeting()
    for position, title in enumerate(['Velkomst', 'Oplæg']):
        await AgendaItem.create(meeting=meeting, position=position, title=title, duration_minutes=20,
                                created_at=now(), updated_at=now())
    if start:
        await meeting_control.start_meeting(meeting_id=meeting.id, by=f.COORDINATOR, now=now())
    return meeting


@case('control: start the meeting', ('meeting_control', 'ControlPage.act'))
async def control_start(user: User) -> Prepared:
    meeting = await steered_meeting(start=False)
    account = await as_coordinator(user, f'/moeder/{meeting.id}/styring')
    return Prepared(account, click(user, 'start'), 'Mødet er startet.')


@case('control: next item', ('meeting_control', 'ControlPage.act'))
async def control_next(user: User) -> Prepared:
    meeting = await steered_meeting()
    account = await as_coordinator(user, f'/moeder/{meeting.id}/styring')
    await user.should_see(marker='current-title', content='Velkomst')
    check = lambda: user.should_see(marker='current-title', content='Oplæg', retries=actions.RETRIES)  # noqa: E731
    return Prepared(account, click(user, 'next'), allowed_check=check)


@case('control: show a message', ('meeting_control', 'ControlPage.act'))
async def control_message(user: User) -> Prepared:
    meeting = await steered_meeting()
    account = await as_coordinator(user, f'/moeder/{meeting.id}/styring')
    user.find(marker='message').type('Frokost til kl. 12.30')
    return Prepared(account, click(user, 'show-message'), 'Beskeden vises.')


@case('control: renew the display link', ('meeting_control', 'display_box.renew'))
async def control_renew(user: User) -> Prepared:
    meeting = await steered_meeting()
    account = await as_coordinator(user, f'/moeder/{meeting.id}/styring')
    return Prepared(account, click(user, 'create-link'), 'Linket til storskærmen er fornyet.')


# --- Udbakke (pages/outbox.py) ---

@case('outbox: send again', ('outbox', 'OutboxView.send_again'))
async def send_again(user: User) -> Prepared:
    failed = await mail.queue(to='bo@bib.dk', subject='Invitation: Temadag', body='Kære Bo', now=now())
    await OutgoingMail.filter(id=failed.id).update(status=MailStatus.FAILED, attempts=8, last_error='timeout')
    account = await as_coordinator(user, '/udbakke')
    return Prepared(account, click(user, f'send-again-{failed.id}'), 'Beskeden til bo@bib.dk er i kø igen.')


# Defined after the cases: parametrised by what they registered. Without SMTP nothing leaves the outbox by itself.
@pytest.mark.usefixtures('no_smtp')
@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('name', list(CASES.cases))
async def test_a_meeting_action(user: User, name: str, mode: str) -> None:
    await actions.run(user, CASES.cases[name], mode)



@pytest.mark.parametrize('who', ['visitor', 'member', 'coordinator'])
async def test_opening_a_roll_call_starts_the_meeting_only_for_the_coordinator(user: User, who: str) -> None:
    """Not a handler: opening the roll call of a meeting that has begun starts it (RollCallPage.start_if_due). The
    page runs that only after access.page_user(Role.COORDINATOR), so without the role it never happens."""
    [anne] = await members('Anne Holm')
    meeting = await todays_meeting()
    if who == 'member':
        person = await Person.get(id=anne.person_id)
        await actions.log_in(user, role=Role.MEMBER, email=person.email, person_id=person.id)
    elif who == 'coordinator':
        await actions.log_in(user)
    before = await actions.snapshot()
    await user.open(f'/moeder/{meeting.id}/fremmoede')
    await user.should_see(marker='page-title')
    if who == 'coordinator':
        await user.should_see('Status: i gang')
        assert (await Meeting.get(id=meeting.id)).status == MeetingStatus.RUNNING
        return
    await user.should_see(marker='no-access' if who == 'member' else 'password')
    assert await actions.snapshot() == before
