"""The agenda of a meeting (DESIGN.md §1.3): items in order, each with a kind, a title, a duration, an optional
presenter and a markdown description. Start times are never stored: they follow from the meeting's start and the
durations before each item, and running past the meeting's end is reported with by how much.

Every change holds the network's write lock (db.seat_lock): two coordinators adding at once never get the same
position, and a meeting cannot be cancelled or closed between the status check and the change.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flnet_ui import events
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _, danish_sorted, local
from flnet_ui.labels import AGENDA_KIND
from flnet_ui.markdown import render_markdown
from models import AgendaItem, AgendaKind, AgendaMaterial, Meeting, MeetingStatus, Membership, MembershipStatus

from .agenda_materials import MaterialView, material_views, remove_files
from .audit import Actor, log
from .errors import DomainError
from .inputs import clean_text, is_whole

EDITABLE = (MeetingStatus.PLANNED, MeetingStatus.RUNNING)
MAX_TITLE, MAX_NAME, MAX_DESCRIPTION, MAX_MINUTES = 200, 200, 10_000, 480


@dataclass(frozen=True)
class ProgrammeLine:
    item_id: int
    position: int
    kind: AgendaKind
    title: str
    duration_minutes: int
    starts: dt.datetime  # Danish local time
    ends: dt.datetime
    presenter: str       # 'Anne Holm' or 'Ole Hansen (DBC Digital)', '' for nobody
    presenter_id: int | None
    presenter_name: str
    presenter_org: str
    description: str
    description_html: str  # sanitised
    materials: list[MaterialView] = field(default_factory=list)


@dataclass(frozen=True)
class Programme:
    meeting_id: int
    network_id: int
    title: str
    status: MeetingStatus
    starts: dt.datetime  # the meeting's start and end, Danish local time
    ends: dt.datetime
    lines: list[ProgrammeLine]

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def programme_ends(self) -> dt.datetime:
        return self.lines[-1].ends if self.lines else self.starts

    @property
    def overrun_minutes(self) -> int:
        """How many minutes the programme runs past the meeting's end (0 when it fits)."""
        return max(0, int((self.programme_ends - self.ends).total_seconds() // 60))


async def programme(meeting_id: int) -> Programme:
    return (await programmes_of([await _meeting(meeting_id)]))[meeting_id]


async def programmes_of(meetings: list[Meeting]) -> dict[int, Programme]:
    """The programmes of meetings already read (Min side shows one under each upcoming meeting), in two queries
    however many there are."""
    if not meetings:
        return {}
    items = await AgendaItem.filter(meeting_id__in=[m.id for m in meetings]).order_by('position', 'id') \
        .select_related('presenter__person')
    materials = await material_views([item.id for item in items])
    by_meeting: dict[int, list[AgendaItem]] = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    result = {}
    for meeting in meetings:
        start, lines = local(meeting.starts_at), []
        for item in by_meeting.get(meeting.id, []):
            end = start + dt.timedelta(minutes=item.duration_minutes)
            lines.append(ProgrammeLine(
                item.id, item.position, AgendaKind(item.kind), item.title, item.duration_minutes, start, end,
                presenter_label(item), item.presenter_id, item.presenter_name, item.presenter_org, item.description,
                render_markdown(item.description), materials.get(item.id, [])))
            start = end
        result[meeting.id] = Programme(meeting.id, meeting.network_id, meeting.title, MeetingStatus(meeting.status),
                                       local(meeting.starts_at), local(meeting.ends_at), lines)
    return result


async def add_item(*, meeting_id: int, kind: AgendaKind | str, title: str, duration_minutes: int,
                   presenter_id: int | None = None, presenter_name: str = '', presenter_org: str = '',
                   description: str = '', single: bool = False, by: Actor, now: dt.datetime) -> AgendaItem:
    """A new item at the end of the programme. `single`: refused when the programme already has an item of this
    kind (the "Opfølgning" button: a second click, or the same click in another tab, adds nothing)."""
    meeting = await _meeting(meeting_id)
    values = await _checked(meeting, kind=kind, title=title, duration_minutes=duration_minutes,
                            presenter_id=presenter_id, presenter_name=presenter_name, presenter_org=presenter_org,
                            description=description)
    async with seat_lock(meeting.network_id):
        await _editable(meeting)
        if single and await AgendaItem.exists(meeting_id=meeting.id, kind=values['kind']):
            kind_name = AGENDA_KIND[values['kind']]
            raise DomainError(_('The agenda already has an item of the kind «{kind}».').format(kind=_(kind_name)),
                              field='kind')
        position = await AgendaItem.filter(meeting_id=meeting.id).count() + 1
        item = await AgendaItem.create(meeting_id=meeting.id, position=position, created_at=now, updated_at=now,
                                       **values)
        await log(by=by, now=now, subject='agenda', subject_id=item.id, network_id=meeting.network_id,
                  action='add', to_value=item.title)
    events.board.emit(meeting.network_id)
    return item


async def update_item(*, item_id: int, kind: AgendaKind | str, title: str, duration_minutes: int,
                      presenter_id: int | None = None, presenter_name: str = '', presenter_org: str = '',
                      description: str = '', by: Actor, now: dt.datetime) -> AgendaItem:
    item, meeting = await _item(item_id)
    values = await _checked(meeting, kind=kind, title=title, duration_minutes=duration_minutes,
                            presenter_id=presenter_id, presenter_name=presenter_name, presenter_org=presenter_org,
                            description=description)
    async with seat_lock(meeting.network_id):
        await _editable(meeting)
        before = item.title
        item.update_from_dict({**values, 'updated_at': now})
        await item.save()
        await log(by=by, now=now, subject='agenda', subject_id=item.id, network_id=meeting.network_id,
                  action='update', from_value=before, to_value=item.title)
    events.board.emit(meeting.network_id)
    return item


async def delete_item(*, item_id: int, by: Actor, now: dt.datetime) -> None:
    """Remove an item with its materials (their files too); the items after it move up."""
    item, meeting = await _item(item_id)
    async with seat_lock(meeting.network_id):
        await _editable(meeting)
        stored = await AgendaMaterial.filter(item_id=item.id).exclude(stored_name='') \
            .values_list('stored_name', flat=True)
        await item.delete()
        await _renumber(meeting.id)
        await log(by=by, now=now, subject='agenda', subject_id=item.id, network_id=meeting.network_id,
                  action='delete', from_value=item.title)
    remove_files([str(name) for name in stored])  # after the commit: a rolled-back delete keeps its files
    events.board.emit(meeting.network_id)


async def move_item(*, item_id: int, to_position: int, by: Actor, now: dt.datetime) -> None:
    """Put an item at `to_position` (1 = first; beyond the end = last); positions stay 1..n without gaps."""
    item, meeting = await _item(item_id)
    async with seat_lock(meeting.network_id):
        await _editable(meeting)
        ordered = await AgendaItem.filter(meeting_id=meeting.id).order_by('position', 'id')
        moving = next((i for i in ordered if i.id == item.id), None)
        if moving is None:
            raise DomainError(_('The agenda item does not exist any more.'))
        before = ordered.index(moving) + 1
        ordered.remove(moving)
        target = min(max(to_position, 1), len(ordered) + 1)
        ordered.insert(target - 1, moving)
        await _save_positions(ordered)
        await log(by=by, now=now, subject='agenda', subject_id=item.id, network_id=meeting.network_id,
                  action='move', from_value=str(before), to_value=str(target))
    events.board.emit(meeting.network_id)


async def copy_agenda(*, from_meeting_id: int, to_meeting_id: int, by: Actor, now: dt.datetime) -> int:
    """Copy the items of an earlier meeting (kinds, titles, durations, presenters, descriptions) into a meeting whose
    agenda is still empty. Materials stay with their own meeting: slides and handouts belong to the day they were
    given. Returns how many items were copied."""
    source, target = await _meeting(from_meeting_id), await _meeting(to_meeting_id)
    if source.id == target.id or source.network_id != target.network_id:
        raise DomainError(_('Choose another meeting of the network to copy from.'), field='copy_from')
    async with seat_lock(target.network_id):
        await _editable(target)
        if await AgendaItem.exists(meeting_id=target.id):
            raise DomainError(_('The agenda already has items. An agenda can only be copied into an empty one.'),
                              field='copy_from')
        items = await AgendaItem.filter(meeting_id=source.id).order_by('position', 'id')
        if not items:
            raise DomainError(_('That meeting has no agenda to copy.'), field='copy_from')
        for position, item in enumerate(items, start=1):
            await AgendaItem.create(meeting_id=target.id, position=position, kind=item.kind, title=item.title,
                                    duration_minutes=item.duration_minutes, presenter_id=item.presenter_id,
                                    presenter_name=item.presenter_name, presenter_org=item.presenter_org,
                                    description=item.description, created_at=now, updated_at=now)
        await log(by=by, now=now, subject='agenda', subject_id=target.id, network_id=target.network_id,
                  action='copy', from_value=str(source.id), to_value=str(len(items)))
    events.board.emit(target.network_id)
    return len(items)


async def copy_sources(meeting_id: int) -> list[tuple[int, str, dt.date]]:
    """Other meetings of the network that have an agenda, newest first: (id, title, local date)."""
    meeting = await _meeting(meeting_id)
    found = await Meeting.filter(network_id=meeting.network_id, agenda_items__id__isnull=False) \
        .exclude(id=meeting.id).distinct().order_by('-starts_at', '-id')
    return [(m.id, m.title, m.date) for m in found]


async def presenter_choices(network_id: int) -> dict[int, str]:
    """Active members who can be named as presenters, by membership id."""
    rows = await Membership.filter(network_id=network_id, status=MembershipStatus.ACTIVE) \
        .select_related('person')
    return {m.id: m.person.name for m in danish_sorted(rows, key=lambda m: m.person.name)}


def presenter_label(item: AgendaItem) -> str:
    if item.presenter_id is not None and item.presenter is not None:
        return item.presenter.person.name
    if item.presenter_name and item.presenter_org:
        return _('{name} ({organisation})').format(name=item.presenter_name, organisation=item.presenter_org)
    return item.presenter_name


async def _checked(meeting: Meeting, *, kind: AgendaKind | str, title: str, duration_minutes: int,
                   presenter_id: int | None, presenter_name: str, presenter_org: str,
                   description: str) -> dict[str, Any]:
    try:
        kind = AgendaKind(kind)
    except ValueError:
        raise DomainError(_('Choose a kind from the list.'), field='kind') from None
    title = ' '.join(clean_text(title).split())
    if not title:
        raise DomainError(_('Write a title.'), field='title')
    if len(title) > MAX_TITLE:
        raise DomainError(_('The title can be at most 200 characters.'), field='title')
    if not is_whole(duration_minutes, 1, MAX_MINUTES):
        raise DomainError(_('The duration must be from 1 to 480 minutes.'), field='duration')
    description = clean_text(description).strip()
    if len(description) > MAX_DESCRIPTION:
        raise DomainError(_('The description can be at most 10,000 characters.'), field='description')
    name, org = ' '.join(clean_text(presenter_name).split()), ' '.join(clean_text(presenter_org).split())
    if presenter_id is not None:
        if not await Membership.exists(id=presenter_id, network_id=meeting.network_id,
                                       status=MembershipStatus.ACTIVE):
            raise DomainError(_('Choose an active member of the network.'), field='presenter')
        name = org = ''
    elif org and not name:
        raise DomainError(_("Write the presenter's name, or leave the organisation empty."), field='presenter_name')
    if len(name) > MAX_NAME:
        raise DomainError(_('The name can be at most 200 characters.'), field='presenter_name')
    if len(org) > MAX_NAME:
        raise DomainError(_('The organisation can be at most 200 characters.'), field='presenter_org')
    return {'kind': kind, 'title': title, 'duration_minutes': duration_minutes, 'presenter_id': presenter_id,
            'presenter_name': name, 'presenter_org': org, 'description': description}


async def _meeting(meeting_id: int) -> Meeting:
    meeting = await Meeting.get_or_none(id=meeting_id)
    if meeting is None:
        raise DomainError(_('The meeting does not exist.'))
    return meeting


async def _item(item_id: int) -> tuple[AgendaItem, Meeting]:
    item = await AgendaItem.get_or_none(id=item_id).select_related('meeting')
    if item is None:
        raise DomainError(_('The agenda item does not exist any more.'))
    return item, item.meeting


async def _editable(meeting: Meeting) -> None:
    """Inside the lock: the status as it is now, not as it was when the page was drawn."""
    await meeting.refresh_from_db(fields=['status'])
    if meeting.status not in EDITABLE:
        raise DomainError(_('The agenda of a held or cancelled meeting cannot be changed.'))


async def _renumber(meeting_id: int) -> None:
    await _save_positions(await AgendaItem.filter(meeting_id=meeting_id).order_by('position', 'id'))


async def _save_positions(ordered: list[AgendaItem]) -> None:
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            await item.save(update_fields=['position'])
