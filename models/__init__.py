"""Tortoise ORM models: data, relations and small derived properties. The rules live in flnet_ui.services."""
from .agenda import AgendaItem, AgendaMaterial, MeetingControl, WorkGroup, WorkGroupMember
from .audit import AuditEntry
from .auth import LoginAttempt, LoginLink, LoginSession, RateLimitHit
from .enums import (
                    FORMER,
                    MISSED,
                    SEAT_HOLDING,
                    AgendaKind,
                    Answer,
                    AttendanceStatus,
                    Landsdel,
                    MaterialKind,
                    MeetingStatus,
                    MembershipStatus,
                    Role,
                    WaitlistMode,
)
from .mail import MailStatus, OutgoingMail
from .meetings import Agreement, AttendanceRecord, Meeting, MeetingResponse
from .network import Network
from .people import Library, Membership, Person, User

__models__ = [AgendaItem, AgendaMaterial, AuditEntry, Agreement, AttendanceRecord, LoginAttempt, LoginLink,
              LoginSession, Meeting, MeetingControl, MeetingResponse, Network, Library, Membership, OutgoingMail,
              Person, RateLimitHit, User, WorkGroup, WorkGroupMember]

__all__ = ['FORMER', 'MISSED', 'SEAT_HOLDING', 'AgendaItem', 'AgendaKind', 'AgendaMaterial', 'Agreement', 'Answer',
           'AttendanceRecord', 'AttendanceStatus', 'AuditEntry', 'Landsdel', 'Library', 'LoginAttempt', 'LoginLink',
           'LoginSession', 'MailStatus', 'MaterialKind', 'Meeting', 'MeetingControl', 'MeetingResponse',
           'MeetingStatus', 'Membership', 'MembershipStatus', 'Network', 'OutgoingMail', 'Person', 'RateLimitHit',
           'Role', 'User', 'WaitlistMode', 'WorkGroup', 'WorkGroupMember']
