from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import ActionStatus, DistributionChannel, MinutesStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0007_between_items')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ActionItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('meeting', fields.ForeignKeyField('models.Meeting', source_field='meeting_id', db_constraint=True, to_field='id', related_name='action_items', on_delete=OnDelete.CASCADE)),
                ('agenda_item', fields.ForeignKeyField('models.AgendaItem', source_field='agenda_item_id', null=True, db_constraint=True, to_field='id', related_name='action_items', on_delete=OnDelete.SET_NULL)),
                ('what', fields.TextField(unique=False)),
                ('responsible', fields.ForeignKeyField('models.Membership', source_field='responsible_id', null=True, db_constraint=True, to_field='id', related_name='action_items', on_delete=OnDelete.SET_NULL)),
                ('responsible_name', fields.CharField(default='', max_length=200)),
                ('deadline', fields.DateField(null=True)),
                ('status', fields.CharEnumField(default=ActionStatus.OPEN, description='OPEN: open\nDONE: done', enum_type=ActionStatus, max_length=10)),
                ('done_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revision', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'action_item', 'app': 'models', 'indexes': [Index(fields=['status', 'deadline'])], 'pk_attr': 'id', 'table_description': 'An opfølgningspunkt: what, who (a member or a free name), by when, and whether it is done. Open ones come back'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Minutes',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('meeting', fields.OneToOneField('models.Meeting', source_field='meeting_id', db_constraint=True, to_field='id', related_name='minutes', on_delete=OnDelete.CASCADE)),
                ('status', fields.CharEnumField(default=MinutesStatus.DRAFT, description='DRAFT: draft\nAPPROVED: approved\nDISTRIBUTED: distributed', enum_type=MinutesStatus, max_length=20)),
                ('referent', fields.CharField(default='', max_length=200)),
                ('version', fields.IntField(default=0)),
                ('revision', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'minutes', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MinutesDistribution',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('minutes', fields.ForeignKeyField('models.Minutes', source_field='minutes_id', db_constraint=True, to_field='id', related_name='distributions', on_delete=OnDelete.CASCADE)),
                ('version', fields.IntField()),
                ('channel', fields.CharEnumField(description='EMAIL: email\nFOR_BIBLIOTEKER: for_biblioteker', enum_type=DistributionChannel, max_length=20)),
                ('recipients', fields.IntField(default=0)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('by', fields.CharField(max_length=200)),
            ],
            options={'table': 'minutes_distribution', 'app': 'models', 'pk_attr': 'id', 'table_description': 'When and how a version was sent out: by e-mail to the active members, or posted on "For biblioteker".'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MinutesItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('minutes', fields.ForeignKeyField('models.Minutes', source_field='minutes_id', db_constraint=True, to_field='id', related_name='items', on_delete=OnDelete.CASCADE)),
                ('agenda_item', fields.ForeignKeyField('models.AgendaItem', source_field='agenda_item_id', db_constraint=True, to_field='id', related_name='minutes_items', on_delete=OnDelete.CASCADE)),
                ('notes', fields.TextField(default='', unique=False)),
                ('decisions', fields.TextField(default='', unique=False)),
                ('revision', fields.IntField(default=0)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'minutes_item', 'app': 'models', 'unique_together': (('minutes', 'agenda_item'),), 'pk_attr': 'id', 'table_description': 'Notes and decisions for one agenda item. Its own revision, so two writers on different items never clash.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MinutesVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('minutes', fields.ForeignKeyField('models.Minutes', source_field='minutes_id', db_constraint=True, to_field='id', related_name='versions', on_delete=OnDelete.CASCADE)),
                ('number', fields.IntField()),
                ('approved_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('approved_by', fields.CharField(max_length=200)),
                ('document', fields.TextField(unique=False)),
            ],
            options={'table': 'minutes_version', 'app': 'models', 'unique_together': (('minutes', 'number'),), 'pk_attr': 'id', 'table_description': 'An approved version, kept as it was: the whole document as JSON (what the PDF and the archive show).'},
            bases=['Model'],
        ),
    ]
