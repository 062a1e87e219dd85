"""Meeting invitations (the coordinator's action) and reminders (sent by the background job), by e-mail.

An invitation may be sent again (after a change of plan); the reminder goes once, `network.meeting_reminder_days`
before the start, unless the invitation itself went out that late (a second message days later says nothing new).
"""
from __future__ import annotations

import datetime as dt

from flnet_ui import events, mail
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _, ngettext
from models import Meeting, MeetingStatus, Network

from . import notices_meetings
from .audit import SYSTEM, Actor, log
from .errors import DomainError


async def send_invitation(*, meeting_id: int, by: Actor, now: dt.datetime) -> int:
    """E-mail the invitation to every active member and note when; returns how many were invited."""
    meeting = await _meeting(meeting_id)
    # The seat lock: the list of active members cannot change while the invitations are written.
    async with seat_lock(meeting.network_id):
        meeting = await _meeting(meeting_id)
        if meeting.status != MeetingStatus.PLANNED:
            raise DomainError(_('Invitations can only be sent for a planned meeting.'))
        if meeting.starts_at <= now:
            raise DomainError(_('The meeting has already started.'))
        network = await Network.get(id=meeting.network_id)
        count = await notices_meetings.invitation(meeting, network, now=now)
        if count == 0:
            raise DomainError(_('The network has no active members to invite.'))
        before, meeting.invited_at = meeting.invited_at, now
        await meeting.save(update_fields=['invited_at'])
        await log(by=by, now=now, subject='meeting', subject_id=meeting.id, network_id=meeting.network_id,
                  action='invite', from_value=before.isoformat() if before else '', to_value=now.isoformat(),
                  reason=ngettext('{n} member invited by e-mail', '{n} members invited by e-mail', count)
                  .format(n=count))
    mail.wake()
    events.meetings.emit(meeting.network_id)
    return count


async def send_due_reminders(*, network_id: int, now: dt.datetime) -> int:
    """Send the reminder of every planned meeting that starts within the network's reminder window and has not had
    one; returns how many meetings were reminded. Safe to call at any time, as often as wanted."""
    network = await Network.get(id=network_id)
    window = dt.timedelta(days=network.meeting_reminder_days)
    due = await Meeting.filter(network_id=network_id, status=MeetingStatus.PLANNED, reminded_at=None,
                               starts_at__gt=now, starts_at__lte=now + window)
    reminded = 0
    for candidate in due:
        if candidate.invited_at is not None and candidate.invited_at >= candidate.starts_at - window:
            continue  # invited inside the window: the invitation is fresh enough
        async with seat_lock(network_id):
            # Claim the meeting first, so a second round (or process) never reminds it twice.
            claimed = await Meeting.filter(id=candidate.id, status=MeetingStatus.PLANNED, reminded_at=None) \
                .update(reminded_at=now)
            if not claimed:
                continue
            meeting = await Meeting.get(id=candidate.id)
            count = await notices_meetings.reminder(meeting, network, now=now)
            await log(by=SYSTEM, now=now, subject='meeting', subject_id=meeting.id, network_id=network_id,
                      action='remind', to_value=now.isoformat(),
                      reason=ngettext('{n} member reminded by e-mail', '{n} members reminded by e-mail', count)
                      .format(n=count))
        reminded += 1
    if reminded:
        mail.wake()
        events.meetings.emit(network_id)
    return reminded


async def _meeting(meeting_id: int) -> Meeting:
    meeting = await Meeting.get_or_none(id=meeting_id)
    if meeting is None:
        raise DomainError(_('The meeting does not exist.'))
    return meeting
