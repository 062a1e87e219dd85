from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from .network import Network
    from .people import Person, User


class AuditEntry(Model):
    """Who changed what, when, from what to what, and why. Written by the services in the same transaction."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    at = fields.DatetimeField()
    network: fields.ForeignKeyNullableRelation[Network] = fields.ForeignKeyField(
        'models.Network', related_name='audit_entries', null=True, on_delete=fields.RESTRICT)
    network_id: int | None
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name='audit_entries', null=True, on_delete=fields.SET_NULL)
    actor_id: int | None
    # Kept as text too, so the log still says who after a login is removed; '' means the rules did it.
    actor_name = fields.CharField(max_length=254, default='')
    subject = fields.CharField(max_length=40)
    subject_id = fields.IntField(null=True)
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        'models.Person', related_name='audit_entries', null=True, on_delete=fields.RESTRICT)
    person_id: int | None
    action = fields.CharField(max_length=40)
    from_value = fields.CharField(max_length=200, default='')
    to_value = fields.CharField(max_length=200, default='')
    reason = fields.TextField(default='')

    class Meta:
        table = 'audit_entry'
        ordering = ('at', 'id')
        # The second: Overblik's member count over time reads the status changes of one network since a date, and
        # without it that read went through every entry about memberships, which grows with the years (bench/).
        indexes = (('subject', 'subject_id'), ('network_id', 'subject', 'action', 'at'))
