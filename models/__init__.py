"""Tortoise ORM models: data, relations and small derived properties. The rules live in flnet_ui.services.

Every model says `_no_comments = True`: otherwise Tortoise reads each model class's source at import and scans it for
`#:` field comments (which these models do not use), 58 of the 88 ms that importing the models took, at every start
of the app (bench/: start-up) and of every test process. Field and table descriptions come from `description=` and
the class docstring, which are unaffected (tests/test_schema_snapshot.py and test_migrations.py would see a change).
"""
from .agenda import AgendaItem, AgendaMaterial, MeetingControl, WorkGroup, WorkGroupMember
from .audit import AuditEntry
from .auth import LoginAttempt, LoginLink, LoginSession, RateLimitHit
from .enums import (
                    FORMER,
                    MISSED,
                    SEAT_HOLDING,
                    ActionStatus,
                    AgendaKind,
                    Answer,
                    AttendanceStatus,
                    DistributionChannel,
                    Landsdel,
                    MaterialKind,
                    MeetingStatus,
                    MembershipStatus,
                    MinutesStatus,
                    Role,
                    WaitlistMode,
)
from .mail import MailStatus, OutgoingMail
from .meetings import Agreement, AttendanceRecord, Meeting, MeetingResponse
from .minutes import ActionItem, Minutes, MinutesDistribution, MinutesItem, MinutesVersion
from .network import Network
from .people import Library, Membership, Person, User

__models__ = [ActionItem, AgendaItem, AgendaMaterial, AuditEntry, Agreement, AttendanceRecord, LoginAttempt, LoginLink,
              LoginSession, Meeting, MeetingControl, MeetingResponse, Minutes, MinutesDistribution, MinutesItem,
              MinutesVersion, Network, Library, Membership, OutgoingMail, Person, RateLimitHit, User, WorkGroup,
              WorkGroupMember]

__all__ = ['FORMER', 'MISSED', 'SEAT_HOLDING', 'ActionItem', 'ActionStatus', 'AgendaItem', 'AgendaKind',
           'AgendaMaterial', 'Agreement', 'Answer', 'AttendanceRecord', 'AttendanceStatus', 'AuditEntry',
           'DistributionChannel', 'Landsdel', 'Library', 'LoginAttempt', 'LoginLink', 'LoginSession', 'MailStatus',
           'MaterialKind', 'Meeting', 'MeetingControl', 'MeetingResponse', 'MeetingStatus', 'Membership',
           'MembershipStatus', 'Minutes', 'MinutesDistribution', 'MinutesItem', 'MinutesStatus', 'MinutesVersion',
           'Network', 'OutgoingMail', 'Person', 'RateLimitHit', 'Role', 'User', 'WaitlistMode', 'WorkGroup',
           'WorkGroupMember']
