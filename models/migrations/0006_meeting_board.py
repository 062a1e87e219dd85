from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import AgendaKind, MaterialKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0005_meeting_times_in_utc')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AgendaItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('meeting', fields.ForeignKeyField('models.Meeting', source_field='meeting_id', db_constraint=True, to_field='id', related_name='agenda_items', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('kind', fields.CharEnumField(default=AgendaKind.TALK, description='WELCOME: welcome\nTALK: talk\nINTERNAL_TALK: internal_talk\nEXTERNAL_TALK: external_talk\nDIALOGUE: dialogue\nGROUP_WORK: group_work\nCOMPANY_VISIT: company_visit\nSUPPLIER_NEWS: supplier_news\nTRENDS: trends\nDEVELOPMENT_PROJECT: development_project\nFOLLOW_UP: follow_up\nBREAK: break\nOTHER: other', enum_type=AgendaKind, max_length=40)),
                ('title', fields.CharField(max_length=200)),
                ('duration_minutes', fields.IntField(default=30)),
                ('presenter', fields.ForeignKeyField('models.Membership', source_field='presenter_id', null=True, db_constraint=True, to_field='id', related_name='presented_items', on_delete=OnDelete.SET_NULL)),
                ('presenter_name', fields.CharField(default='', max_length=200)),
                ('presenter_org', fields.CharField(default='', max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'agenda_item', 'app': 'models', 'indexes': [Index(fields=['meeting_id', 'position'])], 'pk_attr': 'id', 'table_description': "One point of a meeting's programme. Start times are not stored: they follow from the meeting's start and the"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AgendaMaterial',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('models.AgendaItem', source_field='item_id', db_constraint=True, to_field='id', related_name='materials', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='FILE: file\nLINK: link', enum_type=MaterialKind, max_length=10)),
                ('title', fields.CharField(max_length=200)),
                ('url', fields.CharField(default='', max_length=1000)),
                ('stored_name', fields.CharField(default='', max_length=100)),
                ('original_name', fields.CharField(default='', max_length=255)),
                ('content_type', fields.CharField(default='', max_length=100)),
                ('size', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'agenda_material', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A file uploaded to an agenda item (stored under a generated name in the data folder) or a link.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MeetingControl',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('meeting', fields.OneToOneField('models.Meeting', source_field='meeting_id', db_constraint=True, to_field='id', related_name='control', on_delete=OnDelete.CASCADE)),
                ('current_item', fields.ForeignKeyField('models.AgendaItem', source_field='current_item_id', null=True, db_constraint=True, to_field='id', related_name='+', on_delete=OnDelete.SET_NULL)),
                ('item_started_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('paused_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('paused_seconds', fields.IntField(default=0)),
                ('extra_seconds', fields.IntField(default=0)),
                ('message', fields.CharField(default='', max_length=200)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'meeting_control', 'app': 'models', 'pk_attr': 'id', 'table_description': "The live state of a running meeting, which the projector and members' pages follow: the current item, its"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WorkGroup',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('models.AgendaItem', source_field='item_id', db_constraint=True, to_field='id', related_name='groups', on_delete=OnDelete.CASCADE)),
                ('number', fields.IntField()),
                ('question', fields.TextField(default='', unique=False)),
                ('scribe', fields.ForeignKeyField('models.Membership', source_field='scribe_id', null=True, db_constraint=True, to_field='id', related_name='scribed_groups', on_delete=OnDelete.SET_NULL)),
                ('outcome', fields.TextField(default='', unique=False)),
                ('seed', fields.IntField(default=0)),
            ],
            options={'table': 'work_group', 'app': 'models', 'unique_together': (('item', 'number'),), 'pk_attr': 'id', 'table_description': 'A group of a gruppearbejde item: its members, a question, a scribe and the outcome the minutes take.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WorkGroupMember',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('group', fields.ForeignKeyField('models.WorkGroup', source_field='group_id', db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.CASCADE)),
                ('membership', fields.ForeignKeyField('models.Membership', source_field='membership_id', db_constraint=True, to_field='id', related_name='work_groups', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'work_group_member', 'app': 'models', 'unique_together': (('group', 'membership'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Network',
            name='display_token',
            field=fields.CharField(null=True, unique=True, max_length=64),
        ),
    ]
