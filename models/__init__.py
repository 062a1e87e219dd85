"""Tortoise ORM models: data, relations and small derived properties. The rules live in flnet_ui.services."""
from .audit import AuditEntry
from .enums import (
                    FORMER,
                    MISSED,
                    SEAT_HOLDING,
                    AttendanceStatus,
                    Landsdel,
                    MeetingStatus,
                    MembershipStatus,
                    Role,
                    WaitlistMode,
)
from .meetings import Agreement, AttendanceRecord, Meeting
from .network import Network
from .people import Library, Membership, Person, User

__models__ = [AuditEntry, Agreement, AttendanceRecord, Meeting, Network, Library, Membership, Person, User]

__all__ = ['FORMER', 'MISSED', 'SEAT_HOLDING', 'Agreement', 'AttendanceRecord', 'AttendanceStatus', 'AuditEntry',
           'Landsdel', 'Library', 'Meeting', 'MeetingStatus', 'Membership', 'MembershipStatus', 'Network', 'Person',
           'Role', 'User', 'WaitlistMode']
