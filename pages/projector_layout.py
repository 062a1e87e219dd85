"""The projector's layout for 16:9 (1920×1080 and 1280×720): dark background, light text (contrast well above 7:1),
body text at least 32 px, sized in vw so both resolutions show the same picture. User text goes only into labels
(escaped by NiceGUI); the QR code's SVG holds nothing but this installation's own address of Min side."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

import segno
from nicegui import ui

from flnet_ui import i18n
from flnet_ui.i18n import _
from flnet_ui.services import notices
from flnet_ui.services.display import CURRENT, DONE, Board, CurrentItem
from pages.meeting_control import countdown_text

BACKGROUND, TEXT, MUTED, ACCENT = '#0b1220', '#ffffff', '#d7dee8', '#fde68a'   # 19:1, 14:1, 15:1 on BACKGROUND
OVERRUN = '#ffb4ab'    # 11:1 on BACKGROUND
MESSAGE_BACKGROUND = '#fde68a'  # with BACKGROUND as text: 15:1
CSS = f'''
body.flnet-screen-body, .flnet-screen-body .nicegui-content {{ background: {BACKGROUND}; color: {TEXT}; }}
.flnet-screen-body .nicegui-content {{ padding: 0; }}
.flnet-screen {{ width: 100vw; min-height: 100vh; padding: 2vw 3vw; box-sizing: border-box;
  font-size: max(32px, 2.1vw); line-height: 1.25; display: flex; flex-direction: column; gap: 1.6vw; }}
.flnet-screen .muted {{ color: {MUTED}; }}
.flnet-screen header {{ display: flex; justify-content: space-between; align-items: baseline; gap: 2vw;
  border-bottom: 2px solid {MUTED}; padding-bottom: 0.8vw; }}
.flnet-screen h1 {{ font-size: max(40px, 2.8vw); font-weight: 700; margin: 0; line-height: 1.15; }}
.flnet-screen .clock {{ font-size: max(40px, 2.8vw); font-weight: 700; font-variant-numeric: tabular-nums; }}
.flnet-screen .main {{ display: grid; grid-template-columns: 1.7fr 1fr; gap: 3vw; flex: 1; }}
.flnet-screen .now-title {{ font-size: max(56px, 4.6vw); font-weight: 800; line-height: 1.1; }}
.flnet-screen .countdown {{ font-size: max(88px, 9vw); font-weight: 800; font-variant-numeric: tabular-nums;
  line-height: 1; color: {ACCENT}; }}
.flnet-screen .countdown.over {{ color: {OVERRUN}; }}
.flnet-screen .over-label {{ color: {OVERRUN}; font-weight: 800; }}
.flnet-screen h2 {{ font-size: max(36px, 2.4vw); font-weight: 700; margin: 0 0 0.5vw; color: {ACCENT}; }}
.flnet-screen .row {{ display: flex; gap: 1.2vw; }}
.flnet-screen .time {{ font-variant-numeric: tabular-nums; min-width: 4.2em; }}
.flnet-screen .done {{ color: {MUTED}; text-decoration: line-through; }}
.flnet-screen .current {{ font-weight: 800; color: {ACCENT}; }}
.flnet-screen .groups {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(22vw, 1fr)); gap: 1.5vw; }}
.flnet-screen .group {{ border: 2px solid {MUTED}; border-radius: 0.6vw; padding: 0.8vw 1.2vw; }}
.flnet-screen .progress {{ height: 0.9vw; min-height: 12px; background: #334155; border-radius: 0.45vw;
  overflow: hidden; }}
.flnet-screen .progress-done {{ height: 100%; background: {ACCENT}; }}
.flnet-screen .qr {{ display: flex; align-items: center; gap: 1.2vw; }}
.flnet-screen .qr svg {{ width: max(150px, 9vw); height: auto; background: #ffffff; }}
.flnet-message {{ position: fixed; left: 5vw; right: 5vw; bottom: 4vw; padding: 1.5vw 2.5vw; border-radius: 1vw;
  background: {MESSAGE_BACKGROUND}; color: {BACKGROUND}; font-size: max(48px, 3.8vw); font-weight: 800;
  text-align: center; box-shadow: 0 0 0 0.6vw {BACKGROUND}; z-index: 10; }}
'''


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
    with ui.element('div').classes('flnet-screen justify-center items-center'):
        ui.html(_('Unknown projector link'), tag='h1').mark('page-title', 'unknown-display')
        ui.label(_('Ask the network coordinator for the current link.')).classes('muted')


def board(data: Board, *, now: dt.datetime) -> Parts:
    with ui.element('div').classes('flnet-screen').mark('screen'):
        with ui.element('header'):
            with ui.column().classes('gap-0'):
                ui.label(data.network_name).classes('muted').mark('network')
                ui.html(escape(data.meeting_title or data.network_name), tag='h1').mark('page-title')
            parts = Parts(ui.label(i18n.clock(i18n.local(now).time())).classes('clock').mark('clock'))
        if data.meeting_id is None or not data.started:
            _waiting(data)
        elif data.between_items:
            _between_items(data)
        else:
            with ui.element('div').classes('main'):
                with ui.column().classes('gap-4'):
                    _current(data, parts, now)
                with ui.column().classes('gap-2'):
                    _coming(data)
            if data.groups:
                _groups(data)
        _qr()
    if data.message:
        ui.label(data.message).classes('flnet-message').props('role=status').mark('message')
    return parts


def _waiting(data: Board) -> None:
    """No meeting steered right now: the next meeting, or today's programme before the start."""
    if data.meeting_id is not None:
        ui.label(_('The meeting starts soon.')).classes('now-title').mark('waiting')
        _programme(data)
    elif data.next_meeting is not None:
        day, title = data.next_meeting
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
    with ui.row().classes('items-baseline gap-6'):
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
        with ui.element('div').classes('row'):
            ui.label(i18n.clock(row.starts_at.time())).classes('time muted')
            ui.label(row.title).mark(f'next-{row.id}')


def _programme(data: Board) -> None:
    ui.html(_('Programme'), tag='h2')
    for row in data.programme:
        with ui.element('div').classes(f'row {row.state}'):
            ui.label(i18n.clock(row.starts_at.time())).classes('time')
            ui.label(row.title)


def _between_items(data: Board) -> None:
    """Between two items: what comes next, and the whole programme with how far the day has come."""
    total = len(data.programme)
    with ui.element('div').classes('main'):
        with ui.column().classes('gap-4'):
            following = data.following
            ui.label(_('Next') if following else _('The programme is done.')).classes('muted').mark('between')
            if following is not None:
                ui.label(following.title).classes('now-title').mark('following')
                ui.label(i18n.clock(following.starts_at.time())).classes('countdown').mark('following-time')
        with ui.column().classes('gap-2'):
            ui.html(_('Programme'), tag='h2')
            progress = _('{done} of {total} items done').format(done=data.done_count, total=total)
            with ui.element('div').classes('progress').props(
                    f'role=progressbar aria-valuemin=0 aria-valuemax={total} aria-valuenow={data.done_count}'
                    f' aria-label="{escape(progress)}"'):
                ui.element('div').classes('progress-done').style(
                    f'width: {100 * data.done_count / total if total else 0:.0f}%')
            ui.label(progress).classes('muted').mark('progress')
            for row in data.programme:
                done = row.state in (DONE, CURRENT)
                with ui.element('div').classes(f'row {"done" if done else ""}').mark(f'programme-{row.id}'):
                    ui.label(i18n.clock(row.starts_at.time())).classes('time')
                    ui.label(row.title)


def _groups(data: Board) -> None:
    ui.html(_('Groups'), tag='h2')
    with ui.element('div').classes('groups').mark('groups'):
        for group in data.groups:
            with ui.element('div').classes('group').mark(f'group-{group.number}'):
                ui.label(_('Group {number}').format(number=group.number)).classes('current')
                if group.question:
                    ui.label(group.question).classes('muted')
                ui.label(', '.join(group.names) or '–')


def _qr() -> None:
    url = notices.link(notices.MEMBER_PAGE)
    svg = segno.make(url, error='m').svg_inline(scale=6, dark='#000000', light='#ffffff', border=2)
    with ui.element('div').classes('qr'):
        name = _('QR code to My page')
        ui.html(svg, sanitize=False).props(f'role=img aria-label="{escape(name)}"')
        ui.label(_('Your page: scan the code')).classes('muted')


def _show_countdown(label: ui.label, seconds: int | None) -> None:
    over = seconds is not None and seconds < 0
    label.set_text(_('{time} over time').format(time=countdown_text(seconds)) if over else countdown_text(seconds))
    label.classes(add='over' if over else '', remove='' if over else 'over')
