"""The demo data has the shape the README promises, on both engines."""
from __future__ import annotations

import datetime as dt

from flnet_ui import demo
from flnet_ui.services import seats, streaks
from models import AuditEntry, Meeting, MeetingStatus, Membership, MembershipStatus, User
from models.enums import Landsdel

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


async def test_demo_data_tells_four_years_of_the_network(db) -> None:
    logins = await demo.load(now=NOW)
    network_id = (await Membership.first()).network_id  # type: ignore[union-attr]
    overview = await seats.overview(network_id)
    assert overview.active == 40 and 10 <= overview.waiting <= 15
    assert overview.active_east > 10 and overview.active_west > 10
    deregistered = await Membership.filter(status=MembershipStatus.DEREGISTERED)
    assert deregistered
    assert await AuditEntry.filter(to_value='deregistered', reason='3 møder i træk uden deltagelse').exists()
    assert await Membership.filter(status=MembershipStatus.RESIGNED).exists()

    held = await Meeting.filter(status=MeetingStatus.CLOSED).prefetch_related('host')
    assert len(held) == 8
    assert {m.date.year for m in held} == {2023, 2024, 2025, 2026}
    assert {m.host.landsdel for m in held if m.host.name != 'Statsbiblioteket'} == {Landsdel.EAST, Landsdel.WEST}
    upcoming = await Meeting.filter(status=MeetingStatus.PLANNED)
    assert len(upcoming) == 1 and upcoming[0].date > NOW.date()

    by_member = await streaks.network_streaks(network_id, now=NOW)
    without_agreement = [s.count for s in by_member.values() if not s.agreement]
    assert max(without_agreement) == 2 and min(without_agreement) == 0
    assert sum(s.at_risk for s in by_member.values()) >= 2
    assert sum(s.agreement for s in by_member.values()) == 1

    assert await User.filter(email=logins.coordinator[0], role='coordinator').exists()
    assert await User.filter(email=logins.member[0], role='member', person_id__not_isnull=True).exists()
