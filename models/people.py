from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from .enums import Landsdel, MembershipStatus, Role
from .reference import landsdel_of

if TYPE_CHECKING:
    from .meetings import Meeting
    from .network import Network


class Library(Model):
    """A public library. Its part of the country follows from its municipality."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    municipality = fields.CharField(max_length=100)

    class Meta:
        table = 'library'

    @property
    def landsdel(self) -> Landsdel:
        return landsdel_of(self.municipality)

    def __str__(self) -> str:
        return self.name


class Person(Model):
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    # Stored lower-cased so that uniqueness ignores case on both engines.
    email = fields.CharField(max_length=254, unique=True)
    phone = fields.CharField(max_length=40, default='')
    job_title = fields.CharField(max_length=200, default='')
    library: fields.ForeignKeyNullableRelation[Library] = fields.ForeignKeyField(
        'models.Library', related_name='people', null=True, on_delete=fields.RESTRICT)
    library_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    # When the person agreed to the handling of their personal data (the application form asks for it).
    consent_at = fields.DatetimeField(null=True)
    anonymised_at = fields.DatetimeField(null=True)

    class Meta:
        table = 'person'

    def __str__(self) -> str:
        return self.name


class Membership(Model):
    """A person's place in a network: one row per person and network, its status changed only by the services."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        'models.Person', related_name='memberships', on_delete=fields.RESTRICT)
    person_id: int
    network: fields.ForeignKeyRelation[Network] = fields.ForeignKeyField(
        'models.Network', related_name='memberships', on_delete=fields.RESTRICT)
    network_id: int
    status = fields.CharEnumField(MembershipStatus, max_length=20, default=MembershipStatus.PENDING)
    motivation = fields.TextField(default='')
    applied_at = fields.DatetimeField()
    # Orders the waitlist together with id. Starts as the application time; only a logged move changes it.
    queue_at = fields.DatetimeField()
    status_changed_at = fields.DatetimeField()
    # Start of the current active period: meetings before it never count toward the absence streak.
    active_since = fields.DatetimeField(null=True)
    offer_expires_at = fields.DatetimeField(null=True)
    offer_reminded_at = fields.DatetimeField(null=True)
    deregistered_by_meeting: fields.ForeignKeyNullableRelation[Meeting] = fields.ForeignKeyField(
        'models.Meeting', related_name='deregistrations', null=True, on_delete=fields.SET_NULL)
    deregistered_by_meeting_id: int | None

    class Meta:
        table = 'membership'
        unique_together = (('person', 'network'),)
        indexes = (('network_id', 'status', 'queue_at'),)


class User(Model):
    """A login. A member's login is tied to their person, a coordinator's need not be."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    role = fields.CharEnumField(Role, max_length=20)
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        'models.Person', related_name='users', null=True, on_delete=fields.SET_NULL)
    person_id: int | None
    password_hash = fields.CharField(max_length=200, null=True)
    is_active = fields.BooleanField(default=True)
    # The secret in the member's personal calendar feed URL; renewing it revokes the old URL. Null: no feed.
    calendar_token = fields.CharField(max_length=64, null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = 'app_user'

    def __str__(self) -> str:
        return self.email
