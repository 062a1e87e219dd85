from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_minutes')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='AuditEntry',
            index=Index(fields=['network_id', 'subject', 'action', 'at']),
        ),
    ]
