"""A member's answer to a meeting before it starts (DESIGN.md §1.3): tilmeldt (attending) or afbud (apology, with an
optional reason). One answer per member and meeting, changeable until the meeting starts; the coordinator's roll call
starts from it (roll_call.answers and start_roll_call).
"""
from __future__ import annotations

import datetime as dt

from flnet_ui import events
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _
from models import Answer, Meeting, MeetingResponse, MeetingStatus, Membership, MembershipStatus

from .audit import Actor, log
from .errors import DomainError
from .inputs import clean_text

MAX_REASON = 500


async def answer(*, membership_id: int, meeting_id: int, answer: Answer, reason: str = '', by: Actor,
                 now: dt.datetime) -> MeetingResponse:
    """Say tilmeldt or afbud; a second answer replaces the first. The reason is kept only with an apology."""
    answer = Answer(answer)
    reason = clean_text(reason).strip() if answer == Answer.APOLOGY else ''
    if len(reason) > MAX_REASON:
        raise DomainError(_('The reason can be at most {n} characters.').format(n=MAX_REASON), field='reason')
    membership, meeting = await _membership(membership_id), await _meeting(meeting_id)
    # Under the seat lock: starting the roll call (same lock) turns answers into records, so an answer lands
    # either before it (and is used) or after it (and is refused because the meeting is running).
    async with seat_lock(meeting.network_id):
        membership, meeting = await _membership(membership_id), await _meeting(meeting_id)
        _check_open(membership, meeting, now=now)
        response = await MeetingResponse.get_or_none(meeting_id=meeting.id, membership_id=membership.id)
        before = response.answer if response else ''
        if response is None:
            response = await MeetingResponse.create(meeting_id=meeting.id, membership_id=membership.id, answer=answer,
                                                    reason=reason, answered_at=now)
        else:
            response.answer, response.reason, response.answered_at = answer, reason, now
            await response.save(update_fields=['answer', 'reason', 'answered_at'])
        await log(by=by, now=now, subject='meeting', subject_id=meeting.id, network_id=meeting.network_id,
                  person_id=membership.person_id, action='answer', from_value=before, to_value=answer, reason=reason)
    events.attendance.emit(meeting.network_id)
    return response


async def withdraw_answer(*, membership_id: int, meeting_id: int, by: Actor, now: dt.datetime) -> None:
    """Take an answer back (the member no longer knows); the same limits as answering. Logged, so not silent."""
    membership, meeting = await _membership(membership_id), await _meeting(meeting_id)
    async with seat_lock(meeting.network_id):
        membership, meeting = await _membership(membership_id), await _meeting(meeting_id)
        _check_open(membership, meeting, now=now)
        response = await MeetingResponse.get_or_none(meeting_id=meeting.id, membership_id=membership.id)
        if response is None:
            raise DomainError(_('You have not answered this meeting.'))
        before = response.answer
        await response.delete()
        await log(by=by, now=now, subject='meeting', subject_id=meeting.id, network_id=meeting.network_id,
                  person_id=membership.person_id, action='withdraw answer', from_value=before)
    events.attendance.emit(meeting.network_id)


async def answers_of(membership_id: int, meeting_ids: list[int]) -> dict[int, MeetingResponse]:
    """The member's answers to these meetings, by meeting id (one query)."""
    if not meeting_ids:
        return {}
    rows = await MeetingResponse.filter(membership_id=membership_id, meeting_id__in=meeting_ids)
    return {row.meeting_id: row for row in rows}


def can_answer(membership: Membership, meeting: Meeting, *, now: dt.datetime) -> bool:
    try:
        _check_open(membership, meeting, now=now)
    except DomainError:
        return False
    return True


def _check_open(membership: Membership, meeting: Meeting, *, now: dt.datetime) -> None:
    if membership.status != MembershipStatus.ACTIVE:
        raise DomainError(_('Only active members can answer an invitation to a meeting.'))
    if meeting.network_id != membership.network_id:
        raise DomainError(_('The meeting does not exist.'))
    if meeting.status != MeetingStatus.PLANNED:
        raise DomainError(_('Answers are only possible for a planned meeting.'))
    if meeting.starts_at <= now:
        raise DomainError(_('The meeting has started; the answer can no longer be changed.'))


async def _membership(membership_id: int) -> Membership:
    membership = await Membership.get_or_none(id=membership_id)
    if membership is None:
        raise DomainError(_('The membership does not exist.'))
    return membership


async def _meeting(meeting_id: int) -> Meeting:
    meeting = await Meeting.get_or_none(id=meeting_id)
    if meeting is None:
        raise DomainError(_('The meeting does not exist.'))
    return meeting
