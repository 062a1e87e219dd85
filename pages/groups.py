"""Grupper: dividing the attendees of a gruppearbejde item into groups (N groups or a group size), drawing anew
("Bland igen"), moving a person by drag and drop or with a select (keyboard and screen reader friendly), and each
group's question, scribe and outcome. Live: redrawn when the board or the attendance changes; text typed but not
saved survives that."""
from __future__ import annotations

import datetime as dt
from functools import partial

from nicegui import ui

from flnet_ui import access, events
from flnet_ui.components import design, drag
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _, ngettext
from flnet_ui.services import groups, meeting_plan, networks
from flnet_ui.services.errors import DomainError
from flnet_ui.services.groups import GroupView, Participant
from models import AgendaItem, Landsdel, MeetingStatus, Role
from pages.member_dialogs import heading

BY_COUNT, BY_SIZE = 'groups', 'size'


def create() -> None:
    @ui.page('/moeder/{meeting_id}/grupper/{item_id}')
    async def groups_page(meeting_id: str, item_id: str) -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        row = await meeting_plan.meeting_row(network.id, meeting_id)
        item = await groups.group_item(row.meeting.id, item_id) if row else None
        with frame(_('Groups'), user=user, network_name=network.short_name or network.name):
            if row is None or item is None:
                ui.link(_('All meetings'), '/moeder').mark('back')
                ui.label(_('The group work does not exist.')).mark('not-found')
                return
            ui.link(row.meeting.title, f'/moeder/{row.meeting.id}').classes('text-lg font-bold').mark('back')
            ui.label(item.title).classes('text-lg').mark('item-title')
            page = GroupsPage(item, editable=row.meeting.status in (MeetingStatus.PLANNED, MeetingStatus.RUNNING))
            await page.build()
        events.refresh_on(network.id, page.content.refresh, events.board, events.attendance)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class GroupsPage:
    def __init__(self, item: AgendaItem, *, editable: bool) -> None:
        self.item = item
        self.editable = editable
        self.mode = BY_COUNT
        self.number: float | None = 3
        self.dragging: int | None = None   # the person being dragged with the mouse
        self.drafts: dict[tuple[int, str], str] = {}   # (group id, field) -> text typed but not yet saved

    async def build(self) -> None:
        existing = await groups.groups_of(self.item.id)
        if existing:  # the number field starts at the groups there are, so "Lav grupper" keeps their count
            self.number = len(existing)
        if not self.editable:
            ui.label(_('The meeting is closed or cancelled: the groups can no longer be changed.')) \
                .classes(design.MUTED).mark('read-only')
        self.redraw_dialog()
        await self.content()

    def redraw_dialog(self) -> None:
        """Drawing anew over written outcomes asks first: they belong to the old groups and go with them."""
        self.pending: int | None = None
        with ui.dialog() as self.confirm, ui.card().classes('w-full max-w-md').mark('redraw-dialog'):
            heading(_('Draw the groups anew?'), self.confirm)
            ui.label(_('The outcomes written so far and the scribes are deleted with the old groups. The questions '
                       'stay with the group numbers.'))
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=self.confirm.close).props('flat no-caps color=primary')
                ui.button(_('Draw anew'), on_click=self.confirmed).props('no-caps color=negative') \
                    .mark('confirm-redraw')

    async def ask_make(self, count: int | None = None) -> None:
        if any(group.outcome for group in await groups.groups_of(self.item.id)):
            self.pending = count
            self.confirm.open()
            return
        await self.make(count)

    async def confirmed(self) -> None:
        self.confirm.close()
        await self.make(self.pending)

    @ui.refreshable_method
    async def content(self) -> None:
        people = await groups.attendees(self.item.id)
        made = await groups.groups_of(self.item.id)
        if self.editable:
            self.controls(people, made)
        with ui.element('div').classes('w-full grid gap-4 grid-cols-1 md:grid-cols-2 xl:grid-cols-3') \
                .mark('groups'):
            for group in made:
                self.group_card(group, made)
        placed = {m.membership_id for group in made for m in group.members}
        missing = [p for p in people if p.membership_id not in placed]
        if made and missing and self.editable:
            self.latecomers(missing, made)

    def controls(self, people: list[Participant], made: list[GroupView]) -> None:
        with ui.card().classes(design.CARD).props('flat bordered').mark('make-section'):
            ui.html(_('Make groups'), tag='h2').classes('text-xl font-bold')
            ui.label(ngettext('{n} person takes part (signed up, or present once the roll call started).',
                              '{n} people take part (signed up, or present once the roll call started).',
                              len(people)).format(n=len(people))).mark('attendee-count')
            with ui.row().classes('items-end gap-4 flex-wrap'):
                ui.toggle({BY_COUNT: _('Number of groups'), BY_SIZE: _('People per group')}, value=self.mode,
                          on_change=lambda e: setattr(self, 'mode', e.value)) \
                    .props('no-caps aria-label="{}"'.format(_('Divide by'))).mark('mode')
                ui.number(_('Number'), value=self.number, min=1, precision=0,
                          on_change=lambda e: setattr(self, 'number', e.value)) \
                    .props('outlined dense').classes('w-28').mark('number')
                ui.button(_('Make groups'), icon='groups', on_click=self.ask_make) \
                    .props('color=primary no-caps').mark('make')
                if made:
                    ui.button(_('Shuffle again'), icon='shuffle', on_click=lambda: self.ask_make(len(made))) \
                        .props('outline color=primary no-caps').mark('reshuffle')
            if made:
                ui.label(_('Draw no. {seed}: the same people and draw give the same groups.')
                         .format(seed=made[0].seed)).classes(design.MUTED).mark('seed')

    def group_card(self, group: GroupView, made: list[GroupView]) -> None:
        card = ui.card().classes('w-full').props('flat bordered').mark(f'group-{group.number}')
        if self.editable:  # drop a person dragged from another group (the select beside each name does it by keyboard)
            drag.drop_target(card, partial(self.drop, group.number))
        with card:
            ui.html(_('Group {number}').format(number=group.number), tag='h2').classes('text-xl font-bold')
            with ui.element('ul').classes('w-full list-none p-0 m-0 flex flex-col gap-2'):
                for person in group.members:
                    self.member_row(person, group, made)
            if not self.editable:
                ui.label(_('Question: {text}').format(text=group.question or '–')).classes('whitespace-pre-line')
                ui.label(_('Scribe: {name}').format(name=group.scribe_name or '–'))
                ui.label(_('Outcome: {text}').format(text=group.outcome or '–')).classes('whitespace-pre-line')
                return
            question = self.text_field(group, 'question', _('Question'), group.question, 1000)
            scribes = {0: _('No scribe yet')} | {m.membership_id: m.name for m in group.members}
            scribe = ui.select(scribes, label=_('Scribe'), value=group.scribe_id or 0) \
                .props('outlined dense').classes('w-full').mark(f'scribe-{group.number}')
            outcome = self.text_field(group, 'outcome', _('Outcome'), group.outcome, 10_000)
            ui.button(_('Save group {number}').format(number=group.number),
                      on_click=lambda: self.save(group, question.value or '', scribe.value or None,
                                                 outcome.value or '')) \
                .props('color=primary no-caps').mark(f'save-{group.number}')

    def member_row(self, person: Participant, group: GroupView, made: list[GroupView]) -> None:
        row = ui.element('li').classes('w-full flex flex-wrap items-center gap-x-3 gap-y-1') \
            .mark(f'member-{person.membership_id}')
        if self.editable and made:
            drag.draggable(row, partial(self.start_drag, person.membership_id))
        with row:
            with ui.column().classes('gap-0 grow'):
                ui.label(person.name).classes('font-medium')
                ui.label(_where(person)).classes(f'{design.MUTED} text-sm')
            if self.editable and len(made) > 1:
                targets = {g.number: _('Group {number}').format(number=g.number) for g in made if g.id != group.id}
                ui.select(targets, label=_('Move {name} to group…').format(name=person.name),
                          on_change=lambda e, who=person.membership_id: self.move(who, e.value)) \
                    .props('outlined dense').classes('w-full').mark(f'move-{person.membership_id}')

    def latecomers(self, missing: list[Participant], made: list[GroupView]) -> None:
        with ui.card().classes(design.CARD).props('flat bordered').mark('not-placed'):
            ui.html(_('Not in a group yet'), tag='h2').classes('text-xl font-bold')
            with ui.element('ul').classes('w-full list-none p-0 m-0 flex flex-col gap-2'):
                for person in missing:
                    self.member_row(person, GroupView(0, 0, '', None, '', 0), made)

    def text_field(self, group: GroupView, name: str, label: str, saved: str, limit: int) -> ui.textarea:
        key = (group.id, name)
        return ui.textarea(label, value=self.drafts.get(key, saved),
                           on_change=lambda e: self.drafts.__setitem__(key, e.value or '')) \
            .props(f'outlined autogrow maxlength={limit}').classes('w-full').mark(f'{name}-{group.number}')

    async def make(self, count: int | None = None) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        number = count if count is not None else int(self.number or 0)
        ask = {'groups': number} if count is not None or self.mode == BY_COUNT else {'size': number}
        try:
            made = await groups.make_groups(item_id=self.item.id, **ask, by=actor, now=_now())
        except DomainError as error:
            notify(error.message, type='negative')
            return
        self.drafts.clear()
        notify(ngettext('{n} group made.', '{n} groups made.', len(made)).format(n=len(made)), type='positive')

    def start_drag(self, membership_id: int) -> None:
        self.dragging = membership_id

    async def drop(self, number: int) -> None:
        dragged, self.dragging = self.dragging, None
        if dragged is not None:
            await self.move(dragged, number)

    async def move(self, membership_id: int, to_group: int | None) -> None:
        if to_group is None:
            return
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        try:
            await groups.move_person(item_id=self.item.id, membership_id=membership_id, to_group=to_group, by=actor,
                                     now=_now())
        except DomainError as error:
            notify(error.message, type='negative')
            return
        notify(_('Moved to group {number}.').format(number=to_group), type='positive')

    async def save(self, group: GroupView, question: str, scribe_id: int | None, outcome: str) -> None:
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        try:
            await groups.update_group(group_id=group.id, question=question, scribe_membership_id=scribe_id,
                                      outcome=outcome, by=actor, now=_now())
        except DomainError as error:
            notify(error.message, type='negative')
            return
        self.drafts.pop((group.id, 'question'), None)
        self.drafts.pop((group.id, 'outcome'), None)
        notify(_('Group {number} is saved.').format(number=group.number), type='positive')


def _where(person: Participant) -> str:
    part = {Landsdel.EAST: _('East'), Landsdel.WEST: _('West')}.get(person.landsdel, '') if person.landsdel else ''
    return ' · '.join(text for text in (person.library, part) if text) or _('No library')
