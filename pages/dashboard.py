"""Overblik: the coordinator's dashboard. Seats, waitlist and offers, absence streaks, the next meeting's answers and
two charts; every section redraws itself when a service reports a change (membership, attendance, meetings)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TypeVar

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.redraw import DrawnFrom
from flnet_ui.i18n import _, ngettext
from flnet_ui.labels import LANDSDEL, MEETING_STATUS
from flnet_ui.services import dashboard, networks, outbox, seats
from models import Landsdel, MeetingStatus, Network, Role
from pages.dashboard_charts import attendance_chart, built_when_opened, cell, heading, member_count_chart, table

WAITLIST_SHOWN = 10
T = TypeVar('T')


def create() -> None:
    @ui.page('/overblik')
    async def overview() -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        name = network.short_name or network.name
        with frame(_('Overview'), user=user, network_name=name):
            await sections(network)


async def sections(network: Network) -> None:
    """Draw every section and subscribe each to the events that can change it. The first drawing uses the network
    the page has read; a redraw reads it again (the change may be to its settings)."""
    def now() -> dt.datetime:   # at each read: a redraw days later counts the days from then
        return dt.datetime.now(dt.UTC)

    counts = StatusCounts()

    async def seat_read(n: Network | int) -> dashboard.Seats:
        return await dashboard.seats(n, counted=await counts.read(n))

    async def meeting_read(n: Network | int) -> dashboard.NextMeeting | None:
        return await dashboard.next_meeting(n, now=now(), active=(await counts.read(n)).active)

    async def waitlist_read(n: Network | int) -> dashboard.WaitlistView:
        return await dashboard.waitlist(networks.id_of(n), now=now(), first=WAITLIST_SHOWN,
                                        total=(await counts.read(n)).waiting)

    async def count_read(n: Network | int) -> list[dashboard.CountPoint]:
        return await dashboard.member_counts(networks.id_of(n), now=now(), current=(await counts.read(n)).active)

    await failed_mail_warning()
    with ui.element('div').classes('grid grid-cols-1 md:grid-cols-2 gap-4 w-full'):
        seat_section = await _section(seat_read, _seats, network, 'seats-section')
        meeting_section = await _section(meeting_read, _next_meeting, network, 'meeting-section')
    waitlist_section = await _section(waitlist_read, _waitlist, network, 'waitlist-section')
    absence_section = await _section(lambda n: dashboard.absences(n, now=now()), _absences, network, 'absence-section')
    attendance_section = await _section(lambda n: dashboard.held_meetings(networks.id_of(n)), attendance_chart,
                                        network, 'attendance-section')
    count_section = await _section(count_read, member_count_chart, network, 'count-section')

    # After a change, each section that follows it is read again, one section after the other, top to bottom;
    # a page of many parts and queries, so after the phones and the projector have drawn the same change.
    events.refresh_parts_on(network.id, (seat_section, (events.membership,)),
                            (meeting_section, (events.membership, events.attendance, events.meetings)),
                            (waitlist_section, (events.membership,)),
                            (absence_section, (events.membership, events.attendance)),
                            (attendance_section, (events.attendance, events.meetings)),
                            (count_section, (events.membership,)), heavy=True)


class StatusCounts:
    """The network's members counted by status, read once for the four sections that show such a count (seats, the
    next meeting's unanswered, the waitlist's total, today's member count) instead of once by each: read again only
    after a change of memberships (a change of the rules is reported as one too), which is what changes them."""

    def __init__(self) -> None:
        self.counted: seats.SeatOverview | None = None
        self.changes_seen = -1   # events.membership.emits when they were read

    async def read(self, network: Network | int) -> seats.SeatOverview:
        changes = events.membership.emits
        if self.counted is None or changes != self.changes_seen:
            # The number seen before the read: a change committed during it is read again the next time.
            self.counted, self.changes_seen = await seats.overview(network), changes
        return self.counted


async def failed_mail_warning() -> None:
    """E-mail that could not be delivered must not go unnoticed: a warning with a way to the outbox, live."""
    @ui.refreshable
    async def warning() -> None:
        failed = await outbox.failed_count()
        if failed:
            with ui.row().classes('items-center gap-2').props('role=alert').mark('failed-mail'):
                ui.icon('warning').style(f'color: {design.NEGATIVE}')
                ui.link(ngettext('{n} e-mail could not be sent – see the outbox',
                                 '{n} e-mails could not be sent – see the outbox', failed).format(n=failed),
                        '/udbakke').classes('font-bold')

    await warning()
    # Part of the page's heavy drawing (after the phones' updates): a close queues mail, and the count must not take
    # the database, or the browser's attention, before the room's pages have their news (bench/: live push).
    events.refresh_on(None, warning.refresh, events.mail, heavy=True)


async def _section(read: Callable[[Network | int], Awaitable[T]], show: Callable[[T], None], network: Network,
                   mark: str) -> Callable[[], Awaitable[None]]:
    """A card showing what `read` answers (read first with the network the page has read). Its redraw reads again
    and draws only if the answer differs from what is shown (components/redraw.py): most changes touch a few
    sections (closing a meeting leaves the member count as it was), so the coordinator's browser builds again only
    what changed, while the phones in the room wait for the same CPU (bench/: live push)."""
    @ui.refreshable
    def content(data: T) -> None:
        show(data)

    drawn = DrawnFrom(lambda: read(network.id), content.refresh)
    shown = await drawn.first(lambda: read(network))
    with ui.card().classes(design.CARD).mark(mark):
        content(shown)
    return drawn.redraw


def _seats(read: dashboard.Seats) -> None:
    overview = read.overview
    heading(_('Seats'))
    ui.label(_('{taken} of {capacity} seats taken').format(
        taken=i18n.number(overview.active), capacity=i18n.number(overview.capacity))) \
        .classes('text-2xl font-bold').mark('seats')
    bar_name = _('Seats taken')
    ui.linear_progress(value=min(1.0, overview.active / max(1, overview.capacity)), show_value=False) \
        .props(f'aria-label="{bar_name}" size=12px color=primary track-color=grey-4')
    unplaced = overview.active - read.active_east - read.active_west
    east, west = _(LANDSDEL[Landsdel.EAST]), _(LANDSDEL[Landsdel.WEST])
    parts = [f'{east}: {read.active_east}', f'{west}: {read.active_west}']
    if unplaced:
        no_library = _('no library')
        parts.append(f'{no_library}: {unplaced}')
    ui.label(' · '.join(parts)).mark('landsdel')
    ui.label(ngettext('{n} free seat', '{n} free seats', overview.free).format(n=overview.free)).mark('free')
    if overview.offered:
        ui.label(ngettext('{n} seat offered, awaiting an answer', '{n} seats offered, awaiting answers',
                          overview.offered).format(n=overview.offered)).mark('offered')
    ui.label(ngettext('{n} person on the waitlist', '{n} people on the waitlist', overview.waiting)
             .format(n=overview.waiting)).mark('waiting')
    if overview.pending:
        ui.link(ngettext('{n} application awaits review', '{n} applications await review', overview.pending)
                .format(n=overview.pending), '/medlemmer').mark('pending')
    else:
        ui.label(_('No applications await review.')).classes(design.MUTED).mark('pending')


def _next_meeting(meeting: dashboard.NextMeeting | None) -> None:
    heading(_('Next meeting'))
    if meeting is None:
        ui.label(_('No meeting is planned.')).classes(design.MUTED).mark('no-meeting')
        ui.link(_('Plan a meeting'), '/moeder')
        return
    ui.link(meeting.title, f'/moeder/{meeting.meeting_id}').classes('text-lg font-bold').mark('meeting-link')
    start = i18n.local(meeting.starts_at)
    ui.label(i18n.long_date(start.date())).mark('meeting-date')
    time_text = _('at {start}–{end}').format(start=i18n.clock(start.time()),
                                          end=i18n.clock(i18n.local(meeting.ends_at).time()))
    ui.label(time_text).mark('meeting-time')
    ui.label(_('Host: {host}').format(host=meeting.host)).mark('meeting-host')
    if meeting.status == MeetingStatus.RUNNING:
        ui.label(_(MEETING_STATUS[MeetingStatus.RUNNING])).classes('font-bold').style(f'color: {design.POSITIVE}')
    with ui.row().classes('gap-6 mt-2').mark('answers'):
        for label, count, mark in ((_('attending'), meeting.attending, 'attending'),
                                   (_('apologies'), meeting.apology, 'apology'),
                                   (_('no answer'), meeting.unanswered, 'unanswered')):
            with ui.column().classes('gap-0 items-start'):
                ui.label(i18n.number(count)).classes('text-2xl font-bold').mark(f'answers-{mark}')
                ui.label(label)


def _waitlist(view: dashboard.WaitlistView) -> None:
    heading(_('Waitlist'))
    if not view.first:
        ui.label(_('Nobody is waiting.')).classes(design.MUTED).mark('nobody-waiting')
    else:
        with table([_('No.'), _('Name'), _('Library'), _('Waited')], mark='waitlist', wide_only=2):
            for entry in view.first:
                with ui.element('tr'):
                    cell(i18n.number(entry.position))
                    with cell():
                        ui.link(entry.name, f'/medlemmer/{entry.membership_id}')
                    cell(entry.library, wide_only=True)
                    cell(ngettext('{n} day', '{n} days', entry.days_waited).format(n=entry.days_waited))
        if view.total > len(view.first):
            ui.link(_('See the whole waitlist ({n})').format(n=view.total), '/venteliste').mark('whole-waitlist')
        else:
            ui.link(_('Go to the waitlist'), '/venteliste').mark('whole-waitlist')
    if view.offers:
        heading(_('Seats offered'), level=3)
        with table([_('Name'), _('Answer by'), _('Time left')], mark='offers'):
            for offer in view.offers:
                with ui.element('tr'):
                    with cell():
                        ui.link(offer.name, f'/medlemmer/{offer.membership_id}')
                    cell(i18n.date_time(offer.expires_at) if offer.expires_at else _('no deadline'))
                    cell(_days_left(offer.days_left))


def _days_left(days: int | None) -> str:
    if days is None:
        return ''
    if days == 0:
        return _('ends today')
    return ngettext('{n} day', '{n} days', days).format(n=days)


def _absences(rows: list[dashboard.Absence]) -> None:
    heading(_('Absences in a row'))
    if not rows:
        ui.label(_('There are no active members yet.')).classes(design.MUTED).mark('no-members')
        return
    ui.label(_('A member who misses {limit} meetings in a row is deregistered automatically, unless there is an '
               'agreement with the coordinator.').format(limit=rows[0].limit)).classes(design.MUTED)
    at_risk, agreed = sum(r.at_risk for r in rows), sum(r.agreement for r in rows)
    ui.label(ngettext('{n} member at risk', '{n} members at risk', at_risk).format(n=at_risk) + ' · '
             + ngettext('{n} with an agreement', '{n} with an agreement', agreed).format(n=agreed)) \
        .classes('font-bold').mark('absence-summary')
    flagged = [r for r in rows if r.streak or r.agreement]
    others = [r for r in rows if not (r.streak or r.agreement)]
    if flagged:
        _absence_table(flagged, mark='absences')
    else:
        ui.label(_('No active member has missed a meeting in a row.')).classes(design.MUTED).mark('no-absences')
    if others:
        built_when_opened(ngettext('{n} more active member without absence', '{n} more active members without absence',
                                   len(others)).format(n=len(others)),
                          lambda: _absence_table(others, mark='absences-none'), mark='other-members')


def _absence_table(rows: list[dashboard.Absence], *, mark: str) -> None:
    with table([_('Name'), _('Library'), _('In a row'), _('Note')], mark=mark, wide_only=1):
        for row in rows:
            with ui.element('tr'):
                with cell():
                    ui.link(row.name, f'/medlemmer/{row.membership_id}')
                cell(row.library, wide_only=True)
                cell(i18n.number(row.streak))
                with cell():
                    if row.at_risk:
                        ui.label(_('at risk')).classes('font-bold').style(f'color: {design.NEGATIVE}')
                    if row.agreement:
                        ui.label(_('agreement')).classes('font-bold').style(f'color: {design.PRIMARY}')
