"""The outbox: every e-mail the app sends is first a row here, written in the transaction that caused it.

Delivery happens afterwards (flnet_ui.mail), so a rolled-back change sends nothing, and without SMTP nothing is lost:
the coordinator can read what is waiting, what was sent and what failed.
"""
from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from .network import Network


class MailStatus(StrEnum):
    QUEUED = 'queued'
    SENT = 'sent'
    FAILED = 'failed'


class OutgoingMail(Model):
    """One message to one address, with an optional attachment, and how its delivery went."""
    _no_comments = True   # see models/__init__.py
    id = fields.IntField(primary_key=True)
    to_address = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300)
    body_text = fields.TextField()
    attachment_name = fields.CharField(max_length=200, default='')
    attachment = fields.BinaryField(null=True)
    attachment_type = fields.CharField(max_length=100, default='')
    created_at = fields.DatetimeField()
    status = fields.CharEnumField(MailStatus, max_length=20, default=MailStatus.QUEUED)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_error = fields.TextField(default='')
    sent_at = fields.DatetimeField(null=True)
    network: fields.ForeignKeyNullableRelation[Network] = fields.ForeignKeyField(
        'models.Network', related_name='outgoing_mails', null=True, on_delete=fields.SET_NULL)
    network_id: int | None

    class Meta:
        table = 'outgoing_mail'
        ordering = ('-created_at', '-id')
        indexes = (('status', 'next_attempt_at'),)
