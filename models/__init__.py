"""Tortoise ORM models: data, relations and small derived properties. The rules live in flnet_ui.services."""
from .audit import AuditEntry
from .auth import LoginAttempt, LoginSession
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

__models__ = [AuditEntry, Agreement, AttendanceRecord, LoginAttempt, LoginSession, Meeting, MeetingResponse, Network,
              Library, Membership, OutgoingMail, Person, User]

__all__ = ['FORMER', 'MISSED', 'SEAT_HOLDING', 'Agreement', 'Answer', 'AttendanceRecord', 'AttendanceStatus',
           'AuditEntry', 'Landsdel', 'Library', 'LoginAttempt', 'LoginSession', 'MailStatus', 'Meeting',
           'MeetingResponse', 'MeetingStatus', 'Membership', 'MembershipStatus', 'Network', 'OutgoingMail', 'Person',
           'Role', 'User', 'WaitlistMode']
