"""The meeting page's e-mail part: when the invitation and the reminder went out, and "Send invitation" (with a
confirmation, since it writes to every active member)."""
from __future__ import annotations

import datetime as dt

from nicegui import ui

from flnet_ui import access, i18n
from flnet_ui.components import design
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _, ngettext
from flnet_ui.services import invitations, seats
from flnet_ui.services.errors import DomainError
from models import Meeting, MeetingStatus, Role
from pages.member_dialogs import heading


async def invitation_section(meeting: Meeting) -> None:
    """Inside the meeting's details card. The page redraws after sending (the service emits events.meetings)."""
    if meeting.invited_at is not None:
        ui.label(_('Invitation sent {when}').format(when=i18n.date_time(meeting.invited_at))).mark('invited-at')
    if meeting.reminded_at is not None:
        ui.label(_('Reminder sent {when}').format(when=i18n.date_time(meeting.reminded_at))).mark('reminded-at')
    if meeting.status != MeetingStatus.PLANNED or meeting.starts_at <= dt.datetime.now(dt.UTC):
        return
    active = (await seats.overview(meeting.network_id)).active
    text = _('Send the invitation again') if meeting.invited_at else _('Send invitation')
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-md').mark('invite-dialog'):
        heading(_('Send the invitation by e-mail?'), dialog)
        if meeting.invited_at is not None:
            ui.label(_('The invitation was already sent {when}.').format(when=i18n.date_time(meeting.invited_at)))
        ui.label(ngettext('It goes to {n} active member, with a link to answer and a calendar file.',
                          'It goes to {n} active members, each with a link to answer and a calendar file.', active)
                 .format(n=active)).classes(design.MUTED)

        async def send() -> None:
            actor = await access.action_actor(Role.COORDINATOR)
            if actor is None:
                return
            try:
                count = await invitations.send_invitation(meeting_id=meeting.id, by=actor, now=dt.datetime.now(dt.UTC))
            except DomainError as error:
                notify(error.message, type='negative')
                dialog.close()
                return
            dialog.close()
            notify(ngettext('The invitation is on its way to {n} member.',
                               'The invitation is on its way to {n} members.', count).format(n=count), type='positive')

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(_('Cancel'), on_click=dialog.close).props('flat no-caps').mark('invite-cancel')
            ui.button(_('Send'), icon='send', on_click=send).props('no-caps color=primary').mark('invite-confirm')
    ui.button(text, icon='mail', on_click=dialog.open).props('outline no-caps color=primary').mark('invite')
