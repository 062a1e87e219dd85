"""One person's page for the coordinator: status, waitlist place, absence streak, attendance, timeline, and actions.

Follows membership and attendance changes live (events.membership / events.attendance), drawn again only when
something it shows of this person has changed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nicegui import ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.components.redraw import DrawnFrom
from flnet_ui.i18n import _
from flnet_ui.ids import plain_id
from flnet_ui.labels import ATTENDANCE_STATUS, LANDSDEL, MEMBERSHIP_STATUS
from flnet_ui.services import audit, membership, networks, people
from flnet_ui.services.errors import DomainError
from models import FORMER, MembershipStatus, Role

from .member_dialogs import (
    fill_libraries,
    heading,
    library_picker,
    new_library_form,
    reason_dialog,
    show_error,
)
from .members import streak_text
from .person_timeline import timeline
from .retention import AnonymiseDialog


def create() -> None:
    @ui.page('/medlemmer/{membership_id}')
    async def person_page(membership_id: str) -> None:
        user = await access.page_user(Role.COORDINATOR)
        if user is None:
            return
        network = await networks.default_network()
        wanted = plain_id(membership_id)
        record = None if wanted is None else await people.person_record(membership_id=wanted,
                                                                         now=dt.datetime.now(dt.UTC))
        title = record.row.name if record else _('Member not found')
        with frame(title, user=user, network_name=network.short_name or network.name):
            ui.link(_('Back to the member list'), '/medlemmer').mark('back')
            if record is None:
                ui.label(_('There is no member with this number.')).mark('not-found')
                return
            await person_view(record.row.membership_id, record.row.person_id, network.id)


async def person_view(membership_id: int, person_id: int, network_id: int) -> None:
    async def read() -> _Read:
        record = await people.person_record(membership_id=membership_id, now=dt.datetime.now(dt.UTC))
        return _Read(record, await audit.timeline(person_id=person_id) if record else audit.Timeline([], {}))

    @ui.refreshable
    async def content(shown: _Read) -> None:
        record = shown.record
        if record is None:
            return
        row = record.row
        with ui.card().classes(design.CARD):
            heading(_('Status'))
            ui.label(_status_sentence(row)).classes('text-lg font-bold').mark('status')
            if row.streak is not None:
                ui.label(streak_text(row) if row.streak.count else _('No absences in a row.')).mark('streak')
            _contact(row)
            with ui.row().classes('gap-2 flex-wrap'):
                await _actions(row, person_id, anonymise)
        with ui.card().classes(design.CARD):
            heading(_('Attendance'))
            if not record.attendance:
                ui.label(_('No held meetings count for this person yet.')).classes(design.MUTED)
            for entry in record.attendance:
                with ui.row().classes('w-full gap-2 justify-between flex-wrap').mark('attendance-row'):
                    ui.label(f'{i18n.short_date(entry.meeting.date)} · {entry.meeting.title}')
                    ui.label(_(ATTENDANCE_STATUS[entry.status])).classes('font-bold')
        with ui.card().classes(design.CARD):
            heading(_('Timeline'))
            timeline(shown.timeline)

    # Outside the refreshed content (anonymising redraws it); reloaded after, so the h1 and tab lose the old name too.
    anonymise = AnonymiseDialog(on_done=ui.navigate.reload)
    # Every change in the network is reported here (another person's application, a close), but only this person's
    # own draws the page again (components/redraw.py): with two coordinators at work, clicks are not swallowed.
    drawn = DrawnFrom(read, content.refresh, seen=lambda shown: shown.seen)
    await content(await drawn.first())
    events.refresh_on(network_id, drawn.redraw, events.membership, events.attendance)


@dataclass(frozen=True)
class _Read:
    record: people.PersonRecord | None
    timeline: audit.Timeline

    @property
    def seen(self) -> tuple[object, ...] | None:
        """What the page shows of the two, comparable: database models compare by their id alone."""
        if self.record is None:
            return None
        return (self.record.row,
                tuple((e.meeting_id, e.meeting.date, e.meeting.title, e.status) for e in self.record.attendance),
                tuple((e.id, e.at, e.actor_name, e.subject, e.action, e.from_value, e.to_value, e.reason)
                      for e in self.timeline.entries), self.timeline.meeting_titles)


def _status_sentence(row: people.MemberRow) -> str:
    if row.position is not None:
        return _('No. {position} on the waitlist – seats become free when members resign').format(
            position=row.position)
    return _(MEMBERSHIP_STATUS[row.status]).capitalize()


def _contact(row: people.MemberRow) -> None:
    if row.anonymised:
        ui.label(_('The personal data has been anonymised.')).classes(design.MUTED).mark('anonymised')
        return
    with ui.column().classes('gap-0').mark('contact'):
        for label, value in ((_('E-mail'), row.email), (_('Phone'), row.phone), (_('Job title'), row.job_title),
                             (_('Library'), f'{row.library} ({row.municipality})' if row.library else ''),
                             (_('Part of the country'), _(LANDSDEL[row.landsdel]) if row.landsdel else '')):
            if value:
                ui.label(f'{label}: {value}')


async def _actions(row: people.MemberRow, person_id: int, anonymise: AnonymiseDialog) -> None:
    now = lambda: dt.datetime.now(dt.UTC)  # noqa: E731

    async def act(verb, reason: str) -> None:  # type: ignore[no-untyped-def]
        actor = await access.action_actor(Role.COORDINATOR)
        if actor is None:
            return
        await verb(membership_id=row.membership_id, reason=reason, by=actor, now=now())
        notify(_('Saved.'), type='positive')

    if row.anonymised:  # nothing left to edit, and no one to reinstate
        return
    edit = await _edit_dialog(row, person_id)
    ui.button(_('Edit contact data'), icon='edit', on_click=edit.open).props('outline color=primary').mark('edit')
    status = row.status
    if status in (MembershipStatus.ACTIVE, MembershipStatus.OFFERED):
        # "Resign" alone is the member's own button on Min side ("Meld dig ud"); here the coordinator records it.
        dialog = reason_dialog(_('Register resignation'), _('The seat goes to the first on the waitlist at once.'),
                               _('Register resignation'), lambda reason: act(membership.resign, reason),
                               required=False)
        ui.button(_('Register resignation'), on_click=dialog.open).props('outline color=negative').mark('resign')
    if status in (MembershipStatus.WAITLISTED, MembershipStatus.PENDING, MembershipStatus.OFFERED):
        dialog = reason_dialog(_('Withdraw'), _('The person leaves the waitlist or the application is withdrawn.'),
                               _('Withdraw'), lambda reason: act(membership.withdraw, reason), required=False)
        ui.button(_('Withdraw'), on_click=dialog.open).props('outline color=negative').mark('withdraw')
    if status == MembershipStatus.PENDING:
        reject = reason_dialog(_('Reject'), _('The reason is kept in the log and sent to the applicant by e-mail.'),
                               _('Reject'), lambda reason: act(membership.reject, reason))
        ui.button(_('Approve'), on_click=lambda: _approve(row.membership_id)).props('color=primary').mark('approve')
        ui.button(_('Reject'), on_click=reject.open).props('outline color=negative').mark('reject')
    if status in FORMER:
        dialog = reason_dialog(_('Reinstate'), _('If the network is full, the person goes first on the waitlist.'),
                               _('Reinstate'), lambda reason: act(membership.reinstate, reason))
        ui.button(_('Reinstate'), on_click=dialog.open).props('color=primary').mark('reinstate')
        anonymise.button(person_id, row.name)


async def _approve(membership_id: int) -> None:
    actor = await access.action_actor(Role.COORDINATOR)
    if actor is None:
        return
    try:
        await membership.approve(membership_id=membership_id, by=actor, now=dt.datetime.now(dt.UTC))
    except DomainError as error:
        notify(error.message, type='negative')


async def _edit_dialog(row: people.MemberRow, person_id: int) -> ui.dialog:
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-lg'):
        heading(_('Edit contact data'), dialog)
        name = ui.input(_('Name'), value=row.name).props('outlined').classes('w-full').mark('edit-name')
        email = ui.input(_('E-mail'), value=row.email).props('outlined type=email').classes('w-full') \
            .mark('edit-email')
        phone = ui.input(_('Phone'), value=row.phone).props('outlined type=tel').classes('w-full').mark('edit-phone')
        job_title = ui.input(_('Job title'), value=row.job_title).props('outlined').classes('w-full') \
            .mark('edit-job-title')
        picker = await library_picker(row.library_id)
        new_library_form(picker)
        fields = {'name': name, 'email': email, 'phone': phone, 'job_title': job_title, 'library': picker}

        async def save() -> None:
            actor = await access.action_actor(Role.COORDINATOR)
            if actor is None:
                return
            try:
                await people.update_person(person_id=person_id, name=name.value or '', email=email.value or '',
                                           phone=phone.value or '', job_title=job_title.value or '',
                                           library_id=picker.value, by=actor, now=dt.datetime.now(dt.UTC))
            except DomainError as error:
                show_error(error, fields)
                return
            dialog.close()
            notify(_('Saved.'), type='positive')   # the page is drawn again by the change's event, as everyone's

        async def reset() -> None:  # a reopened dialog starts from what is saved
            await fill_libraries(picker, picker.value)

        dialog.on('show', reset)
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(_('Cancel'), on_click=dialog.close).props('flat color=primary').mark('edit-cancel')
            ui.button(_('Save'), on_click=save).props('color=primary').mark('edit-save')
    return dialog
