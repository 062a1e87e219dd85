"""Group work of a gruppearbejde agenda item (DESIGN.md §1.3): who takes part, dividing them into groups
(services.grouping), moving a person, and each group's question, scribe and outcome (which the minutes take).

Who takes part: the active members who answered tilmeldt; once the roll call has started (the meeting has attendance
records), those recorded present instead. Groups can be made and changed while the meeting is planned or running.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from flnet_ui import events
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _, danish_sort_key
from flnet_ui.ids import plain_id
from models import (
    AgendaItem,
    AgendaKind,
    Answer,
    AttendanceRecord,
    AttendanceStatus,
    Landsdel,
    Meeting,
    MeetingResponse,
    MeetingStatus,
    Membership,
    MembershipStatus,
    WorkGroup,
    WorkGroupMember,
)
from models.reference import municipalities

from . import grouping
from .audit import Actor, log
from .errors import DomainError
from .inputs import MAX_ID, clean_text, is_whole

OPEN = (MeetingStatus.PLANNED, MeetingStatus.RUNNING)
MAX_QUESTION = 1000
MAX_OUTCOME = 10_000


@dataclass(frozen=True)
class Participant:
    membership_id: int
    name: str
    library: str            # '' without a library
    library_id: int | None
    landsdel: Landsdel | None


@dataclass
class GroupView:
    id: int
    number: int
    question: str
    scribe_id: int | None
    outcome: str
    seed: int
    members: list[Participant] = field(default_factory=list)   # Danish order by name

    @property
    def scribe_name(self) -> str:
        return next((m.name for m in self.members if m.membership_id == self.scribe_id), '')


@dataclass(frozen=True)
class MyGroup:
    """A member's own group, for Min side: names only of the others."""
    item_title: str
    number: int
    question: str
    others: list[str]


async def attendees(item_id: int) -> list[Participant]:
    """Who takes part in the group work, in Danish order by name."""
    item = await _item(item_id)
    if await AttendanceRecord.filter(meeting_id=item.meeting_id).exists():   # the roll call has started
        ids = list(await AttendanceRecord.filter(meeting_id=item.meeting_id, status=AttendanceStatus.PRESENT)
                   .values_list('membership_id', flat=True))
        members = await Membership.filter(id__in=ids)
    else:
        ids = list(await MeetingResponse.filter(meeting_id=item.meeting_id, answer=Answer.ATTENDING)
                   .values_list('membership_id', flat=True))
        members = await Membership.filter(id__in=ids, status=MembershipStatus.ACTIVE)
    return await _participants(members)


async def make_groups(*, item_id: int, groups: int | None = None, size: int | None = None, seed: int | None = None,
                      by: Actor, now: dt.datetime) -> list[GroupView]:
    """Divide the attendees into groups, replacing the item's groups (their questions stay with the group numbers;
    scribes and outcomes belonged to the old groups and go). Without a seed a new one is drawn ("Bland igen"); the
    seed is stored with the groups, so the same attendees and seed give the same groups again."""
    seed = secrets.randbelow(2**31) if seed is None else seed
    async with seat_lock(await _network_of(item_id)):
        item, meeting = await _open_item(item_id)
        people = await attendees(item.id)
        division = grouping.assign([grouping.Attendee(p.membership_id, p.library_id, p.landsdel) for p in people],
                                   groups=groups, size=size, seed=seed)
        # The questions are prepared per group, not per person: group 2's question stays with the new group 2.
        questions = dict(await WorkGroup.filter(item_id=item.id).values_list('number', 'question'))
        await WorkGroup.filter(item_id=item.id).delete()
        for number, ids in enumerate(division, start=1):
            group = await WorkGroup.create(item_id=item.id, number=number, seed=seed,
                                           question=questions.get(number, ''))
            await WorkGroupMember.bulk_create([WorkGroupMember(group_id=group.id, membership_id=i) for i in ids])
        await log(by=by, now=now, subject='groups', subject_id=item.id, network_id=meeting.network_id,
                  action='make groups', to_value=str(len(division)),
                  reason=_('{n} people, seed {seed}').format(n=len(people), seed=seed))
    events.board.emit(meeting.network_id)
    return await groups_of(item.id)


async def move_person(*, item_id: int, membership_id: int, to_group: int, by: Actor, now: dt.datetime) -> None:
    """Move a person to the group numbered `to_group`; an attendee not yet in a group (came late) is added."""
    # Checked before any query: a float, a bool or a number beyond the columns crashed the driver or matched wrongly.
    if not is_whole(item_id, 1, MAX_ID):
        raise DomainError(_('The agenda item does not exist.'))
    if not is_whole(to_group, 1, MAX_ID):
        raise DomainError(_('The group does not exist.'), field='group')
    if not is_whole(membership_id, 1, MAX_ID):
        raise DomainError(_('The person does not take part in this group work.'))
    async with seat_lock(await _network_of(item_id)):
        item, meeting = await _open_item(item_id)
        target = await WorkGroup.get_or_none(item_id=item.id, number=to_group)
        if target is None:
            raise DomainError(_('The group does not exist.'), field='group')
        current = await WorkGroupMember.get_or_none(group__item_id=item.id, membership_id=membership_id) \
            .select_related('group')
        if current is None and membership_id not in {p.membership_id for p in await attendees(item.id)}:
            raise DomainError(_('The person does not take part in this group work.'))
        if current is not None and current.group_id == target.id:
            return
        before = ''
        if current is not None:
            before = str(current.group.number)
            if current.group.scribe_id == membership_id:
                current.group.scribe_id = None
                await current.group.save(update_fields=['scribe_id'])
            await current.delete()
        await WorkGroupMember.create(group_id=target.id, membership_id=membership_id)
        person = await Membership.get_or_none(id=membership_id)
        await log(by=by, now=now, subject='groups', subject_id=item.id, network_id=meeting.network_id,
                  person_id=person.person_id if person else None, action='move', from_value=before,
                  to_value=str(to_group))
    events.board.emit(meeting.network_id)


async def update_group(*, group_id: int, question: str, scribe_membership_id: int | None, outcome: str, by: Actor,
                       now: dt.datetime) -> None:
    """Save a group's question, scribe (one of its members, or nobody) and outcome."""
    question, outcome = clean_text(question).strip(), clean_text(outcome).strip()
    if len(question) > MAX_QUESTION:
        raise DomainError(_('The question can be at most {n} characters.').format(n=MAX_QUESTION), field='question')
    if len(outcome) > MAX_OUTCOME:
        raise DomainError(_('The outcome can be at most {n} characters.').format(n=MAX_OUTCOME), field='outcome')
    found = await WorkGroup.get_or_none(id=group_id).select_related('item__meeting')
    if found is None:
        raise DomainError(_('The group does not exist.'))
    async with seat_lock(found.item.meeting.network_id):
        group = await WorkGroup.get_or_none(id=group_id)
        if group is None:   # the groups were drawn anew meanwhile
            raise DomainError(_('The group does not exist.'))
        _item_row, meeting = await _open_item(group.item_id)
        if scribe_membership_id is not None and not await WorkGroupMember.exists(
                group_id=group.id, membership_id=scribe_membership_id):
            raise DomainError(_('The scribe must be a member of the group.'), field='scribe')
        group.question, group.scribe_id, group.outcome = question, scribe_membership_id, outcome
        await group.save(update_fields=['question', 'scribe_id', 'outcome'])
        await log(by=by, now=now, subject='groups', subject_id=group.item_id, network_id=meeting.network_id,
                  action='update group', to_value=str(group.number))
    events.board.emit(meeting.network_id)


async def groups_of(item_id: int) -> list[GroupView]:
    """The item's groups by number, each with its members in Danish order."""
    rows = await WorkGroup.filter(item_id=item_id).order_by('number')
    links = await WorkGroupMember.filter(group_id__in=[g.id for g in rows])
    members = await Membership.filter(id__in=[link.membership_id for link in links])
    people = {p.membership_id: p for p in await _participants(members)}
    views = {g.id: GroupView(g.id, g.number, g.question, g.scribe_id, g.outcome, g.seed) for g in rows}
    for link in links:
        views[link.group_id].members.append(people[link.membership_id])
    for view in views.values():
        view.members.sort(key=lambda p: danish_sort_key(p.name))
    return list(views.values())


async def my_group(membership_id: int, meeting_id: int) -> list[MyGroup]:
    """The member's group in each gruppearbejde item of the meeting (in programme order), with the others' names."""
    found = await _my_groups(membership_id, group__item__meeting_id=meeting_id)
    return found[meeting_id][1] if meeting_id in found else []


async def my_open_groups(membership_id: int) -> dict[int, tuple[str, list[MyGroup]]]:
    """The member's groups in every planned or running meeting, by meeting id, with the meeting's title: Min side
    shows them under an upcoming meeting, and on the day (when the meeting is running) on their own."""
    return await _my_groups(membership_id, group__item__meeting__status__in=OPEN)


async def _my_groups(membership_id: int, **meetings: Any) -> dict[int, tuple[str, list[MyGroup]]]:
    """By meeting (soonest first): its title and the member's groups in programme order. Two queries however many."""
    links = await WorkGroupMember.filter(membership_id=membership_id, **meetings) \
        .select_related('group__item__meeting') \
        .order_by('group__item__meeting__starts_at', 'group__item__meeting_id', 'group__item__position',
                  'group__item__id')
    if not links:
        return {}   # Tortoise would still send the query below with an empty IN
    others: dict[int, list[str]] = {}
    for group_id, name in await WorkGroupMember.filter(group_id__in=[link.group_id for link in links]) \
            .exclude(membership_id=membership_id).values_list('group_id', 'membership__person__name'):
        others.setdefault(group_id, []).append(str(name))
    result: dict[int, tuple[str, list[MyGroup]]] = {}
    for link in links:
        item = link.group.item
        _title, groups = result.setdefault(item.meeting_id, (item.meeting.title, []))
        groups.append(MyGroup(item.title, link.group.number, link.group.question,
                              sorted(others.get(link.group_id, []), key=danish_sort_key)))
    return result


async def group_item(meeting_id: int, item_id: str | int) -> AgendaItem | None:
    """The meeting's gruppearbejde item with this id, or None (a mistyped address, another kind of item)."""
    wanted = plain_id(item_id)
    if wanted is None:
        return None
    return await AgendaItem.get_or_none(id=wanted, meeting_id=meeting_id, kind=AgendaKind.GROUP_WORK)


async def group_items(meeting_id: int) -> list[AgendaItem]:
    """The meeting's gruppearbejde items in programme order (for the links on the meeting page)."""
    return await AgendaItem.filter(meeting_id=meeting_id, kind=AgendaKind.GROUP_WORK).order_by('position', 'id')


async def _participants(members: list[Membership]) -> list[Participant]:
    await Membership.fetch_for_list(members, 'person__library')
    result = []
    for member in members:
        library = member.person.library
        part = _landsdel(library.municipality) if library else None
        result.append(Participant(member.id, member.person.name, library.name if library else '',
                                  library.id if library else None, part))
    return sorted(result, key=lambda p: danish_sort_key(p.name))


def _landsdel(municipality: str) -> Landsdel | None:
    found = municipalities().get(municipality)
    return found.landsdel if found else None


async def _item(item_id: int) -> AgendaItem:
    item = await AgendaItem.get_or_none(id=item_id)
    if item is None:
        raise DomainError(_('The agenda item does not exist.'))
    return item


async def _network_of(item_id: int) -> int:
    """The network whose write lock guards the item's groups (two coordinators drawing at once take turns)."""
    item = await AgendaItem.get_or_none(id=item_id).select_related('meeting')
    if item is None:
        raise DomainError(_('The agenda item does not exist.'))
    return item.meeting.network_id


async def _open_item(item_id: int) -> tuple[AgendaItem, Meeting]:
    item = await _item(item_id)
    if item.kind != AgendaKind.GROUP_WORK:
        raise DomainError(_('Groups are only made for a group work item.'))
    meeting = await Meeting.get(id=item.meeting_id)
    if meeting.status not in OPEN:
        raise DomainError(_('Groups can only be changed while the meeting is planned or running.'))
    return item, meeting
