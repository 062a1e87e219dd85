"""The meeting board (DESIGN.md §1.3): agenda items with materials, group work, and the live state of a meeting."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from .enums import AgendaKind, MaterialKind

if TYPE_CHECKING:
    from .meetings import Meeting
    from .people import Membership


class AgendaItem(Model):
    """One point of a meeting's programme. Start times are not stored: they follow from the meeting's start and the
    durations of the items before it, in `position` order."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        'models.Meeting', related_name='agenda_items', on_delete=fields.CASCADE)
    meeting_id: int
    position = fields.IntField()
    kind = fields.CharEnumField(AgendaKind, max_length=40, default=AgendaKind.TALK)
    title = fields.CharField(max_length=200)
    duration_minutes = fields.IntField(default=30)
    # A presenter is a member, or an external name with an organisation (or nobody).
    presenter: fields.ForeignKeyNullableRelation[Membership] = fields.ForeignKeyField(
        'models.Membership', related_name='presented_items', null=True, on_delete=fields.SET_NULL)
    presenter_id: int | None
    presenter_name = fields.CharField(max_length=200, default='')
    presenter_org = fields.CharField(max_length=200, default='')
    description = fields.TextField(default='')  # markdown, sanitised when shown
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = 'agenda_item'
        indexes = (('meeting_id', 'position'),)


class AgendaMaterial(Model):
    """A file uploaded to an agenda item (stored under a generated name in the data folder) or a link."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyRelation[AgendaItem] = fields.ForeignKeyField(
        'models.AgendaItem', related_name='materials', on_delete=fields.CASCADE)
    item_id: int
    kind = fields.CharEnumField(MaterialKind, max_length=10)
    title = fields.CharField(max_length=200)
    url = fields.CharField(max_length=1000, default='')           # a link
    stored_name = fields.CharField(max_length=100, default='')    # a file: random name in the materials folder
    original_name = fields.CharField(max_length=255, default='')
    content_type = fields.CharField(max_length=100, default='')
    size = fields.IntField(default=0)
    created_at = fields.DatetimeField()

    class Meta:
        table = 'agenda_material'


class WorkGroup(Model):
    """A group of a gruppearbejde item: its members, a question, a scribe and the outcome the minutes take."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyRelation[AgendaItem] = fields.ForeignKeyField(
        'models.AgendaItem', related_name='groups', on_delete=fields.CASCADE)
    item_id: int
    number = fields.IntField()
    question = fields.TextField(default='')
    scribe: fields.ForeignKeyNullableRelation[Membership] = fields.ForeignKeyField(
        'models.Membership', related_name='scribed_groups', null=True, on_delete=fields.SET_NULL)
    scribe_id: int | None
    outcome = fields.TextField(default='')
    seed = fields.IntField(default=0)  # the draw that made the groups, so the same input gives the same groups

    class Meta:
        table = 'work_group'
        unique_together = (('item', 'number'),)


class WorkGroupMember(Model):
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    group: fields.ForeignKeyRelation[WorkGroup] = fields.ForeignKeyField(
        'models.WorkGroup', related_name='members', on_delete=fields.CASCADE)
    group_id: int
    membership: fields.ForeignKeyRelation[Membership] = fields.ForeignKeyField(
        'models.Membership', related_name='work_groups', on_delete=fields.CASCADE)
    membership_id: int

    class Meta:
        table = 'work_group_member'
        unique_together = (('group', 'membership'),)


class MeetingControl(Model):
    """The live state of a running meeting, which the projector and members' pages follow: the current item, its
    countdown (started at, paused with time left, minutes added) and a short message over the projector."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    meeting: fields.OneToOneRelation[Meeting] = fields.OneToOneField(
        'models.Meeting', related_name='control', on_delete=fields.CASCADE)
    meeting_id: int
    current_item: fields.ForeignKeyNullableRelation[AgendaItem] = fields.ForeignKeyField(
        'models.AgendaItem', related_name='+', null=True, on_delete=fields.SET_NULL)
    current_item_id: int | None
    item_started_at = fields.DatetimeField(null=True)
    paused_at = fields.DatetimeField(null=True)
    paused_seconds = fields.IntField(default=0)  # time spent paused on the current item
    extra_seconds = fields.IntField(default=0)   # "+5 min" presses on the current item
    message = fields.CharField(max_length=200, default='')
    # "Between items": the projector shows the whole programme with progress instead of the current item, which is
    # kept so that "Next" goes on from where the meeting was. (db_default: migration 0007 adds the column to rows.)
    between_items = fields.BooleanField(default=False, db_default=False)
    updated_at = fields.DatetimeField()

    class Meta:
        table = 'meeting_control'
