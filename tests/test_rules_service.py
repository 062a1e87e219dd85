"""The network's rule parameters: validated whole, audited per change, effective at once (DESIGN.md §1.1, §3)."""
from __future__ import annotations

import datetime as dt

import pytest

from flnet_ui.services import rules
from flnet_ui.services.errors import DomainError
from models import AuditEntry, MembershipStatus, Network, WaitlistMode
from tests import factories as f
from tests.conftest import NOW


async def rule_entries(net: Network) -> list[AuditEntry]:
    return await AuditEntry.filter(network_id=net.id, subject='network', action='rules').order_by('id')


@pytest.mark.parametrize(('name', 'value', 'stored'), [
    ('capacity', 42, 42), ('absence_limit', 4, 4), ('meetings_per_year', 3, 3),
    ('waitlist_mode', 'offer', WaitlistMode.OFFER), ('offer_days', 10, 10), ('offer_reminder_days', 2, 2)])
async def test_each_parameter_is_saved_and_audited(db, name: str, value: object, stored: object) -> None:
    net = await f.network()
    before = str(getattr(net, name))
    result = await rules.update_rules(network_id=net.id, **{name: value}, reason='Besluttet på mødet',
                                      by=f.COORDINATOR, now=NOW)
    assert getattr(await Network.get(id=net.id), name) == stored
    assert [(c.field, c.before, c.after) for c in result.changes] == [(name, before, str(stored))]
    [entry] = await rule_entries(net)
    assert (entry.from_value, entry.to_value, entry.actor_name) == (before, str(stored), 'koordinator@test.dk')
    assert entry.reason == f'{name}: Besluttet på mødet'
    [shown] = await rules.history(network_id=net.id)
    assert (shown.field, shown.reason) == (name, 'Besluttet på mødet')


async def test_numbers_from_a_form_are_accepted_as_whole_floats_or_text(db) -> None:
    net = await f.network()
    await rules.update_rules(network_id=net.id, capacity=45.0, absence_limit='4', by=f.COORDINATOR, now=NOW)
    net = await Network.get(id=net.id)
    assert (net.capacity, net.absence_limit) == (45, 4)


async def test_an_unchanged_value_writes_nothing(db) -> None:
    net = await f.network()
    result = await rules.update_rules(network_id=net.id, capacity=40, waitlist_mode='automatic', by=f.COORDINATOR,
                                      now=NOW)
    assert result.changes == []
    assert await rule_entries(net) == []


@pytest.mark.parametrize(('name', 'value'), [
    ('capacity', 0), ('capacity', 1001), ('capacity', 40.5), ('capacity', ''), ('capacity', 'fyrre'),
    ('capacity', True), ('absence_limit', 0), ('absence_limit', 21), ('meetings_per_year', 13),
    ('offer_days', 0), ('offer_days', 91), ('offer_reminder_days', -1), ('waitlist_mode', 'lotteri')])
async def test_a_bad_value_is_refused_in_danish_at_its_field(db, name: str, value: object) -> None:
    net = await f.network()
    with pytest.raises(DomainError) as caught:
        await rules.update_rules(network_id=net.id, **{name: value}, by=f.COORDINATOR, now=NOW)
    assert caught.value.field == name
    assert caught.value.message.startswith(('Skriv et helt tal', 'Vælg hvordan'))
    assert await rule_entries(net) == []


async def test_the_reminder_must_come_before_the_deadline(db) -> None:
    net = await f.network()
    with pytest.raises(DomainError) as caught:
        await rules.update_rules(network_id=net.id, offer_reminder_days=14, by=f.COORDINATOR, now=NOW)
    assert caught.value.field == 'offer_reminder_days'
    with pytest.raises(DomainError) as caught:
        await rules.update_rules(network_id=net.id, offer_days=3, by=f.COORDINATOR, now=NOW)  # reminder is 3
    assert caught.value.field == 'offer_days'
    await rules.update_rules(network_id=net.id, offer_days=3, offer_reminder_days=1, by=f.COORDINATOR, now=NOW)


async def test_one_invalid_value_and_nothing_changes(db) -> None:
    net = await f.network(capacity=2)
    members = await f.members(net, 3, now=NOW)
    with pytest.raises(rules.RulesInvalid) as caught:
        await rules.update_rules(network_id=net.id, capacity=5, absence_limit=5, meetings_per_year=0,
                                 offer_days=200, by=f.COORDINATOR, now=NOW)
    assert set(caught.value.errors) == {'meetings_per_year', 'offer_days'}
    net = await Network.get(id=net.id)
    assert (net.capacity, net.absence_limit, net.meetings_per_year, net.offer_days) == (2, 3, 2, 14)
    assert await f.statuses(*members) == ['active', 'active', 'waitlisted']
    assert await rule_entries(net) == []


async def test_raising_the_capacity_promotes_from_the_waitlist_in_order(db) -> None:
    net = await f.network(capacity=2)
    members = await f.members(net, 5, now=NOW)
    later = NOW + dt.timedelta(days=1)
    result = await rules.update_rules(network_id=net.id, capacity=4, by=f.COORDINATOR, now=later)
    assert [m.id for m in result.placement.promoted] == [members[2].id, members[3].id]
    assert await f.statuses(*members) == ['active'] * 4 + ['waitlisted']
    for m in members:
        await f.assert_audit_complete(m)


async def test_raising_the_capacity_in_offer_mode_offers_the_seats(db) -> None:
    net = await f.network(capacity=1, waitlist_mode=WaitlistMode.OFFER)
    members = await f.members(net, 3, now=NOW)
    result = await rules.update_rules(network_id=net.id, capacity=2, by=f.COORDINATOR, now=NOW)
    assert [m.id for m in result.placement.offered] == [members[1].id]
    offered = await f.refreshed(members[1])
    assert offered.status == MembershipStatus.OFFERED
    assert offered.offer_expires_at == NOW + dt.timedelta(days=14)


async def test_lowering_the_capacity_never_removes_a_member(db) -> None:
    net = await f.network(capacity=3)
    members = await f.members(net, 4, now=NOW)
    result = await rules.update_rules(network_id=net.id, capacity=1, by=f.COORDINATOR, now=NOW)
    assert result.placement.promoted == [] and result.changed('capacity') is not None
    assert await f.statuses(*members) == ['active', 'active', 'active', 'waitlisted']
    await f.membership.resign(membership_id=members[0].id, by=f.COORDINATOR, now=NOW)
    assert await f.statuses(*members[1:]) == ['active', 'active', 'waitlisted']  # still above the new capacity


async def test_switching_to_automatic_mode_fills_free_seats(db) -> None:
    net = await f.network(capacity=2, waitlist_mode=WaitlistMode.OFFER)
    members = await f.members(net, 3, now=NOW)
    await Network.filter(id=net.id).update(capacity=3)  # a free seat nobody was given (data from elsewhere)
    result = await rules.update_rules(network_id=net.id, waitlist_mode='automatic', by=f.COORDINATOR, now=NOW)
    assert [m.id for m in result.placement.promoted] == [members[2].id]
    assert await f.statuses(*members) == ['active'] * 3


async def test_history_includes_capacity_changes_made_before_and_is_newest_first(db) -> None:
    net = await f.network()
    await f.membership.set_capacity(network_id=net.id, capacity=41, reason='Gammel vej', by=f.COORDINATOR, now=NOW)
    await rules.update_rules(network_id=net.id, capacity=42, meetings_per_year=3, by=f.COORDINATOR,
                             now=NOW + dt.timedelta(hours=1))
    shown = await rules.history(network_id=net.id)
    assert [(h.field, h.before, h.after) for h in shown] == [
        ('meetings_per_year', '2', '3'), ('capacity', '41', '42'), ('capacity', '40', '41')]
    assert shown[2].reason == 'Gammel vej'
