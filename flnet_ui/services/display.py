"""Storskærm (DESIGN.md §1.5): the secret display link of a network, and the read model the projector and the control
page draw from. Names only: nothing here reads an e-mail address or a membership status.

The countdown of the current item is carried as the stored control state (`CurrentItem.seconds_left(now)`), so a
screen recomputes it each second without another query.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from flnet_ui import events
from flnet_ui.i18n import _, danish_sort_key, local, today
from flnet_ui.labels import AGENDA_KIND
from models import AgendaItem, AgendaKind, Meeting, MeetingControl, MeetingStatus, Network, WorkGroup, WorkGroupMember

from .agenda import presenter_label
from .audit import Actor, log
from .errors import DomainError
from .meeting_control import countdown

DONE, CURRENT, COMING = 'done', 'current', 'coming'


@dataclass(frozen=True)
class ProgrammeRow:
    id: int
    title: str
    kind: str             # translated kind label
    presenter: str        # a name (and organisation), or ''
    starts_at: dt.datetime  # local time, from the meeting's start and the durations before
    duration_minutes: int
    state: str            # DONE / CURRENT / COMING


@dataclass(frozen=True)
class Group:
    number: int
    question: str
    names: list[str]


@dataclass
class CurrentItem:
    row: ProgrammeRow
    control: MeetingControl
    item: AgendaItem

    @property
    def paused(self) -> bool:
        return self.control.paused_at is not None

    def seconds_left(self, now: dt.datetime) -> int | None:
        return countdown(self.control, self.item, now)


@dataclass
class Board:
    network_name: str
    meeting_id: int | None = None
    meeting_title: str = ''
    status: MeetingStatus | None = None
    started: bool = False                      # the control exists: the meeting is being steered
    current: CurrentItem | None = None
    programme: list[ProgrammeRow] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    message: str = ''
    between_items: bool = False                # the coordinator shows the whole programme between two items
    next_meeting: tuple[dt.date, str] | None = None   # when nothing runs today

    @property
    def next_items(self) -> list[ProgrammeRow]:
        return [row for row in self.programme if row.state == COMING][:3]

    @property
    def done_count(self) -> int:
        """Items finished: those before the current one, and the current one too once the meeting is between items."""
        return sum(row.state == DONE or (row.state == CURRENT and self.between_items) for row in self.programme)

    @property
    def following(self) -> ProgrammeRow | None:
        """The item that comes next."""
        return next((row for row in self.programme if row.state == COMING), None)


async def renew_display_token(*, network_id: int, by: Actor, now: dt.datetime) -> str:
    """A new secret display link; the old one stops working at once (open projectors with it show the neutral page)."""
    token = secrets.token_urlsafe(24)
    async with in_transaction():
        if not await Network.filter(id=network_id).update(display_token=token):
            raise DomainError(_('The network does not exist.'))
        await log(by=by, now=now, subject='display', subject_id=network_id, network_id=network_id, action='renew')
    events.board.emit(network_id)
    return token


async def network_for_display_token(token: str) -> Network | None:
    if not token or len(token) > 64:
        return None
    network = await Network.get_or_none(display_token=token)
    # The lookup matched already; compare again in constant time so a near miss costs the same as a far one.
    return network if network and secrets.compare_digest(network.display_token or '', token) else None


async def network_board(network_id: int, *, now: dt.datetime, network: Network | None = None) -> Board:
    """What the projector shows: today's running meeting, or (between meetings) the next one's date and title.
    `network`: the network's row, when the caller has just read it."""
    network = network or await Network.get(id=network_id)
    name = network.short_name or network.name
    day = today(now)
    meetings = await Meeting.filter(network_id=network_id, status__in=[MeetingStatus.PLANNED, MeetingStatus.RUNNING])
    running = [m for m in meetings if m.status == MeetingStatus.RUNNING and m.date == day]
    if running:
        return await _board(running[0], network)
    coming = sorted((m for m in meetings if m.date >= day), key=lambda m: m.starts_at)
    board = Board(name)
    if coming:
        board.next_meeting = (coming[0].date, coming[0].title)
    return board


async def board_view(meeting_id: int, *, now: dt.datetime) -> Board:
    meeting = await Meeting.get_or_none(id=meeting_id).select_related('network')
    if meeting is None:
        raise DomainError(_('The meeting does not exist.'))
    return await _board(meeting, meeting.network)


async def _board(meeting: Meeting, network: Network) -> Board:
    board = Board(network.short_name or network.name, meeting.id, meeting.title, MeetingStatus(meeting.status))
    control = await MeetingControl.get_or_none(meeting_id=meeting.id)
    items = await AgendaItem.filter(meeting_id=meeting.id).order_by('position', 'id') \
        .select_related('presenter__person')
    ids = [item.id for item in items]
    current_index = ids.index(control.current_item_id) if control and control.current_item_id in ids else None
    start = local(meeting.starts_at)
    for index, item in enumerate(items):
        state = COMING if current_index is None or index > current_index else CURRENT if index == current_index \
            else DONE
        board.programme.append(ProgrammeRow(item.id, item.title, _(AGENDA_KIND[AgendaKind(item.kind)]).capitalize(),
                                            presenter_label(item), start, item.duration_minutes, state))
        start += dt.timedelta(minutes=item.duration_minutes)
    if control is not None:
        board.started, board.message, board.between_items = True, control.message, control.between_items
        if current_index is not None:
            item = items[current_index]
            board.current = CurrentItem(board.programme[current_index], control, item)
            if item.kind == AgendaKind.GROUP_WORK:
                board.groups = await _groups(item.id)
    return board


async def _groups(item_id: int) -> list[Group]:
    groups = await WorkGroup.filter(item_id=item_id).order_by('number')
    names: dict[int, list[str]] = {group.id: [] for group in groups}
    rows = await WorkGroupMember.filter(group_id__in=list(names)).values_list('group_id', 'membership__person__name')
    for group_id, name in rows:
        names[group_id].append(name)
    return [Group(group.number, group.question, sorted(names[group.id], key=danish_sort_key)) for group in groups]
