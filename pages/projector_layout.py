"""The projector's picture (styles in pages/projector_style.py): the meeting and the clock on top; below it the
current item with its countdown and what comes next, or during group work the groups with their question and members,
or between items the programme with the progress. User text goes only into labels (escaped by NiceGUI); the QR code's
SVG holds nothing but this installation's own address of Min side."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from html import escape

import segno
from nicegui import ui

from flnet_ui import i18n
from flnet_ui.i18n import _, ngettext
from flnet_ui.services import notices
from flnet_ui.services.display import CURRENT, DONE, Board, CurrentItem
from pages.meeting_control import countdown_text


@dataclass
class Parts:
    """The labels a second's tick updates: the clock, and the countdown of the current item."""
    clock: ui.label
    current: CurrentItem | None = None
    countdown: ui.label | None = None

    def tick(self, now: dt.datetime) -> None:
        self.clock.set_text(i18n.clock(i18n.local(now).time()))
        if self.current is not None and self.countdown is not None:
            _show_countdown(self.countdown, self.current.seconds_left(now))


def unknown() -> None:
    """A link that is wrong or was renewed: nothing about any network."""
    with ui.element('div').classes('flnet-screen content-center'):
        ui.html(_('Unknown projector link'), tag='h1').mark('page-title', 'unknown-display')
        ui.label(_('Ask the network coordinator for the current link.')).classes('muted')


def board(data: Board, *, now: dt.datetime) -> Parts:
    with ui.element('div').classes('flnet-screen').mark('screen'):
        with ui.element('header'):
            with ui.element('div').classes('titles'):
                ui.label(data.network_name).classes('muted').mark('network')
                ui.html(escape(data.meeting_title or data.network_name), tag='h1').mark('page-title')
            parts = Parts(ui.label(i18n.clock(i18n.local(now).time())).classes('clock').mark('clock'))
            _qr()
        if data.meeting_id is None or not data.started:
            _waiting(data)
        elif data.between_items:
            _between_items(data)
        elif data.groups and data.current is not None:
            _group_work(data, data.current, parts, now)
        else:
            with ui.element('div').classes('main'):
                with ui.element('div').classes('stack'):
                    _current(data, parts, now)
                with ui.element('div').classes('stack'):
                    _coming(data)
    if data.message:
        ui.label(data.message).classes('flnet-message').props('role=status').mark('message')
    return parts


def _waiting(data: Board) -> None:
    """No meeting steered right now: the next meeting, or today's programme before the start."""
    if data.meeting_id is not None:
        with ui.element('div').classes('main'):
            ui.label(_('The meeting starts soon.')).classes('now-title').mark('waiting')
            with ui.element('div').classes('stack compact'):
                ui.html(_('Programme'), tag='h2')
                _programme(data)
    elif data.next_meeting is not None:
        day, title = data.next_meeting
        with ui.element('div').classes('stack'):
            ui.label(_('Next meeting')).classes('muted').mark('waiting')
            ui.label(title).classes('now-title').mark('next-meeting')
            ui.label(i18n.long_date(day)).mark('next-meeting-date')
    else:
        ui.label(_('No meeting is planned.')).classes('now-title').mark('waiting')


def _current(data: Board, parts: Parts, now: dt.datetime) -> None:
    current = data.current
    if current is None:
        ui.label(_('No current item.')).classes('now-title').mark('current-title')
        return
    ui.label(current.row.kind).classes('muted').mark('current-kind')
    ui.label(current.row.title).classes('now-title').mark('current-title')
    if current.row.presenter:
        ui.label(current.row.presenter).mark('presenter')
    _countdown(current, parts, now)


def _countdown(current: CurrentItem, parts: Parts, now: dt.datetime) -> None:
    with ui.element('div').classes('line'):
        parts.countdown = ui.label().classes('countdown').mark('countdown')
        parts.current = current
        _show_countdown(parts.countdown, current.seconds_left(now))
        if current.paused:
            ui.label(_('paused')).classes('muted').mark('paused')


def _coming(data: Board) -> None:
    ui.html(_('Coming up'), tag='h2')
    if not data.next_items:
        ui.label(_('This is the last item.')).classes('muted')
    for row in data.next_items:
        with ui.element('div').classes('line'):
            ui.label(i18n.clock(row.starts_at.time())).classes('time')
            ui.label(row.title).classes('title').mark(f'next-{row.id}')


def _programme(data: Board) -> None:
    """The items on one line each, finished ones dimmed and the next one marked; at most PROGRAMME_LINES of them."""
    rows = data.programme
    done = [row.state == DONE or (row.state == CURRENT and data.between_items) for row in rows]
    following = data.following
    first, last = programme_window(done)
    with ui.element('div').classes('lines'):
        if first:
            ui.label(ngettext('{n} earlier item', '{n} earlier items', first).format(n=first)) \
                .classes('line done').mark('earlier')
        for row, finished in zip(rows[first:last], done[first:last], strict=True):
            state = 'done' if finished else 'next' if following and row.id == following.id else ''
            with ui.element('div').classes(f'line {state}').mark(f'programme-{row.id}'):
                ui.label(i18n.clock(row.starts_at.time())).classes('time')
                ui.label(row.title).classes('title')
        if last < len(rows):
            ui.label(ngettext('{n} more item', '{n} more items', len(rows) - last).format(n=len(rows) - last)) \
                .classes('line').mark('later')


PROGRAMME_LINES = 8  # what 1280×720 holds below the progress bar at 32 px


def programme_window(done: list[bool], lines: int = PROGRAMME_LINES) -> tuple[int, int]:
    """Which items to list (first, last) when not all fit: every item still to come that fits, then as many of the
    most recently finished as there is room for; a line saying how many are left out takes a place of its own."""
    if len(done) <= lines:
        return 0, len(done)
    finished = sum(done)
    coming = len(done) - finished
    if coming < lines:   # all that is to come, under "n earlier items" and as many finished ones as fit
        return finished - (lines - 1 - coming), len(done)
    # Early in the day: the start of what is to come and "n more items" (under "n earlier items" when any are done).
    return finished, finished + lines - (2 if finished else 1)


def _between_items(data: Board) -> None:
    """Between two items: what comes next and when, and the whole programme with how far the day has come."""
    total = len(data.programme)
    with ui.element('div').classes('main between'):
        with ui.element('div').classes('stack'):
            following = data.following
            ui.label(_('Next') if following else _('The programme is done.')).classes('muted').mark('between')
            if following is not None:
                ui.label(following.title).classes('now-title').mark('following')
                ui.label(_('at {time}').format(time=i18n.clock(following.starts_at.time()))).classes('at') \
                    .mark('following-time')
        with ui.element('div').classes('stack compact'):
            ui.html(_('Programme'), tag='h2')
            progress = _('{done} of {total} items done').format(done=data.done_count, total=total)
            ui.label(progress).classes('muted').mark('progress')
            with ui.element('div').classes('progress').props(
                    f'role=progressbar aria-valuemin=0 aria-valuemax={total} aria-valuenow={data.done_count}'
                    f' aria-label="{escape(progress)}"'):
                ui.element('div').classes('progress-done').style(
                    f'width: {100 * data.done_count / total if total else 0:.0f}%')
            _programme(data)


def _group_work(data: Board, current: CurrentItem, parts: Parts, now: dt.datetime) -> None:
    """During group work the groups fill the screen: who is in which group is what the room looks for."""
    with ui.element('div').classes('work'):
        with ui.element('div').classes('work-head'):
            with ui.element('div').classes('stack'):
                ui.label(current.row.kind).classes('muted').mark('current-kind')
                ui.label(current.row.title).classes('now-title work-title').mark('current-title')
            _countdown(current, parts, now)
        with ui.element('div').classes('groups').mark('groups'):
            for group in data.groups:
                with ui.element('div').classes('group').mark(f'group-{group.number}'):
                    ui.label(_('Group {number}').format(number=group.number)).classes('group-name')
                    if group.question:
                        ui.label(group.question).classes('muted')
                    with ui.element('ul'):
                        for name in group.names:
                            with ui.element('li'):
                                ui.label(name)
        ui.label(_('More groups follow: the list turns every 10 seconds.')).classes('groups-note muted')


@functools.lru_cache(maxsize=8)
def qr_svg(url: str) -> str:
    """The code for an address, made once: it was a quarter of every redraw of the projector (bench/)."""
    return str(segno.make(url, error='m').svg_inline(scale=6, dark='#000000', light='#ffffff', border=2))


def _qr() -> None:
    svg = qr_svg(notices.link(notices.MEMBER_PAGE))
    with ui.element('div').classes('qr'):
        name = _('QR code to My page')
        ui.html(svg, sanitize=False).props(f'role=img aria-label="{escape(name)}"')
        ui.label(_('Your page: scan the code')).classes('muted')


def _show_countdown(label: ui.label, seconds: int | None) -> None:
    over = seconds is not None and seconds < 0
    label.set_text(_('{time} over time').format(time=countdown_text(seconds)) if over else countdown_text(seconds))
    label.classes(add='over' if over else '', remove='' if over else 'over')
