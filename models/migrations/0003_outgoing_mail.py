from tortoise import migrations
from tortoise.migrations import operations as ops
from models.mail import MailStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_logins_and_answers')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OutgoingMail',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('to_address', fields.CharField(max_length=254)),
                ('subject', fields.CharField(max_length=300)),
                ('body_text', fields.TextField(unique=False)),
                ('attachment_name', fields.CharField(default='', max_length=200)),
                ('attachment', fields.BinaryField(null=True)),
                ('attachment_type', fields.CharField(default='', max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('status', fields.CharEnumField(default=MailStatus.QUEUED, description='QUEUED: queued\nSENT: sent\nFAILED: failed', enum_type=MailStatus, max_length=20)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_error', fields.TextField(default='', unique=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('network', fields.ForeignKeyField('models.Network', source_field='network_id', null=True, db_constraint=True, to_field='id', related_name='outgoing_mails', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'outgoing_mail', 'app': 'models', 'indexes': [Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': 'One message to one address, with an optional attachment, and how its delivery went.'},
            bases=['Model'],
        ),
    ]
