"""The network's rule parameters (DESIGN.md §3, "rule parameters are data"): read, change, and their history.

A change is checked whole before anything is written: one invalid value and nothing changes. Each changed parameter
gets its own audit entry (subject 'network', action 'rules', from/to, the parameter's key as the reason, followed by
the coordinator's reason). The change is effective at once: a raised capacity, or a switch to automatic mode while
seats are free, fills the free seats from the waitlist inside the same seat lock (invariant I2).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from flnet_ui import events
from flnet_ui.db import seat_lock
from flnet_ui.i18n import N_, _
from flnet_ui.labels import WAITLIST_MODE
from models import AuditEntry, Membership, Network, Person, WaitlistMode

from .audit import Actor, log
from .errors import DomainError
from .inputs import clean_text
from .membership import MAX_CAPACITY
from .seats import Placement, fill_free_seats

ACTION = 'rules'
# Where a parameter's change was logged before this module existed (membership.set_capacity).
OLDER_ACTIONS = ('capacity',)
NUMBERS: dict[str, tuple[int, int]] = {  # whole-number parameters and their sensible ranges
    'capacity': (1, MAX_CAPACITY),
    'absence_limit': (1, 20),
    'meetings_per_year': (1, 12),
    'offer_days': (1, 90),
    'offer_reminder_days': (0, 89),  # and fewer than the offer window; 0 means no reminder
    'retention_months': (1, 120),    # GDPR: how long a former member's personal data is kept
}
WHOLE = re.compile(r'-?\d+')  # \d: any decimal digit, which int() reads ('٣' is 3)
PARAMETERS = ('capacity', 'absence_limit', 'meetings_per_year', 'waitlist_mode', 'offer_days', 'offer_reminder_days',
              'retention_months')
LABELS = {
    'capacity': N_('Number of seats'),
    'absence_limit': N_('Absences in a row before deregistration'),
    'meetings_per_year': N_('Meetings per year'),
    'waitlist_mode': N_('Waitlist'),
    'offer_days': N_('Days to answer an offer'),
    'offer_reminder_days': N_('Reminder, days before the deadline'),
    'retention_months': N_('Retention period for former members (months)'),
}


class RulesInvalid(DomainError):
    """One or more values were refused; `errors` holds a message per field (the first is also `message`)."""

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors))
        super().__init__(errors[first], field=first)
        self.errors = errors


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass
class RulesResult:
    changes: list[Change] = field(default_factory=list)
    placement: Placement = field(default_factory=Placement)
    promoted_names: list[str] = field(default_factory=list)  # who got a seat because of the change, in order
    offered_names: list[str] = field(default_factory=list)   # who was offered one (offer mode)

    def changed(self, name: str) -> Change | None:
        return next((change for change in self.changes if change.field == name), None)


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    by: str  # '' when the rules did it
    field: str
    before: str
    after: str
    reason: str


async def update_rules(*, network_id: int, capacity: Any = None, absence_limit: Any = None,
                       meetings_per_year: Any = None, waitlist_mode: Any = None, offer_days: Any = None,
                       offer_reminder_days: Any = None, retention_months: Any = None, reason: str = '', by: Actor,
                       now: dt.datetime) -> RulesResult:
    """Change the given parameters (None leaves one as it is). Numbers may come as int, whole float or text, as a form
    gives them; anything else, out of range or empty (''), is refused at its field and nothing changes."""
    given = {'capacity': capacity, 'absence_limit': absence_limit, 'meetings_per_year': meetings_per_year,
             'waitlist_mode': waitlist_mode, 'offer_days': offer_days, 'offer_reminder_days': offer_reminder_days,
             'retention_months': retention_months}
    wanted = {name: value for name, value in given.items() if value is not None}
    reason = clean_text(reason).strip()
    result = RulesResult()
    async with seat_lock(network_id):
        network = await Network.get(id=network_id)
        values = _validated(wanted, network)
        for name in PARAMETERS:
            if name not in values or values[name] == getattr(network, name):
                continue
            before = str(getattr(network, name))
            setattr(network, name, values[name])
            result.changes.append(Change(name, before, str(values[name])))
        if not result.changes:
            return result
        await network.save(update_fields=[change.field for change in result.changes])
        for change in result.changes:
            await log(by=by, now=now, subject='network', subject_id=network_id, network_id=network_id, action=ACTION,
                      from_value=change.before, to_value=change.after,
                      reason=f'{change.field}: {reason}' if reason else change.field)
        result.placement = await fill_free_seats(network, by=by, now=now)
    events.membership.emit(network_id)
    events.settings.emit(network_id)
    result.promoted_names = await _names(result.placement.promoted)
    result.offered_names = await _names(result.placement.offered)
    return result


async def _names(memberships: list[Membership]) -> list[str]:
    names = dict(await Person.filter(id__in=[m.person_id for m in memberships]).values_list('id', 'name')) \
        if memberships else {}
    return [names[m.person_id] for m in memberships]


def _validated(wanted: dict[str, Any], network: Network) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name, value in wanted.items():
        if name == 'waitlist_mode':
            if value not in {mode.value for mode in WaitlistMode}:
                errors[name] = _('Choose how the waitlist works.')
            else:
                values[name] = WaitlistMode(value)
            continue
        low, high = NUMBERS[name]
        number = _whole_number(value)
        if number is None or not low <= number <= high:
            errors[name] = _('Write a whole number from {low} to {high}.').format(low=low, high=high)
        else:
            values[name] = number
    window = values.get('offer_days', network.offer_days)
    reminder = values.get('offer_reminder_days')
    if reminder is None and 'offer_days' in values and 'offer_reminder_days' not in errors:
        reminder = network.offer_reminder_days
    if reminder is not None and 'offer_days' not in errors and reminder >= window:
        key = 'offer_reminder_days' if 'offer_reminder_days' in values else 'offer_days'
        errors[key] = _('The reminder must come before the deadline: fewer days than the {days} days to answer.') \
            .format(days=window)
    if errors:
        raise RulesInvalid({name: errors[name] for name in PARAMETERS if name in errors})
    return values


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and WHOLE.fullmatch(value.strip()):  # not isdigit(): int() refuses '²' and '--5'
        return int(value.strip())
    return None


async def history(*, network_id: int, last: int = 10) -> list[HistoryEntry]:
    """The latest changes of the rule parameters, newest first."""
    entries = await AuditEntry.filter(network_id=network_id, subject='network', action__in=[ACTION, *OLDER_ACTIONS]) \
        .order_by('-at', '-id').limit(last)
    result = []
    for entry in entries:
        name, _sep, why = entry.reason.partition(': ') if entry.action == ACTION else (entry.action, '', entry.reason)
        result.append(HistoryEntry(entry.at, entry.actor_name, name, entry.from_value, entry.to_value, why))
    return result


def label(name: str) -> str:
    return _(LABELS[name]) if name in LABELS else name


def value_text(name: str, value: str) -> str:
    """A stored value as the coordinator reads it (the waitlist mode by its Danish name)."""
    if name == 'waitlist_mode' and value in {mode.value for mode in WaitlistMode}:
        return _(WAITLIST_MODE[WaitlistMode(value)])
    return value
