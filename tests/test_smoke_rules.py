import datetime as dt

from flnet_ui.services import seats
from models import AttendanceStatus, MembershipStatus
from tests import factories as f
from tests.conftest import NOW


async def test_capacity_then_waitlist_then_deregistration_frees_a_seat(db):
    net = await f.network(capacity=2)
    a, b, c = await f.members(net, 3, now=NOW)
    assert [(await f.refreshed(m)).status for m in (a, b, c)] == ['active', 'active', 'waitlisted']
    assert await seats.position(await f.refreshed(c)) == 1
    for i in range(3):
        await f.held_meeting(net, dt.date(2026, 4 + i, 1), {b.id: AttendanceStatus.PRESENT})
    assert (await f.refreshed(a)).status == MembershipStatus.DEREGISTERED
    assert (await f.refreshed(c)).status == MembershipStatus.ACTIVE
