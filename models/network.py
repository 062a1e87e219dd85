from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from .enums import WaitlistMode


class Network(Model):
    """A network and its rule parameters: the charter's defaults, which the coordinator may change."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    short_name = fields.CharField(max_length=50, default='')
    coordinator_org = fields.CharField(max_length=200, default='Statsbiblioteket')
    description = fields.TextField(default='')
    capacity = fields.IntField(default=40)
    absence_limit = fields.IntField(default=3)
    meetings_per_year = fields.IntField(default=2)
    waitlist_mode = fields.CharEnumField(WaitlistMode, max_length=20, default=WaitlistMode.AUTOMATIC)
    offer_days = fields.IntField(default=14)
    offer_reminder_days = fields.IntField(default=3)
    # GDPR: former members' personal data is due for anonymisation this many months after they left.
    # (db_default as well: migration 0004 adds these columns to a table that already has rows.)
    retention_months = fields.IntField(default=24, db_default=24)
    # Days before a meeting that members get a reminder by e-mail.
    meeting_reminder_days = fields.IntField(default=7, db_default=7)
    # The secret in the projector's display link (storskærm); renewing it revokes the old link. Null: no link yet.
    display_token = fields.CharField(max_length=64, null=True, unique=True)
    # Bumped as the first statement of every seat-changing transaction: the row lock (see flnet_ui.db.seat_lock).
    revision = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'network'

    def __str__(self) -> str:
        return self.name
