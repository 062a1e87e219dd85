from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_meeting_board')]

    initial = False

    operations = [
        ops.AddField(
            model_name='MeetingControl',
            name='between_items',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
