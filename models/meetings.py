from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tortoise import fields
from tortoise.models import Model

from .enums import Answer, AttendanceStatus, MeetingStatus

if TYPE_CHECKING:
    from .network import Network
    from .people import Library, Membership

COPENHAGEN = ZoneInfo('Europe/Copenhagen')


class Meeting(Model):
    """A theme day (temadag). Only closed meetings count toward absence, cancelled ones never do."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    network: fields.ForeignKeyRelation[Network] = fields.ForeignKeyField(
        'models.Network', related_name='meetings', on_delete=fields.RESTRICT)
    network_id: int
    title = fields.CharField(max_length=200)
    description = fields.TextField(default='')
    # Stored as moments (UTC); the local date and clock times are derived (Europe/Copenhagen).
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    host: fields.ForeignKeyNullableRelation[Library] = fields.ForeignKeyField(
        'models.Library', related_name='hosted_meetings', null=True, on_delete=fields.RESTRICT)
    host_id: int | None
    address = fields.CharField(max_length=300, default='')
    status = fields.CharEnumField(MeetingStatus, max_length=20, default=MeetingStatus.PLANNED)
    closed_at = fields.DatetimeField(null=True)
    # When members were e-mailed the invitation and the reminder (each is sent once).
    invited_at = fields.DatetimeField(null=True)
    reminded_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'meeting'
        ordering = ('starts_at', 'id')

    @property
    def date(self) -> dt.date:
        return self.starts_at.astimezone(COPENHAGEN).date()

    @property
    def start_time(self) -> dt.time:
        return self.starts_at.astimezone(COPENHAGEN).time()

    @property
    def end_time(self) -> dt.time:
        return self.ends_at.astimezone(COPENHAGEN).time()

    def __str__(self) -> str:
        return self.title


class AttendanceRecord(Model):
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        'models.Meeting', related_name='attendance', on_delete=fields.CASCADE)
    meeting_id: int
    membership: fields.ForeignKeyRelation[Membership] = fields.ForeignKeyField(
        'models.Membership', related_name='attendance', on_delete=fields.RESTRICT)
    membership_id: int
    status = fields.CharEnumField(AttendanceStatus, max_length=20)
    note = fields.CharField(max_length=500, default='')
    recorded_at = fields.DatetimeField()

    class Meta:
        table = 'attendance_record'
        unique_together = (('meeting', 'membership'),)


class MeetingResponse(Model):
    """A member's answer before a meeting: tilmeldt (attending) or afbud (apology, with an optional reason)."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        'models.Meeting', related_name='responses', on_delete=fields.CASCADE)
    meeting_id: int
    membership: fields.ForeignKeyRelation[Membership] = fields.ForeignKeyField(
        'models.Membership', related_name='responses', on_delete=fields.RESTRICT)
    membership_id: int
    answer = fields.CharEnumField(Answer, max_length=20)
    reason = fields.CharField(max_length=500, default='')
    answered_at = fields.DatetimeField()

    class Meta:
        table = 'meeting_response'
        unique_together = (('meeting', 'membership'),)


class Agreement(Model):
    """A standing agreement with the coordinator. While in force it stops the automatic deregistration."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    membership: fields.ForeignKeyRelation[Membership] = fields.ForeignKeyField(
        'models.Membership', related_name='agreements', on_delete=fields.RESTRICT)
    membership_id: int
    note = fields.TextField()
    valid_from = fields.DateField()
    valid_until = fields.DateField(null=True)
    ended_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = 'agreement'
