"""Overblik, the coordinator's dashboard: who may open it, what it shows empty and filled, and that it follows changes
made elsewhere without a reload."""
import datetime as dt

from nicegui.testing import User

from flnet_ui.services import agreements, attendance, meetings, membership, networks, rules
from flnet_ui.services.audit import SYSTEM
from models import Answer, AttendanceStatus, MeetingResponse, Network, WaitlistMode
from pages.dashboard import StatusCounts
from tests import factories as f
from tests.login import coordinator_login, member_login

DAY = dt.timedelta(days=1)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def test_a_visitor_is_sent_to_the_login_page(user: User) -> None:
    await user.open('/overblik')
    await user.should_see(marker='email')
    await user.should_not_see('Fravær i træk')


async def test_a_member_is_told_the_page_is_not_for_them(user: User) -> None:
    await member_login(user)
    await user.open('/overblik')
    await user.should_see('Ingen adgang')
    await user.should_see(marker='no-access')
    await user.should_not_see('Fravær i træk')


async def test_an_empty_network_shows_danish_empty_states(user: User) -> None:
    await coordinator_login(user)
    await user.open('/overblik')
    await user.should_see('Overblik')
    await user.should_see('0 af 40 pladser besat')
    await user.should_see('Ingen ansøgninger venter på behandling.')
    await user.should_see('Der er ikke planlagt noget møde.')
    await user.should_see('Ingen står på ventelisten.')
    await user.should_see('Der er ingen aktive medlemmer endnu.')
    await user.should_see(marker='no-held-meetings')
    await user.should_see('Der er endnu ingen medlemshistorik.')


async def test_a_filled_network_shows_seats_waitlist_streaks_next_meeting_and_charts(user: User) -> None:
    network = await networks.default_network()
    await membership.set_capacity(network_id=network.id, capacity=3, by=f.COORDINATOR, now=now())
    east = await f.library('Køge Bibliotekerne', 'Køge')
    west = await f.library('Odense Bibliotekerne', 'Odense')
    start = now() - 400 * DAY
    anne = await f.member(network, name='Anne Holm', library_id=east.id, now=start)
    bo = await f.member(network, name='Bo Winther', library_id=west.id, now=start + DAY)
    carl = await f.member(network, name='Carl Friis', library_id=west.id, now=start + 2 * DAY)
    await f.member(network, name='Åge Lund', now=now() - 12 * DAY)
    await f.member(network, name='Ida Kjær', now=now() - 2 * DAY, approve=False)
    await agreements.grant_agreement(membership_id=carl.id, note='Orlov', by=f.COORDINATOR, now=start + 3 * DAY)
    for days_ago in (200, 100):
        await f.held_meeting(network, (now() - days_ago * DAY).date(),
                             {anne.id: AttendanceStatus.APOLOGY, bo.id: AttendanceStatus.PRESENT,
                              carl.id: AttendanceStatus.ABSENT})
    upcoming = await meetings.plan_meeting(network_id=network.id, title='Forårets temadag',
                                           date=(now() + 30 * DAY).date(), starts_at=dt.time(10),
                                           ends_at=dt.time(15, 30), host_library_id=west.id, by=f.COORDINATOR,
                                           now=now())
    await MeetingResponse.create(meeting_id=upcoming.id, membership_id=bo.id, answer=Answer.ATTENDING,
                                 answered_at=now())

    await coordinator_login(user)
    await user.open('/overblik')
    await user.should_see('3 af 3 pladser besat')
    await user.should_see('Østdanmark: 1 · Vestdanmark: 2')
    await user.should_see('1 person på ventelisten')
    await user.should_see('1 ansøgning venter på behandling')
    await user.should_see('Åge Lund')
    await user.should_see('12 dage')
    await user.should_see('Forårets temadag')
    await user.should_see('Vært: Odense Bibliotekerne')
    await user.should_see('kl. 10.00–15.30')
    assert _text(user, 'answers-attending') == '1' and _text(user, 'answers-unanswered') == '2'
    assert _text(user, 'answers-apology') == '0'
    await user.should_see('1 medlem i risiko · 1 med aftale')
    await user.should_see('i risiko')
    await user.should_see('aftale')
    await user.should_see('1 andet aktivt medlem uden fravær i træk')
    await user.should_not_see('Bo Winther')   # built when the coordinator opens it
    others = next(iter(user.find(marker='other-members').elements))
    others.value = True
    await user.should_see('Bo Winther', marker='absences-none')
    others.value = False
    others.value = True   # opened again: the same table, not a second one
    assert len(user.find(marker='absences-none').elements) == 1
    await user.should_not_see(marker='attendance-table')   # the charts' numbers too, when asked for
    await user.should_not_see(marker='count-table')
    for expansion in user.find('Vis tallene som tabel').elements:
        expansion.value = True
    await user.should_see(marker='attendance-table')
    await user.should_see(marker='count-table')
    await user.should_see(marker='attendance-chart')
    await user.should_see('1 deltog, 1 afbud, 1 udeblev, 0 fravær aftalt', marker='attendance-summary')
    await user.should_see(marker='count-chart')
    await user.should_see('3 aktive medlemmer i dag', marker='count-summary')
    links = {element.props.get('href') for element in user.find(marker='absences').elements
             for element in _descendants(element)}
    assert f'/medlemmer/{anne.id}' in links and f'/medlemmer/{carl.id}' in links
    assert f'/moeder/{upcoming.id}' == next(iter(user.find(marker='meeting-link').elements)).props['href']


async def test_the_dashboard_follows_applications_and_closed_meetings_live(user: User) -> None:
    network = await networks.default_network()
    anne = await f.member(network, name='Anne Holm', now=now() - 30 * DAY)
    meeting = await f.held_meeting(network, (now() - DAY).date(), {anne.id: AttendanceStatus.APOLOGY}, close=False)
    await coordinator_login(user)
    await user.open('/overblik')
    await user.should_see('1 af 40 pladser besat')
    await user.should_see(marker='no-held-meetings')

    await membership.apply(network_id=network.id, name='Ærtebjørg Mørch', email='aertebjorg@bib.dk', approve=True,
                           by=SYSTEM, now=now())
    await user.should_see('2 af 40 pladser besat')
    await user.should_see('2 andre aktive medlemmer uden fravær i træk')
    await user.should_see('Intet aktivt medlem har fravær i træk.')

    seats_shown = _only(user, 'seats')
    await attendance.close_meeting(meeting_id=meeting.id, by=f.COORDINATOR, now=now())
    await user.should_see(marker='attendance-chart')
    await user.should_see('0 deltog, 1 afbud, 0 udeblev, 0 fravær aftalt', marker='attendance-summary')
    await user.should_see('Anne Holm', marker='absences')
    await user.should_not_see('Intet aktivt medlem har fravær i træk.')
    await user.should_not_see(marker='no-held-meetings')
    # The close reports a membership change too, but the seats are as they were: that card is read, not redrawn.
    assert _only(user, 'seats') is seats_shown and not seats_shown.is_deleted
    await membership.apply(network_id=network.id, name='Bo Berg', email='bo@bib.dk', approve=True, by=SYSTEM,
                           now=now())
    await user.should_see('3 af 40 pladser besat')
    assert _only(user, 'seats') is not seats_shown


async def test_a_change_of_the_rules_is_shown_with_the_new_numbers(user: User) -> None:
    """The sections are drawn first with the network the page read; a redraw must read it again, or a new number
    of seats or absence limit would never show until a reload."""
    network = await networks.default_network()
    await f.member(network, name='Anne Holm', now=now() - 30 * DAY)
    await coordinator_login(user)
    await user.open('/overblik')
    await user.should_see('1 af 40 pladser besat')
    await user.should_see('Et medlem, der ikke deltager i 3 møder i træk', marker='absence-section')
    await rules.update_rules(network_id=network.id, capacity=30, absence_limit=4, by=f.COORDINATOR, now=now())
    await user.should_see('1 af 30 pladser besat')
    await user.should_see('Et medlem, der ikke deltager i 4 møder i træk', marker='absence-section')


def _only(user: User, mark: str):  # type: ignore[no-untyped-def]
    [element] = user.find(marker=mark).elements
    return element


def _text(user: User, mark: str) -> str:
    return next(iter(user.find(marker=mark).elements)).text


def _descendants(element):  # type: ignore[no-untyped-def]
    yield element
    for child in element.default_slot.children:
        yield from _descendants(child)


async def test_an_offered_seat_appears_live_with_its_deadline(user: User) -> None:
    network = await networks.default_network()
    await membership.set_capacity(network_id=network.id, capacity=1, by=f.COORDINATOR, now=now())
    await Network.filter(id=network.id).update(waitlist_mode=WaitlistMode.OFFER, offer_days=14)  # test setup only
    leaving = await f.member(network, name='Anne Holm', now=now() - 10 * DAY)
    await f.member(network, name='Øjvind Bøgh', now=now() - 5 * DAY)
    await coordinator_login(user)
    await user.open('/overblik')
    await user.should_see('1 person på ventelisten')
    await user.should_not_see(marker='offers')

    await membership.resign(membership_id=leaving.id, by=f.COORDINATOR, now=now())
    await user.should_see(marker='offers')
    await user.should_see('Tilbudte pladser')
    await user.should_see('Øjvind Bøgh', marker='offers')
    await user.should_see('14 dage', marker='offers')
    await user.should_see('1 plads tilbudt, afventer svar')
    await user.should_see('Ingen står på ventelisten.')


async def test_the_sections_count_the_members_once_until_memberships_change(db) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    counts = StatusCounts()
    with f.counting_queries() as queries:
        first = await counts.read(net)
        assert await counts.read(net.id) is first   # the other sections of the same drawing
    assert len(queries) == 1
    await f.member(net, now=now())   # an application, reported as a change of memberships
    assert (await counts.read(net.id)).active == first.active + 1
