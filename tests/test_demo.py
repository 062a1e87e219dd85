"""The demo data has the shape the README promises, on both engines."""
from __future__ import annotations

import datetime as dt

from flnet_ui import demo
from flnet_ui.services import agenda, display, groups, minutes, minutes_actions, minutes_distribution, seats, streaks
from models import (
    AgendaKind,
    Answer,
    AuditEntry,
    DistributionChannel,
    Meeting,
    MeetingResponse,
    MeetingStatus,
    Membership,
    MembershipStatus,
    MinutesStatus,
    Network,
    User,
)
from models.enums import Landsdel

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


async def test_demo_data_tells_four_years_of_the_network(db) -> None:
    logins = await demo.load(now=NOW)
    network_id = (await Membership.first()).network_id  # type: ignore[union-attr]
    overview = await seats.overview(network_id)
    assert overview.active == 40 and 10 <= overview.waiting <= 15
    east, west = await seats.active_by_landsdel(network_id)
    assert east > 10 and west > 10
    deregistered = await Membership.filter(status=MembershipStatus.DEREGISTERED)
    assert deregistered
    assert await AuditEntry.filter(to_value='deregistered', reason='3 møder i træk uden deltagelse').exists()
    assert await Membership.filter(status=MembershipStatus.RESIGNED).exists()

    held = await Meeting.filter(status=MeetingStatus.CLOSED).prefetch_related('host')
    assert len(held) == 8
    assert {m.date.year for m in held} == {2023, 2024, 2025, 2026}
    hosts = {m.host.landsdel for m in held if m.host and m.host.name != 'Statsbiblioteket'}
    assert hosts == {Landsdel.EAST, Landsdel.WEST}
    upcoming = await Meeting.filter(status=MeetingStatus.PLANNED)
    assert len(upcoming) == 1 and upcoming[0].date > NOW.date()

    by_member = await streaks.network_streaks(network_id, now=NOW)
    without_agreement = [s.count for s in by_member.values() if not s.agreement]
    assert max(without_agreement) == 2 and min(without_agreement) == 0
    assert sum(s.at_risk for s in by_member.values()) >= 2
    assert sum(s.agreement for s in by_member.values()) == 1

    assert await User.filter(email=logins.coordinator[0], role='coordinator').exists()
    assert await User.filter(email=logins.member[0], role='member', person_id__not_isnull=True).exists()


async def test_demo_data_fills_the_meeting_board(db) -> None:
    logins = await demo.load(now=NOW)
    upcoming = await Meeting.get(status=MeetingStatus.PLANNED)
    programme = await agenda.programme(upcoming.id)
    kinds = [line.kind for line in programme.lines]
    assert kinds[0] == AgendaKind.WELCOME and AgendaKind.BREAK in kinds and AgendaKind.GROUP_WORK in kinds
    talk = next(line for line in programme.lines if line.kind == AgendaKind.TALK)
    assert await Membership.exists(id=talk.presenter_id, status=MembershipStatus.ACTIVE)
    external = next(line for line in programme.lines if line.kind == AgendaKind.EXTERNAL_TALK)
    assert external.presenter_name and external.presenter_org == 'DBC Digital'
    work = next(line for line in programme.lines if line.kind == AgendaKind.GROUP_WORK)
    assert '<ol>' in work.description_html and '<strong>' in work.description_html
    assert programme.overrun_minutes == 0 and programme.lines[-1].ends.hour >= 14

    # Members have answered (but not the demo member: that is left for whoever tries the demo), and the group work
    # has its groups, each with a question and people from both parts of the country.
    answered = await MeetingResponse.filter(meeting_id=upcoming.id)
    assert sum(r.answer == Answer.ATTENDING for r in answered) >= 20
    demo_member = await User.get(email=logins.member[0])
    assert not await MeetingResponse.filter(meeting_id=upcoming.id, membership__person_id=demo_member.person_id) \
        .exists()
    made = await groups.groups_of(work.item_id)
    assert len(made) == 5 and all(g.question and len(g.members) >= 3 for g in made)
    assert all(len({p.landsdel for p in g.members}) == 2 for g in made)

    # "Kopiér en tidligere dagsorden" has held meetings to copy from; the last one's groups have their outcomes.
    sources = await agenda.copy_sources(upcoming.id)
    assert len(sources) == 2
    held = await Meeting.filter(status=MeetingStatus.CLOSED).order_by('-starts_at').first()
    assert held is not None and sources[0][0] == held.id
    held_work = next(line for line in (await agenda.programme(held.id)).lines if line.kind == AgendaKind.GROUP_WORK)
    outcomes = await groups.groups_of(held_work.item_id)
    assert outcomes and all(g.outcome and g.scribe_name for g in outcomes)

    # The projector link exists, and the projector shows the next meeting.
    network = await Network.get(id=upcoming.network_id)
    assert network.display_token and await display.network_for_display_token(network.display_token) is not None
    board = await display.network_board(network.id, now=NOW)
    assert board.next_meeting == (upcoming.date, upcoming.title)



async def test_demo_data_has_minutes_an_archive_and_follow_up(db) -> None:
    """The last two held meetings have approved minutes: the older one sent out (e-mail and "For biblioteker") with
    some action items done, the newer one approved and waiting to be sent; open ones come back on the next agenda."""
    await demo.load(now=NOW)
    network = await Network.first()
    assert network is not None
    entries = await minutes_distribution.archive(network.id)
    assert [e.version for e in entries] == [1, 1] and entries[0].date > entries[1].date
    assert all(e.host for e in entries)
    newer, older = entries
    assert {d.channel for d in await minutes_distribution.distributions(older.meeting_id)} == {
        DistributionChannel.EMAIL, DistributionChannel.FOR_BIBLIOTEKER}
    assert await minutes_distribution.distributions(newer.meeting_id) == []
    view = await minutes.minutes_view(newer.meeting_id)
    assert view.status == MinutesStatus.APPROVED and view.referent
    assert sum(bool(item.notes) for item in view.items) >= 5 and any(item.decisions for item in view.items)
    assert not any(item.notes for item in view.items if item.kind == AgendaKind.BREAK)

    overview = await minutes_actions.action_overview(network.id, NOW.date())
    assert len(overview.done) == 2 and len(overview.open) == 3
    upcoming = await Meeting.get(status=MeetingStatus.PLANNED)
    assert len(await minutes_actions.open_actions_before(upcoming.id)) == 3
    name, pdf = await minutes_distribution.archived_pdf(newer.meeting_id)
    assert name.startswith(f'referat-{newer.date.isoformat()}-') and pdf.startswith(b'%PDF')
