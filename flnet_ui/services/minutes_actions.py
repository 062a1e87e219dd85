"""Action items (opfølgningspunkter) of the minutes: what, who (a member of the network or a free name), by when, and
whether it is done. They belong to an agenda item of the meeting or to the meeting as a whole.

Their text is part of the minutes, so it changes only while the minutes are a draft. Marking one done or open again is
follow-up, not the minutes' text: the coordinator can do it at any time, also after approval. Open ones come back on
the next meeting's agenda as "Opfølgning" (`open_actions_before`) and in the overview across meetings.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flnet_ui import events
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _, danish_sorted
from models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AuditEntry,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipStatus,
    Minutes,
)

from .audit import Actor, log
from .errors import DomainError
from .inputs import clean_text
from .minutes import responsible_label
from .minutes_rules import MinutesConflict, conflict_message, meeting_or_error, refuse_locked, writable_meeting

MAX_WHAT, MAX_NAME = 1_000, 200


@dataclass(frozen=True)
class ActionLine:
    """An action item in a list across meetings."""
    id: int
    meeting_id: int
    meeting_title: str
    meeting_date: dt.date
    item_title: str                 # '' for the meeting as a whole
    what: str
    responsible: str
    deadline: dt.date | None
    status: ActionStatus
    done_at: dt.datetime | None
    overdue: bool                   # open, and the deadline has passed


@dataclass(frozen=True)
class ActionOverview:
    open: list[ActionLine]          # every open one (the overdue ones too), the nearest deadline first, none last
    done: list[ActionLine]          # the most recently done first

    @property
    def overdue(self) -> list[ActionLine]:
        return [line for line in self.open if line.overdue]


async def add_action(*, meeting_id: int, agenda_item_id: int | None = None, what: str,
                     responsible_id: int | None = None, responsible_name: str = '', deadline: dt.date | None = None,
                     by: Actor, now: dt.datetime) -> ActionItem:
    meeting = await meeting_or_error(meeting_id)
    values = await _checked(meeting, agenda_item_id=agenda_item_id, what=what, responsible_id=responsible_id,
                            responsible_name=responsible_name, deadline=deadline)
    async with seat_lock(meeting.network_id):
        meeting = await _draft(meeting_id)
        await _item_of(meeting, agenda_item_id)   # not deleted meanwhile
        action = await ActionItem.create(meeting_id=meeting.id, created_at=now, updated_at=now, **values)
        await log(by=by, now=now, subject='action', subject_id=action.id, network_id=meeting.network_id,
                  action='add', to_value=action.what[:200])
    events.minutes.emit(meeting.network_id)
    return action


async def update_action(*, action_id: int, agenda_item_id: int | None = None, what: str,
                        responsible_id: int | None = None, responsible_name: str = '', deadline: dt.date | None = None,
                        expected_revision: int, by: Actor, now: dt.datetime) -> ActionItem:
    """Change an action item's text. If someone changed it after this writer's page read it, nothing is saved and
    `MinutesConflict` carries both versions of what is to be done."""
    action, meeting = await _action(action_id)
    values = await _checked(meeting, agenda_item_id=agenda_item_id, what=what, responsible_id=responsible_id,
                            responsible_name=responsible_name, deadline=deadline)
    async with seat_lock(meeting.network_id):
        meeting = await _draft(meeting.id)
        await _item_of(meeting, agenda_item_id)
        action = await _stored(action_id)
        if all(getattr(action, key) == value for key, value in values.items()):
            return action
        if action.revision != expected_revision:
            last = await AuditEntry.filter(subject='action', subject_id=action.id, action='update') \
                .order_by('-id').first()
            who, when = (last.actor_name, last.at) if last else ('', None)
            raise MinutesConflict(conflict_message(who, when), field='what', revision=action.revision,
                                  theirs=action.what, yours=values['what'], changed_by=who, changed_at=when)
        before = action.what
        action.update_from_dict({**values, 'revision': action.revision + 1, 'updated_at': now})
        await action.save()
        await log(by=by, now=now, subject='action', subject_id=action.id, network_id=meeting.network_id,
                  action='update', from_value=before[:200], to_value=action.what[:200])
    events.minutes.emit(meeting.network_id)
    return action


async def delete_action(*, action_id: int, by: Actor, now: dt.datetime) -> None:
    action, meeting = await _action(action_id)
    async with seat_lock(meeting.network_id):
        meeting = await _draft(meeting.id)
        action = await _stored(action_id)
        await action.delete()
        await log(by=by, now=now, subject='action', subject_id=action.id, network_id=meeting.network_id,
                  action='delete', from_value=action.what[:200])
    events.minutes.emit(meeting.network_id)


async def set_action_done(*, action_id: int, done: bool, by: Actor, now: dt.datetime) -> ActionItem:
    """Mark an action item done (or open again). Allowed whatever the minutes' status: it is follow-up."""
    _action_row, meeting = await _action(action_id)
    async with seat_lock(meeting.network_id):
        action = await _stored(action_id)
        status = ActionStatus.DONE if done else ActionStatus.OPEN
        if action.status == status:
            return action
        before = action.status
        # NOTE: the revision is left alone: it guards the text, and a tick in the box must not turn someone's
        # edit of what is to be done into a conflict.
        action.status, action.done_at, action.updated_at = status, now if done else None, now
        await action.save(update_fields=['status', 'done_at', 'updated_at'])
        await log(by=by, now=now, subject='action', subject_id=action.id, network_id=meeting.network_id,
                  action='status', from_value=before, to_value=status)
    events.minutes.emit(meeting.network_id)
    return action


async def responsible_choices(network_id: int, *, keep: int | None = None) -> dict[int, str]:
    """The active members who can be named responsible, by membership id, in Danish order; `keep` adds the one
    already named (who may have left since)."""
    rows = await Membership.filter(network_id=network_id, status=MembershipStatus.ACTIVE).select_related('person')
    if keep is not None and keep not in {m.id for m in rows}:
        rows += await Membership.filter(id=keep, network_id=network_id).select_related('person')
    return {m.id: m.person.name for m in danish_sorted(rows, key=lambda m: m.person.name)}


async def action_overview(network_id: int, today: dt.date) -> ActionOverview:
    """Every action item of the network's meetings (cancelled ones aside), open and done; overdue: open with a
    deadline before `today`."""
    lines = await _lines(ActionItem.filter(meeting__network_id=network_id), today)
    open_ = sorted((line for line in lines if line.status == ActionStatus.OPEN),
                   key=lambda a: (a.deadline is None, a.deadline or dt.date.max, a.meeting_date, a.id))
    done = sorted((line for line in lines if line.status == ActionStatus.DONE),
                  key=lambda a: (a.done_at or dt.datetime.min.replace(tzinfo=dt.UTC), a.id), reverse=True)
    return ActionOverview(open_, done)


async def open_actions_before(meeting_id: int) -> list[ActionLine]:
    """The open action items of the network's earlier meetings, oldest meeting first: "Opfølgning" on this meeting's
    agenda. Overdue means the deadline is before this meeting's day."""
    meeting = await meeting_or_error(meeting_id)
    query = ActionItem.filter(meeting__network_id=meeting.network_id, meeting__starts_at__lt=meeting.starts_at,
                              status=ActionStatus.OPEN)
    return sorted(await _lines(query, meeting.date), key=lambda a: (a.meeting_date, a.meeting_id, a.id))


async def _lines(query: Any, today: dt.date) -> list[ActionLine]:
    rows = await query.exclude(meeting__status=MeetingStatus.CANCELLED) \
        .select_related('meeting', 'agenda_item', 'responsible__person')
    return [ActionLine(a.id, a.meeting_id, a.meeting.title, a.meeting.date,
                       a.agenda_item.title if a.agenda_item else '', a.what, responsible_label(a), a.deadline,
                       ActionStatus(a.status), a.done_at,
                       a.status == ActionStatus.OPEN and a.deadline is not None and a.deadline < today)
            for a in rows]


async def _checked(meeting: Meeting, *, agenda_item_id: int | None, what: str, responsible_id: int | None,
                   responsible_name: str, deadline: dt.date | None) -> dict[str, Any]:
    what = clean_text(what).replace('\r\n', '\n').strip()
    if not what:
        raise DomainError(_('Write what is to be done.'), field='what')
    if len(what) > MAX_WHAT:
        raise DomainError(_('What is to be done can be at most 1,000 characters.'), field='what')
    name = ' '.join(clean_text(responsible_name).split())
    if responsible_id is not None:
        if not await Membership.exists(id=responsible_id, network_id=meeting.network_id):
            raise DomainError(_('Choose a member of the network.'), field='responsible')
        name = ''
    if len(name) > MAX_NAME:
        raise DomainError(_('The name can be at most 200 characters.'), field='responsible_name')
    if deadline is not None and deadline < meeting.date:
        raise DomainError(_('The deadline cannot be before the day of the meeting.'), field='deadline')
    await _item_of(meeting, agenda_item_id)
    return {'agenda_item_id': agenda_item_id, 'what': what, 'responsible_id': responsible_id,
            'responsible_name': name, 'deadline': deadline}


async def _item_of(meeting: Meeting, agenda_item_id: int | None) -> None:
    if agenda_item_id is not None and not await AgendaItem.exists(id=agenda_item_id, meeting_id=meeting.id):
        raise DomainError(_('The agenda item does not exist any more.'), field='agenda_item')


async def _draft(meeting_id: int) -> Meeting:
    """Inside the lock: the action items' text changes only while the meeting's minutes are a draft."""
    meeting = await writable_meeting(meeting_id)
    refuse_locked(await Minutes.get_or_none(meeting_id=meeting.id))
    return meeting


async def _action(action_id: int) -> tuple[ActionItem, Meeting]:
    action = await ActionItem.get_or_none(id=action_id).select_related('meeting')
    if action is None:
        raise DomainError(_('The action item does not exist any more.'))
    return action, action.meeting


async def _stored(action_id: int) -> ActionItem:
    """Inside the lock: the action item as it is now (another writer may have deleted it)."""
    action = await ActionItem.get_or_none(id=action_id)
    if action is None:
        raise DomainError(_('The action item does not exist any more.'))
    return action
