from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from .people import User


class LoginSession(Model):
    """A logged-in browser. Kept in the database so that logging out (or a timeout) also stops pages left open,
    in every process. The cookie holds the token; only its hash is stored."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        'models.User', related_name='login_sessions', on_delete=fields.CASCADE)
    user_id: int
    created_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)

    class Meta:
        table = 'login_session'


class LoginAttempt(Model):
    """One try at logging in, for the rate limit (per account and per address). Never holds the password."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, db_index=True)
    address = fields.CharField(max_length=64, db_index=True)
    at = fields.DatetimeField(db_index=True)
    succeeded = fields.BooleanField()

    class Meta:
        table = 'login_attempt'


class LoginLink(Model):
    """A single-use link that logs a member in from their e-mail (valid for a short time). Only its hash is kept."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        'models.User', related_name='login_links', on_delete=fields.CASCADE)
    user_id: int
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = 'login_link'


class RateLimitHit(Model):
    """One request that a rate limit counts (an application, a login link asked for), by kind and key (an address
    or an e-mail). Old rows may be deleted; only the recent window matters."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=30)
    key = fields.CharField(max_length=254)
    at = fields.DatetimeField()

    class Meta:
        table = 'rate_limit_hit'
        indexes = (('kind', 'key', 'at'),)
