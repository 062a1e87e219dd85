"""Opfølgning (issue 6 §4, DESIGN.md §1.3): the action items of the minutes across meetings.

`/opfoelgning` is the coordinator's overview: the overdue ones first and prominently (open, deadline before today),
then the other open ones, then the done ones; each can be marked done or open again at any time (it is follow-up,
not the minutes' text). Live on `events.minutes`.

`FollowUpCard` is the same list on the agenda builder of a meeting: the open action items of earlier meetings, and a
button that puts them on the agenda as an "Opfølgning" item, which members then see in the programme.
"""
from __future__ import annotations

import datetime as dt
import re
from html import escape

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _, ngettext
from flnet_ui.services import agenda, minutes_actions, networks
from flnet_ui.services.agenda import Programme
from flnet_ui.services.errors import DomainError
from flnet_ui.services.minutes_actions import ActionLine
from models import ActionStatus, AgendaKind, Role

PATH = '/opfoelgning'
ITEM_LANGUAGE = 'da'       # the agenda item is the network's Danish text, whoever adds it
ITEM_MINUTES = 15          # the follow-up item's planned duration; the coordinator can change it
MAX_LIST = 9_000           # room for the list in an agenda description (at most 10,000 characters)
LIST_ITEM = 'flex flex-col gap-1 py-3'


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def minutes_path(meeting_id: int) -> str:
    return f'/moeder/{meeting_id}/referat'


def create() -> None:
    @ui.page(PATH)
    async def follow_up_page() -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        with frame(_('Follow-up'), user=user, network_name=network.short_name or network.name):
            await FollowUpPage(network.id).show()


class FollowUpPage:
    def __init__(self, network_id: int) -> None:
        self.network_id = network_id

    async def show(self) -> None:
        ui.label(_('The action items of the minutes across meetings. Open ones also come back as "Follow-up" on the '
                   "next meeting's agenda.")).classes(design.MUTED)
        await self.content()
        events.refresh_on(self.network_id, self.content.refresh, events.minutes, events.meetings)

    @ui.refreshable_method
    async def content(self) -> None:
        overview = await minutes_actions.action_overview(self.network_id, i18n.today(now()))
        overdue = overview.overdue
        self.section('overdue', _('Overdue action items'), overdue, _('No action item is overdue.'),
                     warn=bool(overdue))
        self.section('open', _('Open action items'), [line for line in overview.open if not line.overdue],
                     _('No other open action items.'))
        self.section('done', _('Done action items'), overview.done, _('No action item is marked as done yet.'))

    def section(self, key: str, title: str, lines: list[ActionLine], empty: str, *, warn: bool = False) -> None:
        card = ui.card().classes(design.CARD).props('flat bordered').mark(f'{key}-section')
        if warn:   # overdue ones stand out: a red edge and a warning sign beside the heading
            card.classes('border-l-8').style(f'border-left-color: {design.NEGATIVE}')
        with card:
            with ui.row().classes('items-center gap-2 no-wrap'):
                if warn:
                    ui.icon('warning').props('aria-hidden=true').classes('text-2xl') \
                        .style(f'color: {design.NEGATIVE}')
                heading = ui.html(escape(_('{title} ({n})').format(title=title, n=len(lines))), tag='h2') \
                    .classes('text-xl font-bold')
                if warn:
                    heading.style(f'color: {design.NEGATIVE}')
            if not lines:
                ui.label(empty).classes(design.MUTED).mark(f'{key}-empty')
                return
            with ui.element('ul').classes('w-full list-none p-0 m-0 flex flex-col divide-y divide-gray-300') \
                    .mark(f'{key}-list'):
                for line in lines:
                    with ui.element('li').classes(LIST_ITEM).mark(f'action-{line.id}'):
                        action_facts(line)
                        self.toggle(line)

    def toggle(self, line: ActionLine) -> None:
        if line.status == ActionStatus.DONE:
            button = ui.button(_('Open again'), icon='undo', on_click=lambda: self.set_done(line.id, False)) \
                .props('flat no-caps color=primary').mark(f'reopen-{line.id}')
            button.props['aria-label'] = _('Open again: {what}').format(what=_short(line.what))
        else:
            button = ui.button(_('Mark as done'), icon='check', on_click=lambda: self.set_done(line.id, True)) \
                .props('outline no-caps color=positive').mark(f'done-{line.id}')
            button.props['aria-label'] = _('Mark as done: {what}').format(what=_short(line.what))
        button.classes('self-start')

    async def set_done(self, action_id: int, done: bool) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        try:
            await minutes_actions.set_action_done(action_id=action_id, done=done, by=actor, now=now())
        except DomainError as error:
            notify(error.message, type='negative')
            return
        notify(_('The action item is marked as done.') if done else _('The action item is open again.'),
               type='positive')


def action_facts(line: ActionLine, *, in_agenda: bool = False) -> None:
    """What is to be done, who, by when, and the meeting (with the agenda item) it comes from. On an agenda,
    `line.overdue` means the deadline falls before that meeting's day, which may still be ahead."""
    ui.label(line.what).classes('font-bold whitespace-pre-line break-words')
    with ui.row().classes('gap-x-4 gap-y-0 flex-wrap'):
        ui.label(_('Responsible: {name}').format(name=line.responsible) if line.responsible
                 else _('No one responsible yet')).mark(f'responsible-{line.id}')
        deadline = ui.label(_('Deadline: {date}').format(date=i18n.long_date(line.deadline)) if line.deadline
                            else _('No deadline')).mark(f'deadline-{line.id}')
        if line.overdue:
            deadline.classes('font-bold').style(f'color: {design.NEGATIVE}')
            ui.label(_('due before the meeting') if in_agenda else _('overdue')).classes('font-bold') \
                .style(f'color: {design.NEGATIVE}')
        if line.done_at is not None:
            ui.label(_('Done {date}').format(date=i18n.short_date(i18n.local(line.done_at).date())))
    with ui.row().classes('gap-x-1 gap-y-0 flex-wrap items-baseline text-sm'):
        ui.label(_('From the meeting')).classes(design.MUTED)
        ui.link(_('{title}, {date}').format(title=line.meeting_title, date=i18n.short_date(line.meeting_date)),
                minutes_path(line.meeting_id)).mark(f'meeting-{line.id}')
        if line.item_title:
            ui.label(_('(item: {title})').format(title=line.item_title)).classes(design.MUTED)


class FollowUpCard:
    """On the agenda builder: the open action items of earlier meetings, and a button that adds them as an item."""

    def __init__(self, meeting_id: int) -> None:
        self.meeting_id = meeting_id

    async def show(self, found: Programme) -> None:
        lines = await minutes_actions.open_actions_before(self.meeting_id)
        if not lines:
            return
        with ui.card().classes(design.CARD).mark('follow-up'):
            ui.label(_('Follow-up from earlier meetings')).classes('text-xl font-bold') \
                .props('role=heading aria-level=2')
            ui.label(ngettext('{n} action item from earlier minutes is still open.',
                              '{n} action items from earlier minutes are still open.', len(lines))
                     .format(n=len(lines))).classes(design.MUTED)
            with ui.element('ul').classes('w-full list-none p-0 m-0 flex flex-col divide-y divide-gray-300') \
                    .mark('follow-up-list'):
                for line in lines:
                    with ui.element('li').classes(LIST_ITEM).mark(f'follow-up-{line.id}'):
                        action_facts(line, in_agenda=True)
            existing = next((line for line in found.lines if line.kind == AgendaKind.FOLLOW_UP), None)
            if existing is not None:
                ui.label(_('The agenda has a follow-up item: {title}.').format(title=existing.title)) \
                    .mark('follow-up-exists')
            elif found.editable:
                ui.label(_('The button adds an item "Follow-up" at the end of the programme, with these action '
                           'items as its description. Members see it in the programme.')).classes(design.MUTED)
                ui.button(_('Add a follow-up item'), icon='playlist_add', on_click=self.add) \
                    .props('color=primary no-caps').classes('self-start').mark('add-follow-up')

    async def add(self) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        try:
            lines = await minutes_actions.open_actions_before(self.meeting_id)
            with i18n.language(ITEM_LANGUAGE):
                title, description = _('Follow-up'), follow_up_description(lines)
            await agenda.add_item(meeting_id=self.meeting_id, kind=AgendaKind.FOLLOW_UP, title=title,
                                  duration_minutes=ITEM_MINUTES, description=description, single=True, by=actor,
                                  now=now())
        except DomainError as error:
            notify(error.message, type='negative')
            return
        notify(_('The follow-up item is added to the agenda.'), type='positive')


def follow_up_description(lines: list[ActionLine]) -> str:
    """The open action items as a markdown list: what, who, by when, and from which meeting."""
    entries: list[str] = []
    for number, line in enumerate(lines):
        parts = [_('responsible: {name}').format(name=line.responsible)] if line.responsible else []
        if line.deadline:
            parts.append(_('deadline: {date}').format(date=i18n.short_date(line.deadline)))
        parts.append(_('from {title}, {date}').format(title=line.meeting_title,
                                                      date=i18n.short_date(line.meeting_date)))
        entry = f'- {_markdown_text(line.what)} ({_markdown_text("; ".join(parts))})'
        if sum(len(e) + 1 for e in entries) + len(entry) > MAX_LIST:
            rest = len(lines) - number
            entries.append('- ' + ngettext('… and {n} more: see the overview of action items.',
                                           '… and {n} more: see the overview of action items.', rest).format(n=rest))
            break
        entries.append(entry)
    intro = _('Open action items from earlier meetings:')
    return f'{intro}\n\n' + '\n'.join(entries)


def _markdown_text(text: str) -> str:
    """Plain text inside a markdown list item: on one line, its markdown characters escaped."""
    return re.sub(r'([\\`*_\[\]#<>])', r'\\\1', ' '.join(text.split()))


def _short(text: str, length: int = 80) -> str:
    text = ' '.join(text.split())
    return text if len(text) <= length else text[:length - 1] + '…'
