"""The dashboard's two charts (attendance per held meeting, member count over time) and its small table helpers.

A chart is a canvas, opaque to screen readers: each has role=img with an accessible name, a summary sentence, and
the same numbers as a real table behind an expansion (built when opened).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape

from babel.dates import format_skeleton
from nicegui import ui
from nicegui.elements.mixins.text_element import TextElement
from nicegui.events import ValueChangeEventArguments

from flnet_ui import i18n
from flnet_ui.components import design
from flnet_ui.i18n import _
from flnet_ui.labels import ATTENDANCE_STATUS
from flnet_ui.services import dashboard
from models import AttendanceStatus

# Each status's colour, dark enough for 3:1 against white (WCAG 1.4.11); excused is a neutral grey.
STATUS_COLOURS = {AttendanceStatus.PRESENT: design.POSITIVE, AttendanceStatus.APOLOGY: design.WARNING,
                  AttendanceStatus.ABSENT: design.NEGATIVE, AttendanceStatus.EXCUSED: '#6b7280'}
AXIS_TEXT = '#374151'


def attendance_chart(held: list[dashboard.HeldMeeting]) -> None:
    heading(_('Attendance per meeting'))
    if not held:
        ui.label(_('No meeting has been held yet.')).classes(design.MUTED).mark('no-held-meetings')
        return
    labels = [i18n.short_date(i18n.local(m.starts_at).date()) for m in held]
    series = [{'name': _(ATTENDANCE_STATUS[status]), 'type': 'bar', 'stack': 'total', 'barMaxWidth': 48,
               'itemStyle': {'color': colour}, 'data': [m.counts[status] for m in held]}
              for status, colour in STATUS_COLOURS.items()]
    chart_name = _('Chart: attendance per held meeting')
    ui.echart({
        'animation': False,
        'tooltip': {'trigger': 'axis'},
        'legend': {'bottom': 0, 'textStyle': {'color': AXIS_TEXT}},
        'grid': {'left': 8, 'right': 8, 'top': 16, 'bottom': 72, 'containLabel': True},  # room for a wrapped legend
        'xAxis': {'type': 'category', 'data': labels, 'axisLabel': {'color': AXIS_TEXT, 'hideOverlap': True}},
        'yAxis': {'type': 'value', 'minInterval': 1, 'axisLabel': {'color': AXIS_TEXT}},
        'series': series,
    }).classes('w-full h-80').props(f'role=img aria-label="{chart_name}"').mark('attendance-chart')
    last = held[-1]
    ui.label(_('Last meeting, {date}: {present} attended, {apology} sent apologies, {absent} absent without notice, '
               '{excused} absence agreed.').format(
        date=labels[-1], present=last.counts[AttendanceStatus.PRESENT],
        apology=last.counts[AttendanceStatus.APOLOGY], absent=last.counts[AttendanceStatus.ABSENT],
        excused=last.counts[AttendanceStatus.EXCUSED])).mark('attendance-summary')

    def numbers() -> None:
        headers = [_('Date'), _('Theme'), *(_(ATTENDANCE_STATUS[s]) for s in STATUS_COLOURS)]
        with table(headers, mark='attendance-table', wide_only=1):   # a phone has room for the numbers
            for label, meeting in zip(labels, held, strict=True):
                with ui.element('tr'):
                    cell(label)
                    cell(meeting.title, wide_only=True)
                    for status in STATUS_COLOURS:
                        cell(i18n.number(meeting.counts[status]))
    built_when_opened(_('Show the numbers as a table'), numbers)


def member_count_chart(points: list[dashboard.CountPoint]) -> None:
    heading(_('Members over time'))
    if len(points) < 2:
        ui.label(_('There is no history of members yet.')).classes(design.MUTED).mark('no-count-history')
        return
    labels = [_quarter(p.day) for p in points]
    labels[-1] = _('today')
    chart_name = _('Chart: active members at the end of each quarter')
    ui.echart({
        'animation': False,
        'tooltip': {'trigger': 'axis'},
        'grid': {'left': 8, 'right': 16, 'top': 16, 'bottom': 8, 'containLabel': True},
        'xAxis': {'type': 'category', 'data': labels, 'boundaryGap': False,
                  'axisLabel': {'color': AXIS_TEXT, 'hideOverlap': True}},
        'yAxis': {'type': 'value', 'minInterval': 1, 'axisLabel': {'color': AXIS_TEXT}},
        'series': [{'name': _('Active members'), 'type': 'line', 'step': 'end', 'symbolSize': 6,
                    'itemStyle': {'color': design.PRIMARY}, 'data': [p.count for p in points]}],
    }).classes('w-full h-64').props(f'role=img aria-label="{chart_name}"').mark('count-chart')
    ui.label(_('{now} active members today; {then} at the end of {quarter}.').format(
        now=points[-1].count, then=points[0].count, quarter=labels[0])).mark('count-summary')
    ui.label(_('Counted from the log of status changes.')).classes(f'{design.MUTED} text-sm')

    def numbers() -> None:
        with table([_('Quarter'), _('Active members')], mark='count-table'):
            for label, point in zip(labels, points, strict=True):
                with ui.element('tr'):
                    cell(label)
                    cell(i18n.number(point.count))
    built_when_opened(_('Show the numbers as a table'), numbers)


def built_when_opened(text: str, build: Callable[[], None], *, mark: str = '') -> ui.expansion:
    """A closed expansion whose content is built when it is first opened. The dashboard's are the charts' numbers
    and the members without absence: seldom opened, and built at once they were two thirds of the page's 800
    elements, drawn again after every change (bench/: Overblik, live push)."""
    expansion = ui.expansion(text).classes('w-full').mark(mark)

    def opened(event: ValueChangeEventArguments) -> None:
        if event.value and not expansion.default_slot.children:
            with expansion:
                build()

    expansion.on_value_change(opened)
    return expansion


def heading(text: str, *, level: int = 2) -> None:
    """A real h2/h3 (the frame makes the page's one h1)."""
    size = 'text-xl' if level == 2 else 'text-lg'
    ui.html(escape(text), tag=f'h{level}').classes(f'{size} font-bold')


@contextmanager
def table(headers: list[str], *, mark: str, wide_only: int | None = None) -> Iterator[None]:
    """A plain HTML table with real column headers; yields inside its tbody (add rows with ui.element('tr')).
    Column `wide_only` (an index) is hidden on phones; its cells are made with `cell(..., wide_only=True)`.
    The cells' look is one rule of design.CSS (`flnet-table`), not classes on each of them."""
    with ui.element('table').classes('flnet-table').mark(mark):
        with ui.element('thead'), ui.element('tr'):
            for index, header in enumerate(headers):
                _cell('th', header, wide_only=index == wide_only).props('scope=col')
        with ui.element('tbody'):
            yield


def cell(text: str | None = None, *, wide_only: bool = False) -> ui.element:
    """A table cell: its text is the cell's own (one element, shown as text, never as HTML); without text, fill it
    with `with cell(): ...`. `wide_only` hides it on phones."""
    return _cell('td', text, wide_only=wide_only)


def _cell(tag: str, text: str | None, *, wide_only: bool) -> ui.element:
    element = ui.element(tag) if text is None else TextElement(tag=tag, text=text)
    return element.classes(design.WIDE_ONLY) if wide_only else element


def _quarter(day: dt.date) -> str:
    """'1. kvt. 2026'"""
    return format_skeleton('yQQQ', day, locale=i18n.LOCALES[i18n.current_language()])
