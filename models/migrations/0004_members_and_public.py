from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_outgoing_mail')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoginLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='login_links', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_link', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A single-use link that logs a member in from their e-mail (valid for a short time). Only its hash is kept.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RateLimitHit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=30)),
                ('key', fields.CharField(max_length=254)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'rate_limit_hit', 'app': 'models', 'indexes': [Index(fields=['kind', 'key', 'at'])], 'pk_attr': 'id', 'table_description': 'One request that a rate limit counts (an application, a login link asked for), by kind and key (an address'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Meeting',
            name='invited_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Meeting',
            name='reminded_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Network',
            name='meeting_reminder_days',
            field=fields.IntField(default=7, db_default=7),
        ),
        ops.AddField(
            model_name='Network',
            name='retention_months',
            field=fields.IntField(default=24, db_default=24),
        ),
        ops.AddField(
            model_name='Person',
            name='consent_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='User',
            name='calendar_token',
            field=fields.CharField(null=True, unique=True, max_length=64),
        ),
    ]
