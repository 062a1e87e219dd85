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


class AgendaKind(StrEnum):
    """The kinds of agenda item (DESIGN.md §1.3); Danish names in flnet_ui.labels."""
    WELCOME = 'welcome'                      # velkomst
    TALK = 'talk'                            # oplæg
    INTERNAL_TALK = 'internal_talk'          # internt indlæg
    EXTERNAL_TALK = 'external_talk'          # eksternt indlæg
    DIALOGUE = 'dialogue'                    # struktureret dialog
    GROUP_WORK = 'group_work'                # gruppearbejde
    COMPANY_VISIT = 'company_visit'          # virksomhedsbesøg
    SUPPLIER_NEWS = 'supplier_news'          # nyt fra leverandører
    TRENDS = 'trends'                        # tendenser og udfordringer
    DEVELOPMENT_PROJECT = 'development_project'  # udviklingsprojekt
    FOLLOW_UP = 'follow_up'                  # opfølgning
    BREAK = 'break'                          # pause
    OTHER = 'other'                          # andet


class MaterialKind(StrEnum):
    FILE = 'file'
    LINK = 'link'


class MinutesStatus(StrEnum):
    """The lifecycle of a meeting's minutes (DESIGN.md §1.4): written, approved (locked, a kept version), sent out."""
    DRAFT = 'draft'
    APPROVED = 'approved'
    DISTRIBUTED = 'distributed'


class ActionStatus(StrEnum):
    OPEN = 'open'
    DONE = 'done'


class DistributionChannel(StrEnum):
    EMAIL = 'email'                      # to every active member, the PDF attached
    FOR_BIBLIOTEKER = 'for_biblioteker'  # posted on "For biblioteker" (R7), recorded by the coordinator
