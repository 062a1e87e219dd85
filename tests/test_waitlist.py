"""The waitlist (DESIGN.md §1.1, I3): first come, first served, ties by id; a coordinator's move needs a reason and is
logged, and it keeps everyone else's order."""
import datetime as dt

import pytest

from flnet_ui.services import membership, seats
from flnet_ui.services.errors import DomainError
from models import AuditEntry, MembershipStatus
from tests import factories as f
from tests.conftest import NOW

LATER = NOW + dt.timedelta(days=10)


async def full_network_with_waiters(count, *, same_time=False):
    """A network whose one seat is taken, and `count` people waiting (in application order, or all at one moment)."""
    net = await f.network(capacity=1)
    await f.member(net, now=NOW - dt.timedelta(days=1))
    if same_time:
        waiting = [await f.member(net, now=NOW) for _ in range(count)]
    else:
        waiting = await f.members(net, count, now=NOW)
    return net, waiting


async def move(m, position, reason='Aftalt på mødet', now=LATER):
    await membership.move_in_waitlist(membership_id=m.id, position=position, reason=reason, by=f.COORDINATOR, now=now)


async def test_the_waitlist_follows_application_time_not_the_order_of_entry(db):
    net = await f.network(capacity=1)
    await f.member(net, now=NOW)
    late = await f.member(net, now=NOW + dt.timedelta(hours=2))
    early = await f.member(net, now=NOW + dt.timedelta(hours=1))
    assert await f.waitlist_ids(net) == [early.id, late.id]
    assert await seats.position(await f.refreshed(early)) == 1
    assert await seats.position(await f.refreshed(late)) == 2


async def test_applications_at_the_same_moment_are_ordered_by_id(db):
    net, waiting = await full_network_with_waiters(4, same_time=True)
    assert await f.waitlist_ids(net) == sorted(m.id for m in waiting)
    assert [await seats.position(await f.refreshed(m)) for m in waiting] == [1, 2, 3, 4]


async def test_only_someone_waiting_has_a_position(db):
    net = await f.network(capacity=1)
    active = await f.member(net, now=NOW)
    pending = await f.member(net, now=NOW, approve=False)
    assert await seats.position(active) is None and await seats.position(pending) is None


@pytest.mark.parametrize('same_time', [False, True])
@pytest.mark.parametrize(('who', 'to', 'expected'), [
    (0, 4, 'bcda'),  # first to last
    (3, 1, 'dabc'),  # last to first
    (1, 3, 'acbd'),  # middle down
    (2, 2, 'acbd'),  # middle up
    (0, 2, 'bacd'),  # one step
    (3, 3, 'abdc'),
])
async def test_moving_someone_puts_them_exactly_there_and_keeps_everyone_elses_order(db, same_time, who, to,
                                                                                  expected):
    net, waiting = await full_network_with_waiters(4, same_time=same_time)
    names = dict(zip('abcd', waiting, strict=True))
    await move(waiting[who], to)
    assert await f.waitlist_ids(net) == [names[letter].id for letter in expected]
    assert await seats.position(await f.refreshed(waiting[who])) == to


async def test_a_move_is_logged_with_who_from_where_to_where_and_why(db):
    net, waiting = await full_network_with_waiters(3)
    await move(waiting[2], 1, reason='  Var på listen før flytningen af systemet  ')
    entry = await AuditEntry.get(action='move')
    assert (entry.subject, entry.subject_id, entry.person_id, entry.network_id) == (
        'membership', waiting[2].id, waiting[2].person_id, net.id)
    assert (entry.from_value, entry.to_value) == ('3', '1')
    assert entry.reason == 'Var på listen før flytningen af systemet'
    assert entry.actor_name == f.COORDINATOR.name and entry.at == LATER


async def test_a_move_without_a_written_reason_is_refused_and_changes_nothing(db):
    net, waiting = await full_network_with_waiters(3)
    for reason in ('', '   \n'):
        with pytest.raises(DomainError) as error:
            await move(waiting[2], 1, reason=reason)
        assert error.value.field == 'reason'
    assert await f.waitlist_ids(net) == [m.id for m in waiting]
    assert not await AuditEntry.filter(action='move').exists()


@pytest.mark.parametrize('position', [0, -1, 4, 100])
async def test_a_position_outside_the_waitlist_is_refused(db, position):
    net, waiting = await full_network_with_waiters(3)
    with pytest.raises(DomainError) as error:
        await move(waiting[1], position)
    assert error.value.field == 'position'
    assert await f.waitlist_ids(net) == [m.id for m in waiting]


async def test_moving_to_the_same_place_changes_and_logs_nothing(db):
    net, waiting = await full_network_with_waiters(3)
    await move(waiting[1], 2)
    assert await f.waitlist_ids(net) == [m.id for m in waiting]
    assert not await AuditEntry.filter(action='move').exists()


async def test_only_someone_on_the_waitlist_can_be_moved(db):
    net = await f.network(capacity=1)
    active = await f.member(net, now=NOW)
    pending = await f.member(net, now=NOW, approve=False)
    await f.member(net, now=NOW)
    for m in (active, pending):
        with pytest.raises(DomainError):
            await move(m, 1)
    assert await f.statuses(active, pending) == [MembershipStatus.ACTIVE, MembershipStatus.PENDING]


async def test_the_next_free_seat_follows_the_moved_order(db):
    net = await f.network(capacity=1)
    holder = await f.member(net, now=NOW - dt.timedelta(days=1))
    a, b, c = await f.members(net, 3, now=NOW)
    await move(c, 1)
    placement = await membership.resign(membership_id=holder.id, by=f.COORDINATOR, now=LATER)
    assert placement.promoted == [c]
    assert await f.waitlist_ids(net) == [a.id, b.id]


async def test_repeated_moves_keep_a_consistent_order(db):
    net, waiting = await full_network_with_waiters(5, same_time=True)
    order = [m.id for m in waiting]
    for who, to in [(4, 1), (0, 5), (2, 1), (1, 4), (3, 2), (4, 1), (2, 5)]:
        m = waiting[who]
        assert order.index(m.id) + 1 != to
        await move(m, to)
        order.remove(m.id)
        order.insert(to - 1, m.id)
        assert await f.waitlist_ids(net) == order
    assert await AuditEntry.filter(action='move').count() == 7


async def test_someone_who_applies_after_a_move_still_goes_to_the_back(db):
    net, waiting = await full_network_with_waiters(3)
    await move(waiting[0], 3)
    newcomer = await f.member(net, now=LATER)
    assert await f.waitlist_ids(net) == [waiting[1].id, waiting[2].id, waiting[0].id, newcomer.id]


async def test_leaving_the_waitlist_moves_the_ones_behind_up(db):
    _net, waiting = await full_network_with_waiters(3)
    await membership.withdraw(membership_id=waiting[0].id, by=f.COORDINATOR, now=LATER)
    assert [await seats.position(await f.refreshed(m)) for m in waiting[1:]] == [1, 2]
