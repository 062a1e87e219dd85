"""Min side in the simulated browser: who may open it, the status in words, answering meetings, the member's own
actions behind a confirmation (and audited as the member), live updates, and nothing about anyone else."""
from __future__ import annotations

import datetime as dt

from nicegui.testing import User

from flnet_ui.services import agreements, attendance, meetings, membership, networks, rules, users
from flnet_ui.services.audit import SYSTEM
from models import Answer, AttendanceStatus, AuditEntry, MeetingResponse, Membership, MembershipStatus, Person, Role
from tests import factories as f
from tests.login import PASSWORD, coordinator_login, member_login, post_login


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def people(names: list[str], *, capacity: int = 1, mode: str = 'automatic',
                 approve: bool = True) -> list[Membership]:
    """The default network with `capacity` seats; these people apply in order, a minute apart, a month ago."""
    network = await networks.default_network()
    await rules.update_rules(network_id=network.id, capacity=capacity, waitlist_mode=mode, by=SYSTEM, now=now())
    start = now() - dt.timedelta(days=30)
    return [await membership.apply(network_id=network.id, name=name, email=f'p{i}@bib.dk', approve=approve,
                                   by=SYSTEM, now=start + dt.timedelta(minutes=i)) for i, name in enumerate(names)]


async def a_meeting(days: int = 20, title: str = 'Forårets temadag') -> int:
    network = await networks.default_network()
    meeting = await meetings.plan_meeting(network_id=network.id, title=title, date=dt.date.today()
                                          + dt.timedelta(days=days), starts_at=dt.time(10), ends_at=dt.time(15, 30),
                                          address='Rendsburggade 2, 9000 Aalborg',
                                          description='Oplæg om fjernlån og gruppearbejde.', by=f.COORDINATOR,
                                          now=now())
    return meeting.id


async def status_of(m: Membership) -> str:
    return (await Membership.get(id=m.id)).status


async def last_entry(m: Membership) -> AuditEntry:
    entry = await AuditEntry.filter(subject='membership', subject_id=m.id, action='status').order_by('-id').first()
    assert entry is not None
    return entry


async def test_a_visitor_is_sent_to_the_login_page(user: User) -> None:
    await user.open('/min-side')
    await user.should_see(marker='password')
    await user.should_not_see(marker='status-section')


async def test_the_coordinator_is_told_the_page_is_for_members(user: User) -> None:
    await coordinator_login(user)
    await user.open('/min-side')
    await user.should_see('Denne side er for netværkets medlemmer.')
    await user.should_not_see(marker='status-section')


async def test_a_login_without_a_membership_gets_a_kind_message(user: User) -> None:
    person = await Person.create(name='Ida Intet', email='ida@bib.dk')
    await users.create_user(email='ida@bib.dk', role=Role.MEMBER, password=PASSWORD, person_id=person.id, by=SYSTEM,
                            now=now())
    await post_login(user, 'ida@bib.dk', PASSWORD)
    await user.open('/min-side')
    await user.should_see('Vi kan ikke finde et medlemskab af netværket for dit login.')
    await user.should_see(marker='apply-again')


async def test_an_active_member_sees_status_menu_meeting_and_answers_until_the_start(user: User) -> None:
    bo = await member_login(user)
    meeting_id = await a_meeting()
    await user.open('/min-side')
    await user.should_see('Min side')
    await user.should_see('Du er medlem af netværket')
    await user.should_see('aktiv')
    await user.should_see('Intet fravær i træk.')
    await user.should_see('Oplæg om fjernlån og gruppearbejde.')
    await user.should_see('Rendsburggade 2, 9000 Aalborg')
    await user.should_see('Du har ikke svaret endnu.')
    assert user.find(marker='link-calendar').elements and user.find(marker='link-data').elements
    user.find(marker=f'attend-{meeting_id}').click()
    await user.should_see('Dit svar: tilmeldt')
    user.find(marker=f'apology-{meeting_id}').click()
    user.find(marker='apology-reason').type('Kursus i Odense')
    user.find(marker='apology-confirm').click()
    await user.should_see('Dit svar: afbud (Kursus i Odense)')
    response = await MeetingResponse.get(meeting_id=meeting_id, membership_id=bo.id)
    assert (response.answer, response.reason) == (Answer.APOLOGY, 'Kursus i Odense')
    user.find(marker=f'unanswer-{meeting_id}').click()
    await user.should_see('Du har ikke svaret endnu.')
    assert not await MeetingResponse.exists()


async def test_the_member_menu_has_my_page(user: User) -> None:
    await member_login(user)
    await user.open('/')
    user.find('Min side').click()
    await user.should_see(marker='status-section')


async def test_resigning_needs_a_confirmation_and_is_logged_as_the_member(user: User) -> None:
    bo, waiting = await people(['Bo Ærenlund', 'Vera Venter'])
    await member_login(user, bo)
    await user.open('/min-side')
    user.find(marker='resign').click()
    await user.should_see('Meld dig ud af netværket?')
    user.find(marker='confirm-cancel').click()
    assert await status_of(bo) == MembershipStatus.ACTIVE
    user.find(marker='resign').click()
    user.find(marker='confirm-reason').type('Nyt job')
    user.find(marker='confirm-ok').click()
    await user.should_see('Du har meldt dig ud af netværket')
    await user.should_see('Du er velkommen til at søge igen.')
    assert [await status_of(bo), await status_of(waiting)] == [MembershipStatus.RESIGNED, MembershipStatus.ACTIVE]
    entry = await last_entry(bo)
    assert (entry.actor_name, entry.reason) == ('p0@bib.dk', 'Nyt job')


async def test_leaving_the_waitlist_with_confirmation(user: User) -> None:
    _active, vera = await people(['Anne Aktiv', 'Vera Venter'])
    await member_login(user, vera)
    await user.open('/min-side')
    await user.should_see('Du er nr. 1 på ventelisten')
    user.find(marker='leave').click()
    await user.should_see('Du mister din plads i køen.')
    user.find(marker='confirm-ok').click()
    await user.should_see('Du er ikke længere på ventelisten')
    assert await status_of(vera) == MembershipStatus.WITHDRAWN
    assert (await last_entry(vera)).actor_name == 'p1@bib.dk'


async def test_withdrawing_a_pending_application(user: User) -> None:
    [pia] = await people(['Pia Pending'], approve=False)
    await member_login(user, pia)
    await user.open('/min-side')
    await user.should_see('Din ansøgning venter på behandling')
    user.find(marker='leave').click()
    user.find(marker='confirm-ok').click()
    await user.should_see('Din ansøgning er trukket tilbage.')
    assert await status_of(pia) == MembershipStatus.WITHDRAWN


async def offered(user: User, names: list[str]) -> list[Membership]:
    """An offer-mode network of one seat; the first resigns, so the second is offered the seat and logs in."""
    found = await people(names, mode='offer')
    await membership.resign(membership_id=found[0].id, by=SYSTEM, now=now())
    await member_login(user, found[1])
    await user.open('/min-side')
    await user.should_see('Du har fået tilbudt en plads')
    await user.should_see('tilbudt plads')
    return found


async def test_accepting_an_offered_seat(user: User) -> None:
    _gone, olga = await offered(user, ['Anne Aktiv', 'Olga Offer'])
    user.find(marker='accept-offer').click()
    await user.should_see('Tag imod pladsen?')
    user.find(marker='confirm-ok').click()
    await user.should_see('Du er medlem af netværket')
    assert await status_of(olga) == MembershipStatus.ACTIVE
    assert (await last_entry(olga)).actor_name == 'p1@bib.dk'


async def test_declining_an_offered_seat_keeping_the_place(user: User) -> None:
    _gone, olga, next_one = await offered(user, ['Anne Aktiv', 'Olga Offer', 'Nina Næste'])
    user.find(marker='decline-offer').click()
    user.find(marker='confirm-ok').click()  # the first choice: keep my place
    await user.should_see('Du er nr. 1 på ventelisten')
    assert [await status_of(olga), await status_of(next_one)] == [MembershipStatus.WAITLISTED,
                                                                   MembershipStatus.OFFERED]


async def test_declining_an_offered_seat_and_leaving(user: User) -> None:
    _gone, olga = await offered(user, ['Anne Aktiv', 'Olga Offer'])
    user.find(marker='decline-offer').click()
    user.find('Forlad ventelisten').click()
    user.find(marker='confirm-ok').click()
    await user.should_see('Du er ikke længere på ventelisten')
    assert await status_of(olga) == MembershipStatus.WITHDRAWN
    assert (await last_entry(olga)).actor_name == 'p1@bib.dk'


async def test_the_position_changes_live_and_nobody_else_is_shown(user: User) -> None:
    anne, bent, carla = await people(['Anne Aktiv', 'Bent Bagefter', 'Carla Sidst'])
    await member_login(user, carla)
    await user.open('/min-side')
    await user.should_see('Du er nr. 2 på ventelisten')
    await user.should_see('1 person står foran dig.')
    await membership.resign(membership_id=anne.id, by=SYSTEM, now=now())
    await user.should_see('Du er nr. 1 på ventelisten')
    for name, email in (('Anne Aktiv', 'p0@bib.dk'), ('Bent Bagefter', 'p1@bib.dk')):
        await user.should_not_see(name)
        await user.should_not_see(email)
    assert await status_of(bent) == MembershipStatus.ACTIVE


async def yesterdays_meeting(bo: Membership, status: AttendanceStatus) -> int:
    """A meeting yesterday that counts for the member (active before it), with their attendance, not closed yet."""
    network = await networks.default_network()
    start = now() - dt.timedelta(days=1)
    meeting = await meetings.plan_meeting(network_id=network.id, title='Gårsdagens temadag', date=start.date(),
                                          starts_at=dt.time(0, 1), ends_at=dt.time(0, 2), by=f.COORDINATOR, now=now())
    await Membership.filter(id=bo.id).update(active_since=start - dt.timedelta(days=3))
    await attendance.record_attendance(meeting_id=meeting.id, membership_id=bo.id, status=status, by=f.COORDINATOR,
                                       now=now())
    return meeting.id


async def test_the_streak_changes_live_when_a_meeting_is_closed(user: User) -> None:
    bo = await member_login(user)
    network = await networks.default_network()
    await rules.update_rules(network_id=network.id, absence_limit=2, by=SYSTEM, now=now())
    meeting_id = await yesterdays_meeting(bo, AttendanceStatus.APOLOGY)
    await user.open('/min-side')
    await user.should_see('Intet fravær i træk.')
    await user.should_not_see(marker='status-at-risk')
    await attendance.close_meeting(meeting_id=meeting_id, by=f.COORDINATOR, now=now())
    await user.should_see('Du har ikke deltaget i det seneste møde – deltag i næste møde, ellers bliver du automatisk '
                          'udmeldt')
    await user.should_see('Du er i risiko for at blive automatisk udmeldt – se Fremmøde nedenfor.')
    await user.should_see(marker=f'history-{meeting_id}')


async def test_an_agreement_is_shown_with_its_note(user: User) -> None:
    bo = await member_login(user)
    meeting_id = await yesterdays_meeting(bo, AttendanceStatus.ABSENT)
    await attendance.close_meeting(meeting_id=meeting_id, by=f.COORDINATOR, now=now())
    await agreements.grant_agreement(membership_id=bo.id, note='Orlov til sommer', until=None, by=f.COORDINATOR,
                                     now=now())
    await user.open('/min-side')
    await user.should_see('Aftale med koordinatoren: Orlov til sommer')
    await user.should_see('Gælder indtil videre')
    await user.should_see('Du har ikke deltaget i det seneste møde. Du har en aftale med koordinatoren')
