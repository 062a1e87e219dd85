"""Minutes (referat, DESIGN.md §1.4): per meeting a referent, notes and decisions per agenda item, action items, the
approved versions as kept snapshots, and how the minutes were distributed. The attendance lists are never stored
here: they are read from the attendance records, so nothing is typed twice."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from .enums import ActionStatus, DistributionChannel, MinutesStatus

if TYPE_CHECKING:
    from .agenda import AgendaItem
    from .meetings import Meeting
    from .people import Membership


class Minutes(Model):
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    meeting: fields.OneToOneRelation[Meeting] = fields.OneToOneField(
        'models.Meeting', related_name='minutes', on_delete=fields.CASCADE)
    meeting_id: int
    status = fields.CharEnumField(MinutesStatus, max_length=20, default=MinutesStatus.DRAFT)
    referent = fields.CharField(max_length=200, default='')
    version = fields.IntField(default=0)   # the number of the latest approved version (0: never approved)
    # Raised by every save of the minutes' own fields; a writer whose page read an older one has a conflict.
    revision = fields.IntField(default=0)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = 'minutes'


class MinutesItem(Model):
    """Notes and decisions for one agenda item. Its own revision, so two writers on different items never clash."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    minutes: fields.ForeignKeyRelation[Minutes] = fields.ForeignKeyField(
        'models.Minutes', related_name='items', on_delete=fields.CASCADE)
    minutes_id: int
    agenda_item: fields.ForeignKeyRelation[AgendaItem] = fields.ForeignKeyField(
        'models.AgendaItem', related_name='minutes_items', on_delete=fields.CASCADE)
    agenda_item_id: int
    notes = fields.TextField(default='')
    decisions = fields.TextField(default='')   # one decision per line
    revision = fields.IntField(default=0)
    updated_at = fields.DatetimeField()

    class Meta:
        table = 'minutes_item'
        unique_together = (('minutes', 'agenda_item'),)


class ActionItem(Model):
    """An opfølgningspunkt: what, who (a member or a free name), by when, and whether it is done. Open ones come back
    as "Opfølgning" on the next meeting's agenda."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        'models.Meeting', related_name='action_items', on_delete=fields.CASCADE)
    meeting_id: int
    agenda_item: fields.ForeignKeyNullableRelation[AgendaItem] = fields.ForeignKeyField(
        'models.AgendaItem', related_name='action_items', null=True, on_delete=fields.SET_NULL)
    agenda_item_id: int | None
    what = fields.TextField()
    responsible: fields.ForeignKeyNullableRelation[Membership] = fields.ForeignKeyField(
        'models.Membership', related_name='action_items', null=True, on_delete=fields.SET_NULL)
    responsible_id: int | None
    responsible_name = fields.CharField(max_length=200, default='')   # someone outside the network
    deadline = fields.DateField(null=True)
    status = fields.CharEnumField(ActionStatus, max_length=10, default=ActionStatus.OPEN)
    done_at = fields.DatetimeField(null=True)
    revision = fields.IntField(default=0)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = 'action_item'
        indexes = (('status', 'deadline'),)


class MinutesVersion(Model):
    """An approved version, kept as it was: the whole document as JSON (what the PDF and the archive show)."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    minutes: fields.ForeignKeyRelation[Minutes] = fields.ForeignKeyField(
        'models.Minutes', related_name='versions', on_delete=fields.CASCADE)
    minutes_id: int
    number = fields.IntField()
    approved_at = fields.DatetimeField()
    approved_by = fields.CharField(max_length=200)
    document = fields.TextField()   # JSON

    class Meta:
        table = 'minutes_version'
        unique_together = (('minutes', 'number'),)


class MinutesDistribution(Model):
    """When and how a version was sent out: by e-mail to the active members, or posted on "For biblioteker"."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    minutes: fields.ForeignKeyRelation[Minutes] = fields.ForeignKeyField(
        'models.Minutes', related_name='distributions', on_delete=fields.CASCADE)
    minutes_id: int
    version = fields.IntField()
    channel = fields.CharEnumField(DistributionChannel, max_length=20)
    recipients = fields.IntField(default=0)   # e-mails queued; 0 for a posting
    at = fields.DatetimeField()
    by = fields.CharField(max_length=200)

    class Meta:
        table = 'minutes_distribution'
