"""Danish words for stored values (DESIGN.md §2). Marked with N_ here, translated with _() where they are shown."""
from __future__ import annotations

from flnet_ui.i18n import N_
from models import AgendaKind, Answer, AttendanceStatus, Landsdel, MeetingStatus, MembershipStatus, Role, WaitlistMode

MEMBERSHIP_STATUS = {
    MembershipStatus.PENDING: N_('application received'),
    MembershipStatus.ACTIVE: N_('active'),
    MembershipStatus.WAITLISTED: N_('on the waitlist'),
    MembershipStatus.OFFERED: N_('offered a seat'),
    MembershipStatus.RESIGNED: N_('resigned'),
    MembershipStatus.DEREGISTERED: N_('automatically deregistered'),
    MembershipStatus.REJECTED: N_('rejected'),
    MembershipStatus.WITHDRAWN: N_('withdrawn'),
}

ATTENDANCE_STATUS = {
    AttendanceStatus.PRESENT: N_('attended'),
    AttendanceStatus.APOLOGY: N_('sent apologies'),
    AttendanceStatus.ABSENT: N_('absent without notice'),
    AttendanceStatus.EXCUSED: N_('absence agreed'),
}

MEETING_STATUS = {
    MeetingStatus.PLANNED: N_('planned'),
    MeetingStatus.RUNNING: N_('in progress'),
    MeetingStatus.CLOSED: N_('held'),
    MeetingStatus.CANCELLED: N_('cancelled'),
}

LANDSDEL = {Landsdel.EAST: N_('East Denmark'), Landsdel.WEST: N_('West Denmark')}
WAITLIST_MODE = {WaitlistMode.AUTOMATIC: N_('automatic'), WaitlistMode.OFFER: N_('offer with deadline')}
ROLE = {Role.COORDINATOR: N_('coordinator'), Role.MEMBER: N_('member')}
ANSWER = {Answer.ATTENDING: N_('attending'), Answer.APOLOGY: N_('apologies')}

AGENDA_KIND = {
    AgendaKind.WELCOME: N_('welcome'),
    AgendaKind.TALK: N_('talk'),
    AgendaKind.INTERNAL_TALK: N_('internal presentation'),
    AgendaKind.EXTERNAL_TALK: N_('external presentation'),
    AgendaKind.DIALOGUE: N_('structured dialogue'),
    AgendaKind.GROUP_WORK: N_('group work'),
    AgendaKind.COMPANY_VISIT: N_('company visit'),
    AgendaKind.SUPPLIER_NEWS: N_('news from suppliers'),
    AgendaKind.TRENDS: N_('trends and challenges'),
    AgendaKind.DEVELOPMENT_PROJECT: N_('development project'),
    AgendaKind.FOLLOW_UP: N_('follow-up'),
    AgendaKind.BREAK: N_('break'),
    AgendaKind.OTHER: N_('other'),
}
