"""The minutes of a meeting (referat, DESIGN.md §1.4): reading them for the editor, and saving as you go.

The editor is bound to the agenda: one entry per agenda item (notes, decisions, the group outcomes of a gruppearbejde
item, the item's action items), a referent, and the attendance lists read from the attendance records, never typed.
Nothing is written until someone writes: reading never creates rows.

Saving as you go: each agenda item's text has its own revision, and the referent the minutes' revision. A save says
which revision its page read; if someone saved in between, nothing is overwritten: `MinutesConflict` carries both texts
and the page lets the writer keep one or merge them, then save again with the stored revision.

The rules the writers meet (limits, the lock, the conflict): minutes_rules.py. Approval, reopening and versions:
minutes_versions.py; action items: minutes_actions.py; sending out and the members' archive: minutes_distribution.py.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from flnet_ui import events
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _, danish_sorted, local
from models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaKind,
    AttendanceRecord,
    AttendanceStatus,
    AuditEntry,
    Library,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesItem,
    MinutesStatus,
    Network,
    WorkGroup,
)

from .agenda import presenter_label
from .audit import Actor, log
from .errors import DomainError
from .inputs import clean_text
from .minutes_rules import (
    MAX_REFERENT,
    WRITABLE,
    ItemText,
    MinutesConflict,
    checked_decisions,
    checked_notes,
    conflict_message,
    decision_lines,
    meeting_or_error,
    refuse_locked,
    writable_meeting,
)


@dataclass(frozen=True)
class ActionView:
    id: int
    agenda_item_id: int | None   # None: for the meeting as a whole
    what: str
    responsible_id: int | None   # a membership of the network, or None
    responsible: str             # the member's name or the free name ('' for nobody)
    responsible_name: str        # the free name as stored
    deadline: dt.date | None
    status: ActionStatus
    revision: int


@dataclass(frozen=True)
class ItemView:
    agenda_item_id: int
    position: int
    title: str
    kind: AgendaKind
    starts: dt.datetime          # planned start, Danish local time
    presenter: str
    notes: str
    decisions: list[str]
    revision: int                # pass it back as expected_revision when saving
    groups: list[tuple[int, str]]   # (group number, outcome) for each group that wrote an outcome
    actions: list[ActionView]

    @property
    def group_outcomes(self) -> list[tuple[str, str]]:
        """('Gruppe 2', outcome) for each group that wrote one."""
        return [(group_label(number), outcome) for number, outcome in self.groups]


@dataclass(frozen=True)
class AttendanceLists:
    """Names in Danish order."""
    present: list[str]    # deltagere
    apology: list[str]    # afbud
    absent: list[str]     # udeblevne
    excused: list[str]    # fravær aftalt


@dataclass(frozen=True)
class MinutesView:
    meeting_id: int
    network_id: int
    network: str
    organisation: str             # who chairs and writes the minutes (Statsbiblioteket)
    title: str
    date: dt.date
    starts: dt.datetime           # Danish local time
    ends: dt.datetime
    host: str                     # the host library, or the coordinating organisation
    venue: str                    # the address, '' when none is given
    meeting_status: MeetingStatus
    status: MinutesStatus
    referent: str
    version: int                  # the latest approved version, 0 before the first approval
    revision: int                 # of the referent; pass it back when saving it
    items: list[ItemView]
    actions: list[ActionView]     # action items for the meeting as a whole
    attendance: AttendanceLists

    @property
    def writable(self) -> bool:
        return self.meeting_status in WRITABLE and self.status == MinutesStatus.DRAFT

    @property
    def approvable(self) -> bool:
        return self.meeting_status == MeetingStatus.CLOSED and self.status == MinutesStatus.DRAFT


async def minutes_view(meeting_id: int) -> MinutesView:
    meeting = await meeting_or_error(meeting_id)
    network = await Network.get(id=meeting.network_id)
    host = await Library.get_or_none(id=meeting.host_id) if meeting.host_id else None
    minutes = await Minutes.get_or_none(meeting_id=meeting.id)
    agenda = await AgendaItem.filter(meeting_id=meeting.id).order_by('position', 'id') \
        .select_related('presenter__person')
    texts = {row.agenda_item_id: row for row in await MinutesItem.filter(minutes_id=minutes.id)} if minutes else {}
    outcomes = await group_outcomes([item.id for item in agenda if item.kind == AgendaKind.GROUP_WORK])
    actions = await action_views(meeting.id)
    known, by_item = {item.id for item in agenda}, defaultdict[int | None, list[ActionView]](list)
    for action in actions:
        by_item[action.agenda_item_id if action.agenda_item_id in known else None].append(action)
    start, items = local(meeting.starts_at), []
    for item in agenda:
        text = texts.get(item.id)
        items.append(ItemView(
            item.id, item.position, item.title, AgendaKind(item.kind), start, presenter_label(item),
            text.notes if text else '', decision_lines(text.decisions) if text else [], text.revision if text else 0,
            outcomes.get(item.id, []), by_item.get(item.id, [])))
        start += dt.timedelta(minutes=item.duration_minutes)
    return MinutesView(
        meeting.id, meeting.network_id, network.name, network.coordinator_org, meeting.title, meeting.date,
        local(meeting.starts_at), local(meeting.ends_at), host.name if host else network.coordinator_org,
        meeting.address, MeetingStatus(meeting.status),
        MinutesStatus(minutes.status) if minutes else MinutesStatus.DRAFT, minutes.referent if minutes else '',
        minutes.version if minutes else 0, minutes.revision if minutes else 0, items, by_item.get(None, []),
        await attendance_lists(meeting.id))


async def save_item(*, meeting_id: int, agenda_item_id: int, notes: str, decisions: str | list[str],
                    expected_revision: int, by: Actor, now: dt.datetime) -> int:
    """Save an agenda item's notes and decisions; returns the item's revision now stored. Saving the text that is
    already stored changes nothing (no new revision, no log entry)."""
    yours = ItemText(checked_notes(notes), tuple(checked_decisions(decisions)))
    network_id = (await meeting_or_error(meeting_id)).network_id
    async with seat_lock(network_id):
        meeting = await writable_meeting(meeting_id)
        item = await AgendaItem.get_or_none(id=agenda_item_id, meeting_id=meeting.id)
        if item is None:
            raise DomainError(_('The agenda item does not exist any more.'))
        minutes = await Minutes.get_or_none(meeting_id=meeting.id)
        refuse_locked(minutes)
        row = await MinutesItem.get_or_none(minutes_id=minutes.id, agenda_item_id=item.id) if minutes else None
        stored = ItemText(row.notes, tuple(decision_lines(row.decisions))) if row else ItemText('', ())
        revision = row.revision if row else 0
        if stored == yours:
            return revision
        if revision != expected_revision:
            who, when = await _last_change(meeting.id, 'save item', f'#{item.id} r{revision} ')
            raise MinutesConflict(conflict_message(who, when), field='notes', revision=revision, theirs=stored,
                                  yours=yours, changed_by=who, changed_at=when)
        minutes = minutes or await _new_minutes(meeting, now)
        row = row or MinutesItem(minutes_id=minutes.id, agenda_item_id=item.id)
        row.notes, row.decisions = yours.notes, '\n'.join(yours.decisions)
        row.revision, row.updated_at = revision + 1, now
        await row.save()
        minutes.updated_at = now
        await minutes.save(update_fields=['updated_at'])
        await log(by=by, now=now, subject='minutes', subject_id=meeting.id, network_id=meeting.network_id,
                  action='save item', to_value=f'#{item.id} r{row.revision} {item.title}'[:200])
    events.minutes.emit(network_id)
    return row.revision


async def set_referent(*, meeting_id: int, referent: str, expected_revision: int, by: Actor,
                       now: dt.datetime) -> int:
    """Save who writes the minutes; returns the minutes' revision now stored."""
    yours = ' '.join(clean_text(referent).split())
    if len(yours) > MAX_REFERENT:
        raise DomainError(_("The referent's name can be at most 200 characters."), field='referent')
    network_id = (await meeting_or_error(meeting_id)).network_id
    async with seat_lock(network_id):
        meeting = await writable_meeting(meeting_id)
        minutes = await Minutes.get_or_none(meeting_id=meeting.id)
        refuse_locked(minutes)
        stored, revision = (minutes.referent, minutes.revision) if minutes else ('', 0)
        if stored == yours:
            return revision
        if revision != expected_revision:
            who, when = await _last_change(meeting.id, 'referent', '')
            raise MinutesConflict(conflict_message(who, when), field='referent', revision=revision, theirs=stored,
                                  yours=yours, changed_by=who, changed_at=when)
        minutes = minutes or await _new_minutes(meeting, now)
        minutes.referent, minutes.revision, minutes.updated_at = yours, revision + 1, now
        await minutes.save(update_fields=['referent', 'revision', 'updated_at'])
        await log(by=by, now=now, subject='minutes', subject_id=meeting.id, network_id=meeting.network_id,
                  action='referent', from_value=stored, to_value=yours)
    events.minutes.emit(network_id)
    return minutes.revision


# --- shared with the other minutes modules -----------------------------------------------------------------------

async def attendance_lists(meeting_id: int) -> AttendanceLists:
    names: dict[AttendanceStatus, list[str]] = defaultdict(list)
    for record in await AttendanceRecord.filter(meeting_id=meeting_id).select_related('membership__person'):
        names[AttendanceStatus(record.status)].append(record.membership.person.name)
    return AttendanceLists(*(danish_sorted(names[status]) for status in (
        AttendanceStatus.PRESENT, AttendanceStatus.APOLOGY, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)))


async def group_outcomes(item_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """(group number, outcome) of each group that wrote an outcome, by agenda item, in group order."""
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for group in await WorkGroup.filter(item_id__in=item_ids).order_by('item_id', 'number'):
        if group.outcome.strip():
            found[group.item_id].append((group.number, group.outcome.strip()))
    return found


async def action_views(meeting_id: int) -> list[ActionView]:
    rows = await ActionItem.filter(meeting_id=meeting_id).select_related('responsible__person') \
        .order_by('created_at', 'id')
    return [ActionView(a.id, a.agenda_item_id, a.what, a.responsible_id, responsible_label(a), a.responsible_name,
                       a.deadline, ActionStatus(a.status), a.revision) for a in rows]


def responsible_label(action: ActionItem) -> str:
    """The responsible member's name (with `responsible__person` fetched), or the free name."""
    if action.responsible_id is not None and action.responsible is not None:
        return action.responsible.person.name
    return action.responsible_name


def group_label(number: int) -> str:
    return _('Group {number}').format(number=number)


async def _new_minutes(meeting: Meeting, now: dt.datetime) -> Minutes:
    return await Minutes.create(meeting_id=meeting.id, created_at=now, updated_at=now)


async def _last_change(meeting_id: int, action: str, prefix: str) -> tuple[str, dt.datetime | None]:
    """Who saved the stored text, and when, as the log tells."""
    entry = await AuditEntry.filter(subject='minutes', subject_id=meeting_id, action=action,
                                    to_value__startswith=prefix).order_by('-id').first()
    return (entry.actor_name, entry.at) if entry else ('', None)
