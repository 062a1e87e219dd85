"""The absence streak (DESIGN.md §1.2): which meetings count, what ends a streak, who is at risk, and that the
whole network's streaks cost the same few queries however many members there are."""
import datetime as dt

import pytest

from flnet_ui.services import attendance, meetings, membership, streaks
from models import AttendanceStatus, Membership, MembershipStatus
from tests import factories as f
from tests.conftest import NOW

PRESENT, APOLOGY, ABSENT, EXCUSED = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGY, AttendanceStatus.ABSENT,
                                     AttendanceStatus.EXCUSED)
DAYS = [dt.date(2026, month, 1) for month in range(4, 13)]
END = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


async def streak_of(m, now=END):
    return await streaks.member_streak(await f.refreshed(m), now=now)


async def held_in_turn(net, rows):
    """One closed meeting per row of {membership id: status}, a month apart."""
    return [await f.held_meeting(net, day, row) for day, row in zip(DAYS, rows, strict=False)]


@pytest.mark.parametrize(('newest_first', 'count'), [
    ([], 0),
    ([PRESENT], 0),
    ([ABSENT], 1),
    ([APOLOGY, ABSENT], 2),
    ([ABSENT, PRESENT, ABSENT, ABSENT], 1),
    ([EXCUSED, ABSENT, EXCUSED, APOLOGY, PRESENT, ABSENT], 2),
    ([EXCUSED, EXCUSED], 0),
    ([PRESENT, ABSENT, ABSENT, ABSENT], 0),
])
def test_counting_a_streak(newest_first, count):
    assert streaks.count_streak(newest_first) == count


async def test_apologies_and_absences_both_count_and_attending_ends_the_streak(db):
    net = await f.network()
    anne, bo = await f.members(net, 2, now=NOW)
    await held_in_turn(net, [{anne.id: APOLOGY, bo.id: PRESENT}, {anne.id: ABSENT, bo.id: PRESENT}])
    assert (await streak_of(anne)).count == 2
    await f.held_meeting(net, DAYS[2], {anne.id: PRESENT, bo.id: APOLOGY})
    assert (await streak_of(anne)).count == 0 and (await streak_of(bo)).count == 1


async def test_an_agreed_absence_is_skipped_it_neither_counts_nor_ends_the_streak(db):
    net = await f.network()
    anne = await f.member(net, now=NOW)
    await held_in_turn(net, [{anne.id: ABSENT}, {anne.id: EXCUSED}, {anne.id: APOLOGY}])
    streak = await streak_of(anne)
    assert (streak.count, streak.at_risk) == (2, True)
    assert await f.statuses(anne) == [MembershipStatus.ACTIVE]
    result = await attendance.close_meeting(meeting_id=(await f.held_meeting(net, DAYS[3], {anne.id: EXCUSED},
                                                                             close=False)).id,
                                            by=f.COORDINATOR, now=END)
    assert result.deregistered == [] and (await streak_of(anne)).count == 2
    await f.held_meeting(net, DAYS[4], {anne.id: ABSENT})
    assert await f.statuses(anne) == [MembershipStatus.DEREGISTERED]


async def test_a_cancelled_meeting_never_counts(db):
    net = await f.network()
    anne = await f.member(net, now=NOW)
    await f.held_meeting(net, DAYS[0], {anne.id: ABSENT})
    cancelled = await f.held_meeting(net, DAYS[1], {anne.id: APOLOGY}, close=False)
    await meetings.cancel_meeting(meeting_id=cancelled.id, reason='For få tilmeldte', by=f.COORDINATOR, now=NOW)
    await f.held_meeting(net, DAYS[2], {anne.id: ABSENT})
    assert (await streak_of(anne)).count == 2
    assert await f.statuses(anne) == [MembershipStatus.ACTIVE]


async def test_a_meeting_that_is_not_closed_yet_does_not_count(db):
    net = await f.network()
    anne = await f.member(net, now=NOW)
    await held_in_turn(net, [{anne.id: ABSENT}, {anne.id: ABSENT}])
    await f.held_meeting(net, DAYS[2], {anne.id: ABSENT}, close=False)
    assert (await streak_of(anne)).count == 2


async def test_meetings_before_the_member_became_active_never_count(db):
    net = await f.network(capacity=1)
    holder, waiting = await f.members(net, 2, now=NOW)
    # Marked while still on the waitlist (the roll call listed everyone): these must not count later.
    await held_in_turn(net, [{holder.id: PRESENT, waiting.id: ABSENT}, {holder.id: PRESENT, waiting.id: ABSENT}])
    await membership.resign(membership_id=holder.id, by=f.COORDINATOR, now=dt.datetime(2026, 5, 15, tzinfo=dt.UTC))
    assert await f.statuses(waiting) == [MembershipStatus.ACTIVE]
    assert (await streak_of(waiting)).count == 0
    await f.held_meeting(net, DAYS[2], {waiting.id: ABSENT})
    streak = await streak_of(waiting)
    assert (streak.count, streak.at_risk) == (1, False)


async def test_the_network_view_reads_back_to_the_earliest_active_period_among_its_members(db):
    """Only meetings from the earliest start of an active period on are read: the member who has been active longest
    keeps every meeting of her period, and one without a recorded start (older data) makes it read everything."""
    net = await f.network(absence_limit=9)
    anne = await f.member(net, now=NOW)
    await held_in_turn(net, [{anne.id: ABSENT}, {anne.id: APOLOGY}])
    bo = await f.member(net, now=dt.datetime(2026, 5, 20, tzinfo=dt.UTC))   # active after the first two meetings
    await f.held_meeting(net, DAYS[2], {anne.id: ABSENT, bo.id: ABSENT})
    everyone = await streaks.network_streaks(net.id, now=END)
    assert {k: v.count for k, v in everyone.items()} == {anne.id: 3, bo.id: 1}
    assert everyone[anne.id] == await streak_of(anne) and everyone[bo.id] == await streak_of(bo)
    await Membership.filter(id=anne.id).update(active_since=None)
    assert {k: v.count for k, v in (await streaks.network_streaks(net, now=END)).items()} == {anne.id: 3, bo.id: 1}


async def test_a_member_who_comes_back_starts_with_a_clean_streak(db):
    net = await f.network()
    anne = await f.member(net, now=NOW)
    await held_in_turn(net, [{anne.id: ABSENT}, {anne.id: ABSENT}])
    await membership.resign(membership_id=anne.id, by=f.COORDINATOR, now=dt.datetime(2026, 5, 20, tzinfo=dt.UTC))
    await membership.reinstate(membership_id=anne.id, reason='Fortrød', by=f.COORDINATOR,
                               now=dt.datetime(2026, 5, 21, tzinfo=dt.UTC))
    assert (await streak_of(anne)).count == 0
    await f.held_meeting(net, DAYS[2], {anne.id: ABSENT})
    assert (await streak_of(anne)).count == 1 and await f.statuses(anne) == [MembershipStatus.ACTIVE]


async def test_at_risk_is_one_below_the_limit(db):
    net = await f.network()
    anne = await f.member(net, now=NOW)
    seen = []
    for day in DAYS[:2]:
        await f.held_meeting(net, day, {anne.id: ABSENT})
        streak = await streak_of(anne)
        seen.append((streak.count, streak.limit, streak.at_risk, streak.reached, streak.agreement))
    assert seen == [(1, 3, False, False, False), (2, 3, True, False, False)]


async def test_the_limit_is_the_networks_setting(db):
    net = await f.network(absence_limit=2, capacity=1)
    anne, waiting = await f.members(net, 2, now=NOW)
    await f.held_meeting(net, DAYS[0], {anne.id: APOLOGY})
    assert (await streak_of(anne)).at_risk
    await f.held_meeting(net, DAYS[1], {anne.id: APOLOGY})
    assert await f.statuses(anne, waiting) == [MembershipStatus.DEREGISTERED, MembershipStatus.ACTIVE]
    trail = await f.status_trail(anne)
    assert '2' in trail[-1].reason


async def test_the_network_view_covers_its_active_members_only(db):
    net = await f.network(capacity=2)
    anne, bo, waiting = await f.members(net, 3, now=NOW)
    other = await f.member(await f.network(), now=NOW)
    await held_in_turn(net, [{anne.id: ABSENT, bo.id: PRESENT}, {anne.id: APOLOGY, bo.id: EXCUSED}])
    everyone = await streaks.network_streaks(net.id, now=END)
    assert {k: v.count for k, v in everyone.items()} == {anne.id: 2, bo.id: 0}
    assert everyone[anne.id] == await streak_of(anne)
    assert waiting.id not in everyone and other.id not in everyone
    assert await streaks.network_streaks((await f.network()).id, now=END) == {}


async def network_with_history(size):
    """`size` active members and three closed meetings with a mix of answers."""
    net = await f.network(capacity=size)
    people = await f.members(net, size, now=NOW)
    pattern = [PRESENT, APOLOGY, ABSENT, EXCUSED]
    await held_in_turn(net, [{m.id: pattern[(i + k) % 4] for i, m in enumerate(people)} for k in range(3)])
    return net, people


async def test_the_whole_networks_streaks_take_the_same_number_of_queries_for_5_or_50_members(db):
    counts = {}
    for size in (5, 50):
        net, people = await network_with_history(size)
        with f.counting_queries() as queries:
            result = await streaks.network_streaks(net.id, now=END)
        assert len(result) == size
        counts[size] = len(queries)
        # newest first: absent apology present | excused absent apology | present … | apology present excused
        assert [result[m.id].count for m in people[:4]] == [2, 2, 0, 1]
    assert counts[5] > 0, 'no query was seen: the counting does not work'
    assert counts[5] == counts[50], counts
