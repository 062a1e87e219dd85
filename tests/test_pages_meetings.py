"""Møder and one meeting's page: planning (and every way the form can be filled in wrong), editing, cancelling, the
year check, the host suggestion, the hosting history, the answers and the held meeting's lists; access; live."""
import datetime as dt

from nicegui import ui
from nicegui.testing import User

from flnet_ui.services import attendance, meeting_plan, meetings, networks
from models import Answer, AttendanceStatus, Meeting, MeetingResponse, MeetingStatus
from tests import factories as f
from tests.login import coordinator_login, member_login


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def in_days(days: int) -> dt.date:
    return (now() + dt.timedelta(days=days)).date()


async def setup_libraries() -> dict[str, int]:
    return {'sb': (await f.library('Statsbiblioteket', 'Aarhus')).id,
            'kbh': (await f.library('Københavns Hovedbibliotek', 'København')).id,
            'aero': (await f.library('Ærø Bibliotek', 'Ærø')).id}


async def plan(title: str, day: dt.date, host: int | None = None) -> Meeting:
    network = await networks.default_network()
    return await meeting_plan.plan(network_id=network.id, title=title, date=day, starts_at=dt.time(10),
                                   ends_at=dt.time(15, 30), host_library_id=host, by=f.COORDINATOR, now=now())


async def open_form(user: User, marker: str, heading: str) -> None:
    user.find(marker=marker).click()
    await user.should_see(marker='form-heading', content=heading)  # the dialog is filled when it opens


def fill(user: User, **fields: str) -> None:
    for marker, text in fields.items():
        user.find(marker=marker).clear().type(text)


def error_of(user: User, marker: str) -> str | None:
    element = user.find(marker=marker).elements.pop()
    assert isinstance(element, ui.input)
    return element.error


async def test_a_visitor_is_sent_to_the_login_page(user: User) -> None:
    await user.open('/moeder')
    await user.should_see(marker='email')
    await user.should_not_see('Planlæg møde')


async def test_a_member_is_told_the_pages_are_not_for_them(user: User) -> None:
    meeting = await plan('Forårets temadag', in_days(30))
    await member_login(user)
    for path in ('/moeder', f'/moeder/{meeting.id}', f'/moeder/{meeting.id}/fremmoede'):
        await user.open(path)
        await user.should_see(marker='no-access')
        await user.should_not_see('Forårets temadag')


async def test_the_coordinator_plans_a_meeting_at_the_default_host(user: User) -> None:
    libraries = await setup_libraries()
    await coordinator_login(user)
    await user.open('/moeder')
    await user.should_see('ingen planlagt – der forventes 2')
    await open_form(user, 'plan', 'Planlæg møde')
    day = in_days(40)
    fill(user, title='Fjernlån i en digital tid', date=day.isoformat(), address='Victor Albecks Vej 1')
    user.find(marker='save').click()
    await user.should_see('Mødet er planlagt.')
    await user.should_see('Fjernlån i en digital tid')
    meeting = await Meeting.get(title='Fjernlån i en digital tid')
    assert (meeting.date, meeting.start_time, meeting.end_time, meeting.host_id, meeting.address) == (
        day, dt.time(10), dt.time(15, 30), libraries['sb'], 'Victor Albecks Vej 1')
    await user.should_see(f'{day.year}: kun 1 planlagt – der forventes 2')


async def test_bad_input_is_shown_in_danish_at_the_field_and_nothing_is_saved(user: User) -> None:
    await setup_libraries()
    await coordinator_login(user)
    await user.open('/moeder')
    await open_form(user, 'plan', 'Planlæg møde')
    fill(user, title='Temadag', date=in_days(10).isoformat(), starts_at='15:00', ends_at='10:00')
    user.find(marker='save').click()
    await user.should_see('Mødet skal slutte, efter det begynder.')
    assert error_of(user, 'ends_at') == 'Mødet skal slutte, efter det begynder.'

    fill(user, title='   ', starts_at='10:00', ends_at='15:00')
    user.find(marker='save').click()
    await user.should_see('Skriv en titel eller et tema.')
    assert error_of(user, 'title') == 'Skriv en titel eller et tema.'
    assert error_of(user, 'ends_at') is None

    fill(user, title='Temadag', date=in_days(-1).isoformat())
    user.find(marker='save').click()
    await user.should_see('Datoen kan ikke ligge i fortiden.')
    assert error_of(user, 'date') == 'Datoen kan ikke ligge i fortiden.'

    user.find(marker='date').clear()
    user.find(marker='save').click()
    await user.should_see('Vælg en dato.')
    assert await Meeting.all().count() == 0


async def test_a_planned_meeting_is_edited(user: User) -> None:
    libraries = await setup_libraries()
    meeting = await plan('Temadag om statistik', in_days(20))
    await coordinator_login(user)
    await user.open('/moeder')
    await open_form(user, f'edit-{meeting.id}', 'Rediger møde')
    fill(user, title='Statistik og nøgletal', ends_at='14:00')
    user.find(marker='host').click()
    user.find('Københavns Hovedbibliotek').click()
    user.find(marker='save').click()
    await user.should_see('Mødet er ændret.')
    await user.should_see('Statistik og nøgletal')
    changed = await Meeting.get(id=meeting.id)
    assert (changed.title, changed.end_time, changed.host_id) == ('Statistik og nøgletal', dt.time(14),
                                                                   libraries['kbh'])


async def test_cancelling_asks_first_and_says_cancelled_meetings_never_count(user: User) -> None:
    await setup_libraries()
    meeting = await plan('Temadag', in_days(20))
    await coordinator_login(user)
    await user.open('/moeder')
    user.find(marker=f'cancel-{meeting.id}').click()
    await user.should_see('Aflyste møder tæller aldrig med i fravær.')
    user.find(marker='cancel-reason').type('For få tilmeldte')
    user.find(marker='cancel-confirm').click()
    await user.should_see('Mødet er aflyst.')
    await user.should_see('aflyst')
    assert (await Meeting.get(id=meeting.id)).status == MeetingStatus.CANCELLED
    await user.should_not_see(marker=f'cancel-{meeting.id}')


async def test_year_check_host_suggestion_and_history(user: User) -> None:
    libraries = await setup_libraries()
    network = await networks.default_network()
    last_year = now().year - 1
    for month, host in ((3, 'sb'), (10, 'aero')):
        held = await meetings.plan_meeting(network_id=network.id, title=f'Temadag {month}',
                                           date=dt.date(last_year, month, 12), starts_at=dt.time(10),
                                           ends_at=dt.time(15), host_library_id=libraries[host], by=f.COORDINATOR,
                                           now=dt.datetime(last_year, 1, 1, tzinfo=dt.UTC))
        await attendance.close_meeting(meeting_id=held.id, by=f.COORDINATOR, now=now())
    await f.member(network, now=now(), library_id=libraries['kbh'])
    await coordinator_login(user)
    await user.open('/moeder')
    await user.should_see(f'{last_year}: 2 møder – som forventet')
    await user.should_see('Sidste møde var i Vestdanmark (Ærø Bibliotek). Foreslået vært i Østdanmark: '
                          'Københavns Hovedbibliotek.')
    await user.should_see('Værtshistorik')
    await user.should_see(marker='history-table')


async def test_the_list_follows_a_meeting_planned_elsewhere(user: User) -> None:
    await setup_libraries()
    await coordinator_login(user)
    await user.open('/moeder')
    await user.should_not_see('Udenlandske fjernlån')
    await plan('Udenlandske fjernlån', in_days(60))
    await user.should_see('Udenlandske fjernlån')


async def test_a_meeting_page_shows_details_and_answers(user: User) -> None:
    libraries = await setup_libraries()
    network = await networks.default_network()
    meeting = await plan('Kvalitet i materialeservice', in_days(14), libraries['kbh'])
    anne = await f.member(network, now=now() - dt.timedelta(days=30), name='Anne Holm')
    bo = await f.member(network, now=now() - dt.timedelta(days=30), name='Bo Winther')
    await f.member(network, now=now() - dt.timedelta(days=30), name='Åge Lund')
    await MeetingResponse.create(meeting_id=meeting.id, membership_id=anne.id, answer=Answer.ATTENDING,
                                 answered_at=now())
    await MeetingResponse.create(meeting_id=meeting.id, membership_id=bo.id, answer=Answer.APOLOGY,
                                 reason='Ferie', answered_at=now())
    await coordinator_login(user)
    await user.open(f'/moeder/{meeting.id}')
    await user.should_see('Københavns Hovedbibliotek (Østdanmark)')
    await user.should_see('1 tilmeldt · 1 afbud · 1 ikke svaret')
    await user.should_see('Bo Winther (Ferie)')
    await user.should_see('Åge Lund')
    await user.should_see(marker='to-roll-call')


async def test_a_held_meeting_page_shows_the_attendance_lists(user: User) -> None:
    network = await networks.default_network()
    anne = await f.member(network, now=now() - dt.timedelta(days=30), name='Anne Holm')
    await f.member(network, now=now() - dt.timedelta(days=30), name='Bo Winther')
    held = await f.held_meeting(network, (now() - dt.timedelta(days=2)).date(), {anne.id: AttendanceStatus.PRESENT})
    await coordinator_login(user)
    await user.open(f'/moeder/{held.id}')
    await user.should_see('Deltog – 1 person')
    await user.should_see('Udeblev – 1 person')
    await user.should_see('Bo Winther')


async def test_an_unknown_meeting_says_so_in_danish(user: User) -> None:
    await coordinator_login(user)
    for path in ('/moeder/999', '/moeder/abc', '/moeder/999/fremmoede'):
        await user.open(path)
        await user.should_see('Mødet findes ikke.')
