"""The closed sets of values the models store. Their Danish labels live in flnet_ui.labels, not here."""
from __future__ import annotations

from enum import StrEnum


class MembershipStatus(StrEnum):
    PENDING = 'pending'
    ACTIVE = 'active'
    WAITLISTED = 'waitlisted'
    OFFERED = 'offered'
    RESIGNED = 'resigned'
    DEREGISTERED = 'deregistered'
    REJECTED = 'rejected'
    WITHDRAWN = 'withdrawn'


# An offered seat is held for the person it is offered to, so it counts as taken.
SEAT_HOLDING = (MembershipStatus.ACTIVE, MembershipStatus.OFFERED)
FORMER = (MembershipStatus.RESIGNED, MembershipStatus.DEREGISTERED, MembershipStatus.REJECTED,
          MembershipStatus.WITHDRAWN)


class WaitlistMode(StrEnum):
    AUTOMATIC = 'automatic'
    OFFER = 'offer'


class MeetingStatus(StrEnum):
    PLANNED = 'planned'
    RUNNING = 'running'
    CLOSED = 'closed'
    CANCELLED = 'cancelled'


class AttendanceStatus(StrEnum):
    PRESENT = 'present'
    APOLOGY = 'apology'
    ABSENT = 'absent'
    EXCUSED = 'excused'


MISSED = (AttendanceStatus.APOLOGY, AttendanceStatus.ABSENT)


class Answer(StrEnum):
    """A member's answer to a meeting invitation; the roll call on the day starts from it."""
    ATTENDING = 'attending'
    APOLOGY = 'apology'


class Landsdel(StrEnum):
    EAST = 'east'
    WEST = 'west'


class Role(StrEnum):
    COORDINATOR = 'coordinator'
    MEMBER = 'member'
