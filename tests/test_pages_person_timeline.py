"""The timeline on a person's page says every kind of change in Danish words: stored values (answers, attendance,
roles) and the services' codes never show as they are stored."""
from __future__ import annotations

import datetime as dt

from nicegui.testing import User

from flnet_ui.services import attendance, audit, calendar, meetings, membership, networks, responses, users
from flnet_ui.services.audit import SYSTEM
from models import Answer, AttendanceStatus, Network, Role
from tests import factories as f
from tests.login import coordinator_login

TODAY = dt.date.today()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def a_member_with_a_history(network: Network):  # type: ignore[no-untyped-def]
    """Tine: absent at a held meeting, corrected to an apology; answered, withdrew and answered the next; a login,
    a calendar address made and removed, and a password set by the coordinator."""
    tine = await membership.apply(network_id=network.id, name='Tine Thomsen', email='tine@bib.dk', approve=True,
                                  by=SYSTEM, now=now() - dt.timedelta(days=60))
    held = await f.held_meeting(network, TODAY - dt.timedelta(days=30), {tine.id: AttendanceStatus.ABSENT},
                                close=False)
    await attendance.record_attendance(meeting_id=held.id, membership_id=tine.id, status=AttendanceStatus.APOLOGY,
                                       by=f.COORDINATOR, now=now() - dt.timedelta(days=29))
    await attendance.close_meeting(meeting_id=held.id, by=f.COORDINATOR, now=now() - dt.timedelta(days=29))
    upcoming = await meetings.plan_meeting(network_id=network.id, title='Forårets temadag',
                                           date=TODAY + dt.timedelta(days=20), starts_at=dt.time(10),
                                           ends_at=dt.time(15), by=f.COORDINATOR, now=now())
    await responses.answer(membership_id=tine.id, meeting_id=upcoming.id, answer=Answer.ATTENDING, by=SYSTEM,
                           now=now())
    await responses.withdraw_answer(membership_id=tine.id, meeting_id=upcoming.id, by=SYSTEM, now=now())
    await responses.answer(membership_id=tine.id, meeting_id=upcoming.id, answer=Answer.APOLOGY,
                           reason='Kursus i Odense', by=SYSTEM, now=now())
    login = await users.create_user(email='tine@bib.dk', role=Role.MEMBER, password=None, person_id=tine.person_id,
                                    by=SYSTEM, now=now())
    await calendar.renew_calendar_token(user=login, by=SYSTEM, now=now())
    await calendar.revoke_calendar_token(user=login, by=SYSTEM, now=now())
    await users.set_password(user_id=login.id, password='et-langt-kodeord-2026', by=f.COORDINATOR, now=now())
    return tine, held, upcoming


async def test_the_timeline_knows_which_meeting_each_answer_and_correction_concerns(db) -> None:  # type: ignore[no-untyped-def]
    tine, held, upcoming = await a_member_with_a_history(await f.network())
    shown = await audit.timeline(person_id=tine.person_id)
    titles = {entry.action: shown.meeting_titles.get(entry.id) for entry in shown.entries}
    assert titles['correct'] == held.title
    assert titles['answer'] == titles['withdraw answer'] == upcoming.title
    assert titles['status'] is None and titles['password'] is None


async def test_every_change_is_said_in_danish_on_the_persons_page(user: User) -> None:
    tine, held, _upcoming = await a_member_with_a_history(await networks.default_network())
    await coordinator_login(user)
    await user.open(f'/medlemmer/{tine.id}')
    await user.should_see(f'Fremmøde ved «{held.title}» rettet: udeblev → afbud')
    await user.should_see('Svarede på invitationen til «Forårets temadag»: tilmeldt')
    await user.should_see('Trak svaret på invitationen til «Forårets temadag» tilbage (tilmeldt)')
    await user.should_see('Svarede på invitationen til «Forårets temadag»: afbud')
    await user.should_see('Kursus i Odense')   # the apology's reason, as the member wrote it
    await user.should_see('Login oprettet (medlem)')
    await user.should_see('Kalenderadresse oprettet eller fornyet')
    await user.should_see('Kalenderadresse fjernet')
    await user.should_see('Adgangskode ændret')
    await user.should_see('Registrér udmeldelse')   # the coordinator's button ("Meld dig ud" is the member's own)
    for stored in ('Ændring registreret', 'attending', 'apology', 'absent', 'calendar'):
        await user.should_not_see(stored)
