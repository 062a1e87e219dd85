"""Referat: the coordinator writes a meeting's minutes (issue 6; DESIGN.md §1.4). Bound to the agenda: per item notes,
decisions (one a line), group outcomes and action items; the referent; the attendance lists from the roll call.
Saved as you go, and two writers never overwrite each other silently (pages/minutes_writer.py). Approving locks the
minutes as a kept version (its PDF downloads here); reopening needs a reason; approved minutes are sent out by e-mail
and recorded as posted on "For biblioteker". Live on `events.minutes` (and the attendance, board and meetings).
The sections and the PDF downloads: pages/minutes_editor_parts.py; the dialogs and the guard: minutes_dialogs.py."""
from __future__ import annotations

import dataclasses
from functools import partial
from typing import Any

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _, ngettext
from flnet_ui.labels import AGENDA_KIND, MEETING_STATUS
from flnet_ui.services import (
    meeting_plan,
    minutes,
    minutes_actions,
    minutes_distribution,
    minutes_versions,
    networks,
    notices,
)
from flnet_ui.services.minutes import ActionView, ItemView, MinutesView
from flnet_ui.services.minutes_distribution import DistributionView
from flnet_ui.services.minutes_versions import MINUTES_STATUS, VersionView
from models import AgendaKind, DistributionChannel, MeetingStatus, MinutesStatus, Role

from .minutes_dialogs import ActionDialog, Confirm, ConflictDialog, Fields, ReopenDialog, act
from .minutes_editor_parts import (
    action_list,
    add_download_routes,
    attendance_section,
    fact,
    group_outcomes,
    item_texts,
    read_only,
    sent_list,
    version_list,
)
from .minutes_writer import Conflicted, Desk, Field, Writer


def create() -> None:
    add_download_routes()

    @ui.page('/moeder/{meeting_id}/referat')
    async def minutes_page(meeting_id: str) -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        row = await meeting_plan.meeting_row(network.id, meeting_id)
        title = _('Minutes: {title}').format(title=row.meeting.title) if row else _('Meeting not found')
        with frame(title, user=user, network_name=network.short_name or network.name):
            ui.link(_('Back to the meeting'), f'/moeder/{row.meeting.id}' if row else '/moeder').mark('back')
            if row is None:
                ui.label(_('The meeting does not exist.')).mark('not-found')
                return
            await MinutesPage(network.id, row.meeting.id).show()


def _shape(view: MinutesView, kept: list[VersionView], sent: list[DistributionView]) -> object:
    """All the page draws, except the texts saved as you go while they are editable: when only those changed, they
    are updated in place, which keeps the focus and what is being typed."""
    if view.writable:
        view = dataclasses.replace(view, referent='', revision=0, items=[
            dataclasses.replace(item, notes='', decisions=[], revision=0) for item in view.items])
    return view, kept, sent


class MinutesPage:
    def __init__(self, network_id: int, meeting_id: int) -> None:
        self.network_id, self.meeting_id = network_id, meeting_id
        self.shape: object = None

    async def show(self) -> None:
        # Dialogs outside the redrawn part, so a live redraw never closes an open dialog.
        self.desk = Desk(ConflictDialog())
        self.action_dialog = ActionDialog(self.network_id, self.meeting_id)
        self.confirm = Confirm()
        self.reopen_dialog = ReopenDialog(self.meeting_id)
        await self.content()
        events.refresh_on(self.network_id, self.live, events.minutes, events.attendance, events.board,
                          events.meetings)

    async def read(self) -> tuple[MinutesView, list[VersionView], list[DistributionView]]:
        return (await minutes.minutes_view(self.meeting_id), await minutes_versions.versions(self.meeting_id),
                await minutes_distribution.distributions(self.meeting_id))

    async def live(self) -> None:
        view, kept, sent = await self.read()
        if _shape(view, kept, sent) != self.shape:
            await self.content.refresh()
            return
        if (referent := self.desk.writers.get('referent')) is not None:
            referent.sync((view.referent,), view.revision)
        for item in view.items:
            if (writer := self.desk.writers.get(f'item-{item.agenda_item_id}')) is not None:
                writer.sync((item.notes, '\n'.join(item.decisions)), item.revision)

    @ui.refreshable_method
    async def content(self) -> None:
        view, kept, sent = await self.read()
        self.shape = _shape(view, kept, sent)
        self.desk.writers.clear()
        self.facts(view)
        attendance_section(view.attendance, self.meeting_id)
        with ui.card().classes(design.CARD).mark('items'):
            ui.html(_('Agenda items'), tag='h2').classes('text-xl font-bold')
            if not view.items:
                ui.label(_('The meeting has no agenda items.')).classes(design.MUTED)
            for item in view.items:
                self.item(item, view)
        with ui.card().classes(design.CARD).mark('meeting-actions'):
            ui.html(_(minutes_versions.MEETING_ACTIONS), tag='h2').classes('text-xl font-bold')
            self.actions(view.actions, None, _('the meeting as a whole'), view)
        self.lifecycle(view, kept)
        if view.status != MinutesStatus.DRAFT:
            await self.distribution(view, sent)

    def facts(self, view: MinutesView) -> None:
        with ui.card().classes(design.CARD).mark('facts'):
            ui.html(_('The meeting'), tag='h2').classes('text-xl font-bold')
            fact(_('When'), _('{date}, {start}–{end}').format(date=i18n.long_date(view.date),
                                                                start=i18n.clock(view.starts.time()),
                                                                end=i18n.clock(view.ends.time())))
            fact(_('Host library'), view.host)
            if view.venue:
                fact(_('Address'), view.venue)
            fact(_('Meeting status'), _(MEETING_STATUS[view.meeting_status])).mark('meeting-status')
            fact(_('Minutes'), _(MINUTES_STATUS[view.status])).mark('minutes-status')
            fact(_('Version'), str(view.version) if view.version else '–').mark('version')
            if view.meeting_status == MeetingStatus.CANCELLED:
                ui.label(_('The meeting is cancelled: it has no minutes.')).classes('font-bold').mark('read-only')
            elif view.meeting_status == MeetingStatus.PLANNED:
                ui.label(_('Minutes can be written once the meeting has started.')).classes('font-bold') \
                    .mark('read-only')
            if view.writable:
                field = Field('referent', _('Referent'), 'referent', False, 200)
                writer = Writer(self.desk, 'referent', fields=[field],
                                stored=(view.referent,), revision=view.revision, call=self.save_referent,
                                split=lambda text: (str(text),), status_mark='referent-status')
                writer.fields[0].on('keydown.enter', writer.save)
            else:
                fact(_('Referent'), view.referent or '–').mark('referent-text')
                if (draft := self.desk.drafts.get('referent')) is not None:   # locked before it was saved: shown
                    ui.label(_('Your text was not saved: the minutes were locked meanwhile. Copy it if you need it.'))
                    ui.label(draft.texts[0]).classes('font-medium').mark('unsaved-referent')

    def item(self, item: ItemView, view: MinutesView) -> None:
        with ui.column().classes('w-full gap-2 border-t border-gray-300 pt-3').mark(f'item-{item.agenda_item_id}'):
            details = [i18n.clock(item.starts.time()), _(AGENDA_KIND[item.kind]).capitalize(),
                       *([item.presenter] if item.presenter else [])]
            ui.label(' · '.join(details)).classes(design.MUTED)
            ui.label(item.title).classes('text-lg font-bold').props('role=heading aria-level=3')
            if item.kind == AgendaKind.BREAK and not (item.notes or item.decisions or item.actions):
                return   # a break has nothing to write down; it stays so the programme reads whole
            key = f'item-{item.agenda_item_id}'
            if view.writable:
                notes_mark, decisions_mark = f'notes-{item.agenda_item_id}', f'decisions-{item.agenda_item_id}'
                Writer(self.desk, key, fields=[Field('notes', _('Notes'), notes_mark, True, 20_000),
                                               Field('decisions', _('Decisions (one per line)'), decisions_mark,
                                                     True, 50_000)],
                       stored=(item.notes, '\n'.join(item.decisions)), revision=item.revision,
                       call=partial(self.save_item, item.agenda_item_id), split=item_texts,
                       status_mark=f'status-{item.agenda_item_id}')
            else:
                read_only(item, self.desk.drafts.get(key))
            if item.kind == AgendaKind.GROUP_WORK:
                group_outcomes(item, self.meeting_id)
            ui.label(_('Action items')).classes('font-bold mt-2').props('role=heading aria-level=4')
            self.actions(item.actions, item.agenda_item_id, item.title, view)

    def actions(self, found: list[ActionView], item_id: int | None, where: str, view: MinutesView) -> None:
        action_list(found, editable=view.writable, on_done=self.set_done,
                    on_edit=lambda a: self.action_dialog.open_edit(a, where), on_delete=self.ask_delete)
        if view.writable:
            add = ui.button(_('Add an action item'), icon='add',
                            on_click=lambda: self.action_dialog.open_add(item_id, where)) \
                .props('outline no-caps color=primary').mark(f'add-action-{item_id or "meeting"}')
            add.props['aria-label'] = _('Add an action item to {title}').format(title=where)

    def lifecycle(self, view: MinutesView, kept: list[VersionView]) -> None:
        with ui.card().classes(design.CARD).mark('lifecycle'):
            ui.html(_('Approval and versions'), tag='h2').classes('text-xl font-bold')
            if view.status != MinutesStatus.DRAFT:
                with ui.row().classes('items-center gap-2 no-wrap').mark('locked'):
                    ui.icon('lock').props('aria-hidden=true')
                    ui.label(_('The minutes are approved and locked. Reopen them to make a change.')) \
                        .classes('font-bold')
                ui.button(_('Reopen'), icon='lock_open', on_click=self.reopen_dialog.open) \
                    .props('outline no-caps color=primary').mark('reopen')
            elif view.approvable:
                ui.label(_('Approving locks the minutes and keeps them as version {number}.')
                         .format(number=view.version + 1))
                ui.button(_('Approve the minutes'), icon='task_alt', on_click=self.ask_approve) \
                    .props('no-caps color=primary').mark('approve')
            elif view.meeting_status == MeetingStatus.RUNNING:
                ui.label(_('Close the meeting before approving the minutes: the attendance lists must be final.')) \
                    .classes(design.MUTED).mark('not-approvable')
            if view.status == MinutesStatus.DRAFT and view.meeting_status in minutes.WRITABLE:
                ui.link(_('Preview the draft as PDF'), f'/moeder/{self.meeting_id}/referat/udkast.pdf') \
                    .props('download').mark('preview-pdf')
            version_list(self.meeting_id, kept)

    async def distribution(self, view: MinutesView, sent: list[DistributionView]) -> None:
        text = await minutes_distribution.posting_text(self.meeting_id, notices.link(''))
        members = await minutes_distribution.email_recipients(self.meeting_id)
        done = {d.channel for d in sent if d.version == view.version}
        with ui.card().classes(design.CARD).mark('distribution'):
            ui.html(_('Sending out'), tag='h2').classes('text-xl font-bold')
            for channel, text_done in ((DistributionChannel.EMAIL, _('This version is e-mailed.')),
                                       (DistributionChannel.FOR_BIBLIOTEKER,
                                        _('This version is recorded as posted on "For biblioteker".'))):
                if channel in done:
                    with ui.row().classes('items-center gap-2 no-wrap').mark(f'done-{channel.value}'):
                        ui.icon('check_circle').style(f'color: {design.POSITIVE}').props('aria-hidden=true')
                        ui.label(text_done)
            with ui.row().classes('gap-2 flex-wrap items-center' if len(done) < len(DistributionChannel) else 'hidden'):
                if DistributionChannel.EMAIL not in done:
                    ui.button(_('Send by e-mail'), icon='mail', on_click=lambda: self.confirm.open(
                        _('Send the minutes by e-mail?'),
                        ngettext('Version {version} is e-mailed as a PDF to {n} active member.',
                                 'Version {version} is e-mailed as a PDF to {n} active members.', members)
                        .format(version=view.version, n=members), _('Send'), self.send_email)) \
                        .props('no-caps color=primary').mark('send-email')
                if DistributionChannel.FOR_BIBLIOTEKER not in done:
                    ui.button(_('Record the posting on "For biblioteker"'), icon='campaign',
                              on_click=self.record_posting).props('outline no-caps color=primary') \
                        .mark('record-posting')
            ui.textarea(_('Text for "For biblioteker"'), value=text).props('outlined readonly autogrow') \
                .classes('w-full').mark('posting-text')
            ui.button(_('Copy the text'), icon='content_copy', on_click=lambda: self.copy(text)) \
                .props('flat no-caps color=primary').mark('copy-posting')
            sent_list(sent)

    # --- the changes, each through `act` (the guard, the service as the coordinator, the refusal shown) ---

    async def save_referent(self, texts: tuple[str, ...], base: int, fields: Fields,
                            conflict: Conflicted) -> tuple[bool, Any]:
        return await act(lambda **kw: minutes.set_referent(meeting_id=self.meeting_id, referent=texts[0],
                                                           expected_revision=base, **kw),
                         fields=fields, conflict=conflict)

    async def save_item(self, item_id: int, texts: tuple[str, ...], base: int, fields: Fields,
                        conflict: Conflicted) -> tuple[bool, Any]:
        return await act(lambda **kw: minutes.save_item(meeting_id=self.meeting_id, agenda_item_id=item_id,
                                                        notes=texts[0], decisions=texts[1], expected_revision=base,
                                                        **kw), fields=fields, conflict=conflict)

    async def set_done(self, action: ActionView, done: bool) -> None:
        ok, _answer = await act(lambda **kw: minutes_actions.set_action_done(action_id=action.id, done=done, **kw))
        if ok:
            notify(_('Marked as done.') if done else _('Marked as open.'), type='positive')
        else:
            await self.content.refresh()   # the box shows what is stored again

    def ask_delete(self, action: ActionView) -> None:
        async def delete() -> None:
            ok, _answer = await act(lambda **kw: minutes_actions.delete_action(action_id=action.id, **kw))
            if ok:
                notify(_('The action item is deleted.'), type='positive')
        self.confirm.open(_('Delete?'), _('The action item «{what}» is deleted.').format(what=action.what),
                          _('Delete'), delete, negative=True)

    async def ask_approve(self) -> None:
        if not await self.desk.flush():
            notify(_('Some text is not saved. Save it, or choose between the two texts, before approving.'),
                      type='warning')
            return
        self.confirm.open(_('Approve the minutes?'),
                          _('The minutes are locked and kept as a version. A change afterwards means reopening '
                            'them, with a reason.'), _('Approve'), self.approve)

    async def approve(self) -> None:
        referent = self.desk.writers.get('referent')
        fields = {'referent': referent.fields[0]} if referent else {}
        ok, number = await act(lambda **kw: minutes_versions.approve(meeting_id=self.meeting_id, **kw),
                               fields=fields)
        if ok:
            notify(_('The minutes are approved as version {number}.').format(number=number), type='positive')

    async def send_email(self) -> None:
        ok, count = await act(lambda **kw: minutes_distribution.distribute_by_email(meeting_id=self.meeting_id,
                                                                                    **kw))
        if ok:
            notify(ngettext('The minutes are in the outbox for {n} member.',
                               'The minutes are in the outbox for {n} members.', count).format(n=count),
                      type='positive')

    async def record_posting(self) -> None:
        ok, _answer = await act(lambda **kw: minutes_distribution.record_posting(meeting_id=self.meeting_id, **kw))
        if ok:
            notify(_('The posting on "For biblioteker" is recorded.'), type='positive')

    def copy(self, text: str) -> None:
        ui.clipboard.write(text)
        notify(_('The text is copied.'))
