"""The rules the minutes' writers meet: where minutes can be written, the limits of each field, the lock of approved
minutes, and the conflict a writer meets when someone saved the same text meanwhile."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flnet_ui import i18n
from flnet_ui.i18n import _, local
from models import Meeting, MeetingStatus, Minutes, MinutesStatus

from .errors import DomainError
from .inputs import clean_text

WRITABLE = (MeetingStatus.RUNNING, MeetingStatus.CLOSED)   # minutes are written on the day or after it
MAX_NOTES, MAX_DECISION, MAX_REFERENT = 20_000, 1_000, 200


@dataclass(frozen=True)
class ItemText:
    """What one writer has for an agenda item: the notes and the decisions, one per line."""
    notes: str
    decisions: tuple[str, ...]


class MinutesConflict(DomainError):
    """Someone saved the same text after this writer's page read it. Nothing was saved: `theirs` is the stored text
    (saved by `changed_by` at `changed_at` when the log tells), `yours` what was sent. Save the chosen or merged text
    again with `revision`."""

    def __init__(self, message: str, *, field: str, revision: int, theirs: ItemText | str, yours: ItemText | str,
                 changed_by: str = '', changed_at: dt.datetime | None = None) -> None:
        super().__init__(message, field=field)
        self.revision, self.theirs, self.yours = revision, theirs, yours
        self.changed_by, self.changed_at = changed_by, changed_at


def decision_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def checked_notes(notes: str) -> str:
    notes = clean_text(notes).replace('\r\n', '\n').strip()
    if len(notes) > MAX_NOTES:
        raise DomainError(_('The notes can be at most 20,000 characters.'), field='notes')
    return notes


def checked_decisions(decisions: str | list[str]) -> list[str]:
    lines = decision_lines(clean_text('\n'.join(decisions) if isinstance(decisions, list) else decisions))
    if any(len(line) > MAX_DECISION for line in lines):
        raise DomainError(_('Each decision can be at most 1,000 characters.'), field='decisions')
    return lines


async def meeting_or_error(meeting_id: int) -> Meeting:
    meeting = await Meeting.get_or_none(id=meeting_id)
    if meeting is None:
        raise DomainError(_('The meeting does not exist.'))
    return meeting


async def writable_meeting(meeting_id: int) -> Meeting:
    """Inside the lock: the meeting as it is now; minutes are written for a running or a held meeting."""
    meeting = await meeting_or_error(meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_('The meeting is cancelled: it has no minutes.'))
    if meeting.status not in WRITABLE:
        raise DomainError(_('Minutes can be written once the meeting has started.'))
    return meeting


def refuse_locked(minutes: Minutes | None) -> None:
    if minutes is not None and minutes.status != MinutesStatus.DRAFT:
        raise DomainError(_('The minutes are approved and locked. Reopen them to make a change.'))


def conflict_message(who: str, when: dt.datetime | None) -> str:
    if who and when is not None:
        return _('{name} saved this text at {time} while you were writing. Both versions are shown: keep one or '
                 'merge them, and save again.').format(name=who, time=i18n.clock(local(when).time()))
    return _('Someone else saved this text while you were writing. Both versions are shown: keep one or merge them, '
             'and save again.')
