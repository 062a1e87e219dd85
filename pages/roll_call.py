"""Fremmøde: the roll call of one meeting. Every counted active member with a one-click status, prefilled from the
answers when the roll call starts, with their current streak; closing (with a preview), reopening and reinstating are
in pages/roll_call_close.py.

Keyboard: each member's four statuses are one native radio group, so Tab moves from person to person (one stop per
group), the arrow keys change the status, and the number keys 1-4 pick one directly (a small constant script).
Changes from elsewhere update the radios in place, so the focus stays where the coordinator is.
"""
from __future__ import annotations

import datetime as dt

from nicegui import context, ui

from flnet_ui import access, events, i18n, security
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _, ngettext
from flnet_ui.labels import ATTENDANCE_STATUS, MEETING_STATUS
from flnet_ui.services import attendance, meeting_plan, networks, roll_call
from flnet_ui.services.audit import Actor
from flnet_ui.services.errors import DomainError
from flnet_ui.services.meeting_plan import MeetingRow
from flnet_ui.services.roll_call import RollCall, RollCallRow
from models import Answer, AttendanceStatus, MeetingStatus, Role
from pages.roll_call_close import CloseControls

ORDER = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGY, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)
CSS = f'''
.flnet-rc {{ display: flex; flex-wrap: wrap; gap: 0.25rem; border: 0; margin: 0; padding: 0; min-width: 0; }}
.flnet-rc label {{ position: relative; display: inline-flex; }}
.flnet-rc input {{ position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }}
.flnet-rc .flnet-rc-text {{ padding: 0.3rem 0.65rem; border: 1px solid #4b5563; border-radius: 0.375rem;
  cursor: pointer; color: #111827; background: #ffffff; white-space: nowrap; }}
.flnet-rc input:checked + .flnet-rc-text {{ color: #ffffff; font-weight: 600; }}
.flnet-rc input.present:checked + .flnet-rc-text {{ background: {design.POSITIVE}; border-color: {design.POSITIVE}; }}
.flnet-rc input.apology:checked + .flnet-rc-text {{ background: {design.WARNING}; border-color: {design.WARNING}; }}
.flnet-rc input.absent:checked + .flnet-rc-text {{ background: {design.NEGATIVE}; border-color: {design.NEGATIVE}; }}
.flnet-rc input.excused:checked + .flnet-rc-text {{ background: {design.PRIMARY}; border-color: {design.PRIMARY}; }}
.flnet-rc input:focus-visible + .flnet-rc-text {{ outline: 3px solid #111827; outline-offset: 2px; }}
.flnet-rc input:disabled + .flnet-rc-text {{ cursor: default; }}
'''
# Number keys 1-4 inside a group pick that status (constant code, no user text).
KEYS = '''<script>
document.addEventListener('keydown', (event) => {
  const group = event.target.closest && event.target.closest('.flnet-rc');
  if (!group || event.altKey || event.ctrlKey || event.metaKey) return;
  const index = '1234'.indexOf(event.key);
  if (index < 0) return;
  const radio = group.querySelectorAll('input[type=radio]')[index];
  if (radio && !radio.disabled) { event.preventDefault(); radio.focus(); if (!radio.checked) radio.click(); }
});
</script>'''


def create() -> None:
    @ui.page('/moeder/{meeting_id}/fremmoede')
    async def roll_call_page(meeting_id: str) -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        row = await meeting_plan.meeting_row(network.id, meeting_id)
        with frame(_('Roll call'), user=user, network_name=network.short_name or network.name):
            ui.link(_('All meetings'), '/moeder').mark('back')
            if row is None:
                ui.label(_('The meeting does not exist.')).mark('not-found')
                return
            ui.add_css(CSS)
            ui.add_body_html(KEYS)
            page = RollCallPage(row)
            # Opening it on the day starts the roll call; a link on another site that opens it must not (the
            # page is then shown as it is, with its start button): fetch metadata or Origin say where it came from.
            request = context.client.request
            if request is not None and not security.is_cross_site(request.headers):
                await page.start_if_due(access.actor_of(user))
            await page.build()

        # Heavy: closing the meeting redraws its forty rows (a third of a second on a slow machine), and the
        # coordinator's other pages and the phones must not wait for that (events.refresh_parts_on).
        events.refresh_on(network.id, page.sync, events.attendance, events.membership, events.meetings, heavy=True)


class RollCallPage:
    def __init__(self, row: MeetingRow) -> None:
        self.row = row
        self.meeting_id = row.meeting.id
        self.radios: dict[int, dict[AttendanceStatus, ui.element]] = {}
        self.groups: dict[int, ui.element] = {}
        self.unrecorded: dict[int, ui.label] = {}
        self.shown: tuple[list[int], bool] = ([], True)  # the rows drawn and whether they could be changed

    async def start_if_due(self, actor: Actor) -> None:
        """Opening the roll call of a meeting that has started fills in the answers (once; safe to repeat)."""
        meeting = self.row.meeting
        if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.RUNNING) and meeting.starts_at <= _now():
            try:
                await roll_call.start_roll_call(meeting_id=meeting.id, by=actor, now=_now())
            except DomainError:
                pass  # closed or cancelled a moment ago: the page shows it as it is

    async def build(self) -> None:
        meeting = self.row.meeting
        when = f'{i18n.long_date(meeting.date)}, {i18n.clock(meeting.start_time)}–{i18n.clock(meeting.end_time)}'
        with ui.column().classes('gap-0'):
            ui.link(meeting.title, f'/moeder/{meeting.id}').classes('text-lg font-bold').mark('meeting-title')
            ui.label(f'{when} · {self.row.host_name}')
        self.controls = CloseControls(meeting.id, start=self.start)
        call = await roll_call.roll_call(self.meeting_id, now=_now())
        self.header = RollCallHeader(self.controls, call)
        await self.controls.result_view()
        ui.label(_('Keyboard: Tab goes to the next person, the arrow keys or 1–4 choose attended, apologies, '
                   'absent, absence agreed.')).classes(design.MUTED)
        self.rows = ui.refreshable(self._rows)
        self.rows(call)

    async def start(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        try:
            filled = await roll_call.start_roll_call(meeting_id=self.meeting_id, by=actor, now=_now())
        except DomainError as error:
            notify(error.message, type='negative')
            return
        notify(ngettext('The roll call has started; {n} filled in from the answers.',
                           'The roll call has started; {n} filled in from the answers.', filled).format(n=filled),
                  type='positive')

    async def sync(self) -> None:
        """Bring the page up to date from one read; the header and the radios are updated in place unless the rows
        themselves (or the meeting's status, for the header's buttons) changed."""
        call = await roll_call.roll_call(self.meeting_id, now=_now())
        self.header.show(call)
        if ([row.membership_id for row in call.rows], call.is_open) != self.shown:
            self.rows.refresh(call)
            return
        for row in call.rows:
            for status, radio in self.radios[row.membership_id].items():
                radio.props['checked'] = row.status == status
            self.unrecorded[row.membership_id].visible = row.status is None

    def _rows(self, call: RollCall) -> None:
        self.radios, self.groups, self.unrecorded = {}, {}, {}
        self.shown = ([row.membership_id for row in call.rows], call.is_open)
        with ui.card().classes(design.CARD).mark('roll-call-rows'):
            ui.html(_('Members'), tag='h2').classes('text-xl font-bold')
            if not call.rows:
                ui.label(_('No active members are counted for this meeting.')).classes(design.MUTED)
            for row in call.rows:
                with ui.element('div').classes('w-full border-t border-gray-200 py-2 flex flex-wrap gap-x-4 gap-y-2 '
                                               'items-center justify-between').mark(f'row-{row.membership_id}'):
                    self.unrecorded[row.membership_id] = _person(row)
                    self.groups[row.membership_id] = ui.element('div')
                    with self.groups[row.membership_id]:
                        self._group(row, enabled=call.is_open)

    def _group(self, row: RollCallRow, *, enabled: bool) -> None:
        name = _('Attendance of {name}').format(name=row.name)
        with ui.element('fieldset').classes('flnet-rc') as group:
            group.props.update({'role': 'radiogroup', 'aria-label': name})
            self.radios[row.membership_id] = {}
            for number, status in enumerate(ORDER, start=1):
                label = _(ATTENDANCE_STATUS[status])
                with ui.element('label'):
                    radio = ui.element('input').classes(status.value).mark(f'pick-{row.membership_id}-{status.value}')
                    radio.props.update({'type': 'radio', 'name': f'rc-{row.membership_id}', 'value': status.value,
                                        'aria-label': f'{row.name}: {label} ({number})',
                                        'checked': row.status == status, 'disabled': not enabled})
                    radio.on('click', lambda _e, r=row, s=status: self.pick(r, s))
                    ui.label(label).classes('flnet-rc-text')
                self.radios[row.membership_id][status] = radio

    async def pick(self, row: RollCallRow, status: AttendanceStatus) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            self._redraw_group(row)
            return
        try:
            await attendance.record_attendance(meeting_id=self.meeting_id, membership_id=row.membership_id,
                                               status=status, by=actor, now=_now())
        except DomainError as error:
            notify(error.message, type='negative')
            self._redraw_group(row)

    def _redraw_group(self, row: RollCallRow) -> None:
        """The browser already shows the click; draw the group again from what is recorded (nothing changed)."""
        group = self.groups.get(row.membership_id)
        if group is None:
            return
        group.clear()
        with group:
            self._group(row, enabled=self.shown[1])


class RollCallHeader:
    """The meeting's status, the counts and the buttons that fit the status. Every recorded attendance changes the
    counts, which change in place: the buttons are drawn again only when the status changes, or a click on "Close
    meeting" while another coordinator records attendance would be lost with the button it was on."""

    def __init__(self, controls: CloseControls, call: RollCall) -> None:
        with ui.card().classes(design.CARD).mark('roll-call-header'):
            with ui.row().classes('items-center gap-2'):
                self.status = ui.label().classes('font-medium').mark('meeting-status')
            self.counts = ui.label().classes('text-lg').mark('counts')
            self.actions = ui.refreshable(controls.actions)
            self.actions(call)
        self.status_shown = call.meeting.status
        self.show(call)

    def show(self, call: RollCall) -> None:
        self.status.text = _('Status: {status}').format(status=_(MEETING_STATUS[call.meeting.status]))
        names = {s: _(ATTENDANCE_STATUS[s]) for s in ORDER}
        parts = [f'{names[s]}: {call.counts[s]}' for s in ORDER]
        parts.append(_('not recorded: {n}').format(n=call.counts[None]))
        self.counts.text = ' · '.join(parts)
        if call.meeting.status != self.status_shown:
            self.status_shown = call.meeting.status
            self.actions.refresh(call)


def _person(row: RollCallRow) -> ui.label:
    """Name, library, answer and streak with its markers; returns the 'not recorded' marker (shown while it is so)."""
    with ui.column().classes('gap-0 min-w-0'):
        ui.label(row.name).classes('font-bold')
        if row.library:
            ui.label(row.library).classes(design.MUTED + ' text-sm')
        with ui.row().classes('gap-x-3 gap-y-0 items-center text-sm flex-wrap'):
            ui.label(_answer(row))
            ui.label(_('Absences in a row: {n}').format(n=row.streak.count)).mark(f'streak-{row.membership_id}')
            if row.streak.agreement:
                ui.label(_('agreement')).classes('font-bold').style(f'color: {design.PRIMARY}')
            elif row.streak.at_risk and row.active:
                ui.label(_('at risk')).classes('font-bold').style(f'color: {design.WARNING}') \
                    .mark(f'risk-{row.membership_id}')
            if not row.active:
                ui.label(_('no longer active')).classes('font-bold').style(f'color: {design.NEGATIVE}')
            unrecorded = ui.label(_('not recorded')).classes('italic').mark(f'unrecorded-{row.membership_id}')
            unrecorded.visible = row.status is None
    return unrecorded


def _answer(row: RollCallRow) -> str:
    if row.answer == Answer.ATTENDING:
        return _('Answer: attending')
    if row.answer == Answer.APOLOGY:
        return _('Answer: apologies ({reason})').format(reason=row.reason) if row.reason else _('Answer: apologies')
    return _('Answer: none')


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
