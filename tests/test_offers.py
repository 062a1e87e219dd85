"""Offer mode (DESIGN.md §1.1, I2): a freed seat is offered to the first on the waitlist for a window of days, with a
reminder before it ends; accepting takes it, declining or letting it run out passes it on. An offered seat is held."""
import datetime as dt

import pytest

from flnet_ui.services import attendance, membership, offers, seats
from flnet_ui.services.audit import SYSTEM
from flnet_ui.services.errors import DomainError
from models import AttendanceStatus, MembershipStatus, WaitlistMode
from tests import factories as f
from tests.conftest import NOW

FREED = NOW + dt.timedelta(days=7)           # the moment a seat frees
DEADLINE = FREED + dt.timedelta(days=14)     # the network's default window
ACTIVE, WAITLISTED, OFFERED = MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED, MembershipStatus.OFFERED


async def offer_network(waiting=2, **rules):
    """A full offer-mode network of two; `waiting` people in line."""
    net = await f.network(capacity=2, waitlist_mode=WaitlistMode.OFFER, **rules)
    people = await f.members(net, 2 + waiting, now=NOW)
    return net, people[:2], people[2:]


async def free_a_seat(holder, now=FREED):
    return await membership.resign(membership_id=holder.id, by=f.COORDINATOR, now=now)


async def test_a_freed_seat_is_offered_to_the_first_in_line_with_a_deadline(db):
    _net, (holder, _), (first, second) = await offer_network()
    placement = await free_a_seat(holder)
    assert placement.offered == [first] and placement.promoted == []
    first = await f.refreshed(first)
    assert first.status == OFFERED and first.offer_expires_at == DEADLINE and first.offer_reminded_at is None
    assert await f.statuses(second) == [WAITLISTED]
    assert await seats.position(await f.refreshed(second)) == 1
    await f.assert_audit_complete(first)


async def test_the_window_is_the_networks_setting(db):
    _net, (holder, _), (first, _) = await offer_network(offer_days=5)
    await free_a_seat(holder)
    assert (await f.refreshed(first)).offer_expires_at == FREED + dt.timedelta(days=5)


async def test_an_offered_seat_is_held_so_the_network_is_never_oversold(db):
    net, (holder, _), (first, second) = await offer_network()
    await free_a_seat(holder)
    overview = await seats.overview(net.id)
    assert (overview.active, overview.offered, overview.taken, overview.free) == (1, 1, 2, 0)
    newcomer = await f.member(net, now=FREED)
    reinstated = await membership.reinstate(membership_id=holder.id, reason='Fejl', by=f.COORDINATOR, now=FREED)
    assert reinstated.promoted == [] and reinstated.offered == []
    assert await f.statuses(newcomer, holder) == [WAITLISTED, WAITLISTED]
    await offers.accept_offer(membership_id=first.id, by=f.COORDINATOR, now=FREED)
    assert await seats.seats_taken(net.id) == 2 and await f.statuses(second) == [WAITLISTED]


async def test_accepting_takes_the_seat(db):
    _net, (holder, _), (first, _) = await offer_network()
    await free_a_seat(holder)
    accepted_at = FREED + dt.timedelta(days=2)
    await offers.accept_offer(membership_id=first.id, by=f.COORDINATOR, now=accepted_at)
    first = await f.refreshed(first)
    assert first.status == ACTIVE and first.active_since == accepted_at and first.offer_expires_at is None
    assert (await f.status_trail(first))[-1].from_value == OFFERED
    await f.assert_audit_complete(first)


async def test_accepting_after_the_deadline_is_refused(db):
    _net, (holder, _), (first, second) = await offer_network()
    await free_a_seat(holder)
    for too_late in (DEADLINE, DEADLINE + dt.timedelta(hours=1)):
        with pytest.raises(DomainError):
            await offers.accept_offer(membership_id=first.id, by=f.COORDINATOR, now=too_late)
    assert await f.statuses(first, second) == [OFFERED, WAITLISTED]


async def test_only_an_open_offer_can_be_answered(db):
    _net, (holder, _), (first, _) = await offer_network()
    for verb in (offers.accept_offer(membership_id=first.id, by=f.COORDINATOR, now=FREED),
                 offers.decline_offer(membership_id=first.id, keep_place=True, by=f.COORDINATOR, now=FREED),
                 offers.accept_offer(membership_id=holder.id, by=f.COORDINATOR, now=FREED)):
        with pytest.raises(DomainError):
            await verb
    assert await f.statuses(first, holder) == [WAITLISTED, ACTIVE]


async def test_declining_and_leaving_passes_the_seat_on(db):
    _net, (holder, _), (first, second) = await offer_network()
    await free_a_seat(holder)
    placement = await offers.decline_offer(membership_id=first.id, keep_place=False, by=f.COORDINATOR, now=FREED)
    assert placement.offered == [second]
    assert await f.statuses(first, second) == ['withdrawn', OFFERED]
    assert (await f.refreshed(first)).offer_expires_at is None
    await f.assert_audit_complete(first)


async def test_declining_but_staying_goes_to_the_back_of_the_waitlist(db):
    net, (holder, _), (first, second, third) = await offer_network(waiting=3)
    await free_a_seat(holder)
    declined_at = FREED + dt.timedelta(days=1)
    placement = await offers.decline_offer(membership_id=first.id, keep_place=True, by=f.COORDINATOR, now=declined_at)
    assert placement.offered == [second]
    assert (await f.refreshed(second)).offer_expires_at == declined_at + dt.timedelta(days=14)
    assert await f.waitlist_ids(net) == [third.id, first.id]
    first = await f.refreshed(first)
    assert first.status == WAITLISTED and first.offer_expires_at is None
    newcomer = await f.member(net, now=declined_at + dt.timedelta(minutes=1))
    assert await f.waitlist_ids(net) == [third.id, first.id, newcomer.id]
    await f.assert_audit_complete(first)


async def test_an_unanswered_offer_expires_and_passes_the_seat_on(db):
    net, (holder, _), (first, second, third) = await offer_network(waiting=3)
    await free_a_seat(holder)
    early = await offers.expire_offers(network_id=net.id, now=DEADLINE - dt.timedelta(seconds=1))
    assert early.offered == [] and await f.statuses(first) == [OFFERED]

    placement = await offers.expire_offers(network_id=net.id, now=DEADLINE)
    assert placement.offered == [second]
    assert await f.statuses(first, second, third) == [WAITLISTED, OFFERED, WAITLISTED]
    assert await f.waitlist_ids(net) == [third.id, first.id]
    expired = (await f.status_trail(first))[-1]
    assert (expired.from_value, expired.to_value, expired.actor_name) == (OFFERED, WAITLISTED, SYSTEM.name)
    again = await offers.expire_offers(network_id=net.id, now=DEADLINE)  # as often as wanted
    assert again.offered == [] and await f.statuses(second) == [OFFERED]


async def test_every_offer_that_ran_out_is_passed_on_at_once(db):
    net, (a, b), waiting = await offer_network(waiting=4)
    await free_a_seat(a)
    await free_a_seat(b)
    assert await f.statuses(*waiting) == [OFFERED, OFFERED, WAITLISTED, WAITLISTED]
    placement = await offers.expire_offers(network_id=net.id, now=DEADLINE + dt.timedelta(days=1))
    assert placement.offered == waiting[2:]
    assert await f.waitlist_ids(net) == [waiting[0].id, waiting[1].id]
    assert await seats.seats_taken(net.id) == 2


async def test_a_reminder_is_due_once_inside_the_reminder_window(db):
    net, (holder, _), (first, _) = await offer_network(offer_reminder_days=3)
    await free_a_seat(holder)
    window_opens = DEADLINE - dt.timedelta(days=3)
    assert await offers.offers_due_reminder(network_id=net.id, now=window_opens - dt.timedelta(seconds=1)) == []
    due = await offers.offers_due_reminder(network_id=net.id, now=window_opens)
    assert [m.id for m in due] == [first.id] and due[0].person.email  # the person comes along for the e-mail
    await offers.mark_reminded(membership_id=first.id, now=window_opens)
    assert (await f.refreshed(first)).offer_reminded_at == window_opens
    assert await offers.offers_due_reminder(network_id=net.id, now=window_opens + dt.timedelta(days=1)) == []


async def test_no_reminder_once_the_offer_has_run_out(db):
    net, (holder, _), _ = await offer_network()
    await free_a_seat(holder)
    assert await offers.offers_due_reminder(network_id=net.id, now=DEADLINE) == []


async def test_a_new_offer_gets_a_new_reminder(db):
    net, (holder, _), (first, _second) = await offer_network(waiting=2)
    await free_a_seat(holder)
    await offers.mark_reminded(membership_id=first.id, now=DEADLINE - dt.timedelta(days=1))
    await offers.expire_offers(network_id=net.id, now=DEADLINE)
    await offers.expire_offers(network_id=net.id, now=DEADLINE + dt.timedelta(days=14))  # second lets it run out
    first = await f.refreshed(first)
    assert first.status == OFFERED and first.offer_reminded_at is None
    due = await offers.offers_due_reminder(network_id=net.id, now=DEADLINE + dt.timedelta(days=27))
    assert [m.id for m in due] == [first.id]


async def test_marking_a_reminder_only_touches_an_open_offer(db):
    _net, _, (first, _) = await offer_network()
    await offers.mark_reminded(membership_id=first.id, now=FREED)
    assert (await f.refreshed(first)).offer_reminded_at is None


async def test_turning_down_for_good_or_resigning_from_an_offer_passes_it_on(db):
    _net, (a, _b), (first, second, third) = await offer_network(waiting=3)
    await free_a_seat(a)
    placement = await membership.withdraw(membership_id=first.id, by=f.COORDINATOR, now=FREED)
    assert placement.offered == [second]
    placement = await membership.resign(membership_id=second.id, by=f.COORDINATOR, now=FREED)
    assert placement.offered == [third]


async def test_raising_the_capacity_in_offer_mode_makes_offers(db):
    net, _, (first, second) = await offer_network()
    placement = await membership.set_capacity(network_id=net.id, capacity=3, by=f.COORDINATOR, now=FREED)
    assert placement.offered == [first] and placement.promoted == []
    assert await f.statuses(first, second) == [OFFERED, WAITLISTED]


async def test_with_nobody_waiting_an_approved_applicant_gets_a_free_seat_directly(db):
    net, (holder, _), _ = await offer_network(waiting=0)
    await free_a_seat(holder)
    newcomer = await f.member(net, now=FREED)
    assert await f.statuses(newcomer) == [ACTIVE]


async def test_a_seat_freed_by_the_three_in_a_row_rule_is_offered_and_the_offered_person_is_not_marked_absent(db):
    net, (anne, bo), (first, second) = await offer_network()
    absent = AttendanceStatus.ABSENT
    await free_a_seat(bo, now=NOW)  # `first` now holds an open offer through the meetings below
    for day in (dt.date(2026, 3, 5), dt.date(2026, 3, 6)):
        await f.held_meeting(net, day, {anne.id: absent})
    meeting = await f.held_meeting(net, dt.date(2026, 3, 7), {anne.id: absent}, close=False)
    result = await attendance.close_meeting(meeting_id=meeting.id, by=f.COORDINATOR,
                                            now=dt.datetime(2026, 3, 7, 18, tzinfo=dt.UTC))
    assert [m.id for m in result.deregistered] == [anne.id]
    assert [m.id for m in result.offered] == [second.id] and result.promoted == result.marked_absent == []
    assert await f.statuses(anne, first, second) == ['deregistered', OFFERED, OFFERED]
    assert first.id not in await attendance.attendance_of(meeting.id)
