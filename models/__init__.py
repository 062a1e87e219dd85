"""Tortoise ORM models: data, relations and small derived properties. The rules live in flnet_ui.services."""
from .audit import AuditEntry
from .auth import LoginAttempt, LoginLink, LoginSession, RateLimitHit
from .enums import (
                    FORMER,
                    MISSED,
                    SEAT_HOLDING,
                    Answer,
                    AttendanceStatus,
                    Landsdel,
                    MeetingStatus,
                    MembershipStatus,
                    Role,
                    WaitlistMode,
)
from .mail import MailStatus, OutgoingMail
from .meetings import Agreement, AttendanceRecord, Meeting, MeetingResponse
from .network import Network
from .people import Library, Membership, Person, User

__models__ = [AuditEntry, Agreement, AttendanceRecord, LoginAttempt, LoginLink, LoginSession, Meeting, MeetingResponse,
              Network, Library, Membership, OutgoingMail, Person, RateLimitHit, User]

__all__ = ['FORMER', 'MISSED', 'SEAT_HOLDING', 'Agreement', 'Answer', 'AttendanceRecord', 'AttendanceStatus',
           'AuditEntry', 'Landsdel', 'Library', 'LoginAttempt', 'LoginLink', 'LoginSession', 'MailStatus', 'Meeting',
           'MeetingResponse', 'MeetingStatus', 'Membership', 'MembershipStatus', 'Network', 'OutgoingMail', 'Person',
           'RateLimitHit', 'Role', 'User', 'WaitlistMode']
