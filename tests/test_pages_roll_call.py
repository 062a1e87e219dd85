"""Fremmøde: the roll call prefilled from the answers, one-click statuses, closing with a preview that says exactly
what then happens, reopening, re-closing that shows a deregistration no longer justified, and reinstating; a page
left open after logout changes nothing; changes made elsewhere appear without a reload."""
import datetime as dt
from types import SimpleNamespace

from nicegui import storage, ui
from nicegui.testing import User

from flnet_ui.i18n import today
from flnet_ui.services import attendance, meetings, membership, networks, seats
from models import Answer, AttendanceStatus, MeetingResponse, MeetingStatus, Membership, MembershipStatus
from tests import factories as f
from tests.login import coordinator_login

PRESENT, APOLOGY, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.APOLOGY, AttendanceStatus.ABSENT


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def held(network, days_ago: int, marks: dict[int, AttendanceStatus]) -> None:  # type: ignore[no-untyped-def]
    day = today(now()) - dt.timedelta(days=days_ago)
    meeting = await meetings.plan_meeting(network_id=network.id, title=f'Temadag {day}', date=day,
                                          starts_at=dt.time(10), ends_at=dt.time(15), by=f.COORDINATOR,
                                          now=now() - dt.timedelta(days=400))
    for membership_id, status in marks.items():
        await attendance.record_attendance(meeting_id=meeting.id, membership_id=membership_id, status=status,
                                           by=f.COORDINATOR, now=now())
    await attendance.close_meeting(meeting_id=meeting.id, by=f.COORDINATOR, now=now())


async def setting() -> SimpleNamespace:
    """Four seats: Anne (missed two meetings, answered afbud today), Bo (tilmeldt), Carl and Emil (no answer);
    Dorte waits for a seat. Today's meeting started at midnight."""
    network = await networks.default_network()
    await membership.set_capacity(network_id=network.id, capacity=4, by=f.COORDINATOR, now=now())
    start = now() - dt.timedelta(days=300)
    people = {name: await f.member(network, now=start + dt.timedelta(minutes=i), name=name)
              for i, name in enumerate(['Anne Holm', 'Bo Winther', 'Carl Friis', 'Emil Ærø', 'Dorte Lund'])}
    anne, bo, carl, emil, dorte = people.values()
    assert (await f.refreshed(dorte)).status == MembershipStatus.WAITLISTED
    for days_ago in (200, 100):
        await held(network, days_ago, {anne.id: APOLOGY, bo.id: PRESENT, carl.id: PRESENT, emil.id: PRESENT})
    meeting = await meetings.plan_meeting(network_id=network.id, title='Forårets temadag', date=today(now()),
                                          starts_at=dt.time(0), ends_at=dt.time(23, 59), by=f.COORDINATOR,
                                          now=now() - dt.timedelta(days=30))
    for who, answer, reason in ((anne, Answer.APOLOGY, 'Syg'), (bo, Answer.ATTENDING, '')):
        await MeetingResponse.create(meeting_id=meeting.id, membership_id=who.id, answer=answer, reason=reason,
                                     answered_at=now() - dt.timedelta(days=2))
    return SimpleNamespace(network=network, meeting=meeting, anne=anne, bo=bo, carl=carl, emil=emil, dorte=dorte)


def radio(user: User, who: Membership, status: AttendanceStatus) -> ui.element:
    return user.find(marker=f'pick-{who.id}-{status.value}').elements.pop()


async def status_of(who: Membership) -> str:
    return (await f.refreshed(who)).status


async def test_opening_the_roll_call_prefills_the_answers_and_a_click_records_a_status(user: User) -> None:
    s = await setting()
    await coordinator_login(user)
    await user.open(f'/moeder/{s.meeting.id}/fremmoede')
    await user.should_see('deltog: 1 · afbud: 1 · udeblev: 0 · fravær aftalt: 0 · ikke registreret: 2')
    await user.should_see('Status: i gang')
    await user.should_see('Svar: afbud (Syg)')
    await user.should_see(marker=f'risk-{s.anne.id}')
    assert radio(user, s.anne, APOLOGY).props['checked'] and radio(user, s.bo, PRESENT).props['checked']
    assert not any(radio(user, s.carl, status).props['checked'] for status in AttendanceStatus)
    assert radio(user, s.anne, PRESENT).props['aria-label'].startswith('Anne Holm: deltog')

    user.find(marker=f'pick-{s.carl.id}-{PRESENT.value}').click()
    await user.should_see('deltog: 2 · afbud: 1 · udeblev: 0 · fravær aftalt: 0 · ikke registreret: 1')
    assert (await attendance.attendance_of(s.meeting.id))[s.carl.id].status == PRESENT
    assert radio(user, s.carl, PRESENT).props['checked']
    assert (await meetings.Meeting.get(id=s.meeting.id)).status == MeetingStatus.RUNNING


async def test_close_previews_exactly_what_then_happens_reopen_reclose_and_reinstate(user: User) -> None:
    s = await setting()
    await coordinator_login(user)
    await user.open(f'/moeder/{s.meeting.id}/fremmoede')
    user.find(marker=f'pick-{s.carl.id}-{PRESENT.value}').click()
    await user.should_see('ikke registreret: 1')

    user.find(marker='close').click()
    await user.should_see('1 registreres som udeblevet: Emil Ærø')
    await user.should_see('1 bliver automatisk udmeldt: Anne Holm')
    await user.should_see('1 fra ventelisten får plads: Dorte Lund')
    assert [await status_of(m) for m in (s.anne, s.dorte)] == [MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED]
    assert s.emil.id not in await attendance.attendance_of(s.meeting.id)  # the preview changed nothing

    user.find(marker='confirm-close').click()
    await user.should_see('1 blev automatisk udmeldt: Anne Holm')
    await user.should_see('1 fra ventelisten fik plads: Dorte Lund')
    await user.should_see('1 registreret som udeblevet: Emil Ærø')
    assert [await status_of(m) for m in (s.anne, s.dorte)] == [MembershipStatus.DEREGISTERED,
                                                               MembershipStatus.ACTIVE]
    assert (await attendance.attendance_of(s.meeting.id))[s.emil.id].status == ABSENT
    await user.should_see('Status: holdt')
    assert radio(user, s.anne, APOLOGY).props['disabled']

    user.find(marker='reopen').click()
    user.find(marker='confirm-reopen').click()
    await user.should_see('Skriv en begrundelse.')
    assert (await meetings.Meeting.get(id=s.meeting.id)).status == MeetingStatus.CLOSED
    user.find(marker='reopen-reason').type('Anne kom alligevel')
    user.find(marker='confirm-reopen').click()
    await user.should_see('Status: i gang')

    user.find(marker=f'pick-{s.anne.id}-{PRESENT.value}').click()
    await user.should_see('deltog: 3')
    user.find(marker='close').click()
    await user.should_see('1 udmeldt af dette møde er ikke længere begrundet: Anne Holm')
    await user.should_see('Ingen bliver udmeldt.')
    user.find(marker='confirm-close').click()
    await user.should_see(marker=f'unjustified-{s.anne.id}')
    assert await status_of(s.anne) == MembershipStatus.DEREGISTERED  # never undone silently

    user.find(marker=f'reinstate-{s.anne.id}').click()
    await user.should_see('Genindsættelse respekterer pladsantallet: er netværket fuldt, kommer personen først på '
                          'ventelisten.')
    user.find(marker='confirm-reinstate').click()
    await user.should_see('Skriv en begrundelse.')
    user.find(marker='reinstate-reason').type('Registreret forkert')
    user.find(marker='confirm-reinstate').click()
    await user.should_see('Netværket er fuldt: Anne Holm står nu først på ventelisten.')
    anne = await f.refreshed(s.anne)
    assert anne.status == MembershipStatus.WAITLISTED and await seats.position(anne) == 1
    await user.should_not_see(marker=f'unjustified-{s.anne.id}')


async def test_a_handler_after_logout_changes_nothing(user: User) -> None:
    s = await setting()
    await coordinator_login(user)
    await user.open(f'/moeder/{s.meeting.id}/fremmoede')
    await user.should_see('ikke registreret: 2')
    await user.http_client.post('/logout')
    # A browser's click runs with the request the page was loaded with (NiceGUI stores it on the listener); the
    # simulated click would otherwise run with the logout request, whose session no longer has an id.
    storage.request_contextvar.set(user.client.request if user.client else None)
    user.find(marker=f'pick-{s.carl.id}-{PRESENT.value}').click()
    await user.should_see('Du er ikke længere logget ind. Genindlæs siden, og log ind igen.')
    assert s.carl.id not in await attendance.attendance_of(s.meeting.id)
    user.find(marker='close').click()
    await user.should_not_see('registreres som udeblevet')  # no preview either
    assert (await meetings.Meeting.get(id=s.meeting.id)).status == MeetingStatus.RUNNING


async def test_a_status_recorded_elsewhere_appears_without_a_reload(user: User) -> None:
    s = await setting()
    await coordinator_login(user)
    await user.open(f'/moeder/{s.meeting.id}/fremmoede')
    await user.should_see('ikke registreret: 2')
    [close] = user.find(marker='close').elements
    await attendance.record_attendance(meeting_id=s.meeting.id, membership_id=s.emil.id,
                                       status=AttendanceStatus.EXCUSED, by=f.COORDINATOR, now=now())
    await user.should_see('fravær aftalt: 1 · ikke registreret: 1')
    assert radio(user, s.emil, AttendanceStatus.EXCUSED).props['checked']
    # The counts changed in place: "Luk mødet" is the same button, so a click on it meanwhile is not lost.
    assert not close.is_deleted and user.find(marker='close').elements == {close}
    await attendance.close_meeting(meeting_id=s.meeting.id, by=f.COORDINATOR, now=now())
    await user.should_see('Status: holdt')
    await user.should_see(marker='reopen')
    assert close.is_deleted


async def test_a_future_meeting_is_not_started_by_opening_and_the_start_button_says_why(user: User) -> None:
    s = await setting()
    future = await meetings.plan_meeting(network_id=s.network.id, title='Efterårets temadag',
                                         date=today(now()) + dt.timedelta(days=30), starts_at=dt.time(10),
                                         ends_at=dt.time(15), by=f.COORDINATOR, now=now())
    await coordinator_login(user)
    await user.open(f'/moeder/{future.id}/fremmoede')
    await user.should_see('Status: planlagt')
    user.find(marker='start').click()
    await user.should_see('Fremmødet kan først startes på mødedagen.')
    user.find(marker='close').click()
    await user.should_see('Mødet er ikke holdt endnu.')
    assert (await meetings.Meeting.get(id=future.id)).status == MeetingStatus.PLANNED


async def test_a_link_on_another_site_opens_the_roll_call_without_starting_it(user: User) -> None:
    """A GET should change nothing: a page elsewhere that links to (or loads) the roll call of today's meeting shows
    the page as it is; opened from this site, from a bookmark or by the address typed, it starts the roll call."""
    s = await setting()
    await coordinator_login(user)
    path = f'/moeder/{s.meeting.id}/fremmoede'
    for headers in ({'Sec-Fetch-Site': 'cross-site'}, {'Sec-Fetch-Site': 'same-site'},
                    {'Origin': 'https://evil.example'}):
        assert (await user.http_client.get(path, headers=headers)).status_code == 200
        assert (await meetings.Meeting.get(id=s.meeting.id)).status == MeetingStatus.PLANNED, headers
        assert await attendance.attendance_of(s.meeting.id) == {}
    assert (await user.http_client.get(path, headers={'Sec-Fetch-Site': 'none'})).status_code == 200
    assert (await meetings.Meeting.get(id=s.meeting.id)).status == MeetingStatus.RUNNING
    assert set(await attendance.attendance_of(s.meeting.id)) == {s.anne.id, s.bo.id}   # prefilled from the answers
