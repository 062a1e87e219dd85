from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import Answer
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoginAttempt',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email', fields.CharField(db_index=True, max_length=254)),
                ('address', fields.CharField(db_index=True, max_length=64)),
                ('at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('succeeded', fields.BooleanField()),
            ],
            options={'table': 'login_attempt', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One try at logging in, for the rate limit (per account and per address). Never holds the password.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoginSession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='login_sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_session', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A logged-in browser. Kept in the database so that logging out (or a timeout) also stops pages left open,'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MeetingResponse',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('meeting', fields.ForeignKeyField('models.Meeting', source_field='meeting_id', db_constraint=True, to_field='id', related_name='responses', on_delete=OnDelete.CASCADE)),
                ('membership', fields.ForeignKeyField('models.Membership', source_field='membership_id', db_constraint=True, to_field='id', related_name='responses', on_delete=OnDelete.RESTRICT)),
                ('answer', fields.CharEnumField(description='ATTENDING: attending\nAPOLOGY: apology', enum_type=Answer, max_length=20)),
                ('reason', fields.CharField(default='', max_length=500)),
                ('answered_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'meeting_response', 'app': 'models', 'unique_together': (('meeting', 'membership'),), 'pk_attr': 'id', 'table_description': "A member's answer before a meeting: tilmeldt (attending) or afbud (apology, with an optional reason)."},
            bases=['Model'],
        ),
    ]
