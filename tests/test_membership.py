"""Membership (DESIGN.md §1.1): applying, reviewing, leaving, coming back, and the network's capacity."""
import datetime as dt

import pytest

from flnet_ui.services import membership, seats
from flnet_ui.services.errors import DomainError
from models import AuditEntry, Membership, MembershipStatus, Person
from tests import factories as f
from tests.conftest import NOW

LATER = NOW + dt.timedelta(days=30)
ACTIVE, WAITLISTED = MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED


async def apply(net, email, *, name='Anne Jensen', approve=False, now=NOW, **extra):
    return await membership.apply(network_id=net.id, name=name, email=email, approve=approve, by=f.COORDINATOR,
                                  now=now, **extra)


async def test_applicants_become_active_until_the_network_is_full_then_wait_in_line(db):
    net = await f.network(capacity=3)
    people = await f.members(net, 5, now=NOW)
    assert await f.statuses(*people) == [ACTIVE, ACTIVE, ACTIVE, WAITLISTED, WAITLISTED]
    assert [await seats.position(await f.refreshed(m)) for m in people] == [None, None, None, 1, 2]
    assert (await f.refreshed(people[0])).active_since == NOW
    assert await seats.seats_taken(net.id) == 3
    for m in people:
        await f.assert_audit_complete(m)


async def test_an_application_waits_for_review_and_holds_no_seat(db):
    net = await f.network(capacity=1)
    pending = await apply(net, 'anne@bib.dk', job_title=' Fjernlånsansvarlig ', motivation=' Gerne! ')
    assert pending.status == MembershipStatus.PENDING
    assert (await Person.get(id=pending.person_id)).job_title == 'Fjernlånsansvarlig'
    assert pending.motivation == 'Gerne!'
    assert await seats.seats_taken(net.id) == 0
    assert await seats.position(pending) is None

    placement = await membership.approve(membership_id=pending.id, by=f.COORDINATOR, now=LATER)
    assert placement.promoted == [pending]
    assert (await f.refreshed(pending)).active_since == LATER
    await f.assert_audit_complete(pending)


async def test_approving_when_full_puts_the_applicant_on_the_waitlist_by_application_time(db):
    net = await f.network(capacity=1)
    early = await apply(net, 'early@bib.dk', now=NOW)  # applied first, reviewed last
    await f.member(net, now=NOW + dt.timedelta(hours=1))
    waiting = await f.member(net, now=NOW + dt.timedelta(hours=2))
    await membership.approve(membership_id=early.id, by=f.COORDINATOR, now=LATER)
    assert await f.waitlist_ids(net) == [early.id, waiting.id]


async def test_only_a_pending_application_can_be_approved_or_rejected(db):
    net = await f.network()
    active = await f.member(net, now=NOW)
    with pytest.raises(DomainError):
        await membership.approve(membership_id=active.id, by=f.COORDINATOR, now=LATER)
    with pytest.raises(DomainError):
        await membership.reject(membership_id=active.id, reason='Forkert', by=f.COORDINATOR, now=LATER)
    assert await f.statuses(active) == [ACTIVE]


async def test_a_rejection_needs_a_reason_that_is_kept_in_the_log(db):
    net = await f.network()
    pending = await apply(net, 'anne@bib.dk')
    with pytest.raises(DomainError) as error:
        await membership.reject(membership_id=pending.id, reason='   ', by=f.COORDINATOR, now=LATER)
    assert error.value.field == 'reason'
    assert await f.statuses(pending) == [MembershipStatus.PENDING]

    await membership.reject(membership_id=pending.id, reason=' Ikke et folkebibliotek ', by=f.COORDINATOR, now=LATER)
    assert await f.statuses(pending) == [MembershipStatus.REJECTED]
    last = (await f.status_trail(pending))[-1]
    assert (last.from_value, last.to_value, last.reason) == ('pending', 'rejected', 'Ikke et folkebibliotek')
    assert last.actor_name == f.COORDINATOR.name and last.at == LATER


async def test_the_same_email_in_any_case_cannot_apply_twice(db):
    net = await f.network()
    first = await apply(net, 'Anne.Jensen@Bib.dk')
    assert (await Person.get(id=first.person_id)).email == 'anne.jensen@bib.dk'
    for status_before in ('pending', 'active'):
        with pytest.raises(DomainError) as error:
            await apply(net, '  ANNE.JENSEN@bib.DK ', name='Anne J.')
        assert error.value.field == 'email'
        assert await Membership.filter(network_id=net.id).count() == 1
        assert await f.statuses(first) == [status_before]
        if status_before == 'pending':
            await membership.approve(membership_id=first.id, by=f.COORDINATOR, now=NOW)


async def test_one_person_may_be_a_member_of_two_networks(db):
    east, west = await f.network(), await f.network()
    a = await apply(east, 'anne@bib.dk', approve=True)
    b = await apply(west, 'ANNE@bib.dk', approve=True)
    assert a.person_id == b.person_id and await Person.all().count() == 1


@pytest.mark.parametrize('name', ['', '   ', '\t\n', 'x' * 201])
async def test_a_missing_or_overlong_name_is_refused(db, name):
    net = await f.network()
    with pytest.raises(DomainError) as error:
        await apply(net, 'anne@bib.dk', name=name)
    assert error.value.field == 'name' and error.value.message
    assert await Person.all().count() == 0


async def test_a_name_is_tidied(db):
    net = await f.network()
    m = await apply(net, 'anne@bib.dk', name='  Anne   Marie\tJensen ')
    assert (await Person.get(id=m.person_id)).name == 'Anne Marie Jensen'


@pytest.mark.parametrize('email', ['', '   ', 'anne', 'anne@', '@bib.dk', 'anne@bib', 'anne@bib.d', 'an ne@bib.dk',
                                   'anne@@bib.dk', '<anne@bib.dk>', 'a' * 250 + '@bib.dk'])
async def test_a_missing_or_invalid_email_is_refused(db, email):
    net = await f.network()
    with pytest.raises(DomainError) as error:
        await apply(net, email)
    assert error.value.field == 'email' and error.value.message
    assert await Membership.all().count() == 0


async def test_an_unknown_library_is_refused(db):
    net = await f.network()
    with pytest.raises(DomainError) as error:
        await apply(net, 'anne@bib.dk', library_id=9999)
    assert error.value.field == 'library'


async def test_a_former_member_may_apply_again_and_keeps_the_history(db):
    net = await f.network(capacity=1)
    anne = await apply(net, 'anne@bib.dk', approve=True)
    await membership.resign(membership_id=anne.id, by=f.COORDINATOR, now=LATER)
    back = await apply(net, 'ANNE@bib.dk', now=LATER + dt.timedelta(days=1))
    assert back.id == anne.id and back.status == MembershipStatus.PENDING
    assert back.applied_at == LATER + dt.timedelta(days=1)
    await membership.approve(membership_id=back.id, by=f.COORDINATOR, now=LATER + dt.timedelta(days=2))
    assert [(e.from_value, e.to_value) for e in await f.status_trail(anne)] == [
        ('', 'pending'), ('pending', 'active'), ('active', 'resigned'), ('resigned', 'pending'),
        ('pending', 'active')]
    assert (await f.refreshed(anne)).active_since == LATER + dt.timedelta(days=2)
    await f.assert_audit_complete(anne)


async def test_resigning_frees_a_seat_for_the_first_on_the_waitlist(db):
    net = await f.network(capacity=2)
    a, b, first, second = await f.members(net, 4, now=NOW)
    placement = await membership.resign(membership_id=a.id, reason='Nyt job', by=f.COORDINATOR, now=LATER)
    assert placement.promoted == [first] and placement.offered == []
    assert await f.statuses(a, b, first, second) == ['resigned', ACTIVE, ACTIVE, WAITLISTED]
    assert (await f.refreshed(first)).active_since == LATER
    assert await seats.position(await f.refreshed(second)) == 1
    assert (await f.status_trail(a))[-1].reason == 'Nyt job'
    for m in (a, first):
        await f.assert_audit_complete(m)


async def test_only_a_seat_holder_can_resign(db):
    net = await f.network(capacity=1)
    await f.member(net, now=NOW)
    waiting = await f.member(net, now=NOW)
    with pytest.raises(DomainError):
        await membership.resign(membership_id=waiting.id, by=f.COORDINATOR, now=LATER)
    with pytest.raises(DomainError):
        await membership.resign(membership_id=123456, by=f.COORDINATOR, now=LATER)


async def test_withdrawing_leaves_the_waitlist_and_everyone_behind_moves_up(db):
    net = await f.network(capacity=1)
    holder, a, b, c = await f.members(net, 4, now=NOW)
    placement = await membership.withdraw(membership_id=b.id, by=f.COORDINATOR, now=LATER)
    assert placement.promoted == [] and await f.statuses(holder, b) == [ACTIVE, 'withdrawn']
    assert await f.waitlist_ids(net) == [a.id, c.id]
    assert await seats.position(await f.refreshed(c)) == 2
    with pytest.raises(DomainError):
        await membership.withdraw(membership_id=holder.id, by=f.COORDINATOR, now=LATER)
    await f.assert_audit_complete(b)


async def test_an_application_can_be_withdrawn_before_review(db):
    net = await f.network()
    pending = await apply(net, 'anne@bib.dk')
    await membership.withdraw(membership_id=pending.id, reason='Fortrudt', by=f.COORDINATOR, now=LATER)
    assert await f.statuses(pending) == ['withdrawn']


async def test_reinstating_a_former_member_takes_a_free_seat(db):
    net = await f.network(capacity=2)
    a, _ = await f.members(net, 2, now=NOW)
    await membership.resign(membership_id=a.id, by=f.COORDINATOR, now=NOW)
    with pytest.raises(DomainError) as error:
        await membership.reinstate(membership_id=a.id, reason=' ', by=f.COORDINATOR, now=LATER)
    assert error.value.field == 'reason'
    placement = await membership.reinstate(membership_id=a.id, reason='Fejl', by=f.COORDINATOR, now=LATER)
    assert placement.promoted == [a] and await f.statuses(a) == [ACTIVE]
    assert (await f.refreshed(a)).active_since == LATER
    await f.assert_audit_complete(a)


async def test_reinstating_into_a_full_network_puts_the_person_first_on_the_waitlist(db):
    net = await f.network(capacity=2)
    a, _, _ = await f.members(net, 3, now=NOW)
    await membership.resign(membership_id=a.id, by=f.COORDINATOR, now=NOW)  # the waiter takes the seat
    w1, w2 = await f.members(net, 2, now=NOW + dt.timedelta(hours=1))
    placement = await membership.reinstate(membership_id=a.id, reason='Fejl', by=f.COORDINATOR, now=LATER)
    assert placement.promoted == [] and await seats.seats_taken(net.id) == 2
    assert await f.waitlist_ids(net) == [a.id, w1.id, w2.id]
    with pytest.raises(DomainError):  # only a former member can be reinstated
        await membership.reinstate(membership_id=w1.id, reason='Fejl', by=f.COORDINATOR, now=LATER)


async def test_raising_the_capacity_seats_the_waitlist_at_once_in_order(db):
    net = await f.network(capacity=2)
    _, _, w1, w2, w3 = await f.members(net, 5, now=NOW)
    placement = await membership.set_capacity(network_id=net.id, capacity=4, reason='Større lokale',
                                              by=f.COORDINATOR, now=LATER)
    assert placement.promoted == [w1, w2]
    assert await f.statuses(w1, w2, w3) == [ACTIVE, ACTIVE, WAITLISTED]
    entry = await AuditEntry.get(subject='network', action='capacity')
    assert (entry.from_value, entry.to_value, entry.reason) == ('2', '4', 'Større lokale')


async def test_lowering_the_capacity_never_removes_anyone_and_holds_promotions_until_there_is_room(db):
    net = await f.network(capacity=3)
    a, b, c, waiter = await f.members(net, 4, now=NOW)
    assert (await membership.set_capacity(network_id=net.id, capacity=1, by=f.COORDINATOR, now=LATER)).promoted == []
    assert await f.statuses(a, b, c, waiter) == [ACTIVE, ACTIVE, ACTIVE, WAITLISTED]
    newcomer = await f.member(net, now=LATER)
    assert await f.statuses(newcomer) == [WAITLISTED]

    await membership.resign(membership_id=a.id, by=f.COORDINATOR, now=LATER)
    await membership.resign(membership_id=b.id, by=f.COORDINATOR, now=LATER)
    assert await f.statuses(waiter) == [WAITLISTED]  # 1 of 1 seat still taken
    placement = await membership.resign(membership_id=c.id, by=f.COORDINATOR, now=LATER)
    assert placement.promoted == [waiter] and await f.statuses(newcomer) == [WAITLISTED]


@pytest.mark.parametrize('capacity', [0, -1, membership.MAX_CAPACITY + 1])
async def test_an_impossible_capacity_is_refused(db, capacity):
    net = await f.network(capacity=5)
    with pytest.raises(DomainError) as error:
        await membership.set_capacity(network_id=net.id, capacity=capacity, by=f.COORDINATOR, now=LATER)
    assert error.value.field == 'capacity'
    await net.refresh_from_db()
    assert net.capacity == 5


async def test_setting_the_same_capacity_changes_and_logs_nothing(db):
    net = await f.network(capacity=5)
    await membership.set_capacity(network_id=net.id, capacity=5, by=f.COORDINATOR, now=LATER)
    assert not await AuditEntry.filter(action='capacity').exists()


async def test_every_change_of_status_in_a_long_story_is_in_the_audit_trail(db):
    """Invariant I4, across every verb: the trail of each membership chains from nothing to its current status."""
    net = await f.network(capacity=2)
    anne, bo, carl, dora = await f.members(net, 4, now=NOW)
    eva = await apply(net, 'eva@bib.dk', now=NOW + dt.timedelta(hours=1))
    await membership.approve(membership_id=eva.id, by=f.COORDINATOR, now=NOW + dt.timedelta(hours=1))
    await membership.move_in_waitlist(membership_id=eva.id, position=1, reason='Aftalt', by=f.COORDINATOR, now=NOW)
    await membership.resign(membership_id=anne.id, by=f.COORDINATOR, now=LATER)
    await membership.withdraw(membership_id=carl.id, by=f.COORDINATOR, now=LATER)
    await membership.set_capacity(network_id=net.id, capacity=3, by=f.COORDINATOR, now=LATER)
    await membership.reinstate(membership_id=anne.id, reason='Fortrød', by=f.COORDINATOR, now=LATER)
    rejected = await apply(net, 'finn@bib.dk')
    await membership.reject(membership_id=rejected.id, reason='Ikke fjernlån', by=f.COORDINATOR, now=LATER)
    assert await f.statuses(anne, bo, carl, dora, eva, rejected) == [
        WAITLISTED, ACTIVE, 'withdrawn', ACTIVE, ACTIVE, 'rejected']
    for m in await Membership.filter(network_id=net.id):
        await f.assert_audit_complete(m)
    assert await AuditEntry.filter(network_id=net.id, action='move').count() == 1
