"""One meeting: its details, the members' answers (tilmeldt / afbud / ikke svaret), the way to the roll call, and for a
held meeting the attendance lists. Live: redrawn when meetings or attendance change."""
from __future__ import annotations

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.i18n import _, ngettext
from flnet_ui.labels import ATTENDANCE_STATUS, MEETING_STATUS
from flnet_ui.services import groups, meeting_plan, networks, roll_call
from models import AttendanceStatus, MeetingStatus, Role
from pages.meeting_invitation import invitation_section
from pages.meetings import host_label


def create() -> None:
    @ui.page('/moeder/{meeting_id}')
    async def meeting_page(meeting_id: str) -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        row = await meeting_plan.meeting_row(network.id, meeting_id)
        with frame(row.meeting.title if row else _('Meeting not found'), user=user,
                   network_name=network.short_name or network.name):
            ui.link(_('All meetings'), '/moeder').mark('back')
            if row is None:
                ui.label(_('The meeting does not exist.')).mark('not-found')
                return

            @ui.refreshable
            async def content() -> None:
                await _content(network.id, row.meeting.id)

            await content()

        events.refresh_on(network.id, content.refresh, events.meetings, events.attendance, events.board)


async def _content(network_id: int, meeting_id: int) -> None:
    row = await meeting_plan.meeting_row(network_id, str(meeting_id))
    if row is None:
        return
    meeting = row.meeting
    with ui.card().classes(design.CARD).mark('details'):
        ui.html(_('Details'), tag='h2').classes('text-xl font-bold')
        when = f'{i18n.long_date(meeting.date)}, {i18n.clock(meeting.start_time)}–{i18n.clock(meeting.end_time)}'
        _fact(_('When'), when)
        _fact(_('Host library'), host_label(row))
        if meeting.address:
            _fact(_('Address'), meeting.address)
        _fact(_('Status'), _(MEETING_STATUS[meeting.status])).mark('meeting-status')
        ui.link(_('Calendar file (.ics)'), f'/moeder/{meeting.id}.ics').props('download').mark('meeting-ics')
        if meeting.description:
            ui.label(meeting.description).classes('whitespace-pre-line')
        if meeting.status != MeetingStatus.CANCELLED:
            ui.button(_('Roll call'), icon='how_to_reg',
                      on_click=lambda: ui.navigate.to(f'/moeder/{meeting.id}/fremmoede')) \
                .props('color=primary').mark('to-roll-call')
            ui.button(_('Agenda'), icon='list_alt',
                      on_click=lambda: ui.navigate.to(f'/moeder/{meeting.id}/dagsorden')) \
                .props('color=primary outline').mark('to-agenda')
            if meeting.status in (MeetingStatus.RUNNING, MeetingStatus.CLOSED):
                ui.button(_('Minutes'), icon='description',
                          on_click=lambda: ui.navigate.to(f'/moeder/{meeting.id}/referat')) \
                    .props('color=primary outline').mark('to-minutes')
            ui.link(_('Meeting control and projector'), f'/moeder/{meeting.id}/styring').mark('to-control')
        await invitation_section(meeting)
    await _group_work(meeting.id)
    if meeting.status == MeetingStatus.CLOSED:
        await _attendance(meeting.id)
    elif meeting.status != MeetingStatus.CANCELLED:
        await _answers(meeting.id)


async def _group_work(meeting_id: int) -> None:
    """A link to the groups of each gruppearbejde item (none: no section)."""
    items = await groups.group_items(meeting_id)
    if not items:
        return
    with ui.card().classes(design.CARD).mark('group-work'):
        ui.html(_('Group work'), tag='h2').classes('text-xl font-bold')
        for item in items:
            ui.link(_('Groups: {title}').format(title=item.title), f'/moeder/{meeting_id}/grupper/{item.id}') \
                .mark(f'to-groups-{item.id}')


async def _answers(meeting_id: int) -> None:
    result = await roll_call.answers(meeting_id)
    with ui.card().classes(design.CARD).mark('answers'):
        ui.html(_('Answers'), tag='h2').classes('text-xl font-bold')
        summary = _('{attending} attending · {apology} apologies · {unanswered} not answered').format(
            attending=len(result.attending), apology=len(result.apology), unanswered=len(result.unanswered))
        ui.label(summary).classes('font-medium').mark('answer-counts')
        _names(_('Attending'), result.attending, 'attending')
        apologies = [f'{name} ({reason})' if reason else name for name, reason in result.apology]
        _names(_('Apologies'), apologies, 'apologies')
        _names(_('Not answered'), result.unanswered, 'unanswered')


async def _attendance(meeting_id: int) -> None:
    lists = await roll_call.attendance_lists(meeting_id)
    with ui.card().classes(design.CARD).mark('attendance'):
        ui.html(_('Attendance'), tag='h2').classes('text-xl font-bold')
        for status in (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGY, AttendanceStatus.ABSENT,
                       AttendanceStatus.EXCUSED):
            _names(_(ATTENDANCE_STATUS[status]).capitalize(), lists[status], f'list-{status.value}')


def _names(title: str, names: list[str], mark: str) -> None:
    with ui.column().classes('gap-0 w-full').mark(mark):
        count = ngettext('{n} person', '{n} people', len(names)).format(n=len(names))
        ui.html(f'{_escape(title)} – {_escape(count)}', tag='h3').classes('text-base font-bold mt-2')
        ui.label(', '.join(names) if names else '–').classes(design.MUTED if not names else '')


def _fact(name: str, value: str) -> ui.label:
    with ui.row().classes('gap-2 no-wrap items-baseline'):
        ui.label(f'{name}:').classes('font-medium shrink-0')
        return ui.label(value)


def _escape(text: str) -> str:
    from html import escape
    return escape(text)
